"""One verdict scale: every claim and finding uses it, by its rules, citing its evidence.

The rules are those of ``exneuro.verdicts.verdict_problems``; each is shown to fail on a
planted row. The scale itself is data (``data/verdicts.csv``), rendered in the methods
chapter; the schema's foreign keys keep any other word out of ``claims.csv`` and
``findings.csv``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pybtex.database import parse_file

from exneuro import data, verdicts


@pytest.fixture(scope="module")
def context(root):
    return {
        "scale": data.load_verdicts(),
        "tables": {name: data.load_table(name) for name in verdicts.EVIDENCE_TABLES},
        "bib_keys": set(parse_file(str(root / "references.bib"), "bibtex").entries),
    }


def test_the_scale_has_the_six_words_in_order():
    assert list(data.load_verdicts()["verdict"]) == [
        "supported", "partly supported", "overstated", "not supported", "contradicted",
        "untestable as stated"]


@pytest.mark.parametrize(("table", "id_column"), [("claims", "claim_id"), ("findings", "finding_id")])
def test_every_verdict_follows_the_rules_and_names_its_evidence(context, table, id_column):
    problems = verdicts.verdict_problems(data.load_table(table), id_column=id_column, **context)
    assert not problems, f"data/{table}.csv:\n  " + "\n  ".join(problems)


def _row(**changes):
    row = {"claim_id": "x-01", "verdict": "supported", "evidence_kind": "human",
           "evidence_ids": "adami2018", "evidence_against": None}
    row.update(changes)
    return pd.DataFrame([row])


@pytest.mark.parametrize(("changes", "message"), [
    ({"verdict": "contested"}, "not on the scale"),
    ({"verdict": "supported", "evidence_kind": "cells"}, "cannot rest on evidence of kind 'cells'"),
    ({"verdict": "contradicted", "evidence_kind": "human"}, "must name the evidence against"),
    ({"verdict": "contradicted", "evidence_against": "button2013"}, "not among its evidence_ids"),
    ({"evidence_ids": "no-such-row"}, "is no row of data/"),
    ({"evidence_ids": ""}, "names no evidence row"),
])
def test_each_rule_fails_on_a_planted_row(context, changes, message):
    problems = verdicts.verdict_problems(_row(**changes), id_column="claim_id", **context)
    assert any(message in p for p in problems), problems


def test_a_word_off_the_scale_fails_the_schema(tmp_path, root):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(root / "data", copy)
    path = copy / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",overstated,", ",contested,", 1).replace(",supported,", ",contested,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataValidationError, match=r"claims\.csv, row 2"):
        data.load_table("claims", folder=copy)


def test_the_bottom_line_box_shows_the_verdict_and_every_part():
    scale = data.load_verdicts()
    findings = pd.DataFrame([{
        "finding_id": "999a", "chapter": "99-test", "finding": "A finding.", "verdict": "overstated",
        "article_said": "The article said A.", "study_was": "The study was B.", "in_people": "In people, C.",
        "for_you": "D.", "would_change": "E."}])
    lines = verdicts.bottom_lines("99-test", findings, scale)
    text = verdicts.bottom_line_markdown(lines, verdict_link="verdict-scale")
    assert ":class: important bottom-line" in text
    assert "{ref}`Overstated <verdict-scale>`" in text
    for part in ("The article said A.", "The study was B.", "In people, C.", "D.", "E.",
                 "stretches it"):
        assert part in text
    findings.loc[0, "would_change"] = ""
    with pytest.raises(ValueError, match="would_change"):
        verdicts.bottom_lines("99-test", findings, scale)
    with pytest.raises(ValueError, match="chapter '98-none'"):
        verdicts.bottom_lines("98-none", findings, scale)
