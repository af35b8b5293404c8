"""Tests for solving any unknown of a power analysis (exneuro.power, exneuro.effect_size).

Reference values: R ``pwr`` results frozen in statsmodels' own tests
(``statsmodels/stats/tests/test_power.py`` and ``tests/results/results_power.py``, with
the R call in a comment next to each), the G*Power compromise example frozen there too,
pingouin's solvers and the values printed in pingouin's documentation, and scipy.
"""

from __future__ import annotations

import math

import numpy as np
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.power import NormalIndPower, TTestIndPower

from exneuro.effect_size import r_confidence_interval
from exneuro.power import (
    CompromiseResult,
    alpha_for_power,
    compromise_analysis,
    mde_chi2,
    mde_correlation,
    mde_two_proportions,
    mde_ztest,
    n_anova,
    n_chi2,
    n_correlation,
    n_per_group_anova,
    n_per_group_ttest_ind,
    n_rm_anova,
    n_ttest_1samp,
    n_ttest_ind,
    n_two_proportions,
    n_ztest,
    power_anova,
    power_chi2,
    power_correlation,
    power_rm_anova,
    power_ttest_1samp,
    power_ttest_ind,
    power_two_proportions,
    power_ztest,
    ratio_ttest_ind,
)

FAST = settings(max_examples=60, deadline=None)


def proportions_with_h(h, p2=0.5):
    """p1 such that Cohen's h of (p1, p2) is h."""
    return math.sin(math.asin(math.sqrt(p2)) + h / 2) ** 2, p2


# ---------------------------------------------------------------------------
# R pwr values frozen in statsmodels' tests
# ---------------------------------------------------------------------------

# (R call, function, design, alternative, power printed by R); alpha was 0.05 in each.
R_T_TESTS = [
    # statsmodels TestTTPowerOneS1; R: pwr.t.test(d=1, n=30, type="one.sample")
    ("one", {"effect_size": 1.0, "n": 30}, "two-sided", 0.9995636009612725),
    # TestTTPowerOneS2; pwr.t.test(d=0.2,n=20,sig.level=0.05,type="one.sample",alternative="two.sided")
    ("one", {"effect_size": 0.2, "n": 20}, "two-sided", 0.1359562887679666),
    # TestTTPowerOneS3; pwr.t.test(d=1,n=30,sig.level=0.05,type="one.sample",alternative="greater")
    ("one", {"effect_size": 1.0, "n": 30}, "larger", 0.999892010204909),
    # TestTTPowerOneS4; pwr.t.test(d=0.05,n=20,sig.level=0.05,type="one.sample",alternative="greater")
    ("one", {"effect_size": 0.05, "n": 20}, "larger", 0.0764888785042198),
    # TestTTPowerOneS5; pwr.t.test(d=0.2,n=20,sig.level=0.05,type="one.sample",alternative="less")
    ("one", {"effect_size": 0.2, "n": 20}, "smaller", 0.006063932667926375),
    # TestTTPowerOneS6; pwr.t.test(d=-0.2,n=20,sig.level=0.05,type="one.sample",alternative="less")
    ("one", {"effect_size": -0.2, "n": 20}, "smaller", 0.21707518167191),
    # TestTTPowerTwoS1; pwr.t.test(d=1,n=30,sig.level=0.05,type="two.sample",alternative="two.sided")
    ("two", {"effect_size": 1.0, "n1": 30}, "two-sided", 0.967708258242517),
    # TestTTPowerTwoS2; pwr.t.test(d=0.1,n=20,sig.level=0.05,type="two.sample",alternative="two.sided")
    ("two", {"effect_size": 0.1, "n1": 20}, "two-sided", 0.06095912465411235),
    # TestTTPowerTwoS3; pwr.t.test(d=1,n=30,sig.level=0.05,type="two.sample",alternative="greater")
    ("two", {"effect_size": 1.0, "n1": 30}, "larger", 0.985459690251624),
    # TestTTPowerTwoS4; pwr.t.test(d=0.01,n=30,sig.level=0.05,type="two.sample",alternative="greater")
    ("two", {"effect_size": 0.01, "n1": 30}, "larger", 0.0540740302835667),
    # TestTTPowerTwoS5; pwr.t2n.test(d=0.1,n1=20, n2=30,sig.level=0.05,alternative="two.sided")
    ("two", {"effect_size": 0.1, "n1": 20, "ratio": 1.5}, "two-sided", 0.0633081832564667),
    # TestTTPowerTwoS6; pwr.t2n.test(d=0.1,n1=20, n2=30,sig.level=0.05,alternative="greater")
    ("two", {"effect_size": 0.1, "n1": 20, "ratio": 1.5}, "larger", 0.09623589080917805),
]


