"""Tests for exneuro.reexpress."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, getcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from exneuro.reexpress import (
    ChangeReexpression,
    PCheck,
    _round_sqrt,
    check_reported_p,
    ci_to_se,
    fold_change_to_ratio,
    grim_consistent,
    grimmer_consistent,
    log2_fold_change,
    log_ratio,
    p_from_chi2,
    p_from_f,
    p_from_r,
    p_from_t,
    p_from_z,
    percent_change_to_ratio,
    ratio_to_fold_change,
    ratio_to_percent_change,
    reexpress_percent_change,
    sd_to_sem,
    se_to_ci,
    sem_to_sd,
)

FAST = settings(max_examples=60, deadline=None)

# ---------------------------------------------------------------------------
# Percent change, ratio, fold change
# ---------------------------------------------------------------------------


class TestPercentRatioFold:
    def test_percent_to_ratio_examples(self):
        assert percent_change_to_ratio(-70) == pytest.approx(0.30, abs=1e-15)
        assert percent_change_to_ratio(200) == 3.0
        assert percent_change_to_ratio(0) == 1.0
        assert type(percent_change_to_ratio(10)) is float

    def test_percent_to_ratio_vectorised(self):
        out = percent_change_to_ratio(np.array([-50, 0, 100]))
        assert isinstance(out, np.ndarray)
        np.testing.assert_allclose(out, [0.5, 1.0, 2.0])

    def test_percent_limit_message(self):
        with pytest.raises(ValueError) as info:
            percent_change_to_ratio(-120)
        assert str(info.value) == (
            "percent must be > -100 (a reduction of 100% or more has no ratio), got -120"
        )
        with pytest.raises(ValueError, match="percent must be > -100"):
            percent_change_to_ratio(-100)
        with pytest.raises(ValueError, match="percent"):
            percent_change_to_ratio([10, -100])

    @pytest.mark.parametrize("bad", ["70", True, None])
    def test_percent_type_errors(self, bad):
        with pytest.raises(TypeError, match="percent"):
            percent_change_to_ratio(bad)

    def test_ratio_to_percent(self):
        assert ratio_to_percent_change(0.3) == pytest.approx(-70.0)
        assert ratio_to_percent_change(3.0) == pytest.approx(200.0)
        for bad in (0, -1, np.nan):
            with pytest.raises(ValueError, match="ratio"):
                ratio_to_percent_change(bad)

    def test_signed_fold_change(self):
        assert ratio_to_fold_change(3.0) == 3.0
        assert ratio_to_fold_change(1.0) == 1.0
        # 1 / 0.30 = 3.333..., reported as "3.3-fold fewer"
        assert ratio_to_fold_change(0.30) == pytest.approx(-10 / 3)
        np.testing.assert_allclose(ratio_to_fold_change([0.5, 2.0]), [-2.0, 2.0])
        with pytest.raises(ValueError, match="ratio must be > 0"):
            ratio_to_fold_change(0)

    def test_fold_to_ratio(self):
        assert fold_change_to_ratio(-10 / 3) == pytest.approx(0.30)
        assert fold_change_to_ratio(-3.333) == pytest.approx(0.30, abs=1e-4)
        assert fold_change_to_ratio(3.0) == 3.0
        assert fold_change_to_ratio(-1.0) == 1.0
        np.testing.assert_allclose(fold_change_to_ratio([-2.0, 4.0]), [0.5, 4.0])
        with pytest.raises(ValueError, match=r"fold must satisfy \|fold\| >= 1"):
            fold_change_to_ratio(0.5)
        with pytest.raises(ValueError, match="fold must satisfy"):
            fold_change_to_ratio([2.0, -0.9])
        with pytest.raises(TypeError, match="fold"):
            fold_change_to_ratio("2")

    def test_logs(self):
        assert log2_fold_change(0.25) == -2.0
        assert log2_fold_change(0.3) == pytest.approx(math.log2(0.3))
        assert log_ratio(0.3) == pytest.approx(math.log(0.3))
        np.testing.assert_allclose(log_ratio([1.0, math.e]), [0.0, 1.0])
        for function in (log2_fold_change, log_ratio):
            with pytest.raises(ValueError, match="ratio must be > 0"):
                function(-0.3)

    @FAST
    @given(st.floats(min_value=-99.9, max_value=1e4))
    def test_percent_round_trip(self, percent):
        ratio = percent_change_to_ratio(percent)
        assert ratio_to_percent_change(ratio) == pytest.approx(percent, abs=1e-9)

    @FAST
    @given(
        st.floats(min_value=1.0, max_value=1e3)
        | st.floats(min_value=-1e3, max_value=-1.0)
    )
    def test_fold_round_trip(self, fold):
        ratio = fold_change_to_ratio(fold)
        back = ratio_to_fold_change(ratio)
        # fold = -1 and fold = 1 both mean "no change" (ratio 1), reported as +1
        expected = 1.0 if abs(fold) == 1.0 else fold
        assert back == pytest.approx(expected, rel=1e-12)

    @FAST
    @given(st.floats(min_value=1e-3, max_value=1e3))
    def test_fold_sign_matches_log(self, ratio):
        fold = ratio_to_fold_change(ratio)
        assert abs(fold) >= 1.0
        assert (fold < 0) == (log_ratio(ratio) < 0)


class TestReexpressPercentChange:
    def test_seventy_percent_fewer(self):
        result = reexpress_percent_change(-70)
        assert isinstance(result, ChangeReexpression)
        assert result.ratio == pytest.approx(0.30)
        assert result.fold_change == pytest.approx(-3.3333333333)
        assert result.log2_fold_change == pytest.approx(math.log2(0.3))
        assert result.log_ratio == pytest.approx(math.log(0.3))
        assert result.describe() == (
            "70% fewer: ratio 0.30, 3.3-fold fewer, log2 fold change \u22121.74, "
            "ln ratio \u22121.20"
        )

    def test_two_hundred_percent_more(self):
        text = reexpress_percent_change(200).describe()
        # log2(3) = 1.585, ln(3) = 1.0986
        assert text == "200% more: ratio 3.00, 3.0-fold more, log2 fold change 1.58, ln ratio 1.10"

    def test_no_change_and_custom_words(self):
        assert reexpress_percent_change(0).describe().startswith("no change: ratio 1.00")
        text = reexpress_percent_change(-50).describe(more="higher", fewer="lower")
        assert text.startswith("50% lower: ratio 0.50, 2.0-fold lower")

    def test_describe_uses_unicode_minus_only(self):
        text = reexpress_percent_change(-33.3).describe()
        assert "-" not in text.replace("-fold", "")
        assert "\u2212" in text
        assert text.startswith("33.3% fewer")

    def test_frozen_and_dict(self):
        result = reexpress_percent_change(50)
        with pytest.raises(AttributeError):
            result.ratio = 2.0  # type: ignore[misc]
        assert result.to_dict()["ratio"] == 1.5

    def test_rejects_arrays_and_bad_values(self):
        with pytest.raises(TypeError, match="percent"):
            reexpress_percent_change([10, 20])
        with pytest.raises(ValueError, match="percent must be > -100"):
            reexpress_percent_change(-150)


# ---------------------------------------------------------------------------
# SEM, SD, CI
# ---------------------------------------------------------------------------


class TestSpread:
    def test_sem_sd(self):
        assert sem_to_sd(2.0, 16) == 8.0  # 2 * sqrt(16)
        assert sd_to_sem(8.0, 16) == 2.0
        np.testing.assert_allclose(sem_to_sd([1.0, 2.0], [4, 9]), [2.0, 6.0])

    @FAST
    @given(st.floats(min_value=1e-6, max_value=1e6), st.integers(min_value=2, max_value=10_000))
    def test_sem_sd_round_trip(self, sem, n):
        assert sd_to_sem(sem_to_sd(sem, n), n) == pytest.approx(sem, rel=1e-12)

    @pytest.mark.parametrize("function", [sem_to_sd, sd_to_sem])
    def test_bad_input(self, function):
        name = "sem" if function is sem_to_sd else "sd"
        with pytest.raises(ValueError, match=f"{name} must be > 0"):
            function(0.0, 10)
        with pytest.raises(ValueError, match="n must be an integer >= 2, got 1"):
            function(1.0, 1)
        with pytest.raises(ValueError, match="n must be an integer >= 2, got 2.5"):
            function(1.0, 2.5)
        with pytest.raises(TypeError, match="n"):
            function(1.0, True)
        with pytest.raises(ValueError, match=f"{name} and n must have broadcastable shapes"):
            function([1.0, 2.0], [3, 4, 5])

    def test_ci_to_se_normal_matches_scipy_interval(self):
        # scipy.stats.norm.interval builds the CI independently
        lower, upper = stats.norm.interval(0.95, loc=1.3, scale=0.4)
        assert ci_to_se(lower, upper) == pytest.approx(0.4, rel=1e-12)
        lower90, upper90 = stats.norm.interval(0.90, loc=0.0, scale=2.0)
        assert ci_to_se(lower90, upper90, level=0.90) == pytest.approx(2.0, rel=1e-12)

    def test_ci_to_se_t_matches_scipy_interval(self):
        lower, upper = stats.t.interval(0.95, 10, loc=5.0, scale=2.0)
        assert ci_to_se(lower, upper, df=10) == pytest.approx(2.0, rel=1e-12)
        out = ci_to_se([lower, lower], [upper, upper], df=[10, 10])
        np.testing.assert_allclose(out, [2.0, 2.0], rtol=1e-12)

    def test_se_to_ci(self):
        assert se_to_ci(1.3, 0.4) == pytest.approx(stats.norm.interval(0.95, 1.3, 0.4), rel=1e-12)
        assert se_to_ci(5.0, 2.0, level=0.99, df=7) == pytest.approx(
            stats.t.interval(0.99, 7, loc=5.0, scale=2.0), rel=1e-12
        )
        lower, upper = se_to_ci([0.0, 1.0], 1.0)
        assert isinstance(lower, np.ndarray) and lower.shape == (2,)
        # textbook value: the 97.5th normal percentile is 1.959964
        assert upper[0] == pytest.approx(1.959964, abs=1e-6)

    def test_ci_bad_input(self):
        with pytest.raises(ValueError, match="upper must be greater than lower"):
            ci_to_se(2.0, 1.0)
        with pytest.raises(ValueError, match="level must be in"):
            ci_to_se(1.0, 2.0, level=1.5)
        with pytest.raises(ValueError, match="df must be > 0"):
            ci_to_se(1.0, 2.0, df=0)
        with pytest.raises(ValueError, match="se must be > 0"):
            se_to_ci(1.0, -1.0)
        with pytest.raises(TypeError, match="estimate"):
            se_to_ci("1", 1.0)
        with pytest.raises(ValueError, match="lower and upper"):
            ci_to_se([1.0, 2.0], [3.0, 4.0, 5.0])


# ---------------------------------------------------------------------------
# GRIM and GRIMMER
# ---------------------------------------------------------------------------


def _round_decimal(value: Fraction, decimals: int, mode: str) -> Decimal:
    """Round an exact fraction with the decimal module (independent of the code under test)."""
    getcontext().prec = 60
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


class TestGrim:
    def test_hand_worked_example(self):
        # n = 28: 145/28 = 5.1786 -> 5.18 and 146/28 = 5.2143 -> 5.21, so 5.19 is impossible
        assert not grim_consistent(5.19, 28)
        assert grim_consistent(5.18, 28)
        assert grim_consistent(5.21, 28)

    def test_rounding_of_ties(self):
        # 1/8 = 0.125 exactly: half-up gives 0.13, half-even gives 0.12
        assert grim_consistent(0.13, 8, rounding="half_up")
        assert not grim_consistent(0.13, 8, rounding="half_even")
        assert grim_consistent(0.12, 8, rounding="half_even")
        assert not grim_consistent(0.12, 8, rounding="half_up")
        assert grim_consistent(0.13, 8) and grim_consistent(0.12, 8)  # "either"
        # 3/8 = 0.375: half-even rounds to the even neighbour 0.38
        assert grim_consistent(0.38, 8, rounding="half_even")

    def test_negative_means_round_away_from_zero(self):
        assert grim_consistent(-0.13, 8, rounding="half_up")
        assert not grim_consistent(-0.13, 8, rounding="half_even")

    def test_multi_item_scales(self):
        # 10 people x 3 items: means are multiples of 1/30; 76/30 = 2.5333
        assert grim_consistent(2.53, 10, items=3)
        # 75/30 = 2.50 and 76/30 = 2.53, nothing rounds to 2.52
        assert not grim_consistent(2.52, 10, items=3)

    def test_decimals_and_trailing_zeros(self):
        assert grim_consistent(5.1, 7, decimals=1)  # 36/7 = 5.14 -> 5.1
        assert not grim_consistent(5.1, 7)  # read as 5.10: 36/7 = 5.14, 35/7 = 5.00
        assert grim_consistent(5, 7, decimals=0)

    def test_large_samples_cannot_fail(self):
        assert grim_consistent(3.14, 100)
        assert grim_consistent(3.14, 40, items=3)

    @FAST
    @given(st.lists(st.integers(min_value=-3, max_value=9), min_size=1, max_size=60),
           st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN]), st.integers(1, 3))
    def test_real_integer_data_always_pass(self, data, mode, decimals):
        mean = _round_decimal(Fraction(sum(data), len(data)), decimals, mode)
        assert grim_consistent(float(mean), len(data), decimals=decimals)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="mean has more than decimals=2"):
            grim_consistent(5.193, 28)
        with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
            grim_consistent(5.19, 0)
        with pytest.raises(ValueError, match="items must be an integer >= 1"):
            grim_consistent(5.19, 10, items=0)
        with pytest.raises(ValueError, match="decimals must be an integer >= 0"):
            grim_consistent(5.19, 10, decimals=-1)
        with pytest.raises(TypeError, match="n"):
            grim_consistent(5.19, True)
        with pytest.raises(TypeError, match="mean"):
            grim_consistent("5.19", 10)
        with pytest.raises(ValueError, match="mean must be finite"):
            grim_consistent(np.nan, 10)
        with pytest.raises(ValueError, match="rounding must be one of"):
            grim_consistent(5.19, 28, rounding="truncate")  # type: ignore[arg-type]


class TestGrimmer:
    def test_hand_worked_examples(self):
        # data 1, 2, 3: mean 2, SD 1
        assert grimmer_consistent(2.0, 1.0, 3)
        # sum must be 6, so SD^2 = (Q - 12) / 2 with Q integer: SD 1.10 needs Q = 14.42
        assert not grimmer_consistent(2.0, 1.1, 3)
        # data 2, 3, 3, 3, 4: sum 15, sum of squares 47, SD = sqrt(0.5) = 0.71
        assert grimmer_consistent(3.0, 0.71, 5)

    def test_exact_ties_of_square_roots(self):
        # sqrt(81/64) = 1.125 exactly: half-up gives 1.13, half-even gives 1.12
        scaled = Fraction(81, 64) * 100**2
        assert _round_sqrt(scaled, "half_up") == 113
        assert _round_sqrt(scaled, "half_even") == 112
        # sqrt = 113.5 exactly: both go up (114 is even)
        assert _round_sqrt(Fraction(227, 2) ** 2, "half_even") == 114
        assert _round_sqrt(Fraction(12769), "half_up") == 113  # exactly 113

    def test_parity_rule(self):
        # mean 3.00 with n = 5 forces sum 15 (odd); SD 0.50 needs Q = 46 (even),
        # but a sum of squares has the parity of the sum, so this is impossible
        assert not grimmer_consistent(3.0, 0.5, 5)

    def test_inconsistent_mean_fails(self):
        assert not grimmer_consistent(5.19, 1.0, 28)

    def test_zero_sd(self):
        assert grimmer_consistent(4.0, 0.0, 6)  # all six values equal 4
        assert not grimmer_consistent(4.5, 0.0, 6)  # 27/6 needs unequal values

    def test_rounding_option(self):
        assert grimmer_consistent(2.0, 1.0, 3, rounding="half_even")
        with pytest.raises(ValueError, match="rounding"):
            grimmer_consistent(2.0, 1.0, 3, rounding="nearest")  # type: ignore[arg-type]

    @FAST
    @given(st.lists(st.integers(min_value=0, max_value=7), min_size=2, max_size=40),
           st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN]))
    def test_real_integer_data_always_pass(self, data, mode):
        n = len(data)
        mean = Fraction(sum(data), n)
        variance = sum((Fraction(x) - mean) ** 2 for x in data) / (n - 1)
        getcontext().prec = 60
        sd = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
        sd_rounded = sd.quantize(Decimal("0.01"), rounding=mode)
        mean_rounded = _round_decimal(mean, 2, mode)
        assert grimmer_consistent(float(mean_rounded), float(sd_rounded), n)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n must be an integer >= 2, got 1"):
            grimmer_consistent(2.0, 1.0, 1)
        with pytest.raises(ValueError, match="sd must be >= 0"):
            grimmer_consistent(2.0, -1.0, 5)
        with pytest.raises(ValueError, match="sd has more than decimals=2"):
            grimmer_consistent(2.0, 1.234, 5)
        with pytest.raises(TypeError, match="sd"):
            grimmer_consistent(2.0, None, 5)


# ---------------------------------------------------------------------------
# p-values
# ---------------------------------------------------------------------------


class TestPValues:
    def test_p_from_t_matches_scipy_ttest(self):
        result = stats.ttest_ind_from_stats(10.0, 2.0, 12, 8.5, 2.5, 12)
        assert p_from_t(result.statistic, 22) == pytest.approx(result.pvalue, rel=1e-12)
        assert p_from_t(-result.statistic, 22) == pytest.approx(result.pvalue, rel=1e-12)

    def test_p_from_f_equals_t_squared(self):
        result = stats.ttest_ind_from_stats(10.0, 2.0, 12, 8.5, 2.5, 12)
        assert p_from_f(result.statistic**2, 1, 22) == pytest.approx(result.pvalue, rel=1e-10)

    def test_p_from_f_matches_scipy_anova(self):
        groups = [np.array([3.1, 4.2, 5.0, 4.4]), np.array([5.5, 6.1, 5.9, 7.0]),
                  np.array([4.0, 4.8, 5.2, 3.9])]
        result = stats.f_oneway(*groups)
        assert p_from_f(result.statistic, 2, 9) == pytest.approx(result.pvalue, rel=1e-10)

    def test_p_from_chi2_matches_contingency_test(self):
        table = np.array([[12, 8], [5, 15]])
        chi2, p, df, _ = stats.chi2_contingency(table, correction=False)
        assert p_from_chi2(chi2, df) == pytest.approx(p, rel=1e-12)

    def test_p_from_z(self):
        # 1.959964 is the textbook two-sided 5% critical value
        assert p_from_z(1.959963984540054) == pytest.approx(0.05, rel=1e-12)
        np.testing.assert_allclose(p_from_z([-1.959963984540054, 0.0]), [0.05, 1.0])

    def test_p_from_r_matches_pearsonr(self):
        rng = np.random.default_rng(7)
        x = rng.normal(size=25)
        y = 0.4 * x + rng.normal(size=25)
        r, p = stats.pearsonr(x, y)
        assert p_from_r(r, 25) == pytest.approx(p, rel=1e-10)

    def test_vectorised(self):
        out = p_from_t([2.0, 3.0], [10, 20])
        assert isinstance(out, np.ndarray) and out.shape == (2,)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="df must be > 0"):
            p_from_t(2.0, 0)
        with pytest.raises(ValueError, match="f must be >= 0"):
            p_from_f(-1.0, 1, 10)
        with pytest.raises(ValueError, match="df2 must be > 0"):
            p_from_f(1.0, 1, -10)
        with pytest.raises(ValueError, match="chi2 must be >= 0"):
            p_from_chi2(-0.1, 1)
        with pytest.raises(ValueError, match="z must be finite"):
            p_from_z(np.inf)
        with pytest.raises(ValueError, match=r"r must be in \(-1, 1\), got 1.0"):
            p_from_r(1.0, 10)
        with pytest.raises(ValueError, match="n must be an integer >= 3"):
            p_from_r(0.5, 2)
        with pytest.raises(TypeError, match="t"):
            p_from_t("2.1", 10)
        with pytest.raises(ValueError, match="t and df"):
            p_from_t([1.0, 2.0], [3.0, 4.0, 5.0])


class TestCheckReportedP:
    def test_exact_reports(self):
        result = check_reported_p(0.03, 0.0312)
        assert isinstance(result, PCheck)
        assert result.consistent and not result.gross
        assert "consistent" in result.message
        assert check_reported_p(0.03, 0.0349).consistent  # rounds to .03
        assert not check_reported_p(0.03, 0.0351).consistent  # rounds to .04

    def test_gross_errors_flip_significance(self):
        gross = check_reported_p(0.04, 0.0812)
        assert not gross.consistent and gross.gross
        assert "gross" in gross.message
        assert check_reported_p(0.06, 0.04).gross
        small = check_reported_p(0.02, 0.04)  # inconsistent but both significant
        assert not small.consistent and not small.gross
        assert "inconsistent" in small.message

    def test_reported_point_zero_five_counts_as_significant(self):
        assert check_reported_p(0.05, 0.0612).gross

    def test_inequalities(self):
        assert check_reported_p(0.05, 0.03, comparison="<").consistent
        less = check_reported_p(0.05, 0.07, comparison="<")
        assert not less.consistent and less.gross
        near = check_reported_p(0.001, 0.002, comparison="<")
        assert not near.consistent and not near.gross
        assert not check_reported_p(0.10, 0.2, comparison="<").gross  # no claim at .05
        assert check_reported_p(0.05, 0.2, comparison=">").consistent
        assert check_reported_p(0.05, 0.01, comparison=">").gross
        assert not check_reported_p(0.01, 0.005, comparison=">").gross
        assert check_reported_p(0.05, 0.05, comparison="<=").consistent
        assert check_reported_p(0.05, 0.05, comparison=">=").consistent

    def test_decimals(self):
        # "p = .030" reported with three decimals: 0.0312 would print as .031
        assert not check_reported_p(0.03, 0.0312, decimals=3).consistent
        assert check_reported_p(0.03, 0.0304, decimals=3).consistent
        assert check_reported_p(0.012, 0.01249).consistent  # inferred three decimals
        with pytest.raises(ValueError, match="reported_p has more than decimals=2"):
            check_reported_p(0.031, 0.03, decimals=2)

    def test_alpha(self):
        assert check_reported_p(0.04, 0.02, alpha=0.01).gross is False
        assert check_reported_p(0.009, 0.02, alpha=0.01).gross

    def test_bad_input(self):
        with pytest.raises(ValueError, match=r"reported_p must be in \(0, 1\]"):
            check_reported_p(0.0, 0.0001)
        with pytest.raises(ValueError, match="recomputed_p must be in"):
            check_reported_p(0.03, 1.2)
        with pytest.raises(ValueError, match="comparison must be one of"):
            check_reported_p(0.03, 0.03, comparison="==")
        with pytest.raises(ValueError, match="alpha must be in"):
            check_reported_p(0.03, 0.03, alpha=0)
        with pytest.raises(TypeError, match="reported_p"):
            check_reported_p("0.03", 0.03)
        with pytest.raises(TypeError, match="recomputed_p"):
            check_reported_p(0.03, [0.03, 0.04])

    def test_to_dict(self):
        assert check_reported_p(0.03, 0.0312).to_dict()["consistent"] is True


# --- the values a rounded number stands for ----------------------------------------------------

def test_rounding_interval_of_printed_numbers():
    from exneuro.reexpress import rounding_interval

    assert rounding_interval(0.005) == pytest.approx((0.0045, 0.0055), abs=1e-15)
    assert rounding_interval(0.02, decimals=3) == pytest.approx((0.0195, 0.0205), abs=1e-15)
    assert rounding_interval(12.0) == (11.5, 12.5)
    with pytest.raises(ValueError, match="reported has more than decimals=1"):
        rounding_interval(0.25, decimals=1)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=4),
       st.floats(min_value=-0.499, max_value=0.499))
def test_rounding_interval_holds_exactly_what_rounds_to_the_report(digits, places, offset):
    from exneuro.reexpress import check_reported_p, rounding_interval

    reported = digits / 10**places if digits < 10**places else 0.5
    reported = float(f"{reported:.{places}f}")
    low, high = rounding_interval(reported, decimals=places)
    inside = reported + offset * (high - low)
    if 0 < inside <= 1:
        assert round(inside, places) == pytest.approx(reported)
        assert check_reported_p(reported, inside, decimals=places).consistent
