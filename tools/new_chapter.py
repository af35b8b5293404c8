"""Scaffold a finding chapter for a new headline, and check a chapter against the contract.

Usage (``make new-chapter SLUG=... SOURCE=...`` runs the first form)::

    python tools/new_chapter.py my-headline path/to/article.txt [--title "..."]
    python tools/new_chapter.py --check 16-my-headline        # the chapter-contract checks

Scaffolding a chapter for ``SOURCE`` (the article as plain text) writes:

* ``chapters/NN-<slug>/<slug>.ipynb`` from the template below, which follows the chapter
  contract of the book's design: bottom line (first screen), the claim with learning
  objectives, source card, every number, back to the paper, effect size, power (a)-(d),
  limitations, exercises with gated solutions, summary, cite this chapter and references.
  ``NN`` is the next free chapter number unless ``SLUG`` starts with one. The prose shows
  numbers with ``{eval}`ch.text("name", ".2f")``` roles, which JupyterLab and the book
  both fill in from ``ch.glue``;
* stub rows in ``data/``, valid under ``data/datapackage.json`` so that every notebook
  still runs: the article in ``sources.csv`` (its id is the next short id and the first
  sixteen hex digits of the text's SHA-256), **one row per numeral of the article** in
  ``reported_numbers.csv`` (value, the numeral as written and the sentence that contains
  it, verbatim), the chapter's finding in ``findings.csv`` (with the bottom-line columns)
  and three assumptions in ``assumptions.csv`` that the template's analysis reads;
* the chapter in ``_toc.yml``, at the end of the "Findings" part;
* a copy of the article as ``<source_id>.txt`` in the source texts folder
  (``$EXNEURO_SOURCES`` or ``../shared/sources``) if that folder exists, so the provenance
  tests check the quotes; it is never copied into the repository.

Everything a person must decide is marked ``TO FILL`` (text fields) or listed in the
printed summary (choices from a fixed list: the verdict, the kind of source, each
number's role). :func:`contract_problems` (``--check``) reports every part of the contract
a chapter lacks, every ``TO FILL`` left in its notebook or its rows of ``data/``, every
hand-typed numeral in its prose (``tests/notebooks/numerals.py``) and every verdict that
breaks the book's rules. The guide page "Re-analyse your own headline"
(``chapters/09-teaching/own-headline.md``) walks a class through it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TODO = "TO FILL"
NUMERAL = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?%)?")

#: The contract's sections (level-2 headings, in this order) and the power subsections.
SECTIONS = ("The claim", "Source card", "Every number", "Back to the paper", "Effect size", "Power",
            "Limitations", "Exercises", "Summary and what's next", "Cite this chapter")
POWER_PARTS = ("(a)", "(b)", "(c)", "(d)")


# --------------------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------------------
def template_cells(*, slug: str, stem: str, short_id: str, title: str) -> list[tuple[Any, ...]]:
    """(cell type, source[, tags]) of a new finding chapter, following the chapter contract."""
    a = stem.replace("-", "_")  # prefix of the chapter's assumptions
    x = stem  # prefix of its exercise labels
    return [
        ("markdown", f"# {TODO}: a title for this chapter (the article: \u201c{title}\u201d)"),
        ("code", "import numpy as np\nimport pandas as pd\nfrom IPython.display import Markdown, display\n\n"
                 "from exneuro import chapter, data, design, effect_size, power, quality, reexpress\n\n"
                 f'SOURCE = "{short_id}"   # the article\'s short id in data/sources.csv\n'
                 f'ch = chapter.setup("{slug}")\n'
                 "display(Markdown(ch.first_screen()))   # bottom line, time, how to run it",
         ["remove-input"]),
        ("markdown", "**Prerequisites:** effect sizes, power and design analysis, as in "
                     "{doc}`/chapters/01-methods/methods`.\n\n"
                     "After this chapter, readers can\n\n"
                     f"- {TODO}: a learning objective;\n- {TODO}: a learning objective;\n"
                     f"- {TODO}: a learning objective.\n\n"
                     "## The claim\n\n"
                     f"{TODO}: what the article says, in one paragraph of your own words."),
        ("markdown", "## Source card\n\n"
                     "The card is built from the article's row of `data/sources.csv`; its last row is "
                     "the book's transparency score, defined once in `exneuro.quality`."),
        ("code", 'quality.source_card(SOURCE).set_index("item")'),
        ("markdown", "## Every number the article states\n\n"
                     "Every numeral of the article, with the shortest verbatim quote that contains it, "
                     "from `data/reported_numbers.csv`; each row says what the number is about and "
                     "whether it is a finding, a detail of the method or context."),
        ("code", 'numbers = data.load_reported_numbers(SOURCE).set_index("number_id")\n'
                 'ch.glue("n_numbers", len(numbers))\n'
                 'ch.glue("n_findings", int((numbers["role"] == "finding").sum()))\n'
                 'numbers[["role", "about", "value_text", "unit", "quote"]]'),
        ("markdown", 'The article states {eval}`ch.text("n_numbers")` numbers, '
                     '{eval}`ch.text("n_findings")` of them findings. '
                     f"{TODO}: re-express the main finding (`reexpress.reexpress_percent_change` turns a "
                     "percent change into a ratio, a fold change and logarithms) and say what it "
                     "leaves out."),
        ("markdown", "## Back to the paper\n\n"
                     f"{TODO}: the study behind the article (design, species, sex, group sizes, "
                     "duration, measure) and every mismatch between it and the article. Where no "
                     "primary study can be identified, say so, and say what a study would have to "
                     "report to support the claim."),
        ("markdown", "## Effect size\n\n"
                     "The standardized effect and the group size below are assumptions until they are "
                     "read from the paper: each has its value, plausible range and reason in "
                     "`data/assumptions.csv`."),
        ("code", "# Try it: the assumptions a reader may change (data/assumptions.csv has their\n"
                 "# plausible ranges). A larger d or n narrows the interval and raises the power.\n"
                 f'd = ch.assumption("{a}_d")\n'
                 f'n = int(ch.assumption("{a}_n_per_group"))\n'
                 "low, high = effect_size.d_confidence_interval(d, n, n)\n"
                 'ch.glue("d", d)\nch.glue("n", n)\n'
                 'ch.glue("d_low", float(low))\nch.glue("d_high", float(high))'),
        ("markdown", 'With {eval}`ch.text("n")` per group, a standardized effect of '
                     'd = {eval}`ch.text("d", ".2f")` has a 95 % confidence interval from '
                     '{eval}`ch.text("d_low", ".2f")` to {eval}`ch.text("d_high", ".2f")`. Across the '
                     "plausible range of the assumed effect:"),
        ("code", f'ds = np.linspace(*ch.assumption_range("{a}_d"), 5)\n'
                 "lows, highs = effect_size.d_confidence_interval(ds, n, n)\n"
                 'pd.DataFrame({"assumed d": ds, "95 % CI low": lows, "95 % CI high": highs}).round(2)'),
        ("markdown", "## Power\n\n"
                     "### (a) Sensitivity: the smallest effect the study could detect"),
        ("code", "mde = power.mde_ttest_ind(n, power=ch.target_power, alpha=ch.alpha)\n"
                 'ch.glue("mde", mde)\nch.glue("target_power", 100 * ch.target_power)'),
        ("markdown", 'With {eval}`ch.text("n")` per group, the study had '
                     '{eval}`ch.text("target_power", ".0f")` % power only for standardized effects of '
                     '{eval}`ch.text("mde", ".2f")` or larger.\n\n'
                     "### (b) A-priori sample size for a replication"),
        ("code", "n_replication = power.n_per_group_ttest_ind(d, power=ch.target_power, alpha=ch.alpha)\n"
                 'ch.glue("n_replication", n_replication)'),
        ("markdown", 'A replication powered to detect d = {eval}`ch.text("d", ".2f")` needs '
                     '{eval}`ch.text("n_replication")` per group.\n\n'
                     "### (c) Design analysis: if the true effect were smaller"),
        ("code", f'd_small = ch.assumption_range("{a}_d")[0]\n'
                 "result = design.design_analysis_ttest(d_small, n, n, alpha=ch.alpha)\n"
                 'ch.glue("d_small", d_small)\n'
                 'ch.glue("da_power", 100 * result.power)\n'
                 'ch.glue("da_exaggeration", result.exaggeration)'),
        ("markdown", 'If the true effect were d = {eval}`ch.text("d_small", ".2f")`, the low end of its '
                     'plausible range, a study of this size would have about '
                     '{eval}`ch.text("da_power", ".0f")` % power, and its significant results would '
                     'overstate the effect about {eval}`ch.text("da_exaggeration", ".1f")`-fold on '
                     "average {cite:p}`gelman2014`.\n\n"
                     "### (d) The trial people would need"),
        ("code", f'd_human = ch.assumption("{a}_d_human")\n'
                 "n_human = power.n_per_group_ttest_ind(d_human, power=ch.target_power, alpha=ch.alpha)\n"
                 'ch.glue("d_human", d_human)\nch.glue("n_human", n_human)'),
        ("markdown", 'A trial in people, if the effect there were d = {eval}`ch.text("d_human", ".2f")`, '
                     'would need {eval}`ch.text("n_human")` participants per group.'),
        ("markdown", "## Limitations\n\n"
                     f"{TODO}: how far the finding travels, with numbers: from animal to human (age, "
                     "duration, dose, measure), the model's validity, sex and strain, and publication "
                     "and reporting issues {cite:p}`button2013`."),
        ("markdown", "## Exercises\n\n"
                     f":::{{exercise}}\n:label: {x}-ex-power\n\n"
                     "How many per group would a replication need to detect an effect at the low end "
                     "of the assumed effect's plausible range, with the book's target power?\n:::\n\n"
                     f"```{{solution-start}} {x}-ex-power\n:class: dropdown\n```"),
        ("code", "power.n_per_group_ttest_ind(d_small, power=ch.target_power, alpha=ch.alpha)"),
        ("markdown", "```{solution-end}\n```\n\n"
                     f":::{{exercise}}\n:label: {x}-ex-headline\n\n"
                     "Write the headline and first sentence the article should have used, using only "
                     "what the study supports.\n:::\n\n"
                     f"```{{solution-start}} {x}-ex-headline\n:class: dropdown\n```\n\n"
                     f"{TODO}: one honest headline and first sentence.\n\n"
                     "```{solution-end}\n```"),
        ("markdown", "## Summary and what's next\n\n"
                     f"- {TODO}: the verdict and why.\n- {TODO}: what the study can and cannot show.\n"
                     f"- {TODO}: what is known in people.\n\n"
                     "Next: {doc}`/chapters/07-mouse-to-human/mouse-to-human` for how far animal findings "
                     "travel, and {doc}`/chapters/08-evidence-at-a-glance/evidence-at-a-glance` to see "
                     "this finding beside the others."),
        ("markdown", "## Cite this chapter"),
        ("code", "display(Markdown(ch.cite_box()))"),
        ("markdown", "### This chapter's references"),
        ("code", "display(Markdown(ch.references()))"),
    ]


def template_notebook(**fields: str) -> dict[str, Any]:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    for index, (kind, source, *tags) in enumerate(template_cells(**fields)):
        cell = (nbformat.v4.new_markdown_cell(source) if kind == "markdown"
                else nbformat.v4.new_code_cell(source))
        if tags:
            cell.metadata["tags"] = list(tags[0])
        cell.id = f"{fields['stem'][:40]}-{index:02d}"
        nb.cells.append(cell)
    return nb


# --------------------------------------------------------------------------------------
# Data rows
# --------------------------------------------------------------------------------------
def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, rows: list[dict[str, Any]]) -> None:
    header, _ = _read(path)
    text = path.read_text(encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in header})
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


def normalise(text: str) -> str:
    """Fold whitespace, quotes and dashes as the provenance tests do."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    for fancy, plain in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-",
                         "\u2013": "-"}.items():
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).strip()


SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)|\n\s*\n")


def numerals(text: str) -> list[tuple[str, float, str]]:
    """Each numeral of ``text``: (as written, value, the sentence around it).

    The sentence is verbatim up to whitespace (line breaks inside it become spaces, as the
    provenance tests fold them); a long one is cut to the words around the numeral.
    """
    starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
    found = []
    for match in NUMERAL.finditer(text):
        token = match.group(0)
        number = token.rstrip("% ").strip()
        value = (float(number.replace(",", ""))
                 if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", number)
                 else float(number.replace(",", ".")))
        start = max(b for b in starts if b <= match.start())
        end = min([b for b in starts if b > match.start()] + [len(text)])
        if end - start > 240:  # keep the quote short: the words around the numeral
            start, end = max(start, match.start() - 100), min(end, match.end() + 100)
        found.append((token, value, re.sub(r"\s+", " ", text[start:end]).strip()))
    return found


def stub_rows(*, text: str, slug: str, stem: str, short_id: str, source_id: str,
              title: str) -> dict[str, list[dict[str, Any]]]:
    """The rows a new chapter adds to each table of ``data/``."""
    a = stem.replace("-", "_")
    source = {
        "source_id": source_id, "short_id": short_id, "title": title,
        "outlet": f"{TODO}: the outlet", "author": "", "date": "",
        "date_basis": f"{TODO}: where the date comes from",
        "url": "", "kind": "news", "primary_study": "", "chapter": f"chapters/{slug}/{stem}",
        **{flag: "false" for flag in ("author_named", "date_given", "names_primary_study", "names_journal",
                                      "states_species", "states_sample_size", "states_duration",
                                      "states_measure", "states_uncertainty", "quotes_researchers",
                                      "has_references", "free_of_advertising")},
    }
    flat = normalise(text)
    numbers = []
    for index, (token, value, sentence) in enumerate(numerals(text)[:99], start=1):
        year = re.fullmatch(r"(19|20)\d{2}", token) is not None
        numbers.append({
            "number_id": f"{short_id}-{index:02d}", "source_id": source_id, "section": "article",
            "role": "date" if year else "context", "about": "none",
            "claim": f"{TODO}: what this number is", "value": f"{value:g}", "value_high": "",
            "value_text": token, "unit": "year" if year else f"{TODO}: unit", "quote": sentence,
            "occurrences": max(1, flat.count(normalise(sentence))),
        })
    finding = {
        "finding_id": f"{short_id}a", "source_id": source_id, "chapter": slug,
        "finding": f"{TODO}: the claim, in one sentence", "species": "none", "design": f"{TODO}: design",
        "n_text": f"{TODO}: sample size as reported", "bib_key": "", "effect_id": "",
        "human_evidence": f"{TODO}: what is known in people", "verdict": "not supported",
        "evidence_kind": "none", "evidence_ids": "TO-FILL", "evidence_against": "",
        "article_said": f"{TODO}: what the article said.", "study_was": f"{TODO}: what the study was.",
        "in_people": f"{TODO}: what is known in people.", "for_you": f"{TODO}: what this means for you.",
        "would_change": f"{TODO}: what would change the verdict.",
    }
    assumptions = [
        {"assumption_id": f"{a}_d", "chapter": slug, "name": "standardized effect of the study (Cohen's d)",
         "value": 0.5, "low": 0.2, "high": 0.8, "unit": "SD units",
         "reason": f"{TODO}: where the value comes from (a table or figure of the paper) and why the range"},
        {"assumption_id": f"{a}_n_per_group", "chapter": slug,
         "name": "experimental units per group in the study",
         "value": 10, "low": 5, "high": 20, "unit": "units per group",
         "reason": f"{TODO}: the group sizes the paper reports"},
        {"assumption_id": f"{a}_d_human", "chapter": slug, "name": "plausible standardized effect in people",
         "value": 0.2, "low": 0.1, "high": 0.3, "unit": "SD units",
         "reason": f"{TODO}: the human evidence (a trial or meta-analysis) behind this value"},
    ]
    return {"sources": [source], "reported_numbers": numbers, "findings": [finding],
            "assumptions": assumptions}


