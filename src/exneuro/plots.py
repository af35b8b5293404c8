"""The book's figure style and its standard figures.

One seaborn theme (the colour-blind-safe ``colorblind`` palette, white opaque
backgrounds so figures stay readable in the site's dark mode) and four figure types used
by every chapter: power curves, sensitivity heat maps, design-analysis curves and forest
plots. Each function draws on an Axes (a new one if none is given), labels every axis
with its unit and returns the Axes.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from exneuro._validate import as_choice, as_probability, as_real, as_text

__all__ = [
    "PALETTE",
    "design_analysis_plot",
    "figure_svg",
    "forest_plot",
    "power_curve",
    "sensitivity_heatmap",
    "set_theme",
]

#: Colour-blind-safe palette (seaborn "colorblind", after Okabe & Ito).
PALETTE = sns.color_palette("colorblind")


def set_theme() -> None:
    """Apply the book's theme: seaborn ``ticks``, colour-blind palette, opaque white, SVG.

    In a notebook, figures are shown as SVG: sharp on any screen, a few kilobytes once
    compressed, and text a reader can select. The SVG is made reproducible (fixed element
    ids, no creation date), because stored outputs are compared with a fresh run.
    """
    sns.set_theme(style="ticks", palette=PALETTE, context="notebook")
    mpl.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "exneuro",
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.transparent": False,
            "figure.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": "medium",
            "figure.figsize": (6.4, 4.0),
        }
    )
    _inline_figures_as_svg()


_SVG_SIZE = re.compile(r'<svg([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt" viewBox="0 0 ([\d.]+) ([\d.]+)"')


def figure_svg(figure: Figure) -> str:
    """The figure as the book shows it: SVG, cropped tight, whole pixels, opaque white.

    A tightly cropped SVG is a fractional number of pixels wide, and a browser leaves the
    last, partly covered row and column of pixels half transparent: a grey seam around
    the figure in dark mode. The canvas is therefore widened to whole CSS pixels
    (1 pt = 4/3 px) and painted white underneath the figure. No creation date is written,
    so the same figure gives the same SVG on every run.

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    str
        The SVG document.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    match = _SVG_SIZE.search(svg)
    if match is None:  # pragma: no cover - matplotlib always writes these attributes
        return svg
    width_px = math.ceil(float(match.group(2)) * 4 / 3 - 1e-6)
    height_px = math.ceil(float(match.group(3)) * 4 / 3 - 1e-6)
    view_w, view_h = f"{width_px * 0.75:g}", f"{height_px * 0.75:g}"
    head = (f'<svg{match.group(1)} width="{width_px}px" height="{height_px}px" '
            f'viewBox="0 0 {view_w} {view_h}"')
    svg = svg[:match.start()] + head + svg[match.end():]
    opening_end = svg.index(">", match.start()) + 1
    background = f'\n <rect width="{view_w}" height="{view_h}" fill="#ffffff"/>'
    return svg[:opening_end] + background + svg[opening_end:]


def _inline_figures_as_svg() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg")
    shell.display_formatter.formatters["image/svg+xml"].for_type(Figure, figure_svg)


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _require_frame(frame: object) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError("frame must have at least one row")
    return frame


def _require_columns(frame: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s): {', '.join(missing)}")


def _column(frame: pd.DataFrame, argument: str, value: object, *, optional: bool = False) -> None:
    """Check that the argument ``argument`` names a column of ``frame``."""
    if value is None and optional:
        return
    if not isinstance(value, str):
        kind = "a column name (str) or None" if optional else "a column name (str)"
        raise TypeError(f"{argument} must be {kind}, got {type(value).__name__}")
    if value not in frame.columns:
        raise ValueError(f"{argument}={value!r} is not a column of frame; it has "
                         f"{', '.join(map(str, frame.columns))}")


def _optional_real(value: float | None, name: str) -> float | None:
    return None if value is None else float(as_real(value, name, allow_array=False))