@pytest.mark.parametrize("kind, design, alternative, r_power", R_T_TESTS)
def test_r_pwr_t_tests_power_and_alpha(kind, design, alternative, r_power):
    function = power_ttest_1samp if kind == "one" else power_ttest_ind
    assert function(**design, alternative=alternative) == pytest.approx(r_power, abs=1e-12)
    # solving for alpha from R's power gives back sig.level = 0.05
    alpha = alpha_for_power(function, r_power, **design, alternative=alternative)
    assert alpha == pytest.approx(0.05, rel=1e-7)


@pytest.mark.parametrize("alternative, r_power", [
    ("two-sided", 0.0633081832564667),  # pwr.t2n.test(d=0.1,n1=20,n2=30,alternative="two.sided")
    ("larger", 0.09623589080917805),  # pwr.t2n.test(d=0.1,n1=20,n2=30,alternative="greater")
])
def test_r_pwr_t2n_solved_for_the_ratio(alternative, r_power):
    # R solves pwr.t2n.test(d=0.1, n1=20, power=...) for n2 = 30, i.e. ratio 1.5
    assert ratio_ttest_ind(0.1, 20, power=r_power, alternative=alternative) == pytest.approx(
        1.5, rel=1e-7)


def test_r_pwr_two_proportions():
    # statsmodels test_normal_power_explicit; R: pwr.2p.test(h=0.3, n=80) -> 0.475100870572638
    p1, p2 = proportions_with_h(0.3)
    assert power_two_proportions(p1, p2, 80) == pytest.approx(0.475100870572638, abs=1e-13)
    assert mde_two_proportions(80, power=0.475100870572638) == pytest.approx(0.3, rel=1e-9)
    # R: pwr.2p.test(h=0.01, n=80, sig.level=0.05, alternative="greater") -> 0.05686953...
    p1, p2 = proportions_with_h(0.01)
    assert power_two_proportions(p1, p2, 80, alternative="larger") == pytest.approx(
        0.056869534873146124, abs=1e-13)
    assert mde_two_proportions(80, power=0.056869534873146124,
                               alternative="larger") == pytest.approx(0.01, rel=1e-7)
    assert mde_two_proportions(80, power=0.056869534873146124,
                               alternative="smaller") == pytest.approx(-0.01, rel=1e-7)
    # R: pwr.2p.test(h=0.01, n=80, sig.level=0.05, alternative="less") -> 0.0438089705093578
    assert power_two_proportions(p1, p2, 80, alternative="smaller") == pytest.approx(
        0.0438089705093578, abs=1e-13)


def test_r_pwr_norm_test():
    # statsmodels TestNormalIndPower_onesamp2;
    # R: pwr.norm.test(d=0.01,n=40,sig.level=0.05,alternative="less") -> 0.0438089705093578
    assert power_ztest(0.01, 40, alternative="smaller") == pytest.approx(
        0.0438089705093578, abs=1e-13)
    # TestNormalIndPower_onesamp1: d = 0.3, n = 40, two-sided, 0.475100870572638 (the same
    # equation as R's pwr.2p.test(h=0.3, n=80) above)
    assert power_ztest(0.3, 40) == pytest.approx(0.475100870572638, abs=1e-13)
    assert mde_ztest(40, power=0.475100870572638) == pytest.approx(0.3, rel=1e-9)
    assert n_ztest(0.3, power=0.475100870572638) == pytest.approx(40, rel=1e-9)
    assert alpha_for_power(power_ztest, 0.475100870572638, effect_size=0.3,
                           n=40) == pytest.approx(0.05, rel=1e-9)


