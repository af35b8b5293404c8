"""Standardised effect sizes from summary statistics, with confidence intervals.

Re-analyses in the book start from what papers print: group means, SDs or
SEMs, group sizes, a t statistic. This module turns those into Cohen's d,
Hedges' g and the log response ratio, converts between effect-size families,
and gives confidence intervals (exact noncentral-t for d, large-sample normal
otherwise).

All conversions broadcast over numpy arrays; scalars in give floats out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import optimize, special, stats

from exneuro._validate import (
    as_choice,
    as_int,
    as_level,
    as_real,
    as_real_sequence,
    broadcast,
    broadcast_shape,
    is_scalar,
    require_together,
    to_output,
)
from exneuro.reexpress import percent_change_to_ratio

__all__ = [
    "EffectEstimate",
    "PercentChangeEffect",
    "RatioEffect",
    "cohens_d",
    "contrast_se_shared_cv",
    "d_confidence_interval",
    "d_confidence_interval_normal",
    "d_from_paired_t",
    "d_from_percent_change",
    "d_from_sem",
    "d_from_t",
    "d_to_log_odds",
    "d_to_r",
    "effect_from_percent_change",
    "effect_from_ratio",
    "effect_grid_from_percent_change",
    "hedges_correction",
    "hedges_g",
    "largest_cv_excluding_zero",
    "log_odds_to_d",
    "log_response_ratio",
    "mean_difference_se",
    "noncentrality_interval",
    "r_confidence_interval",
    "r_to_d",
    "two_arm_d",
]

#: Scales on which a percent change is standardized: the raw values, or their logarithms.
PERCENT_CHANGE_SCALES = ("raw", "log")

#: What a literature effect compares (``data/literature_effects.csv``, column ``design``).
DESIGNS = ("between-group", "change-score", "within-person", "mixed", "descriptive")


def _group_size(n: ArrayLike, name: str) -> float | np.ndarray:
    return as_real(n, name, lower=2, lower_inclusive=True, integer=True)


def _positive(value: ArrayLike, name: str) -> float | np.ndarray:
    return as_real(value, name, lower=0.0)


def hedges_correction(df: ArrayLike) -> float | np.ndarray:
    """Exact small-sample bias correction J(df) for a standardised mean difference.

    Parameters
    ----------
    df : float or array_like
        Degrees of freedom of the SD used to standardise (``n1 + n2 - 2``
        for two groups), > 1.

    Returns
    -------
    float or numpy.ndarray
        ``J(df) = Gamma(df/2) / (sqrt(df/2) * Gamma((df-1)/2))``, computed on
        the gamma ratio taken as a Pochhammer symbol
        (:func:`scipy.special.poch`) so that it neither overflows nor loses
        precision for large df. ``0 < J < 1`` and ``J -> 1`` as df grows.

    Raises
    ------
    ValueError
        If ``df`` <= 1 or is not finite.

    References
    ----------
    .. [1] Hedges, L. V. (1981). Distribution theory for Glass's estimator of
       effect size and related estimators. Journal of Educational Statistics,
       6(2), 107-128. https://doi.org/10.3102/10769986006002107

    Examples
    --------
    >>> round(hedges_correction(10), 6)
    0.922746
    """
    df_checked = np.asarray(as_real(df, "df", lower=1.0))
    # Gamma(df/2) / Gamma((df-1)/2) is the Pochhammer symbol poch((df-1)/2, 1/2).
    # Computing it as a difference of gammaln values would lose all precision
    # for large df (gammaln(5e6) ~ 7e7, so the difference keeps ~8 digits).
    ratio = special.poch((df_checked - 1.0) / 2.0, 0.5)
    return to_output(ratio / np.sqrt(df_checked / 2.0), is_scalar(df))


def _pooled_sd(sd1: np.ndarray, n1: np.ndarray, sd2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    return np.sqrt(((n1 - 1.0) * sd1**2 + (n2 - 1.0) * sd2**2) / (n1 + n2 - 2.0))


def cohens_d(
    mean1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, mean2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> float | np.ndarray:
    """Cohen's d for two independent groups: mean difference over pooled SD.

    Parameters
    ----------
    mean1, mean2 : float or array_like
        Group means; d is positive when ``mean1 > mean2``.
    sd1, sd2 : float or array_like
        Group standard deviations, > 0.
    n1, n2 : int or array_like of int
        Group sizes, >= 2.

    Returns
    -------
    float or numpy.ndarray
        ``(mean1 - mean2) / s_pooled`` with
        ``s_pooled = sqrt(((n1-1) sd1^2 + (n2-1) sd2^2) / (n1 + n2 - 2))``.

    Raises
    ------
    ValueError
        If an SD <= 0, a group size is not an integer >= 2, a value is not
        finite, or shapes clash.
    TypeError
        If an argument is not numeric.

    References
    ----------
    .. [1] Cohen, J. (1988). Statistical Power Analysis for the Behavioral
       Sciences (2nd ed.). Lawrence Erlbaum.

    Examples
    --------
    >>> cohens_d(10.0, 2.0, 20, 9.0, 2.0, 20)
    0.5
    """
    m1, s1, k1, m2, s2, k2 = broadcast(
        mean1=as_real(mean1, "mean1"),
        sd1=_positive(sd1, "sd1"),
        n1=_group_size(n1, "n1"),
        mean2=as_real(mean2, "mean2"),
        sd2=_positive(sd2, "sd2"),
        n2=_group_size(n2, "n2"),
    )
    d = (m1 - m2) / _pooled_sd(s1, k1, s2, k2)
    return to_output(d, is_scalar(mean1, sd1, n1, mean2, sd2, n2))


def hedges_g(
    mean1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, mean2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> float | np.ndarray:
    """Hedges' g: Cohen's d times the exact correction ``J(n1 + n2 - 2)``.

    Parameters
    ----------
    mean1, mean2 : float or array_like
        Group means.
    sd1, sd2 : float or array_like
        Group standard deviations, > 0.
    n1, n2 : int or array_like of int
        Group sizes, >= 2.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        As for :func:`cohens_d`.

    References
    ----------
    .. [1] Hedges, L. V., & Olkin, I. (1985). Statistical Methods for
       Meta-Analysis. Academic Press.

    Examples
    --------
    >>> round(hedges_g(10.0, 2.0, 6, 9.0, 2.0, 6), 4)
    0.4614
    """
    d = cohens_d(mean1, sd1, n1, mean2, sd2, n2)
    df = np.asarray(n1, dtype=float) + np.asarray(n2, dtype=float) - 2.0
    return to_output(np.asarray(d) * np.asarray(hedges_correction(df)), np.ndim(d) == 0)


def d_from_sem(
    mean1: ArrayLike, sem1: ArrayLike, n1: ArrayLike, mean2: ArrayLike, sem2: ArrayLike, n2: ArrayLike
) -> float | np.ndarray:
    """Cohen's d when a paper reports means ± SEM.

    Parameters
    ----------
    mean1, mean2 : float or array_like
        Group means.
    sem1, sem2 : float or array_like
        Standard errors of the means, > 0 (converted with ``SD = SEM sqrt(n)``).
    n1, n2 : int or array_like of int
        Group sizes, >= 2.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        As for :func:`cohens_d` (naming ``sem1``/``sem2``).

    Examples
    --------
    >>> round(d_from_sem(10.0, 0.5, 16, 9.0, 0.5, 16), 6)
    0.5
    """
    sem1_checked = _positive(sem1, "sem1")
    sem2_checked = _positive(sem2, "sem2")
    n1_checked = _group_size(n1, "n1")
    n2_checked = _group_size(n2, "n2")
    broadcast_shape(mean1=as_real(mean1, "mean1"), sem1=sem1_checked, n1=n1_checked,
                    mean2=as_real(mean2, "mean2"), sem2=sem2_checked, n2=n2_checked)
    s1, k1 = broadcast(sem1=sem1_checked, n1=n1_checked)
    s2, k2 = broadcast(sem2=sem2_checked, n2=n2_checked)
    d = cohens_d(mean1, s1 * np.sqrt(k1), k1, mean2, s2 * np.sqrt(k2), k2)
    return to_output(d, is_scalar(mean1, sem1, n1, mean2, sem2, n2))


def d_from_t(t: ArrayLike, n1: ArrayLike, n2: ArrayLike) -> float | np.ndarray:
    """Cohen's d from an independent-samples (pooled-variance) t statistic.

    Parameters
    ----------
    t : float or array_like
        Student t statistic.
    n1, n2 : int or array_like of int
        Group sizes, >= 2.

    Returns
    -------
    float or numpy.ndarray
        ``t * sqrt(1/n1 + 1/n2)``.

    Raises
    ------
    ValueError
        If a group size is not an integer >= 2, ``t`` is not finite, or shapes
        clash.

    Examples
    --------
    >>> round(d_from_t(2.0, 8, 8), 6)
    1.0
    """
    t_b, k1, k2 = broadcast(
        t=as_real(t, "t"), n1=_group_size(n1, "n1"), n2=_group_size(n2, "n2")
    )
    return to_output(t_b * _difference_scale(k1, k2), is_scalar(t, n1, n2))


def d_from_paired_t(t: ArrayLike, n: ArrayLike) -> float | np.ndarray:
    """Standardised mean difference d_z from a paired (or one-sample) t statistic.

    d_z standardises by the SD of the differences, so it is not on the same
    scale as a between-groups d unless the correlation between the repeated
    measures is 0.5.

    Parameters
    ----------
    t : float or array_like
        Paired t statistic.
    n : int or array_like of int
        Number of pairs, >= 2.

    Returns
    -------
    float or numpy.ndarray
        ``t / sqrt(n)``.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 2, ``t`` is not finite, or shapes clash.

    References
    ----------
    .. [1] Lakens, D. (2013). Calculating and reporting effect sizes to
       facilitate cumulative science. Frontiers in Psychology, 4, 863.
       https://doi.org/10.3389/fpsyg.2013.00863

    Examples
    --------
    >>> d_from_paired_t(3.0, 9)
    1.0
    """
    t_b, n_b = broadcast(t=as_real(t, "t"), n=_group_size(n, "n"))
    return to_output(t_b / np.sqrt(n_b), is_scalar(t, n))


def _nct_cdf(t: float, df: float, ncp: float) -> float:
    """Noncentral t cdf, falling back to the survival function where scipy gives NaN."""
    value = float(stats.nct.cdf(t, df, ncp))
    if math.isnan(value):
        # scipy 1.17 returns NaN far in the lower tail of the noncentral t.
        value = 1.0 - float(stats.nct.sf(t, df, ncp))
    if math.isnan(value):
        raise FloatingPointError(
            f"noncentral t cdf is NaN at t={t!r}, df={df!r}, ncp={ncp!r}; please report this"
        )
    return value


def _nct_ci_scalar(t_obs: float, df: float, level: float) -> tuple[float, float]:
    """Confidence limits for the noncentrality parameter given an observed t."""
    if t_obs < 0:
        # The noncentral t is symmetric under (t, ncp) -> (-t, -ncp).
        low, high = _nct_ci_scalar(-t_obs, df, level)
        return -high, -low
    tail = (1.0 - level) / 2.0

    def cdf_minus(ncp: float, target: float) -> float:
        return _nct_cdf(t_obs, df, ncp) - target

    def solve(target: float) -> float:
        # The cdf at t_obs falls as ncp rises; widen the bracket until it straddles.
        width = 2.0 + t_obs / math.sqrt(df) + 4.0
        low, high = t_obs - width, t_obs + width
        while cdf_minus(low, target) < 0:
            low -= width
            width *= 2.0
        while cdf_minus(high, target) > 0:
            high += width
            width *= 2.0
        return optimize.brentq(cdf_minus, low, high, args=(target,), xtol=1e-12, rtol=1e-12)

    return solve(1.0 - tail), solve(tail)


def noncentrality_interval(t: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval for the noncentrality of a t statistic, by inverting the noncentral t.

    The limits are the noncentralities ``ncp`` at which the observed ``t`` is the upper
    and the lower ``(1 - level) / 2`` quantile of the noncentral t distribution with
    ``df`` degrees of freedom. Exact intervals for standardized effects rescale them:
    ``d = ncp * sqrt(1/n1 + 1/n2)`` between two groups (:func:`d_confidence_interval`),
    ``d_z = ncp / sqrt(n)`` for paired data (:func:`exneuro.meta.paired_effect`).

    Parameters
    ----------
    t : float
        The observed t statistic.
    df : float
        Degrees of freedom, > 0.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    low, high : float

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If ``t`` is not finite, ``df`` <= 0 or ``level`` is outside (0, 1).

    Notes
    -----
    Each limit is a root of ``F(t; df, ncp) - target`` in ``ncp`` (the cdf falls as
    ``ncp`` rises), bracketed by widening steps and solved with
    :func:`scipy.optimize.brentq` to ``1e-12``. Where scipy's noncentral-t cdf returns NaN
    far in its lower tail, the survival function is used instead.

    References
    ----------
    .. [1] Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation and
       the evaluation of statistical models. In Harlow, Mulaik & Steiger (Eds.), What If
       There Were No Significance Tests? Erlbaum.

    Examples
    --------
    >>> low, high = noncentrality_interval(2.0, 10)
    >>> round(low, 3), round(high, 3)
    (-0.184, 4.101)
    """
    t_checked = float(as_real(t, "t", allow_array=False))
    df_checked = float(as_real(df, "df", lower=0.0, allow_array=False))
    return _nct_ci_scalar(t_checked, df_checked, as_level(level))