def power_curve(
    frame: pd.DataFrame,
    x: str,
    y: str = "power",
    hue: str | None = None,
    *,
    xlabel: str,
    target: float | None = 0.8,
    ax: Axes | None = None,
) -> Axes:
    """Power against sample size or effect size, one line per ``hue`` level.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy data with columns ``x``, ``y`` and optionally ``hue``.
    x, y, hue : str
        Column names.
    xlabel : str
        Axis label for ``x`` including its unit, e.g. ``"mice per group (n)"``.
    target : float or None
        Draw a dashed reference line at this power (default 0.8).
    ax : matplotlib Axes, optional

    Raises
    ------
    TypeError, ValueError
        If ``frame`` is not a non-empty DataFrame, a column argument does not name one of
        its columns, ``xlabel`` is not a string, or ``target`` is not None or a
        probability in (0, 1).
    """
    _require_frame(frame)
    for argument, value, optional in (("x", x, False), ("y", y, False), ("hue", hue, True)):
        _column(frame, argument, value, optional=optional)
    as_text(xlabel, "xlabel", allow_empty=True)
    if target is not None:
        target = float(as_probability(target, "target", allow_array=False))
    ax = _axes(ax)
    sns.lineplot(data=frame, x=x, y=y, hue=hue, marker="o", ax=ax,
                 palette=PALETTE[: frame[hue].nunique()] if hue else None)
    if target is not None:
        ax.axhline(target, color="0.4", linestyle="--", linewidth=1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("power (probability of p < α)")
    return ax


def sensitivity_heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    *,
    xlabel: str,
    ylabel: str,
    colorbar_label: str,
    fmt: str = ".2f",
    ax: Axes | None = None,
    cmap: str = "viridis",
    center: float | None = None,
    mark: float | None = None,
) -> Axes:
    """Heat map of ``value`` over a grid of ``x`` and ``y`` with the numbers printed.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy data, one row per (x, y) cell.
    x, y, value : str
        Column names.
    xlabel, ylabel, colorbar_label : str
        Labels with units.
    fmt : str
        Format of the annotations.
    cmap : str
        Matplotlib colour map.
    center : float, optional
        Value at the centre of a diverging colour map (e.g. 0 for a sign change).
    mark : float, optional
        A value to mark: a black line is drawn between the cells below it and the cells
        at or above it, and across the colour bar at that value (e.g. 0, where an
        interval starts to include no effect).

    Raises
    ------
    TypeError, ValueError
        If ``frame`` is not a non-empty DataFrame, a column argument does not name one of
        its columns, a label or ``fmt`` is not a string (or ``fmt`` not a valid format),
        ``cmap`` is not a matplotlib colour map name, or ``center`` or ``mark`` is not a
        finite number or None.
    """
    _require_frame(frame)
    for argument, column in (("x", x), ("y", y), ("value", value)):
        _column(frame, argument, column)
    for argument, text in (("xlabel", xlabel), ("ylabel", ylabel),
                           ("colorbar_label", colorbar_label)):
        as_text(text, argument, allow_empty=True)
    as_text(fmt, "fmt")
    try:
        format(0.5, fmt)
    except ValueError:
        raise ValueError(f"fmt must be a format specification such as '.2f', got {fmt!r}") \
            from None
    if not isinstance(cmap, str):
        raise TypeError(f"cmap must be the name of a matplotlib colour map, got "
                        f"{type(cmap).__name__}")
    if cmap not in mpl.colormaps:
        raise ValueError(f"cmap must be the name of a matplotlib colour map, got {cmap!r}")
    center = _optional_real(center, "center")
    mark = _optional_real(mark, "mark")
    ax = _axes(ax)
    grid = frame.pivot_table(index=y, columns=x, values=value, aggfunc="first")
    sns.heatmap(grid, annot=True, fmt=fmt, cmap=cmap, center=center, ax=ax,
                cbar_kws={"label": colorbar_label}, annot_kws={"fontsize": 8})
    if mark is not None:
        # Row i of the grid fills y from i to i + 1, column j fills x from j to j + 1.
        above = grid.to_numpy() >= mark
        rows, columns = above.shape
        style: dict[str, Any] = {"color": "black", "linewidth": 2.0, "solid_capstyle": "butt"}
        for i in range(rows):
            for j in range(columns):
                if i + 1 < rows and above[i, j] != above[i + 1, j]:
                    ax.plot([j, j + 1], [i + 1, i + 1], **style)
                if j + 1 < columns and above[i, j] != above[i, j + 1]:
                    ax.plot([j + 1, j + 1], [i, i + 1], **style)
        colorbar = ax.collections[0].colorbar
        if colorbar is not None:
            colorbar.ax.axhline(mark, color="black", linewidth=2.0)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def design_analysis_plot(
    frame: pd.DataFrame,
    *,
    x: str = "true_effect",
    xlabel: str,
    ax: Axes | None = None,
    exaggeration_scale: str = "log",
) -> Axes:
    """Power, Type S rate and exaggeration ratio against the true effect.

    Power and Type S share the left axis (probabilities); the exaggeration ratio has its
    own right axis, logarithmic by default. ``exaggeration_scale="linear"`` gives it a
    linear axis with plain tick labels, which reads better when the ratio stays within a
    few-fold.

    Raises
    ------
    TypeError, ValueError
        If ``frame`` is not a non-empty DataFrame with the columns ``power``, ``type_s``
        and ``exaggeration``, ``x`` does not name a column, ``xlabel`` is not a string, or
        ``exaggeration_scale`` is not "log" or "linear".
    """
    _require_frame(frame)
    _require_columns(frame, "frame", ["power", "type_s", "exaggeration"])
    _column(frame, "x", x)
    as_text(xlabel, "xlabel", allow_empty=True)
    exaggeration_scale = as_choice(exaggeration_scale, "exaggeration_scale", ("log", "linear"))
    ax = _axes(ax)
    ax.plot(frame[x], frame["power"], color=PALETTE[0], label="power")
    ax.plot(frame[x], frame["type_s"], color=PALETTE[1], linestyle="--", label="Type S rate")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("probability")
    right = ax.twinx()
    right.plot(frame[x], frame["exaggeration"], color=PALETTE[2], linestyle=":",
               label="exaggeration ratio (Type M)")
    if exaggeration_scale == "log":
        right.set_yscale("log")
        right.set_ylabel("exaggeration ratio (× true effect, log scale)")
    else:
        right.set_ylim(bottom=0)
        right.set_ylabel("exaggeration ratio (× true effect)")
    right.spines["right"].set_visible(True)
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [str(line.get_label()) for line in lines], loc="center right", frameon=False)
    return ax