# R: pwr.chisq.test(w, N, df, sig.level = 0.05); statsmodels tests/results/results_power.py
# (pwr_chisquare[0] to [15]): (w, N, df, power)
R_CHISQ = [
    (1e-04, 5, 4, 0.05000000244872708), (0.005, 5, 4, 0.05000612192891004),
    (0.1, 5, 4, 0.05246644635810126), (1, 5, 4, 0.396188517504065),
    (1e-04, 100, 4, 0.05000004897454883), (0.005, 100, 4, 0.05012248082672883),
    (0.1, 100, 4, 0.1054845044462312), (1, 100, 4, 0.999999999999644),
    (1e-04, 1000, 4, 0.0500004897461283), (0.005, 1000, 4, 0.0512288025485101),
    (0.1, 1000, 4, 0.715986350467412), (1, 1000, 4, 1.0),
    (1e-04, 30000, 4, 0.05001469300301765), (0.005, 30000, 4, 0.0904799545200348),
    (0.1, 30000, 4, 1.0), (1, 30000, 4, 1.0),
]


@pytest.mark.parametrize("w, n, df, r_power", R_CHISQ)
def test_r_pwr_chisq(w, n, df, r_power):
    assert power_chi2(w, n, df) == pytest.approx(r_power, abs=1e-9)


def test_chi2_vectorised_and_solvers():
    w, n, df, r_power = map(np.array, zip(*R_CHISQ, strict=True))
    np.testing.assert_allclose(power_chi2(w, n, df), r_power, atol=1e-9)
    # solving back: R's pwr.chisq.test(w=0.1, df=4, power=0.715986350467412) gives N = 1000
    assert n_chi2(0.1, 4, power=0.715986350467412) == pytest.approx(1000, rel=1e-8)
    assert mde_chi2(1000, 4, power=0.715986350467412) == pytest.approx(0.1, rel=1e-8)
    # pingouin's documented examples: power_chi2(dof=3, w=0.3, power=0.80) -> n 121.1396,
    # power_chi2(dof=2, n=20, power=0.80) -> w 0.6941, power_chi2(dof=1, w=0.3, n=20) -> 0.2687
    assert n_chi2(0.3, 3) == pytest.approx(121.1396, abs=5e-5)
    assert n_chi2(0.3, 3) == pytest.approx(pg.power_chi2(dof=3, w=0.3, power=0.8), rel=1e-7)
    assert mde_chi2(20, 2) == pytest.approx(0.6941, abs=5e-5)
    assert power_chi2(0.3, 20, 1) == pytest.approx(0.2687, abs=5e-5)
    assert power_chi2(0.0, 50, 3, alpha=0.1) == pytest.approx(0.1, abs=1e-12)


# ---------------------------------------------------------------------------
# Alpha and the compromise analysis
# ---------------------------------------------------------------------------


def test_compromise_gpower_anova_example():
    # G*Power manual, F test ANOVA, compromise analysis (frozen in statsmodels
    # test_power.py, TestFtestAnovaPower): total N 200, f 0.25, 10 groups, beta/alpha 1
    # -> alpha 0.1592, power 0.8408, critical F 1.4762, lambda 12.5
    result = compromise_analysis(power_anova, 1.0, f=0.25, n_per_group=20, k_groups=10)
    assert isinstance(result, CompromiseResult)
    assert result.alpha == pytest.approx(0.1592, abs=5e-5)
    assert result.power == pytest.approx(0.8408, abs=5e-5)
    assert stats.f.isf(result.alpha, 9, 190) == pytest.approx(1.4762, abs=5e-5)
    assert result.beta == pytest.approx(result.alpha, rel=1e-9)
    assert set(result.to_dict()) == {"alpha", "beta", "power", "beta_alpha_ratio"}


