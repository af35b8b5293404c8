"""Tests for exneuro.meta: reading and planning from meta-analytic effects."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from exneuro import meta
from exneuro.effect_size import d_confidence_interval, noncentrality_interval
from exneuro.power import n_per_group_ttest_ind, power_ttest_ind
from exneuro.reexpress import ci_to_se

FAST = settings(max_examples=60, deadline=None)
Z95 = float(stats.norm.isf(0.025))


# ---------------------------------------------------------------------------
# Published worked values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("d, n", [(0.5, 64), (0.8, 26)])
def test_planning_matches_cohen_1992_table_2(d, n):
    # Cohen (1992), Psychological Bulletin 112:155, Table 2: two-tailed alpha .05, power .80.
    assert meta.planning_scenarios(d).n_at_estimate == n
    assert meta.planning_scenarios(-d).n_at_estimate == n


def test_planning_small_effect_is_within_one_of_cohens_table():
    # Cohen's 393 for d = 0.2 comes from a normal approximation; the exact t test needs 394.
    assert meta.planning_scenarios(0.2).n_at_estimate in (393, 394)


def test_shrinkage_reproduces_the_published_44_percent():
    # Ekkekakis (2015): the pooled SMD shrank "by 44%, from 1.10 in 2001 to 0.62 in 2013".
    assert round(100 * meta.shrinkage(1.10, 0.62)) == 44


def test_ci_to_se_agrees_with_a_reported_sem():
    # Ainslie et al. (2008): difference 9.1 +/- 3.3 cm/s (s.e.m.), CI 2.7-15.6.
    assert ci_to_se(2.7, 15.6) == pytest.approx(3.3, abs=0.05)


@pytest.mark.parametrize(
    "estimate, low, high, reported_p, tolerance",
    [
        (0.07, -0.15, 0.30, 0.52, 0.05),   # Dinoff et al. 2016, resistance training
        (-0.09, -0.29, 0.11, 0.37, 0.02),  # Shobeiri et al. 2022, IL-6
    ],
)
def test_p_from_ci_reproduces_reported_p_values(estimate, low, high, reported_p, tolerance):
    assert meta.p_from_ci(estimate, low, high) == pytest.approx(reported_p, abs=tolerance)


def test_p_from_ci_small_p_reported_as_below_threshold():
    # Dinoff et al. 2016: SMD 0.39 (0.17-0.60), p < 0.001.
    assert meta.p_from_ci(0.39, 0.17, 0.60) < 0.001


def test_a_misprinted_limit_shows_as_asymmetry_and_a_p_mismatch():
    # Shobeiri et al. 2022 print TNF-alpha SMD -0.51 (-0.91; 0.11) with p = 0.01.
    printed = meta.p_from_ci(-0.51, -0.91, 0.11)
    repaired = meta.p_from_ci(-0.51, -0.91, -0.11)
    assert printed == pytest.approx(0.05, abs=0.002)
    assert printed > 4 * 0.01
    assert repaired == pytest.approx(0.01, abs=0.005)
    assert meta.ci_asymmetry(-0.51, -0.91, 0.11) > 0.2
    assert meta.ci_asymmetry(-0.51, -0.91, -0.11) == pytest.approx(0.0, abs=1e-12)


def test_exact_identities():
    assert meta.se_from_p(Z95, 0.05) == pytest.approx(1.0, rel=1e-12)
    assert meta.p_from_ci(Z95, 0.0, 2 * Z95) == pytest.approx(0.05, rel=1e-12)
    low, high = meta.ci_from_p(-Z95, 0.05)
    assert (low, high) == pytest.approx((-2 * Z95, 0.0), abs=1e-12)
    # A 90 % interval uses z = 1.645.
    z90 = float(stats.norm.isf(0.05))
    assert meta.p_from_ci(z90, 0.0, 2 * z90, level=0.90) == pytest.approx(0.10, rel=1e-12)


# ---------------------------------------------------------------------------
# Planning scenarios
# ---------------------------------------------------------------------------


def test_planning_scenarios_examples():
    scenario = meta.planning_scenarios(0.39, 0.17, 0.60)
    assert (scenario.n_at_estimate, scenario.n_at_bound) == (105, 545)
    assert scenario.bound == 0.17
    assert scenario.ratio == pytest.approx(545 / 105)
    negative = meta.planning_scenarios(-0.62, -0.80, -0.45)
    assert negative.bound == -0.45
    assert (negative.n_at_estimate, negative.n_at_bound) == (42, 79)


def test_planning_scenarios_without_or_across_zero():
    no_ci = meta.planning_scenarios(0.46)
    assert no_ci.n_at_bound is None and math.isnan(no_ci.bound) and math.isnan(no_ci.ratio)
    nan_ci = meta.planning_scenarios(0.46, float("nan"), float("nan"))
    assert nan_ci.n_at_bound is None
    across = meta.planning_scenarios(0.07, -0.15, 0.30)
    assert across.n_at_bound is None
    assert across.to_dict()["n_at_estimate"] == n_per_group_ttest_ind(0.07)


def test_planning_table_keeps_index_and_nullable_integers():
    frame = pd.DataFrame(
        {"estimate": [0.39, -0.62, 0.46, 0.07],
         "ci_low": [0.17, -0.80, np.nan, -0.15],
         "ci_high": [0.60, -0.45, np.nan, 0.30]},
        index=["a", "b", "c", "d"],
    )
    table = meta.planning_table(frame)
    assert list(table.index) == ["a", "b", "c", "d"]
    assert str(table["n_at_bound"].dtype) == "Int64"
    assert table.loc["a", "n_at_bound"] == 545
    assert pd.isna(table.loc["c", "n_at_bound"]) and pd.isna(table.loc["d", "n_at_bound"])
    assert table.loc["b", "n_at_estimate"] == 42


def test_power_if_true_effect():
    assert meta.power_if_true_effect(0.5, 0.5) == pytest.approx(0.8, abs=0.01)
    smaller = meta.power_if_true_effect(0.62, 1.10)
    assert smaller == pytest.approx(float(power_ttest_ind(0.62, n_per_group_ttest_ind(1.10))))
    assert 0.3 < smaller < 0.45


def test_align_direction():
    assert meta.align_direction(-0.62, -0.80, -0.45, flip=True) == pytest.approx((0.62, 0.45, 0.80))
    assert meta.align_direction(0.3, 0.1, 0.5, flip=False) == (0.3, 0.1, 0.5)
    est, low, high = meta.align_direction(-1.1, flip=True)
    assert est == 1.1 and math.isnan(low) and math.isnan(high)


def test_paired_effect_example_and_interval_definition():
    result = meta.paired_effect(12.7, 4.4, 17)
    assert result.d_z == pytest.approx(12.7 / 4.4)
    assert result.low < result.d_z < result.high
    t_obs = result.d_z * math.sqrt(17)
    assert stats.nct.cdf(t_obs, 16, result.low * math.sqrt(17)) == pytest.approx(0.975, abs=1e-9)
    assert stats.nct.cdf(t_obs, 16, result.high * math.sqrt(17)) == pytest.approx(0.025, abs=1e-9)


def test_paired_effect_approaches_the_normal_interval_for_large_n():
    n, d = 2000, 0.4
    result = meta.paired_effect(d, 1.0, n)
    se = math.sqrt(1 / n + d**2 / (2 * n))
    assert result.low == pytest.approx(d - Z95 * se, abs=2e-3)
    assert result.high == pytest.approx(d + Z95 * se, abs=2e-3)


def test_paired_effect_negative_change_is_mirrored():
    up = meta.paired_effect(3.0, 2.0, 12)
    down = meta.paired_effect(-3.0, 2.0, 12)
    assert down.d_z == -up.d_z
    assert down.low == pytest.approx(-up.high, abs=1e-9)
    assert down.high == pytest.approx(-up.low, abs=1e-9)


def test_sd_from_se_of_difference():
    assert meta.sd_from_se_of_difference(1.0, 50, 50) == pytest.approx(5.0)
    sd = meta.sd_from_se_of_difference(3.3, 153, 154)
    assert 9.1 / sd == pytest.approx(0.31, abs=0.01)


def _ols(y, columns):
    import statsmodels.api as sm

    return sm.OLS(y, sm.add_constant(np.column_stack(columns))).fit()


def test_residual_sd_from_slope_se_matches_an_ols_fit_with_one_predictor():
    # Independent computation: statsmodels' residual SD and slope SE of a simulated fit.
    rng = np.random.default_rng(2008)
    age = rng.uniform(18, 79, size=307)
    y = 80 - 0.76 * age + rng.normal(0, 11, size=307)
    fit = _ols(y, [age])
    s = math.sqrt(fit.scale)
    recovered = meta.residual_sd_from_slope_se(fit.bse[1], np.std(age, ddof=1), 307)
    assert recovered == pytest.approx(s, rel=1e-10)


def test_residual_sd_from_slope_se_with_a_correlated_second_predictor():
    rng = np.random.default_rng(4005)
    n = 200
    age = rng.uniform(18, 79, size=n)
    trained = (age + rng.normal(0, 20, size=n) > 48).astype(float)  # older men less often trained
    y = 90 - 0.76 * age + 9.1 * trained + rng.normal(0, 10, size=n)
    fit = _ols(y, [age, trained])
    r2_age = _ols(age, [trained]).rsquared
    assert r2_age > 0.05  # the case the argument exists for
    recovered = meta.residual_sd_from_slope_se(fit.bse[1], np.std(age, ddof=1), n, r2_x=r2_age)
    assert recovered == pytest.approx(math.sqrt(fit.scale), rel=1e-10)
    # ignoring the correlation overstates the residual SD
    assert meta.residual_sd_from_slope_se(fit.bse[1], np.std(age, ddof=1), n) > recovered


def test_residual_sd_from_slope_se_scales_with_its_inputs():
    base = meta.residual_sd_from_slope_se(0.0357, 17.6, 307)
    assert base == pytest.approx(0.0357 * 17.6 * math.sqrt(306))
    assert meta.residual_sd_from_slope_se(0.0357, 2 * 17.6, 307) == pytest.approx(2 * base)
    assert meta.residual_sd_from_slope_se(0.0357, 17.6, 307, r2_x=0.75) == pytest.approx(base / 2)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"se": 0.0}, "se must be"), ({"sd_x": -1.0}, "sd_x must be"), ({"n": 2}, "n must be"),
    ({"r2_x": 1.0}, "r2_x must be"), ({"r2_x": -0.1}, "r2_x must be"),
])
def test_residual_sd_from_slope_se_rejects_bad_input(kwargs, message):
    arguments = {"se": 0.0357, "sd_x": 17.6, "n": 307} | kwargs
    with pytest.raises(ValueError, match=message):
        meta.residual_sd_from_slope_se(**arguments)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

effects = st.floats(min_value=0.05, max_value=3.0, allow_nan=False)
ses = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)
signs = st.sampled_from([-1.0, 1.0])


@FAST
@given(effects, ses, signs)
def test_se_and_p_round_trip(effect, se, sign):
    estimate = sign * effect
    low, high = estimate - Z95 * se, estimate + Z95 * se
    assert ci_to_se(low, high) == pytest.approx(se, rel=1e-9)
    p = meta.p_from_ci(estimate, low, high)
    if 1e-12 < p < 1:
        assert meta.se_from_p(estimate, p) == pytest.approx(se, rel=1e-6)
        low2, high2 = meta.ci_from_p(estimate, p)
        assert (low2, high2) == pytest.approx((low, high), rel=1e-6, abs=1e-9)


@FAST
@given(effects, ses, signs)
def test_pessimistic_bound_is_nearer_zero_and_needs_more_people(effect, se, sign):
    estimate = sign * effect
    low, high = estimate - Z95 * se, estimate + Z95 * se
    bound = meta.pessimistic_bound(estimate, low, high)
    if low <= 0 <= high:
        assert math.isnan(bound)
    else:
        assert abs(bound) <= abs(estimate)
        assert math.copysign(1, bound) == sign
        scenario = meta.planning_scenarios(estimate, low, high)
        assert scenario.n_at_bound >= scenario.n_at_estimate


@FAST
@given(effects, effects)
def test_smaller_true_effect_means_less_power(planned, true):
    power = meta.power_if_true_effect(true, planned)
    at_plan = meta.power_if_true_effect(planned, planned)
    assert at_plan >= 0.8
    if true < planned:
        assert power <= at_plan
    elif true > planned:
        assert power >= at_plan


@FAST
@given(effects, st.floats(min_value=0.0, max_value=3.0, allow_nan=False))
def test_shrinkage_bounds(earlier, later):
    value = meta.shrinkage(earlier, later)
    assert value <= 1.0
    assert (value > 0) == (later < earlier) or later == earlier


@FAST
@given(effects, ses, signs, st.booleans())
def test_align_direction_is_an_involution(effect, se, sign, flip):
    estimate = sign * effect
    once = meta.align_direction(estimate, estimate - se, estimate + se, flip=flip)
    twice = meta.align_direction(*once, flip=flip)
    assert twice == pytest.approx((estimate, estimate - se, estimate + se))


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


def test_bad_intervals_are_named():
    with pytest.raises(ValueError, match="high must be greater than low"):
        meta.p_from_ci(0.5, 0.5, 0.5)
    with pytest.raises(ValueError, match="level must be in"):
        meta.p_from_ci(0.3, 0.1, 0.5, level=1.5)
    with pytest.raises(TypeError, match="low must be"):
        meta.p_from_ci(0.3, "a", 0.5)
    with pytest.raises(ValueError, match="estimate must lie inside"):
        meta.pessimistic_bound(0.9, 0.1, 0.5)
    with pytest.raises(ValueError, match="estimate must be non-zero"):
        meta.pessimistic_bound(0.0, -0.1, 0.5)


def test_bad_p_and_estimates_are_named():
    with pytest.raises(ValueError, match="p must be in"):
        meta.se_from_p(0.5, 1.0)
    with pytest.raises(ValueError, match="estimate must be non-zero"):
        meta.se_from_p(0.0, 0.05)
    with pytest.raises(ValueError, match="power must be greater than alpha"):
        meta.planning_scenarios(0.5, power=0.01)
    with pytest.raises(TypeError, match="estimate must be a scalar"):
        meta.planning_scenarios([0.3, 0.4])


def test_bad_shrinkage_and_direction_arguments():
    with pytest.raises(ValueError, match="earlier must be non-zero"):
        meta.shrinkage(0.0, 0.5)
    with pytest.raises(ValueError, match="same sign"):
        meta.shrinkage(1.0, -0.5)
    with pytest.raises(TypeError, match="flip must be a bool"):
        meta.align_direction(0.5, 0.1, 0.9, flip=1)  # type: ignore[arg-type]


def test_bad_primary_study_summaries():
    with pytest.raises(ValueError, match="sd_change must be"):
        meta.paired_effect(1.0, 0.0, 10)
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        meta.paired_effect(1.0, 1.0, 1)
    with pytest.raises(ValueError, match="se must be"):
        meta.sd_from_se_of_difference(-1.0, 10, 10)
    with pytest.raises(ValueError, match="n2 must be an integer >= 2"):
        meta.sd_from_se_of_difference(1.0, 10, 1)


def test_bad_planning_table_arguments():
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        meta.planning_table([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="low='ci_low' is not a column of frame"):
        meta.planning_table(pd.DataFrame({"estimate": [0.3]}))
    # issue 15: these named "effect" instead of the argument at fault
    with pytest.raises(ValueError, match="planned_effect must be non-zero"):
        meta.power_if_true_effect(0.3, planned_effect=0)
    with pytest.raises(ValueError, match="estimate must be non-zero"):
        meta.planning_scenarios(estimate=0)


# --- heterogeneity: prediction intervals and expected power ----------------------------

def test_tau_from_prediction_interval_reproduces_massett_2021():
    # Massett et al. (2021): g = 1.70 (1.47-1.94), PI -0.43 to 3.84, 105 pairs, tau^2 = 1.14.
    tau = meta.tau_from_prediction_interval(1.70, 1.47, 1.94, -0.43, 3.84, 105)
    assert round(tau**2, 2) == 1.14


@pytest.mark.parametrize("args, match", [
    ((1.0, 1.2, 1.5, 0.0, 2.0, 10), "ci_low < estimate < ci_high"),
    ((1.0, 0.5, 1.5, 0.7, 2.0, 10), "must contain the confidence interval"),
    ((1.0, 0.5, 1.5, 0.0, 2.0, 2), "k must be an integer >= 3"),
])
def test_tau_from_prediction_interval_rejects_bad_intervals(args, match):
    with pytest.raises(ValueError, match=match):
        meta.tau_from_prediction_interval(*args)


def test_tau_is_zero_when_the_prediction_interval_is_the_confidence_interval():
    assert meta.tau_from_prediction_interval(0.0, -0.2, 0.2, -0.2, 0.2, 50) == 0.0


def test_expected_power_reduces_to_power_and_matches_integration():
    from scipy import integrate
    from scipy import stats as st

    from exneuro import power as pw

    assert meta.expected_power(0.5, 0.0, 64) == pytest.approx(pw.power_ttest_ind(0.5, 64))
    mu, tau, n = 1.70, 1.07, 10
    reference, _ = integrate.quad(
        lambda d: pw.power_ttest_ind(d, n) * st.norm.pdf(d, mu, tau), mu - 10 * tau, mu + 10 * tau)
    assert meta.expected_power(mu, tau, n) == pytest.approx(reference, abs=1e-6)
    assert meta.expected_power(mu, tau, n) < pw.power_ttest_ind(mu, n)


@pytest.mark.parametrize("kwargs, match", [
    ({"tau": -1.0}, "tau must be >= 0"),
    ({"n_per_group": 1}, "n_per_group must be >= 2"),
    ({"nodes": 2}, "nodes must be an integer >= 5"),
    ({"alpha": 2.0}, "alpha must be in"),
])
def test_expected_power_rejects_bad_input(kwargs, match):
    args = {"mean_effect": 0.5, "tau": 0.3, "n_per_group": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        meta.expected_power(**args)


def test_paired_effect_interval_inverts_the_noncentral_t_like_the_two_group_d():
    # One inversion of the noncentral t serves both: d_z's limits are the noncentrality
    # limits of t = d_z sqrt(n) over sqrt(n), as d's are those of t = d / sqrt(2/n) ...
    result = meta.paired_effect(12.7, 4.4, 17)
    low, high = noncentrality_interval(12.7 / 4.4 * math.sqrt(17), 16)
    assert (result.low, result.high) == (low / math.sqrt(17), high / math.sqrt(17))
    # ... and at each limit the observed t sits at the 2.5 % and 97.5 % quantiles.
    t_obs = 12.7 / 4.4 * math.sqrt(17)
    assert stats.nct.cdf(t_obs, 16, low) == pytest.approx(0.975, abs=1e-9)
    assert stats.nct.cdf(t_obs, 16, high) == pytest.approx(0.025, abs=1e-9)
    two_group = d_confidence_interval(0.8, 10, 10)
    ncp = noncentrality_interval(0.8 / math.sqrt(0.2), 18)
    assert two_group == pytest.approx((ncp[0] * math.sqrt(0.2), ncp[1] * math.sqrt(0.2)), rel=1e-12)
