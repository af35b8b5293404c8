"""Every chapter notebook is stored executed, in order, with alt text on its figures.

`pytest --nbval` (run by `make test`) re-executes each notebook and compares outputs;
these checks catch what nbval cannot: a notebook run out of order, a figure without alt
text, a chapter missing from the table of contents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exneuro import book

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)


def _toc_files() -> set[str]:
    return set(book.toc_documents(ROOT / "_toc.yml"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks under chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_executed_top_to_bottom_in_one_kernel(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    counts = [c.get("execution_count") for c in cells if c["cell_type"] == "code"]
    assert all(c is not None for c in counts), f"{path.name}: code cells without stored outputs"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not run top to bottom ({counts})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_figures_have_alt_text_and_no_errors(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        outputs = cell.get("outputs", [])
        assert not any(o["output_type"] == "error" for o in outputs), f"{path.name} cell {index}: error"
        assert not any(o.get("name") == "stderr" for o in outputs), f"{path.name} cell {index}: stderr"
        if any(mime.startswith("image/") for o in outputs for mime in o.get("data", {})):
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 20, f"{path.name} cell {index}: figure without alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_notebook_is_in_the_toc_and_says_how_to_run_it(path):
    rel = str(path.relative_to(ROOT).with_suffix(""))
    assert rel in _toc_files(), f"{rel} is not in _toc.yml"
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert first.startswith("# "), f"{path.name}: first cell must be the title"


def test_toc_entries_exist():
    for entry in _toc_files():
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), entry
