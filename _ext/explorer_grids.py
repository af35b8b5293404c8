"""The numbers behind the interactive explorers, computed by ``exneuro`` when the book is built.

An explorer (``_ext/explorers.py`` puts one on a page) is a small control panel: sliders for
a few assumptions, a list of results and a figure that follow them at once, in the browser,
without a kernel. The browser does no statistics. This module computes, with the
``exneuro`` package, every result at **every** setting the sliders offer, and the page
only looks the values up and draws them. The sliders move between these grid points and
nowhere else, so nothing is interpolated: each number shown is the package's own result
for the setting shown, rounded to the precision the page shows.

Each explorer reads its settings from the data package: the default of a slider (marked
on the page as the book's default) and the ends of its range are the ``value``, ``low``
and ``high`` of a row of ``data/assumptions.csv``; the significance level and the target
power are the book-wide rows; the reported numbers the explorers re-examine come from
``data/reported_numbers.csv`` and ``data/study_results.csv``. Only the spacing of the
grid points between the ends (a step, or the group sizes of :data:`GROUP_SIZES`) is
chosen here.

Computing the grids takes a few seconds per explorer (thousands of exact design analyses),
so :func:`cached_grid` keeps each one in a cache folder under a key made of everything it
depends on: the source of ``exneuro``, the data package and this file. A change to any of
them computes the grid afresh; nothing else does.

Explorers:

``methods``
    True effect (Cohen's d), group size and pre-study odds -> power, Type S error rate and
    exaggeration ratio of a two-sample t test that estimates its SD
    (:func:`exneuro.design.design_analysis_ttest`), and the positive predictive value of
    a significant result (:func:`exneuro.metascience.ppv`, without bias).
``hindlimb``
    Assumed CV, group size and true reduction -> Cohen's d of the reported drop and its
    exact 95 % interval (:func:`exneuro.effect_size.effect_from_percent_change`), the
    smallest reduction detectable with the target power
    (:func:`exneuro.power.min_detectable_reduction`), and the t-test design analysis of
    the true reduction (:func:`exneuro.design.design_analysis_ttest`).
``neurogenesis``
    Assumed CV, group size and true increase in surviving new cells -> Cohen's d of the
    reported doubling and its interval, and the design analysis of the increase tested on
    the log scale (:func:`exneuro.design.design_analysis_ratio`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

#: Bump when the layout of a grid changes, so that cached grids are recomputed.
GRID_FORMAT = 1

#: Group sizes offered between the ends of a range (plus the ends and the book's default).
GROUP_SIZES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200)

_HERE = Path(__file__).resolve()


# --------------------------------------------------------------------------------------
# Argument checks (messages start with the argument's name)
# --------------------------------------------------------------------------------------
def _real(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not _is_numpy_real(value):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number!r}")
    return number


def _is_numpy_real(value: Any) -> bool:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is always there with exneuro
        return False
    return isinstance(value, (np.integer, np.floating))


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def _check_name(name: Any) -> str:
    _text(name, "name")
    if name not in EXPLORERS:
        allowed = ", ".join(repr(n) for n in sorted(EXPLORERS))
        raise ValueError(f"name must be one of {allowed}, got {name!r}")
    return name


# --------------------------------------------------------------------------------------
# Grid points
# --------------------------------------------------------------------------------------
def value_grid(low: Any, high: Any, step: Any, default: Any, *, decimals: int = 6) -> tuple[float, ...]:
    """Evenly spaced points from ``low`` to ``high`` (both included), plus ``default``.

    Parameters
    ----------
    low, high : float
        The ends of the range, ``low < high``.
    step : float
        Spacing of the points, > 0; ``high`` is added when the steps do not land on it.
    default : float
        The book's default, inside ``[low, high]``; added when not already a point.
    decimals : int, optional
        Points are rounded to this many decimals (so 0.1 + 0.2 is 0.3). Default 6.

    Returns
    -------
    tuple of float
        Sorted, without duplicates.

    Raises
    ------
    TypeError
        If an argument is not a real number (``decimals``: not an int).
    ValueError
        If ``low >= high``, ``step <= 0`` or ``default`` is outside the range.

    Examples
    --------
    >>> value_grid(0.1, 0.5, 0.1, 0.25)
    (0.1, 0.2, 0.25, 0.3, 0.4, 0.5)
    """
    lo, hi, st, de = (_real(v, n) for v, n in ((low, "low"), (high, "high"), (step, "step"),
                                                 (default, "default")))
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError(f"decimals must be an int, got {type(decimals).__name__}")
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    if not lo < hi:
        raise ValueError(f"low must be below high, got low={lo!r} and high={hi!r}")
    if st <= 0:
        raise ValueError(f"step must be > 0, got {st!r}")
    if not lo <= de <= hi:
        raise ValueError(f"default must be in [{lo!r}, {hi!r}], got {de!r}")
    count = int(math.floor((hi - lo) / st + 1e-9))
    points = {round(lo + k * st, decimals) for k in range(count + 1)}
    points |= {round(hi, decimals), round(de, decimals)}
    return tuple(sorted(points))


def size_grid(low: Any, high: Any, default: Any) -> tuple[int, ...]:
    """Whole group sizes from ``low`` to ``high``: the ends, ``default`` and :data:`GROUP_SIZES` between.

    Where the range holds at most ten sizes, every whole number in it is offered.

    Raises
    ------
    TypeError
        If an argument is not a real number.
    ValueError
        If an argument is not a whole number >= 2, ``low >= high`` or ``default`` is
        outside the range.

    Examples
    --------
    >>> size_grid(3, 100, 11)
    (3, 4, 5, 6, 8, 10, 11, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)
    >>> size_grid(3, 10, 3)
    (3, 4, 5, 6, 7, 8, 9, 10)
    """
    values = {}
    for value, name in ((low, "low"), (high, "high"), (default, "default")):
        number = _real(value, name)
        if number != math.floor(number) or number < 2:
            raise ValueError(f"{name} must be a whole number >= 2, got {number!r}")
        values[name] = int(number)
    lo, hi, de = values["low"], values["high"], values["default"]
    if not lo < hi:
        raise ValueError(f"low must be below high, got low={lo} and high={hi}")
    if not lo <= de <= hi:
        raise ValueError(f"default must be in [{lo}, {hi}], got {de}")
    if hi - lo + 1 <= 10:
        return tuple(range(lo, hi + 1))
    return tuple(sorted({lo, hi, de} | {n for n in GROUP_SIZES if lo < n < hi}))


# --------------------------------------------------------------------------------------
# What an explorer is
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Control:
    """One slider: the values it steps through, how each is shown, and the book's default."""

    id: str
    label: str          # "Assumed spread"
    unit: str           # "SD / mean"
    noun: str           # how a sentence names the setting: "CV"
    values: tuple[float, ...]
    labels: tuple[str, ...]
    default: float
    source: str         # where the default and the range come from
    scale: str = "linear"  # axis of a chart drawn over this control: "linear" or "log"

    @property
    def default_index(self) -> int:
        return self.values.index(self.default)


