"""A chapter printed as a handout: first page says version, date and how to cite; no solution.

The hind-limb chapter of the built site (``make test-takeaway`` builds it first) is printed
twice with the distribution's Chromium, as ``make pdf`` prints it and as the teacher's
version (``--solutions``), into ``_build/handouts-test/`` so that a reviewer can open the
result. The PDFs' text is read back with pypdf.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "site"))
import sitekit as kit  # noqa: E402

import handouts  # noqa: E402

pytestmark = pytest.mark.takeaway
PAGE = "chapters/02-hindlimb-unloading/hindlimb-unloading.html"
OUT = ROOT / "_build" / "handouts-test"
#: A sentence of one of the chapter's solutions (its hidden answer to the CV exercise).
SOLUTION_TEXT = "first reaches zero at a CV"


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"-\s+", "-", text)  # a line broken after a hyphen
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def printed(browser) -> dict[str, Path]:
    site = kit.site_dir()
    if not (site / PAGE).is_file():
        pytest.skip(f"{PAGE} is not built: run `make test-takeaway` (it builds the site first)")
    found = {}
    with kit.SiteServer(site) as server:
        for solutions in (False, True):
            target = OUT / handouts.pdf_name(PAGE, solutions)
            found["teacher" if solutions else "student"] = handouts.print_page(
                browser, server, PAGE, target, solutions=solutions, printed="2000-01-01")
    return found


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_the_first_page_carries_version_date_and_the_chapters_citation(printed):
    from exneuro import cite

    pages = _pages(printed["student"])
    assert len(pages) > 1
    first = _flat(pages[0])
    book = cite.book_metadata(ROOT)
    expected = cite.chapter_citation("Never skip leg day? Hind-limb unloading and neural stem cells",
                                     PAGE.removesuffix(".html"), ROOT)
    assert _flat(f"Cite this chapter: {expected}") in first
    assert f"version {book.version} (released {book.date}). Printed 2000-01-01" in first
    assert f"{book.title}, version {book.version} 1 / {len(pages)}" in _flat(pages[0])


def test_hidden_solutions_are_left_out_unless_the_teachers_version_is_asked_for(printed):
    student = _flat(" ".join(_pages(printed["student"])))
    teacher = _flat(" ".join(_pages(printed["teacher"])))
    assert SOLUTION_TEXT not in student and "Solution to" not in student
    assert SOLUTION_TEXT in teacher and "Solution to" in teacher
    assert "Exercise 2.2" in student  # the questions stay


def test_figures_and_tables_are_kept_whole_in_print(browser):
    site = kit.site_dir()
    if not (site / PAGE).is_file():
        pytest.skip(f"{PAGE} is not built")
    with kit.SiteServer(site) as server:
        context, _guard = kit.guarded_context(browser, server)
        try:
            tab = context.new_page()
            tab.goto(server.url(PAGE), wait_until="load")
            handouts.prepare(tab, PAGE)
            tab.emulate_media(media="print")
            styles = tab.eval_on_selector_all(
                "main figure, main img, main table", "els => els.map(e => getComputedStyle(e).breakInside)")
        finally:
            context.close()
    assert len(styles) >= 3 and set(styles) == {"avoid"}
