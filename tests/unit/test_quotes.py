"""Numbers read back from verbatim quotes: mean ± SD pairs, printed p-values, intervals."""

from __future__ import annotations

import pytest

from exneuro import data, quotes, reexpress


def test_mean_sd_pairs_in_order():
    assert quotes.mean_sd_pairs("32.8 ± 6.5 vs 28.7 ± 7.5, p = 0.0298") == [(32.8, 6.5), (28.7, 7.5)]
    assert quotes.mean_sd_pairs("-1.2 ± 0.4 and 3 ± 1") == [(-1.2, 0.4), (3.0, 1.0)]
    assert quotes.mean_sd_pairs("SMD = 0.37, 95%-CI: 0.25–0.50") == []


def test_every_derived_row_quotes_two_arms():
    # the rows that chapter 5 and the provenance tests read arm summaries from
    effects = data.load_literature_effects()
    derived = effects[(effects["evidence_status"] == "derived") & effects["metric"].isin(["MD", "d"])]
    assert len(derived) >= 3
    assert all(len(quotes.mean_sd_pairs(quote)) == 2 for quote in derived["quote"])


@pytest.mark.parametrize(("quote", "relation", "text", "decimals"), [
    ("Hedges' g = 0.27, p = 0.005", "=", "0.005", 3),
    ("Hedges’ g = 0.46, p < 0.001", "<", "0.001", 3),
    ("SMD −0.51, 95% CI [-0.91; 0.11], p-value = 0.01", "=", "0.01", 2),
    ("g = 0.59, p=0.020", "=", "0.020", 3),
    ("p ≤ .05", "<=", ".05", 2),
])
def test_reported_p_keeps_relation_and_printed_decimals(quote, relation, text, decimals):
    p = quotes.reported_p(quote)
    assert (p.relation, p.text, p.decimals, p.value) == (relation, text, decimals, float(text))
    assert str(p) == f"{relation} {text}"


def test_reported_p_and_rounding_interval_agree_with_check_reported_p():
    p = quotes.reported_p("g = 0.59, p = 0.020")
    low, high = reexpress.rounding_interval(p.value, decimals=p.decimals)
    assert (low, high) == pytest.approx((0.0195, 0.0205), abs=1e-15)
    for inside in (low + 1e-6, 0.02, high - 1e-6):
        assert reexpress.check_reported_p(p.value, inside, decimals=p.decimals).consistent
    for outside in (low - 1e-6, high + 1e-6):
        assert not reexpress.check_reported_p(p.value, outside, decimals=p.decimals).consistent


def test_reported_p_ignores_capitals_and_words_ending_in_p():
    with pytest.raises(ValueError, match="quote must print a p-value"):
        quotes.reported_p("MCAv rose (CI = 2.7–15.6, P = 0.006); SMD 0.3")


@pytest.mark.parametrize(("quote", "expected"), [
    ("MCAv was consistently elevated by 9.1 ± 3.3 cm s−1 (CI = 2.7–15.6, P = 0.006)", (2.7, 15.6)),
    ("SMD −0.51, 95% CI [-0.91; 0.11], p-value = 0.01", (-0.91, 0.11)),
    ("(MD 1.03; 95% confidence interval (CI) 0.24 to 1.82)", (0.24, 1.82)),
])
def test_interval_after_ci(quote, expected):
    assert quotes.interval(quote) == expected


def test_parsers_refuse_what_is_not_a_quote():
    with pytest.raises(ValueError, match="quote must print an interval"):
        quotes.interval("p = 0.01")
    with pytest.raises(TypeError, match="quote must be a str"):
        quotes.mean_sd_pairs(3.2)
    with pytest.raises(ValueError, match="quote must not be empty"):
        quotes.reported_p(" ")
