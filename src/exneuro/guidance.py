"""Exercise guidance re-expressed as numbers: heart-rate ranges and weekly doses.

Guidance for exercise is usually written as a mix of frequencies ("3 times a week"),
durations ("up to 30 minutes"), intensities ("50-80 % of age-predicted peak heart rate")
and volumes ("8-12 repetitions for 1-2 sets"). This module turns such statements into a
few comparable quantities: a heart-rate range in beats per minute for a given age, and a
weekly dose (sessions and minutes per week, repetitions per week). Comparing two
versions of the same guidance then becomes a comparison of numbers.

Ranges are written as ``(low, high)`` tuples; a single number means ``low == high``.
Every function validates its input and names the offending argument.

Two age-predicted maximal heart-rate equations are offered:

``"220-age"``
    The customary rule ``HRmax = 220 - age``. It is a convention rather than the result
    of one study; the book treats it as a labelled assumption.
``"tanaka"``
    ``HRmax = 208 - 0.7 * age`` from Tanaka, Monahan & Seals (2001).

References
----------
.. [1] Tanaka, H., Monahan, K. D., & Seals, D. R. (2001). Age-predicted maximal heart
   rate revisited. Journal of the American College of Cardiology, 37(1), 153-156.
   https://doi.org/10.1016/S0735-1097(00)01054-8
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from exneuro._validate import as_choice, as_real, as_text

__all__ = [
    "DAYS_PER_WEEK",
    "HR_MAX_FORMULAS",
    "HeartRateRange",
    "WeeklyDose",
    "age_predicted_max_heart_rate",
    "dose_table",
    "heart_rate_range",
    "non_aerobic_days",
    "per_day_to_per_week",
    "range_text",
    "weekly_dose",
    "weekly_repetitions",
]

#: Days in a week, used to turn daily guidance into weekly guidance.
DAYS_PER_WEEK = 7

#: Age-predicted maximal heart rate, ``intercept - slope * age`` (beats per minute).
HR_MAX_FORMULAS: dict[str, tuple[float, float]] = {
    "220-age": (220.0, 1.0),
    "tanaka": (208.0, 0.7),
}

#: Adult ages (years) for which the equations are offered.
AGE_RANGE = (18.0, 100.0)

#: Upper limits that catch unit mistakes (e.g. minutes per week passed as per session).
MAX_SESSIONS_PER_WEEK = 28.0
MAX_MINUTES_PER_SESSION = 600.0
MAX_SETS = 20.0
MAX_REPETITIONS = 100.0


def _real(value: float, name: str, lower: float, upper: float, *,
          lower_inclusive: bool = True) -> float:
    """A finite real scalar within ``[lower, upper]`` (or ``(lower, upper]``)."""
    return float(as_real(value, name, lower=lower, upper=upper, lower_inclusive=lower_inclusive,
                         upper_inclusive=True, allow_array=False))


def _range(value: float | tuple[float, float], name: str, lower: float, upper: float, *,
           lower_inclusive: bool = True) -> tuple[float, float]:
    """A number or a ``(low, high)`` pair, each within the bounds, with low <= high."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be a number or a (low, high) pair, got {value!r}")
        low = _real(value[0], f"{name} (low)", lower, upper, lower_inclusive=lower_inclusive)
        high = _real(value[1], f"{name} (high)", lower, upper, lower_inclusive=lower_inclusive)
        if low > high:
            raise ValueError(f"{name} must have low <= high, got {value!r}")
        return low, high
    single = _real(value, name, lower, upper, lower_inclusive=lower_inclusive)
    return single, single


def _formula(formula: str) -> tuple[float, float]:
    return HR_MAX_FORMULAS[as_choice(formula, "formula", HR_MAX_FORMULAS)]


def age_predicted_max_heart_rate(age: float, formula: str = "220-age") -> float:
    """Age-predicted maximal heart rate in beats per minute.

    Parameters
    ----------
    age : float
        Age in years, in [18, 100].
    formula : {"220-age", "tanaka"}, optional
        ``"220-age"`` (default): the customary ``220 - age`` rule, a convention.
        ``"tanaka"``: ``208 - 0.7 * age`` (Tanaka, Monahan & Seals 2001).

    Returns
    -------
    float
        Predicted maximal heart rate (beats per minute). It is a population average:
        individuals differ from it by many beats per minute.

    Raises
    ------
    TypeError
        If ``age`` is not a real number or ``formula`` not a string.
    ValueError
        If ``age`` is outside [18, 100] or ``formula`` is unknown.

    Examples
    --------
    >>> age_predicted_max_heart_rate(60)
    160.0
    >>> age_predicted_max_heart_rate(60, formula="tanaka")
    166.0
    """
    intercept, slope = _formula(formula)
    years = _real(age, "age", *AGE_RANGE)
    return intercept - slope * years


