"""Tests for exneuro.power.

Reference values come from statsmodels and pingouin computing the same
quantities, from Cohen's tables, and from Button et al. (2013).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special, stats
from statsmodels.stats.power import FTestAnovaPower, NormalIndPower, TTestIndPower, TTestPower
from statsmodels.stats.proportion import proportion_effectsize

from exneuro.effect_size import effect_from_percent_change
from exneuro.power import (
    _solve_with_statsmodels,
    cohens_f_from_means,
    design_effect,
    effective_sample_size,
    mde_anova,
    mde_grid,
    mde_ttest_1samp,
    mde_ttest_ind,
    min_detectable_reduction,
    n_anova,
    n_correlation,
    n_per_group_anova,
    n_per_group_ttest_ind,
    n_ttest_1samp,
    n_ttest_ind,
    n_two_proportions,
    power_anova,
    power_correlation,
    power_grid,
    power_grid_frame,
    power_ttest_1samp,
    power_ttest_ind,
    power_two_proportions,
)

FAST = settings(max_examples=60, deadline=None)
ALTERNATIVES = ["two-sided", "larger", "smaller"]

# ---------------------------------------------------------------------------
# Two-sample t test: agreement with statsmodels and pingouin
# ---------------------------------------------------------------------------


class TestPowerTTestInd:
    @pytest.mark.parametrize("alternative", ALTERNATIVES)
    @pytest.mark.parametrize("ratio", [1.0, 0.5, 2.3])
    @pytest.mark.parametrize("alpha", [0.05, 0.005])
    def test_vectorised_matches_statsmodels_loop(self, alternative, ratio, alpha):
        effects = np.linspace(-2.0, 2.0, 41)
        sizes = np.array([2, 2.5, 3, 4, 6, 9, 13, 20, 35, 60, 150])
        grid = power_grid(effects, sizes, alpha=alpha, ratio=ratio, alternative=alternative)
        reference = np.array([
            [TTestIndPower().power(d, n, alpha, ratio=ratio, alternative=alternative)
             for d in effects]
            for n in sizes
        ])
        # statsmodels (through scipy.special.nctdtr) returns NaN far in a tail;
        # compare wherever it gives a number, which is most of the grid
        finite = np.isfinite(reference)
        assert finite.mean() > 0.8
        np.testing.assert_allclose(grid[finite], reference[finite], rtol=0, atol=1e-10)
        assert np.all(np.isfinite(grid))

    def test_finite_where_statsmodels_is_not(self):
        # d = 2, 35 per group: the upper tail is everything that matters; the
        # opposite tail is below Phi(-8.37) < 1e-16
        df = 68
        critical = stats.t.isf(0.025, df)
        ncp = 2.0 * math.sqrt(35 / 2)
        upper = 1.0 - special.nctdtr(df, ncp, critical)
        assert power_ttest_ind(2.0, 35) == pytest.approx(upper, abs=1e-12)

    def test_matches_pingouin(self):
        assert power_ttest_ind(0.5, 20) == pytest.approx(
            pg.power_ttest(d=0.5, n=20, contrast="two-samples"), abs=1e-12
        )
        assert power_ttest_ind(0.5, 20, ratio=1.5) == pytest.approx(
            pg.power_ttest2n(nx=20, ny=30, d=0.5), abs=1e-12
        )
        assert power_ttest_ind(0.5, 20, alternative="larger") == pytest.approx(
            pg.power_ttest(d=0.5, n=20, contrast="two-samples", alternative="greater"),
            abs=1e-12,
        )
        assert power_ttest_ind(-0.5, 20, alternative="smaller") == pytest.approx(
            pg.power_ttest(d=-0.5, n=20, contrast="two-samples", alternative="less"),
            abs=1e-12,
        )

    def test_button_et_al_2013(self):
        # Button et al. (2013), Nat Rev Neurosci 14:365, Table 2 (animal studies)
        assert power_ttest_ind(0.49, 11) == pytest.approx(0.195, abs=5e-4)  # printed 0.195
        assert power_ttest_ind(0.69, 12) == pytest.approx(0.366, abs=5e-4)  # printed 0.366
        assert n_per_group_ttest_ind(0.49) == 67  # 134 in total
        assert n_per_group_ttest_ind(0.69) == 34  # 68 in total
        assert mde_ttest_ind(11) == pytest.approx(1.26, abs=5e-3)  # N = 22
        assert mde_ttest_ind(12) == pytest.approx(1.20, abs=5e-3)  # N = 24

    def test_zero_effect_gives_alpha(self):
        assert power_ttest_ind(0.0, 10) == pytest.approx(0.05, abs=1e-12)
        assert power_ttest_ind(0.0, 10, alternative="larger", alpha=0.1) == pytest.approx(0.1)

    def test_alpha_above_one_half_one_sided(self):
        expected = TTestIndPower().power(0.3, 10, 0.7, alternative="larger")
        assert power_ttest_ind(0.3, 10, alpha=0.7, alternative="larger") == pytest.approx(
            expected, abs=1e-12
        )

    def test_return_types(self):
        assert type(power_ttest_ind(0.5, 20)) is float
        out = power_ttest_ind([0.2, 0.5], 20)
        assert isinstance(out, np.ndarray) and out.shape == (2,)
        assert power_ttest_ind(0.5, [[10], [20]]).shape == (2, 1)

    @FAST
    @given(st.floats(0.05, 3.0), st.integers(2, 400), st.floats(0.001, 0.2))
    def test_monotone_and_symmetric(self, d, n, alpha):
        power = power_ttest_ind(d, n, alpha=alpha)
        assert 0.0 <= power <= 1.0
        assert power >= alpha - 1e-12
        assert power_ttest_ind(d, n + 1, alpha=alpha) >= power - 1e-12
        assert power_ttest_ind(d * 1.1, n, alpha=alpha) >= power - 1e-12
        assert power_ttest_ind(-d, n, alpha=alpha) == pytest.approx(power, abs=1e-13)
        assert power_ttest_ind(d, n, alpha=alpha, alternative="larger") == pytest.approx(
            power_ttest_ind(-d, n, alpha=alpha, alternative="smaller"), abs=1e-13
        )

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n1 must be >= 2, got 1"):
            power_ttest_ind(0.5, 1)
        with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\), got 1.5"):
            power_ttest_ind(0.5, 10, alpha=1.5)
        with pytest.raises(ValueError, match="ratio must be > 0"):
            power_ttest_ind(0.5, 10, ratio=0)
        with pytest.raises(ValueError, match="ratio must make group 2"):
            power_ttest_ind(0.5, 10, ratio=0.05)
        with pytest.raises(ValueError, match="effect_size must be finite"):
            power_ttest_ind(np.nan, 10)
        with pytest.raises(TypeError, match="effect_size"):
            power_ttest_ind("0.5", 10)
        with pytest.raises(TypeError, match="n1"):
            power_ttest_ind(0.5, True)
        with pytest.raises(ValueError, match="alternative must be one of"):
            power_ttest_ind(0.5, 10, alternative="greater")
        with pytest.raises(ValueError, match="effect_size and n1 must have broadcastable"):
            power_ttest_ind([0.2, 0.5, 0.8], [10, 20])


class TestSampleSizeTTestInd:
    def test_cohen_table(self):
        # Cohen (1988) Table 2.4.1 and Cohen (1992, Psychol Bull 112:155) Table 2:
        # n per group for power .80, two-sided alpha .05. Cohen's tables come from
        # an approximation, so the exact noncentral-t answer is within one subject.
        for d, cohen_n in [(0.2, 393), (0.5, 64), (0.8, 26)]:
            assert abs(n_ttest_ind(d) - cohen_n) < 1.0
        assert n_per_group_ttest_ind(0.5) == 64
        assert n_per_group_ttest_ind(0.8) == 26

    def test_matches_pingouin_solver(self):
        # pingouin solves the same equation with its own brentq call
        expected = pg.power_ttest(d=0.5, power=0.8, contrast="two-samples")
        assert n_ttest_ind(0.5) == pytest.approx(expected, rel=1e-6)
        # statsmodels stops within ~1e-5 of the target power; ours is polished
        assert n_ttest_ind(0.5, ratio=2.0) == pytest.approx(
            TTestIndPower().solve_power(0.5, None, 0.05, 0.8, ratio=2.0), rel=1e-5
        )
        assert power_ttest_ind(0.5, n_ttest_ind(0.5, ratio=2.0), ratio=2.0) == pytest.approx(
            0.8, abs=1e-12
        )

    def test_one_sided(self):
        n = n_ttest_ind(0.5, alternative="larger")
        assert power_ttest_ind(0.5, n, alternative="larger") == pytest.approx(0.8, abs=1e-9)
        assert n_ttest_ind(-0.5, alternative="smaller") == pytest.approx(n, rel=1e-6)

    @FAST
    @given(st.floats(0.3, 1.5), st.integers(4, 200))
    def test_round_trip_n_power_n(self, d, n):
        power = power_ttest_ind(d, n)
        assume(0.1 < power < 0.95)
        assert n_ttest_ind(d, power=power) == pytest.approx(n, rel=1e-3)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="effect_size must be non-zero"):
            n_ttest_ind(0.0)
        with pytest.raises(ValueError, match="power must be greater than alpha"):
            n_ttest_ind(0.5, power=0.04)
        with pytest.raises(ValueError, match=r"power must be in \(0, 1\), got 1.0"):
            n_ttest_ind(0.5, power=1.0)
        with pytest.raises(ValueError, match="effect_size must be > 0 for alternative='larger'"):
            n_ttest_ind(-0.5, alternative="larger")
        with pytest.raises(ValueError, match="effect_size must be < 0 for alternative='smaller'"):
            n_ttest_ind(0.5, alternative="smaller")
        with pytest.raises(TypeError, match="effect_size must be a scalar"):
            n_ttest_ind([0.5, 0.6])
        with pytest.raises(ValueError, match="ratio must be > 0"):
            n_per_group_ttest_ind(0.5, ratio=-1)

    def test_statsmodels_failure_falls_back_to_own_search(self, monkeypatch):
        expected = n_ttest_ind(0.5)
        monkeypatch.setattr(TTestIndPower, "solve_power", lambda self, **kw: np.nan)
        assert n_ttest_ind(0.5) == pytest.approx(expected, rel=1e-10)

    def test_statsmodels_exception_falls_back(self, monkeypatch):
        expected = n_ttest_ind(0.8)

        def broken(self, **kwargs):
            raise RuntimeError("possible endless loop")

        monkeypatch.setattr(TTestIndPower, "solve_power", broken)
        assert n_ttest_ind(0.8) == pytest.approx(expected, rel=1e-10)

    def test_nan_from_scipy_is_an_error(self, monkeypatch):
        monkeypatch.setattr(stats.ncf, "sf", lambda *args: np.full(np.shape(args[0]), np.nan))
        with pytest.raises(FloatingPointError, match="NaN"):
            power_ttest_ind(0.5, 10)

    def test_unbracketable_root_is_reported(self):
        with pytest.raises(RuntimeError, match="could not find n1"):
            _solve_with_statsmodels(lambda: 5.0, lambda x: -1.0, "n1", lower=0.0)


class TestMdeTTestInd:
    def test_matches_pingouin(self):
        expected = pg.power_ttest(n=20, power=0.8, contrast="two-samples")
        assert mde_ttest_ind(20) == pytest.approx(expected, rel=1e-5)

    def test_smaller_is_negative_mirror(self):
        larger = mde_ttest_ind(1000, alternative="larger")
        smaller = mde_ttest_ind(1000, alternative="smaller")
        assert smaller == pytest.approx(-larger, rel=1e-12)
        assert power_ttest_ind(smaller, 1000, alternative="smaller") == pytest.approx(0.8, abs=1e-9)

    @FAST
    @given(st.floats(2.0, 500.0), st.floats(0.2, 0.95))
    def test_power_at_mde_is_target(self, n, target):
        assert power_ttest_ind(mde_ttest_ind(n, power=target), n) == pytest.approx(target, abs=1e-9)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n1 must be >= 2, got 1.5"):
            mde_ttest_ind(1.5)
        with pytest.raises(ValueError, match="power must be greater than alpha"):
            mde_ttest_ind(20, power=0.01)
        with pytest.raises(ValueError, match="ratio must make group 2"):
            mde_ttest_ind(4, ratio=0.1)


# ---------------------------------------------------------------------------
# One-sample / paired
# ---------------------------------------------------------------------------


class TestOneSample:
    @pytest.mark.parametrize("alternative", ALTERNATIVES)
    def test_matches_statsmodels(self, alternative):
        effects = np.linspace(-1.5, 1.5, 13)
        sizes = np.array([2, 5, 10, 30, 80])
        ours = power_ttest_1samp(effects[None, :], sizes[:, None], alternative=alternative)
        reference = np.array([[TTestPower().power(d, n, 0.05, alternative=alternative)
                               for d in effects] for n in sizes])
        finite = np.isfinite(reference)  # statsmodels gives NaN far in a tail
        assert finite.mean() > 0.8
        np.testing.assert_allclose(ours[finite], reference[finite], atol=1e-10, rtol=0)
        assert np.all(np.isfinite(ours))

    def test_matches_pingouin(self):
        assert power_ttest_1samp(0.5, 20) == pytest.approx(
            pg.power_ttest(d=0.5, n=20, contrast="one-sample"), abs=1e-12
        )
        assert n_ttest_1samp(0.5) == pytest.approx(
            pg.power_ttest(d=0.5, power=0.8, contrast="one-sample"), rel=1e-6
        )
        assert mde_ttest_1samp(20) == pytest.approx(
            pg.power_ttest(n=20, power=0.8, contrast="one-sample"), rel=1e-5
        )

    def test_one_sided_and_types(self):
        assert mde_ttest_1samp(30, alternative="smaller") < 0
        n = n_ttest_1samp(-0.4, alternative="smaller")
        assert power_ttest_1samp(-0.4, n, alternative="smaller") == pytest.approx(0.8, abs=1e-9)
        assert type(power_ttest_1samp(0.5, 10)) is float

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n must be >= 2"):
            power_ttest_1samp(0.5, 1)
        with pytest.raises(ValueError, match="alpha must be in"):
            power_ttest_1samp(0.5, 10, alpha=0)
        with pytest.raises(ValueError, match="effect_size must be non-zero"):
            n_ttest_1samp(0)
        with pytest.raises(ValueError, match="n must be >= 2"):
            mde_ttest_1samp(1)


# ---------------------------------------------------------------------------
# Proportions
# ---------------------------------------------------------------------------


class TestTwoProportions:
    @pytest.mark.parametrize("alternative", ALTERNATIVES)
    def test_matches_statsmodels_normal_ind_power(self, alternative):
        for p1, p2, n1, ratio in [(0.5, 0.3, 100, 1.0), (0.2, 0.25, 400, 2.0),
                                  (0.1, 0.02, 60, 0.5), (0.4, 0.4, 50, 1.0)]:
            h = proportion_effectsize(p1, p2)
            expected = NormalIndPower().power(h, n1, 0.05, ratio=ratio, alternative=alternative)
            assert power_two_proportions(p1, p2, n1, ratio=ratio,
                                         alternative=alternative) == pytest.approx(
                expected, abs=1e-12
            )

    def test_sample_size_matches_closed_form(self):
        # n1 = 2 ((z_.975 + z_.80) / h)^2 for equal groups; it ignores the far
        # tail, which is negligible here
        h = 2 * math.asin(math.sqrt(0.5)) - 2 * math.asin(math.sqrt(0.3))
        closed_form = 2 * ((stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) / h) ** 2
        assert n_two_proportions(0.5, 0.3) == pytest.approx(closed_form, rel=1e-4)
        n = n_two_proportions(0.3, 0.5, alternative="smaller", ratio=2)
        assert power_two_proportions(0.3, 0.5, n, ratio=2, alternative="smaller") == (
            pytest.approx(0.8, abs=1e-9)
        )

    def test_vectorised(self):
        out = power_two_proportions(0.5, [0.3, 0.4], [[50], [100]])
        assert out.shape == (2, 2)
        assert out[1, 0] > out[0, 0] > out[0, 1]

    def test_bad_input(self):
        with pytest.raises(ValueError, match=r"p1 must be in \[0, 1\], got 1.2"):
            power_two_proportions(1.2, 0.3, 10)
        with pytest.raises(ValueError, match="n1 must be > 0"):
            power_two_proportions(0.5, 0.3, 0)
        with pytest.raises(ValueError, match="p1 and p2 must differ"):
            n_two_proportions(0.3, 0.3)
        with pytest.raises(ValueError, match="alternative='larger' needs p1 > p2"):
            n_two_proportions(0.3, 0.5, alternative="larger")
        with pytest.raises(ValueError, match="alternative='smaller' needs p1 < p2"):
            n_two_proportions(0.5, 0.3, alternative="smaller")
        with pytest.raises(TypeError, match="p2"):
            n_two_proportions(0.5, "0.3")


# ---------------------------------------------------------------------------
# ANOVA
# ---------------------------------------------------------------------------


class TestAnova:
    def test_matches_statsmodels_total_n(self):
        fs = np.array([0.0, 0.1, 0.25, 0.4, 0.7])
        for k in (2, 3, 5):
            for n in (3, 10, 45):
                # statsmodels takes the total N
                expected = [FTestAnovaPower().power(f, n * k, 0.05, k_groups=k) for f in fs]
                np.testing.assert_allclose(power_anova(fs, n, k), expected, atol=1e-10)

    def test_zero_effect_is_alpha(self):
        # scipy 1.17's ncf.sf(x, dfn, dfd, 0) is wrong; the power at f = 0 must be alpha
        assert power_anova(0.0, 10, 3) == pytest.approx(0.05, abs=1e-12)

    def test_matches_pingouin(self):
        eta_squared = 0.0588
        f = math.sqrt(eta_squared / (1 - eta_squared))
        assert power_anova(f, 20, 4) == pytest.approx(
            pg.power_anova(eta_squared=eta_squared, k=4, n=20), abs=1e-10
        )
        assert n_anova(f, 4) == pytest.approx(
            pg.power_anova(eta_squared=eta_squared, k=4, power=0.8), rel=1e-6
        )
        eta_at_mde = pg.power_anova(k=3, n=30, power=0.8)
        assert mde_anova(30, 3) == pytest.approx(math.sqrt(eta_at_mde / (1 - eta_at_mde)),
                                                 rel=1e-5)

    def test_cohen_1992_table(self):
        # Cohen (1992) Table 2, ANOVA, power .80, alpha .05, n per group for f = .10/.25/.40
        for k, printed in [(3, (322, 52, 21)), (4, (274, 45, 18))]:
            for f, cohen_n in zip((0.10, 0.25, 0.40), printed, strict=True):
                assert abs(n_anova(f, k) - cohen_n) < 1.0
        assert n_per_group_anova(0.25, 4) == 45

    def test_cohens_f_from_means(self):
        # population SD of (1, 2, 3) is sqrt(2/3)
        assert cohens_f_from_means([1.0, 2.0, 3.0], 2.0) == pytest.approx(math.sqrt(2 / 3) / 2)
        assert cohens_f_from_means([5.0, 5.0], 1.0) == 0.0

    def test_vectorised_monotone(self):
        powers = power_anova(0.25, np.arange(2, 60), 4)
        assert np.all(np.diff(powers) > 0)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="f must be >= 0"):
            power_anova(-0.1, 10, 3)
        with pytest.raises(ValueError, match="k_groups must be an integer >= 2, got 1"):
            power_anova(0.25, 10, 1)
        with pytest.raises(ValueError, match="k_groups must be an integer >= 2, got 2.5"):
            power_anova(0.25, 10, 2.5)
        with pytest.raises(ValueError, match="n_per_group must be >= 2"):
            power_anova(0.25, 1, 3)
        with pytest.raises(ValueError, match="f must be > 0"):
            n_anova(0.0, 3)
        with pytest.raises(ValueError, match="n_per_group must be >= 2"):
            mde_anova(1, 3)
        with pytest.raises(ValueError, match="means must have at least 2 elements"):
            cohens_f_from_means([1.0], 1.0)
        with pytest.raises(ValueError, match="sd must be > 0"):
            cohens_f_from_means([1.0, 2.0], 0.0)


# ---------------------------------------------------------------------------
# Correlation
# ---------------------------------------------------------------------------


class TestCorrelation:
    @pytest.mark.parametrize(
        "alternative, pingouin_alternative",
        [("two-sided", "two-sided"), ("larger", "greater"), ("smaller", "less")],
    )
    def test_matches_pingouin(self, alternative, pingouin_alternative):
        for r in (-0.5, -0.1, 0.1, 0.3, 0.6):
            for n in (10, 50, 200):
                expected = pg.power_corr(r=r, n=n, alternative=pingouin_alternative)
                assert power_correlation(r, n, alternative=alternative) == pytest.approx(
                    expected, abs=1e-12
                )

    def test_sample_size_matches_pingouin(self):
        for r in (0.1, 0.3, 0.5):
            assert n_correlation(r) == pytest.approx(pg.power_corr(r=r, power=0.8), rel=1e-8)
        assert n_correlation(-0.3, alternative="smaller") == pytest.approx(
            pg.power_corr(r=-0.3, power=0.8, alternative="less"), rel=1e-8
        )

    def test_bad_input(self):
        with pytest.raises(ValueError, match=r"r must be in \(-1, 1\)"):
            power_correlation(1.0, 20)
        with pytest.raises(ValueError, match="n must be >= 4"):
            power_correlation(0.3, 3)
        with pytest.raises(ValueError, match="r must be non-zero"):
            n_correlation(0.0)
        with pytest.raises(ValueError, match="already reached with n = 4"):
            n_correlation(0.999)
        with pytest.raises(ValueError, match="alternative='larger'"):
            n_correlation(-0.3, alternative="larger")


# ---------------------------------------------------------------------------
# Grids
# ---------------------------------------------------------------------------


class TestGrids:
    def test_power_grid_shape_and_values(self):
        effects = [0.2, 0.5, 0.8]
        sizes = [5, 10, 20, 40]
        grid = power_grid(effects, sizes)
        assert grid.shape == (4, 3)
        assert grid[2, 1] == pytest.approx(power_ttest_ind(0.5, 20), abs=1e-15)

    def test_power_grid_frame(self):
        frame = power_grid_frame([0.2, 0.5], [10, 20, 30], ratio=2.0)
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == ["n1", "n2", "effect_size", "power"]
        assert len(frame) == 6
        row = frame[(frame.n1 == 20) & (frame.effect_size == 0.5)].iloc[0]
        assert row.n2 == 40
        assert row.power == pytest.approx(power_ttest_ind(0.5, 20, ratio=2.0))

    def test_mde_grid_matches_statsmodels(self):
        sizes = np.array([3, 5, 11, 12, 30, 11])
        expected = [TTestIndPower().solve_power(None, n, 0.05, 0.8) for n in sizes]
        np.testing.assert_allclose(mde_grid(sizes), expected, rtol=1e-5)
        assert mde_grid([[5, 10]]).shape == (1, 2)
        np.testing.assert_allclose(mde_grid([20], alternative="smaller"),
                                   [mde_ttest_ind(20, alternative="smaller")], rtol=1e-5)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="ns must all be >= 2"):
            power_grid([0.5], [1, 10])
        with pytest.raises(ValueError, match="effect_sizes must be a one-dimensional"):
            power_grid([[0.5]], [10])
        with pytest.raises(ValueError, match="ns must be >= 2"):
            mde_grid([1, 10])


# ---------------------------------------------------------------------------
# Clustered designs
# ---------------------------------------------------------------------------


class TestDesignEffect:
    def test_values(self):
        assert design_effect(20, 0.1) == pytest.approx(2.9)  # 1 + 19 * 0.1
        assert design_effect(1, 0.7) == 1.0
        assert design_effect(10, 0.0) == 1.0
        assert effective_sample_size(200, 20, 0.1) == pytest.approx(200 / 2.9)
        np.testing.assert_allclose(design_effect([5, 10], 1.0), [5.0, 10.0])
        assert effective_sample_size(200, 20, [0.0, 1.0]).tolist() == pytest.approx([200, 10])

    def test_bad_input(self):
        with pytest.raises(ValueError, match="cluster_size must be >= 1"):
            design_effect(0.5, 0.1)
        with pytest.raises(ValueError, match=r"icc must be in \[0, 1\]"):
            design_effect(10, 1.5)
        with pytest.raises(ValueError, match="n_total must be > 0"):
            effective_sample_size(0, 10, 0.1)
        with pytest.raises(ValueError, match="cluster_size and icc"):
            design_effect([1, 2, 3], [0.1, 0.2])


class TestMinDetectableReduction:
    @pytest.mark.parametrize("n, cv", [(6, 0.3), (10, 0.3), (4, 0.15), (20, 0.6)])
    def test_power_at_the_reduction_is_the_target(self, n, cv):
        reduction = min_detectable_reduction(n, cv)
        assert 0 < reduction < 100
        d = effect_from_percent_change(-reduction, cv, n).d
        assert power_ttest_ind(d, n) == pytest.approx(0.8, abs=1e-8)

    def test_undetectable_even_at_complete_loss(self):
        # d for a 100% reduction is sqrt(2) / cv = 1.41, below the MDE of about 3.1 at n = 3
        assert math.isnan(min_detectable_reduction(3, 1.0))

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n_per_group must be an integer >= 2"):
            min_detectable_reduction(1, 0.3)
        with pytest.raises(ValueError, match="cv must be > 0"):
            min_detectable_reduction(6, 0.0)


# --- the book's group size for a standardized effect -----------------------------------

def test_n_per_group_reproduces_button_2013_table_2():
    # Button et al. (2013), Table 2: total N for 80 % and 95 % power, two equal groups.
    assert 2 * n_per_group_ttest_ind(0.49, power=0.8) == 134
    assert 2 * n_per_group_ttest_ind(0.49, power=0.95) == 220
    assert 2 * n_per_group_ttest_ind(0.69, power=0.8) == 68
    assert 2 * n_per_group_ttest_ind(0.69, power=0.95) == 112


def test_n_per_group_cohens_medium_effect_and_zero():
    assert n_per_group_ttest_ind(0.5) == 64  # Cohen (1988), Table 2.4.1
    with pytest.raises(ValueError, match="effect_size must be non-zero"):
        n_per_group_ttest_ind(0.0)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.2, max_value=3.0), st.floats(min_value=1.05, max_value=2.0))
def test_n_per_group_is_sign_free_and_falls_with_the_effect(d, factor):
    # two-sided: d and -d are the same question, answered with the same numbers
    assert n_per_group_ttest_ind(d) == n_per_group_ttest_ind(-d)
    assert n_ttest_ind(d, power=0.9) == n_ttest_ind(-d, power=0.9)
    assert n_per_group_ttest_ind(d * factor) <= n_per_group_ttest_ind(d)


# --- clustered designs: false positives and clusters needed --------------------------------

def test_false_positive_rate_ignoring_clusters_matches_a_simulation():
    from exneuro.power import false_positive_rate_ignoring_clusters

    # Two groups of 6 clusters of 8 observations, ICC 0.2, no true difference, known total
    # variance 1; the naive z test divides by sqrt(2 / 48) as if all 96 were independent.
    rng = np.random.default_rng(2014)
    clusters, size, icc, sims = 6, 8, 0.2, 20_000
    def group_means():
        cluster = rng.normal(0, math.sqrt(icc), (sims, clusters, 1))
        within = rng.normal(0, math.sqrt(1 - icc), (sims, clusters, size))
        return (cluster + within).mean(axis=(1, 2))
    z = (group_means() - group_means()) / math.sqrt(2 / (clusters * size))
    simulated = float(np.mean(np.abs(z) > stats.norm.isf(0.025)))
    expected = false_positive_rate_ignoring_clusters(size, icc)
    assert simulated == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / sims))
    assert expected > 0.2  # design effect 2.4: four times the nominal 5 %


def test_false_positive_rate_is_alpha_without_clustering_and_rises_with_icc():
    from exneuro.power import false_positive_rate_ignoring_clusters

    assert false_positive_rate_ignoring_clusters(1, 0.5) == pytest.approx(0.05, abs=1e-15)
    assert false_positive_rate_ignoring_clusters(10, 0.0, alpha=0.01) == pytest.approx(0.01, abs=1e-15)
    rates = false_positive_rate_ignoring_clusters(10, np.linspace(0, 1, 11))
    assert np.all(np.diff(rates) > 0) and rates.shape == (11,)


@settings(max_examples=60, deadline=None)
@given(n=st.floats(min_value=1, max_value=5000), size=st.integers(min_value=1, max_value=200),
       icc=st.floats(min_value=0, max_value=1))
def test_clusters_needed_is_the_smallest_whole_number_of_clusters_worth_n(n, size, icc):
    from exneuro.power import clusters_needed

    k = clusters_needed(n, size, icc)
    assert effective_sample_size(k * size, size, icc) >= n * (1 - 1e-12)
    if k > 1:  # one cluster fewer is not enough (up to rounding in n * deff / size)
        assert effective_sample_size((k - 1) * size, size, icc) < n * (1 + 1e-9)


def test_n_per_group_interaction_has_the_power_of_the_four_group_contrast():
    from exneuro.power import n_per_group_interaction

    for d, removed in [(1.0, 1.0), (1.2, 0.5), (0.6, 1.0)]:
        n = n_per_group_interaction(d, removed)
        # the interaction contrast: ncp = removed * d / sqrt(4 / n), df = 4 n - 4
        def exact(k, d=d, removed=removed):
            ncp = removed * d / math.sqrt(4 / k)
            critical = stats.t.isf(0.025, 4 * k - 4)
            return stats.nct.sf(critical, 4 * k - 4, ncp) + stats.nct.cdf(-critical, 4 * k - 4, ncp)
        assert exact(n) >= 0.8
        assert n == n_per_group_ttest_ind(removed * d / math.sqrt(2))
    assert n_per_group_interaction(1.0) > 1.9 * n_per_group_ttest_ind(1.0)
    with pytest.raises(ValueError, match="removed must be in"):
        n_per_group_interaction(1.0, removed=1.5)