def d_confidence_interval(
    d: ArrayLike, n1: ArrayLike, n2: ArrayLike, level: float = 0.95
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Exact confidence interval for Cohen's d by inverting the noncentral t.

    With normal data and equal variances, ``t = d / sqrt(1/n1 + 1/n2)``
    follows a noncentral t with ``n1 + n2 - 2`` df and noncentrality
    ``delta / sqrt(1/n1 + 1/n2)``. The limits are the noncentralities that
    put the observed t at the upper and lower ``(1 - level) / 2`` quantiles,
    found with :func:`scipy.optimize.brentq`, rescaled to d.

    Parameters
    ----------
    d : float or array_like
        Observed Cohen's d.
    n1, n2 : int or array_like of int
        Group sizes, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    lower, upper : float or numpy.ndarray

    Raises
    ------
    ValueError
        If a group size is not an integer >= 2, ``level`` is outside (0, 1),
        ``d`` is not finite, or shapes clash.

    References
    ----------
    .. [1] Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval
       estimation and the evaluation of statistical models. In Harlow,
       Mulaik & Steiger (Eds.), What If There Were No Significance Tests?
       Erlbaum.
    .. [2] Cumming, G., & Finch, S. (2001). A primer on the understanding, use,
       and calculation of confidence intervals that are based on central and
       noncentral distributions. Educational and Psychological Measurement,
       61(4), 532-574. https://doi.org/10.1177/0013164401614002

    Examples
    --------
    >>> lo, hi = d_confidence_interval(0.5, 20, 20)
    >>> round(lo, 3), round(hi, 3)
    (-0.133, 1.127)
    """
    level_checked = as_level(level)
    d_b, k1, k2 = broadcast(
        d=as_real(d, "d"), n1=_group_size(n1, "n1"), n2=_group_size(n2, "n2")
    )
    scale = _difference_scale(k1, k2)
    lower = np.empty(d_b.shape)
    upper = np.empty(d_b.shape)
    for index in np.ndindex(d_b.shape):
        ncp_low, ncp_high = _nct_ci_scalar(
            float(d_b[index] / scale[index]), float(k1[index] + k2[index] - 2.0), level_checked
        )
        lower[index] = ncp_low * scale[index]
        upper[index] = ncp_high * scale[index]
    scalar = is_scalar(d, n1, n2)
    return to_output(lower, scalar), to_output(upper, scalar)


def d_confidence_interval_normal(
    d: ArrayLike, n1: ArrayLike, n2: ArrayLike, level: float = 0.95
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Large-sample normal confidence interval for Cohen's d.

    Uses the Hedges & Olkin variance
    ``var(d) = (n1 + n2) / (n1 n2) + d^2 / (2 (n1 + n2))``.

    Parameters
    ----------
    d : float or array_like
        Observed Cohen's d (or Hedges' g).
    n1, n2 : int or array_like of int
        Group sizes, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    lower, upper : float or numpy.ndarray

    Raises
    ------
    ValueError
        As for :func:`d_confidence_interval`.

    References
    ----------
    .. [1] Hedges, L. V., & Olkin, I. (1985). Statistical Methods for
       Meta-Analysis. Academic Press, p. 86.
    .. [2] Borenstein, M., Hedges, L. V., Higgins, J. P. T., & Rothstein, H. R.
       (2009). Introduction to Meta-Analysis. Wiley, eq. 4.20.

    Examples
    --------
    >>> lo, hi = d_confidence_interval_normal(0.5, 20, 20)
    >>> round(lo, 3), round(hi, 3)
    (-0.129, 1.129)
    """
    level_checked = as_level(level)
    d_b, k1, k2 = broadcast(
        d=as_real(d, "d"), n1=_group_size(n1, "n1"), n2=_group_size(n2, "n2")
    )
    se = np.sqrt((k1 + k2) / (k1 * k2) + d_b**2 / (2.0 * (k1 + k2)))
    half_width = stats.norm.isf((1.0 - level_checked) / 2.0) * se
    scalar = is_scalar(d, n1, n2)
    return to_output(d_b - half_width, scalar), to_output(d_b + half_width, scalar)


@dataclass(frozen=True)
class EffectEstimate:
    """An effect estimate with its sampling variance and confidence interval.

    Attributes
    ----------
    estimate : float or numpy.ndarray
    variance : float or numpy.ndarray
    se : float or numpy.ndarray
        ``sqrt(variance)``.
    ci_low, ci_high : float or numpy.ndarray
        Normal-theory confidence limits.
    level : float
        Confidence level of the interval.
    """

    estimate: float | np.ndarray
    variance: float | np.ndarray
    se: float | np.ndarray
    ci_low: float | np.ndarray
    ci_high: float | np.ndarray
    level: float

    @property
    def ci(self) -> tuple[float | np.ndarray, float | np.ndarray]:
        """The confidence interval as ``(ci_low, ci_high)``."""
        return self.ci_low, self.ci_high

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def log_response_ratio(
    mean1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, mean2: ArrayLike, sd2: ArrayLike, n2: ArrayLike,
    level: float = 0.95,
) -> EffectEstimate:
    """Log response ratio ln(mean1 / mean2) with its large-sample variance.

    Parameters
    ----------
    mean1, mean2 : float or array_like
        Group means on a ratio scale (counts, volumes), > 0. Group 1 is
        usually the treated group.
    sd1, sd2 : float or array_like
        Group standard deviations, > 0.
    n1, n2 : int or array_like of int
        Group sizes, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    EffectEstimate
        ``estimate = ln(mean1 / mean2)``,
        ``variance = sd1^2 / (n1 mean1^2) + sd2^2 / (n2 mean2^2)``, and a
        normal confidence interval on the log scale (exponentiate for ratios).

    Raises
    ------
    ValueError
        If a mean or SD <= 0, a group size is not an integer >= 2, ``level`` is
        outside (0, 1), or shapes clash.

    Notes
    -----
    The delta-method variance is trustworthy when the means are several
    standard errors away from zero (Hedges et al. suggest
    ``mean / (sd / sqrt(n)) >= 3``).

    References
    ----------
    .. [1] Hedges, L. V., Gurevitch, J., & Curtis, P. S. (1999). The
       meta-analysis of response ratios in experimental ecology. Ecology,
       80(4), 1150-1156.
       https://doi.org/10.1890/0012-9658(1999)080[1150:TMAORR]2.0.CO;2

    Examples
    --------
    >>> est = log_response_ratio(30.0, 6.0, 10, 100.0, 20.0, 10)
    >>> round(est.estimate, 4), round(est.se, 4)
    (-1.204, 0.0894)
    """
    level_checked = as_level(level)
    m1, s1, k1, m2, s2, k2 = broadcast(
        mean1=_positive(mean1, "mean1"),
        sd1=_positive(sd1, "sd1"),
        n1=_group_size(n1, "n1"),
        mean2=_positive(mean2, "mean2"),
        sd2=_positive(sd2, "sd2"),
        n2=_group_size(n2, "n2"),
    )
    estimate = np.log(m1 / m2)
    variance = s1**2 / (k1 * m1**2) + s2**2 / (k2 * m2**2)
    se = np.sqrt(variance)
    half_width = stats.norm.isf((1.0 - level_checked) / 2.0) * se
    scalar = is_scalar(mean1, sd1, n1, mean2, sd2, n2)
    return EffectEstimate(
        estimate=to_output(estimate, scalar),
        variance=to_output(variance, scalar),
        se=to_output(se, scalar),
        ci_low=to_output(estimate - half_width, scalar),
        ci_high=to_output(estimate + half_width, scalar),
        level=level_checked,
    )


def r_confidence_interval(r: ArrayLike, n: ArrayLike, level: float = 0.95) -> tuple[
        float | np.ndarray, float | np.ndarray]:
    """Confidence interval for a Pearson correlation (Fisher z transformation).

    Parameters
    ----------
    r : float or array_like
        Sample correlation in (-1, 1).
    n : int or array_like of int
        Number of pairs, >= 4.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    low, high : float or numpy.ndarray
        The limits, inside (-1, 1) and asymmetric around ``r``.

    Raises
    ------
    ValueError
        If ``r`` is outside (-1, 1), ``n`` is not an integer >= 4, ``level``
        is outside (0, 1), or shapes clash.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    ``z = atanh(r)`` is approximately normal with SE ``1 / sqrt(n - 3)``, so
    the limits are ``tanh(z -/+ z_crit / sqrt(n - 3))`` (Fisher 1921). This is
    the interval of R's ``cor.test``, ``scipy.stats.pearsonr(...)
    .confidence_interval()`` and ``pingouin.compute_esci(eftype="r")``.

    Validated against: ``scipy.stats.pearsonr`` confidence intervals and the
    example printed in pingouin's ``compute_esci`` documentation
    (r = 0.7468, n = 11: 0.27 to 0.93).

    References
    ----------
    .. [1] Fisher, R. A. (1921). On the "probable error" of a coefficient of
       correlation deduced from a small sample. Metron, 1, 3-32.

    Examples
    --------
    >>> low, high = r_confidence_interval(0.5, 30)
    >>> round(low, 3), round(high, 3)
    (0.17, 0.729)
    """
    r_b, n_b = broadcast(
        r=as_real(r, "r", lower=-1.0, upper=1.0),
        n=as_real(n, "n", lower=4, lower_inclusive=True, integer=True),
    )
    z_crit = float(stats.norm.isf((1.0 - as_level(level)) / 2.0))
    z = np.arctanh(r_b)
    half = z_crit / np.sqrt(n_b - 3.0)
    scalar = is_scalar(r, n)
    return to_output(np.tanh(z - half), scalar), to_output(np.tanh(z + half), scalar)


def two_arm_d(estimate: float, design: str, correlation: float | None = None) -> float:
    """The standardized difference a two-arm trial would compare, from a literature effect.

    A two-arm trial (exercise vs control) is sized with a between-group d. An effect that
    already compares two groups (``design`` "between-group" or "change-score") is
    returned as it is. A within-person effect (before vs after in the same people) is on
    another scale: standardized by the SD of the changes (d_z), it grows as the
    before-after correlation r grows, and sizing a two-arm trial with it without
    conversion understates the trial's size. It is therefore refused unless the
    correlation is given, and converted as ``d = d_z * sqrt(2 (1 - r))``.

    Parameters
    ----------
    estimate : float
        The effect (SMD, d or g), finite.
    design : {"between-group", "change-score", "within-person", "mixed", "descriptive"}
        What the effect compares (``literature_effects.design``).
    correlation : float, optional
        The before-after correlation, in (-1, 1); required for "within-person" and
        "mixed" (a pool of both kinds, treated as within-person: the conservative reading
        when the correlation is positive).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``design`` is "descriptive" (not an effect), or "within-person"/"mixed"
        without ``correlation``, or an argument is out of range.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    The conversion assumes the within-person effect was standardized by the SD of the
    changes and that the before and after SDs are equal; a meta-analysis that
    standardized by the SD of the measurements themselves is already close to the
    between-group scale, and the chapter must say which it used. Lakens (2013) gives
    the relation between d_z and d for paired designs.

    Examples
    --------
    >>> two_arm_d(0.4, "between-group")
    0.4
    >>> round(two_arm_d(0.59, "within-person", correlation=0.5), 2)  # r = 0.5 leaves d = d_z
    0.59
    >>> round(two_arm_d(0.59, "within-person", correlation=0.8), 2)
    0.37
    """
    value = float(as_real(estimate, "estimate", allow_array=False))
    if not isinstance(design, str):
        raise TypeError(f"design must be a str, got {type(design).__name__}")
    if design not in DESIGNS:
        raise ValueError(f"design must be one of {', '.join(DESIGNS)}; got {design!r}")
    if design == "descriptive":
        raise ValueError("design 'descriptive' is a prevalence, count, guideline or detectable effect, "
                         "not an effect to size a trial with")
    if design in ("between-group", "change-score"):
        return value
    if correlation is None:
        raise ValueError(
            f"correlation is needed to size a two-arm trial from a {design} effect: a before-after "
            "effect is on another scale than the between-group d a trial compares"
        )
    r = float(as_real(correlation, "correlation", allow_array=False))
    if not -1.0 < r < 1.0:
        raise ValueError(f"correlation must be in (-1, 1), got {r!r}")
    return value * math.sqrt(2.0 * (1.0 - r))


def d_to_r(d: ArrayLike, n1: ArrayLike | None = None, n2: ArrayLike | None = None) -> float | np.ndarray:
    """Convert Cohen's d to a point-biserial correlation.

    Parameters
    ----------
    d : float or array_like
        Cohen's d.
    n1, n2 : int or array_like of int, optional
        Group sizes (>= 2). Give both or neither; without them equal groups
        are assumed.

    Returns
    -------
    float or numpy.ndarray
        ``r = d / sqrt(d^2 + a)`` with ``a = (n1 + n2)^2 / (n1 n2)``, or
        ``a = 4`` when group sizes are not given.

    Raises
    ------
    ValueError
        If only one of ``n1``, ``n2`` is given, a group size is invalid,
        ``d`` is not finite, or shapes clash.

    References
    ----------
    .. [1] Borenstein, M., Hedges, L. V., Higgins, J. P. T., & Rothstein, H. R.
       (2009). Introduction to Meta-Analysis. Wiley, chapter 7, eq. 7.5.

    Examples
    --------
    >>> round(d_to_r(0.5), 4)
    0.2425
    """
    d_checked = as_real(d, "d")
    k1 = None if n1 is None else _group_size(n1, "n1")
    k2 = None if n2 is None else _group_size(n2, "n2")
    require_together("n1", n1, "n2", n2)
    if k1 is None or k2 is None:  # both are None, or neither (require_together)
        d_b = np.asarray(d_checked)
        a: Any = 4.0
        scalar = is_scalar(d)
    else:
        d_b, k1_b, k2_b = broadcast(d=d_checked, n1=k1, n2=k2)
        a = (k1_b + k2_b) ** 2 / (k1_b * k2_b)
        scalar = is_scalar(d, n1, n2)
    return to_output(d_b / np.sqrt(d_b**2 + a), scalar)


def r_to_d(r: ArrayLike) -> float | np.ndarray:
    """Convert a (point-biserial) correlation to Cohen's d, assuming equal groups.

    Parameters
    ----------
    r : float or array_like
        Correlation in (-1, 1).

    Returns
    -------
    float or numpy.ndarray
        ``d = 2 r / sqrt(1 - r^2)``.

    Raises
    ------
    ValueError
        If ``r`` is outside (-1, 1).

    References
    ----------
    .. [1] Borenstein et al. (2009). Introduction to Meta-Analysis, eq. 7.10.

    Examples
    --------
    >>> round(r_to_d(0.6), 4)
    1.5
    """
    r_checked = np.asarray(as_real(r, "r", lower=-1.0, upper=1.0))
    return to_output(2.0 * r_checked / np.sqrt(1.0 - r_checked**2), is_scalar(r))


_LOGIT_SCALE = math.pi / math.sqrt(3.0)


def d_to_log_odds(d: ArrayLike) -> float | np.ndarray:
    """Convert Cohen's d to a log odds ratio (logistic-distribution method).

    Parameters
    ----------
    d : float or array_like

    Returns
    -------
    float or numpy.ndarray
        ``d * pi / sqrt(3)``.

    Raises
    ------
    ValueError
        If ``d`` is not finite.

    References
    ----------
    .. [1] Borenstein et al. (2009). Introduction to Meta-Analysis, eq. 7.3.

    Examples
    --------
    >>> round(d_to_log_odds(1.0), 4)
    1.8138
    """
    d_checked = np.asarray(as_real(d, "d"))
    return to_output(d_checked * _LOGIT_SCALE, is_scalar(d))


def log_odds_to_d(log_odds: ArrayLike) -> float | np.ndarray:
    """Convert a log odds ratio to Cohen's d (logistic-distribution method).

    Parameters
    ----------
    log_odds : float or array_like

    Returns
    -------
    float or numpy.ndarray
        ``log_odds * sqrt(3) / pi``.

    Raises
    ------
    ValueError
        If ``log_odds`` is not finite.

    References
    ----------
    .. [1] Borenstein et al. (2009). Introduction to Meta-Analysis, eq. 7.1.

    Examples
    --------
    >>> round(log_odds_to_d(1.8138), 4)
    1.0
    """
    checked = np.asarray(as_real(log_odds, "log_odds"))
    return to_output(checked / _LOGIT_SCALE, is_scalar(log_odds))


@dataclass(frozen=True)
class PercentChangeEffect:
    """Standardised effect implied by a percent change and an assumed CV.

    Attributes
    ----------
    percent : float
        The reported percent change (treated vs control).
    cv : float
        Assumed coefficient of variation, shared by both groups.
    n_per_group : int
    level : float
        Confidence level of the intervals.
    ratio : float
        Treated / control, ``1 + percent / 100``.
    d : float
        Cohen's d, treated minus control over the pooled SD.
    d_low, d_high : float
        Exact noncentral-t confidence limits for d.
    g : float
        Hedges' g.
    lnrr : float
        Log response ratio ``ln(ratio)``.
    lnrr_se : float
        Its standard error, ``cv * sqrt(2 / n_per_group)``.
    lnrr_low, lnrr_high : float
        Normal confidence limits for the log response ratio.
    """

    percent: float
    cv: float
    n_per_group: int
    level: float
    ratio: float
    d: float
    d_low: float
    d_high: float
    g: float
    lnrr: float
    lnrr_se: float
    lnrr_low: float
    lnrr_high: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def d_from_percent_change(percent: ArrayLike, cv: ArrayLike, *, scale: str = "raw") -> float | np.ndarray:
    """Cohen's d implied by a percent change when both groups share a coefficient of variation.

    The control mean is 1 and the treated mean ``ratio = 1 + percent / 100``; each
    group's SD is ``cv`` times its mean. On the raw scale (default) the pooled SD (equal
    groups) is ``cv * sqrt((1 + ratio^2) / 2)`` and ``d = (ratio - 1) / pooled SD``. On
    the log scale, the scale on which a ratio is best tested, the log values of both
    groups have the same SD, ``sqrt(ln(1 + cv^2))`` under a log-normal model, and
    ``d = ln(ratio) / sqrt(ln(1 + cv^2))``. No sample size enters: d describes the
    populations, and the group size matters only for its interval
    (:func:`effect_from_percent_change`).

    Parameters
    ----------
    percent : float or array_like
        Percent change of treated vs control, > -100 (on the raw scale d tends to
        ``-sqrt(2) / cv`` as the loss becomes complete; on the log scale it is unbounded).
    cv : float or array_like
        Assumed coefficient of variation (SD / mean) in each group, > 0.
    scale : {"raw", "log"}, optional
        Standardize the difference of the raw means (default) or of the mean logs.

    Returns
    -------
    float or numpy.ndarray
        Negative for a reduction.

    Raises
    ------
    ValueError
        If ``percent`` <= -100, ``cv`` <= 0, a value is not finite, shapes clash, or
        ``scale`` is not "raw" or "log".
    TypeError
        If an argument is not a real number or array of them, or ``scale`` is not a str.

    Examples
    --------
    >>> round(d_from_percent_change(-70, 0.3), 2)
    -3.16
    >>> d_from_percent_change([100, -50], 0.5).round(3).tolist()
    [1.265, -1.265]
    >>> round(d_from_percent_change(-70, 0.3, scale="log"), 2)
    -4.1
    """
    percent_checked = as_real(percent, "percent", lower=-100.0,
                              reason="a reduction of 100% or more has no ratio")
    cv_checked = as_real(cv, "cv", lower=0.0)
    scale = as_choice(scale, "scale", PERCENT_CHANGE_SCALES)
    percent_b, cv_b = broadcast(percent=percent_checked, cv=cv_checked)
    ratio = np.asarray(percent_change_to_ratio(percent_b))
    if scale == "log":
        return to_output(np.log(ratio) / np.sqrt(np.log1p(cv_b**2)), is_scalar(percent, cv))
    pooled_sd = cv_b * np.sqrt((1.0 + ratio**2) / 2.0)
    return to_output((ratio - 1.0) / pooled_sd, is_scalar(percent, cv))


def effect_from_percent_change(
    percent: float, cv: float, n_per_group: int, level: float = 0.95
) -> PercentChangeEffect:
    """Translate a claim such as "70% fewer cells" into d, g and the log ratio.

    A percent change alone has no standardised size; it needs a guess at the
    spread. This helper makes the guess explicit.

    Assumptions: the control mean is 1 and the treated mean is
    ``1 + percent / 100``; both groups have the same coefficient of
    variation ``cv``, so each group's SD is proportional to its mean (as for
    counts and volumes); both groups have ``n_per_group`` animals.

    Parameters
    ----------
    percent : float
        Percent change of treated vs control, > -100.
    cv : float
        Assumed coefficient of variation (SD / mean) in each group, > 0.
    n_per_group : int
        Group size, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    PercentChangeEffect

    Raises
    ------
    ValueError
        If ``percent`` <= -100, ``cv`` <= 0, ``n_per_group`` is not an integer
        >= 2, or ``level`` is outside (0, 1).
    TypeError
        If an argument is not a real scalar.

    Notes
    -----
    d is :func:`d_from_percent_change`: with equal group sizes the pooled SD is
    ``cv * sqrt((1 + ratio^2) / 2)``. The d interval treats the data as normal with equal variances, which
    the shared-CV assumption violates when the ratio is far from 1; read it
    as an approximation. The log response ratio, whose variance is
    ``2 cv^2 / n`` under these assumptions, is the more natural scale here.

    References
    ----------
    .. [1] Hedges, Gurevitch & Curtis (1999), see :func:`log_response_ratio`.

    Examples
    --------
    >>> e = effect_from_percent_change(-70, cv=0.3, n_per_group=6)
    >>> round(e.d, 2), round(e.lnrr, 3)
    (-3.16, -1.204)
    """
    percent_checked = float(as_real(percent, "percent", lower=-100.0,
                                     reason="a reduction of 100% or more has no ratio",
                                     allow_array=False))
    cv_checked = float(as_real(cv, "cv", lower=0.0, allow_array=False))
    n = as_int(n_per_group, "n_per_group", minimum=2)
    level_checked = as_level(level)

    ratio = float(percent_change_to_ratio(percent_checked))
    d = float(d_from_percent_change(percent_checked, cv_checked))
    d_low, d_high = d_confidence_interval(d, n, n, level=level_checked)
    g = d * float(hedges_correction(2 * n - 2))
    lnrr = math.log(ratio)
    lnrr_se = cv_checked * math.sqrt(2.0 / n)
    z = float(stats.norm.isf((1.0 - level_checked) / 2.0))
    return PercentChangeEffect(
        percent=percent_checked,
        cv=cv_checked,
        n_per_group=n,
        level=level_checked,
        ratio=ratio,
        d=d,
        d_low=float(d_low),
        d_high=float(d_high),
        g=g,
        lnrr=lnrr,
        lnrr_se=lnrr_se,
        lnrr_low=lnrr - z * lnrr_se,
        lnrr_high=lnrr + z * lnrr_se,
    )


def effect_grid_from_percent_change(
    percent: float, cvs: ArrayLike, ns: ArrayLike, level: float = 0.95
) -> pd.DataFrame:
    """Tabulate :func:`effect_from_percent_change` over assumed CVs and group sizes.

    Parameters
    ----------
    percent : float
        Percent change, > -100.
    cvs : array_like
        Coefficients of variation to try, each > 0.
    ns : array_like of int
        Group sizes to try, each an integer >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per (cv, n) pair, cv varying slowest, with columns ``cv``,
        ``n_per_group``, ``d``, ``d_low``, ``d_high``, ``g``, ``lnrr``,
        ``lnrr_low``, ``lnrr_high``.

    Raises
    ------
    ValueError, TypeError
        As for :func:`effect_from_percent_change`, naming ``cvs`` or ``ns``.

    Examples
    --------
    >>> grid = effect_grid_from_percent_change(-70, [0.2, 0.4], [4, 8])
    >>> grid.shape
    (4, 9)
    """
    cv_values = np.atleast_1d(as_real(cvs, "cvs", lower=0.0)).reshape(-1)
    n_values = np.atleast_1d(as_real(ns, "ns", lower=2, lower_inclusive=True, integer=True))
    rows = []
    for cv in cv_values:
        for n in n_values.reshape(-1):
            effect = effect_from_percent_change(percent, float(cv), int(n), level=level)
            rows.append(
                {
                    "cv": effect.cv,
                    "n_per_group": effect.n_per_group,
                    "d": effect.d,
                    "d_low": effect.d_low,
                    "d_high": effect.d_high,
                    "g": effect.g,
                    "lnrr": effect.lnrr,
                    "lnrr_low": effect.lnrr_low,
                    "lnrr_high": effect.lnrr_high,
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class RatioEffect:
    """Standardized size of a fold change analysed on the log scale.

    Attributes
    ----------
    ratio : float
        Treated / control (2 for "doubled").
    cv : float
        Assumed coefficient of variation of the raw values in each group.
    n_per_group : int
    level : float
        Confidence level of the intervals.
    sd_log : float
        SD of the natural-log values in each group, ``sqrt(ln(1 + cv^2))``.
    d : float
        ``ln(ratio) / sd_log``: the standardized difference of the log values.
    d_low, d_high : float
        Exact noncentral-t confidence limits for ``d`` (:func:`d_confidence_interval`).
    lnrr : float
        ``ln(ratio)``.
    lnrr_se : float
        Standard error of the difference of mean logs, ``sd_log * sqrt(2 / n_per_group)``.
    ratio_low, ratio_high : float
        ``exp(lnrr -/+ t * lnrr_se)``, Student t with ``2 n_per_group - 2`` df.
    """

    ratio: float
    cv: float
    n_per_group: int
    level: float
    sd_log: float
    d: float
    d_low: float
    d_high: float
    lnrr: float
    lnrr_se: float
    ratio_low: float
    ratio_high: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def effect_from_ratio(ratio: float, cv: float, n_per_group: int, level: float = 0.95) -> RatioEffect:
    """How large a fold change is on the log scale, and how precisely a study would know it.

    A ratio outcome ("doubled", "70 % fewer") is analysed on the log scale, where a
    multiplicative effect is a difference of means. Under a log-normal model with a
    coefficient of variation ``cv`` shared by both groups, the log values have SD
    ``sd_log = sqrt(ln(1 + cv^2))`` in each group, and the standardized effect is
    ``d = ln(ratio) / sd_log``, the d that the t test on log values
    (:func:`exneuro.design.design_analysis_ratio`, :func:`exneuro.power.power_ttest_ind`)
    works with.

    The intervals are those a study with ``n_per_group`` units per group would report if
    it observed exactly ``ratio`` with a sample SD equal to ``sd_log``: the noncentral-t
    interval for d and the t interval for the ratio.

    Parameters
    ----------
    ratio : float
        Treated / control, > 0 and != 1.
    cv : float
        Coefficient of variation (SD / mean) of the raw values in each group, > 0.
    n_per_group : int
        Group size, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    RatioEffect

    Raises
    ------
    ValueError
        If ``ratio`` <= 0 or equals 1, ``cv`` <= 0, ``n_per_group`` is not an integer
        >= 2, or ``level`` is outside (0, 1).
    TypeError
        If an argument is not a real scalar.

    Notes
    -----
    Unlike :func:`effect_from_percent_change`, whose d uses raw values with SDs
    proportional to the means (so the two groups' SDs differ), the log scale gives both
    groups the same SD, the assumption of the t test; for a reduction it cannot imply a
    fall below zero. For small ``cv``, ``sd_log`` is close to ``cv``.

    Validated against: ``sd_log`` and ``d`` of
    :func:`exneuro.design.design_analysis_ratio`, and the ratio interval recomputed with
    :func:`scipy.stats.t`.

    Examples
    --------
    A doubling with a CV of 0.35 and 10 animals per group:

    >>> e = effect_from_ratio(2, cv=0.35, n_per_group=10)
    >>> round(e.d, 2), round(e.ratio_low, 2), round(e.ratio_high, 2)
    (2.04, 1.45, 2.75)
    """
    ratio_checked = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))
    if ratio_checked == 1.0:
        raise ValueError("ratio must differ from 1 (no change has no size to standardize), got 1.0")
    cv_checked = float(as_real(cv, "cv", lower=0.0, allow_array=False))
    n = as_int(n_per_group, "n_per_group", minimum=2)
    level_checked = as_level(level)
    sd_log = math.sqrt(math.log1p(cv_checked**2))
    lnrr = math.log(ratio_checked)
    d = lnrr / sd_log
    d_low, d_high = d_confidence_interval(d, n, n, level=level_checked)
    lnrr_se = sd_log * math.sqrt(2.0 / n)
    t = float(stats.t.isf((1.0 - level_checked) / 2.0, 2 * n - 2))
    return RatioEffect(
        ratio=ratio_checked, cv=cv_checked, n_per_group=n, level=level_checked, sd_log=sd_log,
        d=d, d_low=float(d_low), d_high=float(d_high), lnrr=lnrr, lnrr_se=lnrr_se,
        ratio_low=math.exp(lnrr - t * lnrr_se), ratio_high=math.exp(lnrr + t * lnrr_se),
    )


def largest_cv_excluding_zero(
    percent: float, n_per_group: int, *, level: float = 0.95, scale: str = "raw"
) -> float:
    """The largest shared CV at which the interval for an observed percent change excludes zero.

    A percent change has no standardized size until one assumes a spread
    (:func:`d_from_percent_change`): the larger the assumed coefficient of variation, the
    smaller the standardized effect and the wider its interval relative to it. This finds,
    by root-finding, the CV at which the confidence interval for the standardized effect
    of an observed change just reaches zero, for two groups of ``n_per_group`` units.
    Below it the change is distinguishable from no change at all; at and above it, not.

    Parameters
    ----------
    percent : float
        The observed percent change, > -100 and non-zero (-70 for "70 % fewer").
    n_per_group : int
        Units per group, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.
    scale : {"raw", "log"}, optional
        ``"raw"`` (default): the exact noncentral-t interval of Cohen's d on the raw
        scale (:func:`effect_from_percent_change`, :func:`d_confidence_interval`).
        ``"log"``: the t interval of the log ratio, whose standard error is
        ``sqrt(ln(1 + cv^2)) sqrt(2 / n_per_group)`` with ``2 n_per_group - 2`` df.

    Returns
    -------
    float
        The threshold CV.

    Raises
    ------
    ValueError
        If ``percent`` is 0 (no change: the interval always reaches zero) or <= -100,
        ``n_per_group`` is not an integer >= 2, ``level`` is outside (0, 1), or ``scale``
        is unknown.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    The limit of the interval nearest zero rises monotonically with the CV, from far
    beyond zero (tiny spread) towards the other side; :func:`scipy.optimize.brentq`
    finds the CV where it crosses zero, to a tolerance of 1e-12.

    An interval of a mean difference reaches zero exactly when a two-sided test at
    ``alpha = 1 - level`` stops being significant, so the threshold is also the largest
    CV at which the observed change is significant: for a pooled-variance t test on
    the raw values (``"raw"``) or on the log values (``"log"``). Both have a closed
    form, against which the unit tests check the root: on the raw scale
    ``|ratio - 1| / (sqrt((1 + ratio^2) / 2) t_crit sqrt(2 / n))``.

    Examples
    --------
    An observed 70 % drop with 3 units per group:

    >>> round(largest_cv_excluding_zero(-70, 3), 3)
    0.418
    >>> round(largest_cv_excluding_zero(-70, 3, scale="log"), 3)
    0.571
    """
    change = float(as_real(percent, "percent", lower=-100.0,
                           reason="a reduction of 100% or more has no ratio", allow_array=False))
    if change == 0.0:
        raise ValueError("percent must be non-zero (with no change the interval always "
                         "reaches zero), got 0.0")
    n = as_int(n_per_group, "n_per_group", minimum=2)
    level_checked = as_level(level)
    scale = as_choice(scale, "scale", PERCENT_CHANGE_SCALES)
    sign = -1.0 if change < 0 else 1.0

    if scale == "log":
        log_ratio = abs(math.log(float(percent_change_to_ratio(change))))
        critical = float(stats.t.isf((1.0 - level_checked) / 2.0, 2 * n - 2))

        def gap(cv: float) -> float:
            # the distance from the interval's near limit to zero, negative while it excludes zero
            return critical * math.sqrt(math.log1p(cv * cv)) * math.sqrt(2.0 / n) - log_ratio
    else:
        def gap(cv: float) -> float:
            d = float(d_from_percent_change(change, cv))
            low, high = d_confidence_interval(d, n, n, level=level_checked)
            return float(high) if sign < 0 else -float(low)

    # Bracket the root within a factor of 2, halving or doubling from a CV of 1, so that
    # the noncentral t is never evaluated far beyond the threshold (where its series fails).
    low_cv = high_cv = 1.0
    if gap(1.0) < 0.0:
        while gap(high_cv) < 0.0:
            low_cv, high_cv = high_cv, 2.0 * high_cv
    else:
        while gap(low_cv) >= 0.0:
            low_cv, high_cv = low_cv / 2.0, low_cv
    return float(optimize.brentq(gap, low_cv, high_cv, xtol=1e-12, rtol=1e-12))


def _difference_scale(n1: float | np.ndarray, n2: float | np.ndarray) -> Any:
    return np.sqrt(1.0 / n1 + 1.0 / n2)


def mean_difference_se(n1: ArrayLike, n2: ArrayLike, sd: ArrayLike = 1.0) -> float | np.ndarray:
    """Standard error of a difference between two independent group means with a common SD.

    ``sd * sqrt(1/n1 + 1/n2)``. With the default ``sd = 1`` it is the standard error on
    the scale of a standardized difference (Cohen's d) near zero, the ``se`` to give
    :func:`exneuro.design.design_analysis` for an effect in SD units.

    Parameters
    ----------
    n1, n2 : float or array_like
        Group sizes, > 0 (an average arm size need not be whole).
    sd : float or array_like, optional
        The common within-group SD, > 0. Default 1 (SD units).

    Returns
    -------
    float or numpy.ndarray
        In the units of ``sd``.

    Raises
    ------
    ValueError
        If a value is not finite and > 0, or shapes clash.
    TypeError
        If an argument is not a real number or array of them.

    Notes
    -----
    The exact variance of an observed d adds ``d^2 / (2 (n1 + n2))``
    (:func:`d_confidence_interval_normal`); for small effects the difference is
    negligible.

    Examples
    --------
    >>> round(mean_difference_se(8, 8), 4)
    0.5
    >>> round(mean_difference_se(30, 30, sd=60.0), 2)
    15.49
    """
    n1_b, n2_b, sd_b = broadcast(n1=as_real(n1, "n1", lower=0.0), n2=as_real(n2, "n2", lower=0.0),
                                 sd=as_real(sd, "sd", lower=0.0))
    return to_output(sd_b * _difference_scale(n1_b, n2_b), is_scalar(n1, n2, sd))


def contrast_se_shared_cv(cv: float, means: Sequence[float], n_per_group: int) -> float:
    """Standard error of a contrast of group means when every group shares a CV.

    Each group's SD is ``cv`` times its mean and every group has ``n_per_group`` units,
    so the variance of a group mean is ``(cv * mean)^2 / n``. A contrast that adds some
    group means and subtracts the others (coefficients +1 and -1) has the standard error
    ``sqrt(sum((cv * mean_i)^2) / n_per_group)``. For a percent-change claim, put the
    control mean at 1: the difference treated minus control is ``means=[1, ratio]``, the
    raw-scale companion of :func:`effect_from_percent_change`; a 2 x 2 interaction (a
    difference of two differences) lists all four group means.

    Parameters
    ----------
    cv : float
        Coefficient of variation in each group, > 0.
    means : sequence of float
        The means of the groups in the contrast, each > 0, at least two (in units of the
        control mean when the control is 1).
    n_per_group : int
        Units per group, >= 2.

    Returns
    -------
    float
        The standard error, in the units of ``means``: the ``se`` to give
        :func:`exneuro.design.design_analysis`.

    Raises
    ------
    ValueError, TypeError
        If an argument is out of range or not a number (the argument is named).

    Examples
    --------
    >>> round(contrast_se_shared_cv(0.3, [1, 0.7], 3), 4)
    0.2114
    >>> round(contrast_se_shared_cv(0.3, [1, 1.15, 1, 1.0], 4), 4)
    0.3119
    """
    cv_checked = float(as_real(cv, "cv", lower=0.0, allow_array=False))
    group_means = as_real_sequence(means, "means", min_length=2)
    if np.any(group_means <= 0):
        raise ValueError(f"means must all be > 0 (an SD of cv times the mean), got "
                         f"{group_means.tolist()}")
    n = as_int(n_per_group, "n_per_group", minimum=2)
    return math.sqrt(sum((cv_checked * float(mean)) ** 2 for mean in group_means) / n)
