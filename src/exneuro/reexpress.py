"""Re-expressing reported results: percent change, ratios, folds, SEM/SD/CI, GRIM, p.

Papers report the same effect in many currencies ("70% fewer cells",
"3.3-fold reduction", "log2 fold change -1.74"), summarise spread as SEM, SD
or a confidence interval, and print rounded means and p-values. The functions
here convert between those currencies and check whether reported numbers can
be mutually consistent.

Conventions
-----------
* A *ratio* is treated / control (> 0). A *percent change* is
  ``100 * (ratio - 1)``, so it must be > -100.
* A *signed fold change* is the ratio when it is >= 1 and ``-1 / ratio`` when
  it is < 1, so 0.30 becomes -3.33 ("3.3-fold fewer").
* Scalars in give Python floats out; arrays in give ndarrays out.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from exneuro._validate import (
    as_choice,
    as_int,
    as_level,
    as_real,
    broadcast,
    is_scalar,
    to_output,
)

__all__ = [
    "ChangeReexpression",
    "PCheck",
    "check_reported_p",
    "ci_to_se",
    "fold_change_to_ratio",
    "grim_consistent",
    "grimmer_consistent",
    "log2_fold_change",
    "log_ratio",
    "p_from_chi2",
    "p_from_f",
    "p_from_r",
    "p_from_t",
    "p_from_z",
    "percent_change_to_ratio",
    "ratio_to_fold_change",
    "ratio_to_percent_change",
    "reexpress_percent_change",
    "rounding_interval",
    "se_to_ci",
    "sd_to_sem",
    "sem_to_sd",
]

Rounding = Literal["either", "half_up", "half_even"]
_ROUNDINGS = ("either", "half_up", "half_even")

_PERCENT_REASON = "a reduction of 100% or more has no ratio"


def _percent(percent: ArrayLike) -> float | np.ndarray:
    return as_real(percent, "percent", lower=-100.0, reason=_PERCENT_REASON)


def _ratio(ratio: ArrayLike) -> float | np.ndarray:
    return as_real(ratio, "ratio", lower=0.0)


# ---------------------------------------------------------------------------
# Percent change, ratio, fold change and logs
# ---------------------------------------------------------------------------


def percent_change_to_ratio(percent: ArrayLike) -> float | np.ndarray:
    """Convert a percent change into a ratio (treated / control).

    Parameters
    ----------
    percent : float or array_like
        Percent change, e.g. ``-70`` for "70% fewer". Must be > -100.

    Returns
    -------
    float or numpy.ndarray
        ``1 + percent / 100``.

    Raises
    ------
    ValueError
        If ``percent`` <= -100 or is not finite.
    TypeError
        If ``percent`` is not numeric.

    Examples
    --------
    >>> round(percent_change_to_ratio(-70), 10)
    0.3
    >>> percent_change_to_ratio(200)
    3.0
    """
    checked = _percent(percent)
    return to_output(1.0 + np.asarray(checked) / 100.0, is_scalar(percent))


def ratio_to_percent_change(ratio: ArrayLike) -> float | np.ndarray:
    """Convert a ratio (treated / control) into a percent change.

    Parameters
    ----------
    ratio : float or array_like
        Must be > 0.

    Returns
    -------
    float or numpy.ndarray
        ``100 * (ratio - 1)``.

    Raises
    ------
    ValueError
        If ``ratio`` <= 0 or is not finite.

    Examples
    --------
    >>> round(ratio_to_percent_change(0.3), 10)
    -70.0
    """
    checked = _ratio(ratio)
    return to_output(100.0 * (np.asarray(checked) - 1.0), is_scalar(ratio))


def ratio_to_fold_change(ratio: ArrayLike) -> float | np.ndarray:
    """Convert a ratio into a signed fold change.

    Ratios >= 1 are returned unchanged ("3-fold more"); ratios below 1 become
    ``-1 / ratio``, so 0.30 becomes -3.33 ("3.3-fold fewer"). A ratio of 1
    gives a fold change of 1.

    Parameters
    ----------
    ratio : float or array_like
        Must be > 0.

    Returns
    -------
    float or numpy.ndarray
        Signed fold change, with absolute value >= 1.

    Raises
    ------
    ValueError
        If ``ratio`` <= 0 or is not finite.

    Examples
    --------
    >>> ratio_to_fold_change(3.0)
    3.0
    >>> round(ratio_to_fold_change(0.3), 3)
    -3.333
    """
    checked = np.asarray(_ratio(ratio))
    safe = np.where(checked >= 1.0, 1.0, checked)  # keeps 1/x off the unused branch
    fold = np.where(checked >= 1.0, checked, -1.0 / safe)
    return to_output(fold, is_scalar(ratio))


def fold_change_to_ratio(fold: ArrayLike) -> float | np.ndarray:
    """Convert a signed fold change back into a ratio.

    Parameters
    ----------
    fold : float or array_like
        Signed fold change with ``|fold| >= 1``; negative values mean
        "fold fewer" (-3.33 -> 0.30).

    Returns
    -------
    float or numpy.ndarray
        The ratio treated / control.

    Raises
    ------
    ValueError
        If ``|fold| < 1`` (a fold change between -1 and 1 is not defined) or
        ``fold`` is not finite.

    Examples
    --------
    >>> round(fold_change_to_ratio(-10 / 3), 10)
    0.3
    >>> fold_change_to_ratio(3.0)
    3.0
    """
    checked = np.asarray(as_real(fold, "fold"))
    if np.any(np.abs(checked) < 1.0):
        bad = checked[np.abs(checked) < 1.0].reshape(-1)[0]
        raise ValueError(
            f"fold must satisfy |fold| >= 1 (use negative values for 'fold fewer'), "
            f"got {float(bad)!r}"
        )
    ratio = np.where(checked >= 1.0, checked, -1.0 / checked)
    return to_output(ratio, is_scalar(fold))


def log2_fold_change(ratio: ArrayLike) -> float | np.ndarray:
    """Log2 of a ratio, the "log2 fold change" of genomics.

    Parameters
    ----------
    ratio : float or array_like
        Must be > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``ratio`` <= 0 or is not finite.

    Examples
    --------
    >>> log2_fold_change(0.25)
    -2.0
    """
    checked = _ratio(ratio)
    return to_output(np.log2(checked), is_scalar(ratio))


def log_ratio(ratio: ArrayLike) -> float | np.ndarray:
    """Natural log of a ratio (the log response ratio of meta-analysis).

    Parameters
    ----------
    ratio : float or array_like
        Must be > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``ratio`` <= 0 or is not finite.

    Examples
    --------
    >>> round(log_ratio(0.3), 4)
    -1.204
    """
    checked = _ratio(ratio)
    return to_output(np.log(checked), is_scalar(ratio))


def _signed(value: float, decimals: int) -> str:
    # describe() is prose, so it uses the typographic minus sign.
    return f"{value:.{decimals}f}".replace("-", "\u2212")


@dataclass(frozen=True)
class ChangeReexpression:
    """One change expressed in five currencies.

    Attributes
    ----------
    percent : float
        Percent change (treated vs control).
    ratio : float
        Treated / control.
    fold_change : float
        Signed fold change (see :func:`ratio_to_fold_change`).
    log2_fold_change : float
        ``log2(ratio)``.
    log_ratio : float
        ``ln(ratio)``.
    """

    percent: float
    ratio: float
    fold_change: float
    log2_fold_change: float
    log_ratio: float

    def describe(self, more: str = "more", fewer: str = "fewer") -> str:
        """Describe the change in words, e.g. for a figure caption.

        Parameters
        ----------
        more, fewer : str, optional
            Words for an increase and a decrease ("more"/"fewer" suit counts;
            "higher"/"lower" suit concentrations).

        Returns
        -------
        str

        Examples
        --------
        >>> reexpress_percent_change(-70).describe()
        '70% fewer: ratio 0.30, 3.3-fold fewer, log2 fold change \u22121.74, ln ratio \u22121.20'
        """
        if self.percent == 0:
            head, fold = "no change", "1.0-fold (no change)"
        else:
            word = more if self.percent > 0 else fewer
            head = f"{abs(self.percent):g}% {word}"
            fold = f"{abs(self.fold_change):.1f}-fold {word}"
        return (
            f"{head}: ratio {self.ratio:.2f}, {fold}, "
            f"log2 fold change {_signed(self.log2_fold_change, 2)}, "
            f"ln ratio {_signed(self.log_ratio, 2)}"
        )

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def reexpress_percent_change(percent: float) -> ChangeReexpression:
    """Express a percent change as ratio, signed fold change and logs.

    Parameters
    ----------
    percent : float
        Percent change, > -100.

    Returns
    -------
    ChangeReexpression

    Raises
    ------
    ValueError
        If ``percent`` <= -100 or is not finite.
    TypeError
        If ``percent`` is not a real scalar.

    Examples
    --------
    >>> r = reexpress_percent_change(200)
    >>> r.ratio, r.fold_change
    (3.0, 3.0)
    >>> r.describe()
    '200% more: ratio 3.00, 3.0-fold more, log2 fold change 1.58, ln ratio 1.10'
    """
    checked = float(as_real(percent, "percent", lower=-100.0, reason=_PERCENT_REASON,
                            allow_array=False))
    ratio = 1.0 + checked / 100.0
    return ChangeReexpression(
        percent=checked,
        ratio=ratio,
        fold_change=float(ratio_to_fold_change(ratio)),
        log2_fold_change=math.log2(ratio),
        log_ratio=math.log(ratio),
    )


# ---------------------------------------------------------------------------
# SEM, SD and confidence intervals
# ---------------------------------------------------------------------------


def _sample_size(n: ArrayLike, name: str = "n") -> float | np.ndarray:
    return as_real(n, name, lower=2, lower_inclusive=True, integer=True)


def sem_to_sd(sem: ArrayLike, n: ArrayLike) -> float | np.ndarray:
    """Recover a standard deviation from a standard error of the mean.

    Parameters
    ----------
    sem : float or array_like
        Standard error of the mean, > 0.
    n : int or array_like of int
        Number of observations the mean is based on, >= 2.

    Returns
    -------
    float or numpy.ndarray
        ``sem * sqrt(n)``.

    Raises
    ------
    ValueError
        If ``sem`` <= 0, ``n`` is not an integer >= 2, or shapes clash.

    Examples
    --------
    >>> sem_to_sd(2.0, 16)
    8.0
    """
    sem_checked = as_real(sem, "sem", lower=0.0)
    n_checked = _sample_size(n)
    sem_b, n_b = broadcast(sem=sem_checked, n=n_checked)
    return to_output(sem_b * np.sqrt(n_b), is_scalar(sem, n))


def sd_to_sem(sd: ArrayLike, n: ArrayLike) -> float | np.ndarray:
    """Standard error of the mean from a standard deviation.

    Parameters
    ----------
    sd : float or array_like
        Standard deviation, > 0.
    n : int or array_like of int
        Number of observations, >= 2.

    Returns
    -------
    float or numpy.ndarray
        ``sd / sqrt(n)``.

    Raises
    ------
    ValueError
        If ``sd`` <= 0, ``n`` is not an integer >= 2, or shapes clash.

    Examples
    --------
    >>> sd_to_sem(8.0, 16)
    2.0
    """
    sd_checked = as_real(sd, "sd", lower=0.0)
    n_checked = _sample_size(n)
    sd_b, n_b = broadcast(sd=sd_checked, n=n_checked)
    return to_output(sd_b / np.sqrt(n_b), is_scalar(sd, n))


def _critical_value(level: float, df: ArrayLike | None) -> float | np.ndarray:
    upper_tail = (1.0 - level) / 2.0
    if df is None:
        return float(stats.norm.isf(upper_tail))
    df_checked = as_real(df, "df", lower=0.0)
    return stats.t.isf(upper_tail, df_checked)


def ci_to_se(
    lower: ArrayLike, upper: ArrayLike, level: float = 0.95, df: ArrayLike | None = None
) -> float | np.ndarray:
    """Standard error implied by a symmetric confidence interval.

    Parameters
    ----------
    lower, upper : float or array_like
        Interval limits, with ``upper > lower``.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.
    df : float or array_like, optional
        Degrees of freedom (> 0) if the interval used a t critical value;
        ``None`` (default) for a normal critical value.

    Returns
    -------
    float or numpy.ndarray
        ``(upper - lower) / (2 * critical value)``.

    Raises
    ------
    ValueError
        If ``upper <= lower``, ``level`` is outside (0, 1), ``df`` <= 0, or
        shapes clash.

    Notes
    -----
    Only valid for intervals that are symmetric on the reported scale. For
    ratios, convert the limits with :func:`log_ratio` first. Meta-analyses
    pool on an approximately normal scale, so their intervals are
    ``estimate +/- z SE``; a visibly asymmetric interval (see
    :func:`exneuro.meta.ci_asymmetry`) means the estimate was pooled on
    another scale or that a number was misprinted.

    References
    ----------
    .. [1] Higgins, J. P. T., et al. (eds.) Cochrane Handbook for Systematic
       Reviews of Interventions, section 6.3.1 (obtaining standard errors
       from confidence intervals).

    Examples
    --------
    >>> round(ci_to_se(-1.959964, 1.959964), 6)
    1.0
    """
    level_checked = as_level(level)
    critical = _critical_value(level_checked, df)
    lower_b, upper_b, critical_b = broadcast(
        lower=as_real(lower, "lower"), upper=as_real(upper, "upper"), df=critical
    )
    if np.any(upper_b <= lower_b):
        raise ValueError("upper must be greater than lower")
    se = (upper_b - lower_b) / (2.0 * critical_b)
    return to_output(se, is_scalar(lower, upper, df))


def se_to_ci(
    estimate: ArrayLike, se: ArrayLike, level: float = 0.95, df: ArrayLike | None = None
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Symmetric confidence interval from an estimate and its standard error.

    Parameters
    ----------
    estimate : float or array_like
        Point estimate.
    se : float or array_like
        Standard error, > 0.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.
    df : float or array_like, optional
        Degrees of freedom (> 0) for a t critical value; ``None`` for normal.

    Returns
    -------
    lower, upper : float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``se`` <= 0, ``level`` is outside (0, 1), ``df`` <= 0, or shapes
        clash.

    Examples
    --------
    >>> lo, hi = se_to_ci(0.0, 1.0)
    >>> round(hi, 4)
    1.96
    """
    level_checked = as_level(level)
    estimate_checked = as_real(estimate, "estimate")
    se_checked = as_real(se, "se", lower=0.0)
    critical = _critical_value(level_checked, df)
    estimate_b, se_b, critical_b = broadcast(
        estimate=estimate_checked, se=se_checked, df=critical
    )
    scalar = is_scalar(estimate, se, df)
    half_width = critical_b * se_b
    return (
        to_output(estimate_b - half_width, scalar),
        to_output(estimate_b + half_width, scalar),
    )