# --------------------------------------------------------------------------------------
# Scaffolding
# --------------------------------------------------------------------------------------
def chapter_numbers(root: Path) -> list[int]:
    return [int(p.name[:2]) for p in (root / "chapters").iterdir()
            if p.is_dir() and re.match(r"\d\d-", p.name)]


def register_in_toc(root: Path, entry: str, part: str = "Findings") -> None:
    """Add ``- file: entry`` at the end of the chapters of ``part`` in ``_toc.yml``, keeping comments."""
    path = root / "_toc.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    caption = re.compile(rf"\s*-\s*caption:\s*{re.escape(part)}\s*$")
    start = next((i for i, line in enumerate(lines) if caption.match(line)), None)
    if start is None:
        raise ValueError(f"_toc.yml has no part captioned {part!r}")
    last = None
    for i in range(start + 1, len(lines)):
        if re.match(r"\s*-\s*caption:", lines[i]):
            break
        if re.match(r"\s*-\s*file:", lines[i]):
            last = i
    if last is None:
        raise ValueError(f"the part {part!r} of _toc.yml lists no chapter")
    indent = re.match(r"(\s*)", lines[last]).group(1)
    lines.insert(last + 1, f"{indent}- file: {entry}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sources_folder(root: Path) -> Path:
    return Path(os.environ.get("EXNEURO_SOURCES") or root.parent / "shared" / "sources")


def scaffold(slug: str, source: Path, *, root: Path = ROOT, title: str | None = None) -> dict[str, Any]:
    """Scaffold a finding chapter for the article in ``source``; return what was written."""
    if not re.fullmatch(r"(\d\d-)?[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ValueError(
            f"SLUG must be lowercase words joined by hyphens (e.g. caffeine-memory), got {slug!r}")
    text = Path(source).read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError(f"SOURCE {source} is empty")
    if not re.match(r"\d\d-", slug):
        slug = f"{max(chapter_numbers(root)) + 1:02d}-{slug}"
    stem = slug[3:]
    folder = root / "chapters" / slug
    if folder.exists() or any(p.name[3:] == stem for p in (root / "chapters").iterdir() if p.is_dir()):
        raise ValueError(f"a chapter named {stem!r} exists already")
    _, sources = _read(root / "data" / "sources.csv")
    short_id = f"{max(int(r['short_id']) for r in sources) + 1:03d}"
    source_id = f"{short_id}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"
    title = title or next(line.strip() for line in text.splitlines() if line.strip())[:200]
    rows = stub_rows(text=text, slug=slug, stem=stem, short_id=short_id, source_id=source_id, title=title)
    for table, new in rows.items():
        _append(root / "data" / f"{table}.csv", new)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from takeaway import write_notebook

    notebook = folder / f"{stem}.ipynb"
    write_notebook(template_notebook(slug=slug, stem=stem, short_id=short_id, title=title), notebook)
    register_in_toc(root, f"chapters/{slug}/{stem}")
    copied = None
    if sources_folder(root).is_dir():
        copied = sources_folder(root) / f"{source_id}.txt"
        shutil.copyfile(source, copied)
    return {"slug": slug, "notebook": notebook, "source_id": source_id, "short_id": short_id,
            "rows": {k: len(v) for k, v in rows.items()}, "source_copy": copied}


# --------------------------------------------------------------------------------------
# The chapter contract
# --------------------------------------------------------------------------------------
def _cells(notebook: Path) -> list[dict[str, Any]]:
    return [{**c, "source": "".join(c["source"]) if isinstance(c["source"], list) else c["source"]}
            for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]


def contract_problems(slug: str, root: Path = ROOT) -> list[str]:
    """Every way the chapter ``slug`` falls short of the chapter contract (empty: none)."""
    folder = root / "chapters" / slug
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return [f"chapters/{slug} holds no notebook"]
    notebook = notebooks[0]
    cells = _cells(notebook)
    markdown = [c["source"] for c in cells if c["cell_type"] == "markdown"]
    code = [c["source"] for c in cells if c["cell_type"] == "code"]
    problems = []
    if not markdown or not markdown[0].startswith("# "):
        problems.append("the first cell is not the chapter's title")
    first_code = code[0] if code else ""
    if f'chapter.setup("{slug}")' not in first_code or "first_screen()" not in first_code:
        problems.append("the first code cell must call chapter.setup(slug) and show ch.first_screen() "
                        "(the bottom line)")
    headings = [h.strip() for text in markdown for h in re.findall(r"^## (.+)$", text, re.M)]
    positions = []
    for section in SECTIONS:
        found = [i for i, h in enumerate(headings) if h.lower().startswith(section.lower())]
        if not found:
            problems.append(f"no section '## {section}'")
        else:
            positions.append(found[0])
    if positions != sorted(positions):
        problems.append(f"the sections are not in the contract's order: {', '.join(SECTIONS)}")
    prose = "\n".join(markdown)
    for part in POWER_PARTS:
        if not re.search(rf"^### {re.escape(part)} ", prose, re.M):
            problems.append(f"the power section lacks its part {part}")
    opening = prose.split("## Source card", 1)[0]
    listed = re.search(r"After this chapter[^\n]*\n\n((?:- [^\n]*\n?)+)", opening)
    objectives = re.findall(r"^- ", listed.group(1), re.M) if listed else []
    if not 3 <= len(objectives) <= 5:
        problems.append("the opening should list 3-5 learning objectives under 'After this chapter', "
                        f"found {len(objectives)}")
    exercises = re.findall(r"^:::\{exercise\}", prose, re.M)
    starts = re.findall(r"^```\{solution-start\}", prose, re.M)
    if not 2 <= len(exercises) <= 4:
        problems.append(f"there should be 2-4 exercises, found {len(exercises)}")
    if len(starts) != len(exercises):
        problems.append("every exercise needs a gated solution (solution-start ... solution-end)")
    if not any("cite_box()" in c for c in code) or not any("references()" in c for c in code):
        problems.append("the chapter must show ch.cite_box() and ch.references()")
    if TODO in json.dumps([c["source"] for c in cells]):
        problems.append(f"the notebook still says {TODO}")
    sys.path.insert(0, str(root / "tests" / "notebooks"))
    import numerals as numeral_check

    for numeral in numeral_check.hand_typed_numerals(markdown):
        problems.append(f"a hand-typed numeral in the prose: {numeral}")
    problems.extend(_data_problems(slug, notebook, root))
    return problems


def _data_problems(slug: str, notebook: Path, root: Path) -> list[str]:
    import pandas as pd
    from pybtex.database import parse_file

    from exneuro import data, verdicts

    folder = root / "data"
    chapter_path = notebook.relative_to(root).with_suffix("").as_posix()
    tables = {name: data.load_table(name, folder=folder) for name in
              ("sources", "reported_numbers", "findings", "assumptions", "verdicts",
               *verdicts.EVIDENCE_TABLES)}
    sources = tables["sources"][tables["sources"]["chapter"] == chapter_path]
    problems = []
    if sources.empty:
        return [f"data/sources.csv has no row for {chapter_path}"]
    mine = {
        "sources": sources,
        "reported_numbers": tables["reported_numbers"][
            tables["reported_numbers"]["source_id"].isin(sources["source_id"])],
        "findings": tables["findings"][tables["findings"]["chapter"] == slug],
        "assumptions": tables["assumptions"][tables["assumptions"]["chapter"] == slug],
    }
    if mine["findings"].empty:
        problems.append(f"data/findings.csv has no row for {slug}")
    for name, frame in mine.items():
        for _, row in frame.iterrows():
            for column, value in row.items():
                if isinstance(value, str) and (TODO in value or value == "TO-FILL"):
                    problems.append(f"data/{name}.csv, {row.iloc[0]}: {column} still says {TODO}")
    if not mine["findings"].empty:
        try:
            verdicts.bottom_lines(slug, tables["findings"], tables["verdicts"])
        except ValueError as error:
            problems.append(str(error))
        bib = set(parse_file(str(root / "references.bib"), "bibtex").entries)
        problems.extend(verdicts.verdict_problems(
            mine["findings"], id_column="finding_id", scale=tables["verdicts"],
            tables={k: tables[k] for k in verdicts.EVIDENCE_TABLES}, bib_keys=bib))
    del pd
    return problems


# --------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slug", help="the new chapter's name (e.g. caffeine-memory), "
                                     "or with --check a chapter folder")
    parser.add_argument("source", nargs="?", type=Path, help="the article, as a plain-text file")
    parser.add_argument("--title", help="the article's title (default: the first line of SOURCE)")
    parser.add_argument("--check", action="store_true",
                        help="run the chapter-contract checks on chapters/SLUG")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        problems = contract_problems(args.slug, args.root)
        print("\n".join(f"- {p}" for p in problems) or f"chapters/{args.slug} meets the chapter contract")
        return 1 if problems else 0
    if args.source is None:
        parser.error("SOURCE (the article as plain text) is needed to scaffold a chapter")
    done = scaffold(args.slug, args.source, root=args.root, title=args.title)
    slug = done["slug"]
    print(f"""Scaffolded chapters/{slug}/ ({done['notebook'].name}) and registered it in _toc.yml.
Stub rows in data/: {', '.join(f'{n} in {t}.csv' for t, n in done['rows'].items())}.
Source id {done['source_id']} (short id {done['short_id']}).""")
    print(f"Copied the article to {done['source_copy']} for the provenance tests." if done["source_copy"] else
          f"Keep the article as {done['source_id']}.txt in $EXNEURO_SOURCES for the provenance tests "
          "(never commit it: it is someone else's text).")
    print(f"""Next: replace every {TODO} in the notebook and in the chapter's rows of data/; check the
choices made for you (sources.csv: kind and the yes/no transparency columns; reported_numbers.csv:
section, role and about; findings.csv: verdict, evidence_kind and evidence_ids); then run
  python tools/new_chapter.py --check {slug}
  .venv/bin/python tools/notebooks.py execute chapters/{slug}/{done['notebook'].name}
  make html""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