@dataclass(frozen=True)
class HeartRateRange:
    """A target heart-rate range as a percentage band of the age-predicted maximum.

    Attributes
    ----------
    age : float
        Age in years.
    formula : str
        The maximal heart-rate equation used.
    max_bpm : float
        Age-predicted maximal heart rate (beats per minute).
    low_pct, high_pct : float
        The band, in percent of the maximum.
    low_bpm, high_bpm : float
        The band in beats per minute.
    """

    age: float
    formula: str
    max_bpm: float
    low_pct: float
    high_pct: float
    low_bpm: float
    high_bpm: float

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def heart_rate_range(age: float, low_pct: float, high_pct: float,
                     formula: str = "220-age") -> HeartRateRange:
    """Heart-rate band for an intensity given as a percentage of age-predicted maximum.

    Parameters
    ----------
    age : float
        Age in years, in [18, 100].
    low_pct, high_pct : float
        Lower and upper intensity in percent of the maximum, each in (0, 100],
        with ``low_pct <= high_pct``.
    formula : {"220-age", "tanaka"}, optional
        See :func:`age_predicted_max_heart_rate`.

    Returns
    -------
    HeartRateRange

    Raises
    ------
    TypeError, ValueError
        For a non-numeric or out-of-range argument (named in the message), or
        ``low_pct > high_pct``.

    Examples
    --------
    >>> band = heart_rate_range(60, 50, 80)
    >>> band.low_bpm, band.high_bpm
    (80.0, 128.0)
    """
    maximum = age_predicted_max_heart_rate(age, formula)
    low = _real(low_pct, "low_pct", 0.0, 100.0, lower_inclusive=False)
    high = _real(high_pct, "high_pct", 0.0, 100.0, lower_inclusive=False)
    if low > high:
        raise ValueError(f"low_pct must be <= high_pct, got {low!r} > {high!r}")
    return HeartRateRange(
        age=float(age), formula=formula, max_bpm=maximum, low_pct=low, high_pct=high,
        low_bpm=maximum * low / 100.0, high_bpm=maximum * high / 100.0,
    )


@dataclass(frozen=True)
class WeeklyDose:
    """Sessions and minutes per week implied by a frequency and a session length.

    Attributes
    ----------
    activity : str
        What the dose is for (free text, e.g. ``"aerobic"``).
    sessions_low, sessions_high : float
        Sessions per week.
    minutes_low, minutes_high : float
        Minutes per session.
    weekly_minutes_low, weekly_minutes_high : float
        Minutes per week: fewest sessions of the shortest length, most sessions of the
        longest length.
    """

    activity: str
    sessions_low: float
    sessions_high: float
    minutes_low: float
    minutes_high: float
    weekly_minutes_low: float
    weekly_minutes_high: float

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def weekly_dose(sessions_per_week: float | tuple[float, float],
                minutes_per_session: float | tuple[float, float],
                activity: str = "aerobic") -> WeeklyDose:
    """Weekly dose from sessions per week and minutes per session.

    Parameters
    ----------
    sessions_per_week : float or (float, float)
        Sessions per week, or a ``(low, high)`` range, each in (0, 28].
    minutes_per_session : float or (float, float)
        Minutes per session, or a range, each in [0, 600]. "Up to 30 minutes" is
        ``(0, 30)``.
    activity : str, optional
        Label carried into the result.

    Returns
    -------
    WeeklyDose

    Raises
    ------
    TypeError
        If a number is not real or ``activity`` is not a string.
    ValueError
        If a value is out of range (named in the message) or a range has low > high.

    Examples
    --------
    >>> dose = weekly_dose(3, (0, 30))
    >>> dose.weekly_minutes_low, dose.weekly_minutes_high
    (0.0, 90.0)
    """
    activity = as_text(activity, "activity", allow_empty=True)
    sessions = _range(sessions_per_week, "sessions_per_week", 0.0, MAX_SESSIONS_PER_WEEK,
                      lower_inclusive=False)
    minutes = _range(minutes_per_session, "minutes_per_session", 0.0, MAX_MINUTES_PER_SESSION)
    return WeeklyDose(
        activity=activity,
        sessions_low=sessions[0], sessions_high=sessions[1],
        minutes_low=minutes[0], minutes_high=minutes[1],
        weekly_minutes_low=sessions[0] * minutes[0],
        weekly_minutes_high=sessions[1] * minutes[1],
    )


