"""The precision of a share estimated from a few people.

A physiological *share* (for example "the brain supplies 70-80 % of circulating BDNF") is
often estimated from a handful of volunteers: how precise can such a share be? Individual
people differ, so the mean share of ``n`` people scatters around the true mean share. Two
independent routes are given:

* :func:`share_interval` -- the textbook Student-t interval for a mean of ``n``
  individual shares with an assumed between-person standard deviation (and
  :func:`n_for_share_half_width`, the people needed for a given precision): the width of
  the confidence interval a study would *report*, planning its precision;
* :func:`share_estimate_range` -- where the estimate of one study of ``n`` people *falls*
  when the between-person SD is known: the central range ``share -/+ z * SD / sqrt(n)``
  of the sampling distribution, narrower than the t interval because a study's own
  interval must also estimate the SD;
* :func:`simulate_share_estimates` -- a seeded simulation in which each person's share is
  drawn from a beta distribution (so every share stays between 0 and 100 %) with the
  assumed mean and standard deviation (:func:`beta_parameters`), and the mean of ``n``
  draws is recorded many times.

Both treat the reported share as the *mean of individual shares* and the between-person
standard deviation as an assumption to be varied over a plausible range; neither knows
how a particular paper computed its share.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import stats

from exneuro._validate import as_int, as_level, as_real, as_rng

__all__ = [
    "ShareEstimateRange",
    "ShareInterval",
    "ShareSimulation",
    "beta_parameters",
    "n_for_share_half_width",
    "share_estimate_range",
    "share_interval",
    "simulate_share_estimates",
]

_MIN_SIMS = 100


@dataclass(frozen=True)
class ShareInterval:
    """A Student-t confidence interval for the mean share of ``n`` people.

    Attributes
    ----------
    share : float
        The mean share (percent).
    sd : float
        Assumed between-person standard deviation of the individual shares (percentage
        points).
    n : int
        Number of people.
    level : float
        Confidence level.
    se : float
        Standard error ``sd / sqrt(n)``.
    half_width : float
        ``t_{n-1, (1+level)/2} * se``.
    low, high : float
        The interval, ``share -/+ half_width``, clipped to [0, 100].
    """

    share: float
    sd: float
    n: int
    level: float
    se: float
    half_width: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def _share(value: float, name: str) -> float:
    return float(as_real(value, name, lower=0.0, upper=100.0, allow_array=False,
                         reason="a share in percent"))


def _sd(value: float) -> float:
    return float(as_real(value, "sd", lower=0.0, allow_array=False,
                         reason="percentage points"))


def share_interval(share: float, sd: float, n: int, level: float = 0.95) -> ShareInterval:
    """Student-t interval for a share estimated as the mean of ``n`` individual shares.

    Parameters
    ----------
    share : float
        Estimated mean share in percent, strictly between 0 and 100.
    sd : float
        Assumed between-person SD of the individual shares, in percentage points, > 0.
    n : int
        Number of people, >= 2.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    ShareInterval

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If ``share`` is outside (0, 100), ``sd`` <= 0, ``n`` < 2 or ``level`` is outside
        (0, 1).

    Notes
    -----
    ``half_width = t_{n-1} * sd / sqrt(n)``: the usual interval for a mean, which assumes
    the individual shares are roughly normal. With small ``n`` and shares near 0 or 100
    the normal approximation is poor; :func:`simulate_share_estimates` checks it with
    bounded (beta-distributed) shares. The interval is clipped to [0, 100].

    This is the width of the interval a study *reports* (it estimates the SD from its own
    people, hence Student's t), the quantity to plan a study's precision with. Where the
    estimates of such studies *fall*, given the SD, is :func:`share_estimate_range`.

    Examples
    --------
    >>> r = share_interval(75, 15, 8)
    >>> round(r.half_width, 2)
    12.54
    """
    centre = _share(share, "share")
    spread = _sd(sd)
    people = as_int(n, "n", minimum=2)
    conf = as_level(level)
    se = spread / math.sqrt(people)
    half = float(stats.t.ppf(0.5 + conf / 2.0, people - 1)) * se
    return ShareInterval(share=centre, sd=spread, n=people, level=conf, se=se, half_width=half,
                         low=max(0.0, centre - half), high=min(100.0, centre + half))


@dataclass(frozen=True)
class ShareEstimateRange:
    """Where the mean share of ``n`` people falls when the between-person SD is known.

    Attributes
    ----------
    share : float
        The true mean share (percent).
    sd : float
        Between-person standard deviation of the individual shares (percentage points).
    n : int
        Number of people.
    level : float
        Share of estimates inside the range.
    se : float
        Standard error of the mean share, ``sd / sqrt(n)``.
    half_width : float
        ``z_{(1+level)/2} * se``.
    low, high : float
        The range, ``share -/+ half_width``, clipped to [0, 100].
    """

    share: float
    sd: float
    n: int
    level: float
    se: float
    half_width: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def share_estimate_range(share: float, sd: float, n: int, level: float = 0.95) -> ShareEstimateRange:
    """Central range of the estimates that studies of ``n`` people would report.

    If each person's share scatters around ``share`` with a known SD, the mean of ``n``
    people has standard error ``sd / sqrt(n)`` and, by the central limit theorem, the
    middle ``level`` of all such estimates lies within ``z * sd / sqrt(n)`` of ``share``.
    This answers "where does one study's estimate land?"; :func:`share_interval` answers
    "how wide is the confidence interval a study reports?", which uses Student's t because
    the study must estimate the SD from its own ``n`` people, and is therefore wider.

    Parameters
    ----------
    share : float
        True mean share in percent, strictly between 0 and 100.
    sd : float
        Between-person SD of the individual shares, in percentage points, > 0.
    n : int
        Number of people, >= 1.
    level : float, optional
        Share of estimates the range holds, in (0, 1). Default 0.95.

    Returns
    -------
    ShareEstimateRange

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If ``share`` is outside (0, 100), ``sd`` <= 0, ``n`` < 1 or ``level`` is outside
        (0, 1).

    Notes
    -----
    The normal approximation ignores that shares are bounded by 0 and 100 %;
    :func:`simulate_share_estimates` draws bounded (beta-distributed) shares and reports
    the same central range by simulation (its ``low`` and ``high``). The range is clipped
    to [0, 100].

    Examples
    --------
    >>> r = share_estimate_range(75, 15, 8)
    >>> round(r.low, 1), round(r.high, 1)
    (64.6, 85.4)
    """
    centre = _share(share, "share")
    spread = _sd(sd)
    people = as_int(n, "n", minimum=1)
    conf = as_level(level)
    se = spread / math.sqrt(people)
    half = float(stats.norm.isf((1.0 - conf) / 2.0)) * se
    return ShareEstimateRange(share=centre, sd=spread, n=people, level=conf, se=se,
                              half_width=half, low=max(0.0, centre - half),
                              high=min(100.0, centre + half))


def n_for_share_half_width(half_width: float, sd: float, level: float = 0.95,
                           max_n: int = 100_000) -> int:
    """Smallest number of people whose t interval for a mean share is no wider than asked.

    Parameters
    ----------
    half_width : float
        Target half-width of the interval in percentage points, > 0.
    sd : float
        Assumed between-person SD in percentage points, > 0.
    level : float, optional
        Confidence level. Default 0.95.
    max_n : int, optional
        Give up above this many people (>= 2). Default 100,000.

    Returns
    -------
    int
        The smallest ``n >= 2`` with ``t_{n-1} * sd / sqrt(n) <= half_width``.

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If an argument is out of range, or no ``n <= max_n`` reaches the target.

    Examples
    --------
    >>> n_for_share_half_width(5, 15)
    38
    """
    target = float(as_real(half_width, "half_width", lower=0.0, allow_array=False))
    spread = _sd(sd)
    conf = as_level(level)
    ceiling = as_int(max_n, "max_n", minimum=2)
    q = 0.5 + conf / 2.0
    # Start from the normal approximation (a lower bound on n) and step up.
    n = max(2, math.ceil((stats.norm.ppf(q) * spread / target) ** 2))
    while n <= ceiling:
        if stats.t.ppf(q, n - 1) * spread / math.sqrt(n) <= target:
            return int(n)
        n += 1
    raise ValueError(f"no n <= max_n={ceiling} reaches half_width={target} with sd={spread}")


def beta_parameters(mean: float, sd: float) -> tuple[float, float]:
    """Shape parameters of the beta distribution with a given mean and SD (in percent).

    Parameters
    ----------
    mean : float
        Mean share in percent, strictly between 0 and 100.
    sd : float
        SD in percentage points, > 0 and below ``sqrt(mean * (100 - mean))`` (the largest
        SD a distribution on [0, 100] with that mean can have).

    Returns
    -------
    (a, b) : tuple of float

    Raises
    ------
    TypeError
        If an argument is not a real scalar.
    ValueError
        If ``mean`` is outside (0, 100), or ``sd`` is not in the allowed range.

    Notes
    -----
    With ``m = mean / 100`` and ``v = (sd / 100)^2``, ``a + b = m (1 - m) / v - 1``,
    ``a = m (a + b)``, ``b = (1 - m)(a + b)``.

    Examples
    --------
    >>> a, b = beta_parameters(75, 15)
    >>> round(a, 4), round(b, 4)
    (5.5, 1.8333)
    """
    m = _share(mean, "mean") / 100.0
    spread = _sd(sd)
    largest = 100.0 * math.sqrt(m * (1.0 - m))
    if spread >= largest:
        raise ValueError(f"sd must be < {largest:.4g} percentage points for a mean of "
                         f"{100 * m:g} % (no distribution on [0, 100] is wider), got {spread!r}")
    v = (spread / 100.0) ** 2
    total = m * (1.0 - m) / v - 1.0
    return m * total, (1.0 - m) * total


@dataclass(frozen=True)
class ShareSimulation:
    """Spread of the mean share of ``n`` people, simulated with bounded individual shares.

    Attributes
    ----------
    true_share, sd, n, n_sims, level :
        The inputs.
    mean_estimate : float
        Average of the simulated estimates (close to ``true_share``).
    sd_estimate : float
        Standard deviation of the simulated estimates (close to ``sd / sqrt(n)``).
    low, high : float
        Central ``level`` range of the simulated estimates (e.g. 2.5th and 97.5th
        percentiles): where the estimate from one study of ``n`` people lands.
    p_within : float or None
        Share of simulated estimates inside ``window`` (if one was given).
    t_coverage : float
        Share of simulated studies whose own t interval covers ``true_share`` (a check on
        the normal approximation behind :func:`share_interval`).
    mc_se : float
        Monte Carlo standard error of ``t_coverage``.
    """

    true_share: float
    sd: float
    n: int
    n_sims: int
    level: float
    mean_estimate: float
    sd_estimate: float
    low: float
    high: float
    p_within: float | None
    t_coverage: float
    mc_se: float

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def simulate_share_estimates(
    true_share: float,
    sd: float,
    n: int,
    rng: np.random.Generator,
    n_sims: int = 20_000,
    level: float = 0.95,
    window: tuple[float, float] | None = None,
) -> ShareSimulation:
    """Simulate studies that estimate a share as the mean of ``n`` people's shares.

    Each person's share is drawn from the beta distribution with mean ``true_share`` and
    SD ``sd`` (both in percent), so no share falls outside 0-100 %. The mean of ``n``
    draws is one study's estimate; ``n_sims`` studies are simulated in one vectorised pass.

    Parameters
    ----------
    true_share : float
        True mean share in percent, in (0, 100).
    sd : float
        Between-person SD in percentage points (see :func:`beta_parameters`).
    n : int
        People per study, >= 2.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``numpy.random.default_rng(2009)``.
    n_sims : int, optional
        Number of simulated studies, >= 100. Default 20,000.
    level : float, optional
        Level of the central range and of the t intervals. Default 0.95.
    window : (float, float), optional
        A range of estimates (percent), e.g. a reported "70-80 %"; the result then says
        how often one study's estimate lands inside it.

    Returns
    -------
    ShareSimulation

    Raises
    ------
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator` or a number is not numeric.
    ValueError
        If an argument is out of range or ``window`` is not an increasing pair within
        [0, 100].

    Examples
    --------
    >>> import numpy as np
    >>> sim = simulate_share_estimates(75, 15, 8, np.random.default_rng(1), n_sims=2000)
    >>> abs(sim.sd_estimate - 15 / 8 ** 0.5) < 0.5
    True
    """
    generator = as_rng(rng)
    centre = _share(true_share, "true_share")
    spread = _sd(sd)
    a, b = beta_parameters(centre, spread)
    people = as_int(n, "n", minimum=2)
    sims = as_int(n_sims, "n_sims", minimum=_MIN_SIMS)
    conf = as_level(level)
    if window is not None:
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise TypeError("window must be a (low, high) pair of percentages or None")
        w_low = _share(window[0], "window[0]")
        w_high = _share(window[1], "window[1]")
        if not w_low < w_high:
            raise ValueError(f"window must be increasing, got ({w_low}, {w_high})")
    draws = 100.0 * generator.beta(a, b, size=(sims, people))
    estimates = draws.mean(axis=1)
    sample_sd = draws.std(axis=1, ddof=1)
    tail = (1.0 - conf) / 2.0
    low, high = np.quantile(estimates, [tail, 1.0 - tail])
    half = stats.t.ppf(1.0 - tail, people - 1) * sample_sd / math.sqrt(people)
    covered = np.abs(estimates - centre) <= half
    coverage = float(covered.mean())
    p_within = None
    if window is not None:
        p_within = float(((estimates >= w_low) & (estimates <= w_high)).mean())
    return ShareSimulation(
        true_share=centre, sd=spread, n=people, n_sims=sims, level=conf,
        mean_estimate=float(estimates.mean()), sd_estimate=float(estimates.std(ddof=1)),
        low=float(low), high=float(high), p_within=p_within, t_coverage=coverage,
        mc_se=float(math.sqrt(coverage * (1.0 - coverage) / sims)),
    )