@dataclass(frozen=True)
class Output:
    """One computed quantity, on the axes (control ids) it depends on."""

    id: str
    axes: tuple[str, ...]
    decimals: int
    scale: float = 1.0   # 100 shows a probability as a percentage
    unit: str = ""       # appended to the number: " %", "×"
    missing: str = ""    # shown where the package returns NaN


@dataclass(frozen=True)
class Row:
    """A line of the results list: a label, and a template of ``{output}`` fields."""

    label: str
    template: str


@dataclass(frozen=True)
class Series:
    output: str
    label: str


@dataclass(frozen=True)
class Chart:
    """A line chart of outputs over one control, the other controls held where they are."""

    x: str
    series: tuple[Series, ...]
    title: str
    y_label: str
    y_min: float | None = None
    y_max: float | None = None
    zero_line: bool = False


@dataclass(frozen=True)
class Explorer:
    name: str
    title: str
    about: str
    controls: tuple[Control, ...]
    outputs: tuple[Output, ...]
    rows: tuple[Row, ...]
    charts: tuple[Chart, ...]
    compute: Callable[["Explorer"], dict[str, Any]] = field(repr=False)

    def control(self, control_id: str) -> Control:
        for control in self.controls:
            if control.id == control_id:
                return control
        raise KeyError(control_id)


