"""Every number traces to its quote, every quote to its source, every key to the bibliography."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from pybtex.database import parse_file

from exneuro import claims as claims_module
from exneuro import data

WORD_NUMBERS = {"two": 2, "tens of millions": 10_000_000, "millions": 1_000_000}


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and whitespace so copies from a page compare equal."""
    text = unicodedata.normalize("NFKC", text)
    for fancy, plain in {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}.items():
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).strip()


def numbers_in(text: str) -> set[float]:
    """Numerals in a text, with '70%', '70 percent' and '1,000' read as numbers."""
    found = {float(m.replace(",", "")) for m in re.findall(r"\d+(?:[.,]\d+)*", text)}
    lowered = text.lower()
    for word, value in WORD_NUMBERS.items():
        if re.search(rf"\b{word}\b", lowered):
            found.add(float(value))
    return found


@pytest.fixture(scope="module")
def numbers() -> pd.DataFrame:
    return data.load_reported_numbers()


@pytest.fixture(scope="module")
def texts(sources_dir) -> dict[str, str]:
    return {
        sid: (sources_dir / f"{sid}.txt").read_text(encoding="utf-8")
        for sid in data.load_sources()["source_id"]
    }


def test_numbers_word_forms():
    assert numbers_in("70 percent") == {70.0}
    assert numbers_in("by 70% compared") == {70.0}
    assert 2.0 in numbers_in("impacts two genes")
    assert numbers_in("4.6 out of 5") == {4.6, 5.0}


def test_every_value_occurs_in_its_quote(numbers):
    for row in numbers.itertuples():
        found = numbers_in(row.quote)
        assert row.value in found, f"{row.number_id}: {row.value} not in quote {row.quote!r}"
        if not pd.isna(row.value_high) and row.value_text not in WORD_NUMBERS:
            # A page range such as "419-26" abbreviates its upper end.
            tail = str(int(row.value_high))
            assert any(tail.endswith(str(int(n))) for n in found), (
                f"{row.number_id}: upper value {row.value_high} not in quote {row.quote!r}"
            )
        assert normalise(row.value_text).lower() in normalise(row.quote).lower() or \
            row.value_text.split()[0] in row.quote, f"{row.number_id}: value_text not in quote"


def test_every_quote_occurs_in_its_source(numbers, texts):
    for row in numbers.itertuples():
        text = normalise(texts[row.source_id])
        count = text.count(normalise(row.quote))
        assert count == row.occurrences, (
            f"{row.number_id}: quote found {count} times in {row.source_id}.txt, "
            f"table says {row.occurrences}: {row.quote!r}"
        )


def test_allowlist_snippets_occur_as_often_as_stated(texts):
    allow = data.load_table("number_allowlist")
    for row in allow.itertuples():
        count = texts[row.source_id].count(row.snippet)
        assert count == row.occurrences, f"allow-list snippet {row.snippet!r}: {count} != {row.occurrences}"


def _covered_spans(text: str, snippets: list[str]) -> list[tuple[int, int]]:
    spans = []
    for snippet in snippets:
        start = text.find(snippet)
        while start != -1:
            spans.append((start, start + len(snippet)))
            start = text.find(snippet, start + 1)
    return spans


def test_no_numeral_in_a_source_is_left_out(numbers, texts):
    """Completeness: each numeral in a source lies inside a listed quote or an allow-listed snippet."""
    allow = data.load_table("number_allowlist")
    for sid, text in texts.items():
        snippets = list(numbers.loc[numbers["source_id"] == sid, "quote"])
        snippets += list(allow.loc[allow["source_id"] == sid, "snippet"])
        spans = _covered_spans(text, snippets)
        missing = []
        for match in re.finditer(r"\d+(?:[.,]\d+)*", text):
            if not any(lo <= match.start() and match.end() <= hi for lo, hi in spans):
                missing.append(text[max(0, match.start() - 30): match.end() + 20])
        assert not missing, f"{sid}: numerals not in reported_numbers.csv or the allow-list: {missing}"


def test_no_reported_number_is_missing_from_its_source(numbers, texts):
    for row in numbers.itertuples():
        assert row.value in numbers_in(texts[row.source_id]), f"{row.number_id} not in {row.source_id}"


