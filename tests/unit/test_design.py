"""Tests for exneuro.design (Gelman & Carlin design analysis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from exneuro.design import (
    DesignAnalysis,
    SimulatedDesignAnalysis,
    design_analysis,
    design_analysis_curve,
    design_analysis_simulated,
)

FAST = settings(max_examples=60, deadline=None)


class TestGelmanCarlinExamples:
    """Worked examples printed in Gelman & Carlin (2014), Perspect Psychol Sci 9:641-651.

    Their exaggeration ratios came from 10,000 simulations in ``retrodesign``,
    so those are compared with a 3% relative tolerance; power and Type S are
    analytic there too and are compared at the printed precision.
    """

    def test_beauty_and_sex_ratio(self):
        result = design_analysis(0.1, 3.28)
        assert isinstance(result, DesignAnalysis)
        assert result.power == pytest.approx(0.05, abs=5e-4)  # printed 0.05
        assert result.type_s == pytest.approx(0.46, abs=5e-3)  # printed 0.46
        assert result.exaggeration == pytest.approx(77, rel=0.03)  # printed "about 77"

    def test_ovulation_and_voting(self):
        result = design_analysis(2, 8.1)
        assert result.power == pytest.approx(0.057, abs=5e-4)  # printed 0.057
        assert result.type_s == pytest.approx(0.24, abs=5e-3)  # printed 0.24
        assert result.exaggeration == pytest.approx(9.5, rel=0.03)  # printed 9.5

    def test_simulation_reproduces_examples(self):
        rng = np.random.default_rng(20140)
        for effect, se in [(0.1, 3.28), (2, 8.1)]:
            analytic = design_analysis(effect, se)
            simulated = design_analysis_simulated(effect, se, rng, n_sims=400_000)
            assert isinstance(simulated, SimulatedDesignAnalysis)
            assert abs(simulated.power - analytic.power) < 4 * simulated.power_mc_se
            assert abs(simulated.type_s - analytic.type_s) < 4 * simulated.type_s_mc_se
            assert abs(simulated.exaggeration - analytic.exaggeration) < (
                4 * simulated.exaggeration_mc_se
            )


class TestAnalytic:
    def test_power_matches_normal_tail_formula(self):
        # power = Phi(-z + lambda) + Phi(-z - lambda), lambda = D / s
        z = stats.norm.isf(0.025)
        expected = stats.norm.cdf(-z + 1.5) + stats.norm.cdf(-z - 1.5)
        assert design_analysis(3.0, 2.0).power == pytest.approx(expected, rel=1e-13)

    @pytest.mark.parametrize("effect, se, df", [(2.0, 8.1, 10.0), (1.0, 0.6, 4.0),
                                                (0.5, 0.4, 30.0), (3.0, 1.0, 2.5)])
    def test_t_version_matches_numerical_integration(self, effect, se, df):
        critical = stats.t.isf(0.025, df)
        density = lambda x: stats.t.pdf((x - effect) / se, df) / se  # noqa: E731
        p_high = integrate.quad(density, critical * se, np.inf)[0]
        p_low = integrate.quad(density, -np.inf, -critical * se)[0]
        moment = (
            integrate.quad(lambda x: x * density(x), critical * se, np.inf)[0]
            - integrate.quad(lambda x: x * density(x), -np.inf, -critical * se)[0]
        )
        result = design_analysis(effect, se, df=df)
        assert result.power == pytest.approx(p_high + p_low, rel=1e-7)
        assert result.type_s == pytest.approx(p_low / (p_high + p_low), rel=1e-7)
        assert result.exaggeration == pytest.approx(moment / (p_high + p_low) / effect, rel=1e-7)

    def test_t_version_approaches_normal(self):
        normal = design_analysis(1.0, 0.5)
        t_large_df = design_analysis(1.0, 0.5, df=1e6)
        assert t_large_df.power == pytest.approx(normal.power, rel=1e-5)
        assert t_large_df.exaggeration == pytest.approx(normal.exaggeration, rel=1e-5)

    def test_large_effect_limits(self):
        result = design_analysis(10.0, 1.0)
        assert result.power == pytest.approx(1.0, abs=1e-12)
        assert result.type_s < 1e-20
        assert result.exaggeration == pytest.approx(1.0, abs=1e-9)

    def test_vectorised(self):
        result = design_analysis(np.array([0.5, 1.0, 2.0]), 1.0)
        assert isinstance(result.power, np.ndarray) and result.power.shape == (3,)
        single = design_analysis(1.0, 1.0)
        assert result.exaggeration[1] == pytest.approx(single.exaggeration, rel=1e-14)
        grid = design_analysis([[1.0], [2.0]], [0.5, 1.0, 2.0])
        assert grid.type_s.shape == (2, 3)
        assert type(single.power) is float
        assert set(single.to_dict()) == {"power", "type_s", "exaggeration"}

    @FAST
    @given(st.floats(0.01, 10.0), st.floats(0.05, 10.0), st.booleans(),
           st.sampled_from([None, 3.0, 15.0]))
    def test_properties(self, effect, se, negative, df):
        result = design_analysis(-effect if negative else effect, se, df=df)
        mirror = design_analysis(effect if negative else -effect, se, df=df)
        assert 0.05 - 1e-12 <= result.power <= 1.0
        assert 0.0 <= result.type_s <= 0.5
        assert result.exaggeration >= 1.0 - 1e-12
        assert result.power == pytest.approx(mirror.power, rel=1e-12)
        assert result.type_s == pytest.approx(mirror.type_s, rel=1e-12, abs=1e-300)
        assert result.exaggeration == pytest.approx(mirror.exaggeration, rel=1e-12)
        stronger = design_analysis(effect * 1.5, se, df=df)
        assert stronger.power >= result.power - 1e-12
        assert stronger.exaggeration <= result.exaggeration + 1e-9
        assert stronger.type_s <= result.type_s + 1e-12

    def test_bad_input(self):
        with pytest.raises(ValueError, match="true_effect must be non-zero"):
            design_analysis(0.0, 1.0)
        with pytest.raises(ValueError, match="se must be > 0, got 0"):
            design_analysis(1.0, 0)
        with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\), got 1.5"):
            design_analysis(1.0, 1.0, alpha=1.5)
        with pytest.raises(ValueError, match="df must be > 1, got 1"):
            design_analysis(1.0, 1.0, df=1)
        with pytest.raises(ValueError, match="true_effect must be finite"):
            design_analysis(np.inf, 1.0)
        with pytest.raises(TypeError, match="se"):
            design_analysis(1.0, "1")
        with pytest.raises(ValueError, match="true_effect and se must have broadcastable"):
            design_analysis([1.0, 2.0], [1.0, 2.0, 3.0])


class TestSimulated:
    def test_seeded_generator_reproduces_results(self):
        first = design_analysis_simulated(1.0, 0.8, np.random.default_rng(5), n_sims=20_000)
        second = design_analysis_simulated(1.0, 0.8, np.random.default_rng(5), n_sims=20_000)
        assert first == second
        other = design_analysis_simulated(1.0, 0.8, np.random.default_rng(6), n_sims=20_000)
        assert other.power != first.power

    def test_t_distributed_estimates_agree_with_analytic(self):
        analytic = design_analysis(1.0, 0.7, df=6)
        simulated = design_analysis_simulated(1.0, 0.7, np.random.default_rng(9),
                                              n_sims=200_000, df=6)
        assert abs(simulated.power - analytic.power) < 4 * simulated.power_mc_se
        assert abs(simulated.type_s - analytic.type_s) < 4 * simulated.type_s_mc_se + 1e-12
        assert abs(simulated.exaggeration - analytic.exaggeration) < (
            4 * simulated.exaggeration_mc_se
        )

    def test_monte_carlo_fields(self):
        result = design_analysis_simulated(0.5, 1.0, np.random.default_rng(1), n_sims=10_000)
        assert result.n_sims == 10_000
        assert result.power == result.n_significant / 10_000
        assert result.power_mc_se == pytest.approx(
            np.sqrt(result.power * (1 - result.power) / 10_000)
        )

    @pytest.mark.parametrize("bad", [None, 42, np.random.RandomState(1), "seed"])
    def test_requires_generator(self, bad):
        with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
            design_analysis_simulated(1.0, 1.0, bad)

    def test_bad_input(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="n_sims must be an integer >= 100, got 10"):
            design_analysis_simulated(1.0, 1.0, rng, n_sims=10)
        with pytest.raises(ValueError, match="increase n_sims"):
            design_analysis_simulated(0.01, 1.0, rng, n_sims=100, alpha=1e-9)
        with pytest.raises(TypeError, match="true_effect must be a scalar"):
            design_analysis_simulated([1.0, 2.0], 1.0, rng)
        with pytest.raises(ValueError, match="true_effect must be non-zero"):
            design_analysis_simulated(0.0, 1.0, rng)


class TestCurve:
    def test_columns_and_values(self):
        effects = np.linspace(0.25, 3.0, 12)
        curve = design_analysis_curve(effects, se=1.0)
        assert isinstance(curve, pd.DataFrame)
        assert list(curve.columns) == ["true_effect", "power", "type_s", "exaggeration"]
        assert len(curve) == 12
        row = curve.iloc[5]
        single = design_analysis(row.true_effect, 1.0)
        assert row.power == pytest.approx(single.power)
        assert row.exaggeration == pytest.approx(single.exaggeration)
        assert curve.power.is_monotonic_increasing
        assert curve.exaggeration.is_monotonic_decreasing

    def test_t_curve(self):
        curve = design_analysis_curve([0.5, 1.0], se=0.5, df=8)
        assert curve.power.iloc[1] == pytest.approx(design_analysis(1.0, 0.5, df=8).power)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="true_effects must all be non-zero"):
            design_analysis_curve([0.0, 1.0], se=1.0)
        with pytest.raises(ValueError, match="se must be > 0"):
            design_analysis_curve([1.0], se=-1.0)
