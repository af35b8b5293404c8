"""Every chapter notebook is stored executed, in order, with alt text on its figures.

`pytest --nbval` (run by `make test`) re-executes each notebook and compares outputs;
these checks catch what nbval cannot: a notebook run out of order, a figure without alt
text, a chapter missing from the table of contents, a chapter that defines its own
functions instead of calling the package's.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

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


# --- chapters hold no logic -----------------------------------------------------------------

def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def definitions(nb: dict[str, Any], name: str) -> list[str]:
    """Every function or class a notebook defines, located by cell.

    ``def``, ``async def``, ``class`` and a ``lambda`` bound to a name count; a lambda
    passed straight to a call (``frame.map(lambda x: ...)``) does not. Cells are read
    after IPython's own input transformation, so a line magic does not hide the rest of a
    cell. Cell numbers count every cell (as a notebook editor shows them); code cells are
    also counted as nbval does, from 0.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    found = []
    code_index = -1
    for index, cell in enumerate(nb.get("cells", [])):
        if cell["cell_type"] != "code":
            continue
        code_index += 1
        tree = ast.parse(transform("".join(cell["source"])))
        for node in sorted(ast.walk(tree), key=_position):
            kind = defined = None
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                kind, defined = "function", node.name
            elif isinstance(node, ast.ClassDef):
                kind, defined = "class", node.name
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Lambda):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                kind, defined = "function", ", ".join(ast.unparse(t) for t in targets)
            if kind:
                found.append(f"{name} cell {index} (code cell {code_index}), line {node.lineno}: "
                             f"defines {kind} {defined!r}; move it into src/exneuro/ and call it")
    return found


def test_definitions_are_found_in_a_planted_notebook():
    planted = {"cells": [
        {"cell_type": "markdown", "source": ["# A chapter\n"]},
        {"cell_type": "code", "source": ["%matplotlib inline\nx = [1, 2].count(1)\n"
                                         "sorted([3, 1], key=lambda v: -v)\n"]},
        {"cell_type": "code", "source": ["def central(name):\n", "    return 1.0\n"]},
        {"cell_type": "markdown", "source": ["text"]},
        {"cell_type": "code", "source": ["for i in range(2):\n    class Row:\n        pass\n"
                                         "show = lambda pair: f'{pair}'\n"
                                         "async def fetch():\n    pass\n"]},
    ]}
    assert definitions(planted, "planted.ipynb") == [
        "planted.ipynb cell 2 (code cell 1), line 1: defines function 'central'; "
        "move it into src/exneuro/ and call it",
        "planted.ipynb cell 4 (code cell 2), line 2: defines class 'Row'; "
        "move it into src/exneuro/ and call it",
        "planted.ipynb cell 4 (code cell 2), line 4: defines function 'show'; "
        "move it into src/exneuro/ and call it",
        "planted.ipynb cell 4 (code cell 2), line 5: defines function 'fetch'; "
        "move it into src/exneuro/ and call it",
    ]
    clean = {"cells": [planted["cells"][1]]}
    assert definitions(clean, "clean.ipynb") == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_chapters_define_no_functions_or_classes(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = definitions(nb, str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)


FINDING_CHAPTERS = [p for p in NOTEBOOKS if p.parent.name[:2] in {"02", "03", "04", "05", "06"}]
SETUP_CHAPTERS = [
    p for p in NOTEBOOKS if p.parent.name[:2] in {"01", "02", "03", "04", "05", "06", "07", "08"}
]


def test_the_finding_chapters_are_all_checked():
    assert len(FINDING_CHAPTERS) == 5 and len(SETUP_CHAPTERS) == 8


@pytest.mark.parametrize("path", SETUP_CHAPTERS, ids=lambda p: p.parent.name)
def test_chapters_start_from_the_chapter_frame(path):
    """The first code cell sets the chapter up; no cell repeats what setup does."""
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    first = "".join(cells[0]["source"])
    assert f'ch = chapter.setup("{path.parent.name}")' in first, f"{path.name}: first code cell"
    repeated = ("plots.set_theme(", "SOURCE =", "CHAPTER =", "ALPHA =", "TARGET_POWER =",
                "cite.cite_box(", "cite.reference_list(", "load_assumptions(", "myst_nb")
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        for text in repeated:
            assert text not in source, f"{path.name} code cell {index}: {text!r} (use ch.* instead)"
        # a chapter may show three decimals instead of two, and must say so in a comment
        for line in source.splitlines():
            if "pd.set_option" in line:
                assert '"display.precision"' in line and "#" in line, f"{path.name}: {line}"
    last_two = ["".join(c["source"]) for c in cells[-2:]]
    assert last_two == ["display(Markdown(ch.cite_box()))", "display(Markdown(ch.references()))"]