# --------------------------------------------------------------------------------------
# The three explorers
# --------------------------------------------------------------------------------------
def _assumption_row(assumption_id: str) -> dict[str, Any]:
    from exneuro import data

    frame = data.load_assumptions().set_index("assumption_id")
    row = frame.loc[assumption_id]
    return {"value": float(row["value"]), "low": float(row["low"]), "high": float(row["high"]),
            "unit": str(row["unit"]), "name": str(row["name"])}


def _book_wide() -> tuple[float, float]:
    from exneuro import data

    return data.assumption("conventional_alpha"), data.assumption("conventional_power")


def _fmt(value: float, decimals: int) -> str:
    text = f"{round(value, decimals) + 0.0:.{decimals}f}"
    return text.replace("-", "\u2212")


def _odds_label(odds: float) -> str:
    if odds >= 1:
        return f"{odds:g} : 1"
    return f"1 : {round(1 / odds, 6):g}"


def _grid_control(control_id: str, assumption_id: str, *, label: str, noun: str, step: float,
                  decimals: int, suffix: str = "", prefix: str = "") -> Control:
    row = _assumption_row(assumption_id)
    values = value_grid(row["low"], row["high"], step, row["value"])
    return Control(control_id, label, row["unit"], noun, values,
                   tuple(f"{prefix}{_fmt(v, decimals)}{suffix}" for v in values), row["value"],
                   f"data/assumptions.csv, row {assumption_id}")


def _size_control(control_id: str, assumption_id: str, *, label: str, noun: str,
                  scale: str = "linear") -> Control:
    row = _assumption_row(assumption_id)
    values = size_grid(row["low"], row["high"], row["value"])
    return Control(control_id, label, row["unit"], noun, tuple(float(v) for v in values),
                   tuple(str(v) for v in values), float(int(row["value"])),
                   f"data/assumptions.csv, row {assumption_id}", scale)


def _methods() -> Explorer:
    alpha, _target = _book_wide()
    odds_row = _assumption_row("explore_prior_odds")
    # Pre-study odds: the ones Ioannidis (2005, Table 4) works with, within the row's range,
    # and the book's default.
    odds = sorted({o for o in (1 / 1000, 1 / 100, 1 / 10, 1 / 5, 1 / 3, 1 / 2, 1.0, 2.0)
                   if odds_row["low"] <= o <= odds_row["high"]} | {odds_row["value"]})
    controls = (
        _grid_control("d", "explore_true_d", label="True effect", noun="true d", step=0.1,
                      decimals=2),
        _size_control("n", "explore_n_per_group", label="Group size", noun="group size",
                      scale="log"),
        Control("odds", "Pre-study odds", odds_row["unit"], "pre-study odds", tuple(odds),
                tuple(_odds_label(o) for o in odds), odds_row["value"],
                "data/assumptions.csv, row explore_prior_odds", "log"),
    )
    outputs = (
        Output("power", ("d", "n"), 0, 100.0, " %"),
        Output("type_s", ("d", "n"), 1, 100.0, " %"),
        Output("exaggeration", ("d", "n"), 2, 1.0, "\u00d7"),
        Output("ppv", ("d", "n", "odds"), 1, 100.0, " %"),
    )
    rows = (
        Row("Power (chance of a significant result)", "{power}"),
        Row("Type S error rate (significant, wrong sign)", "{type_s}"),
        Row("Exaggeration ratio (significant estimate \u00f7 true effect)", "{exaggeration}"),
        Row("Positive predictive value (chance a significant result is true)", "{ppv}"),
    )
    charts = (
        Chart("n", (Series("power", "power"), Series("ppv", "positive predictive value")),
              "Power and positive predictive value by group size", "%", 0.0, 100.0),
        Chart("n", (Series("exaggeration", "exaggeration ratio"),),
              "Exaggeration ratio by group size", "\u00d7 true effect", 1.0),
    )
    about = (f"A two-group study, analysed with a two-sided t test at \u03b1 = {alpha:g} that "
             "estimates its SD (exact design analysis, exneuro.design.design_analysis_ttest); "
             "the positive predictive value assumes no bias (exneuro.metascience.ppv).")
    return Explorer("methods", "Power, sign errors, exaggeration and the chance that a "
                    "finding is true", about, controls, outputs, rows, charts, _compute_methods)


