"""Power, sample size and minimum detectable effect, vectorised.

Scalar solvers (sample size, minimum detectable effect) wrap
:mod:`statsmodels.stats.power` so that the book's numbers agree with a
widely used reference implementation. Power itself is computed here from
the noncentral t and F distributions with numpy broadcasting, so that a
whole grid of effect sizes by sample sizes is one call; it reproduces
``statsmodels.stats.power.TTestIndPower().power`` (which, for a two-sided
test, also counts rejections in the tail opposite to the effect).

Conventions follow statsmodels: ``n1`` is the size of group 1,
``n2 = n1 * ratio``, ``alternative`` is one of ``"two-sided"``, ``"larger"``,
``"smaller"``. Power functions accept fractional sample sizes (solvers need
them); sample-size functions return fractional values, and the
``n_per_group_*`` variants round up.

Every unknown can be solved for, as in R's ``pwr`` and G*Power: power
(``power_*``), sample size (``n_*``), minimum detectable effect (``mde_*``),
the allocation ratio (:func:`ratio_ttest_ind`), and alpha for any of the power
functions (:func:`alpha_for_power`, and G*Power's compromise analysis,
:func:`compromise_analysis`).

Solvers never return a size the power functions reject. When even the
smallest size a test allows (two per group for a t test, for example)
already exceeds the requested power, the fractional ``n_*`` solvers raise a
``ValueError`` that says so, and the whole-number ``n_per_group_*`` variants
return that smallest size.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import optimize, special, stats
from statsmodels.stats.power import (
    FTestAnovaPower,
    NormalIndPower,
    TTestIndPower,
    TTestPower,
)
from statsmodels.stats.proportion import proportion_effectsize

from exneuro._validate import (
    as_alternative,
    as_choice,
    as_int,
    as_probability,
    as_real,
    as_real_sequence,
    broadcast,
    broadcast_shape,
    is_scalar,
    to_output,
)
from exneuro.effect_size import d_from_percent_change

__all__ = [
    "CompromiseResult",
    "alpha_for_power",
    "cohens_f_from_means",
    "compromise_analysis",
    "clusters_needed",
    "design_effect",
    "effective_sample_size",
    "false_positive_rate_ignoring_clusters",
    "mde_anova",
    "mde_chi2",
    "mde_correlation",
    "mde_grid",
    "mde_ttest_1samp",
    "mde_ttest_ind",
    "mde_two_proportions",
    "mde_ztest",
    "min_detectable_reduction",
    "n_anova",
    "n_chi2",
    "n_correlation",
    "n_per_group_anova",
    "n_per_group_interaction",
    "n_per_group_ttest_ind",
    "n_rm_anova",
    "n_ttest_1samp",
    "n_ttest_ind",
    "n_two_proportions",
    "n_ztest",
    "power_anova",
    "power_chi2",
    "power_correlation",
    "power_grid",
    "power_grid_frame",
    "power_rm_anova",
    "power_ttest_1samp",
    "power_ttest_ind",
    "power_two_proportions",
    "power_ztest",
    "ratio_ttest_ind",
]

# Tail probabilities provably below this are set to exactly 0 (or 1) without
# evaluating the noncentral distributions; see _almost_surely_below.
_NEGLIGIBLE = 1e-15

# Noncentrality parameters (of F and chi-square) below this are treated as 0: the
# power then differs from the central one by less than about this much, and scipy's
# noncentral F fails to converge (or returns nonsense) for tiny positive values.
_CENTRAL_NCP = 1e-15


# ---------------------------------------------------------------------------
# Noncentral t machinery
# ---------------------------------------------------------------------------


def _almost_surely_below(critical: np.ndarray, df: np.ndarray, ncp: np.ndarray) -> np.ndarray:
    """Cells where P(T <= critical) < 2e-15 for T ~ noncentral t(df, ncp).

    Only cells with ``critical > 0`` can qualify.

    T <= c needs Z + ncp <= c S with S = sqrt(chi2_df / df), so for any s0,
    P(T <= c) <= Phi(c s0 - ncp) + P(S > s0). Choosing P(S > s0) = 1e-15
    gives a cheap, rigorous test. Skipping such cells matters because the
    noncentral distributions are slowest (and least reliable) far in the tail.
    """
    s0 = np.sqrt(stats.chi2.isf(_NEGLIGIBLE, df) / df)
    return (critical > 0) & (stats.norm.cdf(critical * s0 - ncp) < _NEGLIGIBLE)


def _t_power(
    ncp: np.ndarray, df: np.ndarray, alpha: np.ndarray, alternative: str
) -> np.ndarray:
    """Power of a t test with noncentrality ``ncp`` and ``df`` degrees of freedom.

    ``df`` and ``alpha`` may have smaller (broadcastable) shapes than ``ncp``;
    critical values are computed at their own size, which keeps grids cheap.
    """
    shape = np.broadcast_shapes(np.shape(ncp), np.shape(df), np.shape(alpha))
    tail_alpha = alpha / 2.0 if alternative == "two-sided" else alpha
    critical = stats.t.isf(tail_alpha, df)
    signed = ncp if alternative != "smaller" else -ncp
    # A two-sided test rejects when T^2 > c^2, and T^2 follows a noncentral F
    # with (1, df) df and noncentrality ncp^2. One noncentral-F evaluation thus
    # gives both rejection tails (the statsmodels definition) at once, and
    # avoids scipy 1.17's NaN for the far lower tail of the noncentral t.
    effect_ncp = np.abs(ncp) if alternative == "two-sided" else signed
    certain = np.broadcast_to(_almost_surely_below(critical, df, effect_ncp), shape)
    ncp_full = np.broadcast_to(effect_ncp, shape)
    critical_full = np.broadcast_to(critical, shape)
    df_full = np.broadcast_to(df, shape)
    power = np.ones(shape)
    todo = ~certain
    if alternative == "two-sided":
        # scipy.stats.ncf.sf is wrong at noncentrality 0 (it returns -0.95 for
        # the two-sided 5% critical value) and fails to converge just above it;
        # the central F is exact (to 1e-15) there.
        central = todo & (ncp_full**2 < _CENTRAL_NCP)
        power[central] = stats.f.sf(critical_full[central] ** 2, 1, df_full[central])
        todo &= ~central
        power[todo] = stats.ncf.sf(critical_full[todo] ** 2, 1, df_full[todo],
                                   ncp_full[todo] ** 2)
    else:
        # A one-sided test rejects in one tail; T > c > 0 needs Z + ncp > 0,
        # so P(T > c) <= Phi(ncp) and far-away effects have power 0.
        impossible = todo & (critical_full > 0) & (stats.norm.cdf(ncp_full) < _NEGLIGIBLE)
        power[impossible] = 0.0
        todo &= ~impossible
        power[todo] = stats.nct.sf(critical_full[todo], df_full[todo], ncp_full[todo])
    if np.isnan(power).any():
        raise FloatingPointError("scipy returned NaN for a power value; please report the inputs")
    return np.clip(power, 0.0, 1.0)


def _group1_size(n1: ArrayLike) -> float | np.ndarray:
    return as_real(n1, "n1", lower=2, lower_inclusive=True)


def _check_ratio(ratio: ArrayLike, n1: float | np.ndarray) -> float | np.ndarray:
    ratio_checked = as_real(ratio, "ratio", lower=0.0)
    broadcast_shape(n1=n1, ratio=ratio_checked)
    n2 = np.asarray(n1) * np.asarray(ratio_checked)
    if np.any(n2 < 1.0 - 1e-12):  # tolerate rounding, e.g. n1 * (1 / n1)
        raise ValueError(
            "ratio must make group 2 (n2 = n1 * ratio) at least 1, "
            f"got n2 = {float(np.min(n2))!r}"
        )
    return ratio_checked


def power_ttest_ind(
    effect_size: ArrayLike,
    n1: ArrayLike,
    ratio: ArrayLike = 1.0,
    alpha: ArrayLike = 0.05,
    alternative: str = "two-sided",
) -> float | np.ndarray:
    """Power of the two-sample (pooled-variance) t test, vectorised.

    Parameters
    ----------
    effect_size : float or array_like
        Standardised mean difference (Cohen's d), group 1 minus group 2.
    n1 : float or array_like
        Size of group 1, >= 2. Fractional values are accepted, as in
        statsmodels, so that solvers can interpolate.
    ratio : float or array_like, optional
        ``n2 / n1``, > 0. Default 1 (equal groups).
    alpha : float or array_like, optional
        Significance level in (0, 1). Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional
        Default "two-sided".

    Returns
    -------
    float or numpy.ndarray
        Power, broadcast over the array arguments.

    Raises
    ------
    ValueError
        If ``n1`` < 2, ``ratio`` <= 0 or gives ``n2 < 1``, ``alpha`` is
        outside (0, 1), a value is not finite, ``alternative`` is unknown, or
        shapes clash.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With ``df = n1 + n2 - 2`` and noncentrality
    ``ncp = effect_size * sqrt(n1 n2 / (n1 + n2))``, the two-sided power is
    ``P(T > t_crit) + P(T < -t_crit)`` for T noncentral t, the statsmodels
    definition that counts rejections in the wrong tail too. It is computed
    as ``P(F > t_crit^2)`` with F noncentral F(1, df, ncp^2), which is the
    same number in one evaluation (and stays finite where
    ``scipy.special.nctdtr`` returns NaN); one-sided power uses
    :data:`scipy.stats.nct`. Agreement with ``TTestIndPower().power`` is
    about 1e-15.

    References
    ----------
    .. [1] Cohen, J. (1988). Statistical Power Analysis for the Behavioral
       Sciences (2nd ed.). Lawrence Erlbaum, chapter 2.

    Examples
    --------
    >>> round(power_ttest_ind(0.5, 64), 4)
    0.8015
    >>> power_ttest_ind([0.2, 0.5, 0.8], 20).round(3)
    array([0.095, 0.338, 0.693])
    """
    alternative = as_alternative(alternative)
    d = as_real(effect_size, "effect_size")
    n1_checked = _group1_size(n1)
    ratio_checked = _check_ratio(ratio, n1_checked)
    alpha_checked = as_probability(alpha, "alpha")
    broadcast_shape(effect_size=d, n1=n1_checked, ratio=ratio_checked, alpha=alpha_checked)
    # Work at each argument's own shape: df and the critical values then
    # cost one evaluation per sample size, not per grid cell.
    group1 = np.asarray(n1_checked)
    group2 = group1 * np.asarray(ratio_checked)
    ncp = np.asarray(d) * np.sqrt(group1 * group2 / (group1 + group2))
    power = _t_power(ncp, group1 + group2 - 2.0, np.asarray(alpha_checked), alternative)
    return to_output(power, is_scalar(effect_size, n1, ratio, alpha))


def power_ttest_1samp(
    effect_size: ArrayLike, n: ArrayLike, alpha: ArrayLike = 0.05, alternative: str = "two-sided"
) -> float | np.ndarray:
    """Power of the one-sample t test, also used for paired differences.

    Parameters
    ----------
    effect_size : float or array_like
        Mean (of the differences) divided by its SD; for paired designs this
        is d_z.
    n : float or array_like
        Number of observations (pairs), >= 2; fractional values accepted.
    alpha : float or array_like, optional
        Significance level in (0, 1). Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        As for :func:`power_ttest_ind`.

    Examples
    --------
    >>> round(power_ttest_1samp(0.5, 34), 4)
    0.8078
    """
    alternative = as_alternative(alternative)
    d_checked = as_real(effect_size, "effect_size")
    n_checked = as_real(n, "n", lower=2, lower_inclusive=True)
    alpha_checked = as_probability(alpha, "alpha")
    broadcast_shape(effect_size=d_checked, n=n_checked, alpha=alpha_checked)
    n_array = np.asarray(n_checked)
    power = _t_power(np.asarray(d_checked) * np.sqrt(n_array), n_array - 1.0,
                     np.asarray(alpha_checked), alternative)
    return to_output(power, is_scalar(effect_size, n, alpha))


# ---------------------------------------------------------------------------
# Solvers (scalar, wrapping statsmodels)
# ---------------------------------------------------------------------------


def _solve_with_statsmodels(
    solve: Callable[[], Any], gap: Callable[[float], float], what: str, lower: float,
    *, fallback: float = 1.0,
) -> float:
    """Root of ``gap`` (increasing in its argument, valid above ``lower``).

    The statsmodels solver supplies the starting point. Its answer is then
    bracketed and polished with :func:`scipy.optimize.brentq` on our own
    power function because statsmodels stops once power is within about 1e-5
    of the target, may return the mirror-image (negative) effect size for a
    two-sided test, and signals failure only by a warning, NaN or an
    exception. If it fails, the search starts from ``lower + fallback``
    instead. Callers make sure that ``gap(lower) < 0``.
    """
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            value = float(np.asarray(solve(), dtype=float).reshape(-1)[0])
        except (ValueError, RuntimeError, FloatingPointError, TypeError, ZeroDivisionError,
                OverflowError):
            # e.g. "ufunc 'fdtri' not supported" from FTestAnovaPower for large f
            value = math.nan
    if not math.isfinite(value) or value <= lower:
        value = lower + fallback
    low = high = value
    step = max(abs(value) * 1e-4, 1e-8)
    for _ in range(200):
        if gap(low) <= 0:
            break
        low = max(low - step, (low + lower) / 2.0)  # never reaches the invalid region
        step *= 2.0
    for _ in range(200):
        if gap(high) >= 0:
            break
        high += step
        step *= 2.0
    if not gap(low) <= 0 <= gap(high):
        raise RuntimeError(f"could not find {what} with the requested power")
    return float(optimize.brentq(gap, low, high, xtol=1e-13, rtol=1e-14))


def _check_power_target(power: float, alpha: float) -> float:
    power_checked = float(as_probability(power, "power", allow_array=False))
    if power_checked <= alpha:
        raise ValueError(
            f"power must be greater than alpha (power equals alpha when there is no effect), "
            f"got power={power_checked!r} and alpha={alpha!r}"
        )
    return power_checked


def _check_direction(effect_size: float, alternative: str) -> None:
    if effect_size == 0:
        raise ValueError("effect_size must be non-zero to solve for a sample size, got 0.0")
    if alternative == "larger" and effect_size < 0:
        raise ValueError(
            f"effect_size must be > 0 for alternative='larger', got {effect_size!r}"
        )
    if alternative == "smaller" and effect_size > 0:
        raise ValueError(
            f"effect_size must be < 0 for alternative='smaller', got {effect_size!r}"
        )


def _scalar_inputs(
    effect_size: float, power: float, alpha: float, alternative: str
) -> tuple[float, float, float, str]:
    alternative = as_alternative(alternative)
    d = float(as_real(effect_size, "effect_size", allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    _check_direction(d, alternative)
    return d, power_checked, alpha_checked, alternative


def _already_reached(what: str, minimum: float, achieved: float, power: float,
                     whole: str | None = None) -> ValueError:
    """The error of a sample-size solver whose target power is met by the smallest size."""
    hint = f"; {whole} returns that smallest whole size" if whole else ""
    return ValueError(
        f"power={power!r} is already exceeded at the smallest {what} the test allows "
        f"({what} = {minimum:g} gives power {achieved:.4g}), so no {what} solves the "
        f"power equation{hint}"
    )


def _solve_increasing(gap: Callable[[float], float], low: float, what: str, *,
                      start: float | None = None, limit: float = 1e15) -> float:
    """Root of ``gap`` (increasing, ``gap(low) < 0``) above ``low``, by doubling and brentq."""
    high = max(start if start is not None else 2.0 * low, low + 1.0)
    previous = low
    while gap(high) < 0:
        previous = high
        high *= 2.0
        if high > limit:
            raise RuntimeError(f"could not find {what} with the requested power")
    return float(optimize.brentq(gap, previous, high, xtol=1e-13, rtol=1e-14))


def _smallest_n1(ratio: float) -> float:
    """Smallest group 1 that power_ttest_ind accepts: n1 >= 2 and n2 = n1 ratio >= 1."""
    return max(2.0, 1.0 / ratio)


def _n_ttest_ind(d: float, power: float, alpha: float, ratio: float,
                 alternative: str) -> tuple[float, float | None]:
    """(smallest allowed n1, solution or None when the smallest n1 already has the power)."""
    if alternative == "two-sided":
        d = abs(d)  # the two-sided power is symmetric in d: one answer for d and -d
    def solve() -> Any:
        return TTestIndPower().solve_power(
            effect_size=d, nobs1=None, alpha=alpha, power=power, ratio=ratio,
            alternative=alternative,
        )

    def check(n1: float) -> float:
        return float(_t_power(
            np.asarray(d * math.sqrt(n1 * n1 * ratio / (n1 + n1 * ratio))),
            np.asarray(n1 * (1.0 + ratio) - 2.0), np.asarray(alpha), alternative,
        )) - power

    smallest = _smallest_n1(ratio)
    if check(smallest) >= 0:
        return smallest, None
    return smallest, _solve_with_statsmodels(solve, check, "n1", lower=smallest, fallback=10.0)


def n_ttest_ind(
    effect_size: float,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Size of group 1 giving the requested power in a two-sample t test.

    Parameters
    ----------
    effect_size : float
        Cohen's d, non-zero; its sign must match a one-sided ``alternative`` and does
        not matter for a two-sided one (``d`` and ``-d`` give the same size).
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Significance level in (0, 1). Default 0.05.
    ratio : float, optional
        ``n2 / n1``, > 0. Default 1.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float
        Fractional ``n1`` solving ``power_ttest_ind(effect_size, n1) == power``
        (``TTestIndPower().solve_power``, polished); round up for a design. It
        is at least the smallest ``n1`` that :func:`power_ttest_ind` accepts,
        ``max(2, 1 / ratio)``.

    Raises
    ------
    ValueError
        If ``effect_size`` is 0 or points away from a one-sided alternative,
        ``power`` <= ``alpha``, any value is out of range, or the smallest
        allowed ``n1`` already has more than the requested power (the effect
        is so large that no smaller study exists; :func:`n_per_group_ttest_ind`
        then returns that smallest size).
    RuntimeError
        If the solver fails.

    Examples
    --------
    >>> round(n_ttest_ind(0.5), 2)
    63.77
    """
    d, power_checked, alpha_checked, alternative = _scalar_inputs(
        effect_size, power, alpha, alternative
    )
    ratio_checked = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))
    smallest, n1 = _n_ttest_ind(d, power_checked, alpha_checked, ratio_checked, alternative)
    if n1 is None:
        achieved = float(power_ttest_ind(d, smallest, ratio_checked, alpha_checked, alternative))
        raise _already_reached("n1", smallest, achieved, power_checked, "n_per_group_ttest_ind")
    return n1