# ---------------------------------------------------------------------------
# GRIM and GRIMMER
# ---------------------------------------------------------------------------


def _reported_decimal(value: float, name: str, decimals: int, *, lower: float | None = None,
                      lower_inclusive: bool = False) -> Decimal:
    """Turn a reported (rounded) number into an exact Decimal with `decimals` places."""
    checked = float(as_real(value, name, lower=lower, lower_inclusive=lower_inclusive,
                            allow_array=False))
    # repr gives the shortest decimal string that round-trips, i.e. what was typed.
    exact = Decimal(repr(checked))
    step = Decimal(1).scaleb(-decimals)
    with localcontext() as context:
        context.prec = 400 + decimals  # enough digits to quantize any finite float
        quantized = exact.quantize(step)
    if quantized != exact:
        raise ValueError(
            f"{name} has more than decimals={decimals} decimal places, got {checked!r}"
        )
    return quantized


def _round_ratio(numerator: int, denominator: int, rounding: str) -> int:
    """Round numerator/denominator (denominator > 0) to an integer, exactly."""
    sign = -1 if numerator < 0 else 1
    quotient, remainder = divmod(abs(numerator), denominator)
    twice = 2 * remainder
    if twice > denominator:
        quotient += 1
    elif twice == denominator:
        # A tie: half-up goes away from zero, half-even to the even neighbour.
        if rounding == "half_up" or quotient % 2 == 1:
            quotient += 1
    return sign * quotient


