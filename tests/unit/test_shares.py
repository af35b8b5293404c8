"""Tests for exneuro.shares: the precision of a share estimated from n people."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from exneuro.shares import (
    ShareEstimateRange,
    ShareInterval,
    ShareSimulation,
    beta_parameters,
    n_for_share_half_width,
    share_estimate_range,
    share_interval,
    simulate_share_estimates,
)

FAST = settings(max_examples=60, deadline=None)


# --- Student-t interval -------------------------------------------------------------------


class TestShareInterval:
    @pytest.mark.parametrize("share, sd, n, level", [(75, 15, 8, 0.95), (50, 10, 3, 0.9),
                                                     (20, 5, 40, 0.99)])
    def test_matches_scipy_t_interval(self, share, sd, n, level):
        result = share_interval(share, sd, n, level)
        low, high = stats.t.interval(level, n - 1, loc=share, scale=sd / math.sqrt(n))
        assert isinstance(result, ShareInterval)
        assert result.low == pytest.approx(max(0.0, low), rel=1e-12)
        assert result.high == pytest.approx(min(100.0, high), rel=1e-12)
        assert result.se == pytest.approx(sd / math.sqrt(n))
        assert result.to_dict()["n"] == n

    def test_worked_value(self):
        # t(0.975, 7) = 2.364624; 15 / sqrt(8) = 5.303301
        assert share_interval(75, 15, 8).half_width == pytest.approx(2.364624 * 5.303301, rel=1e-6)

    def test_clipped_to_0_100(self):
        result = share_interval(95, 20, 3)
        assert result.high == 100.0 and result.low < 95

    @FAST
    @given(n=st.integers(2, 500), sd=st.floats(0.5, 40), share=st.floats(1, 99))
    def test_interval_narrows_with_n(self, n, sd, share):
        assert share_interval(share, sd, n + 1).half_width < share_interval(share, sd, n).half_width

    @FAST
    @given(n=st.integers(2, 200), sd=st.floats(0.5, 40), factor=st.floats(1.1, 5))
    def test_half_width_proportional_to_sd(self, n, sd, factor):
        ratio = share_interval(50, sd * factor, n).half_width / share_interval(50, sd, n).half_width
        assert ratio == pytest.approx(factor, rel=1e-9)

    @pytest.mark.parametrize("args, error, message", [
        ((0, 10, 8), ValueError, "share must be in"),
        ((100, 10, 8), ValueError, "share must be in"),
        ((75, 0, 8), ValueError, "sd must be"),
        ((75, 10, 1), ValueError, "n must be an integer >= 2"),
        ((75, 10, 8.5), ValueError, "n must be an integer"),
        ((75, 10, 8, 1.0), ValueError, "level must be in"),
        (("75", 10, 8), TypeError, "share must be a real number"),
        ((75, [10, 12], 8), TypeError, "sd must be a scalar"),
    ])
    def test_bad_input(self, args, error, message):
        with pytest.raises(error, match=message):
            share_interval(*args)


class TestSampleSize:
    @pytest.mark.parametrize("half, sd, level", [(5, 15, 0.95), (2, 10, 0.95), (10, 30, 0.9),
                                                 (12.6, 15, 0.95)])
    def test_is_the_smallest_n(self, half, sd, level):
        n = n_for_share_half_width(half, sd, level)
        q = 0.5 + level / 2
        assert stats.t.ppf(q, n - 1) * sd / math.sqrt(n) <= half
        if n > 2:
            assert stats.t.ppf(q, n - 2) * sd / math.sqrt(n - 1) > half

    def test_consistent_with_the_interval(self):
        # 8 people with SD 15 give a half-width of 12.54, so 12.6 needs at most 8.
        assert n_for_share_half_width(12.6, 15) == 8

    def test_tiny_target_gives_up(self):
        with pytest.raises(ValueError, match="no n <= max_n=50"):
            n_for_share_half_width(0.1, 30, max_n=50)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="half_width must be > 0"):
            n_for_share_half_width(0, 10)
        with pytest.raises(ValueError, match="max_n must be an integer >= 2"):
            n_for_share_half_width(5, 10, max_n=1)


# --- beta parameters and simulation --------------------------------------------------------


class TestBetaParameters:
    @pytest.mark.parametrize("mean, sd", [(75, 15), (10, 5), (50, 28), (99, 0.5)])
    def test_reproduces_mean_and_sd_with_scipy(self, mean, sd):
        a, b = beta_parameters(mean, sd)
        distribution = stats.beta(a, b)
        assert 100 * distribution.mean() == pytest.approx(mean, rel=1e-12)
        assert 100 * distribution.std() == pytest.approx(sd, rel=1e-12)

    def test_too_wide(self):
        with pytest.raises(ValueError, match="sd must be < 43.3"):
            beta_parameters(75, 45)

    def test_bad_mean(self):
        with pytest.raises(ValueError, match="mean must be in"):
            beta_parameters(0, 5)


class TestSimulation:
    def test_spread_matches_the_beta_standard_error(self):
        rng = np.random.default_rng(2009)
        a, b = beta_parameters(75, 15)
        expected_se = 100 * stats.beta(a, b).std() / math.sqrt(8)
        sim = simulate_share_estimates(75, 15, 8, rng, n_sims=40_000)
        assert isinstance(sim, ShareSimulation)
        # The SD of a sample SD is about sd / sqrt(2 (n_sims - 1)); allow 5 of those.
        assert abs(sim.sd_estimate - expected_se) < 5 * expected_se / math.sqrt(2 * 40_000)
        assert abs(sim.mean_estimate - 75) < 5 * expected_se / math.sqrt(40_000)
        # The central 95 % of estimates is about mean -/+ 1.96 se for n = 8.
        assert sim.low == pytest.approx(75 - 1.96 * expected_se, abs=1.0)
        assert sim.high == pytest.approx(75 + 1.96 * expected_se, abs=1.0)

    def test_t_coverage_close_to_nominal_when_shares_are_not_skewed(self):
        sim = simulate_share_estimates(50, 10, 20, np.random.default_rng(7), n_sims=20_000)
        assert abs(sim.t_coverage - 0.95) < 4 * sim.mc_se + 0.005

    def test_window_probability_matches_normal_approximation(self):
        sim = simulate_share_estimates(50, 10, 30, np.random.default_rng(3), n_sims=40_000,
                                       window=(47, 53))
        se = 10 / math.sqrt(30)
        expected = stats.norm.cdf(3 / se) - stats.norm.cdf(-3 / se)
        assert sim.p_within == pytest.approx(expected, abs=0.015)

    def test_seeded_runs_are_identical(self):
        first = simulate_share_estimates(75, 15, 8, np.random.default_rng(11), n_sims=500)
        second = simulate_share_estimates(75, 15, 8, np.random.default_rng(11), n_sims=500)
        assert first == second
        assert first.p_within is None
        assert set(first.to_dict()) >= {"low", "high", "t_coverage"}

    @FAST
    @given(n=st.integers(2, 30))
    def test_spread_shrinks_with_n(self, n):
        small = simulate_share_estimates(75, 15, n, np.random.default_rng(n), n_sims=4000)
        large = simulate_share_estimates(75, 15, 4 * n, np.random.default_rng(n), n_sims=4000)
        assert large.high - large.low < small.high - small.low

    def test_bad_input(self):
        rng = np.random.default_rng(1)
        # issue 15: the error named "mean" (an argument of beta_parameters)
        with pytest.raises(ValueError, match=r"true_share must be in \(0, 100\)"):
            simulate_share_estimates(150, 15, 8, np.random.default_rng(1))
        with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
            simulate_share_estimates(75, 15, 8, 1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="n_sims must be an integer >= 100"):
            simulate_share_estimates(75, 15, 8, rng, n_sims=10)
        with pytest.raises(TypeError, match="window must be a"):
            simulate_share_estimates(75, 15, 8, rng, window=70)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="window must be increasing"):
            simulate_share_estimates(75, 15, 8, rng, window=(80, 70))
        with pytest.raises(ValueError, match="sd must be <"):
            simulate_share_estimates(75, 50, 8, rng)


# --- where the estimates fall (known SD) ----------------------------------------------------


class TestShareEstimateRange:
    @pytest.mark.parametrize("share, sd, n, level", [(75, 15, 8, 0.95), (50, 10, 3, 0.9),
                                                     (20, 5, 40, 0.99)])
    def test_matches_scipy_normal_interval(self, share, sd, n, level):
        result = share_estimate_range(share, sd, n, level)
        low, high = stats.norm.interval(level, loc=share, scale=sd / math.sqrt(n))
        assert isinstance(result, ShareEstimateRange)
        assert result.low == pytest.approx(max(0.0, low), rel=1e-12)
        assert result.high == pytest.approx(min(100.0, high), rel=1e-12)
        assert result.to_dict()["se"] == pytest.approx(sd / math.sqrt(n))

    def test_worked_value_of_issue_14(self):
        # the middle 95 % of eight-person means with a between-person SD of 15 points
        r = share_estimate_range(75, 15, 8)
        assert (round(r.low, 1), round(r.high, 1)) == (64.6, 85.4)

    def test_narrower_than_the_t_interval_a_study_reports(self):
        for n in (2, 8, 30):
            assert share_estimate_range(75, 15, n).half_width < share_interval(75, 15, n).half_width
        big = 10_000
        assert share_estimate_range(75, 15, big).half_width == pytest.approx(
            share_interval(75, 15, big).half_width, rel=1e-3)

    def test_the_simulation_of_bounded_shares_lands_close(self):
        sim = simulate_share_estimates(75, 5, 8, np.random.default_rng(2), n_sims=40_000)
        r = share_estimate_range(75, 5, 8)
        assert sim.low == pytest.approx(r.low, abs=0.15)
        assert sim.high == pytest.approx(r.high, abs=0.15)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="^share"):
            share_estimate_range(0, 15, 8)
        with pytest.raises(ValueError, match="^n"):
            share_estimate_range(75, 15, 0)
        with pytest.raises(ValueError, match="^sd"):
            share_estimate_range(75, -1, 8)