@pytest.mark.parametrize("q", [0.25, 1.0, 4.0, 20.0])
@pytest.mark.parametrize("function, design", [
    (power_ttest_ind, {"effect_size": 0.8, "n1": 6}),
    (power_ttest_1samp, {"effect_size": 0.5, "n": 12, "alternative": "larger"}),
    (power_correlation, {"r": 0.3, "n": 30}),
    (power_chi2, {"w": 0.3, "n": 60, "df": 2}),
    (power_rm_anova, {"f": 0.2, "n": 15, "m": 3}),
    (power_two_proportions, {"p1": 0.6, "p2": 0.3, "n1": 25}),
    (power_ztest, {"effect_size": 0.4, "n": 10}),
])
def test_compromise_round_trip(q, function, design):
    result = compromise_analysis(function, q, **design)
    assert result.beta / result.alpha == pytest.approx(q, rel=1e-8)
    assert function(**design, alpha=result.alpha) == pytest.approx(result.power, abs=1e-12)


def test_alpha_matches_pingouin():
    # pingouin's documented examples (alpha=None) and their full-precision values
    assert alpha_for_power(power_ttest_ind, 0.8, effect_size=0.5, n1=20) == pytest.approx(
        pg.power_ttest(d=0.5, n=20, power=0.8, alpha=None), rel=1e-8)
    assert alpha_for_power(power_ttest_ind, 0.8, effect_size=0.5, n1=20,
                           ratio=0.75) == pytest.approx(
        pg.power_ttest2n(nx=20, ny=15, d=0.5, power=0.8, alpha=None), rel=1e-8)
    # printed: power_corr(r=0.5, n=20, power=0.80, alpha=None) -> 0.1377
    alpha = alpha_for_power(power_correlation, 0.8, r=0.5, n=20)
    assert alpha == pytest.approx(0.1377, abs=5e-5)
    assert alpha == pytest.approx(pg.power_corr(r=0.5, n=20, power=0.8, alpha=None), rel=1e-8)
    # printed: power_chi2(dof=1, w=0.5, n=20, power=0.80, alpha=None) -> 0.1630
    alpha = alpha_for_power(power_chi2, 0.8, w=0.5, n=20, df=1)
    assert alpha == pytest.approx(0.1630, abs=5e-5)
    # printed: power_rm_anova(eta_squared=0.1, n=20, m=4, power=0.80, alpha=None) -> 0.0081
    f = math.sqrt(0.1 / 0.9)
    assert alpha_for_power(power_rm_anova, 0.8, f=f, n=20, m=4) == pytest.approx(0.0081,
                                                                                abs=5e-5)
    assert alpha_for_power(power_anova, 0.8, f=f, n_per_group=20, k_groups=4) == pytest.approx(
        pg.power_anova(eta_squared=0.1, n=20, k=4, power=0.8, alpha=None), rel=1e-8)


def test_alpha_bad_input():
    with pytest.raises(TypeError, match="power_function must be one of"):
        alpha_for_power(n_ttest_ind, 0.8, effect_size=0.5)
    with pytest.raises(TypeError, match="power_function must be one of"):
        compromise_analysis("power_ttest_ind", 1.0, effect_size=0.5, n1=10)
    with pytest.raises(TypeError, match="alpha is the unknown"):
        alpha_for_power(power_ttest_ind, 0.8, effect_size=0.5, n1=20, alpha=0.05)
    with pytest.raises(TypeError, match="must be scalars"):
        alpha_for_power(power_ttest_ind, 0.8, effect_size=[0.5, 0.6], n1=20)
    with pytest.raises(ValueError, match="n1 must be >= 2"):
        alpha_for_power(power_ttest_ind, 0.8, effect_size=0.5, n1=1)
    with pytest.raises(ValueError, match=r"power must be in \(0, 1\)"):
        alpha_for_power(power_ttest_ind, 1.0, effect_size=0.5, n1=20)
    with pytest.raises(ValueError, match="is exceeded at every alpha"):
        alpha_for_power(power_ttest_ind, 0.8, effect_size=10.0, n1=100)
    with pytest.raises(ValueError, match="beta_alpha_ratio must be > 0"):
        compromise_analysis(power_ttest_ind, 0.0, effect_size=0.5, n1=20)
    with pytest.raises(ValueError, match="cannot be met"):
        compromise_analysis(power_ttest_ind, 1e-9, effect_size=20.0, n1=100)