def _round_sqrt(value: Fraction, rounding: str) -> int:
    """Round sqrt(value) (value >= 0) to an integer without floating point."""
    floor_root = math.isqrt(math.floor(value))  # floor(sqrt(x)) == isqrt(floor(x))
    midpoint_sq = Fraction(2 * floor_root + 1, 2) ** 2
    if value > midpoint_sq:
        return floor_root + 1
    if value < midpoint_sq:
        return floor_root
    if rounding == "half_up" or floor_root % 2 == 1:
        return floor_root + 1
    return floor_root


def _roundings(rounding: str) -> tuple[str, ...]:
    as_choice(rounding, "rounding", _ROUNDINGS)
    return ("half_up", "half_even") if rounding == "either" else (rounding,)


def _candidate_sums(mean: Decimal, count: int, decimals: int) -> range:
    """Integer sums whose mean over `count` could round to `mean`."""
    half_step = Fraction(1, 2 * 10**decimals)
    centre = Fraction(mean)
    low = math.floor((centre - half_step) * count)
    high = math.ceil((centre + half_step) * count)
    return range(low, high + 1)


def _decimals(decimals: int) -> int:
    return as_int(decimals, "decimals", minimum=0)


def _places(reported: float, decimals: int | None) -> int:
    """Decimals of a reported number: given, or those of its shortest representation."""
    if decimals is None:
        exponent = Decimal(repr(reported)).normalize().as_tuple().exponent
        return max(-int(exponent), 0)
    return _decimals(decimals)