def forest_plot(
    frame: pd.DataFrame,
    *,
    estimate: str = "estimate",
    low: str = "ci_low",
    high: str = "ci_high",
    label: str = "label",
    group: str | None = None,
    xlabel: str,
    null_value: float | None = 0.0,
    ax: Axes | None = None,
) -> Axes:
    """Point estimates with interval bars, one row per effect, top to bottom.

    Rows with a missing interval are drawn as points only.

    Raises
    ------
    TypeError, ValueError
        If ``frame`` is not a non-empty DataFrame, a column argument does not name one of
        its columns, ``xlabel`` is not a string, or ``null_value`` is not a finite
        number or None.
    """
    _require_frame(frame)
    for argument, column in (("estimate", estimate), ("low", low), ("high", high),
                             ("label", label)):
        _column(frame, argument, column)
    _column(frame, "group", group, optional=True)
    as_text(xlabel, "xlabel", allow_empty=True)
    null_value = _optional_real(null_value, "null_value")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.45 * len(frame) + 1.2))
    ax = _axes(ax)
    positions = np.arange(len(frame))[::-1]
    groups = list(dict.fromkeys(frame[group])) if group else [None]
    for g_index, g in enumerate(groups):
        mask = (frame[group] == g).to_numpy() if group else np.ones(len(frame), dtype=bool)
        sub = frame.loc[mask]
        est = sub[estimate].to_numpy(dtype=float)
        lo = sub[low].to_numpy(dtype=float)
        hi = sub[high].to_numpy(dtype=float)
        has_ci = ~(np.isnan(lo) | np.isnan(hi))
        color = PALETTE[g_index % len(PALETTE)]
        marker = "os^Dv"[g_index % 5]
        ax.errorbar(est[has_ci], positions[mask][has_ci],
                    xerr=[est[has_ci] - lo[has_ci], hi[has_ci] - est[has_ci]],
                    fmt=marker, color=color, capsize=3, label=str(g) if g is not None else None)
        if (~has_ci).any():
            ax.plot(est[~has_ci], positions[mask][~has_ci], marker, color=color,
                    markerfacecolor="white")
    if null_value is not None:
        ax.axvline(null_value, color="0.4", linestyle="--", linewidth=1)
    ax.set_yticks(positions)
    ax.set_yticklabels(frame[label])
    ax.set_xlabel(xlabel)
    if group:
        ax.legend(frameon=False, loc="best")
    return ax