# ---------------------------------------------------------------------------
# Minimum detectable effects, ratios, z test, repeated measures
# ---------------------------------------------------------------------------


def test_mde_correlation_matches_pingouin():
    for n, alternative, pingouin_alternative in [(20, "two-sided", "two-sided"),
                                                  (50, "larger", "greater"),
                                                  (12, "two-sided", "two-sided")]:
        expected = pg.power_corr(n=n, power=0.8, alternative=pingouin_alternative)
        assert mde_correlation(n, alternative=alternative) == pytest.approx(expected, rel=1e-8)
    assert mde_correlation(50, alternative="smaller") == pytest.approx(
        -mde_correlation(50, alternative="larger"), rel=1e-12)
    r = mde_correlation(30, power=0.9)
    assert power_correlation(r, 30) == pytest.approx(0.9, abs=1e-10)
    assert n_correlation(r, power=0.9) == pytest.approx(30, rel=1e-7)


def test_mde_two_proportions_matches_statsmodels():
    for n1, ratio, alternative in [(50, 1.0, "two-sided"), (120, 2.0, "larger"),
                                   (30, 0.5, "two-sided")]:
        expected = NormalIndPower().solve_power(None, nobs1=n1, alpha=0.05, power=0.8,
                                                ratio=ratio, alternative=alternative)
        assert mde_two_proportions(n1, ratio=ratio, alternative=alternative) == pytest.approx(
            expected, rel=1e-5)
    h = mde_two_proportions(100)
    p1, p2 = proportions_with_h(h, 0.3)
    assert power_two_proportions(p1, p2, 100) == pytest.approx(0.8, abs=1e-10)
    assert n_two_proportions(p1, p2) == pytest.approx(100, rel=1e-7)
    with pytest.raises(ValueError, match="cannot be reached by any difference"):
        mde_two_proportions(0.5, power=0.99)


def test_ratio_matches_statsmodels_and_limits():
    assert ratio_ttest_ind(0.8, 20) == pytest.approx(
        TTestIndPower().solve_power(0.8, 20, 0.05, 0.8, ratio=None), rel=1e-5)
    ratio = ratio_ttest_ind(-0.6, 30, power=0.7, alternative="smaller")
    assert power_ttest_ind(-0.6, 30, ratio, alternative="smaller") == pytest.approx(0.7,
                                                                                   abs=1e-10)
    # with n1 = 10 no control group lifts the power of d = 0.5 to 0.8: the limit is the
    # z test with 10 observations
    assert power_ztest(0.5, 10) < 0.8
    with pytest.raises(ValueError, match="cannot be reached with n1 = 10, however large"):
        ratio_ttest_ind(0.5, 10)
    with pytest.raises(ValueError, match="already exceeded with a group 2 of one unit"):
        ratio_ttest_ind(4.0, 40)


def test_ztest_closed_forms():
    # one-sided n = ((z_alpha + z_beta) / d)^2
    expected = ((stats.norm.isf(0.05) + stats.norm.isf(0.2)) / 0.4) ** 2
    assert n_ztest(0.4, alternative="larger") == pytest.approx(expected, rel=1e-10)
    assert n_ztest(-0.4, alternative="smaller") == pytest.approx(expected, rel=1e-10)
    assert mde_ztest(expected, alternative="smaller") == pytest.approx(-0.4, rel=1e-9)
    assert power_ztest([0.0, 0.2], [[10], [100]]).shape == (2, 2)
    with pytest.raises(ValueError, match="already exceeded at the smallest n"):
        n_ztest(5.0)


