"""Shared fixtures: paths to the repository, its data, the shared source texts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(os.environ.get("EXNEURO_SOURCES", ROOT.parent / "shared" / "sources"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    if not SOURCES.is_dir():
        pytest.skip(
            f"the source texts are not at {SOURCES} (set EXNEURO_SOURCES); quote checks need them"
        )
    return SOURCES


# One browser per test process, shared by the site tests and the printed handouts:
# Playwright's sync API cannot run two instances in one process at once.
@pytest.fixture(scope="session")
def chromium_path() -> str:
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "site"))
    import sitekit as kit

    path = kit.find_chromium()
    if path is None:
        pytest.skip(kit.INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    import sitekit as kit

    with kit.chromium(chromium_path) as launched:
        yield launched


# Property tests are about behaviour, not speed (speed budgets live in `make bench`): no
# per-example deadline, which a loaded machine would turn into a false failure; the same
# examples on every run, and no example database written into the working tree.
from hypothesis import settings  # noqa: E402

settings.register_profile("book", deadline=None, derandomize=True, database=None)
settings.load_profile("book")


def book_scope(nodeid: str) -> str:
    """The unit of work a test belongs to when pytest-xdist spreads the tests.

    The cells of a notebook share one kernel (nbval), so a notebook is one unit; the
    browser tests of one page share that page's visits, so a page is one unit; the tests
    of a take-away module share its costly module fixture (a copy of the book, printed
    PDFs), so such a module is one unit, except tests run once per notebook; every other
    test is a unit of its own, so the rest balances test by test.
    """
    if ".ipynb::" in nodeid:
        return nodeid.split("::", 1)[0]
    if nodeid.startswith("tests/takeaway/") and not nodeid.endswith("]"):
        return nodeid.split("::", 1)[0]
    page = re.search(r"\[(.+?\.html)(?:-[\w-]+)?\]$", nodeid)
    if nodeid.startswith("tests/site/") and page:
        return "page:" + page.group(1)
    return nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Schedule `make test`'s workers by :func:`book_scope`, largest units first.

    (pytest-xdist's ``--dist loadgroup`` marks would say the same, but pytest-xdist 3.8
    writes them into a node id attribute that pytest 9 no longer reads.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class BookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return book_scope(nodeid)

    return BookScheduling(config, log)
