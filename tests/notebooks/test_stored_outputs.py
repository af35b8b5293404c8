"""Stored notebook outputs hold nothing that a reader's machine cannot reproduce.

nbval compares every stored output with a fresh run exactly, as it should: a number a
reader sees must come out the same. What must never be stored is what differs between
machines or runs although no reader sees it:

* a float's last bits: the same computation can end in ``...822`` in one process and
  ``...829`` in another. Stored outputs (plain text, glue records, Markdown, HTML) may hold
  no float literal with more than 12 significant digits; chapters glue through
  ``exneuro.chapter.Chapter.glue``, which rounds to the precision of the prose;
* volatile metadata: per-cell execution timestamps, the Python patch version, widget state
  (``python tools/notebooks.py strip`` removes them).

Each check is also run on a planted example, to show that it can fail.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

NOTEBOOKS = sorted(
    p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
MAX_SIGNIFICANT = 12

# A decimal float literal: digits with a point, optionally an exponent. Not part of a word,
# a version string ("3.11.7") or a longer dotted token.
FLOAT_LITERAL = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d+|\d+\.(?![\w.])|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def significant_digits(token: str) -> int:
    """Significant digits of a decimal literal: from the first non-zero digit to the last."""
    mantissa = re.sub(r"[eE][-+]?\d+$", "", token).lstrip("+-").replace(".", "")
    return len(mantissa.lstrip("0"))


def _texts(output: dict[str, Any]) -> list[tuple[str, str]]:
    """(mime type or stream name, text) of an output, images left out."""
    found = []
    if "text" in output:
        text = output["text"]
        found.append((output.get("name", "stream"), "".join(text) if isinstance(text, list) else text))
    for mime, value in (output.get("data") or {}).items():
        if mime.startswith("image/"):
            continue
        if isinstance(value, str):
            text = value
        else:
            text = "".join(value) if isinstance(value, list) else json.dumps(value)
        found.append((mime, text))
    return found


def long_floats(nb: dict[str, Any], name: str) -> list[str]:
    """Every stored float literal with more than 12 significant digits, located."""
    problems = []
    code_index = -1
    for cell in nb.get("cells", []):
        if cell["cell_type"] != "code":
            continue
        code_index += 1  # nbval numbers code cells from 0
        for output in cell.get("outputs", []):
            for mime, text in _texts(output):
                for match in FLOAT_LITERAL.finditer(text):
                    if significant_digits(match.group()) > MAX_SIGNIFICANT:
                        problems.append(f"{name}: code cell {code_index} ({mime}): {match.group()}")
    return problems


@pytest.mark.parametrize(
    ("token", "digits"),
    [("0.19567", 5), ("1.8972398918038822", 17), ("-0.000123", 3), ("12.50", 4), ("1.5e-07", 2), ("100.", 3)],
)
def test_significant_digits(token, digits):
    assert significant_digits(token) == digits


def test_the_float_check_finds_a_planted_full_precision_float():
    planted = {"cells": [
        {"cell_type": "markdown", "source": "1.8972398918038822 in prose is not an output"},
        {"cell_type": "code",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "v3.11.7, 0.25"}]},
        {"cell_type": "code", "outputs": [{
            "output_type": "display_data",
            "data": {"application/papermill.record/text/plain": "1.8972398918038822",
                     "image/png": "iVBORw0KGgo1234567890.12345678901234"},
            "metadata": {"scrapbook": {"name": "typ_exag"}}}]},
    ]}
    assert long_floats(planted, "planted.ipynb") == [
        "planted.ipynb: code cell 1 (application/papermill.record/text/plain): 1.8972398918038822"
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_no_stored_output_carries_a_floats_last_bits(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = long_floats(nb, path.relative_to(ROOT).as_posix())
    assert not problems, (
        "stored outputs with more than 12 significant digits (glue with ch.glue, or format "
        "the number as the page shows it):\n  " + "\n  ".join(problems[:20])
    )


def test_the_metadata_check_finds_planted_timestamps():
    planted = {
        "metadata": {"language_info": {"name": "python", "version": "3.11.7"}},
        "cells": [{"cell_type": "code", "metadata": {"execution": {
            "iopub.execute_input": "2026-11-21T20:32:31.825963Z"}}, "outputs": []}],
    }
    problems = nbtools.volatile_metadata(planted)
    assert problems == ["notebook metadata 'language_info.version'", "cell 0: metadata 'execution'"]
    assert nbtools.volatile_metadata(nbtools.strip_metadata(planted)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_no_volatile_metadata_is_committed(path):
    problems = nbtools.volatile_metadata(json.loads(path.read_text(encoding="utf-8")))
    assert not problems, (
        f"{path.relative_to(ROOT)} carries volatile metadata (run `python tools/notebooks.py strip`): "
        + "; ".join(problems[:8])
    )