def rounding_interval(reported: float, decimals: int | None = None) -> tuple[float, float]:
    """The values that round to a reported number: half a unit of its last decimal either way.

    Parameters
    ----------
    reported : float
        The number as printed, e.g. a p-value of ``0.005``.
    decimals : int, optional
        Decimals it was printed with. By default those of its shortest representation
        (``0.005`` -> 3); pass it when trailing zeros matter ("p = 0.020" ->
        ``decimals=3``, see :attr:`exneuro.quotes.ReportedP.decimals`).

    Returns
    -------
    low, high : float
        ``reported -/+ 0.5 * 10**-decimals``: "p = 0.005" covers 0.0045 to 0.0055.

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If ``reported`` is not finite, or has more decimals than ``decimals``.

    Notes
    -----
    :func:`check_reported_p` uses the same reading of a printed p-value: a recomputed p
    inside this interval is consistent with it.

    Examples
    --------
    >>> [round(v, 6) for v in rounding_interval(0.005)]
    [0.0045, 0.0055]
    >>> [round(v, 6) for v in rounding_interval(0.02, decimals=3)]
    [0.0195, 0.0205]
    """
    value = float(as_real(reported, "reported", allow_array=False))
    places = _places(value, decimals)
    _reported_decimal(value, "reported", places)
    half = 0.5 * 10 ** -places
    return value - half, value + half