# --- bibliography -------------------------------------------------------------------------

CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
# Keys a notebook's code names: a hand-typed reference list or a ch.cite([...]) call.
REFERENCE_LIST = re.compile(r"(?:reference_list|\.cite)\(\s*\[([^\]]*)\]")


def _keys_in_notebooks(root: Path) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    paths = list((root / "chapters").rglob("*.ipynb")) + list((root / "chapters").rglob("*.md"))
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells)
        else:
            text = path.read_text(encoding="utf-8")
        keys = set()
        for group in CITE_ROLE.findall(text):
            keys.update(k.strip() for k in group.split(","))
        for group in REFERENCE_LIST.findall(text):
            keys.update(re.findall(r"[\"']([^\"']+)[\"']", group))
        used[str(path.relative_to(root))] = keys
    return used


def _keys_in_data() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for table, column in [("sources", "primary_study"), ("primary_studies", "bib_key"),
                          ("study_results", "bib_key"), ("literature_effects", "bib_key"),
                          ("translation_constants", "bib_key"), ("findings", "bib_key"),
                          ("candidate_studies", "bib_key")]:
        used[f"data/{table}.csv"] = set(data.load_table(table)[column].dropna())
    used["data/claims.csv"] = set(claims_module.bib_keys(data.load_table("claims")))
    return used


@pytest.fixture(scope="module")
def bib(root):
    return parse_file(str(root / "references.bib"), "bibtex")


def test_every_cited_key_resolves(root, bib):
    places = {**_keys_in_data(), **_keys_in_notebooks(root)}
    for place, keys in places.items():
        missing = sorted(keys - set(bib.entries))
        assert not missing, f"{place} cites keys missing from references.bib: {missing}"


def test_every_bib_entry_is_used(root, bib):
    used = set().union(*_keys_in_data().values(), *_keys_in_notebooks(root).values())
    unused = sorted(set(bib.entries) - used)
    assert not unused, f"references.bib entries cited nowhere: {unused}"


def test_papers_carry_a_doi(bib):
    lacking = [key for key, entry in bib.entries.items()
               if entry.type == "article" and "doi" not in entry.fields]
    assert not lacking, f"journal articles without a DOI: {lacking}"


def test_primary_study_dois_match_the_bibliography(bib):
    studies = data.load_primary_studies()
    for row in studies.itertuples():
        assert bib.entries[row.bib_key].fields.get("doi", "").lower() == row.doi.lower(), row.bib_key


def test_derived_effects_match_their_quoted_summaries():
    """A d stored as 'derived' must equal Cohen's d recomputed from the means and SDs it quotes."""
    from exneuro import effect_size, quotes

    effects = data.load_literature_effects()
    derived = effects[(effects["evidence_status"] == "derived") & (effects["metric"] == "d")]
    for row in derived.itertuples():
        pairs = quotes.mean_sd_pairs(row.quote)
        assert len(pairs) == 2, f"{row.effect_id}: a derived d must quote the two arms' means and SDs"
        (m1, s1), (m2, s2) = pairs
        n = int(row.n_participants) // 2
        d = effect_size.cohens_d(m1, s1, n, m2, s2, n)
        assert row.estimate == pytest.approx(d, abs=5e-6), row.effect_id
        low, high = effect_size.d_confidence_interval(d, n, n)
        assert (row.ci_low, row.ci_high) == pytest.approx((low, high), abs=5e-6), row.effect_id


def test_derived_mean_differences_match_their_quoted_arms():
    """A mean difference stored as 'derived' is the difference of the two means it quotes."""
    from exneuro import quotes

    effects = data.load_literature_effects()
    derived = effects[(effects["evidence_status"] == "derived") & (effects["metric"] == "MD")]
    assert len(derived) > 0
    for row in derived.itertuples():
        pairs = quotes.mean_sd_pairs(row.quote)
        assert len(pairs) == 2, f"{row.effect_id}: a derived difference must quote both arms"
        (m1, _), (m2, _) = pairs
        assert row.estimate == pytest.approx(m1 - m2, abs=1e-9), row.effect_id
