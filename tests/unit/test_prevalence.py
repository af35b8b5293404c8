"""Prevalence x population, and checks of vague quantities such as "tens of millions".

Reference values come from an independent published worked example: the United States
Bone and Joint Initiative's table of osteoporosis in US adults aged 50 and over (BMUS
2014, Table 5.1), which lists each population, its prevalence and the resulting count,
and the abstract of Wright et al. (2014, doi:10.1002/jbmr.2269).
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exneuro import prevalence as pv

# --- reference values ----------------------------------------------------------------------

# (population, prevalence %, published count in millions, published interval in millions)
BMUS_ROWS = [
    (99_048_838, 10.3, 10.2),   # both sexes, osteoporosis
    (53_151_456, 15.4, 8.2),    # women
    (45_897_382, 4.3, 2.0),     # men
    (11_236_760, 26.2, 2.9),    # both sexes aged 80 and over
    (99_048_838, 43.9, 43.4),   # both sexes, low bone mass
]


@pytest.mark.parametrize("population, percent, published", BMUS_ROWS)
def test_counts_reproduce_the_published_table(population, percent, published):
    count = pv.count_from_prevalence(percent, population).estimate / 1e6
    # The table's prevalences are rounded to 0.1 %, so the product can differ from the
    # published count by up to population * 0.05 % (plus the count's own rounding).
    tolerance = population * 0.0005 / 1e6 + 0.05
    assert abs(count - published) <= tolerance


def test_wright_abstract_population_is_implied_by_its_count():
    # "more than 99 million adults"; 10.2 million at 10.3 %.
    assert 98e6 < pv.implied_population(10.2e6, 10.3) < 100e6


def test_interval_is_carried_through():
    est = pv.count_from_prevalence(18.3, 1e8, 16.2, 20.7)
    assert est.estimate == pytest.approx(18.3e6)
    assert est.low == pytest.approx(16.2e6)
    assert est.high == pytest.approx(20.7e6)
    assert est.to_dict()["population"] == 1e8


def test_without_interval_low_and_high_equal_the_estimate():
    est = pv.count_from_prevalence(50, 10)
    assert est.low == est.estimate == est.high == 5


# --- orders of magnitude and phrases -------------------------------------------------------

@pytest.mark.parametrize("value, k", [(1, 0), (9.999, 0), (10, 1), (1e7, 7), (99_999_999, 7),
                                      (1e8, 8), (0.5, -1), (1e-3, -3), (1e15, 15),
                                      # log10 rounds these up to the next integer
                                      (999.9999999999999, 2), (9999999999999998.0, 15)])
def test_order_of_magnitude(value, k):
    assert pv.order_of_magnitude(value) == k


@given(st.integers(min_value=-20, max_value=20), st.floats(min_value=1.0, max_value=9.999))
def test_order_of_magnitude_property(k, mantissa):
    assert pv.order_of_magnitude(mantissa * 10.0**k) == k


def test_phrases_are_one_order_wide_and_contiguous():
    ranges = sorted(pv.VAGUE_QUANTITIES.values())
    for low, high in ranges:
        assert high == pytest.approx(10 * low)
    for (_, high), (low, _) in itertools.pairwise(ranges):
        assert high == low
    assert pv.vague_quantity_range("  Tens  of MILLIONS ") == (1e7, 1e8)


def test_phrase_errors():
    with pytest.raises(ValueError, match="phrase must be one of"):
        pv.vague_quantity_range("zillions")
    with pytest.raises(TypeError, match="phrase must be a str"):
        pv.vague_quantity_range(10)


def test_populations_matching():
    low, high = pv.populations_matching(1e7, 1e8, 10.0)
    assert (low, high) == pytest.approx((1e8, 1e9))
    with pytest.raises(ValueError, match="range_low must be < range_high"):
        pv.populations_matching(1e8, 1e7, 10.0)
    with pytest.raises(ValueError, match="prevalence must be"):
        pv.populations_matching(1e7, 1e8, 0.0)


@given(st.floats(min_value=1e3, max_value=1e9), st.floats(min_value=0.1, max_value=100.0))
def test_populations_matching_round_trip(range_low, percent):
    low, high = pv.populations_matching(range_low, 10 * range_low, percent)
    assert pv.count_from_prevalence(percent, low).estimate == pytest.approx(range_low)
    assert pv.count_from_prevalence(percent, high).estimate == pytest.approx(10 * range_low)


# --- checking a phrase against an estimate -------------------------------------------------

TENS = (1e7, 1e8 - 1)


def test_verdicts_on_the_book_examples():
    # US adults 50+ (BMUS): 10.2 million, 95 % CI 9.4-10.9 million: crosses 10 million.
    us = pv.check_quantity(10.2e6, *TENS, low=9.4e6, high=10.9e6)
    assert us.verdict == "borderline" and us.orders_apart == 0
    # IOF: "over 200 million women": above the whole range.
    iof = pv.check_quantity(200e6, *TENS, open_above=True)
    assert iof.verdict == "understatement" and iof.orders_apart == 1 and math.isinf(iof.high)
    # US women: 8.2 (7.5-8.9) million: below "tens of millions".
    women = pv.check_quantity(8.2e6, *TENS, low=7.5e6, high=8.9e6)
    assert women.verdict == "overstatement" and women.orders_apart == -1
    # Low bone mass, 43.4 (42.0-44.8) million: inside.
    lbm = pv.check_quantity(43.4e6, *TENS, low=42.0e6, high=44.8e6)
    assert lbm.verdict == "consistent"
    assert set(lbm.to_dict()) == {"estimate", "low", "high", "range_low", "range_high",
                                  "verdict", "orders_apart"}


def test_point_estimate_on_the_edge_is_inside():
    assert pv.check_quantity(1e7, *TENS).verdict == "consistent"


@given(st.floats(min_value=1.0, max_value=1e12))
def test_point_estimates_get_a_definite_verdict(estimate):
    verdict = pv.check_quantity(estimate, *TENS).verdict
    assert verdict in pv.VERDICTS and verdict != "borderline"
    inside = TENS[0] <= estimate <= TENS[1]
    assert (verdict == "consistent") == inside


@given(st.floats(min_value=1.0, max_value=1e10), st.floats(min_value=1.0, max_value=3.0))
def test_widening_an_interval_never_makes_it_consistent(estimate, factor):
    narrow = pv.check_quantity(estimate, *TENS).verdict
    wide = pv.check_quantity(estimate, *TENS, low=estimate / factor, high=estimate * factor).verdict
    if narrow != "consistent":
        assert wide != "consistent"


def test_check_errors_name_the_argument():
    with pytest.raises(ValueError, match="estimate must be > 0"):
        pv.check_quantity(0, *TENS)
    with pytest.raises(ValueError, match="range_low must be < range_high"):
        pv.check_quantity(5, 10, 1)
    with pytest.raises(ValueError, match="low <= estimate <= high"):
        pv.check_quantity(5, *TENS, low=6)
    with pytest.raises(ValueError, match="high must be omitted"):
        pv.check_quantity(5, *TENS, high=6, open_above=True)
    with pytest.raises(TypeError, match="open_above must be a bool"):
        pv.check_quantity(5, *TENS, open_above=1)
    with pytest.raises(TypeError, match="estimate must be a real number"):
        pv.check_quantity("5", *TENS)
    with pytest.raises(TypeError, match="must be a scalar"):
        pv.check_quantity([5, 6], *TENS)


def test_prevalence_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"prevalence must be in \[0, 100\]"):
        pv.count_from_prevalence(120, 1e6)
    with pytest.raises(ValueError, match="population must be > 0"):
        pv.count_from_prevalence(10, 0)
    with pytest.raises(ValueError, match="given together"):
        pv.count_from_prevalence(10, 1e6, prevalence_low=5)
    with pytest.raises(ValueError, match="prevalence_low <= prevalence <= prevalence_high"):
        pv.count_from_prevalence(10, 1e6, 12, 15)
    with pytest.raises(ValueError, match=r"prevalence must be in \(0, 100\]"):
        pv.implied_population(1e6, 0)
    with pytest.raises(ValueError, match="count must be > 0"):
        pv.implied_population(-1, 10)
    with pytest.raises(TypeError, match="value must be a real number"):
        pv.order_of_magnitude(None)
    with pytest.raises(ValueError, match="value must be"):
        pv.order_of_magnitude(float("inf"))


@given(st.floats(min_value=0.01, max_value=100.0), st.floats(min_value=1.0, max_value=1e10))
def test_implied_population_inverts_count(percent, population):
    count = pv.count_from_prevalence(percent, population).estimate
    assert pv.implied_population(count, percent) == pytest.approx(population)


@given(st.floats(min_value=0.0, max_value=100.0), st.floats(min_value=0.0, max_value=100.0),
       st.floats(min_value=1.0, max_value=1e10))
def test_count_rises_with_prevalence(p1, p2, population):
    a = pv.count_from_prevalence(min(p1, p2), population).estimate
    b = pv.count_from_prevalence(max(p1, p2), population).estimate
    assert a <= b


# --- an interval around a reported percentage --------------------------------------------

def _wilson(percent, n, z=1.959963984540054):
    # Wilson (1927), written out: centre and half-width of the score interval
    p = percent / 100
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return 100 * max(centre - half, 0.0), 100 * min(centre + half, 1.0)


@pytest.mark.parametrize("percent, n", [(2, 482), (35, 482), (47, 343), (0, 10), (100, 10), (50, 100)])
def test_percent_interval_is_the_wilson_score_interval(percent, n):
    assert pv.percent_interval(percent, n) == pytest.approx(_wilson(percent, n), abs=1e-9)
    assert pv.percent_interval(50, 100) == pytest.approx((40.383, 59.617), abs=1e-3)


def test_percent_interval_narrows_with_n_and_widens_with_the_level():
    narrow, wide = pv.percent_interval(30, 400), pv.percent_interval(30, 40)
    assert wide[0] < narrow[0] < 30 < narrow[1] < wide[1]
    low99, high99 = pv.percent_interval(30, 40, level=0.99)
    assert low99 < wide[0] and high99 > wide[1]


def test_percent_interval_rejects_bad_input():
    with pytest.raises(ValueError, match="percent must be in"):
        pv.percent_interval(120, 10)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        pv.percent_interval(50, 0)
    with pytest.raises(ValueError, match="level must be"):
        pv.percent_interval(50, 10, level=1.5)
