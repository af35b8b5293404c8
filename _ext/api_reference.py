"""Footnotes of the API reference (chapters/15-api-reference), one set per docstring.

numpydoc's References sections number their footnotes from ``[1]`` in every docstring,
but autodoc puts many docstrings on one page, where docutils allows each explicit label
once. Each ``.. [1]`` (and a reference ``[1]_`` to it) becomes an auto-numbered footnote
with a label of its own, ``[#exneuro.module.function-1]``: the page numbers them in
order, and the docstrings stay as numpydoc writes them.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

FOOTNOTE = re.compile(r"^(\s*)\.\. \[(\d+)\](\s)")
REFERENCE = re.compile(r"\[(\d+)\]_")


def relabel_footnotes(name: str, lines: list[str]) -> None:
    """Rewrite numbered footnote labels in ``lines`` (in place) as labels unique to ``name``."""
    for index, line in enumerate(lines):
        line = FOOTNOTE.sub(lambda m: f"{m.group(1)}.. [#{name}-{m.group(2)}]{m.group(3)}", line)
        lines[index] = REFERENCE.sub(lambda m: f"[#{name}-{m.group(1)}]_", line)


def _process_docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                       lines: list[str]) -> None:
    relabel_footnotes(name, lines)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("autodoc-process-docstring", _process_docstring)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
