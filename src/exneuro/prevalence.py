"""Counts of people from prevalences, and checks of vague quantities against them.

A reported percentage of ``n`` people (or articles) gets its interval from
:func:`percent_interval`.

Popular articles rarely give a number of patients; they say "millions" or "tens of
millions". Such a phrase names an order of magnitude, so it can be checked: read it as a
range (``"tens of millions"`` is 10 million up to, but not including, 100 million), turn
a published prevalence into a count by multiplying it with the population it refers to,
and see whether the count, with its confidence interval, lands inside the range.

The functions are pure and scalar: prevalences are in percent (18.3, not 0.183), as in
the book's tables, and counts and populations are plain numbers of people.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from exneuro._validate import as_bool, as_int, as_level, as_real, require_together

__all__ = [
    "VAGUE_QUANTITIES",
    "VERDICTS",
    "CountEstimate",
    "QuantityCheck",
    "check_quantity",
    "count_from_prevalence",
    "implied_population",
    "order_of_magnitude",
    "percent_interval",
    "populations_matching",
    "vague_quantity_range",
]

#: How the book reads vague quantities. Each names one order of magnitude, as the
#: half-open range ``[low, high)``. The rows of ``data/reported_numbers.csv`` for such
#: phrases use the same reading (``value`` = low, ``value_high`` = high - 1).
VAGUE_QUANTITIES: dict[str, tuple[float, float]] = {
    "thousands": (1e3, 1e4),
    "tens of thousands": (1e4, 1e5),
    "hundreds of thousands": (1e5, 1e6),
    "millions": (1e6, 1e7),
    "tens of millions": (1e7, 1e8),
    "hundreds of millions": (1e8, 1e9),
    "billions": (1e9, 1e10),
}

#: Verdicts of :func:`check_quantity`, from the phrase's point of view.
VERDICTS = ("consistent", "understatement", "overstatement", "borderline")


def _positive(value: float, name: str) -> float:
    return float(as_real(value, name, lower=0.0, allow_array=False))


def _percent(value: float, name: str, *, allow_zero: bool = True) -> float:
    return float(as_real(value, name, lower=0.0, upper=100.0, lower_inclusive=allow_zero,
                         upper_inclusive=True, reason="a prevalence in percent",
                         allow_array=False))


def order_of_magnitude(value: float) -> int:
    """The power of ten of a positive number: ``floor(log10(value))``.

    Parameters
    ----------
    value : float
        A positive, finite number.

    Returns
    -------
    int
        ``k`` such that ``10**k <= value < 10**(k + 1)``.

    Raises
    ------
    TypeError
        If ``value`` is not a real scalar.
    ValueError
        If ``value`` is not positive and finite.

    Examples
    --------
    >>> order_of_magnitude(10.2e6)
    7
    >>> order_of_magnitude(200e6)
    8
    """
    x = _positive(value, "value")
    k = math.floor(math.log10(x))
    # Just below a power of ten, log10 rounds up to the integer (log10(999.9999999999999)
    # is 3.0); step down until 10**k <= value holds exactly.
    while 10.0**k > x:
        k -= 1
    return int(k)


def vague_quantity_range(phrase: str) -> tuple[float, float]:
    """The range of counts a vague phrase such as "tens of millions" stands for.

    Parameters
    ----------
    phrase : str
        One of the keys of :data:`VAGUE_QUANTITIES` (case and surrounding spaces are
        ignored).

    Returns
    -------
    (low, high) : tuple of float
        The half-open range ``[low, high)``, one order of magnitude wide.

    Raises
    ------
    TypeError
        If ``phrase`` is not a string.
    ValueError
        If the phrase is not one the book knows how to read.

    Examples
    --------
    >>> vague_quantity_range("tens of millions")
    (10000000.0, 100000000.0)
    """
    if not isinstance(phrase, str):
        raise TypeError(f"phrase must be a str, got {type(phrase).__name__}")
    key = " ".join(phrase.lower().split())
    if key not in VAGUE_QUANTITIES:
        allowed = ", ".join(repr(p) for p in VAGUE_QUANTITIES)
        raise ValueError(f"phrase must be one of {allowed}; got {phrase!r}")
    return VAGUE_QUANTITIES[key]


@dataclass(frozen=True)
class CountEstimate:
    """A number of people obtained as prevalence x population.

    Attributes
    ----------
    prevalence : float
        Prevalence in percent.
    population : float
        Size of the population the prevalence refers to.
    estimate : float
        ``population * prevalence / 100``.
    low, high : float
        The same product at the ends of the prevalence interval; equal to ``estimate``
        when no interval was given. Only the prevalence's uncertainty is carried: the
        population is treated as known.
    """

    prevalence: float
    population: float
    estimate: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def count_from_prevalence(
    prevalence: float,
    population: float,
    prevalence_low: float | None = None,
    prevalence_high: float | None = None,
) -> CountEstimate:
    """Re-express a prevalence as a number of people in a given population.

    Parameters
    ----------
    prevalence : float
        Prevalence in percent, in [0, 100].
    population : float
        Number of people the prevalence refers to, > 0.
    prevalence_low, prevalence_high : float, optional
        Interval for the prevalence, in percent; give both or neither, with
        ``prevalence_low <= prevalence <= prevalence_high``.

    Returns
    -------
    CountEstimate

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If a prevalence is outside [0, 100], the population is not positive, only one
        interval end is given, or the interval does not contain the prevalence.

    Examples
    --------
    The US estimate of Wright et al. (2014): 10.3 % of about 99 million adults aged 50
    and over is about 10.2 million people.

    >>> round(count_from_prevalence(10.3, 99_048_838).estimate / 1e6, 1)
    10.2
    """
    p = _percent(prevalence, "prevalence")
    n = _positive(population, "population")
    p_low = p if prevalence_low is None else _percent(prevalence_low, "prevalence_low")
    p_high = p if prevalence_high is None else _percent(prevalence_high, "prevalence_high")
    require_together("prevalence_low", prevalence_low, "prevalence_high", prevalence_high)
    if prevalence_low is not None:
        if not p_low <= p <= p_high:
            raise ValueError(
                "prevalence_low <= prevalence <= prevalence_high is required, got "
                f"{p_low} <= {p} <= {p_high}"
            )
    return CountEstimate(prevalence=p, population=n, estimate=n * p / 100.0,
                         low=n * p_low / 100.0, high=n * p_high / 100.0)


def implied_population(count: float, prevalence: float) -> float:
    """The population size that a count and a prevalence imply: ``count / prevalence``.

    Useful to check which population a published count refers to.

    Parameters
    ----------
    count : float
        Number of people with the condition, > 0.
    prevalence : float
        Prevalence in percent, in (0, 100].

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        If an argument is not a real scalar in its range (the argument is named).

    Examples
    --------
    >>> round(implied_population(10.2e6, 10.3) / 1e6)
    99
    """
    c = _positive(count, "count")
    p = _percent(prevalence, "prevalence", allow_zero=False)
    return c / (p / 100.0)


def populations_matching(range_low: float, range_high: float, prevalence: float) -> tuple[float, float]:
    """Population sizes for which ``prevalence x population`` falls in a range of counts.

    Answers "how large must the population be for 'tens of millions' to be right?".

    Parameters
    ----------
    range_low, range_high : float
        The range of counts, ``0 < range_low < range_high``.
    prevalence : float
        Prevalence in percent, in (0, 100].

    Returns
    -------
    (low, high) : tuple of float
        ``range_low / p`` and ``range_high / p`` with ``p = prevalence / 100``.

    Raises
    ------
    TypeError, ValueError
        If an argument is out of range or ``range_low >= range_high``.

    Examples
    --------
    >>> low, high = populations_matching(1e7, 1e8, 20.0)
    >>> low / 1e6, high / 1e6
    (50.0, 500.0)
    """
    low = _positive(range_low, "range_low")
    high = _positive(range_high, "range_high")
    if low >= high:
        raise ValueError(f"range_low must be < range_high, got {low} >= {high}")
    p = _percent(prevalence, "prevalence", allow_zero=False) / 100.0
    return low / p, high / p


@dataclass(frozen=True)
class QuantityCheck:
    """The result of checking an estimate against the range a phrase stands for.

    Attributes
    ----------
    estimate, low, high : float
        The estimate and its interval (``high`` is ``inf`` for "at least" figures).
    range_low, range_high : float
        The range the phrase stands for (both ends included).
    verdict : str
        ``"consistent"`` when the whole interval lies inside the range;
        ``"understatement"`` when all of it lies above (the phrase is too small);
        ``"overstatement"`` when all of it lies below (the phrase is too large);
        ``"borderline"`` when the interval crosses an end of the range.
    orders_apart : int
        ``order_of_magnitude(estimate) - order_of_magnitude(range_low)``: 0 when the
        estimate has the phrase's order of magnitude, +1 when it is ten times larger.
    """

    estimate: float
    low: float
    high: float
    range_low: float
    range_high: float
    verdict: str
    orders_apart: int

    def to_dict(self) -> dict[str, float | str | int]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def check_quantity(
    estimate: float,
    range_low: float,
    range_high: float,
    *,
    low: float | None = None,
    high: float | None = None,
    open_above: bool = False,
) -> QuantityCheck:
    """Check an estimated count, with its interval, against a phrase's range.

    Parameters
    ----------
    estimate : float
        The estimated count, > 0.
    range_low, range_high : float
        The range the phrase stands for, ``0 < range_low < range_high``, both ends
        included (e.g. the ``value`` and ``value_high`` of a row of
        ``data/reported_numbers.csv``).
    low, high : float, optional
        Interval of the estimate; each defaults to ``estimate``.
    open_above : bool, optional
        True for an "at least" figure ("over 200 million"): the interval has no upper
        end. ``high`` must then be omitted.

    Returns
    -------
    QuantityCheck

    Raises
    ------
    TypeError
        If a number is not a real scalar or ``open_above`` is not a bool.
    ValueError
        If a number is out of range, ``range_low >= range_high``, the interval does not
        contain the estimate, or ``high`` is given with ``open_above``.

    Examples
    --------
    >>> check_quantity(10.2e6, 1e7, 1e8 - 1, low=9.4e6, high=10.9e6).verdict
    'borderline'
    >>> check_quantity(200e6, 1e7, 1e8 - 1, open_above=True).verdict
    'understatement'
    """
    est = _positive(estimate, "estimate")
    r_low = _positive(range_low, "range_low")
    r_high = _positive(range_high, "range_high")
    if r_low >= r_high:
        raise ValueError(f"range_low must be < range_high, got {r_low} >= {r_high}")
    open_above = as_bool(open_above, "open_above")
    lo = est if low is None else _positive(low, "low")
    if open_above:
        if high is not None:
            raise ValueError("high must be omitted when open_above is True")
        hi = math.inf
    else:
        hi = est if high is None else _positive(high, "high")
    if not lo <= est <= hi:
        raise ValueError(f"low <= estimate <= high is required, got {lo} <= {est} <= {hi}")
    if lo > r_high:
        verdict = "understatement"
    elif hi < r_low:
        verdict = "overstatement"
    elif r_low <= lo and hi <= r_high:
        verdict = "consistent"
    else:
        verdict = "borderline"
    return QuantityCheck(
        estimate=est, low=lo, high=hi, range_low=r_low, range_high=r_high, verdict=verdict,
        orders_apart=order_of_magnitude(est) - order_of_magnitude(r_low),
    )


def percent_interval(percent: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval, in percent, around a reported percentage of ``n`` items.

    Parameters
    ----------
    percent : float
        Reported percentage in [0, 100] (it may be rounded; the interval is then
        approximate).
    n : int
        Number of items the percentage is of, >= 1.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    low, high : float
        Interval bounds in percent.

    Raises
    ------
    TypeError, ValueError
        If an argument is not a number or out of range (the argument is named).

    Notes
    -----
    ``statsmodels.stats.proportion.proportion_confint(count, n, method="wilson")`` with
    ``count = percent / 100 * n`` (a rounded percentage gives a fractional count, which
    the formula accepts).

    References
    ----------
    .. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. Journal of the American Statistical Association, 22(158),
       209-212.

    Examples
    --------
    >>> [round(v, 1) for v in percent_interval(50, 100)]
    [40.4, 59.6]
    """
    from statsmodels.stats.proportion import proportion_confint

    share = _percent(percent, "percent") / 100.0
    count = as_int(n, "n", minimum=1)
    low, high = proportion_confint(share * count, count, alpha=1.0 - as_level(level),
                                   method="wilson")
    return 100.0 * float(low), 100.0 * float(high)
