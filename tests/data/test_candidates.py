"""Candidate studies for an unnamed source: each grade follows from its four points.

``data/candidate_studies.csv`` rates every published study that might be the one behind
an article that names none, on species, wording, outcome and date, and gives an overall
grade. The rule (also in the table's schema description):

* strong: species, wording and outcome match, and the date matches or cannot be judged;
* partial: the species matches, and the wording or the outcome matches, or both match
  partly;
* weak: anything else.

These rows are not claims of the article, so they carry no verdict.
"""

from __future__ import annotations

import pandas as pd
import pytest

from exneuro import data

CRITERIA = ("species_match", "wording_match", "outcome_match", "date_match")


def grade(row: dict) -> str:
    species, wording, outcome, date = (row[c] for c in CRITERIA)
    if species == wording == outcome == "match" and date in ("match", "cannot be judged"):
        return "strong"
    if species == "match" and ("match" in (wording, outcome) or wording == outcome == "partial"):
        return "partial"
    return "weak"


@pytest.fixture(scope="module")
def candidates() -> pd.DataFrame:
    return data.load_table("candidate_studies")


def test_every_grade_follows_its_four_points(candidates):
    wrong = [f"{row['candidate_id']}: {row['match']} (rule: {grade(row)})"
             for row in candidates.to_dict("records") if row["match"] != grade(row)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("points", "expected"), [
    (("match", "match", "match", "cannot be judged"), "strong"),
    (("match", "match", "match", "no match"), "partial"),
    (("match", "match", "no match", "cannot be judged"), "partial"),
    (("match", "partial", "partial", "match"), "partial"),
    (("match", "partial", "no match", "match"), "weak"),
    (("no match", "match", "match", "match"), "weak"),
])
def test_the_rule_on_planted_rows(points, expected):
    assert grade(dict(zip(CRITERIA, points, strict=True))) == expected


def test_a_planted_wrong_grade_is_caught(candidates):
    planted = candidates.copy()
    first = planted.index[0]
    planted.loc[first, "match"] = "strong" if planted.loc[first, "match"] != "strong" else "weak"
    wrong = [row["candidate_id"] for row in planted.to_dict("records") if row["match"] != grade(row)]
    assert wrong == [planted.loc[first, "candidate_id"]]


def test_candidates_are_not_claims(candidates):
    claims = data.load_table("claims")
    assert not set(candidates["candidate_id"]) & set(claims["claim_id"])
    assert "verdict" not in candidates.columns


def test_candidate_keys_and_sources_resolve(candidates, root):
    from pybtex.database import parse_file

    keys = set(parse_file(str(root / "references.bib"), "bibtex").entries)
    assert set(candidates["bib_key"]) <= keys
    assert set(candidates["source_id"]) <= set(data.load_sources()["source_id"])
