"""Every page of the built site, loaded in a real Chromium as a reader would load it.

Pages are discovered from the built site (table-of-contents order first), so each new
chapter is tested as soon as it is built. The checks themselves live in ``sitekit`` and
are shown to catch broken pages in ``test_site_checkers.py``.
"""

from __future__ import annotations

import pytest
import sitekit as kit

pytestmark = pytest.mark.site


def test_every_page_in_the_table_of_contents_was_built_and_is_tested(site):
    pages = kit.pages_under_test(site)
    toc = kit.toc_docnames(kit.book_root(site))
    missing = [f"{name}.html" for name in toc if f"{name}.html" not in pages]
    assert not missing, f"in _toc.yml but not in {site}: {missing}"


def test_loads_without_javascript_errors_or_failed_requests(page, visit):
    report = visit(page)
    problems = kit.load_problems(report) + kit.console_problems(report) + kit.request_problems(report)
    assert not problems, kit.explain(problems)


def test_works_offline_and_nothing_leaves_the_host(page, visit):
    """No request to another host (fonts, CDNs, analytics): the book works offline."""
    report = visit(page)
    problems = kit.offline_problems(report) + kit.offline_problems(visit(page, dark=True))
    assert not problems, kit.explain(list(dict.fromkeys(problems)))


def test_internal_links_and_anchors_resolve(page, visit, server):
    problems = kit.link_problems(visit(page), server)
    assert not problems, kit.explain(problems)


def test_images_have_alt_text_and_load(page, visit):
    problems = kit.alt_text_problems(visit(page))
    assert not problems, kit.explain(problems)


def test_code_cell_outputs_render(page, visit, stored_notebook):
    problems = kit.output_problems(visit(page), stored_notebook(page))
    assert not problems, kit.explain(problems)


def test_math_is_typeset(page, visit):
    problems = kit.math_problems(visit(page))
    assert not problems, kit.explain(problems)


def test_no_serious_or_critical_accessibility_violations(page, visit):
    problems = kit.axe_problems(visit(page))
    assert not problems, kit.explain(problems)


def test_readable_in_dark_mode(page, visit):
    """In the theme's dark mode: figures have opaque backgrounds and text has contrast."""
    report = visit(page, dark=True)
    assert report.theme == "dark", f"the theme did not switch to dark mode ({report.theme!r})"
    problems = kit.dark_mode_problems(report) + kit.axe_problems(report)
    assert not problems, kit.explain(problems)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_code_blocks_have_enough_contrast(site, browser, server, dark):
    """Code and text outputs look the same on every page: checked on the first page with code."""
    with_code = [
        page for page in kit.pages_under_test(site)
        if 'class="highlight' in (site / page).read_text(encoding="utf-8")
    ]
    assert with_code, "no page of the site shows code"
    report = kit.visit(browser, server, with_code[0], axe="code-contrast", dark=dark)
    problems = kit.axe_problems(report)
    assert not problems, kit.explain(problems)
