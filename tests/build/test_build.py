"""The build fails loudly, naming the file, when a cell, a bib key, a cross-reference or an
explorer breaks.

A throw-away book with one broken notebook cell, one unknown citation key, one dangling
cross-reference and one unknown explorer (``_ext/explorers.py``) is built with the same
options as `make html`; the build must fail and its log must name each broken file. The
built site of the real book is checked too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"


def _jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    if not exe.exists():
        pytest.skip("jupyter-book is not installed in this environment")
    return str(exe)


def _make_book(folder: Path, pages: list[str]) -> Path:
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copytree(ROOT / "_ext", folder / "_ext")
    (folder / "src" / "exneuro").mkdir(parents=True)
    shutil.copy(ROOT / "src" / "exneuro" / "_version.py", folder / "src" / "exneuro" / "_version.py")
    (folder / "references.bib").write_text(
        "@article{real2020, author={A, B}, title={T}, journal={J}, year={2020}, doi={10.1/x}}\n"
    )
    chapters = "".join(f"  - file: {page}\n" for page in pages)
    (folder / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}")
    (folder / "index.md").write_text(
        "# Index\n\nA real citation {cite:p}`real2020`.\n\n```{bibliography}\n```\n"
    )
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken cell"),
                nbformat.v4.new_code_cell("raise RuntimeError('deliberately broken cell')")]
    nbformat.write(nb, folder / "broken_cell.ipynb")
    (folder / "broken_bibkey.md").write_text("# Broken key\n\nSee {cite:p}`nosuchkey1999`.\n")
    (folder / "broken_xref.md").write_text("# Broken reference\n\nSee {ref}`no-such-label`.\n")
    (folder / "broken_explorer.md").write_text("# Broken explorer\n\n```{explorer} nosuch\n```\n")
    return folder


def _build(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_jupyter_book(), "build", str(folder), "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=600,
        # The execution cache path in _config.yml is relative to the working directory:
        # build from the throw-away folder so its records stay out of the real cache.
        cwd=folder,
    )


@pytest.fixture(scope="module")
def broken_cell_build(tmp_path_factory) -> subprocess.CompletedProcess[str]:
    return _build(_make_book(tmp_path_factory.mktemp("cell"), ["broken_cell"]))


@pytest.fixture(scope="module")
def broken_refs_build(tmp_path_factory) -> subprocess.CompletedProcess[str]:
    pages = ["broken_bibkey", "broken_xref", "broken_explorer"]
    return _build(_make_book(tmp_path_factory.mktemp("refs"), pages))


def test_a_failing_cell_fails_the_build_and_names_the_notebook(broken_cell_build):
    assert broken_cell_build.returncode != 0
    assert "broken_cell.ipynb" in broken_cell_build.stdout + broken_cell_build.stderr


@pytest.mark.parametrize("name", ["broken_bibkey", "broken_xref", "broken_explorer"])
def test_a_broken_reference_fails_the_build_and_names_the_file(broken_refs_build, name):
    assert broken_refs_build.returncode != 0
    log = broken_refs_build.stdout + broken_refs_build.stderr
    assert f"{name}.md" in log, f"the build log does not name {name}.md:\n{log[-3000:]}"


def test_the_real_site_was_built_with_every_page():
    if not (SITE / "index.html").exists():
        pytest.skip("the book has not been built: run `make html` (make test does)")
    from exneuro import book

    files = book.toc_documents(ROOT / "_toc.yml")
    for entry in files:
        assert (SITE / f"{entry}.html").exists(), f"{entry}.html missing from the built site"
    footer = (SITE / f"{files[0]}.html").read_text(encoding="utf-8")
    import exneuro

    assert f"Version {exneuro.__version__}" in footer


def _built_pages() -> list[Path]:
    if not (SITE / "index.html").exists():
        pytest.skip("the book has not been built: run `make html` (make test does)")
    return sorted(p for p in SITE.rglob("*.html") if not p.relative_to(SITE).parts[0].startswith("_"))


def test_pages_carry_no_icon_script_and_the_search_index_only_on_the_search_page():
    for page in _built_pages():
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, f"{page.relative_to(SITE)} still loads fontawesome.js"
        if page.name != "search.html":
            assert "searchindex.js" not in text, f"{page.relative_to(SITE)} loads the search index"
    assert not list((SITE / "_static" / "scripts").glob("fontawesome.js*"))


def test_the_subset_icon_font_draws_every_icon_the_site_uses():
    import sys

    from fontTools.ttLib import TTFont

    _built_pages()
    sys.path.insert(0, str(ROOT / "_ext"))
    import lean_assets

    css = "".join(p.read_text(encoding="utf-8") for p in (SITE / "_static" / "styles").glob("*.css"))
    mapping = lean_assets.icon_codepoints(css)
    used = {mapping[name] for name in lean_assets.used_icons(SITE) if name in mapping}
    assert len(used) >= 5, "the site should use the theme's icons (search, menu, theme switch...)"
    fonts = SITE / "_static" / "vendor" / "fontawesome" / "webfonts"
    for name in ("fa-solid-900.woff2", "fa-solid-900.ttf"):
        cmap = TTFont(str(fonts / name)).getBestCmap()
        missing = sorted(hex(c) for c in used - set(cmap))
        assert not missing, f"{name} lacks the glyphs {missing}"
    assert (fonts / "fa-solid-900.woff2").stat().st_size < 20_000, "the icon font was not cut down"


def test_every_page_names_a_favicon_that_exists():
    import re

    from PIL import Image

    pages = _built_pages()
    with Image.open(SITE / "favicon.ico") as icon:  # for the bare redirect page, index.html
        assert icon.format == "ICO" and icon.size == (32, 32)
    for page in pages:
        if page == SITE / "index.html":
            continue
        text = page.read_text(encoding="utf-8")
        match = re.search(r'<link rel="icon" href="([^"]+)"', text)
        assert match, f"{page.relative_to(SITE)} names no favicon (browsers then ask for /favicon.ico)"
        target = match.group(1)
        assert (page.parent / target).resolve().is_file(), f"{page.relative_to(SITE)}: {target}"


def test_mathjax_is_served_in_parts_and_only_where_there_is_math():
    pages = _built_pages()
    combined = SITE / "_static" / "mathjax" / "tex-chtml.js"
    assert not combined.exists(), "the combined MathJax bundle is copied"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        loads = "mathjax/startup.js" in text
        has_math = 'class="math' in text
        assert loads == has_math, (
            f"{page.relative_to(SITE)}: MathJax loaded={loads}, math on the page={has_math}"
        )