def grim_consistent(
    mean: float,
    n: int,
    items: int = 1,
    decimals: int = 2,
    *,
    rounding: Rounding = "either",
) -> bool:
    """GRIM test: can a reported mean of integer data arise from ``n`` responses?

    The sum of ``n`` integer responses on a scale of ``items`` items is an
    integer, so the mean must be a multiple of ``1 / (n * items)`` before
    rounding. The test asks whether any such multiple rounds to the reported
    mean.

    Parameters
    ----------
    mean : float
        Reported mean, as printed (e.g. ``5.19``).
    n : int
        Number of participants, >= 1.
    items : int, optional
        Number of integer items averaged into each participant's score, >= 1.
        Default 1.
    decimals : int, optional
        Number of decimals the mean was reported with, >= 0. Default 2, so
        ``5.1`` is read as ``5.10``.
    rounding : {"either", "half_up", "half_even"}, optional
        How the authors may have rounded. ``"either"`` (default) accepts a
        mean reproduced by round-half-up (away from zero, as SPSS and Excel
        do) or by round-half-even (as R and Python do).

    Returns
    -------
    bool
        True if the mean is possible.

    Raises
    ------
    ValueError
        If ``n`` or ``items`` is not a positive integer, ``decimals`` is
        negative, or ``mean`` has more decimals than ``decimals``.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    Arithmetic is exact (fractions), so ties are decided correctly. When
    ``n * items >= 10**decimals`` every mean is possible and the test has no
    power; the function then returns True.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple
       technique detects numerous anomalies in the reporting of results in
       psychology. Social Psychological and Personality Science, 8(4), 363-369.
       https://doi.org/10.1177/1948550616673876

    Examples
    --------
    >>> grim_consistent(5.19, 28)
    False
    >>> grim_consistent(5.18, 28)
    True
    """
    methods = _roundings(rounding)
    decimals_checked = _decimals(decimals)
    reported = _reported_decimal(mean, "mean", decimals_checked)
    count = as_int(n, "n", minimum=1) * as_int(items, "items", minimum=1)
    scaled_reported = int(reported.scaleb(decimals_checked))
    scale = 10**decimals_checked
    if count >= scale:
        # Means are spaced 1/count <= 10**-decimals apart, so every rounding
        # interval contains one: the test cannot reject anything.
        return True
    for method in methods:
        for total in _candidate_sums(reported, count, decimals_checked):
            if _round_ratio(total * scale, count, method) == scaled_reported:
                return True
    return False


