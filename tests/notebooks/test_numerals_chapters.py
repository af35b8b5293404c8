"""No numeral in a chapter's prose is typed by hand.

Every number a reader sees in prose reaches the page through a glue role (computed from a
row of ``data/``) or a substitution; only structural numerals (citation years, chapter,
figure and exercise numbers, list numbering, the confidence level of an interval, names
such as SOD1-G93A) may be typed. ``numerals.py`` says exactly what counts as structural;
the checker is shown to catch a planted hand-typed number.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import numerals  # noqa: E402

PAGES = sorted(
    p for p in (ROOT / "chapters").rglob("*")
    if p.suffix in (".ipynb", ".md") and ".ipynb_checkpoints" not in p.parts
)


def _markdown(path: Path) -> list[str]:
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_every_numeral_in_prose_is_glued_or_structural(path):
    found = numerals.hand_typed_numerals(_markdown(path))
    assert not found, (f"{path.relative_to(ROOT)}: numerals typed by hand (glue them with ch.glue from a "
                       "row of data/, or make them structural):\n  " + "\n  ".join(map(str, found[:25]))
                       + (f"\n  ... and {len(found) - 25} more" if len(found) > 25 else ""))


