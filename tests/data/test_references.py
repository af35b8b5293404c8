"""Every reference is complete, or says what could not be verified.

The rules (issue 14, guarantee 3):

* an ``@article`` names its journal, year, volume (Cochrane reviews, which have no
  volumes, name their issue instead), pages or article number, and DOI;
* its author list is complete, or names at least the first six authors before an explicit
  ``and others`` (the convention of long author lists); every named author has a given
  name or initials;
* a work that could not be checked completely is a ``@misc``, which says how it was
  published and, if it is a journal article, what could not be verified.

:func:`reference_problems` states the rules as code; the planted entries below show that
each rule catches what it should.
"""

from __future__ import annotations

import re

import pytest
from pybtex.database import BibliographyData, parse_file, parse_string

#: Journals published without volumes: an issue number takes the volume's place.
NO_VOLUME_JOURNALS = ("Cochrane Database of Systematic Reviews",)
#: Named authors an abbreviated (``and others``) list must give before "others".
MIN_NAMED_BEFORE_OTHERS = 6
#: How a @misc journal article says what is missing.
UNVERIFIED = re.compile(r"could not|no DOI could be found", re.I)


def _people(entry) -> tuple[list, bool]:
    people = entry.persons.get("author", [])
    named = [p for p in people if str(p).lower() != "others"]
    return named, len(named) < len(people)


def reference_problems(bib: BibliographyData) -> list[str]:
    """Every way the entries of ``bib`` break the rules above (empty: none)."""
    problems = []
    for key, entry in bib.entries.items():
        fields = entry.fields
        named, abbreviated = _people(entry)
        if entry.type == "article":
            for field in ("journal", "year", "pages", "doi"):
                if not fields.get(field, "").strip():
                    problems.append(f"{key}: @article lacks {field}")
            journal = fields.get("journal", "")
            if journal in NO_VOLUME_JOURNALS:
                if not fields.get("number", "").strip():
                    problems.append(f"{key}: {journal} has no volumes; give the issue (number)")
            elif not fields.get("volume", "").strip():
                problems.append(f"{key}: @article lacks volume")
            if not named:
                problems.append(f"{key}: @article names no author")
            if abbreviated and len(named) < MIN_NAMED_BEFORE_OTHERS:
                problems.append(f"{key}: author list cut to {len(named)} name(s) and 'others'; "
                                f"give all authors or at least the first {MIN_NAMED_BEFORE_OTHERS}")
            for person in named:
                if not (person.first_names or person.middle_names):
                    problems.append(f"{key}: author {person} has no given name or initials")
        elif entry.type == "misc":
            said = " ".join(fields.get(f, "") for f in ("howpublished", "note"))
            if not said.strip():
                problems.append(f"{key}: @misc says neither howpublished nor note")
            if "journal article" in said.lower() and not UNVERIFIED.search(said):
                problems.append(f"{key}: @misc journal article must say what could not be verified")
    return problems


@pytest.fixture(scope="module")
def bib(root):
    return parse_file(str(root / "references.bib"), "bibtex")


def test_every_reference_is_complete_or_says_what_is_missing(bib):
    problems = reference_problems(bib)
    assert not problems, "incomplete references:\n" + "\n".join(problems)


COMPLETE = """
@article{good2020,
  author = {Doe, Jane and Roe, R. and Poe, Paul},
  title = {A title}, journal = {Journal}, year = {2020}, volume = {3}, pages = {1--9},
  doi = {10.1/x}
}
"""


def test_a_complete_entry_passes():
    assert reference_problems(parse_string(COMPLETE, "bibtex")) == []


@pytest.mark.parametrize("planted, expected", [
    # volume and pages missing (dinoff2017, wilckens2021 as they were)
    ("@article{p, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2017}, doi = {10.1/x}}",
     ["lacks pages", "lacks volume"]),
    # one author and 'others' (wrann2013 as it was)
    ("@article{p, author = {Doe, Jane and others}, title = {T}, journal = {J}, year = {2013}, "
     "volume = {1}, pages = {2}, doi = {10.1/x}}", ["cut to 1 name"]),
    # a family name without a given name (tobin2019 as it was)
    ("@article{p, author = {Tobin and others}, title = {T}, journal = {J}, year = {2019}, "
     "volume = {1}, pages = {2}, doi = {10.1/x}}", ["no given name"]),
    # no DOI
    ("@article{p, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2019}, volume = {1}, "
     "pages = {2}}", ["lacks doi"]),
    # a Cochrane review without its issue
    ("@article{p, author = {Doe, Jane}, title = {T}, journal = {Cochrane Database of Systematic "
     "Reviews}, year = {2013}, pages = {CD1}, doi = {10.1/x}}", ["give the issue"]),
    # a journal article demoted to @misc without saying what is missing
    ("@misc{p, author = {Doe, Jane}, title = {T}, howpublished = {Some Journal (journal article)}, "
     "year = {2019}}", ["must say what could not be verified"]),
    ("@misc{p, author = {Doe, Jane}, title = {T}, year = {2019}}", ["neither howpublished"]),
])
def test_a_planted_incomplete_entry_is_caught(planted, expected):
    problems = reference_problems(parse_string(planted, "bibtex"))
    for text in expected:
        assert any(text in problem for problem in problems), (text, problems)


def test_six_named_authors_may_end_with_others():
    entry = ("@article{p, author = {A, Ann and B, Bo and C, Cy and D, Di and E, Ed and F, Fay and "
             "others}, title = {T}, journal = {J}, year = {2020}, volume = {1}, pages = {2}, "
             "doi = {10.1/x}}")
    assert reference_problems(parse_string(entry, "bibtex")) == []
