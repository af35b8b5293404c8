"""Finding chapters (chapters/02-* ... 06-*): what a reader needs to reuse and find them."""

from __future__ import annotations

import pytest
import sitekit as kit

pytestmark = pytest.mark.site


def test_there_are_finding_chapters(site):
    assert any(map(kit.is_finding_chapter, kit.pages_under_test(site))), (
        "no finding chapter (chapters/0[2-6]-*/) in the built site"
    )


def test_offers_a_cite_box_and_the_notebook_for_download(chapter, visit):
    problems = kit.chapter_feature_problems(visit(chapter))
    assert not problems, kit.explain(problems)


def test_offers_its_runnable_bundle(chapter, visit, server):
    problems = kit.bundle_problems(visit(chapter), server)
    assert not problems, kit.explain(problems)


def test_site_search_finds_the_chapter(chapter, visit, browser, server):
    term = kit.search_term(visit(chapter))
    found = kit.search_results(browser, server, term)
    assert chapter in found, f"searching for {term!r} lists {found}, not {chapter}"
