"""Interactive explorers on a static page: ```` ```{explorer} NAME ``` ````.

A chapter author puts an explorer on a page with one directive in a Markdown cell::

    ```{explorer} hindlimb
    ```

``NAME`` is one of :func:`explorer_grids.explorer_names` (``methods``, ``hindlimb``,
``neurogenesis``). The directive writes, into the page:

* the explorer's **precomputed grid** as JSON, computed by ``exneuro`` at every setting
  the controls offer (``_ext/explorer_grids.py``; cached under ``_build/.explorer_cache``,
  so only a change to ``exneuro``, the data or the grid definitions computes it again);
* a **static fallback**: the results at the book's default assumptions as a table and the
  figures as inline SVG, which is what a reader without JavaScript sees;
* and, on that page only, the small script and stylesheet in ``_ext/explorer_static/``
  (no library, no request to another host), which replace the fallback with sliders, a
  results list that screen readers announce (``aria-live``) and the same figures, redrawn
  from the grid at each setting.

The script looks values up and draws them; it computes no statistic. The grid, not the
script, decides what a slider can reach, so every number shown is the package's own
result for the setting shown.

Pages that use an explorer depend on the package, the data, the grid definitions and this
file (``env.note_dependency``), so an incremental build re-reads them when any of those
change.
"""

from __future__ import annotations

import html
import json
import math
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, str(Path(__file__).resolve().parent))
import explorer_grids as grids  # noqa: E402

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "explorer_static"
SCRIPT = "exneuro-explorer.js"
STYLESHEET = "exneuro-explorer.css"

#: What the page says about where the numbers come from (no numeral: the grid's size is
#: in the page's data, not its prose).
PROVENANCE = ("Every value is computed by the exneuro package when the book is built, at "
              "each setting the controls offer; the page only looks values up and draws "
              "them, and nothing is interpolated.")

# Chart geometry, shared with exneuro-explorer.js (keep the two in step).
WIDTH, HEIGHT = 400, 236
LEFT, RIGHT, TOP, BOTTOM = 54, 24, 34, 46
TICK_SPACING = 40  # smallest distance between two labelled x ticks, in SVG units
CHAR_WIDTH = 6.4   # approximate width of one character of the 12 px chart font
NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


# --------------------------------------------------------------------------------------
# Looking values up
# --------------------------------------------------------------------------------------
def _check_grid(grid: Any) -> dict[str, Any]:
    if not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict, got {type(grid).__name__}")
    for key in ("name", "controls", "outputs", "rows", "charts"):
        if key not in grid:
            raise ValueError(f"grid must have the key {key!r} (a grid from explorer_grids.compute_grid)")
    return grid


def _check_indices(grid: dict[str, Any], indices: Any) -> dict[str, int]:
    if indices is None:
        return grids.default_indices(grid)
    if not isinstance(indices, dict):
        raise TypeError(f"indices must be a dict or None, got {type(indices).__name__}")
    full = grids.default_indices(grid)
    for key, value in indices.items():
        if key not in full:
            raise ValueError(f"indices must name controls of the grid, got {key!r}")
        size = len(next(c for c in grid["controls"] if c["id"] == key)["values"])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
            raise ValueError(f"indices[{key!r}] must be an int in [0, {size - 1}], got {value!r}")
        full[key] = value
    return full


def _value(grid: dict[str, Any], output_id: str, indices: dict[str, int]) -> float | None:
    return grid["outputs"][output_id]["values"][grids.grid_index(grid, output_id, indices)]


def _shown(grid: dict[str, Any], output_id: str, indices: dict[str, int]) -> str:
    output = grid["outputs"][output_id]
    value = _value(grid, output_id, indices)
    if value is None:
        return output["missing"]
    text = f"{value + 0.0:.{output['decimals']}f}".replace("-", "\u2212")
    return text + output["unit"]


def row_texts(grid: dict[str, Any], indices: dict[str, int] | None = None) -> list[tuple[str, str]]:
    """The results list at a setting: ``(label, text)`` per row, as the page writes it.

    ``indices`` maps control ids to value indices; controls left out, or all of them when
    ``indices`` is None, stay at the book's default.

    Raises
    ------
    TypeError
        If ``grid`` is not a dict or ``indices`` is neither a dict nor None.
    ValueError
        If ``grid`` lacks a part of a grid, or an index names no control or is out of range.
    """
    grid = _check_grid(grid)
    setting = _check_indices(grid, indices)
    rows = []
    for row in grid["rows"]:
        text = row["template"]
        for output_id in grid["outputs"]:
            field = "{" + output_id + "}"
            if field in text:
                text = text.replace(field, _shown(grid, output_id, setting))
        rows.append((row["label"], text))
    return rows