def _compute_methods(explorer: Explorer) -> dict[str, Any]:
    import numpy as np

    from exneuro import design, metascience

    alpha, _target = _book_wide()
    ds, ns, odds = (explorer.control(c).values for c in ("d", "n", "odds"))
    shape = (len(ds), len(ns))
    power, type_s, exaggeration = np.empty(shape), np.empty(shape), np.empty(shape)
    for i, d in enumerate(ds):
        for j, n in enumerate(ns):
            result = design.design_analysis_ttest(d, int(n), alpha=alpha, probs=())
            power[i, j], type_s[i, j], exaggeration[i, j] = (result.power, result.type_s,
                                                            result.exaggeration)
    ppv = metascience.ppv(power[:, :, None], alpha, prior_odds=np.asarray(odds)[None, None, :])
    return {"power": power, "type_s": type_s, "exaggeration": exaggeration, "ppv": ppv}


def _hindlimb() -> Explorer:
    from exneuro import data

    alpha, target = _book_wide()
    headline = float(data.load_reported_numbers("000").set_index("number_id").loc["000-03", "value"])
    controls = (
        _grid_control("cv", "hu_cv", label="Assumed spread", noun="CV", step=0.1, decimals=2),
        _size_control("n", "hu_n_per_group", label="Group size", noun="group size"),
        _grid_control("reduction", "hu_true_reduction", label="True reduction", noun="true reduction",
                      step=10.0, decimals=0, suffix=" %"),
    )
    outputs = (
        Output("d_obs", ("cv",), 2),
        Output("d_low", ("cv", "n"), 2),
        Output("d_high", ("cv", "n"), 2),
        Output("mdr", ("cv", "n"), 0, 1.0, " %",
               missing="none short of a complete loss"),
        Output("power", ("cv", "n", "reduction"), 0, 100.0, " %"),
        Output("type_s", ("cv", "n", "reduction"), 1, 100.0, " %"),
        Output("exaggeration", ("cv", "n", "reduction"), 2, 1.0, "\u00d7"),
        Output("typical", ("cv", "n", "reduction"), 0, 1.0, " %"),
    )
    rows = (
        Row(f"Cohen's d of the reported {headline:g} % drop, with its 95 % interval",
            "{d_obs} (95 % interval {d_low} to {d_high})"),
        Row(f"Smallest reduction detectable with {100 * target:g} % power", "{mdr}"),
        Row("Power to detect the true reduction", "{power}"),
        Row("Type S error rate", "{type_s}"),
        Row("Exaggeration ratio", "{exaggeration}"),
        Row("Typical significant estimate of the reduction", "{typical}"),
    )
    charts = (
        Chart("reduction", (Series("power", "power"),), "Power by true reduction", "%", 0.0, 100.0),
        Chart("reduction", (Series("exaggeration", "exaggeration ratio"),),
              "Exaggeration ratio by true reduction", "\u00d7 true reduction", 1.0),
        Chart("cv", (Series("d_high", "upper limit"), Series("d_obs", "d"),
                     Series("d_low", "lower limit")),
              f"Cohen's d of the reported {headline:g} % drop by assumed spread", "d (SD units)",
              zero_line=True),
    )
    about = (f"Control mean 1, both groups with the same coefficient of variation; two-sided t "
             f"tests at \u03b1 = {alpha:g}. The interval for d is exact (noncentral t); the "
             "design analysis is exact for a t test that estimates its SD "
             "(exneuro.design.design_analysis_ttest).")
    return Explorer("hindlimb", "Hind-limb unloading: how big is the drop, and what could a "
                    "small study see?", about, controls, outputs, rows, charts, _compute_hindlimb)