def grimmer_consistent(
    mean: float,
    sd: float,
    n: int,
    decimals: int = 2,
    *,
    rounding: Rounding = "either",
) -> bool:
    """GRIMMER-style test: can a reported SD of integer data go with its mean?

    For integer data with sum ``S`` and sum of squares ``Q`` (both integers,
    and ``Q`` has the parity of ``S`` because ``x**2`` and ``x`` have the same
    parity), the sample SD is ``sqrt((Q - S**2 / n) / (n - 1))``. The test
    enumerates every sum ``S`` allowed by the reported mean (the GRIM step)
    and every ``Q`` near the reported SD, and asks whether some pair gives an
    SD that rounds to the reported one.

    Parameters
    ----------
    mean : float
        Reported mean.
    sd : float
        Reported sample standard deviation (``n - 1`` denominator), >= 0.
    n : int
        Number of observations, >= 2.
    decimals : int, optional
        Decimals used for both mean and SD, >= 0. Default 2.
    rounding : {"either", "half_up", "half_even"}, optional
        Accepted rounding conventions, as in :func:`grim_consistent`.

    Returns
    -------
    bool
        True if some integer data set could give both reported values.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 2, ``sd`` < 0, ``decimals`` < 0, or a
        value has more decimals than ``decimals``.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    Limitations: single-item integer data only; the SD must be the sample SD
    (a population SD, divided by ``n``, can be falsely flagged); the scale's
    minimum and maximum are not used, so some impossible combinations (an SD
    too large for a bounded scale) pass. A True result therefore means "not
    ruled out", not "verified". An SD of zero is allowed because a reported
    0.00 is meaningful for integer data.

    References
    ----------
    .. [1] Anaya, J. (2016). The GRIMMER test: A method for testing the validity
       of reported measures of variability. PeerJ Preprints 4:e2400v1.
       https://doi.org/10.7287/peerj.preprints.2400v1
    .. [2] Allard, A. (2018). Analytic-GRIMMER: a new way of testing the
       possibility of standard deviations.
       https://aurelienallard.netlify.app/post/anaytic-grimmer-possibility-standard-deviations/

    Examples
    --------
    >>> grimmer_consistent(2.0, 1.0, 3)  # e.g. data 1, 2, 3
    True
    >>> grimmer_consistent(2.0, 1.1, 3)
    False
    """
    decimals_checked = _decimals(decimals)
    n_checked = as_int(n, "n", minimum=2)
    reported_mean = _reported_decimal(mean, "mean", decimals_checked)
    reported_sd = _reported_decimal(sd, "sd", decimals_checked, lower=0.0, lower_inclusive=True)
    scale = 10**decimals_checked
    scaled_sd = int(reported_sd.scaleb(decimals_checked))
    scaled_mean = int(reported_mean.scaleb(decimals_checked))
    half_step = Fraction(1, 2 * scale)
    sd_low = max(Fraction(reported_sd) - half_step, Fraction(0))
    sd_high = Fraction(reported_sd) + half_step
    methods = _roundings(rounding)
    for total in _candidate_sums(reported_mean, n_checked, decimals_checked):
        if not any(
            _round_ratio(total * scale, n_checked, m) == scaled_mean for m in methods
        ):
            continue
        correction = Fraction(total * total, n_checked)
        q_low = math.ceil((n_checked - 1) * sd_low**2 + correction)
        q_high = math.floor((n_checked - 1) * sd_high**2 + correction)
        for squares in range(max(q_low, 0), q_high + 1):
            if (squares - total) % 2:
                continue
            # q_low >= S**2 / n, so the variance is never negative here.
            variance = (squares - correction) / (n_checked - 1)
            scaled_variance = variance * scale**2
            if any(_round_sqrt(scaled_variance, m) == scaled_sd for m in methods):
                return True
    return False


