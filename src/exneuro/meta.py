"""Reading and planning from published meta-analytic effects.

A meta-analysis usually prints one line per outcome: a pooled standardized
effect, a 95 % interval, sometimes only a p-value. This module turns such a
line into the quantities a reader needs to judge it and a trialist needs to
plan from it:

* the standard error implied by an interval or by a two-sided p-value, and
  the p-value implied by an interval (a consistency check on what was
  printed);
* the bound of the interval nearest to zero, the *pessimistic* scenario for
  planning, and the group size a new two-arm trial would need at the point
  estimate and at that bound;
* the power a trial sized for an earlier, larger estimate would have if a
  later, smaller estimate were true, and the proportional shrinkage between
  two estimates of the same effect;
* a paired (within-person) standardized change with its exact interval, the
  SD implied by the standard error of a between-group difference, and the
  residual SD implied by the standard error of a regression slope;
* the between-study spread (tau) implied by a published prediction interval,
  and the power of a new study averaged over that spread of true effects.

All helpers are scalar and pure; :func:`planning_table` applies them to the
rows of a data frame. Effects are signed: a negative estimate (for example
fewer depressive symptoms) is planned from its magnitude. The standard error
implied by an interval is :func:`exneuro.reexpress.ci_to_se`, the group size
for a standardized effect :func:`exneuro.power.n_per_group_ttest_ind` and the
exact interval of a noncentral t :func:`exneuro.effect_size.noncentrality_interval`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from exneuro import power as _power
from exneuro._validate import as_bool, as_int, as_level, as_probability, as_real
from exneuro.effect_size import mean_difference_se, noncentrality_interval
from exneuro.reexpress import ci_to_se

__all__ = [
    "PairedEffect",
    "PlanningScenario",
    "align_direction",
    "ci_asymmetry",
    "ci_from_p",
    "expected_power",
    "paired_effect",
    "pessimistic_bound",
    "planning_scenarios",
    "planning_table",
    "power_if_true_effect",
    "p_from_ci",
    "residual_sd_from_slope_se",
    "sd_from_se_of_difference",
    "se_from_p",
    "shrinkage",
    "tau_from_prediction_interval",
]


def _scalar(value: float, name: str, **rules: Any) -> float:
    return float(as_real(value, name, allow_array=False, **rules))


def _interval(low: float, high: float) -> tuple[float, float]:
    low_checked = _scalar(low, "low")
    high_checked = _scalar(high, "high")
    if not high_checked > low_checked:
        raise ValueError(
            f"high must be greater than low, got low={low_checked!r} and high={high_checked!r}"
        )
    return low_checked, high_checked


def _z(level: float) -> float:
    return float(stats.norm.isf((1.0 - level) / 2.0))


# ---------------------------------------------------------------------------
# Standard errors, intervals and p-values
# ---------------------------------------------------------------------------


def se_from_p(estimate: float, p: float) -> float:
    """Standard error implied by an estimate and its two-sided p-value.

    Parameters
    ----------
    estimate : float
        Point estimate, non-zero.
    p : float
        Two-sided p-value of the test of ``estimate == 0``, in (0, 1).

    Returns
    -------
    float
        ``|estimate| / z`` with ``z = Phi^-1(1 - p / 2)``.

    Raises
    ------
    ValueError
        If ``estimate`` is 0 or ``p`` is outside (0, 1).
    TypeError
        If an argument is not a real scalar.

    Notes
    -----
    Assumes a Wald (normal) test, as in most random-effects meta-analyses.
    A printed p-value is rounded ("p = 0.005" covers 0.0045 to 0.0055), so
    the standard error is approximate; evaluate both ends of the rounding
    interval to see how much.

    References
    ----------
    .. [1] Altman, D. G., & Bland, J. M. (2011). How to obtain the confidence
       interval from a P value. BMJ, 343, d2090.

    Examples
    --------
    >>> round(se_from_p(1.959963984540054, 0.05), 12)
    1.0
    """
    estimate_checked = _scalar(estimate, "estimate")
    if estimate_checked == 0:
        raise ValueError("estimate must be non-zero to infer a standard error from p, got 0.0")
    p_checked = float(as_probability(p, "p", allow_array=False))
    return abs(estimate_checked) / float(stats.norm.isf(p_checked / 2.0))


def ci_from_p(estimate: float, p: float, level: float = 0.95) -> tuple[float, float]:
    """Normal-theory interval reconstructed from an estimate and its p-value.

    Parameters
    ----------
    estimate : float
        Point estimate, non-zero.
    p : float
        Two-sided p-value, in (0, 1).
    level : float, optional
        Interval level in (0, 1). Default 0.95.

    Returns
    -------
    low, high : float

    Raises
    ------
    ValueError, TypeError
        As for :func:`se_from_p`, or if ``level`` is outside (0, 1).

    Examples
    --------
    >>> low, high = ci_from_p(1.959963984540054, 0.05)
    >>> round(low, 6), round(high, 6)
    (0.0, 3.919928)
    """
    se = se_from_p(estimate, p)
    half_width = _z(as_level(level)) * se
    centre = float(estimate)
    return centre - half_width, centre + half_width


def p_from_ci(estimate: float, low: float, high: float, level: float = 0.95) -> float:
    """Two-sided p-value implied by an estimate and its interval.

    Parameters
    ----------
    estimate : float
        Point estimate.
    low, high : float
        Interval limits, ``high > low``.
    level : float, optional
        Interval level in (0, 1). Default 0.95.

    Returns
    -------
    float
        ``2 (1 - Phi(|estimate| / SE))`` with SE from
        :func:`exneuro.reexpress.ci_to_se`.

    Raises
    ------
    ValueError
        If ``high <= low``, a value is not finite, or ``level`` is outside (0, 1).
    TypeError
        If an argument is not a real scalar.

    References
    ----------
    .. [1] Altman, D. G., & Bland, J. M. (2011). How to obtain the P value
       from a confidence interval. BMJ, 343, d2304.

    Examples
    --------
    >>> round(p_from_ci(1.959963984540054, 0.0, 3.919927969080108), 12)
    0.05
    """
    estimate_checked = _scalar(estimate, "estimate")
    low_checked, high_checked = _interval(low, high)
    se = float(ci_to_se(low_checked, high_checked, level=as_level(level)))
    return float(2.0 * stats.norm.sf(abs(estimate_checked) / se))


def ci_asymmetry(estimate: float, low: float, high: float) -> float:
    """How far an estimate sits from the middle of its interval.

    Parameters
    ----------
    estimate : float
        Point estimate.
    low, high : float
        Interval limits, ``high > low``.

    Returns
    -------
    float
        ``(midpoint - estimate) / half-width``: 0 for a symmetric interval,
        +-1 when the estimate sits on a limit, beyond +-1 when it lies
        outside its own interval.

    Raises
    ------
    ValueError
        If ``high <= low`` or a value is not finite.
    TypeError
        If an argument is not a real scalar.

    Examples
    --------
    >>> ci_asymmetry(0.5, 0.0, 1.0)
    0.0
    >>> round(ci_asymmetry(-0.51, -0.91, 0.11), 3)
    0.216
    """
    estimate_checked = _scalar(estimate, "estimate")
    low_checked, high_checked = _interval(low, high)
    half_width = (high_checked - low_checked) / 2.0
    value = ((low_checked + high_checked) / 2.0 - estimate_checked) / half_width
    return round(value, 12)


def pessimistic_bound(estimate: float, low: float, high: float) -> float:
    """The interval limit nearest to zero, on the side of the estimate.

    Parameters
    ----------
    estimate : float
        Point estimate, non-zero.
    low, high : float
        Interval limits with ``low <= estimate <= high``.

    Returns
    -------
    float
        ``low`` for a positive estimate, ``high`` for a negative one, or
        ``nan`` when the interval includes zero (no effect remains
        compatible with the data, so no planning scenario exists).

    Raises
    ------
    ValueError
        If ``estimate`` is 0 or lies outside ``[low, high]``.
    TypeError
        If an argument is not a real scalar.

    Examples
    --------
    >>> pessimistic_bound(0.39, 0.17, 0.60)
    0.17
    >>> pessimistic_bound(-0.62, -0.80, -0.45)
    -0.45
    """
    estimate_checked = _scalar(estimate, "estimate")
    low_checked, high_checked = _interval(low, high)
    if estimate_checked == 0:
        raise ValueError("estimate must be non-zero to have a side, got 0.0")
    if not low_checked <= estimate_checked <= high_checked:
        raise ValueError(
            f"estimate must lie inside [low, high], got {estimate_checked!r} "
            f"outside [{low_checked!r}, {high_checked!r}]"
        )
    if low_checked <= 0.0 <= high_checked:
        return math.nan
    return low_checked if estimate_checked > 0 else high_checked


def align_direction(estimate: float, low: float | None = None, high: float | None = None, *,
                    flip: bool) -> tuple[float, float, float]:
    """Put an effect on a common "benefit is positive" scale.

    Parameters
    ----------
    estimate : float
        Point estimate as published.
    low, high : float or None, optional
        Interval limits as published (``None`` or NaN when not reported).
    flip : bool
        Whether the published sign convention is the opposite of the
        common one (for example Hedges' g < 0 meaning fewer symptoms).

    Returns
    -------
    estimate, low, high : float
        Sign-flipped (and limits swapped) if ``flip``; missing limits come
        back as NaN.

    Raises
    ------
    TypeError
        If ``flip`` is not a bool or a number is not real.
    ValueError
        If a value is not finite or the limits are reversed.

    Examples
    --------
    >>> align_direction(-0.62, -0.80, -0.45, flip=True)
    (0.62, 0.45, 0.8)
    """
    flip = as_bool(flip, "flip")
    estimate_checked = _scalar(estimate, "estimate")
    if low is None or high is None or any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        low_checked = high_checked = math.nan
    else:
        low_checked, high_checked = _interval(low, high)
    if not flip:
        return estimate_checked, low_checked, high_checked
    return -estimate_checked, -high_checked, -low_checked


def shrinkage(earlier: float, later: float) -> float:
    """Proportional shrinkage of an effect between two estimates.

    Parameters
    ----------
    earlier : float
        The first (usually larger) estimate, non-zero.
    later : float
        A later estimate of the same effect, same sign as ``earlier``.

    Returns
    -------
    float
        ``1 - later / earlier``: 0.44 means the later estimate is 44 % smaller.

    Raises
    ------
    ValueError
        If ``earlier`` is 0 or the two estimates have opposite signs.
    TypeError
        If an argument is not a real scalar.

    Examples
    --------
    >>> round(shrinkage(1.10, 0.62), 3)
    0.436
    """
    earlier_checked = _scalar(earlier, "earlier")
    later_checked = _scalar(later, "later")
    if earlier_checked == 0:
        raise ValueError("earlier must be non-zero, got 0.0")
    if later_checked * earlier_checked < 0:
        raise ValueError(
            f"later must have the same sign as earlier, got earlier={earlier_checked!r} "
            f"and later={later_checked!r}"
        )
    return 1.0 - later_checked / earlier_checked


# ---------------------------------------------------------------------------
# Planning a new trial from a published effect
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningScenario:
    """Group sizes a new trial needs if a published effect is taken at face value.

    Attributes
    ----------
    estimate : float
        The published point estimate.
    bound : float
        The interval limit nearest to zero (:func:`pessimistic_bound`); NaN
        when no interval was reported or it includes zero.
    n_at_estimate : int
        Participants per arm to detect the point estimate.
    n_at_bound : int or None
        Participants per arm to detect ``bound``; None when there is no bound.
    """

    estimate: float
    bound: float
    n_at_estimate: int
    n_at_bound: int | None

    @property
    def ratio(self) -> float:
        """How many times more participants the pessimistic scenario needs."""
        if self.n_at_bound is None:
            return math.nan
        return self.n_at_bound / self.n_at_estimate

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a plain dict (for a data-frame row)."""
        return {**asdict(self), "ratio": self.ratio}


def planning_scenarios(estimate: float, low: float | None = None, high: float | None = None,
                       power: float = 0.8, alpha: float = 0.05) -> PlanningScenario:
    """Group size at the point estimate and at the pessimistic interval limit.

    Parameters
    ----------
    estimate : float
        Published standardized effect, non-zero.
    low, high : float or None, optional
        Its interval; ``None`` or NaN if not reported.
    power : float, optional
        Target power. Default 0.8.
    alpha : float, optional
        Two-sided significance level. Default 0.05.

    Returns
    -------
    PlanningScenario

    Raises
    ------
    ValueError, TypeError
        As for :func:`exneuro.power.n_per_group_ttest_ind` and :func:`pessimistic_bound`.

    Examples
    --------
    >>> s = planning_scenarios(0.39, 0.17, 0.60)
    >>> s.n_at_estimate, s.n_at_bound
    (105, 545)
    """
    estimate_checked = _scalar(estimate, "estimate")
    if estimate_checked == 0:
        raise ValueError("estimate must be non-zero to size a trial, got 0.0")
    n_estimate = _power.n_per_group_ttest_ind(estimate_checked, power=power, alpha=alpha)
    if low is None or high is None or any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        bound = math.nan
    else:
        bound = pessimistic_bound(estimate_checked, low, high)
    n_bound = (None if math.isnan(bound)
               else _power.n_per_group_ttest_ind(bound, power=power, alpha=alpha))
    return PlanningScenario(estimate_checked, bound, n_estimate, n_bound)


def planning_table(frame: pd.DataFrame, *, estimate: str = "estimate", low: str = "ci_low",
                   high: str = "ci_high", power: float = 0.8,
                   alpha: float = 0.05) -> pd.DataFrame:
    """Apply :func:`planning_scenarios` to every row of a table of effects.

    Parameters
    ----------
    frame : pandas.DataFrame
        One effect per row, with numeric columns ``estimate``, ``low`` and
        ``high`` (limits may be missing).
    estimate, low, high : str, optional
        Column names. Defaults match ``data/literature_effects.csv``.
    power, alpha : float, optional
        Passed to :func:`planning_scenarios`.

    Returns
    -------
    pandas.DataFrame
        The index of ``frame`` with columns ``bound``, ``n_at_estimate``,
        ``n_at_bound`` (nullable integers) and ``ratio``.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame or a column argument is not a string.
    ValueError
        If ``frame`` is empty, a column argument names no column of ``frame``, or a row
        fails :func:`planning_scenarios`.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError("frame must have at least one row")
    for name, column in (("estimate", estimate), ("low", low), ("high", high)):
        if not isinstance(column, str):
            raise TypeError(f"{name} must be a column name (str), got {type(column).__name__}")
        if column not in frame.columns:
            raise ValueError(f"{name}={column!r} is not a column of frame; it has "
                             f"{list(frame.columns)}")
    rows = []
    for _, row in frame.iterrows():
        lo = row[low]
        hi = row[high]
        scenario = planning_scenarios(
            float(row[estimate]),
            None if pd.isna(lo) else float(lo),
            None if pd.isna(hi) else float(hi),
            power=power, alpha=alpha,
        )
        rows.append(scenario.to_dict())
    out = pd.DataFrame(rows, index=frame.index).drop(columns="estimate")
    out["n_at_estimate"] = out["n_at_estimate"].astype("Int64")
    out["n_at_bound"] = pd.array(
        [None if pd.isna(v) else int(v) for v in out["n_at_bound"]], dtype="Int64"
    )
    return out


def power_if_true_effect(true_effect: float, planned_effect: float, power: float = 0.8,
                         alpha: float = 0.05) -> float:
    """Power of a trial sized for ``planned_effect`` when ``true_effect`` holds.

    Parameters
    ----------
    true_effect : float
        The standardized effect assumed to be true (sign ignored).
    planned_effect : float
        The effect the trial was sized for (sign ignored), non-zero.
    power : float, optional
        Power the trial was planned to have. Default 0.8.
    alpha : float, optional
        Two-sided significance level. Default 0.05.

    Returns
    -------
    float
        Power of the two-sample t test with
        ``exneuro.power.n_per_group_ttest_ind(planned_effect)`` per arm at
        ``true_effect``.

    Raises
    ------
    ValueError, TypeError
        As for :func:`exneuro.power.n_per_group_ttest_ind`.

    Examples
    --------
    >>> round(power_if_true_effect(0.5, 0.5), 2)
    0.8
    """
    true_checked = _scalar(true_effect, "true_effect")
    planned = _scalar(planned_effect, "planned_effect")
    if planned == 0:
        raise ValueError("planned_effect must be non-zero to size a trial, got 0.0")
    n = _power.n_per_group_ttest_ind(planned, power=power, alpha=alpha)
    return float(_power.power_ttest_ind(abs(true_checked), n, alpha=alpha))


# ---------------------------------------------------------------------------
# Primary-study summaries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PairedEffect:
    """A within-person standardized change d_z with its exact interval.

    Attributes
    ----------
    d_z : float
        Mean change divided by the SD of the changes.
    low, high : float
        Confidence limits from the noncentral t distribution.
    level : float
        Interval level.
    n : int
        Number of people (pairs).
    """

    d_z: float
    low: float
    high: float
    level: float
    n: int


def paired_effect(mean_change: float, sd_change: float, n: int, level: float = 0.95) -> PairedEffect:
    """Standardized within-person change and its exact confidence interval.

    Parameters
    ----------
    mean_change : float
        Mean of the individual changes (after minus before).
    sd_change : float
        SD of the individual changes, > 0.
    n : int
        Number of people, >= 2.
    level : float, optional
        Interval level in (0, 1). Default 0.95.

    Returns
    -------
    PairedEffect

    Raises
    ------
    ValueError
        If ``sd_change`` <= 0, ``n`` < 2 or not an integer, or ``level`` is
        outside (0, 1).
    TypeError
        If an argument is not a real scalar.

    Notes
    -----
    ``d_z = mean_change / sd_change``. Its interval inverts the noncentral t
    of ``t = d_z sqrt(n)`` with ``n - 1`` df. d_z is not on the scale of a
    between-group SMD: it divides by the SD of changes, which is small when
    repeated measurements within a person agree.

    References
    ----------
    .. [1] Lakens, D. (2013). Calculating and reporting effect sizes to
       facilitate cumulative science. Frontiers in Psychology, 4, 863.

    Examples
    --------
    >>> round(paired_effect(12.7, 4.4, 17).d_z, 3)
    2.886
    """
    mean_checked = _scalar(mean_change, "mean_change")
    sd_checked = _scalar(sd_change, "sd_change", lower=0.0)
    n_checked = as_int(n, "n", minimum=2)
    level_checked = as_level(level)
    d_z = mean_checked / sd_checked
    root_n = math.sqrt(n_checked)
    ncp_low, ncp_high = noncentrality_interval(d_z * root_n, n_checked - 1, level_checked)
    return PairedEffect(d_z, ncp_low / root_n, ncp_high / root_n, level_checked, n_checked)


def sd_from_se_of_difference(se: float, n1: int, n2: int) -> float:
    """Common within-group SD implied by the standard error of a difference in means.

    Parameters
    ----------
    se : float
        Standard error of the between-group difference, > 0.
    n1, n2 : int
        Group sizes, >= 2.

    Returns
    -------
    float
        ``se / sqrt(1 / n1 + 1 / n2)``, the inverse of
        :func:`exneuro.effect_size.mean_difference_se`.

    Raises
    ------
    ValueError
        If ``se`` <= 0 or a group size is not an integer >= 2.
    TypeError
        If an argument is not a real scalar.

    Notes
    -----
    When the difference comes from an adjusted model (ANCOVA), the result
    is the residual SD after adjustment, and a d built on it is larger than
    one built on the raw SD.

    Examples
    --------
    >>> round(sd_from_se_of_difference(1.0, 50, 50), 4)
    5.0
    """
    se_checked = _scalar(se, "se", lower=0.0)
    k1 = as_int(n1, "n1", minimum=2)
    k2 = as_int(n2, "n2", minimum=2)
    return se_checked / float(mean_difference_se(k1, k2))


def residual_sd_from_slope_se(se: float, sd_x: float, n: int, r2_x: float = 0.0) -> float:
    """Residual SD of a linear regression implied by the standard error of one slope.

    A paper that prints a regression slope with its standard error (or an interval)
    but no residual SD still fixes that SD once the spread of the predictor is known:
    the slope's standard error is the residual SD divided by the predictor's spread
    and by the square root of the sample size.

    Parameters
    ----------
    se : float
        Standard error of the slope, > 0 (in outcome units per predictor unit).
    sd_x : float
        Sample standard deviation of the predictor (``ddof = 1``), > 0. Usually not
        printed: a labelled assumption with a range.
    n : int
        Number of observations in the regression, >= 3.
    r2_x : float, optional
        R-squared of the predictor regressed on the model's other predictors, in
        [0, 1). Default 0: the predictor is uncorrelated with the others (for
        example, age balanced between two groups).

    Returns
    -------
    float
        ``se * sd_x * sqrt(n - 1) * sqrt(1 - r2_x)``, in outcome units.

    Raises
    ------
    ValueError
        If ``se`` or ``sd_x`` is not a finite number > 0, ``n`` is not an integer
        >= 3, or ``r2_x`` is outside [0, 1).
    TypeError
        If an argument is not a real scalar.

    Notes
    -----
    In ordinary least squares the standard error of slope j is

    .. math:: \\operatorname{SE}(b_j) = \\frac{s}{\\sqrt{(n - 1)\\, s_x^2\\, (1 - R_j^2)}}

    where ``s`` is the residual SD, ``s_x`` the predictor's SD and ``R_j^2`` the
    R-squared of the predictor on the other predictors (the variance-inflation
    factor is ``1 / (1 - R_j^2)``). Solving for ``s`` gives the result. The
    relation is exact for the fitted model; the uncertainty of the answer comes
    from ``sd_x`` and ``r2_x`` when they are assumed and from the rounding of the
    printed standard error.

    Validated against: the residual SD and slope standard error of
    ``statsmodels`` OLS fits of simulated data, with one and with two correlated
    predictors (``tests/unit/test_meta.py``).

    Examples
    --------
    A slope printed with the 95 % interval -0.83 to -0.69 (SE about 0.036) from
    307 people whose predictor has an SD of 17.6:

    >>> round(residual_sd_from_slope_se(0.0357, 17.6, 307), 1)
    11.0
    """
    se_checked = _scalar(se, "se", lower=0.0)
    sd_checked = _scalar(sd_x, "sd_x", lower=0.0)
    n_checked = as_int(n, "n", minimum=3)
    r2_checked = _scalar(r2_x, "r2_x", lower=0.0, upper=1.0, lower_inclusive=True)
    return se_checked * sd_checked * math.sqrt(n_checked - 1) * math.sqrt(1.0 - r2_checked)


# ---------------------------------------------------------------------------
# Heterogeneity: prediction intervals and expected power
# ---------------------------------------------------------------------------


def tau_from_prediction_interval(
    estimate: float, ci_low: float, ci_high: float, pi_low: float, pi_high: float, k: int,
    level: float = 0.95,
) -> float:
    """Between-study standard deviation (tau) implied by a published prediction interval.

    A random-effects prediction interval is
    ``estimate ± t(level; k - 2) * sqrt(tau^2 + se^2)`` (Higgins, Thompson &
    Spiegelhalter 2009), where ``se`` is the standard error of the pooled estimate,
    recovered from its confidence interval (:func:`exneuro.reexpress.ci_to_se`).
    Solving for tau gives a check on a reported tau^2.

    Parameters
    ----------
    estimate : float
        Pooled estimate.
    ci_low, ci_high : float
        Its confidence interval at ``level``; ``ci_low < estimate < ci_high``.
    pi_low, pi_high : float
        The prediction interval at ``level``; it must contain the confidence interval.
    k : int
        Number of effects pooled, >= 3.
    level : float, optional
        Level of both intervals, in (0, 1). Default 0.95.

    Returns
    -------
    float
        tau, on the scale of the estimate.

    Raises
    ------
    ValueError
        If the intervals are not ordered as described or ``k`` < 3.

    Examples
    --------
    >>> round(tau_from_prediction_interval(0.0, -0.196, 0.196, -2.1, 2.1, 30), 2)
    1.02
    """
    values = [float(as_real(v, n, allow_array=False)) for v, n in
              ((estimate, "estimate"), (ci_low, "ci_low"), (ci_high, "ci_high"),
               (pi_low, "pi_low"), (pi_high, "pi_high"))]
    est, lo, hi, plo, phi = values
    k_checked = as_int(k, "k", minimum=3)
    level_checked = as_level(level)
    if not lo < est < hi:
        raise ValueError(f"ci_low < estimate < ci_high is required, got {lo}, {est}, {hi}")
    if not (plo <= lo and hi <= phi):
        raise ValueError("the prediction interval (pi_low, pi_high) must contain the "
                         f"confidence interval, got ({plo}, {phi}) and ({lo}, {hi})")
    se = float(ci_to_se(lo, hi, level=level_checked))
    t = float(stats.t.isf((1.0 - level_checked) / 2.0, k_checked - 2))
    half_width = (phi - plo) / 2.0
    return float(math.sqrt(max((half_width / t) ** 2 - se**2, 0.0)))


def expected_power(
    mean_effect: float, tau: float, n_per_group: float, *, alpha: float = 0.05, nodes: int = 81
) -> float:
    """Power of a two-arm study averaged over a normal spread of true effects.

    When true effects differ between studies (a random-effects meta-analysis with
    between-study standard deviation ``tau``), the effect a new study faces is itself
    uncertain. Averaging the study's power over ``Normal(mean_effect, tau**2)`` gives the
    probability that it reaches significance in the direction of ``mean_effect`` or the
    opposite one (the two-sided power of :func:`exneuro.power.power_ttest_ind`), sometimes
    called assurance.

    Parameters
    ----------
    mean_effect : float
        Mean standardized effect (d or g).
    tau : float
        Between-study standard deviation, >= 0; 0 gives the ordinary power.
    n_per_group : float
        Group size of the new study, >= 2.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.
    nodes : int, optional
        Gauss-Hermite quadrature nodes, >= 5. Default 81.

    Returns
    -------
    float

    Examples
    --------
    >>> round(expected_power(0.5, 0.0, 64), 3)
    0.801
    """
    mu = float(as_real(mean_effect, "mean_effect", allow_array=False))
    spread = float(as_real(tau, "tau", lower=0.0, lower_inclusive=True, allow_array=False))
    n = float(as_real(n_per_group, "n_per_group", lower=2, lower_inclusive=True,
                      allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    count = as_int(nodes, "nodes", minimum=5)
    if spread == 0.0:
        return float(_power.power_ttest_ind(mu, n, alpha=alpha_checked))
    points, weights = np.polynomial.hermite_e.hermegauss(count)
    effects = mu + spread * points
    powers = np.asarray(_power.power_ttest_ind(effects, n, alpha=alpha_checked))
    return float(np.sum(weights * powers) / np.sqrt(2.0 * np.pi))