def _compute_hindlimb(explorer: Explorer) -> dict[str, Any]:
    import numpy as np

    from exneuro import data, design, effect_size, power

    alpha, target = _book_wide()
    headline = float(data.load_reported_numbers("000").set_index("number_id").loc["000-03", "value"])
    cvs, ns, reductions = (explorer.control(c).values for c in ("cv", "n", "reduction"))
    d_obs = np.empty(len(cvs))
    d_low, d_high, mdr = (np.empty((len(cvs), len(ns))) for _ in range(3))
    shape = (len(cvs), len(ns), len(reductions))
    pw, type_s, exaggeration, typical = (np.empty(shape) for _ in range(4))
    for i, cv in enumerate(cvs):
        for j, n in enumerate(ns):
            observed = effect_size.effect_from_percent_change(-headline, cv, int(n))
            d_obs[i], d_low[i, j], d_high[i, j] = observed.d, observed.d_low, observed.d_high
            mdr[i, j] = power.min_detectable_reduction(int(n), cv, power=target, alpha=alpha)
            for k, reduction in enumerate(reductions):
                d_true = effect_size.effect_from_percent_change(-reduction, cv, int(n)).d
                result = design.design_analysis_ttest(d_true, int(n), alpha=alpha, probs=())
                pw[i, j, k], type_s[i, j, k] = result.power, result.type_s
                exaggeration[i, j, k] = result.exaggeration
                typical[i, j, k] = reduction * result.exaggeration
    return {"d_obs": d_obs, "d_low": d_low, "d_high": d_high, "mdr": mdr, "power": pw,
            "type_s": type_s, "exaggeration": exaggeration, "typical": typical}


def _neurogenesis() -> Explorer:
    from exneuro import data

    alpha, _target = _book_wide()
    ratio = float(data.load_study_results().set_index("result_id")
                  .loc["vanpraag1999a-survival-ratio", "mean"])
    controls = (
        _grid_control("cv", "mn_cv", label="Assumed spread", noun="CV", step=0.1, decimals=2),
        _size_control("n", "mn_n_per_group", label="Group size", noun="group size"),
        _grid_control("increase", "mn_true_increase", label="True increase", noun="true increase",
                      step=10.0, decimals=0, suffix=" %", prefix="+"),
    )
    outputs = (
        Output("d_obs", ("cv",), 2),
        Output("d_low", ("cv", "n"), 2),
        Output("d_high", ("cv", "n"), 2),
        Output("power", ("cv", "n", "increase"), 0, 100.0, " %"),
        Output("type_s", ("cv", "n", "increase"), 1, 100.0, " %"),
        Output("exaggeration", ("cv", "n", "increase"), 2, 1.0, "\u00d7"),
        Output("typical", ("cv", "n", "increase"), 0, 1.0, " %"),
    )
    rows = (
        Row(f"Cohen's d of the reported ratio of {ratio:g}, with its 95 % interval",
            "{d_obs} (95 % interval {d_low} to {d_high})"),
        Row("Power to detect the true increase", "{power}"),
        Row("Type S error rate", "{type_s}"),
        Row("Exaggeration ratio (log scale)", "{exaggeration}"),
        Row("Typical significant estimate of the increase", "+{typical}"),
    )
    charts = (
        Chart("increase", (Series("power", "power"),), "Power by true increase", "%", 0.0, 100.0),
        Chart("increase", (Series("typical", "typical significant estimate"),),
              "Typical significant estimate by true increase", "% increase", 0.0),
        Chart("cv", (Series("d_high", "upper limit"), Series("d_obs", "d"),
                     Series("d_low", "lower limit")),
              f"Cohen's d of the reported ratio of {ratio:g} by assumed spread", "d (SD units)",
              zero_line=True),
    )
    about = (f"Control mean 1, both groups with the same coefficient of variation. The design "
             f"analysis tests the ratio on the log scale with a two-sided t test at "
             f"\u03b1 = {alpha:g} (exneuro.design.design_analysis_ratio); its typical "
             "significant estimate is a geometric mean, turned back into a percent increase.")
    return Explorer("neurogenesis", "Running and new neurons: what could a study of a doubling "
                    "see?", about, controls, outputs, rows, charts, _compute_neurogenesis)


