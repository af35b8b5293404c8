"""Ratio outcomes on the log scale: the effect size, and the simulated design analysis.

Reference values come from independent computations: scipy's log-normal, Student t and
noncentral t distributions, and the exact design analysis of ``exneuro.design``, which
the brute-force simulation must reproduce within its Monte Carlo error.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from exneuro.design import design_analysis_ratio
from exneuro.effect_size import RatioEffect, effect_from_ratio
from exneuro.power import n_per_group_ttest_ind, power_ttest_ind
from exneuro.simulate import RatioDesignSimulation, simulate_ratio_design

# --- effect_from_ratio -------------------------------------------------------------------


@pytest.mark.parametrize("ratio, cv, n", [(2.0, 0.35, 10), (0.3, 0.3, 3), (1.5, 0.6, 17)])
def test_sd_log_is_that_of_a_lognormal_with_the_cv(ratio, cv, n):
    e = effect_from_ratio(ratio, cv, n)
    # scipy's lognorm(s) has coefficient of variation std / mean; solve for s from the cv
    s = optimize.brentq(lambda s: stats.lognorm(s).std() / stats.lognorm(s).mean() - cv, 1e-6, 5)
    assert isinstance(e, RatioEffect)
    assert e.sd_log == pytest.approx(s, rel=1e-9)
    assert e.d == pytest.approx(math.log(ratio) / s, rel=1e-9)
    assert e.lnrr == pytest.approx(math.log(ratio))


def test_d_is_the_d_of_the_log_scale_design_analysis_and_power():
    e = effect_from_ratio(1.5, 0.35, 10)
    exact = design_analysis_ratio(1.5, 10, cv=0.35)
    assert e.d == pytest.approx(exact.d, rel=1e-12)
    assert e.sd_log == pytest.approx(exact.sd_log, rel=1e-12)
    assert float(power_ttest_ind(e.d, 10)) == pytest.approx(exact.power, abs=1e-9)


@pytest.mark.parametrize("ratio, cv, n, level", [(2.0, 0.35, 10, 0.95), (0.7, 0.2, 4, 0.9)])
def test_intervals_match_scipy(ratio, cv, n, level):
    e = effect_from_ratio(ratio, cv, n, level)
    se = e.sd_log * math.sqrt(2 / n)
    low, high = stats.t.interval(level, 2 * n - 2, loc=math.log(ratio), scale=se)
    assert e.lnrr_se == pytest.approx(se)
    assert e.ratio_low == pytest.approx(math.exp(low), rel=1e-12)
    assert e.ratio_high == pytest.approx(math.exp(high), rel=1e-12)
    # the d limits put the observed t at the tails of the noncentral t
    t_obs = e.d / math.sqrt(2 / n)
    tail = (1 - level) / 2
    assert stats.nct.sf(t_obs, 2 * n - 2, e.d_low / math.sqrt(2 / n)) == pytest.approx(tail, abs=1e-7)
    assert stats.nct.cdf(t_obs, 2 * n - 2, e.d_high / math.sqrt(2 / n)) == pytest.approx(tail, abs=1e-7)


def test_a_reduction_is_the_mirror_image_of_an_increase():
    up, down = effect_from_ratio(2.0, 0.4, 6), effect_from_ratio(0.5, 0.4, 6)
    assert down.d == pytest.approx(-up.d)
    assert down.ratio_low == pytest.approx(1 / up.ratio_high)
    assert 0 < down.ratio_low < down.ratio_high < 1


def test_worked_example_and_bad_input():
    e = effect_from_ratio(2, cv=0.35, n_per_group=10)
    assert (round(e.d, 2), round(e.ratio_low, 2), round(e.ratio_high, 2)) == (2.04, 1.45, 2.75)
    assert e.to_dict()["n_per_group"] == 10
    with pytest.raises(ValueError, match="ratio must differ from 1"):
        effect_from_ratio(1, 0.3, 5)
    with pytest.raises(ValueError, match="^ratio"):
        effect_from_ratio(-2, 0.3, 5)
    with pytest.raises(ValueError, match="^n_per_group"):
        effect_from_ratio(2, 0.3, 1)


# --- simulate_ratio_design ---------------------------------------------------------------


@pytest.mark.parametrize("ratio, n, cv", [(1.5, 10, 0.35), (0.7, 3, 0.3), (2.0, 4, 0.6), (1.2, 17, 0.2)])
def test_simulation_agrees_with_the_exact_design_analysis(ratio, n, cv):
    sim = simulate_ratio_design(ratio, n, cv=cv, rng=np.random.default_rng(20), n_sims=60_000)
    exact = design_analysis_ratio(ratio, n, cv=cv)
    assert isinstance(sim, RatioDesignSimulation)
    assert abs(sim.power - exact.power) < 4 * sim.power_mc_se
    assert abs(sim.exaggeration - exact.exaggeration) < 4 * sim.exaggeration_mc_se
    assert abs(sim.type_s - exact.type_s) < 4 * sim.type_s_mc_se + 1e-4
    # the typical significant estimate, back on the percent scale
    assert sim.typical_percent == pytest.approx(exact.typical_percent, rel=0.02, abs=0.5)


def test_simulated_power_is_noncentral_t_power_and_meets_the_planned_n():
    d = math.log(1.5) / math.sqrt(math.log1p(0.35**2))
    n = n_per_group_ttest_ind(d, power=0.8)
    sim = simulate_ratio_design(1.5, n, cv=0.35, rng=np.random.default_rng(5), n_sims=40_000)
    assert abs(sim.power - float(power_ttest_ind(d, n))) < 4 * sim.power_mc_se
    assert sim.power > 0.8 - 4 * sim.power_mc_se


def test_sd_log_and_cv_give_the_same_study_and_runs_repeat():
    spread = math.sqrt(math.log1p(0.3**2))
    a = simulate_ratio_design(0.7, 5, cv=0.3, rng=np.random.default_rng(3), n_sims=500)
    b = simulate_ratio_design(0.7, 5, sd_log=spread, rng=np.random.default_rng(3), n_sims=500)
    assert a == b
    assert a.typical_percent < 0 and a.sd_log == pytest.approx(spread)


def test_simulation_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="true_ratio must differ from 1"):
        simulate_ratio_design(1.0, 5, cv=0.3, rng=rng)
    with pytest.raises(ValueError, match="give exactly one of cv and sd_log, got neither"):
        simulate_ratio_design(1.5, 5, rng=rng)
    with pytest.raises(ValueError, match="got both"):
        simulate_ratio_design(1.5, 5, cv=0.3, sd_log=0.3, rng=rng)
    with pytest.raises(TypeError, match="^rng"):
        simulate_ratio_design(1.5, 5, cv=0.3, rng=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="increase n_sims"):
        simulate_ratio_design(1.0001, 2, cv=2.0, rng=rng, n_sims=100, alpha=1e-9)


def test_typical_percent_mc_se_matches_the_spread_of_repeated_simulations():
    runs = [simulate_ratio_design(1.5, 6, cv=0.35, rng=np.random.default_rng(seed), n_sims=2000)
            for seed in range(40)]
    spread = np.std([r.typical_percent for r in runs], ddof=1)
    reported = np.mean([r.typical_percent_mc_se for r in runs])
    assert reported == pytest.approx(spread, rel=0.35)