def per_day_to_per_week(times_per_day: float | tuple[float, float]) -> tuple[float, float]:
    """Turn "n times every day" into sessions per week.

    Parameters
    ----------
    times_per_day : float or (float, float)
        Sessions per day, or a range, each in (0, 4].

    Returns
    -------
    tuple of float
        ``(low, high)`` sessions per week.

    Raises
    ------
    TypeError, ValueError
        For a non-numeric or out-of-range value (named in the message).

    Examples
    --------
    >>> per_day_to_per_week((1, 2))
    (7.0, 14.0)
    """
    low, high = _range(times_per_day, "times_per_day", 0.0,
                       MAX_SESSIONS_PER_WEEK / DAYS_PER_WEEK, lower_inclusive=False)
    return low * DAYS_PER_WEEK, high * DAYS_PER_WEEK


def non_aerobic_days(aerobic_days_per_week: float) -> float:
    """Days left in the week after the aerobic days ("strength on non-aerobic days").

    Parameters
    ----------
    aerobic_days_per_week : float
        Aerobic days per week, in [0, 7].

    Returns
    -------
    float
        ``7 - aerobic_days_per_week``.

    Raises
    ------
    TypeError, ValueError
        For a non-numeric or out-of-range value.

    Examples
    --------
    >>> non_aerobic_days(3)
    4.0
    """
    days = _real(aerobic_days_per_week, "aerobic_days_per_week", 0.0, float(DAYS_PER_WEEK))
    return DAYS_PER_WEEK - days


def weekly_repetitions(sets: float | tuple[float, float], repetitions: float | tuple[float, float],
                       sessions_per_week: float | tuple[float, float]) -> tuple[float, float]:
    """Repetitions per exercise per week: sets x repetitions x sessions.

    Parameters
    ----------
    sets : float or (float, float)
        Sets per session, each in (0, 20].
    repetitions : float or (float, float)
        Repetitions per set, each in (0, 100].
    sessions_per_week : float or (float, float)
        Sessions per week, each in (0, 28].

    Returns
    -------
    tuple of float
        ``(low, high)`` repetitions of one exercise per week.

    Raises
    ------
    TypeError, ValueError
        For a non-numeric or out-of-range value (named in the message).

    Examples
    --------
    >>> weekly_repetitions((1, 2), (8, 12), 4)
    (32.0, 96.0)
    """
    set_range = _range(sets, "sets", 0.0, MAX_SETS, lower_inclusive=False)
    rep_range = _range(repetitions, "repetitions", 0.0, MAX_REPETITIONS, lower_inclusive=False)
    session_range = _range(sessions_per_week, "sessions_per_week", 0.0, MAX_SESSIONS_PER_WEEK,
                           lower_inclusive=False)
    return (set_range[0] * rep_range[0] * session_range[0],
            set_range[1] * rep_range[1] * session_range[1])


def range_text(values: float | tuple[float, float], unit: str = "") -> str:
    """A number or a ``(low, high)`` range as the book's tables write it.

    Parameters
    ----------
    values : float or (float, float)
        A number >= 0, or a range with ``low <= high``.
    unit : str, optional
        Appended after a space, e.g. ``"per day"``.

    Returns
    -------
    str
        ``"3"`` for a single number or a range whose ends agree, ``"8-12"`` for a range,
        with the unit after it; numbers in the shortest form (``:g``).

    Raises
    ------
    TypeError, ValueError
        For a non-numeric or negative value, a reversed range, or a ``unit`` that is not
        a string.

    Examples
    --------
    >>> range_text((8, 12), "repetitions"), range_text((1, 1)), range_text(30)
    ('8-12 repetitions', '1', '30')
    """
    low, high = _range(values, "values", 0.0, float("inf"))
    unit = as_text(unit, "unit", allow_empty=True)
    text = f"{low:g}" if low == high else f"{low:g}-{high:g}"
    return f"{text} {unit}".strip()


def dose_table(doses: dict[str, WeeklyDose]) -> pd.DataFrame:
    """One row per labelled weekly dose, for printing side by side.

    Parameters
    ----------
    doses : dict of str to WeeklyDose
        Label (e.g. ``"reader comment"``) to dose.

    Returns
    -------
    pandas.DataFrame
        Indexed by label, with the :class:`WeeklyDose` fields as columns.

    Raises
    ------
    TypeError
        If ``doses`` is not a dict of :class:`WeeklyDose`.
    ValueError
        If ``doses`` is empty.

    Examples
    --------
    >>> float(dose_table({"a": weekly_dose(3, 30)}).loc["a", "weekly_minutes_high"])
    90.0
    """
    if not isinstance(doses, dict):
        raise TypeError(f"doses must be a dict of label -> WeeklyDose, got {type(doses).__name__}")
    if not doses:
        raise ValueError("doses must not be empty")
    for label, dose in doses.items():
        if not isinstance(dose, WeeklyDose):
            raise TypeError(f"doses[{label!r}] must be a WeeklyDose, got {type(dose).__name__}")
    frame = pd.DataFrame([dose.to_dict() for dose in doses.values()],
                         index=pd.Index(list(doses), name="guidance"))
    return frame