def _compute_neurogenesis(explorer: Explorer) -> dict[str, Any]:
    import numpy as np

    from exneuro import data, design, effect_size

    alpha, _target = _book_wide()
    ratio = float(data.load_study_results().set_index("result_id")
                  .loc["vanpraag1999a-survival-ratio", "mean"])
    cvs, ns, increases = (explorer.control(c).values for c in ("cv", "n", "increase"))
    d_obs = np.empty(len(cvs))
    d_low, d_high = np.empty((len(cvs), len(ns))), np.empty((len(cvs), len(ns)))
    shape = (len(cvs), len(ns), len(increases))
    pw, type_s, exaggeration, typical = (np.empty(shape) for _ in range(4))
    for i, cv in enumerate(cvs):
        for j, n in enumerate(ns):
            observed = effect_size.effect_from_percent_change(100.0 * (ratio - 1.0), cv, int(n))
            d_obs[i], d_low[i, j], d_high[i, j] = observed.d, observed.d_low, observed.d_high
            for k, increase in enumerate(increases):
                result = design.design_analysis_ratio(1.0 + increase / 100.0, int(n), cv=cv,
                                                      alpha=alpha, probs=())
                pw[i, j, k], type_s[i, j, k] = result.power, result.type_s
                exaggeration[i, j, k] = result.exaggeration
                typical[i, j, k] = result.typical_percent
    return {"d_obs": d_obs, "d_low": d_low, "d_high": d_high, "power": pw, "type_s": type_s,
            "exaggeration": exaggeration, "typical": typical}


EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "methods": _methods,
    "hindlimb": _hindlimb,
    "neurogenesis": _neurogenesis,
}


def explorer_names() -> tuple[str, ...]:
    """The names an ``{explorer}`` directive accepts."""
    return tuple(EXPLORERS)


def explorer_spec(name: str) -> Explorer:
    """The explorer called ``name``, its controls read from the data package.

    Raises
    ------
    TypeError
        If ``name`` is not a str.
    ValueError
        If ``name`` is not one of :func:`explorer_names`.
    """
    return EXPLORERS[_check_name(name)]()


# --------------------------------------------------------------------------------------
# Rounding and formatting, as the page shows numbers
# --------------------------------------------------------------------------------------
def shown_value(value: Any, output: Output) -> float | None:
    """``value`` as the page stores it: scaled, rounded to the shown decimals; None for NaN.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or ``output`` is not an :class:`Output`.
    """
    if not isinstance(output, Output):
        raise TypeError(f"output must be an Output, got {type(output).__name__}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not _is_numpy_real(value):
        raise TypeError(f"value must be a real number, got {type(value).__name__}")
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"value must be finite or NaN, got {number!r}")
    # + 0.0 turns -0.0 into 0.0: the page never shows "-0.0".
    return round(number * output.scale, output.decimals) + 0.0


