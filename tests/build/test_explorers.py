"""The explorers' grids and HTML (``_ext/explorer_grids.py``, ``_ext/explorers.py``).

The browser tests (``tests/site/test_site_explorers.py``) drive the explorers on the
built page; these check the build side: the grid points and the book's defaults come from
the data package, stored values are the package's results at every sampled cell, the cache
recomputes when (and only when) an input changes, the HTML is safe and self-contained, and
every function names the argument it rejects. That an unknown explorer fails the build,
naming the page, is checked with the other broken pages in ``test_build.py``.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import sys
from pathlib import Path

import pytest

from exneuro import data, design, effect_size, metascience, power

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))
import explorer_grids as grids  # noqa: E402
import explorers  # noqa: E402

SITE = ROOT / "_build" / "html"
PAGE = SITE / "chapters" / "09-teaching" / "explore-the-assumptions.html"
ALPHA = data.assumption("conventional_alpha")
TARGET_POWER = data.assumption("conventional_power")


def tiny_grid() -> dict:
    """A hand-made grid in the layout of compute_grid, for the rendering functions."""
    return {
        "format": grids.GRID_FORMAT, "name": "tiny", "title": "Tiny </script> test", "about": "About.",
        "controls": [
            {"id": "a", "label": "Spread", "unit": "SD / mean", "noun": "CV", "values": [0.1, 0.2, 0.3],
             "labels": ["0.10", "0.20", "0.30"], "default": 1, "source": "here", "scale": "linear"},
            {"id": "b", "label": "Group size", "unit": "per group", "noun": "group size",
             "values": [2.0, 4.0], "labels": ["2", "4"], "default": 0, "source": "there", "scale": "log"},
        ],
        "outputs": {
            "x": {"axes": ["a", "b"], "decimals": 1, "unit": " %", "missing": "none",
                  "values": [1.0, 2.0, -0.5, None, 3.0, 4.0]},
            "y": {"axes": ["a"], "decimals": 2, "unit": "", "missing": "", "values": [-1.0, 0.0, 1.0]},
        },
        "rows": [{"label": "X", "template": "{x}"}, {"label": "Y", "template": "{y} and {x}"}],
        "charts": [{"x": "a", "series": [{"output": "x", "label": "x"}, {"output": "y", "label": "y"}],
                    "title": "X and Y", "y_label": "%", "y_min": 0.0, "y_max": None, "zero_line": True}],
    }


# --------------------------------------------------------------------------------------
# Grid points and defaults
# --------------------------------------------------------------------------------------
def test_value_grid_has_both_ends_and_the_default():
    assert grids.value_grid(0.1, 0.8, 0.1, 0.3) == (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    assert grids.value_grid(0.2, 0.6, 0.1, 0.35) == (0.2, 0.3, 0.35, 0.4, 0.5, 0.6)
    assert grids.value_grid(10, 75, 10, 30) == (10, 20, 30, 40, 50, 60, 70, 75)


def test_size_grid_is_whole_numbers_with_the_ends_and_the_default():
    assert grids.size_grid(3, 10, 3) == tuple(range(3, 11))
    sizes = grids.size_grid(4, 17, 10)
    assert sizes[0] == 4 and sizes[-1] == 17 and 10 in sizes
    assert all(isinstance(n, int) for n in sizes) and list(sizes) == sorted(set(sizes))


@pytest.mark.parametrize("call, error, message", [
    (lambda: grids.value_grid("0.1", 1, 0.1, 0.5), TypeError, "low must be a real number"),
    (lambda: grids.value_grid(0.1, True, 0.1, 0.5), TypeError, "high must be a real number"),
    (lambda: grids.value_grid(1, 0.1, 0.1, 0.5), ValueError, "low must be below high"),
    (lambda: grids.value_grid(0.1, 1, 0, 0.5), ValueError, "step must be > 0"),
    (lambda: grids.value_grid(0.1, 1, 0.1, 2), ValueError, "default must be in"),
    (lambda: grids.value_grid(0.1, 1, 0.1, float("nan")), ValueError, "default must be finite"),
    (lambda: grids.value_grid(0.1, 1, 0.1, 0.5, decimals=1.5), TypeError, "decimals must be an int"),
    (lambda: grids.value_grid(0.1, 1, 0.1, 0.5, decimals=-1), ValueError, "decimals must be >= 0"),
    (lambda: grids.size_grid(2.5, 10, 3), ValueError, "low must be a whole number >= 2"),
    (lambda: grids.size_grid(3, 10, 11), ValueError, "default must be in"),
    (lambda: grids.size_grid(3, None, 3), TypeError, "high must be a real number"),
    (lambda: grids.size_grid(10, 3, 5), ValueError, "low must be below high"),
    (lambda: grids.explorer_spec(3), TypeError, "name must be a str"),
    (lambda: grids.explorer_spec("nosuch"), ValueError, "name must be one of"),
    (lambda: grids.fingerprint("nosuch"), ValueError, "name must be one of"),
    (lambda: grids.cached_grid("methods", 3), TypeError, "cache_dir must be a path or None"),
    (lambda: grids.compute_missing(["methods"], None), TypeError, "cache_dir must be a path"),
    (lambda: grids.compute_missing([1], "x"), TypeError, "name must be a str"),
    (lambda: grids.compute_missing(["methods"], "x", processes=0), ValueError, "processes must be >= 1"),
    (lambda: grids.compute_missing(["methods"], "x", processes="2"), TypeError, "processes must be an int"),
    (lambda: grids.shown_value(1.0, "x"), TypeError, "output must be an Output"),
    (lambda: grids.shown_value("1", grids.Output("x", (), 1)), TypeError, "value must be a real number"),
    (lambda: grids.shown_value(math.inf, grids.Output("x", (), 1)), ValueError,
     "value must be finite or NaN"),
    (lambda: grids.format_value("1", grids.Output("x", (), 1)), TypeError,
     "value must be a real number or None"),
    (lambda: grids.format_value(1.0, None), TypeError, "output must be an Output"),
    (lambda: grids.grid_index([], "x", {}), TypeError, "grid must be a dict"),
    (lambda: grids.grid_index(tiny_grid(), 1, {}), TypeError, "output_id must be a str"),
    (lambda: grids.grid_index(tiny_grid(), "z", {}), ValueError, "output_id must be one of"),
    (lambda: grids.grid_index(tiny_grid(), "x", []), TypeError, "indices must be a dict"),
    (lambda: grids.grid_index(tiny_grid(), "x", {"a": 0}), ValueError, "indices must give the control 'b'"),
    (lambda: grids.grid_index(tiny_grid(), "x", {"a": 3, "b": 0}), ValueError,
     "indices['a'] must be an int in [0, 2]"),
    (lambda: grids.default_indices(None), TypeError, "grid must be a dict"),
    (lambda: explorers.row_texts("grid"), TypeError, "grid must be a dict"),
    (lambda: explorers.row_texts({"name": "x"}), ValueError, "grid must have the key 'controls'"),
    (lambda: explorers.row_texts(tiny_grid(), [0]), TypeError, "indices must be a dict or None"),
    (lambda: explorers.row_texts(tiny_grid(), {"c": 0}), ValueError, "indices must name controls"),
    (lambda: explorers.setting_text(tiny_grid(), {"a": -1}), ValueError,
     "indices['a'] must be an int in [0, 2]"),
    (lambda: explorers.chart_svg(tiny_grid(), 1), ValueError, "chart_index must be in [0, 0]"),
    (lambda: explorers.chart_svg(tiny_grid(), "0"), TypeError, "chart_index must be an int"),
    (lambda: explorers.chart_svg(tiny_grid(), 0, element_id=3), TypeError, "element_id must be a str"),
    (lambda: explorers.explorer_html(tiny_grid(), 3), TypeError, "prefix must be a str"),
    (lambda: explorers.explorer_html(tiny_grid(), "1x"), ValueError, "prefix must be letters"),
    (lambda: explorers.explorer_html(tiny_grid(), "a b"), ValueError, "prefix must be letters"),
])
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value).startswith(message), str(caught.value)


def test_every_control_reads_its_default_and_range_from_the_data():
    table = data.load_assumptions().set_index("assumption_id")
    for name in grids.explorer_names():
        explorer = grids.explorer_spec(name)
        for control in explorer.controls:
            row_id = control.source.rsplit(" ", 1)[-1]
            row = table.loc[row_id]
            assert control.default == pytest.approx(row["value"]), (name, control.id)
            assert control.values[0] == pytest.approx(row["low"]), (name, control.id)
            assert control.values[-1] == pytest.approx(row["high"]), (name, control.id)
            assert control.values[control.default_index] == control.default
            assert control.unit == row["unit"]
            assert len(control.labels) == len(control.values)


def test_the_methods_explorer_opens_at_the_water_maze_example_its_assumptions_name():
    """The reasons in data/assumptions.csv say where the defaults come from: keep them true."""
    effects = data.load_literature_effects().set_index("effect_id")
    assert data.assumption("explore_true_d") == effects.loc["meth-button2013-water-maze-d", "estimate"]
    assert data.assumption("explore_n_per_group") == effects.loc[
        "meth-button2013-water-maze-typical-n", "estimate"] / 2
    assert data.assumption("explore_n_per_group") > data.assumption("hu_n_per_group") == 3


def test_numbers_are_stored_and_written_as_the_page_shows_them():
    percent = grids.Output("p", (), 1, 100.0, " %", missing="none")
    assert grids.shown_value(0.12345, percent) == 12.3
    shown = grids.shown_value(-0.0001, percent)
    assert shown == 0.0 and math.copysign(1, shown) == 1
    assert grids.shown_value(float("nan"), percent) is None
    assert grids.format_value(None, percent) == "none"
    assert grids.format_value(12.3, percent) == "12.3 %"
    assert grids.format_value(-1.5, grids.Output("d", (), 2)) == "\u22121.50"


# --------------------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------------------
def test_the_cache_is_used_until_an_input_changes(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(grids, "compute_grid",
                        lambda name: calls.append(name) or {"name": name, "n": len(calls)})
    keys = iter(["k1", "k1", "k2"])
    monkeypatch.setattr(grids, "fingerprint", lambda name: next(keys))
    first = grids.cached_grid("methods", tmp_path)
    again = grids.cached_grid("methods", tmp_path)
    assert first == again == {"name": "methods", "n": 1} and calls == ["methods"]
    changed = grids.cached_grid("methods", tmp_path)
    assert changed["n"] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["methods-k2.json"], "the stale grid was not replaced"


def test_a_damaged_cache_file_is_recomputed(tmp_path, monkeypatch):
    monkeypatch.setattr(grids, "compute_grid", lambda name: {"name": name})
    monkeypatch.setattr(grids, "fingerprint", lambda name: "k")
    (tmp_path / "hindlimb-k.json").write_text("{not json", encoding="utf-8")
    assert grids.cached_grid("hindlimb", tmp_path) == {"name": "hindlimb"}
    assert json.loads((tmp_path / "hindlimb-k.json").read_text(encoding="utf-8")) == {"name": "hindlimb"}


def test_compute_missing_computes_only_what_the_cache_lacks(tmp_path, monkeypatch):
    computed = []
    monkeypatch.setattr(grids, "fingerprint", lambda name: "k")
    monkeypatch.setattr(grids, "compute_grid", lambda name: computed.append(name) or {"name": name})
    (tmp_path / "methods-k.json").write_text("{}", encoding="utf-8")
    assert grids.compute_missing(["methods", "hindlimb"], tmp_path, processes=1) == ["hindlimb"]
    assert computed == ["hindlimb"]
    assert grids.compute_missing(grids.explorer_names(), tmp_path, processes=1) == ["neurogenesis"]


def test_the_key_changes_with_the_data_and_the_explorer(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy)
    monkeypatch.setenv("EXNEURO_DATA", str(copy))
    before = grids.fingerprint("hindlimb")
    assert grids.fingerprint("hindlimb") == before
    assert grids.fingerprint("methods") != before
    table = copy / "assumptions.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("hu_cv,02-hindlimb-unloading,", "hu_cv,02-hindlimb-unloading, ", 1),
                     encoding="utf-8")
    assert grids.fingerprint("hindlimb") != before


# --------------------------------------------------------------------------------------
# The HTML
# --------------------------------------------------------------------------------------
def test_rows_and_setting_are_looked_up_not_computed():
    grid = tiny_grid()
    assert explorers.row_texts(grid) == [("X", "\u22120.5 %"), ("Y", "0.00 and \u22120.5 %")]
    assert explorers.row_texts(grid, {"a": 1, "b": 1}) == [("X", "none"), ("Y", "0.00 and none")]
    assert explorers.setting_text(grid) == "CV 0.20 and group size 2"


def test_a_chart_draws_each_series_and_marks_the_setting():
    svg = explorers.chart_svg(tiny_grid(), 0, {"a": 2, "b": 1}, element_id="c")
    assert svg.startswith('<svg class="explorer-svg"') and svg.endswith("</svg>")
    assert svg.count('<path class="explorer-line') == 2
    assert 'aria-labelledby="c-t c-d"' in svg and '<title id="c-t">X and Y</title>' in svg
    assert "group size 4" in svg and "the marker is at CV 0.30" in svg
    assert svg.count("<circle") == 2 and 'class="explorer-zero"' in svg
    # A missing value breaks the line instead of dropping to zero.
    gap = explorers.chart_svg(tiny_grid(), 0, {"a": 0, "b": 1}, element_id="g")
    line = re.search(r'<path class="explorer-line explorer-series-0" d="([^"]*)"', gap).group(1)
    assert line.count("M") == 2


def test_the_html_is_self_contained_and_cannot_break_out_of_its_script():
    html = explorers.explorer_html(tiny_grid(), "explorer-tiny")
    script = re.search(r'<script type="application/json" class="explorer-data">(.*?)</script>', html, re.S)
    assert script and json.loads(script.group(1)) == tiny_grid()
    assert html.count("</script>") == 1, "the title's </script> must not end the data block"
    assert "http" not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i.startswith("explorer-tiny") for i in ids)
    assert '<table class="explorer-table">' in html and "Tiny &lt;/script&gt; test" in html


# --------------------------------------------------------------------------------------
# The real grids, as the built page carries them
# --------------------------------------------------------------------------------------
def _page_grids() -> dict[str, dict]:
    if not PAGE.is_file():
        pytest.skip("the book has not been built: run `make html` (make test does)")
    text = PAGE.read_text(encoding="utf-8")
    blobs = re.findall(r'<script type="application/json" class="explorer-data">(.*?)</script>', text, re.S)
    return {grid["name"]: grid for grid in map(json.loads, blobs)}


def _package(name: str, setting: dict[str, float]) -> dict[str, float]:
    """The package's results at one setting, computed independently of explorer_grids."""
    if name == "methods":
        result = design.design_analysis_ttest(setting["d"], int(setting["n"]), alpha=ALPHA)
        return {"power": 100 * result.power, "type_s": 100 * result.type_s,
                "exaggeration": result.exaggeration,
                "ppv": 100 * metascience.ppv(result.power, ALPHA, prior_odds=setting["odds"])}
    cv, n = setting["cv"], int(setting["n"])
    if name == "hindlimb":
        headline = data.load_reported_numbers("000").set_index("number_id").loc["000-03", "value"]
        observed = effect_size.effect_from_percent_change(-headline, cv, n)
        result = design.design_analysis_ttest(
            effect_size.effect_from_percent_change(-setting["reduction"], cv, n).d, n, alpha=ALPHA)
        return {"d_obs": observed.d, "d_low": observed.d_low, "d_high": observed.d_high,
                "mdr": power.min_detectable_reduction(n, cv, power=TARGET_POWER, alpha=ALPHA),
                "power": 100 * result.power, "type_s": 100 * result.type_s,
                "exaggeration": result.exaggeration, "typical": setting["reduction"] * result.exaggeration}
    ratio = data.load_study_results().set_index("result_id").loc["vanpraag1999a-survival-ratio", "mean"]
    observed = effect_size.effect_from_percent_change(100 * (ratio - 1), cv, n)
    result = design.design_analysis_ratio(1 + setting["increase"] / 100, n, cv=cv, alpha=ALPHA)
    return {"d_obs": observed.d, "d_low": observed.d_low, "d_high": observed.d_high,
            "power": 100 * result.power, "type_s": 100 * result.type_s,
            "exaggeration": result.exaggeration, "typical": result.typical_percent}


@pytest.mark.parametrize("name", ["methods", "hindlimb", "neurogenesis"])
def test_stored_values_are_the_packages_results_at_sampled_cells(name):
    grid = _page_grids()[name]
    rng = random.Random(f"explorer-{name}")
    sizes = {c["id"]: len(c["values"]) for c in grid["controls"]}
    samples = [grids.default_indices(grid)] + [
        {c: rng.randrange(size) for c, size in sizes.items()} for _ in range(6)]
    for indices in samples:
        setting = {c["id"]: c["values"][indices[c["id"]]] for c in grid["controls"]}
        expected = _package(name, setting)
        assert set(expected) == set(grid["outputs"]), name
        for output_id, output in grid["outputs"].items():
            stored = output["values"][grids.grid_index(grid, output_id, indices)]
            want = expected[output_id]
            if math.isnan(want):
                assert stored is None, (name, output_id, setting)
            else:
                assert stored == round(want, output["decimals"]) + 0.0, (
                    name, output_id, setting, stored, want
                )


def test_the_grids_are_small():
    sizes = {name: len(json.dumps(grid, separators=(",", ":"))) for name, grid in _page_grids().items()}
    assert all(size < 60_000 for size in sizes.values()), sizes
