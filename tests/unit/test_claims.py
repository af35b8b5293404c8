"""Tests for exneuro.claims: the table of checkable claims and their verdicts."""

from __future__ import annotations

import pandas as pd
import pytest

from exneuro import book, data
from exneuro.claims import bib_keys, cite_keys, claims_markdown, verdict_counts

# --- claim tables ---------------------------------------------------------------------


def _claims(**overrides) -> pd.DataFrame:
    row = {
        "claim_id": "xx-01",
        "source_id": "001_b803b9ca9dc4dcc8",
        "claim": "Muscle | brain",
        "quantity": "a\nquantity",
        "best_evidence": "a paper",
        "verdict": "overstated",
        "bib_keys": "matthews2009; rasmussen2009",
    }
    row.update(overrides)
    return pd.DataFrame([row])


class TestCiteKeys:
    def test_single_and_several_keys(self):
        assert cite_keys("gelman2014") == "{cite:p}`gelman2014`"
        assert cite_keys(" a2001 ;b2002; ", role="cite:t") == "{cite:t}`a2001,b2002`"

    @pytest.mark.parametrize("keys, message", [("", "at least one"), (" ; ", "at least one"),
                                               ("a b2001", "spaces"), ("a`b", "backticks"),
                                               ("a,b", "commas")])
    def test_bad_keys(self, keys, message):
        with pytest.raises(ValueError, match=message):
            cite_keys(keys)

    def test_bad_types_and_role(self):
        with pytest.raises(TypeError, match="keys must be a str"):
            cite_keys(["a"])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="role must be a str"):
            cite_keys("a", role=1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="role must be 'cite:p' or 'cite:t'"):
            cite_keys("a", role="cite")


class TestClaimsMarkdown:
    def test_table_shape_escaping_and_citations(self):
        text = claims_markdown(_claims())
        lines = text.splitlines()
        assert lines[0] == ("| id | what the source claims | quantity that would test it | "
                            "best evidence found | verdict | sources |")
        assert lines[1] == "|---|---|---|---|---|---|"
        assert len(lines) == 3
        assert "Muscle \\| brain" in lines[2]          # pipe escaped
        assert "a quantity" in lines[2]                # line break folded
        assert "**overstated**" in lines[2]
        assert lines[2].endswith("{cite:p}`matthews2009,rasmussen2009` |")

    def test_custom_columns_without_citations(self):
        text = claims_markdown(_claims(best_evidence=float("nan")),
                               columns=[("verdict", "V"), ("best_evidence", "E")],
                               cite_column=None)
        # the book's one renderer: a missing value shows as an em dash
        assert text.splitlines() == ["| V | E |", "|---|---|", "| **overstated** | — |"]

    def test_compact_layout(self):
        text = claims_markdown(_claims(), layout="compact")
        lines = text.splitlines()
        assert lines[0] == "| claim | quantity that would test it | verdict and best evidence |"
        assert lines[1] == "|---|---|---|"
        assert lines[2] == ("| **xx-01** Muscle \\| brain | a quantity | **overstated**. a paper "
                            "{cite:p}`matthews2009,rasmussen2009` |")
        plain = claims_markdown(_claims(), layout="compact", cite_column=None)
        assert plain.splitlines()[2].endswith("**overstated**. a paper |")

    def test_compact_layout_bad_input(self):
        with pytest.raises(ValueError, match="lacks the column"):
            claims_markdown(_claims().drop(columns="claim_id"), layout="compact")
        with pytest.raises(ValueError, match="verdict must be one of"):
            claims_markdown(_claims(verdict="true"), layout="compact")
        with pytest.raises(ValueError, match="layout must be one of .wide., .compact."):
            claims_markdown(_claims(), layout="long")

    def test_bad_input(self):
        with pytest.raises(TypeError, match="claims must be a pandas DataFrame"):
            claims_markdown([{"verdict": "supported"}])  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="at least one row"):
            claims_markdown(_claims().iloc[0:0])
        with pytest.raises(ValueError, match="columns names column.s. that claims lacks"):
            claims_markdown(_claims().drop(columns="quantity"))
        with pytest.raises(ValueError, match="verdict must be one of"):
            claims_markdown(_claims(verdict="true"))


class TestVerdictCounts:
    def test_counts_in_fixed_order_with_zeros(self):
        frame = pd.concat([_claims(verdict="overstated"), _claims(verdict="contradicted"),
                           _claims(verdict="overstated")])
        counts = verdict_counts(frame)
        assert list(counts.index) == list(data.load_verdicts()["verdict"])
        assert counts["overstated"] == 2 and counts["contradicted"] == 1
        assert counts["supported"] == 0 and int(counts.sum()) == 3

    def test_bad_input(self):
        with pytest.raises(TypeError, match="claims must be a pandas DataFrame"):
            verdict_counts("contested")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="lacks the column"):
            verdict_counts(pd.DataFrame({"x": [1]}))
        with pytest.raises(ValueError, match="verdict must be one of"):
            verdict_counts(_claims(verdict="maybe"))


def test_book_claims_render():
    table = data.load_claims()
    if table.empty:
        pytest.skip("no claims in data/claims.csv yet")
    text = claims_markdown(table)
    assert text.count("\n") == len(table) + 1
    assert int(verdict_counts(table).sum()) == len(table)


def test_claims_markdown_is_the_book_renderer_on_display_cells():
    claims = pd.concat([_claims(), _claims(claim_id="xx-02", verdict="supported")])
    shown = pd.DataFrame({"V": ["**overstated**", "**supported**"], "E": ["a paper"] * 2})
    assert (claims_markdown(claims, columns=[("verdict", "V"), ("best_evidence", "E")],
                            cite_column=None) == book.markdown_table(shown))


def test_bib_keys_are_the_keys_of_the_citation_roles():
    claims = pd.concat([_claims(), _claims(bib_keys="rasmussen2009;pan1998 ; ")])
    assert bib_keys(claims) == ["matthews2009", "rasmussen2009", "pan1998"]
    rendered = claims_markdown(claims)
    assert all(key in rendered for key in bib_keys(claims))
    book_claims = data.load_claims()
    keys = bib_keys(book_claims)
    assert len(keys) == len(set(keys)) and all(" " not in k and ";" not in k for k in keys)
    with pytest.raises(ValueError, match="claims lacks the column"):
        bib_keys(pd.DataFrame({"x": [1]}))