def test_rm_anova_matches_pingouin():
    f_of = lambda eta: math.sqrt(eta / (1 - eta))  # noqa: E731
    for eta, m, n, corr, eps in [(0.1, 3, 20, 0.5, 1.0), (0.05, 4, 30, 0.3, 0.8),
                                 (0.346, 4, 9, 0.5, 0.694), (0.2, 2, 10, -0.2, 1.0),
                                 (0.346, 4, 9, -0.1996, 0.694)]:
        expected = pg.power_rm_anova(eta_squared=eta, m=m, n=n, corr=corr, epsilon=eps)
        assert power_rm_anova(f_of(eta), n, m, corr=corr, epsilon=eps) == pytest.approx(
            expected, abs=1e-12)
    # printed in pingouin's documentation: power 0.8913 (eta 0.1, m 3, n 20), n 15.9979
    # (power 0.8), and 0.99 and 0.771 for the rm_anova_wide example (eta 0.346, m 4, n 9,
    # epsilon 0.694, with corr 0.5 and -0.1996)
    assert power_rm_anova(f_of(0.1), 20, 3) == pytest.approx(0.8913, abs=5e-5)
    assert n_rm_anova(f_of(0.1), 3) == pytest.approx(15.9979, abs=5e-5)
    assert round(power_rm_anova(f_of(0.346), 9, 4, epsilon=0.694), 3) == 0.99
    assert round(power_rm_anova(f_of(0.346), 9, 4, corr=-0.1996, epsilon=0.694), 3) == 0.771
    assert n_rm_anova(0.25, 5, corr=0.7, epsilon=0.6) == pytest.approx(
        pg.power_rm_anova(eta_squared=0.25**2 / (1 + 0.25**2), m=5, power=0.8, corr=0.7,
                          epsilon=0.6), rel=1e-7)


def test_rm_anova_bad_input():
    with pytest.raises(ValueError, match=r"epsilon must be >= 1 / \(m - 1\)"):
        power_rm_anova(0.2, 10, 3, epsilon=0.4)
    with pytest.raises(ValueError, match=r"corr must be in \(-1, 1\)"):
        power_rm_anova(0.2, 10, 3, corr=1.0)
    with pytest.raises(ValueError, match="m must be an integer >= 2"):
        power_rm_anova(0.2, 10, 2.5)
    with pytest.raises(TypeError, match="m must be a scalar"):
        n_rm_anova(0.2, [3, 4])
    with pytest.raises(ValueError, match="already exceeded at the smallest n"):
        n_rm_anova(3.0, 4)


def test_r_confidence_interval():
    # pingouin compute_esci documentation: r = 0.7468 with n = 11 -> [0.27 0.93]
    x = [3, 4, 6, 7, 5, 6, 7, 3, 5, 4, 2]
    y = [4, 6, 6, 7, 6, 5, 5, 2, 3, 4, 1]
    r = stats.pearsonr(x, y).statistic
    low, high = r_confidence_interval(r, 11)
    assert (round(low, 2), round(high, 2)) == (0.27, 0.93)
    rng = np.random.default_rng(5)
    for n, level in [(8, 0.95), (40, 0.9), (200, 0.99)]:
        data = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1]], size=n)
        result = stats.pearsonr(data[:, 0], data[:, 1])
        expected = result.confidence_interval(confidence_level=level)
        assert r_confidence_interval(result.statistic, n, level) == pytest.approx(
            (expected.low, expected.high), abs=1e-12)
    lows, highs = r_confidence_interval([-0.5, 0.0, 0.9], 20)
    assert lows.shape == (3,) and np.all(lows < [-0.5, 0.0, 0.9]) and np.all(highs < 1)
    with pytest.raises(ValueError, match="n must be an integer >= 4"):
        r_confidence_interval(0.5, 3)
    with pytest.raises(ValueError, match=r"r must be in \(-1, 1\)"):
        r_confidence_interval(1.0, 30)


# ---------------------------------------------------------------------------
# The sign of the critical r (inherited from R's pwr.r.test)
# ---------------------------------------------------------------------------


def fisher_power_signed(r, n, alpha):
    """One-sided ("larger") Fisher-z power with the signed critical r, written out."""
    t = stats.t.isf(alpha, n - 2)
    r_crit = t / math.sqrt(t * t + n - 2)
    z_true = math.atanh(r) + r / (2 * (n - 1))
    return stats.norm.cdf((z_true - math.atanh(r_crit)) * math.sqrt(n - 3))