def n_per_group_ttest_ind(
    effect_size: float,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> int:
    """Whole number of subjects in group 1 for the requested power (rounded up).

    Parameters
    ----------
    effect_size, power, alpha, ratio, alternative
        As for :func:`n_ttest_ind`.

    Returns
    -------
    int
        ``ceil(n_ttest_ind(...))``; when even the smallest size the test
        allows (``max(2, 1 / ratio)``) exceeds the requested power, that size
        rounded up. Group 2 needs ``ceil(n1 * ratio)``. This is the book's one
        answer to "how many per group for a standardized effect": a published
        SMD or g of either sign, its interval limit nearest zero, a d from a
        percent change.

    Raises
    ------
    ValueError, RuntimeError
        As for :func:`n_ttest_ind`, except that a target already met by the
        smallest size is not an error.

    References
    ----------
    .. [1] Cohen, J. (1992). A power primer. Psychological Bulletin, 112(1),
       155-159, Table 2.

    Examples
    --------
    >>> n_per_group_ttest_ind(0.5)
    64
    """
    d, power_checked, alpha_checked, alternative = _scalar_inputs(
        effect_size, power, alpha, alternative
    )
    ratio_checked = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))
    smallest, n1 = _n_ttest_ind(d, power_checked, alpha_checked, ratio_checked, alternative)
    # Guard against 64.0000000001 from root-finding noise becoming 65.
    return math.ceil(round(smallest if n1 is None else n1, 9))


def _mde(
    power_at: Callable[[float], float], power: float, what: str
) -> float:
    """Smallest positive effect with power_at(effect) == power (power rises with effect)."""
    high = 1.0
    while power_at(high) < power:
        high *= 2.0
        if high > 1e6:
            raise RuntimeError(f"could not bracket the minimum detectable {what}")
    return optimize.brentq(lambda x: power_at(x) - power, 0.0, high, xtol=1e-12, rtol=1e-12)