def format_value(value: Any, output: Output) -> str:
    """How the page writes a stored value: fixed decimals, a true minus sign, the unit.

    ``None`` (the package returned NaN) is written as ``output.missing``.

    Raises
    ------
    TypeError
        If ``value`` is neither None nor a real number, or ``output`` is not an
        :class:`Output`.

    Examples
    --------
    >>> format_value(-0.5, Output("d", ("cv",), 2))
    '\u22120.50'
    """
    if not isinstance(output, Output):
        raise TypeError(f"output must be an Output, got {type(output).__name__}")
    if value is None:
        return output.missing
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not _is_numpy_real(value):
        raise TypeError(f"value must be a real number or None, got {type(value).__name__}")
    return _fmt(float(value), output.decimals) + output.unit


# --------------------------------------------------------------------------------------
# Computing, and caching, a grid
# --------------------------------------------------------------------------------------
def _package_files() -> list[Path]:
    spec = importlib.util.find_spec("exneuro")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the exneuro package is not installed: run `make venv`")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _data_files() -> list[Path]:
    from exneuro import data

    return sorted(p for p in data.data_dir().iterdir() if p.is_file())


def fingerprint(name: str) -> str:
    """A key that changes whenever anything the grid ``name`` depends on changes.

    It hashes the explorer's name, :data:`GRID_FORMAT`, this file, every source file of
    the installed ``exneuro`` package and every file of the data package.

    Raises
    ------
    TypeError, ValueError
        As for :func:`explorer_spec`.
    """
    _check_name(name)
    digest = hashlib.sha256(f"{name}\0{GRID_FORMAT}\0".encode())
    for path in [_HERE, *_package_files(), *_data_files()]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def compute_grid(name: str) -> dict[str, Any]:
    """Compute the explorer ``name`` at every setting its controls offer, with ``exneuro``.

    Returns
    -------
    dict
        JSON-ready: the explorer's title and notes, its controls (values, labels, the
        index of the book's default), its outputs (each a flat list in C order over its
        axes, scaled and rounded as the page shows it, None where the package gives NaN),
        the rows of its results list and its charts.

    Raises
    ------
    TypeError, ValueError
        As for :func:`explorer_spec`.
    """
    import numpy as np

    explorer = explorer_spec(name)
    arrays = explorer.compute(explorer)
    outputs = {}
    for output in explorer.outputs:
        array = np.asarray(arrays[output.id], dtype=float)
        expected = tuple(len(explorer.control(axis).values) for axis in output.axes)
        if array.shape != expected:  # pragma: no cover - a broken explorer definition
            raise RuntimeError(f"{name}: output {output.id} has shape {array.shape}, not {expected}")
        outputs[output.id] = {
            "axes": list(output.axes), "decimals": output.decimals, "unit": output.unit,
            "missing": output.missing,
            "values": [shown_value(v, output) for v in array.reshape(-1).tolist()],
        }
    return {
        "format": GRID_FORMAT,
        "name": explorer.name,
        "title": explorer.title,
        "about": explorer.about,
        "controls": [
            {"id": c.id, "label": c.label, "unit": c.unit, "noun": c.noun, "values": list(c.values),
             "labels": list(c.labels), "default": c.default_index, "source": c.source,
             "scale": c.scale}
            for c in explorer.controls
        ],
        "outputs": outputs,
        "rows": [{"label": r.label, "template": r.template} for r in explorer.rows],
        "charts": [
            {"x": c.x, "series": [{"output": s.output, "label": s.label} for s in c.series],
             "title": c.title, "y_label": c.y_label, "y_min": c.y_min, "y_max": c.y_max,
             "zero_line": c.zero_line}
            for c in explorer.charts
        ],
    }


def _check_folder(cache_dir: Any) -> Path | None:
    if cache_dir is None:
        return None
    if not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"cache_dir must be a path or None, got {type(cache_dir).__name__}")
    return Path(cache_dir)