def test_one_sided_alpha_above_one_half():
    # issue 15: pwr.r.test / pingouin give 0.852 here, below alpha; the right value is 0.9998
    value = power_correlation(0.5, 20, alpha=0.9, alternative="larger")
    assert value == pytest.approx(0.9998, abs=5e-5)
    assert value == pytest.approx(fisher_power_signed(0.5, 20, 0.9), abs=1e-14)
    assert pg.power_corr(r=0.5, n=20, alpha=0.9, alternative="greater") == pytest.approx(
        0.852, abs=5e-4)
    assert power_correlation(-0.5, 20, alpha=0.9, alternative="smaller") == pytest.approx(value)
    # unchanged wherever alpha <= 0.5 (and for two-sided tests)
    for alpha in (0.01, 0.05, 0.3, 0.5):
        assert power_correlation(0.3, 25, alpha=alpha, alternative="larger") == pytest.approx(
            pg.power_corr(r=0.3, n=25, alpha=alpha, alternative="greater"), abs=1e-12)
    # and continuous across alpha = 0.5
    below = power_correlation(0.3, 25, alpha=0.5 - 1e-9, alternative="larger")
    above = power_correlation(0.3, 25, alpha=0.5 + 1e-9, alternative="larger")
    assert above == pytest.approx(below, abs=1e-7)


# ---------------------------------------------------------------------------
# Power is at least alpha for an effect in the tested direction, for every test
# ---------------------------------------------------------------------------

ALPHAS = st.floats(0.001, 0.99)
ONE_SIDED = st.sampled_from(["two-sided", "larger"])


@FAST
@given(st.floats(0.0, 3.0), st.floats(2.0, 200.0), st.floats(0.2, 5.0), ALPHAS, ONE_SIDED)
def test_t_tests_power_at_least_alpha(d, n, ratio, alpha, alternative):
    assert power_ttest_ind(d, n, max(ratio, 1 / n), alpha, alternative) >= alpha - 1e-12
    assert power_ttest_1samp(d, n, alpha, alternative) >= alpha - 1e-12
    assert power_ttest_1samp(-d, n, alpha, "smaller" if alternative == "larger"
                             else alternative) >= alpha - 1e-12


@FAST
@given(st.floats(0.0, 3.0), st.floats(1.0, 500.0), ALPHAS, ONE_SIDED)
def test_z_tests_power_at_least_alpha(d, n, alpha, alternative):
    assert power_ztest(d, n, alpha, alternative) >= alpha - 1e-12
    p1, p2 = proportions_with_h(min(d, 1.5), 0.2)
    assert power_two_proportions(p1, p2, n, 1.0, alpha, alternative) >= alpha - 1e-12


@FAST
@given(st.floats(0.0, 2.0), st.floats(2.0, 100.0), st.integers(2, 8), ALPHAS,
       st.floats(-0.9, 0.9))
def test_f_and_chi2_tests_power_at_least_alpha(f, n, k, alpha, corr):
    assert power_anova(f, n, k, alpha) >= alpha - 1e-12
    assert power_rm_anova(f, n, k, alpha, corr=corr) >= alpha - 1e-12
    assert power_chi2(f, n, k - 1, alpha) >= alpha - 1e-12


@FAST
@given(st.floats(0.0, 0.95), st.floats(4.0, 500.0), ALPHAS, ONE_SIDED)
def test_correlation_power_in_tested_direction(r, n, alpha, alternative):
    # Documented exception: power_correlation is R pwr's Fisher-z approximation, whose
    # "power" at r = 0 is not exactly alpha (off by up to 0.089 either way at n = 4, by
    # under 0.002 from n = 50). What holds exactly: power never falls as r moves in the
    # tested direction, so it is at least the approximation's size, and the sign bug above
    # (power far below alpha for alpha > 0.5) is gone.
    value = power_correlation(r, n, alpha, alternative)
    size = power_correlation(1e-12, n, alpha, alternative)
    assert value >= size - 1e-9
    assert abs(size - alpha) < 0.09
    assert abs(size - alpha) < 0.002 or n < 50


# ---------------------------------------------------------------------------
# Solvers never return a size the power functions reject
# ---------------------------------------------------------------------------