def mde_ttest_ind(
    n1: float,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Minimum detectable Cohen's d for a two-sample t test.

    Parameters
    ----------
    n1 : float
        Size of group 1, >= 2.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Significance level in (0, 1). Default 0.05.
    ratio : float, optional
        ``n2 / n1``, > 0. Default 1.
    alternative : {"two-sided", "larger", "smaller"}, optional
        For "smaller" the (negative) effect is returned.

    Returns
    -------
    float
        The effect size with exactly the requested power (positive, except
        negative for ``alternative="smaller"``).

    Raises
    ------
    ValueError
        If an argument is out of range or ``power`` <= ``alpha``.
    RuntimeError
        If the solver fails.

    Notes
    -----
    Solved with ``TTestIndPower().solve_power(effect_size=None, ...)`` for
    "two-sided" and "larger"; "smaller" uses the symmetry of the t test
    because the statsmodels solver does not handle negative effects
    reliably.

    Examples
    --------
    >>> round(mde_ttest_ind(11), 3)
    1.256
    """
    alternative = as_alternative(alternative)
    n1_checked = float(as_real(n1, "n1", lower=2, lower_inclusive=True, allow_array=False))
    ratio_checked = float(_check_ratio(as_real(ratio, "ratio", lower=0.0, allow_array=False),
                                       n1_checked))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    solve_alternative = "larger" if alternative == "smaller" else alternative

    def solve() -> Any:
        return TTestIndPower().solve_power(
            effect_size=None, nobs1=n1_checked, alpha=alpha_checked, power=power_checked,
            ratio=ratio_checked, alternative=solve_alternative,
        )

    def check(d: float) -> float:
        return float(power_ttest_ind(d, n1_checked, ratio_checked, alpha_checked,
                                     solve_alternative)) - power_checked

    effect = _solve_with_statsmodels(solve, check, "effect_size", lower=0.0)
    return -effect if alternative == "smaller" else effect


def n_ttest_1samp(
    effect_size: float, power: float = 0.8, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Number of observations (pairs) for the requested power of a one-sample t test.

    Parameters
    ----------
    effect_size : float
        d (or d_z for paired data), non-zero.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float
        Fractional n from ``TTestPower().solve_power`` (polished), at least 2.

    Raises
    ------
    ValueError, RuntimeError
        As for :func:`n_ttest_ind`; also if n = 2 already has more than the
        requested power.

    Examples
    --------
    >>> round(n_ttest_1samp(0.5), 2)
    33.37
    """
    d, power_checked, alpha_checked, alternative = _scalar_inputs(
        effect_size, power, alpha, alternative
    )

    def solve() -> Any:
        return TTestPower().solve_power(
            effect_size=d, nobs=None, alpha=alpha_checked, power=power_checked,
            alternative=alternative,
        )

    def check(n: float) -> float:
        return float(_t_power(np.asarray(d * math.sqrt(n)), np.asarray(n - 1.0),
                              np.asarray(alpha_checked), alternative)) - power_checked

    if check(2.0) >= 0:
        raise _already_reached("n", 2.0, check(2.0) + power_checked, power_checked)
    return _solve_with_statsmodels(solve, check, "n", lower=2.0, fallback=10.0)


def mde_ttest_1samp(
    n: float, power: float = 0.8, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Minimum detectable d (or d_z) for a one-sample or paired t test.

    Parameters
    ----------
    n : float
        Number of observations (pairs), >= 2.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional
        For "smaller" the (negative) effect is returned.

    Returns
    -------
    float

    Raises
    ------
    ValueError, RuntimeError
        As for :func:`mde_ttest_ind`.

    Examples
    --------
    >>> round(mde_ttest_1samp(34), 3)
    0.495
    """
    alternative = as_alternative(alternative)
    n_checked = float(as_real(n, "n", lower=2, lower_inclusive=True, allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    solve_alternative = "larger" if alternative == "smaller" else alternative

    def solve() -> Any:
        return TTestPower().solve_power(
            effect_size=None, nobs=n_checked, alpha=alpha_checked, power=power_checked,
            alternative=solve_alternative,
        )

    def check(d: float) -> float:
        return float(power_ttest_1samp(d, n_checked, alpha_checked,
                                       solve_alternative)) - power_checked

    effect = _solve_with_statsmodels(solve, check, "effect_size", lower=0.0)
    return -effect if alternative == "smaller" else effect


def ratio_ttest_ind(
    effect_size: float,
    n1: float,
    power: float = 0.8,
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> float:
    """Allocation ratio ``n2 / n1`` giving the requested power when ``n1`` is fixed.

    Answers "group 1 has only ``n1`` animals; how many controls are needed?"
    (R: ``pwr.t2n.test(n1 = ..., d = ..., power = ...)`` solved for ``n2``).

    Parameters
    ----------
    effect_size : float
        Cohen's d, non-zero; its sign must match a one-sided ``alternative``.
    n1 : float
        Size of group 1, >= 2.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Significance level in (0, 1). Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float
        Fractional ``ratio`` solving ``power_ttest_ind(effect_size, n1, ratio) ==
        power``; group 2 needs ``ceil(n1 * ratio)``.

    Raises
    ------
    ValueError
        If an argument is out of range; if a group 2 of one unit (the smallest
        :func:`power_ttest_ind` accepts) already gives more than the requested
        power; or if no group 2, however large, reaches it (power then tends
        to that of a z test with ``n1`` observations).
    RuntimeError
        If the solver fails.

    Notes
    -----
    Power rises with ``n2`` towards a limit: with group 2 infinitely large
    the test compares group 1 with a known mean, and the noncentrality is
    ``effect_size sqrt(n1)`` with infinite df. Solved by bracketing and
    :func:`scipy.optimize.brentq` on :func:`power_ttest_ind`.

    Validated against: R ``pwr.t2n.test`` values frozen in statsmodels' tests
    and ``TTestIndPower().solve_power(ratio=None)``.

    Examples
    --------
    >>> round(ratio_ttest_ind(0.8, 20), 3)
    1.749
    """
    d, power_checked, alpha_checked, alternative = _scalar_inputs(
        effect_size, power, alpha, alternative
    )
    size1 = float(as_real(n1, "n1", lower=2, lower_inclusive=True, allow_array=False))

    def gap(ratio: float) -> float:
        return float(power_ttest_ind(d, size1, ratio, alpha_checked, alternative)) - power_checked

    smallest = 1.0 / size1  # group 2 of one unit
    if gap(smallest) >= 0:
        achieved = gap(smallest) + power_checked
        raise ValueError(
            f"power={power_checked!r} is already exceeded with a group 2 of one unit "
            f"(ratio = 1/n1 = {smallest:.4g} gives power {achieved:.4g}), so no ratio solves "
            "the power equation"
        )
    limit = float(power_ztest(d, size1, alpha_checked, alternative))
    if limit <= power_checked:
        raise ValueError(
            f"power={power_checked!r} cannot be reached with n1 = {size1:g}, however large "
            f"group 2 is (the power tends to {limit:.4g}); increase n1"
        )
    return _solve_increasing(gap, smallest, "ratio", start=1.0, limit=1e12)


# ---------------------------------------------------------------------------
# z test with known variance
# ---------------------------------------------------------------------------


def _normal_power(shift: float | np.ndarray, alpha: float | np.ndarray, alternative: str) -> np.ndarray:
    """Power of a z test whose statistic is N(shift, 1)."""
    if alternative == "two-sided":
        z = stats.norm.isf(alpha / 2.0)
        return stats.norm.sf(z - shift) + stats.norm.cdf(-z - shift)
    if alternative == "larger":
        return stats.norm.sf(stats.norm.isf(alpha) - shift)
    return stats.norm.cdf(-stats.norm.isf(alpha) - shift)


def power_ztest(
    effect_size: ArrayLike, n: ArrayLike, alpha: ArrayLike = 0.05, alternative: str = "two-sided"
) -> float | np.ndarray:
    """Power of the one-sample z test with known variance, vectorised.

    Parameters
    ----------
    effect_size : float or array_like
        ``(mean - null mean) / sigma`` with sigma known.
    n : float or array_like
        Number of observations, >= 1 (fractional accepted).
    alpha : float or array_like, optional
        Significance level in (0, 1). Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        For out-of-range or non-numeric input, or clashing shapes.

    Notes
    -----
    ``power = Phi(d sqrt(n) - z) [+ Phi(-d sqrt(n) - z)]`` with ``z`` the
    normal critical value; the two-sided power counts both tails, as R's
    ``pwr.norm.test`` and statsmodels' ``NormalIndPower(ratio=0)`` do. A two
    sample z test with ``n`` per group is the one-sample test with ``n / 2``.

    Validated against: R ``pwr.norm.test`` values frozen in statsmodels' tests.

    Examples
    --------
    >>> round(power_ztest(0.3, 40), 4)
    0.4751
    """
    alternative = as_alternative(alternative)
    d_b, n_b, alpha_b = broadcast(
        effect_size=as_real(effect_size, "effect_size"),
        n=as_real(n, "n", lower=1, lower_inclusive=True),
        alpha=as_probability(alpha, "alpha"),
    )
    power = _normal_power(d_b * np.sqrt(n_b), alpha_b, alternative)
    return to_output(power, is_scalar(effect_size, n, alpha))


def n_ztest(
    effect_size: float, power: float = 0.8, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Number of observations for the requested power of a one-sample z test.

    Parameters
    ----------
    effect_size : float
        ``(mean - null mean) / sigma``, non-zero; its sign must match a
        one-sided ``alternative``.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float
        Fractional n (>= 1) solving :func:`power_ztest` ``== power``; for a
        one-sided test this is ``((z_alpha + z_power) / d)^2``.

    Raises
    ------
    ValueError
        If an argument is out of range, or one observation already exceeds the
        requested power.
    RuntimeError
        If the solver fails.

    Examples
    --------
    >>> round(n_ztest(0.5), 2)
    31.4
    """
    d, power_checked, alpha_checked, alternative = _scalar_inputs(
        effect_size, power, alpha, alternative
    )

    def gap(n: float) -> float:
        return float(power_ztest(d, n, alpha_checked, alternative)) - power_checked

    if gap(1.0) >= 0:
        raise _already_reached("n", 1.0, gap(1.0) + power_checked, power_checked)
    tails = 2.0 if alternative == "two-sided" else 1.0
    start = ((stats.norm.isf(alpha_checked / tails) + stats.norm.isf(1.0 - power_checked))
             / abs(d)) ** 2
    return _solve_increasing(gap, 1.0, "n", start=float(start))


def mde_ztest(
    n: float, power: float = 0.8, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Minimum detectable standardized effect of a one-sample z test.

    Parameters
    ----------
    n : float
        Number of observations, >= 1.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional
        For "smaller" the (negative) effect is returned.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> round(mde_ztest(31.4), 3)
    0.5
    """
    alternative = as_alternative(alternative)
    size = float(as_real(n, "n", lower=1, lower_inclusive=True, allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    solve_alternative = "larger" if alternative == "smaller" else alternative
    effect = _mde(lambda d: float(power_ztest(d, size, alpha_checked, solve_alternative)),
                  power_checked, "effect size")
    return -effect if alternative == "smaller" else effect


# ---------------------------------------------------------------------------
# Two proportions
# ---------------------------------------------------------------------------


def _proportion(value: ArrayLike, name: str) -> float | np.ndarray:
    return as_real(value, name, lower=0.0, upper=1.0, lower_inclusive=True, upper_inclusive=True)


def power_two_proportions(
    p1: ArrayLike,
    p2: ArrayLike,
    n1: ArrayLike,
    ratio: ArrayLike = 1.0,
    alpha: ArrayLike = 0.05,
    alternative: str = "two-sided",
) -> float | np.ndarray:
    """Power to detect a difference between two proportions (Cohen's h, normal test).

    Parameters
    ----------
    p1, p2 : float or array_like
        Proportions in groups 1 and 2, in [0, 1].
    n1 : float or array_like
        Size of group 1, > 0.
    ratio : float or array_like, optional
        ``n2 / n1``, > 0. Default 1.
    alpha : float or array_like, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional
        "larger" means ``p1 > p2``.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If a proportion is outside [0, 1], ``n1`` or ``ratio`` <= 0, ``alpha``
        is outside (0, 1), or shapes clash.

    Notes
    -----
    Uses the arcsine effect size ``h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2))``
    (statsmodels ``proportion_effectsize``) with ``NormalIndPower`` power
    ``Phi(h sqrt(n_eff) - z) [+ Phi(-h sqrt(n_eff) - z)]``,
    ``n_eff = n1 n2 / (n1 + n2)``.

    References
    ----------
    .. [1] Cohen, J. (1988). Statistical Power Analysis for the Behavioral
       Sciences (2nd ed.), chapter 6.

    Examples
    --------
    >>> round(power_two_proportions(0.5, 0.3, 100), 4)
    0.8289
    """
    alternative = as_alternative(alternative)
    p1_b, p2_b, n1_b, ratio_b, alpha_b = broadcast(
        p1=_proportion(p1, "p1"),
        p2=_proportion(p2, "p2"),
        n1=as_real(n1, "n1", lower=0.0),
        ratio=as_real(ratio, "ratio", lower=0.0),
        alpha=as_probability(alpha, "alpha"),
    )
    h = 2.0 * np.arcsin(np.sqrt(p1_b)) - 2.0 * np.arcsin(np.sqrt(p2_b))
    shift = h * np.sqrt(n1_b * (n1_b * ratio_b) / (n1_b + n1_b * ratio_b))
    power = _normal_power(shift, alpha_b, alternative)
    return to_output(power, is_scalar(p1, p2, n1, ratio, alpha))


def n_two_proportions(
    p1: float,
    p2: float,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Size of group 1 to detect ``p1`` vs ``p2`` with the requested power.

    Parameters
    ----------
    p1, p2 : float
        Proportions in [0, 1], different from each other.
    power : float, optional
        Default 0.8.
    alpha : float, optional
        Default 0.05.
    ratio : float, optional
        ``n2 / n1``. Default 1.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float
        Fractional ``n1`` from ``NormalIndPower().solve_power``.

    Raises
    ------
    ValueError, RuntimeError
        As for :func:`n_ttest_ind`; also if ``p1 == p2``.

    Examples
    --------
    >>> round(n_two_proportions(0.5, 0.3), 1)
    92.7
    """
    p1_checked = float(as_real(p1, "p1", lower=0.0, upper=1.0, lower_inclusive=True,
                               upper_inclusive=True, allow_array=False))
    p2_checked = float(as_real(p2, "p2", lower=0.0, upper=1.0, lower_inclusive=True,
                               upper_inclusive=True, allow_array=False))
    if p1_checked == p2_checked:
        raise ValueError(f"p1 and p2 must differ to solve for a sample size, got {p1_checked!r}")
    alternative = as_alternative(alternative)
    if alternative == "larger" and p1_checked < p2_checked:
        raise ValueError("alternative='larger' needs p1 > p2, got p1 < p2")
    if alternative == "smaller" and p1_checked > p2_checked:
        raise ValueError("alternative='smaller' needs p1 < p2, got p1 > p2")
    h = float(proportion_effectsize(p1_checked, p2_checked))
    h, power_checked, alpha_checked, alternative = _scalar_inputs(h, power, alpha, alternative)
    ratio_checked = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))

    def solve() -> Any:
        return NormalIndPower().solve_power(
            effect_size=h, nobs1=None, alpha=alpha_checked, power=power_checked,
            ratio=ratio_checked, alternative=alternative,
        )

    def check(n1: float) -> float:
        return float(power_two_proportions(p1_checked, p2_checked, n1, ratio_checked,
                                           alpha_checked, alternative)) - power_checked

    return _solve_with_statsmodels(solve, check, "n1", lower=0.0, fallback=10.0)


