"""Tests for exneuro.simulate."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.weightstats import ttest_ind as sm_ttest_ind

from exneuro.power import design_effect, power_ttest_ind
from exneuro.simulate import (
    CountPowerResult,
    SimulationPowerResult,
    nb_dispersion_from_cv,
    simulate_clustered_proportion_power,
    simulate_count_power,
    simulate_proportion_power,
    welch_test_rows,
)


def _log1p_moments(mean: float, k: float) -> tuple[float, float]:
    """Exact mean and variance of log(Y + 1) for Y negative binomial, by summing the pmf."""
    distribution = stats.nbinom(k, k / (k + mean))
    support = np.arange(0, int(distribution.ppf(1 - 1e-14)) + 1)
    weights = distribution.pmf(support)
    values = np.log1p(support)
    centre = float(np.sum(weights * values))
    return centre, float(np.sum(weights * (values - centre) ** 2))


class TestWelchRows:
    def test_matches_scipy_on_ordinary_rows(self):
        rng = np.random.default_rng(4)
        first = rng.normal(0.3, 1.0, size=(200, 6))
        second = rng.normal(0.0, 2.0, size=(200, 9))
        p_values, difference = welch_test_rows(first, second)
        reference = stats.ttest_ind(first, second, axis=1, equal_var=False)
        np.testing.assert_allclose(p_values, reference.pvalue, rtol=1e-10)
        np.testing.assert_allclose(difference, first.mean(axis=1) - second.mean(axis=1))

    def test_one_constant_group_matches_statsmodels(self):
        first = np.array([[1.0, 2.0, 4.0, 3.0]])
        second = np.array([[2.0, 2.0, 2.0]])
        p_values, _ = welch_test_rows(first, second)
        expected = sm_ttest_ind(first[0], second[0], usevar="unequal")[1]
        assert p_values[0] == pytest.approx(expected, rel=1e-10)

    def test_both_groups_constant(self):
        p_values, difference = welch_test_rows(np.array([[0.0, 0.0], [3.0, 3.0]]),
                                               np.array([[1.0, 1.0], [3.0, 3.0]]))
        assert p_values.tolist() == [0.0, 1.0]
        assert difference.tolist() == [-1.0, 0.0]

    def test_missing_or_infinite_values_give_nan_not_zero(self):
        # issue 15: a row with NaN or inf returned p = 0, so missing data looked significant
        first = np.array([[1.0, np.nan, 3.0], [1.0, 2.0, np.inf], [1.0, 2.0, 3.0]])
        second = np.array([[2.0, 2.0, 2.5], [2.0, 2.0, 2.5], [-np.inf, 2.0, 2.5]])
        p_values, difference = welch_test_rows(first, second)
        assert np.isnan(p_values).all() and np.isnan(difference).all()
        assert not (p_values < 0.05).any()
        # finite rows are unaffected by the others
        mixed = np.vstack([first[:1], [[1.0, 2.0, 3.0]]])
        p_values, _ = welch_test_rows(mixed, np.array([[2.0, 2.0, 2.5], [2.0, 2.0, 2.5]]))
        assert np.isnan(p_values[0])
        expected = stats.ttest_ind([1.0, 2.0, 3.0], [2.0, 2.0, 2.5], equal_var=False).pvalue
        assert p_values[1] == pytest.approx(expected, rel=1e-10)

    def test_accepts_nested_lists_and_rejects_non_numbers(self):
        p_list, _ = welch_test_rows([[1.0, 2.0, 4.0]], [[0.0, 1.0, 1.5]])
        p_array, _ = welch_test_rows(np.array([[1.0, 2.0, 4.0]]), np.array([[0.0, 1.0, 1.5]]))
        assert p_list.tolist() == p_array.tolist()
        with pytest.raises(TypeError, match="first must be a 2-D array of numbers"):
            welch_test_rows([["a", "b"]], [[1.0, 2.0]])
        with pytest.raises(TypeError, match="second must be a 2-D array of numbers"):
            welch_test_rows([[1.0, 2.0]], "12")

    def test_bad_shapes(self):
        with pytest.raises(ValueError, match="same number of rows"):
            welch_test_rows(np.zeros((3, 4)), np.zeros((2, 4)))
        with pytest.raises(ValueError, match="at least 2 columns"):
            welch_test_rows(np.zeros((3, 1)), np.zeros((3, 4)))


class TestNegativeBinomialParameters:
    def test_dispersion_from_cv(self):
        # CV^2 = 1/mu + 1/k: 0.25 = 0.1 + 1/k gives k = 1 / 0.15
        assert nb_dispersion_from_cv(10.0, 0.5) == pytest.approx(1 / 0.15)
        k = nb_dispersion_from_cv(25.0, 0.4)
        distribution = stats.nbinom(k, k / (k + 25.0))  # scipy's own moments
        assert distribution.std() / distribution.mean() == pytest.approx(0.4, rel=1e-12)

    def test_poisson_floor(self):
        with pytest.raises(ValueError, match=r"cv must be > 1/sqrt\(control_mean\) = 0.3162"):
            nb_dispersion_from_cv(10.0, 0.3)
        with pytest.raises(ValueError, match="cv must be > 1/sqrt"):
            simulate_count_power(4.0, 0.5, 5, cv=0.5, rng=np.random.default_rng(0))


class TestCountPower:
    def test_seeded_generator_reproduces_results(self):
        first = simulate_count_power(20, 0.3, 5, cv=0.5, rng=np.random.default_rng(1))
        second = simulate_count_power(20, 0.3, 5, cv=0.5, rng=np.random.default_rng(1))
        assert first == second
        third = simulate_count_power(20, 0.3, 5, cv=0.5, rng=np.random.default_rng(2))
        assert third.power != first.power

    def test_dispersion_and_cv_routes_agree(self):
        k = nb_dispersion_from_cv(20.0, 0.5)
        by_cv = simulate_count_power(20, 0.5, 6, cv=0.5, rng=np.random.default_rng(8),
                                     n_sims=2000)
        by_k = simulate_count_power(20, 0.5, 6, dispersion=k, rng=np.random.default_rng(8),
                                    n_sims=2000)
        assert by_cv.power == by_k.power
        assert by_k.cv == pytest.approx(0.5)
        assert by_cv.dispersion == pytest.approx(k)

    def test_agrees_with_analytic_t_test_power_on_log_scale(self):
        # Large groups: the Welch test on log(count + 1) behaves like a t test
        # with d computed from the exact moments of log(Y + 1).
        mean, cv, ratio, n = 20.0, 0.5, 0.8, 50
        k = nb_dispersion_from_cv(mean, cv)
        centre0, var0 = _log1p_moments(mean, k)
        centre1, var1 = _log1p_moments(mean * ratio, k)
        d = (centre1 - centre0) / math.sqrt((var0 + var1) / 2)
        analytic = power_ttest_ind(d, n)
        result = simulate_count_power(mean, ratio, n, cv=cv, rng=np.random.default_rng(3),
                                      n_sims=20_000)
        assert 0.3 < analytic < 0.8  # a case where power is informative
        assert abs(result.power - analytic) < 4 * result.mc_se

    def test_student_test_matches_scipy_and_the_log_scale_design_analysis(self):
        from scipy import stats

        from exneuro.simulate import _student_test_rows

        rng = np.random.default_rng(5)
        first, second = rng.normal(size=(50, 4)), rng.normal(1.0, size=(50, 3))
        p, diff = _student_test_rows(first, second)
        expected = stats.ttest_ind(first, second, axis=1)
        assert p == pytest.approx(expected.pvalue, rel=1e-12)
        assert diff == pytest.approx(first.mean(axis=1) - second.mean(axis=1))
        p, _ = _student_test_rows(np.array([[2.0, 2.0], [1.0, 1.0]]), np.array([[1.0, 1.0]] * 2))
        assert p.tolist() == [0.0, 1.0]
        # With many counts per unit (little Poisson noise) and a small CV, log counts are
        # close to log-normal: Student's test on them has the power of the exact
        # log-scale design analysis.
        from exneuro.design import design_analysis_ratio

        result = simulate_count_power(5000, 0.8, 6, cv=0.15, rng=np.random.default_rng(4),
                                      n_sims=20_000, test="student")
        exact = design_analysis_ratio(0.8, 6, cv=0.15)
        assert 0.3 < exact.power < 0.9
        assert abs(result.power - exact.power) < 4 * result.mc_se + 0.005
        assert result.test.startswith("Student")
        welch = simulate_count_power(5000, 0.8, 6, cv=0.15, rng=np.random.default_rng(4),
                                     n_sims=20_000)
        assert welch.test.startswith("Welch") and welch.power < result.power
        with pytest.raises(ValueError, match="^test"):
            simulate_count_power(50, 0.8, 6, cv=0.3, rng=np.random.default_rng(4), test="z")

    def test_false_positive_rate_when_no_effect(self):
        result = simulate_count_power(15, 1.0, 20, cv=0.6, rng=np.random.default_rng(12),
                                      n_sims=20_000)
        assert abs(result.power - 0.05) < 4 * result.mc_se + 0.005
        assert result.type_s is None and result.exaggeration is None
        assert result.mean_significant_ratio is not None

    def test_underpowered_study_exaggerates(self):
        result = simulate_count_power(10, 0.8, 4, cv=0.7, rng=np.random.default_rng(21))
        assert isinstance(result, CountPowerResult)
        assert result.power < 0.2
        assert result.exaggeration > 2.0
        assert 0.0 <= result.type_s < 0.5
        assert result.mean_significant_ratio < 0.8  # significant studies overstate the drop
        assert result.mean_estimated_ratio == pytest.approx(0.8, abs=0.03)

    def test_fields(self):
        result = simulate_count_power(50, 0.3, 5, cv=0.4, rng=np.random.default_rng(1),
                                      n_sims=1000, alpha=0.01)
        assert result.n_sims == 1000 and result.alpha == 0.01 and result.n_per_group == 5
        assert result.mc_se == pytest.approx(math.sqrt(result.power * (1 - result.power) / 1000))
        assert result.power == result.n_significant / 1000
        assert "log(count + 1)" in result.test
        assert result.to_dict()["ratio"] == 0.3

    def test_no_significant_results(self):
        result = simulate_count_power(50, 1.0, 10, dispersion=5.0, rng=np.random.default_rng(0),
                                      n_sims=100, alpha=1e-9)
        assert result.n_significant == 0 and result.power == 0.0
        assert result.mean_significant_ratio is None and result.type_s is None

    @pytest.mark.parametrize("bad", [None, 7, np.random.RandomState(7)])
    def test_requires_generator(self, bad):
        with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
            simulate_count_power(20, 0.5, 5, cv=0.5, rng=bad)

    def test_bad_input(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="exactly one of dispersion"):
            simulate_count_power(20, 0.5, 5, rng=rng)
        with pytest.raises(ValueError, match="exactly one of dispersion"):
            simulate_count_power(20, 0.5, 5, cv=0.5, dispersion=2.0, rng=rng)
        with pytest.raises(ValueError, match="control_mean must be > 0"):
            simulate_count_power(0, 0.5, 5, cv=0.5, rng=rng)
        with pytest.raises(ValueError, match="ratio must be > 0"):
            simulate_count_power(20, 0, 5, cv=0.5, rng=rng)
        with pytest.raises(ValueError, match="n_per_group must be an integer >= 2, got 1"):
            simulate_count_power(20, 0.5, 1, cv=0.5, rng=rng)
        with pytest.raises(ValueError, match="dispersion must be > 0"):
            simulate_count_power(20, 0.5, 5, dispersion=-1.0, rng=rng)
        with pytest.raises(ValueError, match="n_sims must be an integer >= 100"):
            simulate_count_power(20, 0.5, 5, cv=0.5, rng=rng, n_sims=99.5)
        with pytest.raises(ValueError, match="alpha must be in"):
            simulate_count_power(20, 0.5, 5, cv=0.5, rng=rng, alpha=0)
        with pytest.raises(TypeError, match="cv"):
            simulate_count_power(20, 0.5, 5, cv="0.5", rng=rng)


def _exact_pooled_z_power(p1: float, p2: float, n1: int, n2: int, alpha: float) -> float:
    """Exact power by enumerating all 2 x 2 tables, each tested with statsmodels."""
    total = 0.0
    for x1 in range(n1 + 1):
        for x2 in range(n2 + 1):
            if x1 + x2 in (0, n1 + n2):
                continue  # no variation: never significant
            p_value = proportions_ztest([x1, x2], [n1, n2])[1]
            if p_value < alpha:
                total += stats.binom.pmf(x1, n1, p1) * stats.binom.pmf(x2, n2, p2)
    return total


class TestProportionPower:
    def test_agrees_with_exact_enumeration(self):
        exact = _exact_pooled_z_power(0.6, 0.3, 30, 25, 0.05)
        result = simulate_proportion_power(0.6, 0.3, 30, 25, rng=np.random.default_rng(17),
                                           n_sims=20_000)
        assert isinstance(result, SimulationPowerResult)
        assert abs(result.power - exact) < 4 * result.mc_se

    def test_seeded_and_defaults(self):
        first = simulate_proportion_power(0.5, 0.3, 40, rng=np.random.default_rng(2))
        second = simulate_proportion_power(0.5, 0.3, 40, rng=np.random.default_rng(2))
        assert first == second
        assert first.settings == {"p1": 0.5, "p2": 0.3, "n1": 40, "n2": 40}
        assert first.to_dict()["n_sims"] == 10_000

    def test_degenerate_proportions(self):
        result = simulate_proportion_power(0.0, 0.0, 10, rng=np.random.default_rng(0),
                                           n_sims=200)
        assert result.power == 0.0

    def test_bad_input(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match=r"p1 must be in \[0, 1\]"):
            simulate_proportion_power(1.5, 0.3, 10, rng=rng)
        with pytest.raises(ValueError, match="n2 must be an integer >= 1, got 0"):
            simulate_proportion_power(0.5, 0.3, 10, 0, rng=rng)
        with pytest.raises(TypeError, match="rng"):
            simulate_proportion_power(0.5, 0.3, 10, rng=1)


class TestClusteredProportionPower:
    def test_pooled_analysis_false_positive_rate_follows_design_effect(self):
        # Treating cells as independent understates the variance by the design
        # effect, so the naive z test rejects when |Z| > 1.96 / sqrt(deff).
        deff = design_effect(50, 0.1)
        expected = 2 * stats.norm.sf(stats.norm.isf(0.025) / math.sqrt(deff))
        result = simulate_clustered_proportion_power(
            0.3, 0.3, 8, 50, 0.1, rng=np.random.default_rng(5), analysis="pooled",
            n_sims=20_000,
        )
        assert abs(result.power - expected) < 4 * result.mc_se + 0.01

    def test_animal_analysis_keeps_error_rate(self):
        result = simulate_clustered_proportion_power(
            0.3, 0.3, 6, 50, 0.1, rng=np.random.default_rng(6), n_sims=20_000
        )
        assert result.power < 0.05 + 4 * result.mc_se
        assert result.settings["analysis"] == "animal"

    def test_without_clustering_pooled_test_is_valid(self):
        result = simulate_clustered_proportion_power(
            0.3, 0.3, 6, 20, 0.0, rng=np.random.default_rng(7), analysis="pooled"
        )
        assert abs(result.power - 0.05) < 4 * result.mc_se + 0.005

    def test_power_rises_with_animals(self):
        few = simulate_clustered_proportion_power(0.2, 0.4, 3, 30, 0.05,
                                                  rng=np.random.default_rng(3))
        many = simulate_clustered_proportion_power(0.2, 0.4, 10, 30, 0.05,
                                                   rng=np.random.default_rng(3))
        assert many.power > few.power + 0.2

    def test_bad_input(self):
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="analysis must be one of"):
            simulate_clustered_proportion_power(0.3, 0.3, 4, 10, 0.1, rng=rng, analysis="mixed")
        with pytest.raises(ValueError, match=r"icc must be in \[0, 1\)"):
            simulate_clustered_proportion_power(0.3, 0.3, 4, 10, 1.0, rng=rng)
        with pytest.raises(ValueError, match=r"p1 must be in \(0, 1\)"):
            simulate_clustered_proportion_power(0.0, 0.3, 4, 10, 0.1, rng=rng)
        with pytest.raises(ValueError, match="animals_per_group must be an integer >= 2"):
            simulate_clustered_proportion_power(0.3, 0.3, 1, 10, 0.1, rng=rng)
        with pytest.raises(TypeError, match="rng"):
            simulate_clustered_proportion_power(0.3, 0.3, 4, 10, 0.1, rng=None)