class TestSmallestSizes:
    def test_examples_from_the_issue(self):
        with pytest.raises(ValueError, match="power=0.8 is already exceeded at the smallest n1"):
            n_ttest_ind(7, power=0.8)  # returned 1.85 before 0.2.0
        with pytest.raises(ValueError, match="power=0.8 is already exceeded at the smallest n1"):
            n_ttest_ind(7, power=0.8, ratio=3)  # returned 0.97
        with pytest.raises(ValueError, match="already exceeded at the smallest n "):
            n_ttest_1samp(20)  # returned 1.83
        with pytest.raises(ValueError, match="already exceeded at the smallest n_per_group"):
            n_anova(3, 3)  # returned 1.76
        # crashed with TypeError: ufunc 'fdtri' not supported
        with pytest.raises(ValueError, match="n_per_group_anova returns"):
            n_anova(10, 3)
        assert n_per_group_anova(10, 3) == 2
        assert n_per_group_anova(4.5, 10) == 2

    def test_whole_number_designs_return_the_smallest_size(self):
        assert n_per_group_ttest_ind(7) == 2
        assert power_ttest_ind(7, 2) >= 0.8
        assert n_per_group_ttest_ind(7, ratio=3) == 2
        # with ratio 0.2, group 2 has at least one unit only from n1 = 5
        assert n_per_group_ttest_ind(7, ratio=0.2) == 5
        assert n_per_group_anova(3, 3) == 2

    @pytest.mark.parametrize("k", [2, 3, 5, 10])
    @pytest.mark.parametrize("f", np.geomspace(0.05, 12.0, 12).round(4).tolist())
    def test_anova_grid(self, f, k):
        n = n_per_group_anova(f, k)
        assert n >= 2
        assert power_anova(f, n, k) >= 0.8 - 1e-12
        if n > 2:
            assert power_anova(f, n - 1, k) < 0.8
            assert power_anova(f, n_anova(f, k), k) == pytest.approx(0.8, abs=1e-9)

    @FAST
    @given(st.floats(0.05, 12.0), st.floats(0.1, 6.0), st.floats(0.5, 0.99))
    def test_t_solver_results_are_accepted(self, d, ratio, target):
        n = n_per_group_ttest_ind(d, power=target, ratio=ratio)
        # power_ttest_ind accepts it (n1 >= 2, group 2 >= 1) and it has the power
        assert power_ttest_ind(d, n, ratio, ) >= target - 1e-9
        try:
            fractional = n_ttest_ind(d, power=target, ratio=ratio)
        except ValueError as error:
            assert "already exceeded" in str(error)
            assert n == math.ceil(max(2.0, 1.0 / ratio) - 1e-9)
        else:
            assert fractional >= max(2.0, 1.0 / ratio)
            assert power_ttest_ind(d, fractional, ratio) == pytest.approx(target, abs=1e-8)

    @FAST
    @given(st.floats(0.05, 25.0), st.floats(0.5, 0.99))
    def test_one_sample_and_z_results_are_accepted(self, d, target):
        for solve, power_of, smallest in [(n_ttest_1samp, power_ttest_1samp, 2.0),
                                          (n_ztest, power_ztest, 1.0)]:
            try:
                n = solve(d, power=target)
            except ValueError as error:
                assert "already exceeded" in str(error)
                assert power_of(d, smallest) >= target
            else:
                assert n >= smallest
                assert power_of(d, n) == pytest.approx(target, abs=1e-8)


def test_solver_edge_errors():
    from exneuro.power import _solve_increasing

    with pytest.raises(ValueError, match="already exceeded at the smallest n"):
        n_chi2(10.0, 1, power=0.5)
    # near alpha, the Fisher-z approximation's size already exceeds the target at r = 0
    with pytest.raises(ValueError, match="already reached at r = 0"):
        mde_correlation(4, power=0.55, alpha=0.5)
    # an effect pointing away from a one-sided test never reaches the power
    with pytest.raises(ValueError, match="not reached even at alpha"):
        alpha_for_power(power_ttest_ind, 0.8, effect_size=20.0, n1=100, alternative="smaller")
    with pytest.raises(RuntimeError, match="could not find n"):
        _solve_increasing(lambda x: -1.0, 1.0, "n", limit=1e3)