def mde_two_proportions(
    n1: float,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Minimum detectable difference between two proportions, as Cohen's h.

    Parameters
    ----------
    n1 : float
        Size of group 1, > 0.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.
    ratio : float, optional
        ``n2 / n1``, > 0. Default 1.
    alternative : {"two-sided", "larger", "smaller"}, optional
        For "smaller" the (negative) h is returned.

    Returns
    -------
    float
        ``h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2))`` with the requested power
        (R: ``pwr.2p.test(n = ..., power = ...)``, ``pwr.2p2n.test`` for
        unequal groups). For a baseline proportion ``p2`` the detectable
        ``p1`` is ``sin(asin(sqrt(p2)) + h / 2)^2`` (if that stays within
        [0, 1]).

    Raises
    ------
    ValueError
        If an argument is out of range, or no difference between proportions
        (``|h| <= pi``) reaches the requested power with these groups.

    Notes
    -----
    Inverts the normal-theory power of :func:`power_two_proportions`
    (``NormalIndPower``), counting both tails for a two-sided test.

    Validated against: the R ``pwr.2p.test`` value frozen in statsmodels'
    tests (``h = 0.3, n = 80``: power 0.4751) and ``NormalIndPower().solve_power``.

    Examples
    --------
    >>> round(mde_two_proportions(100), 3)
    0.396
    """
    alternative = as_alternative(alternative)
    size1 = float(as_real(n1, "n1", lower=0.0, allow_array=False))
    ratio_checked = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    solve_alternative = "larger" if alternative == "smaller" else alternative
    root_n = math.sqrt(size1 * ratio_checked / (1.0 + ratio_checked))

    def gap(h: float) -> float:
        return float(_normal_power(h * root_n, alpha_checked, solve_alternative)) - power_checked

    if gap(math.pi) < 0:
        raise ValueError(
            f"power={power_checked!r} cannot be reached by any difference between two "
            f"proportions (|h| <= pi) with n1 = {size1:g} and ratio = {ratio_checked:g}"
        )
    h = float(optimize.brentq(gap, 0.0, math.pi, xtol=1e-13, rtol=1e-14))
    return -h if alternative == "smaller" else h


# ---------------------------------------------------------------------------
# One-way ANOVA
# ---------------------------------------------------------------------------


def _anova_power(f: float | np.ndarray, total: float | np.ndarray, k: float | np.ndarray,
                 alpha: float | np.ndarray) -> np.ndarray:
    """Noncentral-F power for validated (broadcastable) inputs; total N > k."""
    f_b, total_b, k_b, alpha_b = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (f, total, k, alpha))
    )
    df_num, df_denom = k_b - 1.0, total_b - k_b
    ncp = f_b**2 * total_b
    critical = stats.f.isf(alpha_b, df_num, df_denom)
    power = np.empty(f_b.shape)
    central = ncp < _CENTRAL_NCP
    # scipy.stats.ncf.sf is wrong at ncp == 0 (scipy 1.17 returns -0.90 for
    # ncf.sf(3, 2, 10, 0)); the central F is the exact answer there.
    power[central] = stats.f.sf(critical[central], df_num[central], df_denom[central])
    noncentral = ~central
    power[noncentral] = stats.ncf.sf(
        critical[noncentral], df_num[noncentral], df_denom[noncentral], ncp[noncentral]
    )
    return power


def power_anova(
    f: ArrayLike, n_per_group: ArrayLike, k_groups: ArrayLike, alpha: ArrayLike = 0.05
) -> float | np.ndarray:
    """Power of the one-way ANOVA F test for Cohen's f, vectorised.

    Parameters
    ----------
    f : float or array_like
        Cohen's f (SD of the group means over the within-group SD), >= 0.
    n_per_group : float or array_like
        Subjects per group, >= 2 (fractional accepted).
    k_groups : int or array_like of int
        Number of groups, >= 2.
    alpha : float or array_like, optional
        Default 0.05.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        For out-of-range or non-numeric input, or clashing shapes.

    Notes
    -----
    Noncentral F with ``k - 1`` and ``N - k`` df and noncentrality
    ``f^2 N``, ``N = k n_per_group``. Equals
    ``FTestAnovaPower().power(f, nobs=N, alpha, k_groups=k)``; note that
    statsmodels takes the *total* N.

    Examples
    --------
    >>> round(power_anova(0.25, 45, 4), 3)
    0.804
    """
    f_b, n_b, k_b, alpha_b = broadcast(
        f=as_real(f, "f", lower=0.0, lower_inclusive=True),
        n_per_group=as_real(n_per_group, "n_per_group", lower=2, lower_inclusive=True),
        k_groups=as_real(k_groups, "k_groups", lower=2, lower_inclusive=True, integer=True),
        alpha=as_probability(alpha, "alpha"),
    )
    power = _anova_power(f_b, n_b * k_b, k_b, alpha_b)
    return to_output(power, is_scalar(f, n_per_group, k_groups, alpha))


def n_anova(f: float, k_groups: int, power: float = 0.8, alpha: float = 0.05) -> float:
    """Fractional subjects per group for the requested one-way ANOVA power.

    Parameters
    ----------
    f : float
        Cohen's f, > 0.
    k_groups : int
        Number of groups, >= 2.
    power : float, optional
        Default 0.8.
    alpha : float, optional
        Default 0.05.

    Returns
    -------
    float
        Fractional subjects per group (>= 2) solving
        ``power_anova(f, n, k_groups, alpha) == power``; the same equation as
        ``FTestAnovaPower().solve_power`` (which takes the total N), solved
        by bracketing and :func:`scipy.optimize.brentq` on :func:`power_anova`.

    Raises
    ------
    ValueError
        For out-of-range input, or when 2 per group already exceed the
        requested power (:func:`n_per_group_anova` then returns 2).
    RuntimeError
        If the solver fails.

    Examples
    --------
    >>> round(n_anova(0.25, 4), 2)
    44.6
    """
    f_checked, k, power_checked, alpha_checked = _anova_inputs(f, k_groups, power, alpha)
    n = _n_anova(f_checked, k, power_checked, alpha_checked)
    if n is None:
        achieved = float(_anova_power(f_checked, 2.0 * k, k, alpha_checked))
        raise _already_reached("n_per_group", 2.0, achieved, power_checked,
                               "n_per_group_anova")
    return n


def _anova_inputs(f: float, k_groups: int, power: float, alpha: float) -> tuple[float, int, float,
                                                                          float]:
    f_checked = float(as_real(f, "f", lower=0.0, allow_array=False))
    k = as_int(k_groups, "k_groups", minimum=2)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    return f_checked, k, power_checked, alpha_checked


def _n_anova(f: float, k: int, power: float, alpha: float) -> float | None:
    """Fractional n per group with the requested power, or None if 2 per group suffice."""
    def gap(n: float) -> float:
        return float(_anova_power(f, n * k, k, alpha)) - power

    if gap(2.0) >= 0:
        return None
    # Normal-theory start: ncp = f^2 k n needs roughly (z_a + z_b)^2 (k - 1 df extra).
    start = (stats.norm.isf(alpha) + stats.norm.isf(1.0 - power)) ** 2 / (f * f * k) + k
    return _solve_increasing(gap, 2.0, "n_per_group", start=float(start))


def n_per_group_anova(f: float, k_groups: int, power: float = 0.8, alpha: float = 0.05) -> int:
    """Whole number of subjects per group for the requested ANOVA power.

    Parameters
    ----------
    f, k_groups, power, alpha
        As for :func:`n_anova`.

    Returns
    -------
    int
        ``ceil(n_anova(...))``, or 2 when 2 per group already exceed the
        requested power.

    Raises
    ------
    ValueError, RuntimeError
        As for :func:`n_anova`, except that a target met by 2 per group is not
        an error.

    References
    ----------
    .. [1] Cohen, J. (1992). A power primer. Psychological Bulletin, 112(1),
       155-159, Table 2.

    Examples
    --------
    >>> n_per_group_anova(0.25, 4)
    45
    """
    f_checked, k, power_checked, alpha_checked = _anova_inputs(f, k_groups, power, alpha)
    n = _n_anova(f_checked, k, power_checked, alpha_checked)
    return 2 if n is None else max(2, math.ceil(round(n, 9)))


def mde_anova(n_per_group: float, k_groups: int, power: float = 0.8, alpha: float = 0.05) -> float:
    """Minimum detectable Cohen's f for a one-way ANOVA.

    Parameters
    ----------
    n_per_group : float
        Subjects per group, >= 2.
    k_groups : int
        Number of groups, >= 2.
    power : float, optional
        Default 0.8.
    alpha : float, optional
        Default 0.05.

    Returns
    -------
    float

    Raises
    ------
    ValueError, RuntimeError
        For out-of-range input or solver failure.

    Examples
    --------
    >>> round(mde_anova(45, 4), 3)
    0.249
    """
    n_checked = float(as_real(n_per_group, "n_per_group", lower=2, lower_inclusive=True,
                              allow_array=False))
    k = as_int(k_groups, "k_groups", minimum=2)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)

    def solve() -> Any:
        return FTestAnovaPower().solve_power(
            effect_size=None, nobs=n_checked * k, alpha=alpha_checked, power=power_checked,
            k_groups=k,
        )

    def check(f: float) -> float:
        return float(_anova_power(f, n_checked * k, k, alpha_checked)) - power_checked

    return _solve_with_statsmodels(solve, check, "f", lower=0.0)


def cohens_f_from_means(means: ArrayLike, sd: float) -> float:
    """Cohen's f from hypothesised group means and a common within-group SD.

    Parameters
    ----------
    means : array_like
        At least two group means (equal group sizes assumed).
    sd : float
        Within-group standard deviation, > 0.

    Returns
    -------
    float
        ``std(means, ddof=0) / sd``.

    Raises
    ------
    ValueError
        If fewer than two means, a mean is not finite, or ``sd`` <= 0.

    References
    ----------
    .. [1] Cohen, J. (1988). Statistical Power Analysis for the Behavioral
       Sciences (2nd ed.), eq. 8.2.1.

    Examples
    --------
    >>> cohens_f_from_means([1.0, 2.0, 3.0], 2.0)
    0.408248290463863
    """
    means_checked = as_real_sequence(means, "means", min_length=2)
    sd_checked = float(as_real(sd, "sd", lower=0.0, allow_array=False))
    return float(np.std(means_checked, ddof=0) / sd_checked)


# ---------------------------------------------------------------------------
# Repeated-measures ANOVA
# ---------------------------------------------------------------------------


def _f_power(df_num: float | np.ndarray, df_denom: float | np.ndarray, ncp: float | np.ndarray,
             alpha: float | np.ndarray) -> np.ndarray:
    """Noncentral-F power for broadcastable validated inputs (exact central F at ncp 0)."""
    df1, df2, nc, alpha_b = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (df_num, df_denom, ncp, alpha)))
    critical = stats.f.isf(alpha_b, df1, df2)
    power = np.empty(df1.shape)
    central = nc < _CENTRAL_NCP
    power[central] = stats.f.sf(critical[central], df1[central], df2[central])
    power[~central] = stats.ncf.sf(critical[~central], df1[~central], df2[~central],
                                   nc[~central])
    return power


def _rm_anova_checked(f: ArrayLike, n: ArrayLike, m: ArrayLike, corr: ArrayLike,
                      epsilon: ArrayLike) -> tuple[Any, ...]:
    f_checked = as_real(f, "f", lower=0.0, lower_inclusive=True)
    n_checked = as_real(n, "n", lower=2, lower_inclusive=True)
    m_checked = as_real(m, "m", lower=2, lower_inclusive=True, integer=True)
    corr_checked = as_real(corr, "corr", lower=-1.0, upper=1.0)
    epsilon_checked = as_real(epsilon, "epsilon", lower=0.0, upper=1.0, upper_inclusive=True)
    floor = 1.0 / (np.asarray(m_checked) - 1.0)
    if np.any(np.asarray(epsilon_checked) < floor - 1e-12):
        raise ValueError(
            "epsilon must be >= 1 / (m - 1), its smallest possible value (complete "
            f"violation of sphericity), got epsilon = {float(np.min(epsilon_checked))!r}"
        )
    return f_checked, n_checked, m_checked, corr_checked, epsilon_checked


def _rm_anova_power(f: float | np.ndarray, n: float | np.ndarray, m: float | np.ndarray,
                    corr: float | np.ndarray, epsilon: float | np.ndarray,
                    alpha: float | np.ndarray) -> np.ndarray:
    df_num = (np.asarray(m) - 1.0) * epsilon
    df_denom = (np.asarray(n) - 1.0) * df_num
    ncp = np.asarray(f) ** 2 * n * m * epsilon / (1.0 - np.asarray(corr))
    return _f_power(df_num, df_denom, ncp, alpha)


def power_rm_anova(
    f: ArrayLike,
    n: ArrayLike,
    m: ArrayLike,
    alpha: ArrayLike = 0.05,
    corr: ArrayLike = 0.5,
    epsilon: ArrayLike = 1.0,
) -> float | np.ndarray:
    """Power of a one-way repeated-measures ANOVA (within-subject factor), vectorised.

    Parameters
    ----------
    f : float or array_like
        Cohen's f of the differences between the ``m`` measurement means, >= 0
        (from eta-squared: ``f = sqrt(eta2 / (1 - eta2))``).
    n : float or array_like
        Number of subjects, each measured ``m`` times, >= 2.
    m : int or array_like of int
        Number of repeated measurements, >= 2.
    alpha : float or array_like, optional
        Default 0.05.
    corr : float or array_like, optional
        Average correlation between the repeated measurements, in (-1, 1).
        Default 0.5.
    epsilon : float or array_like, optional
        Sphericity correction (Greenhouse-Geisser or Huynh-Feldt epsilon), in
        ``[1 / (m - 1), 1]``. Default 1 (sphericity holds).

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        For out-of-range or non-numeric input, or clashing shapes.

    Notes
    -----
    Noncentral F with ``df1 = (m - 1) epsilon``, ``df2 = (n - 1) df1`` and
    noncentrality ``f^2 n m epsilon / (1 - corr)``: the algorithm of
    ``pingouin.power_rm_anova`` and of G*Power's "ANOVA: repeated measures,
    within factors".

    Validated against: ``pingouin.power_rm_anova`` (1e-12) and the values
    printed in its documentation.

    Examples
    --------
    >>> f = (0.1 / 0.9) ** 0.5  # eta-squared 0.1
    >>> round(power_rm_anova(f, n=20, m=3), 4)
    0.8913
    """
    f_c, n_c, m_c, corr_c, eps_c = _rm_anova_checked(f, n, m, corr, epsilon)
    f_b, n_b, m_b, corr_b, eps_b, alpha_b = broadcast(
        f=f_c, n=n_c, m=m_c, corr=corr_c, epsilon=eps_c, alpha=as_probability(alpha, "alpha"))
    power = _rm_anova_power(f_b, n_b, m_b, corr_b, eps_b, alpha_b)
    return to_output(power, is_scalar(f, n, m, alpha, corr, epsilon))


def n_rm_anova(
    f: float,
    m: int,
    power: float = 0.8,
    alpha: float = 0.05,
    corr: float = 0.5,
    epsilon: float = 1.0,
) -> float:
    """Number of subjects for the requested power of a repeated-measures ANOVA.

    Parameters
    ----------
    f : float
        Cohen's f, > 0.
    m : int
        Number of repeated measurements, >= 2.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha, corr, epsilon : float, optional
        As for :func:`power_rm_anova`.

    Returns
    -------
    float
        Fractional n (>= 2) solving :func:`power_rm_anova` ``== power``.

    Raises
    ------
    ValueError
        If an argument is out of range, or 2 subjects already exceed the
        requested power.
    RuntimeError
        If the solver fails.

    Examples
    --------
    >>> f = (0.1 / 0.9) ** 0.5
    >>> round(n_rm_anova(f, m=3), 4)
    15.9979
    """
    f_checked = float(as_real(f, "f", lower=0.0, allow_array=False))
    for name, value in (("m", m), ("corr", corr), ("epsilon", epsilon)):
        as_real(value, name, allow_array=False)
    _, _, m_c, corr_c, eps_c = _rm_anova_checked(f_checked, 2.0, m, corr, epsilon)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)

    def gap(n: float) -> float:
        return float(_rm_anova_power(f_checked, n, m_c, corr_c, eps_c, alpha_checked)
                     ) - power_checked

    if gap(2.0) >= 0:
        raise _already_reached("n", 2.0, gap(2.0) + power_checked, power_checked)
    return _solve_increasing(gap, 2.0, "n", start=10.0)


# ---------------------------------------------------------------------------
# Chi-square tests (goodness of fit, contingency tables)
# ---------------------------------------------------------------------------


def _chi2_power(w: float | np.ndarray, n: float | np.ndarray, df: float | np.ndarray,
                alpha: float | np.ndarray) -> np.ndarray:
    w_b, n_b, df_b, alpha_b = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (w, n, df, alpha)))
    critical = stats.chi2.isf(alpha_b, df_b)
    ncp = n_b * w_b**2
    power = np.empty(w_b.shape)
    central = ncp < _CENTRAL_NCP
    power[central] = stats.chi2.sf(critical[central], df_b[central])
    power[~central] = stats.ncx2.sf(critical[~central], df_b[~central], ncp[~central])
    return power


def power_chi2(w: ArrayLike, n: ArrayLike, df: ArrayLike, alpha: ArrayLike = 0.05) -> float | np.ndarray:
    """Power of a chi-square test (goodness of fit or contingency table), vectorised.

    Parameters
    ----------
    w : float or array_like
        Cohen's w, >= 0: ``sqrt(sum((p1 - p0)^2 / p0))`` over the cells.
    n : float or array_like
        Total number of observations, >= 1.
    df : int or array_like of int
        Degrees of freedom, >= 1: categories - 1 for goodness of fit,
        ``(rows - 1)(columns - 1)`` for a contingency table.
    alpha : float or array_like, optional
        Default 0.05.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        For out-of-range or non-numeric input, or clashing shapes.

    Notes
    -----
    ``power = P(chi2'_{df}(n w^2) > chi2_{df, 1 - alpha})`` with the
    noncentral chi-square (Cohen 1988, chapter 7); the algorithm of R's
    ``pwr.chisq.test``, ``pingouin.power_chi2`` and statsmodels'
    ``GofChisquarePower``.

    Validated against: the sixteen R ``pwr.chisq.test`` values frozen in
    statsmodels' tests (1e-9).

    Examples
    --------
    >>> round(power_chi2(0.3, 20, df=1), 4)
    0.2687
    """
    w_b, n_b, df_b, alpha_b = broadcast(
        w=as_real(w, "w", lower=0.0, lower_inclusive=True),
        n=as_real(n, "n", lower=1, lower_inclusive=True),
        df=as_real(df, "df", lower=1, lower_inclusive=True, integer=True),
        alpha=as_probability(alpha, "alpha"),
    )
    return to_output(_chi2_power(w_b, n_b, df_b, alpha_b), is_scalar(w, n, df, alpha))


def _chi2_inputs(df: int, power: float, alpha: float) -> tuple[int, float, float]:
    df_checked = as_int(df, "df", minimum=1)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    return df_checked, _check_power_target(power, alpha_checked), alpha_checked


def n_chi2(w: float, df: int, power: float = 0.8, alpha: float = 0.05) -> float:
    """Total number of observations for the requested power of a chi-square test.

    Parameters
    ----------
    w : float
        Cohen's w, > 0.
    df : int
        Degrees of freedom, >= 1.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.

    Returns
    -------
    float
        Fractional N (>= 1) solving :func:`power_chi2` ``== power``.

    Raises
    ------
    ValueError
        If an argument is out of range, or one observation already exceeds the
        requested power.
    RuntimeError
        If the solver fails.

    Examples
    --------
    >>> round(n_chi2(0.3, df=3), 4)
    121.1396
    """
    w_checked = float(as_real(w, "w", lower=0.0, allow_array=False))
    df_checked, power_checked, alpha_checked = _chi2_inputs(df, power, alpha)

    def gap(n: float) -> float:
        return float(_chi2_power(w_checked, n, df_checked, alpha_checked)) - power_checked

    if gap(1.0) >= 0:
        raise _already_reached("n", 1.0, gap(1.0) + power_checked, power_checked)
    return _solve_increasing(gap, 1.0, "n", start=10.0 / w_checked**2)


def mde_chi2(n: float, df: int, power: float = 0.8, alpha: float = 0.05) -> float:
    """Minimum detectable Cohen's w of a chi-square test.

    Parameters
    ----------
    n : float
        Total number of observations, >= 1.
    df : int
        Degrees of freedom, >= 1.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> round(mde_chi2(20, df=2), 4)
    0.6941
    """
    size = float(as_real(n, "n", lower=1, lower_inclusive=True, allow_array=False))
    df_checked, power_checked, alpha_checked = _chi2_inputs(df, power, alpha)
    return _mde(lambda w: float(_chi2_power(w, size, df_checked, alpha_checked)),
                power_checked, "w")


# ---------------------------------------------------------------------------
# Correlation
# ---------------------------------------------------------------------------


def power_correlation(
    r: ArrayLike, n: ArrayLike, alpha: ArrayLike = 0.05, alternative: str = "two-sided"
) -> float | np.ndarray:
    """Power of the test of a Pearson correlation (Fisher z approximation).

    Parameters
    ----------
    r : float or array_like
        True correlation in (-1, 1).
    n : float or array_like
        Number of pairs, >= 4 (fractional accepted).
    alpha : float or array_like, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional
        "larger" tests r > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError, TypeError
        For out-of-range or non-numeric input, or clashing shapes.

    Notes
    -----
    The critical r, ``t / sqrt(t^2 + n - 2)``, comes from the t test with
    ``n - 2`` df; both it and the true r (with the bias term
    ``r / (2 (n - 1))``) are mapped to Fisher's z, whose SD is
    ``1 / sqrt(n - 3)``. This is the algorithm of R's ``pwr.r.test`` and of
    ``pingouin.power_corr``, except that the critical r keeps its sign: both
    references compute it as ``sqrt(t^2 / (t^2 + n - 2))``, which is wrong for
    a one-sided test with ``alpha > 0.5`` (the critical t is then negative;
    they give power 0.852 < alpha for ``r = 0.5, n = 20, alpha = 0.9``, where
    the right value is 0.9998). Results agree with both wherever
    ``alpha <= 0.5`` or the test is two-sided.

    Fisher's z is an approximation: at ``r = 0`` this "power" is not exactly
    ``alpha`` (it is off by up to 0.09 for ``n = 4`` and by less than 0.002
    from ``n = 50``), so for very small samples and effects near zero it can
    fall slightly below ``alpha``. It rises monotonically with ``r`` in the
    tested direction.

    References
    ----------
    .. [1] Cohen, J. (1988). Statistical Power Analysis for the Behavioral
       Sciences (2nd ed.), chapter 3.

    Examples
    --------
    >>> round(power_correlation(0.3, 85), 3)
    0.804
    """
    alternative = as_alternative(alternative)
    r_b, n_b, alpha_b = broadcast(
        r=as_real(r, "r", lower=-1.0, upper=1.0),
        n=as_real(n, "n", lower=4, lower_inclusive=True),
        alpha=as_probability(alpha, "alpha"),
    )
    if alternative == "two-sided":
        r_b = np.abs(r_b)
    elif alternative == "smaller":
        r_b = -r_b
    tails = 2.0 if alternative == "two-sided" else 1.0
    df = n_b - 2.0
    t_critical = stats.t.isf(alpha_b / tails, df)
    # The critical r keeps the sign of the critical t: a one-sided test with
    # alpha > 0.5 rejects above a *negative* r. (R's pwr.r.test and
    # pingouin.power_corr take sqrt(t^2 / (t^2 + df)) and lose the sign.)
    r_critical = t_critical / np.sqrt(t_critical**2 + df)
    with np.errstate(divide="ignore"):  # |r_critical| rounds to 1 only at extreme alpha
        z_critical = np.arctanh(r_critical)
    z_true = np.arctanh(r_b) + r_b / (2.0 * (n_b - 1.0))
    spread = np.sqrt(n_b - 3.0)
    power = stats.norm.cdf((z_true - z_critical) * spread)
    if alternative == "two-sided":
        power = power + stats.norm.cdf((-z_true - z_critical) * spread)
    return to_output(power, is_scalar(r, n, alpha))


def n_correlation(
    r: float, power: float = 0.8, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Number of pairs needed to detect a correlation with the requested power.

    Parameters
    ----------
    r : float
        True correlation in (-1, 1), non-zero (sign must match a one-sided
        alternative).
    power : float, optional
        Default 0.8.
    alpha : float, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    float
        Fractional n solving :func:`power_correlation` ``== power``.

    Raises
    ------
    ValueError
        For out-of-range input, or when even n = 4 exceeds the target power.

    Examples
    --------
    >>> round(n_correlation(0.3), 2)
    84.07
    """
    alternative = as_alternative(alternative)
    r_checked = float(as_real(r, "r", lower=-1.0, upper=1.0, allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    if r_checked == 0:
        raise ValueError("r must be non-zero to solve for a sample size, got 0.0")
    _check_direction(r_checked, alternative)

    def gap(n: float) -> float:
        return float(power_correlation(r_checked, n, alpha_checked, alternative)) - power_checked

    if gap(4.0) >= 0:
        raise ValueError(
            f"power {power_checked!r} is already reached with n = 4 pairs for r = {r_checked!r}"
        )
    high = 8.0
    while gap(high) < 0:
        high *= 2.0
    return float(optimize.brentq(gap, 4.0, high, xtol=1e-10, rtol=1e-12))


def mde_correlation(
    n: float, power: float = 0.8, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Minimum detectable correlation for ``n`` pairs.

    Parameters
    ----------
    n : float
        Number of pairs, >= 4.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Default 0.05.
    alternative : {"two-sided", "larger", "smaller"}, optional
        For "smaller" the (negative) correlation is returned.

    Returns
    -------
    float
        The correlation in (0, 1) (negative for "smaller") at which
        :func:`power_correlation` equals ``power`` (R:
        ``pwr.r.test(n = ..., power = ...)``).

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> round(mde_correlation(20), 4)
    0.5822
    """
    alternative = as_alternative(alternative)
    size = float(as_real(n, "n", lower=4, lower_inclusive=True, allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    solve_alternative = "larger" if alternative == "smaller" else alternative

    def gap(r: float) -> float:
        return float(power_correlation(r, size, alpha_checked, solve_alternative)) - power_checked

    top = 1.0 - 1e-15
    if gap(0.0) >= 0:  # the Fisher-z approximation can exceed a power target near alpha
        raise ValueError(
            f"power={power_checked!r} is already reached at r = 0 under the Fisher-z "
            "approximation; ask for a power well above alpha"
        )
    r = float(optimize.brentq(gap, 0.0, top, xtol=1e-14, rtol=1e-14))
    return -r if alternative == "smaller" else r


# ---------------------------------------------------------------------------
# Grids
# ---------------------------------------------------------------------------


def power_grid(
    effect_sizes: ArrayLike,
    ns: ArrayLike,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> np.ndarray:
    """Two-sample t-test power for every (n1, effect size) pair in one call.

    Parameters
    ----------
    effect_sizes : array_like
        1-D sequence of Cohen's d values.
    ns : array_like
        1-D sequence of group-1 sizes, each >= 2.
    alpha : float, optional
        Default 0.05.
    ratio : float, optional
        ``n2 / n1``. Default 1.
    alternative : {"two-sided", "larger", "smaller"}, optional

    Returns
    -------
    numpy.ndarray
        Shape ``(len(ns), len(effect_sizes))``; rows are sample sizes.

    Raises
    ------
    ValueError, TypeError
        As for :func:`power_ttest_ind`, or if an input is not 1-D.

    Examples
    --------
    >>> power_grid([0.5, 0.8], [20, 64]).round(3)
    array([[0.338, 0.693],
           [0.801, 0.994]])
    """
    d = as_real_sequence(effect_sizes, "effect_sizes")
    n = as_real_sequence(ns, "ns")
    if np.any(n < 2):
        raise ValueError(f"ns must all be >= 2, got {float(n.min())!r}")
    as_real(alpha, "alpha", allow_array=False)
    as_real(ratio, "ratio", allow_array=False)
    return np.asarray(
        power_ttest_ind(d[np.newaxis, :], n[:, np.newaxis], ratio, alpha, alternative)
    )


def power_grid_frame(
    effect_sizes: ArrayLike,
    ns: ArrayLike,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> pd.DataFrame:
    """Tidy version of :func:`power_grid`, one row per (n1, effect size).

    Parameters
    ----------
    effect_sizes, ns, alpha, ratio, alternative
        As for :func:`power_grid`.

    Returns
    -------
    pandas.DataFrame
        Columns ``n1``, ``n2``, ``effect_size``, ``power``; rows ordered by
        n1, then effect size as given.

    Raises
    ------
    ValueError, TypeError
        As for :func:`power_grid`.

    Examples
    --------
    >>> power_grid_frame([0.5, 0.8], [20, 64]).shape
    (4, 4)
    """
    grid = power_grid(effect_sizes, ns, alpha, ratio, alternative)
    d = np.asarray(effect_sizes, dtype=float)
    n = np.asarray(ns, dtype=float)
    ratio_value = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))
    return pd.DataFrame(
        {
            "n1": np.repeat(n, d.size),
            "n2": np.repeat(n, d.size) * ratio_value,
            "effect_size": np.tile(d, n.size),
            "power": grid.reshape(-1),
        }
    )


def mde_grid(
    ns: ArrayLike,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> np.ndarray:
    """Minimum detectable Cohen's d for each group size in ``ns``.

    Parameters
    ----------
    ns : array_like
        Group-1 sizes, each >= 2; any shape.
    power : float, optional
        Default 0.8.
    alpha : float, optional
        Default 0.05.
    ratio : float, optional
        ``n2 / n1``. Default 1.
    alternative : {"two-sided", "larger", "smaller"}, optional
        For "smaller" the effects are negative.

    Returns
    -------
    numpy.ndarray
        Same shape as ``ns``.

    Raises
    ------
    ValueError, TypeError
        For out-of-range input.

    Notes
    -----
    Each unique n is solved once with :func:`scipy.optimize.brentq` on
    :func:`power_ttest_ind`; results agree with :func:`mde_ttest_ind`.

    Examples
    --------
    >>> mde_grid([11, 12]).round(2)
    array([1.26, 1.2 ])
    """
    alternative = as_alternative(alternative)
    n = np.atleast_1d(as_real(ns, "ns", lower=2, lower_inclusive=True))
    ratio_checked = float(_check_ratio(as_real(ratio, "ratio", lower=0.0, allow_array=False),
                                       float(n.min())))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = _check_power_target(power, alpha_checked)
    solve_alternative = "larger" if alternative == "smaller" else alternative
    unique_n, inverse = np.unique(n, return_inverse=True)
    effects = np.array([
        _mde(
            # (mypy cannot type a lambda with a default argument)
            lambda d, size=size: float(power_ttest_ind(  # type: ignore[misc]
                d, size, ratio_checked, alpha_checked, solve_alternative)),
            power_checked,
            "effect size",
        )
        for size in unique_n
    ])
    result = effects[inverse.reshape(n.shape)]
    return -result if alternative == "smaller" else result


# ---------------------------------------------------------------------------
# Clustered designs
# ---------------------------------------------------------------------------


def design_effect(cluster_size: ArrayLike, icc: ArrayLike) -> float | np.ndarray:
    """Variance inflation from sampling in clusters (e.g. neurons within animals).

    Parameters
    ----------
    cluster_size : float or array_like
        Average number of observations per cluster, >= 1.
    icc : float or array_like
        Intraclass correlation in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        ``1 + (cluster_size - 1) * icc``.

    Raises
    ------
    ValueError
        If ``cluster_size`` < 1, ``icc`` is outside [0, 1], or shapes clash.

    References
    ----------
    .. [1] Kish, L. (1965). Survey Sampling. Wiley.
    .. [2] Aarts, E., Verhage, M., Veenvliet, J. V., Dolan, C. V., & van der
       Sluis, S. (2014). A solution to dependency: using multilevel analysis
       to accommodate nested data. Nature Neuroscience, 17(4), 491-496.
       https://doi.org/10.1038/nn.3648

    Examples
    --------
    >>> round(design_effect(20, 0.1), 10)
    2.9
    """
    m, rho = broadcast(
        cluster_size=as_real(cluster_size, "cluster_size", lower=1, lower_inclusive=True),
        icc=as_real(icc, "icc", lower=0.0, upper=1.0, lower_inclusive=True,
                    upper_inclusive=True),
    )
    return to_output(1.0 + (m - 1.0) * rho, is_scalar(cluster_size, icc))


def effective_sample_size(n_total: ArrayLike, cluster_size: ArrayLike, icc: ArrayLike) -> float | np.ndarray:
    """Number of independent observations a clustered sample is worth.

    Parameters
    ----------
    n_total : float or array_like
        Total number of observations (e.g. neurons), > 0.
    cluster_size : float or array_like
        Average observations per cluster, >= 1.
    icc : float or array_like
        Intraclass correlation in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        ``n_total / design_effect(cluster_size, icc)``.

    Raises
    ------
    ValueError
        For out-of-range input or clashing shapes.

    Examples
    --------
    >>> round(effective_sample_size(200, 20, 0.1), 2)
    68.97
    """
    n_checked = as_real(n_total, "n_total", lower=0.0)
    broadcast_shape(n_total=n_checked, cluster_size=cluster_size, icc=icc)
    n_b, deff = broadcast(
        n_total=n_checked, design_effect=np.asarray(design_effect(cluster_size, icc))
    )
    return to_output(n_b / deff, is_scalar(n_total, cluster_size, icc))


def false_positive_rate_ignoring_clusters(
    cluster_size: ArrayLike, icc: ArrayLike, alpha: float = 0.05
) -> float | np.ndarray:
    """True false-positive rate of a test that treats clustered observations as independent.

    A test that counts every observation (every neuron, bone or pup) as independent
    divides by a standard error too small by ``sqrt(design_effect)``, so under the null
    hypothesis its z statistic has SD ``sqrt(design_effect)`` instead of 1 and crosses
    the nominal critical value more often than ``alpha``.

    Parameters
    ----------
    cluster_size : float or array_like
        Average observations per cluster (animal, litter), >= 1.
    icc : float or array_like
        Intraclass correlation in [0, 1].
    alpha : float, optional
        The nominal two-sided significance level, in (0, 1). Default 0.05.

    Returns
    -------
    float or numpy.ndarray
        ``2 * (1 - Phi(z_{alpha/2} / sqrt(design_effect)))`` (normal approximation); equal
        to ``alpha`` when ``icc`` is 0 or clusters hold one observation.

    Raises
    ------
    ValueError
        For out-of-range input or clashing shapes.

    References
    ----------
    .. [1] Aarts, E., Verhage, M., Veenvliet, J. V., Dolan, C. V., & van der Sluis, S.
       (2014). A solution to dependency: using multilevel analysis to accommodate nested
       data. Nature Neuroscience, 17(4), 491-496. https://doi.org/10.1038/nn.3648

    Examples
    --------
    >>> round(false_positive_rate_ignoring_clusters(10, 0.1), 3)
    0.155
    >>> round(false_positive_rate_ignoring_clusters(10, 0.0), 12)
    0.05
    """
    deff = np.asarray(design_effect(cluster_size, icc))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    critical = stats.norm.isf(alpha_checked / 2)
    rate = 2 * stats.norm.sf(critical / np.sqrt(deff))
    return to_output(rate, is_scalar(cluster_size, icc))


def clusters_needed(n_independent: float, cluster_size: float, icc: float) -> int:
    """Clusters (e.g. animals) whose observations are worth ``n_independent`` independent ones.

    Parameters
    ----------
    n_independent : float
        Independent observations needed (e.g. from :func:`n_two_proportions`), > 0.
    cluster_size : float
        Observations taken from each cluster, >= 1.
    icc : float
        Intraclass correlation in [0, 1].

    Returns
    -------
    int
        ``ceil(n_independent * design_effect / cluster_size)``: the inverse of
        :func:`effective_sample_size`, rounded up to whole clusters.

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        For out-of-range input.

    Examples
    --------
    >>> clusters_needed(100, 20, 0.1)  # 100 * 2.9 / 20 = 14.5
    15
    """
    n_checked = float(as_real(n_independent, "n_independent", lower=0.0, allow_array=False))
    m = float(as_real(cluster_size, "cluster_size", lower=1, lower_inclusive=True,
                      allow_array=False))
    deff = float(design_effect(m, as_real(icc, "icc", allow_array=False)))
    return int(np.ceil(n_checked * deff / m))


def n_per_group_interaction(
    effect_size: float, removed: float = 1.0, power: float = 0.8, alpha: float = 0.05
) -> int:
    """Units in each group of a 2 x 2 design to show that one factor removes another's effect.

    The claim "B removes the effect of A" (a circuit silenced, a sex that does not respond)
    is tested by the interaction contrast, a difference of two differences. With ``n`` per
    group its variance is twice that of one two-group difference, so a two-group t test
    on ``removed * effect_size / sqrt(2)`` has the same noncentrality: the group size
    follows from :func:`n_per_group_ttest_ind`. It is slightly conservative, because the
    four-group analysis has more degrees of freedom.

    Parameters
    ----------
    effect_size : float
        Cohen's d of A where B is absent, non-zero.
    removed : float, optional
        Share of that effect that B removes, in (0, 1]. Default 1 (all of it).
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.

    Returns
    -------
    int
        Units per group; the design has four groups.

    Raises
    ------
    ValueError, TypeError
        As for :func:`n_per_group_ttest_ind`, or if ``removed`` is outside (0, 1].

    Examples
    --------
    >>> n_per_group_ttest_ind(1.0), n_per_group_interaction(1.0)
    (17, 33)
    """
    d = float(as_real(effect_size, "effect_size", allow_array=False))
    share = float(as_real(removed, "removed", lower=0.0, upper=1.0, upper_inclusive=True,
                          allow_array=False))
    return n_per_group_ttest_ind(share * d / np.sqrt(2), power=power, alpha=alpha)


def min_detectable_reduction(
    n_per_group: int, cv: float, power: float = 0.8, alpha: float = 0.05, *, scale: str = "raw"
) -> float:
    """Smallest percent reduction a two-group t test detects with the given power.

    Translates :func:`mde_ttest_ind` from standardized units into a percent reduction
    under the model of :func:`exneuro.effect_size.d_from_percent_change`: the
    control mean is 1, the treated mean ``1 - x``, and both groups share the coefficient
    of variation ``cv``. On the raw scale (default) the t test compares the raw means and
    Cohen's d for a reduction ``x`` is ``x / (cv * sqrt((1 + (1 - x)^2) / 2))``; on the
    log scale it compares the mean logs and ``d = -ln(1 - x) / sqrt(ln(1 + cv^2))``.

    Parameters
    ----------
    n_per_group : int
        Experimental units per group, >= 2.
    cv : float
        Assumed coefficient of variation (SD / mean) in each group, > 0.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.
    scale : {"raw", "log"}, optional
        The t test on the raw values (default) or on their logarithms.

    Returns
    -------
    float
        The reduction in percent (e.g. 62.5 for a 62.5 % drop). On the raw scale ``nan``
        when even a complete loss (a 100 % reduction, d = sqrt(2) / cv) falls short of the
        target power: no reduction is detectable with that power. On the log scale a
        reduction close enough to 100 % is always detectable, and the result is below 100.

    Raises
    ------
    ValueError, TypeError
        If an argument is out of range or of the wrong type (the argument is named).

    Examples
    --------
    >>> round(min_detectable_reduction(10, 0.3), 1)
    33.7
    >>> round(min_detectable_reduction(10, 0.3, scale="log"), 1)
    32.2
    """
    n = as_int(n_per_group, "n_per_group", minimum=2)
    cv_checked = float(as_real(cv, "cv", lower=0.0, allow_array=False))
    scale = as_choice(scale, "scale", ("raw", "log"))
    mde = mde_ttest_ind(n, power=power, alpha=alpha)
    if scale == "log":
        # d = -ln(1 - x) / sd_log solved for x
        return -100.0 * math.expm1(-mde * math.sqrt(math.log1p(cv_checked**2)))
    largest_d = math.sqrt(2.0) / cv_checked
    if mde >= largest_d:
        return math.nan

    def gap(fraction: float) -> float:
        # d of a reduction by `fraction`; a complete loss has the limit sqrt(2) / cv
        d = largest_d if fraction >= 1.0 else -float(d_from_percent_change(-100.0 * fraction, cv_checked))
        return d - mde

    fraction = optimize.brentq(gap, 0.0, 1.0, xtol=1e-12)
    return 100.0 * fraction


# ---------------------------------------------------------------------------
# Solving for alpha; G*Power's compromise analysis
# ---------------------------------------------------------------------------

_ALPHA_FUNCTIONS: tuple[Callable[..., Any], ...] = ()  # filled in below

# alpha is searched on the logit scale between these bounds
_LOGIT_LOW, _LOGIT_HIGH = -27.6, 27.6  # alpha from about 1e-12 to 1 - 1e-12


def _power_at_alpha(power_function: Callable[..., float | np.ndarray],
                    design: dict[str, float | str]) -> Callable[[float], float]:
    """A scalar function alpha -> power for one of this module's power functions."""
    if not callable(power_function) or power_function not in _ALPHA_FUNCTIONS:
        names = ", ".join(function.__name__ for function in _ALPHA_FUNCTIONS)
        raise TypeError(f"power_function must be one of exneuro.power's functions {names}, "
                        f"got {getattr(power_function, '__name__', repr(power_function))}")
    if "alpha" in design:
        raise TypeError("alpha is the unknown being solved for; do not pass alpha")
    probe = power_function(alpha=0.05, **design)  # validates the design, naming arguments
    if not isinstance(probe, float):
        raise TypeError("the design arguments must be scalars to solve for alpha, got "
                        f"an array of shape {np.shape(probe)}")

    def power_at(alpha: float) -> float:
        return float(power_function(alpha=alpha, **design))

    return power_at


def _alpha(logit: float) -> float:
    return float(special.expit(logit))


def alpha_for_power(power_function: Callable[..., float | np.ndarray], power: float = 0.8,
                    **design: float | str) -> float:
    """Significance level at which a design has the requested power.

    Parameters
    ----------
    power_function : callable
        One of this module's power functions: :func:`power_ttest_ind`,
        :func:`power_ttest_1samp`, :func:`power_ztest`,
        :func:`power_two_proportions`, :func:`power_correlation`,
        :func:`power_anova`, :func:`power_rm_anova` or :func:`power_chi2`.
    power : float, optional
        Target power in (0, 1). Default 0.8.
    **design
        Every other argument of ``power_function`` (scalars), by name; not
        ``alpha``.

    Returns
    -------
    float
        The alpha in (0, 1) with ``power_function(alpha=alpha, **design) ==
        power`` (R ``pwr``: ``sig.level = NULL``; pingouin: ``alpha=None``).

    Raises
    ------
    TypeError
        If ``power_function`` is not one of the functions above, ``alpha`` is
        passed, or a design argument is an array; errors of
        ``power_function`` itself name the offending design argument.
    ValueError
        If ``power`` is outside (0, 1) or no alpha in about (1e-12, 1 - 1e-12)
        gives it.

    Notes
    -----
    Power rises monotonically with alpha, from 0 to 1; the root is found
    with :func:`scipy.optimize.brentq` on the logit of alpha.

    Validated against: ``pingouin`` (``alpha=None``) for the t, correlation,
    ANOVA, repeated-measures and chi-square tests, and round trips from the
    R ``pwr`` powers frozen in statsmodels' tests.

    Examples
    --------
    >>> round(alpha_for_power(power_ttest_ind, 0.8, effect_size=0.5, n1=20), 4)
    0.443
    """
    target = float(as_probability(power, "power", allow_array=False))
    power_at = _power_at_alpha(power_function, design)

    def gap(logit: float) -> float:
        return power_at(_alpha(logit)) - target

    low, high = gap(_LOGIT_LOW), gap(_LOGIT_HIGH)
    if low > 0:
        raise ValueError(f"power={target!r} is exceeded at every alpha above "
                         f"{_alpha(_LOGIT_LOW):.1e}; the design has more power than asked for")
    if high < 0:
        raise ValueError(f"power={target!r} is not reached even at alpha = "
                         f"1 - {1 - _alpha(_LOGIT_HIGH):.1e}")
    return _alpha(optimize.brentq(gap, _LOGIT_LOW, _LOGIT_HIGH, xtol=1e-12, rtol=1e-14))


@dataclass(frozen=True)
class CompromiseResult:
    """Alpha and beta balanced at a chosen ratio (G*Power's compromise analysis).

    Attributes
    ----------
    alpha : float
        Significance level (Type I error rate).
    beta : float
        Type II error rate, ``1 - power``.
    power : float
    beta_alpha_ratio : float
        ``beta / alpha``, as requested.
    """

    alpha: float
    beta: float
    power: float
    beta_alpha_ratio: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def compromise_analysis(power_function: Callable[..., float | np.ndarray], beta_alpha_ratio: float = 1.0,
                        **design: float | str) -> CompromiseResult:
    """Alpha and power of a fixed design when beta / alpha is fixed (compromise analysis).

    When the sample size cannot change, G*Power's compromise analysis picks
    the significance level so that the two error rates stand in a chosen
    ratio ``q = beta / alpha`` (q = 1: both errors equally bad; q = 4: a
    false positive is four times worse than a miss, as alpha 0.05 with power
    0.80 implies).

    Parameters
    ----------
    power_function : callable
        One of the power functions accepted by :func:`alpha_for_power`.
    beta_alpha_ratio : float, optional
        ``q = beta / alpha``, > 0. Default 1.
    **design
        Every other argument of ``power_function`` (scalars), by name; not
        ``alpha``.

    Returns
    -------
    CompromiseResult

    Raises
    ------
    TypeError, ValueError
        As for :func:`alpha_for_power`; ValueError also if ``beta_alpha_ratio``
        <= 0 or cannot be met by an alpha in about (1e-12, 1 - 1e-12).

    Notes
    -----
    ``beta(alpha) / alpha`` falls monotonically from infinity to 0 as alpha
    goes from 0 to 1, so the root is unique; it is found with
    :func:`scipy.optimize.brentq` on the logit of alpha.

    Validated against: the G*Power manual's compromise example for a one-way
    ANOVA (f = 0.25, total N = 200, 10 groups, q = 1: alpha = 0.1592, power
    0.8408), as frozen in statsmodels' tests.

    References
    ----------
    .. [1] Faul, F., Erdfelder, E., Lang, A.-G., & Buchner, A. (2007). G*Power 3:
       A flexible statistical power analysis program for the social, behavioral,
       and biomedical sciences. Behavior Research Methods, 39(2), 175-191.
       https://doi.org/10.3758/BF03193146

    Examples
    --------
    >>> res = compromise_analysis(power_anova, 1.0, f=0.25, n_per_group=20, k_groups=10)
    >>> round(res.alpha, 4), round(res.power, 4)
    (0.1592, 0.8408)
    """
    q = float(as_real(beta_alpha_ratio, "beta_alpha_ratio", lower=0.0, allow_array=False))
    power_at = _power_at_alpha(power_function, design)
    log_q = math.log(q)

    def gap(logit: float) -> float:
        alpha = _alpha(logit)
        beta = max(1.0 - power_at(alpha), 1e-300)
        return math.log(beta) - math.log(alpha) - log_q

    if not gap(_LOGIT_LOW) > 0 > gap(_LOGIT_HIGH):
        raise ValueError(f"beta_alpha_ratio={q!r} cannot be met with alpha between "
                         f"{_alpha(_LOGIT_LOW):.1e} and 1 - {1 - _alpha(_LOGIT_HIGH):.1e}")
    alpha = _alpha(optimize.brentq(gap, _LOGIT_LOW, _LOGIT_HIGH, xtol=1e-12, rtol=1e-14))
    achieved = power_at(alpha)
    return CompromiseResult(alpha=alpha, beta=1.0 - achieved, power=achieved,
                            beta_alpha_ratio=q)


_ALPHA_FUNCTIONS = (power_ttest_ind, power_ttest_1samp, power_ztest, power_two_proportions,
                    power_correlation, power_anova, power_rm_anova, power_chi2)
