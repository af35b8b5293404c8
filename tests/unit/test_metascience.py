"""Tests for exneuro.metascience (positive predictive value of a finding)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exneuro.metascience import ppv

FAST = settings(max_examples=100, deadline=None)

# Ioannidis (2005), PLoS Med 2(8):e124, doi:10.1371/journal.pmed.0020124, Table 4
# ("PPV of research findings for various combinations of power (1 - beta), ratio of true
# to not-true relationships (R), and bias (u)"; PPVs "derived assuming alpha = 0.05 for a
# single study"). Columns: power, R, u, printed PPV, printed decimals.
# Read from the reproduction of Table 4 in Christensen, Freese & Miguel (2019),
# Transparent and Reproducible Social Science Research, Table 3.1 ("Reproduced from
# Ioannidis (2005: table 4; DOI: 10.1371/journal.pmed.0020124.t004)"). In that text the
# PPV of row 6 (adequately powered exploratory epidemiological study) was lost in
# extraction; its 0.20 comes from a second transcription of Table 4 and is the only
# value here not read from a reproduction of the table itself.
IOANNIDIS_TABLE_4 = [
    (0.80, 1 / 1, 0.10, 0.85, 2),  # adequately powered RCT, little bias, 1:1 odds
    (0.95, 2 / 1, 0.30, 0.85, 2),  # confirmatory meta-analysis of good-quality RCTs
    (0.80, 1 / 3, 0.40, 0.41, 2),  # meta-analysis of small inconclusive studies
    (0.20, 1 / 5, 0.20, 0.23, 2),  # underpowered, well-performed phase I/II RCT
    (0.20, 1 / 5, 0.80, 0.17, 2),  # underpowered, poorly performed phase I/II RCT
    (0.80, 1 / 10, 0.30, 0.20, 2),  # adequately powered exploratory epidemiological study
    (0.20, 1 / 10, 0.30, 0.12, 2),  # underpowered exploratory epidemiological study
    (0.20, 1 / 1000, 0.80, 0.0010, 4),  # discovery-oriented research, massive testing
    (0.20, 1 / 1000, 0.20, 0.0015, 4),  # as above, more limited bias
]

# Button et al. (2013), Nat Rev Neurosci 14:365, doi:10.1038/nrn3475, work an example of
# the unbiased PPV in their text. Its printed numbers could not be retrieved for this
# test (the searchable copies of the article stop before that passage), so no value
# from it is frozen here; the u = 0 formula it uses is checked by the properties below.


@pytest.mark.parametrize("power, odds, bias, printed, decimals", IOANNIDIS_TABLE_4)
def test_ioannidis_table_4(power, odds, bias, printed, decimals):
    value = ppv(power, 0.05, prior_odds=odds, bias=bias)
    assert round(value, decimals) == pytest.approx(printed, abs=1e-12)


def test_table_4_vectorised():
    power, odds, bias, printed, decimals = map(np.array, zip(*IOANNIDIS_TABLE_4, strict=True))
    values = ppv(power, prior_odds=odds, bias=bias)
    assert isinstance(values, np.ndarray) and values.shape == (9,)
    assert all(round(v, int(k)) == pytest.approx(p)
               for v, k, p in zip(values, decimals, printed, strict=True))


@FAST
@given(st.floats(0.0, 1.0), st.floats(1e-4, 0.5), st.floats(1e-4, 1e3), st.floats(0.0, 1.0))
def test_is_bayes_rule_with_biased_reporting(power, alpha, odds, bias):
    # Independent derivation: prior probability pi = R / (1 + R); a true relationship is
    # claimed when significant or, failing that, through bias; a null one likewise.
    pi = odds / (1 + odds)
    claim_if_true = power + bias * (1 - power)
    claim_if_null = alpha + bias * (1 - alpha)
    expected = pi * claim_if_true / (pi * claim_if_true + (1 - pi) * claim_if_null)
    assert ppv(power, alpha, prior_odds=odds, bias=bias) == pytest.approx(expected, rel=1e-10)


@FAST
@given(st.floats(0.01, 0.99), st.floats(0.001, 0.2), st.floats(1e-3, 100.0),
       st.floats(0.0, 0.9))
def test_monotone(power, alpha, odds, bias):
    value = ppv(power, alpha, prior_odds=odds, bias=bias)
    assert 0.0 <= value <= 1.0
    assert ppv(min(power + 0.01, 1.0), alpha, prior_odds=odds, bias=bias) >= value - 1e-12
    assert ppv(power, alpha, prior_odds=odds * 1.1, bias=bias) >= value - 1e-12
    assert ppv(power, alpha * 0.9, prior_odds=odds, bias=bias) >= value - 1e-12
    # more bias lowers the PPV unless the study has no more power than alpha (Ioannidis)
    assume(power > alpha)
    assert ppv(power, alpha, prior_odds=odds, bias=bias + 0.1) <= value + 1e-12


def test_limits_and_types():
    # no power, no bias: nothing true is ever claimed
    assert ppv(0.0, prior_odds=1.0) == 0.0
    # power equal to alpha: a claim carries no information, PPV is the prior probability
    assert ppv(0.05, 0.05, prior_odds=0.25) == pytest.approx(0.2)
    assert type(ppv(0.8, prior_odds=1.0)) is float
    grid = ppv(np.linspace(0.1, 0.9, 5)[:, None], prior_odds=[0.1, 1.0])
    assert grid.shape == (5, 2) and np.all(np.diff(grid, axis=0) > 0)


def test_bad_input():
    with pytest.raises(ValueError, match=r"power must be in \[0, 1\], got 1.2"):
        ppv(1.2, prior_odds=1.0)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\)"):
        ppv(0.8, 0.0, prior_odds=1.0)
    with pytest.raises(ValueError, match="prior_odds must be > 0"):
        ppv(0.8, prior_odds=0.0)
    with pytest.raises(ValueError, match=r"bias must be in \[0, 1\]"):
        ppv(0.8, prior_odds=1.0, bias=-0.1)
    with pytest.raises(TypeError, match="prior_odds"):
        ppv(0.8, prior_odds="1:4")
    with pytest.raises(ValueError, match="power and prior_odds must have broadcastable"):
        ppv([0.2, 0.8], prior_odds=[1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="prior_odds"):
        ppv(0.8)  # the pre-study odds must be stated