def cached_grid(name: str, cache_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """:func:`compute_grid`, kept in ``cache_dir`` under its :func:`fingerprint`.

    A grid in the cache is used only while its key matches; a new grid replaces older
    grids of the same explorer. Without ``cache_dir`` the grid is computed.

    Raises
    ------
    TypeError
        If ``name`` is not a str or ``cache_dir`` is neither a path nor None.
    ValueError
        If ``name`` is not one of :func:`explorer_names`.
    """
    _check_name(name)
    folder = _check_folder(cache_dir)
    if folder is None:
        return compute_grid(name)
    key = fingerprint(name)
    path = folder / f"{name}-{key}.json"
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # a damaged cache file is recomputed below
    grid = compute_grid(name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.json"):
        if old != path:
            old.unlink(missing_ok=True)
    # A name of its own per process: parallel readers may write the same grid at once.
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(grid, separators=(",", ":"), allow_nan=False), encoding="utf-8")
    temporary.replace(path)
    return grid


def grid_index(grid: dict[str, Any], output_id: str, indices: dict[str, int]) -> int:
    """Position in ``grid["outputs"][output_id]["values"]`` of the setting ``indices``.

    ``indices`` maps each control id to the index of its value; controls the output does
    not depend on are ignored.

    Raises
    ------
    TypeError
        If ``grid`` or ``indices`` is not a dict, or ``output_id`` is not a str.
    ValueError
        If ``output_id`` is not an output of the grid, or an index is missing or out of
        range.
    """
    if not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict, got {type(grid).__name__}")
    _text(output_id, "output_id")
    if not isinstance(indices, dict):
        raise TypeError(f"indices must be a dict, got {type(indices).__name__}")
    if output_id not in grid["outputs"]:
        raise ValueError(f"output_id must be one of {sorted(grid['outputs'])}, got {output_id!r}")
    sizes = {c["id"]: len(c["values"]) for c in grid["controls"]}
    position = 0
    for axis in grid["outputs"][output_id]["axes"]:
        if axis not in indices:
            raise ValueError(f"indices must give the control {axis!r}")
        index = indices[axis]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < sizes[axis]:
            raise ValueError(f"indices[{axis!r}] must be an int in [0, {sizes[axis] - 1}], got {index!r}")
        position = position * sizes[axis] + index
    return position


def default_indices(grid: dict[str, Any]) -> dict[str, int]:
    """The setting at which every control shows the book's default."""
    if not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict, got {type(grid).__name__}")
    return {c["id"]: c["default"] for c in grid["controls"]}


def grid_sizes(names: Iterable[str] | None = None) -> dict[str, int]:
    """Number of settings (cells) of each explorer's grid, without computing it."""
    result = {}
    for name in (explorer_names() if names is None else names):
        explorer = explorer_spec(name)
        cells = 1
        for control in explorer.controls:
            cells *= len(control.values)
        result[name] = cells
    return result


def compute_missing(names: Iterable[str], cache_dir: str | os.PathLike[str], *,
                    processes: int | None = None) -> list[str]:
    """Compute, in parallel processes, the grids of ``names`` that ``cache_dir`` lacks.

    Returns the names computed. With one process (or one grid to compute) the work is
    done in this process.

    Raises
    ------
    TypeError
        If ``names`` holds a non-str, ``cache_dir`` is not a path or ``processes`` is not
        an int.
    ValueError
        If a name is unknown or ``processes`` < 1.
    """
    wanted = [_check_name(n) for n in names]
    folder = _check_folder(cache_dir)
    if folder is None:
        raise TypeError("cache_dir must be a path, got None")
    if processes is None:
        processes = max(1, min(2, os.cpu_count() or 1))
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be >= 1, got {processes}")
    missing = [n for n in dict.fromkeys(wanted) if not (folder / f"{n}-{fingerprint(n)}.json").is_file()]
    if len(missing) <= 1 or processes == 1:
        for name in missing:
            cached_grid(name, folder)
        return missing
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # "spawn": a fresh interpreter per worker, safe whatever threads the parent runs.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(processes, len(missing)), mp_context=context) as pool:
        list(pool.map(cached_grid, missing, [str(folder)] * len(missing)))
    return missing