# ---------------------------------------------------------------------------
# Recomputing p-values
# ---------------------------------------------------------------------------


def p_from_t(t: ArrayLike, df: ArrayLike) -> float | np.ndarray:
    """Two-sided p-value of a t statistic.

    Parameters
    ----------
    t : float or array_like
        t statistic.
    df : float or array_like
        Degrees of freedom, > 0 (may be fractional, as for Welch's test).

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``df`` <= 0, values are not finite, or shapes clash.

    Examples
    --------
    >>> round(p_from_t(2.0, 30), 4)
    0.0546
    """
    t_b, df_b = broadcast(t=as_real(t, "t"), df=as_real(df, "df", lower=0.0))
    return to_output(2.0 * stats.t.sf(np.abs(t_b), df_b), is_scalar(t, df))


def p_from_f(f: ArrayLike, df1: ArrayLike, df2: ArrayLike) -> float | np.ndarray:
    """Upper-tail p-value of an F statistic.

    Parameters
    ----------
    f : float or array_like
        F statistic, >= 0.
    df1, df2 : float or array_like
        Numerator and denominator degrees of freedom, > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``f`` < 0, a df <= 0, or shapes clash.

    Examples
    --------
    >>> round(p_from_f(4.0, 1, 30), 4)
    0.0546
    """
    f_b, df1_b, df2_b = broadcast(
        f=as_real(f, "f", lower=0.0, lower_inclusive=True),
        df1=as_real(df1, "df1", lower=0.0),
        df2=as_real(df2, "df2", lower=0.0),
    )
    return to_output(stats.f.sf(f_b, df1_b, df2_b), is_scalar(f, df1, df2))


def p_from_chi2(chi2: ArrayLike, df: ArrayLike) -> float | np.ndarray:
    """Upper-tail p-value of a chi-square statistic.

    Parameters
    ----------
    chi2 : float or array_like
        Statistic, >= 0.
    df : float or array_like
        Degrees of freedom, > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``chi2`` < 0, ``df`` <= 0, or shapes clash.

    Examples
    --------
    >>> round(p_from_chi2(3.841458820694124, 1), 6)
    0.05
    """
    chi2_b, df_b = broadcast(
        chi2=as_real(chi2, "chi2", lower=0.0, lower_inclusive=True),
        df=as_real(df, "df", lower=0.0),
    )
    return to_output(stats.chi2.sf(chi2_b, df_b), is_scalar(chi2, df))


def p_from_z(z: ArrayLike) -> float | np.ndarray:
    """Two-sided p-value of a standard normal statistic.

    Parameters
    ----------
    z : float or array_like

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``z`` is not finite.

    Examples
    --------
    >>> round(p_from_z(1.959963984540054), 6)
    0.05
    """
    z_checked = as_real(z, "z")
    return to_output(2.0 * stats.norm.sf(np.abs(z_checked)), is_scalar(z))


def p_from_r(r: ArrayLike, n: ArrayLike) -> float | np.ndarray:
    """Two-sided p-value of a Pearson correlation (t test with n - 2 df).

    Parameters
    ----------
    r : float or array_like
        Correlation in (-1, 1).
    n : int or array_like of int
        Number of pairs, >= 3.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``r`` is outside (-1, 1), ``n`` is not an integer >= 3, or shapes
        clash.

    Examples
    --------
    >>> round(p_from_r(0.5, 20), 4)
    0.0248
    """
    r_b, n_b = broadcast(
        r=as_real(r, "r", lower=-1.0, upper=1.0),
        n=as_real(n, "n", lower=3, lower_inclusive=True, integer=True),
    )
    df = n_b - 2.0
    t = r_b * np.sqrt(df / (1.0 - r_b**2))
    return to_output(2.0 * stats.t.sf(np.abs(t), df), is_scalar(r, n))


@dataclass(frozen=True)
class PCheck:
    """Outcome of comparing a reported p-value with a recomputed one.

    Attributes
    ----------
    consistent : bool
        The reported p can be obtained from the recomputed p by rounding (for
        "="), or the stated inequality holds.
    gross : bool
        Inconsistent *and* the significance decision at ``alpha`` flips.
    message : str
        One-line human-readable verdict.
    """

    consistent: bool
    gross: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


