"""Tests for exneuro.effect_size."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from exneuro import effect_size as es
from exneuro.effect_size import (
    EffectEstimate,
    PercentChangeEffect,
    cohens_d,
    d_confidence_interval,
    d_confidence_interval_normal,
    d_from_paired_t,
    d_from_sem,
    d_from_t,
    d_to_log_odds,
    d_to_r,
    effect_from_percent_change,
    effect_grid_from_percent_change,
    hedges_correction,
    hedges_g,
    log_odds_to_d,
    log_response_ratio,
    r_to_d,
)

FAST = settings(max_examples=60, deadline=None)


def _j_with_math_gamma(df: float) -> float:
    """Hedges' J from the definition, with the standard library's gamma function."""
    return math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))


class TestHedgesCorrection:
    def test_closed_forms(self):
        # J(2) = Gamma(1) / (1 * Gamma(1/2)) = 1 / sqrt(pi)
        assert hedges_correction(2) == pytest.approx(1 / math.sqrt(math.pi), rel=1e-14)
        # J(4) = Gamma(2) / (sqrt(2) Gamma(3/2)) = sqrt(2 / pi)
        assert hedges_correction(4) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-14)

    @pytest.mark.parametrize("df", [2, 3, 5, 10, 22, 38, 57.5, 100, 150])
    def test_matches_math_gamma(self, df):
        assert hedges_correction(df) == pytest.approx(_j_with_math_gamma(df), rel=1e-12)

    @pytest.mark.parametrize("df", [1e3, 1e5, 1e7, 1e10])
    def test_large_df_matches_asymptotic_series(self, df):
        # Gamma(y + 1/2) / Gamma(y) = sqrt(y) (1 - 1/(8y) + 1/(128y^2) + 5/(1024y^3)
        # - 21/(32768y^4) + ...) with y = (df - 1) / 2, so J = sqrt(1 - 1/df) * (...)
        y = (df - 1) / 2
        series = math.sqrt(1 - 1 / df) * (
            1 - 1 / (8 * y) + 1 / (128 * y**2) + 5 / (1024 * y**3) - 21 / (32768 * y**4)
        )
        assert hedges_correction(df) == pytest.approx(series, abs=1e-12)
        # and Hedges' own approximation 1 - 3 / (4 df - 1) is O(df^-2) away
        hedges_approximation = 1 - 3 / (4 * df - 1)
        assert hedges_correction(df) == pytest.approx(hedges_approximation,
                                                      abs=max(1 / df**2, 1e-15))

    def test_vectorised_and_bounded(self):
        values = hedges_correction(np.arange(2, 500))
        assert isinstance(values, np.ndarray)
        assert np.all((values > 0) & (values < 1))
        assert np.all(np.diff(values) > 0)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="df must be > 1, got 1"):
            hedges_correction(1)
        with pytest.raises(TypeError, match="df"):
            hedges_correction("10")


def _two_samples(seed: int = 3, n1: int = 14, n2: int = 11):
    rng = np.random.default_rng(seed)
    return rng.normal(10.0, 2.0, n1), rng.normal(8.8, 2.6, n2)


def _summaries(x, y):
    return (x.mean(), x.std(ddof=1), x.size, y.mean(), y.std(ddof=1), y.size)


class TestStandardisedDifferences:
    def test_cohens_d_matches_pingouin(self):
        x, y = _two_samples()
        expected = pg.compute_effsize(x, y, eftype="cohen")  # pooled-SD d from raw data
        assert cohens_d(*_summaries(x, y)) == pytest.approx(expected, rel=1e-12)

    def test_cohens_d_hand_example(self):
        assert cohens_d(10.0, 2.0, 20, 9.0, 2.0, 20) == 0.5
        # pooled SD = sqrt((9 * 4 + 19 * 9) / 28) = sqrt(207 / 28)
        expected = 1.0 / math.sqrt(207 / 28)
        assert cohens_d(10.0, 2.0, 10, 9.0, 3.0, 20) == pytest.approx(expected, rel=1e-14)

    def test_hedges_g_exact_and_close_to_pingouin_approximation(self):
        x, y = _two_samples()
        summaries = _summaries(x, y)
        d = cohens_d(*summaries)
        df = x.size + y.size - 2
        assert hedges_g(*summaries) == pytest.approx(d * _j_with_math_gamma(df), rel=1e-12)
        # pingouin uses the approximation J = 1 - 3 / (4 N - 9)
        approx = pg.compute_effsize(x, y, eftype="hedges")
        assert hedges_g(*summaries) == pytest.approx(approx, rel=1e-3)

    def test_vectorised_over_groups(self):
        d = cohens_d([1.0, 2.0], 1.0, 10, 0.0, 1.0, [10, 20])
        np.testing.assert_allclose(d, [1.0, 2.0])
        g = hedges_g([1.0, 2.0], 1.0, 10, 0.0, 1.0, 10)
        assert isinstance(g, np.ndarray) and g.shape == (2,)
        assert type(hedges_g(1.0, 1.0, 10, 0.0, 1.0, 10)) is float

    def test_d_from_sem(self):
        # SD = SEM sqrt(n): 0.5 * 4 = 2
        assert d_from_sem(10.0, 0.5, 16, 9.0, 0.5, 16) == pytest.approx(0.5, rel=1e-14)
        out = d_from_sem([10.0, 11.0], 0.5, 16, 9.0, 0.5, 16)
        np.testing.assert_allclose(out, [0.5, 1.0])

    def test_d_from_t_matches_summary_route(self):
        summaries = (10.0, 2.0, 12, 8.5, 2.5, 9)
        t = stats.ttest_ind_from_stats(*summaries, equal_var=True).statistic
        assert d_from_t(t, 12, 9) == pytest.approx(cohens_d(*summaries), rel=1e-12)

    def test_d_from_paired_t_matches_raw_dz(self):
        rng = np.random.default_rng(11)
        before = rng.normal(5, 1, 15)
        after = before + rng.normal(0.4, 0.8, 15)
        t = stats.ttest_rel(after, before).statistic
        diff = after - before
        assert d_from_paired_t(t, 15) == pytest.approx(diff.mean() / diff.std(ddof=1), rel=1e-12)
        assert d_from_paired_t(3.0, 9) == 1.0

    def test_bad_input(self):
        with pytest.raises(ValueError, match="sd1 must be > 0"):
            cohens_d(1.0, 0.0, 10, 0.0, 1.0, 10)
        with pytest.raises(ValueError, match="sd2 must be > 0"):
            hedges_g(1.0, 1.0, 10, 0.0, -1.0, 10)
        with pytest.raises(ValueError) as info:
            cohens_d(1.0, 1.0, 1, 0.0, 1.0, 10)
        assert str(info.value) == "n1 must be an integer >= 2, got 1"
        with pytest.raises(ValueError, match="n2 must be an integer >= 2, got 10.5"):
            cohens_d(1.0, 1.0, 10, 0.0, 1.0, 10.5)
        with pytest.raises(ValueError, match="mean1 must be finite"):
            cohens_d(np.nan, 1.0, 10, 0.0, 1.0, 10)
        with pytest.raises(TypeError, match="mean2"):
            cohens_d(1.0, 1.0, 10, "0", 1.0, 10)
        with pytest.raises(ValueError, match="mean1 and n2 must have broadcastable shapes"):
            cohens_d([1.0, 2.0], 1.0, 10, 0.0, 1.0, [10, 11, 12])
        with pytest.raises(ValueError, match="sem1 must be > 0"):
            d_from_sem(1.0, 0.0, 10, 0.0, 1.0, 10)
        with pytest.raises(ValueError, match="n1 must be an integer >= 2"):
            d_from_t(2.0, 1, 10)
        with pytest.raises(ValueError, match="n must be an integer >= 2"):
            d_from_paired_t(2.0, 1)
        with pytest.raises(TypeError, match="t"):
            d_from_t(True, 10, 10)


class TestConfidenceIntervals:
    @pytest.mark.parametrize(
        "d, n1, n2", [(0.5, 20, 20), (1.2, 5, 7), (-2.0, 4, 4), (0.0, 10, 10), (3.5, 30, 25)]
    )
    def test_exact_ci_matches_scipy_nctdtrinc(self, d, n1, n2):
        # scipy.special.nctdtrinc inverts the noncentral t with its own root finder
        # (the approach of statsmodels.stats.effect_size._noncentrality_t)
        scale = math.sqrt(1 / n1 + 1 / n2)
        expected = special.nctdtrinc(n1 + n2 - 2, [0.975, 0.025], d / scale) * scale
        lower, upper = d_confidence_interval(d, n1, n2)
        assert lower == pytest.approx(expected[0], abs=1e-5)
        assert upper == pytest.approx(expected[1], abs=1e-5)

    @pytest.mark.parametrize("d, n", [(20.0, 2), (60.0, 2), (-60.0, 2), (10.0, 3), (-15.0, 3)])
    def test_exact_ci_extreme_effects(self, d, n):
        # P(T <= t) = E[Phi(t S - ncp)], S = sqrt(chi2_df / df), integrated directly
        df, scale = 2 * n - 2, math.sqrt(2 / n)
        t_obs = d / scale

        def cdf(ncp):
            integrand = lambda v: stats.norm.cdf(t_obs * math.sqrt(v / df) - ncp) * (  # noqa: E731
                stats.chi2.pdf(v, df))
            return integrate.quad(integrand, 0, np.inf, epsabs=1e-13)[0]

        lower, upper = d_confidence_interval(d, n, n)
        assert cdf(lower / scale) == pytest.approx(0.975, abs=1e-8)
        assert cdf(upper / scale) == pytest.approx(0.025, abs=1e-8)

    def test_exact_ci_survives_nan_from_scipy(self, monkeypatch):
        expected = d_confidence_interval(0.8, 10, 10)
        monkeypatch.setattr(stats.nct, "cdf", lambda *args: np.nan)
        assert d_confidence_interval(0.8, 10, 10) == pytest.approx(expected, rel=1e-9)
        monkeypatch.setattr(stats.nct, "sf", lambda *args: np.nan)
        with pytest.raises(FloatingPointError, match="noncentral t cdf is NaN"):
            d_confidence_interval(0.8, 10, 10)

    def test_exact_ci_defining_property(self):
        lower, upper = d_confidence_interval(0.8, 9, 11, level=0.90)
        scale = math.sqrt(1 / 9 + 1 / 11)
        t_obs = 0.8 / scale
        assert stats.nct.sf(t_obs, 18, lower / scale) == pytest.approx(0.05, abs=1e-9)
        assert stats.nct.cdf(t_obs, 18, upper / scale) == pytest.approx(0.05, abs=1e-9)

    def test_exact_ci_approaches_normal_ci_in_large_samples(self):
        exact = d_confidence_interval(0.4, 2000, 2000)
        normal = d_confidence_interval_normal(0.4, 2000, 2000)
        assert exact == pytest.approx(normal, abs=2e-3)
        # in small samples the exact interval is not symmetric around d
        lower, upper = d_confidence_interval(1.5, 5, 5)
        assert abs((upper - 1.5) - (1.5 - lower)) > 0.05

    def test_exact_ci_vectorised(self):
        lower, upper = d_confidence_interval([0.2, 0.8], 12, [12, 20])
        assert isinstance(lower, np.ndarray) and lower.shape == (2,)
        assert lower[1] == pytest.approx(d_confidence_interval(0.8, 12, 20)[0], rel=1e-12)

    @FAST
    @given(st.floats(min_value=0.0, max_value=4.0), st.integers(2, 60), st.integers(2, 60))
    def test_exact_ci_antisymmetric_and_contains_d(self, d, n1, n2):
        lower, upper = d_confidence_interval(d, n1, n2)
        neg_lower, neg_upper = d_confidence_interval(-d, n1, n2)
        assert lower < d < upper
        assert neg_lower == pytest.approx(-upper, abs=1e-8)
        assert neg_upper == pytest.approx(-lower, abs=1e-8)

    def test_normal_ci_matches_pingouin_standard_error(self):
        # pingouin.compute_esci uses the same Hedges-Olkin SE with a t critical value
        d, n1, n2 = 0.62, 14, 17
        pg_lower, pg_upper = pg.compute_esci(d, n1, n2, eftype="cohen", decimals=14)
        pg_se = (pg_upper - pg_lower) / 2 / stats.t.ppf(0.975, n1 + n2 - 2)
        lower, upper = d_confidence_interval_normal(d, n1, n2)
        assert (upper - lower) / 2 / stats.norm.ppf(0.975) == pytest.approx(pg_se, rel=1e-10)
        assert (lower + upper) / 2 == pytest.approx(d, rel=1e-14)

    def test_normal_ci_hand_value(self):
        # var = 40 / 400 + 0.25 / 80 = 0.103125
        lower, upper = d_confidence_interval_normal(0.5, 20, 20)
        assert upper - 0.5 == pytest.approx(1.959963984540054 * math.sqrt(0.103125), rel=1e-12)
        lowers, _ = d_confidence_interval_normal([0.5, 0.5], 20, 20)
        assert isinstance(lowers, np.ndarray)

    def test_bad_input(self):
        for function in (d_confidence_interval, d_confidence_interval_normal):
            with pytest.raises(ValueError, match="level must be in"):
                function(0.5, 10, 10, level=0)
            with pytest.raises(ValueError, match="n2 must be an integer >= 2"):
                function(0.5, 10, 1)
            with pytest.raises(ValueError, match="d must be finite"):
                function(np.inf, 10, 10)


class TestLogResponseRatio:
    def test_hand_example(self):
        # var = 36 / (10 * 900) + 400 / (10 * 10000) = 0.004 + 0.004
        result = log_response_ratio(30.0, 6.0, 10, 100.0, 20.0, 10)
        assert isinstance(result, EffectEstimate)
        assert result.estimate == pytest.approx(math.log(0.3), rel=1e-14)
        assert result.variance == pytest.approx(0.008, rel=1e-12)
        assert result.se == pytest.approx(math.sqrt(0.008), rel=1e-12)
        z = 1.959963984540054
        assert result.ci == pytest.approx(
            (math.log(0.3) - z * math.sqrt(0.008), math.log(0.3) + z * math.sqrt(0.008)),
            rel=1e-12,
        )
        assert result.level == 0.95
        assert result.to_dict()["variance"] == pytest.approx(0.008)

    def test_vectorised(self):
        result = log_response_ratio([30.0, 50.0], 6.0, 10, 100.0, 20.0, 10, level=0.9)
        assert result.estimate.shape == (2,)
        assert result.ci_low[1] < math.log(0.5) < result.ci_high[1]

    def test_bad_input(self):
        with pytest.raises(ValueError, match="mean1 must be > 0"):
            log_response_ratio(0.0, 1.0, 10, 1.0, 1.0, 10)
        with pytest.raises(ValueError, match="mean2 must be > 0"):
            log_response_ratio(1.0, 1.0, 10, -1.0, 1.0, 10)
        with pytest.raises(ValueError, match="sd1 must be > 0"):
            log_response_ratio(1.0, 0.0, 10, 1.0, 1.0, 10)
        with pytest.raises(ValueError, match="n1 must be an integer >= 2"):
            log_response_ratio(1.0, 1.0, 0, 1.0, 1.0, 10)
        with pytest.raises(ValueError, match="level"):
            log_response_ratio(1.0, 1.0, 10, 1.0, 1.0, 10, level=1.0)


class TestConversions:
    def test_d_to_r_matches_pingouin_equal_groups(self):
        for d in (0.2, 0.5, 1.3, -0.7):
            expected = pg.convert_effsize(d, "cohen", "pointbiserialr")
            assert d_to_r(d) == pytest.approx(expected, rel=1e-12)

    def test_d_to_r_with_group_sizes(self):
        # a = (20 + 30)^2 / (20 * 30) = 2500 / 600
        assert d_to_r(0.5, 20, 30) == pytest.approx(0.5 / math.sqrt(0.25 + 2500 / 600))
        assert d_to_r(0.5, 25, 25) == pytest.approx(d_to_r(0.5), rel=1e-14)  # a = 4
        out = d_to_r([0.2, 0.5], 10, [10, 40])
        assert isinstance(out, np.ndarray)

    def test_r_to_d(self):
        assert r_to_d(0.6) == pytest.approx(1.5, rel=1e-14)  # 1.2 / 0.8
        assert r_to_d(0.3) == pytest.approx(
            pg.convert_effsize(0.3, "pointbiserialr", "cohen"), rel=1e-12
        )

    def test_log_odds(self):
        assert d_to_log_odds(1.0) == pytest.approx(math.pi / math.sqrt(3), rel=1e-14)
        # pingouin converts d to an odds ratio with the same logistic method
        assert math.exp(d_to_log_odds(0.5)) == pytest.approx(
            pg.convert_effsize(0.5, "cohen", "odds_ratio"), rel=1e-12
        )
        np.testing.assert_allclose(log_odds_to_d([0.0, math.pi / math.sqrt(3)]), [0.0, 1.0])

    @FAST
    @given(st.floats(min_value=-10, max_value=10))
    def test_d_r_round_trip(self, d):
        assert r_to_d(d_to_r(d)) == pytest.approx(d, abs=1e-9)

    @FAST
    @given(st.floats(min_value=-20, max_value=20))
    def test_log_odds_round_trip(self, d):
        assert log_odds_to_d(d_to_log_odds(d)) == pytest.approx(d, abs=1e-12)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n2 must be given together with n1"):
            d_to_r(0.5, n1=10)
        with pytest.raises(ValueError, match="n2 must be an integer >= 2"):
            d_to_r(0.5, 10, 1)
        with pytest.raises(ValueError, match=r"r must be in \(-1, 1\), got 1.0"):
            r_to_d(1.0)
        with pytest.raises(ValueError, match="log_odds must be finite"):
            log_odds_to_d(np.nan)
        with pytest.raises(TypeError, match="d"):
            d_to_log_odds("1")


class TestPercentChangeEffect:
    def test_matches_general_functions(self):
        # control mean 1 with SD 0.3; treated mean 0.3 with SD 0.3 * 0.3 (same CV)
        effect = effect_from_percent_change(-70, cv=0.3, n_per_group=6)
        assert isinstance(effect, PercentChangeEffect)
        assert effect.ratio == pytest.approx(0.3)
        assert effect.d == pytest.approx(cohens_d(0.3, 0.09, 6, 1.0, 0.3, 6), rel=1e-12)
        assert effect.g == pytest.approx(hedges_g(0.3, 0.09, 6, 1.0, 0.3, 6), rel=1e-12)
        lower, upper = d_confidence_interval(effect.d, 6, 6)
        assert (effect.d_low, effect.d_high) == pytest.approx((lower, upper), rel=1e-12)
        lnrr = log_response_ratio(0.3, 0.09, 6, 1.0, 0.3, 6)
        assert effect.lnrr == pytest.approx(lnrr.estimate, rel=1e-12)
        assert effect.lnrr_se == pytest.approx(lnrr.se, rel=1e-12)
        assert (effect.lnrr_low, effect.lnrr_high) == pytest.approx(lnrr.ci, rel=1e-12)
        assert effect.to_dict()["n_per_group"] == 6

    def test_hand_value(self):
        # pooled SD = 0.3 sqrt((1 + 0.09) / 2); d = -0.7 / pooled SD
        effect = effect_from_percent_change(-70, 0.3, 6)
        assert effect.d == pytest.approx(-0.7 / (0.3 * math.sqrt(1.09 / 2)), rel=1e-12)

    def test_no_change(self):
        effect = effect_from_percent_change(0, 0.5, 10)
        assert effect.d == 0.0 and effect.lnrr == 0.0
        assert effect.d_low == pytest.approx(-effect.d_high, abs=1e-9)

    def test_grid(self):
        grid = effect_grid_from_percent_change(-70, [0.2, 0.4, 0.6], [4, 8])
        assert isinstance(grid, pd.DataFrame)
        assert list(grid.columns) == [
            "cv", "n_per_group", "d", "d_low", "d_high", "g", "lnrr", "lnrr_low", "lnrr_high"
        ]
        assert len(grid) == 6
        row = grid[(grid.cv == 0.4) & (grid.n_per_group == 8)].iloc[0]
        single = effect_from_percent_change(-70, 0.4, 8)
        assert row.d == pytest.approx(single.d) and row.lnrr_high == pytest.approx(single.lnrr_high)
        # larger CV means a smaller standardised effect
        assert np.all(np.diff(grid[grid.n_per_group == 4].d.abs()) < 0)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="percent must be > -100"):
            effect_from_percent_change(-100, 0.3, 6)
        with pytest.raises(ValueError, match="cv must be > 0"):
            effect_from_percent_change(-70, 0.0, 6)
        with pytest.raises(ValueError, match="n_per_group must be an integer >= 2, got 1"):
            effect_from_percent_change(-70, 0.3, 1)
        with pytest.raises(TypeError, match="cv"):
            effect_from_percent_change(-70, [0.3, 0.4], 6)
        with pytest.raises(ValueError, match="cvs must be > 0"):
            effect_grid_from_percent_change(-70, [0.3, -0.1], [4])
        with pytest.raises(ValueError, match="ns must be an integer >= 2"):
            effect_grid_from_percent_change(-70, [0.3], [4, 1])


class TestTwoArmD:
    def test_between_group_effects_pass_unchanged(self):
        assert es.two_arm_d(0.42, "between-group") == 0.42
        assert es.two_arm_d(-0.3, "change-score") == -0.3

    def test_within_person_effects_are_refused_without_a_correlation(self):
        with pytest.raises(ValueError, match="correlation is needed"):
            es.two_arm_d(0.59, "within-person")
        with pytest.raises(ValueError, match="correlation is needed"):
            es.two_arm_d(0.59, "mixed")
        with pytest.raises(ValueError, match="not an effect"):
            es.two_arm_d(12.0, "descriptive")
        with pytest.raises(ValueError, match="design must be one of"):
            es.two_arm_d(0.5, "paired")
        with pytest.raises(ValueError, match="correlation must be in"):
            es.two_arm_d(0.5, "within-person", correlation=1.0)

    def test_conversion_matches_simulated_paired_data(self):
        # before/after with SD 1 and correlation r: d_z = delta / sqrt(2 (1 - r)); the
        # between-group d of the same shift is delta / 1.
        rng = np.random.default_rng(2013)
        delta, r, n = 0.5, 0.7, 400_000
        before = rng.standard_normal(n)
        after = r * before + np.sqrt(1 - r**2) * rng.standard_normal(n) + delta
        change = after - before
        d_z = change.mean() / change.std(ddof=1)
        assert es.two_arm_d(d_z, "within-person", correlation=r) == pytest.approx(delta, abs=0.01)

    def test_every_literature_effect_names_its_design(self):
        from exneuro import data

        effects = data.load_literature_effects()
        assert set(effects["design"]) <= set(es.DESIGNS)
        smd_like = effects[effects["metric"].isin(["SMD", "hedges_g", "d"])]
        # a standardized row marked descriptive is a reference value (such as a detectable
        # effect), never an estimate: it carries no interval, no studies and no sample
        reference = smd_like[smd_like["design"] == "descriptive"]
        assert reference[["ci_low", "ci_high", "k_studies", "n_participants"]].isna().all().all()


# --- the standard error of a difference and the noncentral-t interval ------------------------

def test_mean_difference_se_is_sd_times_root_of_reciprocal_sizes():
    from exneuro.effect_size import mean_difference_se

    assert mean_difference_se(8, 8) == 0.5
    assert mean_difference_se(30, 30, sd=60.0) == pytest.approx(60 * math.sqrt(2 / 30), rel=1e-15)
    assert mean_difference_se(300, 300) == math.sqrt(1 / 300 + 1 / 300)
    grid = mean_difference_se(np.array([[4], [16]]), [4, 16])
    assert grid.shape == (2, 2) and grid[0, 1] == grid[1, 0]


def test_mean_difference_se_inverts_sd_from_se_of_difference():
    from exneuro import meta
    from exneuro.effect_size import mean_difference_se

    for sd, n1, n2 in [(5.0, 50, 50), (12.3, 153, 154), (0.8, 3, 7)]:
        se = mean_difference_se(n1, n2, sd=sd)
        assert meta.sd_from_se_of_difference(se, n1, n2) == pytest.approx(sd, rel=1e-14)


@pytest.mark.parametrize("t, df", [(2.0, 10), (-3.5, 7), (0.0, 30), (12.0, 4)])
def test_noncentrality_interval_puts_t_at_the_tail_quantiles(t, df):
    from exneuro.effect_size import noncentrality_interval

    low, high = noncentrality_interval(t, df, level=0.9)
    assert stats.nct.cdf(t, df, low) == pytest.approx(0.95, abs=1e-9)
    assert stats.nct.cdf(t, df, high) == pytest.approx(0.05, abs=1e-9)
    assert noncentrality_interval(-t, df, level=0.9) == pytest.approx((-high, -low), abs=1e-12)
