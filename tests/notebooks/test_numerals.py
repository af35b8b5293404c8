"""No numeral in a chapter's prose is typed by hand.

Every number a reader sees in prose reaches the page through a glue role (computed from a
row of ``data/``) or a substitution; only structural numerals (citation years, chapter,
figure and exercise numbers, list numbering, the confidence level of an interval, names
such as SOD1-G93A) may be typed. ``numerals.py`` says exactly what counts as structural;
the checker is shown to catch a planted hand-typed number.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numerals  # noqa: E402


@pytest.mark.parametrize("text", [
    "The mice lost 70 % of their stem cells.",
    "A study of 12 people.",
    "It fell from 1.10 to 0.62.",
    "Training ran for 24 weeks.",
    "The page dates from 2004.",
    "With a two-sided α of 0.05.",
])
def test_a_planted_hand_typed_number_is_found(text):
    found = numerals.hand_typed_numerals(["Intro.", text])
    assert found and found[0].cell == 1, text


@pytest.mark.parametrize("text", [
    "As {cite:t}`button2013` found, power was {glue:text}`power:.0f` %.",
    "Adami et al. (2018) and Button et al. 2013 agree; see (Spalding 2013).",
    "See Fig. 2.1, chapter 5, exercise 3 and sections 4–5.",
    "1. First item\n2. Second item",
    "## 3. Dose\n\n| 1. Reading a claim | x |",
    "The 95 % CI and a 95 % confidence interval.",
    "SOD1-G93A mice, IL-6, NT-4, Ki67 and a log2 fold change.",
    "Run `make test` with `n_per_group=3`; $d = 0.5$ is a formula.",
    "```python\nx = 3\n```\n:::{exercise}\n:label: ex-1\nText.\n:::",
    "Source 004 needs Python 3.11; text is CC BY 4.0.",
])
def test_structural_numerals_are_allowed(text):
    assert numerals.hand_typed_numerals([text]) == []