_COMPARISONS = ("=", "<", "<=", ">", ">=")


def _format_p(value: float) -> str:
    return f"{value:.4g}"


def check_reported_p(
    reported_p: float,
    recomputed_p: float,
    *,
    comparison: str = "=",
    decimals: int | None = None,
    alpha: float = 0.05,
) -> PCheck:
    """Check a reported p-value against one recomputed from the test statistic.

    Modelled on statcheck: an exact report ("p = .03") is consistent when
    the recomputed p rounds to it at the reported number of decimals (either
    rounding direction of a tie is accepted); an inequality ("p < .05") is
    consistent when the recomputed p satisfies it. An inconsistency is
    *gross* when the reported and recomputed p fall on different sides of
    ``alpha``.

    Parameters
    ----------
    reported_p : float
        The p-value as printed, in (0, 1]. Use ``comparison="<"`` for reports
        such as "p < .001" rather than ``reported_p=0``.
    recomputed_p : float
        p recomputed from the statistic and df, in [0, 1] (see
        :func:`p_from_t` and friends).
    comparison : {"=", "<", "<=", ">", ">="}, optional
        The relation printed in the paper. Default "=".
    decimals : int, optional
        Decimals of the reported p. By default inferred from the shortest
        representation of ``reported_p`` (0.03 -> 2); pass it when trailing
        zeros matter ("p = .030" -> ``decimals=3``).
    alpha : float, optional
        Significance threshold for the gross-error check, in (0, 1). Default
        0.05. As in statcheck, a reported "p = .05" counts as significant.

    Returns
    -------
    PCheck

    Raises
    ------
    ValueError
        If a p-value is outside its range, ``comparison`` is unknown, or
        ``reported_p`` has more decimals than ``decimals``.
    TypeError
        If an argument has the wrong type.

    References
    ----------
    .. [1] Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M.,
       Epskamp, S., & Wicherts, J. M. (2016). The prevalence of statistical
       reporting errors in psychology (1985-2013). Behavior Research Methods,
       48(4), 1205-1226. https://doi.org/10.3758/s13428-015-0664-2

    Examples
    --------
    >>> check_reported_p(0.03, 0.0312).consistent
    True
    >>> check_reported_p(0.04, 0.0812).gross
    True
    """
    as_choice(comparison, "comparison", _COMPARISONS)
    reported = float(as_real(reported_p, "reported_p", lower=0.0, upper=1.0,
                             upper_inclusive=True, allow_array=False))
    recomputed = float(as_real(recomputed_p, "recomputed_p", lower=0.0, upper=1.0,
                               lower_inclusive=True, upper_inclusive=True,
                               allow_array=False))
    alpha_checked = float(as_real(alpha, "alpha", lower=0.0, upper=1.0, allow_array=False))

    if comparison == "=":
        places = _places(reported, decimals)
        reported_exact = _reported_decimal(reported, "reported_p", places)
        # Exact comparison with the rounding interval; both tie directions pass.
        distance = abs(Fraction(recomputed) - Fraction(reported_exact))
        consistent = distance <= Fraction(1, 2 * 10**places)
        reported_significant: bool | None = reported <= alpha_checked
    else:
        consistent = {
            "<": recomputed < reported,
            "<=": recomputed <= reported,
            ">": recomputed > reported,
            ">=": recomputed >= reported,
        }[comparison]
        if comparison in ("<", "<="):
            reported_significant = True if reported <= alpha_checked else None
        else:
            reported_significant = False if reported >= alpha_checked else None

    recomputed_significant = recomputed < alpha_checked
    gross = (
        not consistent
        and reported_significant is not None
        and reported_significant != recomputed_significant
    )
    stated = f"p {comparison} {_format_p(reported)}"
    if consistent:
        message = f"reported {stated} is consistent with recomputed p = {_format_p(recomputed)}"
    elif gross:
        message = (
            f"reported {stated} but recomputed p = {_format_p(recomputed)}: gross "
            f"inconsistency (significance at alpha = {alpha_checked:g} flips)"
        )
    else:
        message = f"reported {stated} but recomputed p = {_format_p(recomputed)}: inconsistent"
    return PCheck(consistent=bool(consistent), gross=bool(gross), message=message)