def setting_text(grid: dict[str, Any], indices: dict[str, int] | None = None) -> str:
    """"true d 0.49, group size 11 and pre-study odds 1 : 4": a setting in words.

    Raises
    ------
    TypeError, ValueError
        As for :func:`row_texts`.
    """
    grid = _check_grid(grid)
    setting = _check_indices(grid, indices)
    parts = [f"{c['noun']} {c['labels'][setting[c['id']]]}" for c in grid["controls"]]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --------------------------------------------------------------------------------------
# Charts (the same drawing as exneuro-explorer.js)
# --------------------------------------------------------------------------------------
def _nice_step(span: float) -> float:
    raw = span / 4.0
    power = 10.0 ** math.floor(math.log10(raw))
    for step in NICE_STEPS:
        if step * power >= raw - 1e-12:
            return step * power
    return 10.0 * power  # pragma: no cover - NICE_STEPS ends at 10


def _decimals(step: float) -> int:
    for places in range(7):
        scaled = step * 10**places
        if abs(scaled - round(scaled)) < 1e-9:
            return places
    return 6


def _y_axis(values: list[float], chart: dict[str, Any]) -> tuple[float, float, list[float], int]:
    low = min(values) if values else 0.0
    high = max(values) if values else 1.0
    if chart["y_min"] is not None:
        low = min(low, chart["y_min"])
    if chart["y_max"] is not None:
        high = max(high, chart["y_max"])
    if chart["zero_line"]:
        low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-12:
        high = low + 1.0
    step = _nice_step(high - low)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = int(round((last - first) / step))
    ticks = [first + k * step for k in range(count + 1)]
    return first, last, ticks, _decimals(step)


