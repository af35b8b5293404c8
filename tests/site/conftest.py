"""Fixtures for the browser tests of the built site.

The session serves the built site (``_build/html``, or ``$EXNEURO_SITE``) on 127.0.0.1 at
a free port, drives headless Chromium (the distribution's, through Playwright) and
visits each page once per colour scheme; the tests then judge the recorded reports. Pages
are discovered from the built site and ``_toc.yml`` when the tests are collected, so new
chapters are tested as soon as they are in the table of contents.

Without Chromium every browser test here is skipped, and the reason says how to install it.

Knobs (environment variables): ``EXNEURO_SITE`` (the built site to test, e.g. a build in a
copy of the repository), ``EXNEURO_CHROMIUM`` (the Chromium binary), ``EXNEURO_SITE_WORKERS``
(browsers visiting pages in parallel, default 2). ``pytest -m "not site"`` leaves them out.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sitekit as kit

SITE = kit.site_dir()
BUILT = (SITE / "index.html").is_file()
PAGES = kit.pages_under_test(SITE)
CHAPTERS = [page for page in PAGES if kit.is_finding_chapter(page)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", PAGES)
    if "chapter" in metafunc.fixturenames:
        metafunc.parametrize("chapter", CHAPTERS)


# `chromium_path` and `browser` are in tests/conftest.py (one browser per process).


@pytest.fixture(scope="session")
def site() -> Path:
    if not BUILT:
        pytest.skip(f"the book has not been built at {SITE}: run `make html` (make test does)")
    return SITE


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[kit.SiteServer]:
    with kit.SiteServer(site) as server:
        yield server


@pytest.fixture(scope="session")
def visit(
    request: pytest.FixtureRequest, chromium_path: str, server: kit.SiteServer, browser: Any
) -> Callable[..., kit.PageReport]:
    """``visit(page, dark=False)``: the page's report, loaded once per session and scheme.

    The light visit runs every axe-core rule; the dark visit (the theme follows the
    reader's system setting) re-runs only colour contrast, the rule the scheme changes.
    Code blocks, styled alike on every page, get their contrast checked once per scheme
    (``test_code_blocks_have_enough_contrast``).

    On first use, every page that the selected tests need is visited in both schemes by
    ``$EXNEURO_SITE_WORKERS`` (default 2) browsers in parallel; the tests then judge the
    stored reports. Under pytest-xdist (``make test``) the workers already share out the
    pages (all tests of a page run on one worker, see ``tests/conftest.py``), so each
    worker visits its own pages when their tests ask, in its one browser.
    """
    wanted = list(dict.fromkeys(
        item.callspec.params.get("page") or item.callspec.params.get("chapter")
        for item in request.session.items
        if "visit" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec")
        and {"page", "chapter"} & set(item.callspec.params)
    ))
    workers = int(os.environ.get("EXNEURO_SITE_WORKERS", "2"))
    under_xdist = "PYTEST_XDIST_WORKER" in os.environ
    cache: dict[tuple[str, bool], kit.PageReport | Exception] = {}

    def get(page: str, dark: bool = False) -> kit.PageReport:
        if under_xdist:
            if (page, dark) not in cache:
                try:
                    cache[(page, dark)] = kit.visit(browser, server, page,
                                                    dark=dark, axe="contrast" if dark else "full")
                except Exception as error:  # noqa: BLE001 - handed to the page's tests
                    cache[(page, dark)] = error
        elif not cache:
            jobs = [(p, d) for p in wanted for d in (False, True)]
            cache.update(kit.visit_many(jobs, server, workers=workers, executable=chromium_path))
        if (page, dark) not in cache:
            cache.update(kit.visit_many([(page, dark)], server, workers=1, executable=chromium_path))
        result = cache[(page, dark)]
        if isinstance(result, Exception):
            raise result
        return result

    return get


@pytest.fixture(scope="session")
def stored_notebook(site: Path) -> Callable[[str], dict[str, Any] | None]:
    """The notebook a page was built from, as the site ships it for download (or None)."""

    def get(page: str) -> dict[str, Any] | None:
        source = site / "_sources" / Path(page).with_suffix(".ipynb")
        if not source.is_file():
            return None
        return json.loads(source.read_text(encoding="utf-8"))

    return get
