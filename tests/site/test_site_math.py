"""Math renders offline, with the book's own configuration.

The first page of the built site that contains math is loaded in Chromium with every
other host blocked: MathJax must come from the site itself and typeset every formula. If
no page has math yet, a one-page book with inline and display math is built with the real
``_config.yml`` and ``_ext/`` and checked instead, so the guarantee holds from day one.
(Every page with math is also checked by ``test_site_pages.py::test_math_is_typeset``.)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit as kit

pytestmark = pytest.mark.site

MATH_PAGE = r"""# Math

Inline math, $d = (\bar{x}_1 - \bar{x}_2) / s_p$, and a display equation:

$$
s_p = \sqrt{\frac{(n_1 - 1)s_1^2 + (n_2 - 1)s_2^2}{n_1 + n_2 - 2}}
$$
"""


def first_page_with_math(site: Path) -> str | None:
    for page in kit.pages_under_test(site):
        if re.search(r'class="math[ "]', (site / page).read_text(encoding="utf-8")):
            return page
    return None


@pytest.fixture(scope="module")
def math_page(site, tmp_path_factory, chromium_path) -> tuple[Path, str]:
    page = first_page_with_math(site)
    if page is not None:
        return site, page
    return build_math_book(tmp_path_factory), "index.html"


def build_math_book(tmp_path_factory) -> Path:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        pytest.fail(f"jupyter-book is not installed next to {sys.executable}")
    folder = tmp_path_factory.mktemp("math-book")
    shutil.copy(kit.ROOT / "_config.yml", folder / "_config.yml")
    for extra in ("_ext", "_static"):
        if (kit.ROOT / extra).is_dir():
            shutil.copytree(kit.ROOT / extra, folder / extra, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "src" / "exneuro").mkdir(parents=True)
    shutil.copy(kit.ROOT / "src" / "exneuro" / "_version.py", folder / "src" / "exneuro")
    (folder / "references.bib").write_text("")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (folder / "index.md").write_text(MATH_PAGE)
    build = subprocess.run(
        [str(jupyter_book), "build", str(folder), "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=600, cwd=folder,  # keeps its caches in folder
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return folder / "_build" / "html"


def test_math_is_typeset_offline_by_the_bundled_mathjax(math_page, browser):
    site, page = math_page
    with kit.SiteServer(site) as server:
        report = kit.visit(browser, server, page, axe=None)
    assert report.math["nodes"] >= 1, report.math
    assert kit.math_problems(report) == []
    assert report.math["rendered"] >= report.math["nodes"] and report.math["mathjax"] == 1
    assert kit.offline_problems(report) == []
    assert kit.console_problems(report) + kit.request_problems(report) == []
    mathjax = [r["url"] for r in report.resources if "/_static/mathjax/" in r["url"]]
    assert mathjax, "MathJax was not loaded from the site's own _static/mathjax/"