def _x_position(control: dict[str, Any], value: float) -> float:
    values = control["values"]
    low, high = values[0], values[-1]
    if control["scale"] == "log":
        fraction = (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
    else:
        fraction = (value - low) / (high - low)
    return LEFT + fraction * (WIDTH - LEFT - RIGHT)


def _x_ticks(control: dict[str, Any]) -> list[int]:
    positions = [_x_position(control, v) for v in control["values"]]
    last = len(positions) - 1
    chosen = [0]
    for index in range(1, last):
        if (positions[index] - positions[chosen[-1]] >= TICK_SPACING
                and positions[last] - positions[index] >= TICK_SPACING):
            chosen.append(index)
    chosen.append(last)
    return chosen


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def chart_svg(grid: dict[str, Any], chart_index: int, indices: dict[str, int] | None = None,
              *, element_id: str = "explorer-chart") -> str:
    """One chart of an explorer as inline SVG, at a setting (default: the book's defaults).

    Raises
    ------
    TypeError
        If ``grid`` is not a dict, ``chart_index`` is not an int, ``indices`` is neither a
        dict nor None or ``element_id`` is not a str.
    ValueError
        If ``chart_index`` is out of range, or as for :func:`row_texts`.
    """
    grid = _check_grid(grid)
    if isinstance(chart_index, bool) or not isinstance(chart_index, int):
        raise TypeError(f"chart_index must be an int, got {type(chart_index).__name__}")
    if not 0 <= chart_index < len(grid["charts"]):
        raise ValueError(f"chart_index must be in [0, {len(grid['charts']) - 1}], got {chart_index}")
    if not isinstance(element_id, str):
        raise TypeError(f"element_id must be a str, got {type(element_id).__name__}")
    setting = _check_indices(grid, indices)
    chart = grid["charts"][chart_index]
    control = next(c for c in grid["controls"] if c["id"] == chart["x"])
    lines = []
    for series in chart["series"]:
        points = []
        for index, x in enumerate(control["values"]):
            value = _value(grid, series["output"], {**setting, control["id"]: index})
            points.append(None if value is None else (x, value))
        lines.append(points)
    values = [p[1] for points in lines for p in points if p is not None]
    y_low, y_high, y_ticks, y_decimals = _y_axis(values, chart)

    def y_position(value: float) -> float:
        return TOP + (y_high - value) / (y_high - y_low) * (HEIGHT - TOP - BOTTOM)

    e = html.escape
    held = [c for c in grid["controls"] if c["id"] != control["id"]]
    held_text = ", ".join(f"{c['noun']} {c['labels'][setting[c['id']]]}" for c in held)
    current = control["labels"][setting[control["id"]]]
    description = (f"Drawn for {held_text}; the marker is at {control['noun']} {current}."
                   if held_text else f"The marker is at {control['noun']} {current}.")
    out = [f'<svg class="explorer-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{e(element_id)}-t {e(element_id)}-d" focusable="false">',
           f'<title id="{e(element_id)}-t">{e(chart["title"])}</title>',
           f'<desc id="{e(element_id)}-d">{e(description)}</desc>']
    # Legend along the top.
    x = float(LEFT)
    for number, series in enumerate(chart["series"]):
        out.append(f'<line class="explorer-line explorer-series-{number}" x1="{_number(x)}" y1="12" '
                   f'x2="{_number(x + 18)}" y2="12"/>')
        out.append(f'<text class="explorer-text" x="{_number(x + 23)}" y="16">{e(series["label"])}</text>')
        x += 23 + CHAR_WIDTH * len(series["label"]) + 14
    # Horizontal grid lines and y tick labels.
    for tick in y_ticks:
        y = y_position(tick)
        out.append(f'<line class="explorer-grid" x1="{LEFT}" y1="{_number(y)}" x2="{WIDTH - RIGHT}" '
                   f'y2="{_number(y)}"/>')
        label = f"{tick + 0.0:.{y_decimals}f}".replace("-", "\u2212")
        out.append(f'<text class="explorer-text" x="{LEFT - 6}" y="{_number(y + 4)}" '
                   f'text-anchor="end">{label}</text>')
    if chart["zero_line"]:
        y = y_position(0.0)
        out.append(f'<line class="explorer-zero" x1="{LEFT}" y1="{_number(y)}" x2="{WIDTH - RIGHT}" '
                   f'y2="{_number(y)}"/>')
    # x axis with its ticks.
    base = HEIGHT - BOTTOM
    out.append(f'<line class="explorer-axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>')
    for index in _x_ticks(control):
        x = _x_position(control, control["values"][index])
        out.append(f'<line class="explorer-axis" x1="{_number(x)}" y1="{base}" x2="{_number(x)}" '
                   f'y2="{base + 4}"/>')
        out.append(f'<text class="explorer-text" x="{_number(x)}" y="{base + 17}" '
                   f'text-anchor="middle">{e(control["labels"][index])}</text>')
    out.append(f'<text class="explorer-text" x="{_number((LEFT + WIDTH - RIGHT) / 2)}" '
               f'y="{HEIGHT - 8}" text-anchor="middle">{e(control["label"])} ({e(control["unit"])})</text>')
    middle = (TOP + HEIGHT - BOTTOM) / 2
    out.append(f'<text class="explorer-text" x="14" y="{_number(middle)}" text-anchor="middle" '
               f'transform="rotate(-90 14 {_number(middle)})">{e(chart["y_label"])}</text>')
    # The lines, then the current setting.
    for number, points in enumerate(lines):
        path, pen_down = [], False
        for point in points:
            if point is None:
                pen_down = False
                continue
            command = "L" if pen_down else "M"
            path.append(f"{command}{_number(_x_position(control, point[0]))} "
                        f"{_number(y_position(point[1]))}")
            pen_down = True
        if path:
            out.append(f'<path class="explorer-line explorer-series-{number}" d="{" ".join(path)}"/>')
    x_now = _x_position(control, control["values"][setting[control["id"]]])
    out.append(f'<line class="explorer-now" x1="{_number(x_now)}" y1="{TOP}" x2="{_number(x_now)}" '
               f'y2="{base}"/>')
    for number, points in enumerate(lines):
        point = points[setting[control["id"]]]
        if point is not None:
            out.append(f'<circle class="explorer-dot explorer-series-{number}" cx="{_number(x_now)}" '
                       f'cy="{_number(y_position(point[1]))}" r="4"/>')
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------------------
# The HTML an explorer directive writes
# --------------------------------------------------------------------------------------
def _json_for_script(grid: dict[str, Any]) -> str:
    text = json.dumps(grid, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    # Nothing inside <script> may close it or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def explorer_html(grid: dict[str, Any], prefix: str) -> str:
    """The HTML of one explorer: its data, its static fallback, and a slot for the script.

    ``prefix`` starts every id the explorer uses, so that ids stay unique on the page.

    Raises
    ------
    TypeError
        If ``grid`` is not a dict or ``prefix`` is not a str.
    ValueError
        If ``prefix`` is not a valid id (letters, digits, ``-`` and ``_``, starting with a
        letter), or ``grid`` lacks a part of a grid.
    """
    grid = _check_grid(grid)
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a str, got {type(prefix).__name__}")
    if not prefix or not prefix[0].isalpha() or not all(ch.isalnum() or ch in "-_" for ch in prefix):
        raise ValueError(f"prefix must be letters, digits, '-' or '_' starting with a letter, got {prefix!r}")
    e = html.escape
    rows = "".join(f'<tr><th scope="row">{e(label)}</th><td>{e(text)}</td></tr>'
                   for label, text in row_texts(grid))
    figures = "".join(
        f'<figure class="explorer-figure"><figcaption>{e(grid["charts"][k]["title"])}</figcaption>'
        f'{chart_svg(grid, k, element_id=f"{prefix}-static-{k}")}</figure>'
        for k in range(len(grid["charts"]))
    )
    sources = "; ".join(f"{c['label'].lower()}: {c['source']}" for c in grid["controls"])
    return (
        f'<div class="exneuro-explorer" id="{prefix}" data-explorer="{e(grid["name"])}" '
        f'role="region" aria-labelledby="{prefix}-title">'
        f'<p class="explorer-title" id="{prefix}-title">{e(grid["title"])}</p>'
        f'<p class="explorer-about">{e(grid["about"])} {e(PROVENANCE)}</p>'
        f'<div class="explorer-static">'
        f'<p class="explorer-note">At the book\'s default assumptions: {e(setting_text(grid))} '
        f'({e(sources)}). With JavaScript on, sliders here change them.</p>'
        f'<table class="explorer-table"><caption>Results at the book\'s default assumptions'
        f'</caption><tbody>{rows}</tbody></table>'
        f'<div class="explorer-charts">{figures}</div>'
        f'</div>'
        f'<script type="application/json" class="explorer-data">{_json_for_script(grid)}</script>'
        f'</div>'
    )


# --------------------------------------------------------------------------------------
# Sphinx
# --------------------------------------------------------------------------------------
def _cache_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir).parent / ".explorer_cache"


def _dependencies() -> list[Path]:
    return [Path(__file__).resolve(), Path(grids.__file__).resolve(), *grids._package_files(),
            *grids._data_files()]


class ExplorerDirective(SphinxDirective):
    """```` ```{explorer} NAME ``` ````: an interactive explorer (see the module docstring)."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: dict[str, Any] = {}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in grids.explorer_names():
            allowed = ", ".join(grids.explorer_names())
            raise self.error(f"explorer: unknown explorer {name!r}; use one of {allowed}")
        app = self.env.app
        cache = _cache_dir(app)
        if not getattr(app, "_exneuro_explorers_prefetched", False):
            # Compute every missing grid at once, in parallel, the first time one is needed.
            computed = grids.compute_missing(grids.explorer_names(), cache)
            if computed:
                logger.info(f"explorers: computed the grids of {', '.join(computed)} with exneuro")
            app._exneuro_explorers_prefetched = True  # type: ignore[attr-defined]
        grid = grids.cached_grid(name, cache)
        used = getattr(self.env, "exneuro_explorers", {})
        self.env.exneuro_explorers = used  # type: ignore[attr-defined]
        names = used.setdefault(self.env.docname, [])
        names.append(name)
        count = names.count(name)
        prefix = f"explorer-{name}" + ("" if count == 1 else f"-{count}")
        for path in _dependencies():
            self.env.note_dependency(str(path))
        return [nodes.raw("", explorer_html(grid, prefix), format="html")]


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "exneuro_explorers", {}).pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    used = getattr(env, "exneuro_explorers", {})
    used.update({d: n for d, n in getattr(other, "exneuro_explorers", {}).items() if d in docnames})
    env.exneuro_explorers = used


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    if getattr(app.env, "exneuro_explorers", {}).get(pagename):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")


def _static_path(app: Sphinx) -> None:
    path = str(STATIC)
    if path not in app.config.html_static_path:
        app.config.html_static_path.append(path)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("explorer", ExplorerDirective)
    app.connect("builder-inited", _static_path)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}


__all__ = ["ExplorerDirective", "chart_svg", "explorer_html", "row_texts", "setting_text"]
