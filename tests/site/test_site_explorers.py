"""The interactive explorers, driven in Chromium as a reader drives them.

Each explorer is moved to several settings with the keyboard; every number it then shows
is compared with the ``exneuro`` package's own result for the setting the page shows,
computed here, in the test, with the package's public functions (not with the build's
grid code). The setting itself is read back from the page's slider labels, so a slider
that showed one value while the results belonged to another would fail too.

Also checked: the book's defaults are where the sliders start and are marked; the results
are announced (``aria-live``); without JavaScript the static table and figures show the
package's results at the defaults; the page fits a phone screen, follows dark mode, has no
serious axe-core violation after the sliders have moved, and stays within the page-weight
budget on a first visit.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sitekit as kit

from exneuro import data, design, effect_size, metascience, power

pytestmark = pytest.mark.site

PAGE = "chapters/09-teaching/explore-the-assumptions.html"
PAGE_BUDGET_BYTES = 600_000  # as benchmarks/run.py: transferred on a first visit
ALPHA = data.assumption("conventional_alpha")
TARGET_POWER = data.assumption("conventional_power")
MINUS = "\u2212"


# --------------------------------------------------------------------------------------
# The package's results, written as the page writes numbers
# --------------------------------------------------------------------------------------
def shown(value: float, decimals: int, unit: str = "") -> str:
    """Round to the shown decimals (no "-0"), true minus sign, then the unit."""
    rounded = round(value, decimals) + 0.0
    return f"{rounded:.{decimals}f}".replace("-", MINUS) + unit


def percent(probability: float, decimals: int) -> str:
    return shown(100 * probability, decimals, " %")


def interval(d: float, low: float, high: float) -> str:
    return f"{shown(d, 2)} (95 % interval {shown(low, 2)} to {shown(high, 2)})"


def parse_number(label: str) -> float:
    """'0.30' -> 0.3, '30 %' -> 30, '+50 %' -> 50, '1 : 4' -> 0.25, '2 : 1' -> 2."""
    label = label.replace(MINUS, "-")
    odds = re.fullmatch(r"\s*([\d.]+)\s*:\s*([\d.]+)\s*", label)
    if odds:
        return float(odds.group(1)) / float(odds.group(2))
    match = re.fullmatch(r"\s*\+?(-?[\d.]+)\s*%?\s*", label)
    assert match, f"not a number the page should show as a setting: {label!r}"
    return float(match.group(1))


def expected_methods(setting: dict[str, float]) -> dict[str, str]:
    d, n, odds = setting["d"], int(setting["n"]), setting["odds"]
    result = design.design_analysis_ttest(d, n, alpha=ALPHA)
    return {
        "Power": percent(result.power, 0),
        "Type S": percent(result.type_s, 1),
        "Exaggeration": shown(result.exaggeration, 2, "\u00d7"),
        "Positive predictive value": percent(
            metascience.ppv(result.power, ALPHA, prior_odds=odds), 1),
    }


def _headline() -> float:
    return float(data.load_reported_numbers("000").set_index("number_id").loc["000-03", "value"])


def expected_hindlimb(setting: dict[str, float]) -> dict[str, str]:
    cv, n, reduction = setting["cv"], int(setting["n"]), setting["reduction"]
    observed = effect_size.effect_from_percent_change(-_headline(), cv, n)
    detectable = power.min_detectable_reduction(n, cv, power=TARGET_POWER, alpha=ALPHA)
    true_d = effect_size.effect_from_percent_change(-reduction, cv, n).d
    result = design.design_analysis_ttest(true_d, n, alpha=ALPHA)
    return {
        "Cohen's d": interval(observed.d, observed.d_low, observed.d_high),
        "Smallest reduction": ("none short of a complete loss" if math.isnan(detectable)
                               else shown(detectable, 0, " %")),
        "Power": percent(result.power, 0),
        "Type S": percent(result.type_s, 1),
        "Exaggeration": shown(result.exaggeration, 2, "\u00d7"),
        "Typical significant": shown(reduction * result.exaggeration, 0, " %"),
    }


def expected_neurogenesis(setting: dict[str, float]) -> dict[str, str]:
    cv, n, increase = setting["cv"], int(setting["n"]), setting["increase"]
    ratio = float(data.load_study_results().set_index("result_id")
                  .loc["vanpraag1999a-survival-ratio", "mean"])
    observed = effect_size.effect_from_percent_change(100 * (ratio - 1), cv, n)
    result = design.design_analysis_ratio(1 + increase / 100, n, cv=cv, alpha=ALPHA)
    return {
        "Cohen's d": interval(observed.d, observed.d_low, observed.d_high),
        "Power": percent(result.power, 0),
        "Type S": percent(result.type_s, 1),
        "Exaggeration": shown(result.exaggeration, 2, "\u00d7"),
        "Typical significant": "+" + shown(result.typical_percent, 0, " %"),
    }


#: name -> (the package's results at a setting, assumption row of each control's default)
EXPLORERS: dict[str, tuple[Callable[[dict[str, float]], dict[str, str]], dict[str, str]]] = {
    "methods": (expected_methods,
                {"d": "explore_true_d", "n": "explore_n_per_group", "odds": "explore_prior_odds"}),
    "hindlimb": (expected_hindlimb,
                 {"cv": "hu_cv", "n": "hu_n_per_group", "reduction": "hu_true_reduction"}),
    "neurogenesis": (expected_neurogenesis,
                     {"cv": "mn_cv", "n": "mn_n_per_group", "increase": "mn_true_increase"}),
}


def match_rows(expected: dict[str, str], shown_rows: list[tuple[str, str]]) -> list[str]:
    """Problems: rows whose text differs from the package's, and rows left unchecked."""
    problems, checked = [], set()
    for label, text in shown_rows:
        keys = [k for k in expected if label.startswith(k)]
        if len(keys) != 1:
            problems.append(f"row {label!r}: no single expected value (matches {keys})")
            continue
        checked.add(keys[0])
        if text != expected[keys[0]]:
            problems.append(f"{label}: page shows {text!r}, exneuro gives {expected[keys[0]]!r}")
    problems += [f"no row shows {key!r}" for key in expected if key not in checked]
    return problems


# --------------------------------------------------------------------------------------
# Fixtures and page helpers
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def explore_page(site: Path) -> str:
    if not (site / PAGE).is_file():
        pytest.fail(f"{PAGE} is not in the built site: is it in _toc.yml?")
    return PAGE


@pytest.fixture()
def page_at(browser: Any, server: kit.SiteServer, explore_page: str) -> Iterator[Callable[..., Any]]:
    contexts = []

    def open_page(**options: Any) -> Any:
        context, guard = kit.guarded_context(browser, server, **options)
        contexts.append((context, guard))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning")
                and "explorer" in m.text else None)
        page.goto(server.url(explore_page), wait_until="load")
        page.wait_for_load_state("networkidle")
        page.explorer_errors = errors
        return page

    yield open_page
    for context, guard in contexts:
        context.close()
        assert not guard.blocked, f"requests to other hosts: {guard.blocked}"


def controls(page: Any, name: str) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        f"#explorer-{name} input[type=range]",
        """inputs => inputs.map(i => ({id: i.id, control: i.dataset.control, value: Number(i.value),
             max: Number(i.max), label: document.getElementById(i.id + '-value').textContent,
             valuetext: i.getAttribute('aria-valuetext'),
             labelled: !!document.querySelector(`label[for="${i.id}"]`)
                && document.querySelector(`label[for="${i.id}"]`).textContent.trim()}))""",
    )


def move_to(page: Any, name: str, indices: dict[str, int]) -> None:
    """Move each slider to ``indices`` with the keyboard, as a reader would."""
    for control in controls(page, name):
        target = indices.get(control["control"])
        if target is None:
            continue
        slider = page.locator(f"#{control['id']}")
        slider.focus()
        if target <= control["max"] // 2:
            slider.press("Home")
            for _ in range(target):
                slider.press("ArrowRight")
        else:
            slider.press("End")
            for _ in range(control["max"] - target):
                slider.press("ArrowLeft")


def grid_labels(page: Any, name: str) -> dict[str, list[str]]:
    """Each control's value labels, from the grid the page carries."""
    grid = json.loads(page.text_content(f"#explorer-{name} script.explorer-data"))
    return {c["id"]: c["labels"] for c in grid["controls"]}


def setting_on_page(page: Any, name: str) -> tuple[dict[str, float], dict[str, str]]:
    """The setting the page shows, read from the sliders' labels.

    Each label must also be the grid's label for the slider's position, so that a label
    (and results) lagging behind the slider cannot pass.
    """
    values, labels = {}, {}
    by_position = grid_labels(page, name)
    for control in controls(page, name):
        label = control["label"].removesuffix(" (default)")
        position = by_position[control["control"]][control["value"]]
        assert label == position, (f"{control['id']}: the slider is at {position!r} but its label "
                                   f"shows {label!r}")
        labels[control["control"]] = label
        values[control["control"]] = parse_number(label)
    return values, labels


def result_rows(page: Any, name: str) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in page.eval_on_selector_all(
        f"#explorer-{name} .explorer-panel .explorer-row",
        "rows => rows.map(r => [r.querySelector('dt').textContent, r.querySelector('dd').textContent])",
    )]


def settings_to_try(sizes: dict[str, int]) -> list[dict[str, int]]:
    """Every slider at its left end, at its right end, and two mixed settings."""
    ids = list(sizes)
    return [
        {c: 0 for c in ids},
        {c: sizes[c] - 1 for c in ids},
        {c: (k + 1) * (sizes[c] - 1) // (len(ids) + 1) for k, c in enumerate(ids)},
        {c: (sizes[c] - 1 if k % 2 == 0 else 1) for k, c in enumerate(ids)},
    ]


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXPLORERS))
def test_every_number_shown_is_the_packages_result_for_the_setting_shown(page_at, name):
    expected_at, _defaults = EXPLORERS[name]
    page = page_at()
    sizes = {c["control"]: c["max"] + 1 for c in controls(page, name)}
    assert set(sizes) == set(_defaults), f"{name}: sliders {sorted(sizes)}"
    problems = []
    for indices in [None, *settings_to_try(sizes)]:
        if indices is not None:
            move_to(page, name, indices)
            reached = {c["control"]: c["value"] for c in controls(page, name)}
            assert reached == indices, f"the keyboard moved the sliders to {reached}, not {indices}"
        setting, labels = setting_on_page(page, name)
        rows = result_rows(page, name)
        problems += [f"{name} at {labels}: {p}" for p in match_rows(expected_at(setting), rows)]
        heading = page.text_content(f"#explorer-{name} .explorer-setting")
        for label in labels.values():
            if label not in heading:
                problems.append(f"{name}: the results heading {heading!r} does not name {label!r}")
    assert not page.explorer_errors, page.explorer_errors
    assert not problems, kit.explain(problems)


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_sliders_start_at_the_books_defaults_and_mark_them(page_at, name):
    _expected, defaults = EXPLORERS[name]
    page = page_at()
    problems = []
    for control in controls(page, name):
        assumption = data.assumption(defaults[control["control"]])
        label = control["label"]
        if not label.endswith(" (default)"):
            problems.append(f"{control['id']}: starts at {label!r}, not marked as the default")
        if parse_number(label.removesuffix(" (default)")) != pytest.approx(assumption):
            problems.append(f"{control['id']}: starts at {label!r}, the book's default is {assumption}")
        if "the book's default" not in (control["valuetext"] or ""):
            problems.append(f"{control['id']}: aria-valuetext {control['valuetext']!r} omits the default")
        if not control["labelled"]:
            problems.append(f"{control['id']}: no visible label")
        note = page.text_content(f"#{control['id']}-default")
        if defaults[control["control"]] not in note:
            problems.append(f"{control['id']}: the default's note {note!r} does not name its data row")
    marks = page.locator(f"#explorer-{name} .explorer-default-mark")
    assert marks.count() == len(defaults)
    assert not problems, kit.explain(problems)
    # Moving away drops the mark from the value; the reset button brings it back.
    first = controls(page, name)[0]
    page.locator(f"#{first['id']}").focus()
    page.keyboard.press("End" if first["value"] == 0 else "Home")
    assert not controls(page, name)[0]["label"].endswith("(default)")
    reset = page.locator(f"#explorer-{name} .explorer-reset")
    assert reset.text_content() == "Back to the book's defaults"
    reset.click()
    assert all(c["label"].endswith(" (default)") for c in controls(page, name))


def test_results_are_announced_to_screen_readers(page_at):
    page = page_at()
    region = page.locator("#explorer-hindlimb .explorer-results")
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("aria-atomic") == "true"
    before = region.inner_text()
    slider = page.locator("#explorer-hindlimb-cv")
    slider.focus()
    slider.press("ArrowRight")
    after = region.inner_text()
    assert after != before, "the announced results did not change with the slider"
    setting, labels = setting_on_page(page, "hindlimb")
    for text in expected_hindlimb(setting).values():
        assert text in after, f"{text!r} is not in the announced text {after!r}"
    assert labels["cv"] in after


def test_without_javascript_the_static_table_and_figures_show_the_defaults(page_at, site):
    page = page_at(javascript=False)
    problems = []
    for name, (expected_at, defaults) in EXPLORERS.items():
        root = f"#explorer-{name}"
        if page.locator(f"{root} input[type=range]").count():
            problems.append(f"{name}: sliders without JavaScript")
        static = page.locator(f"{root} .explorer-static")
        if not static.is_visible():
            problems.append(f"{name}: the static fallback is hidden")
            continue
        figures = page.locator(f"{root} .explorer-static svg.explorer-svg")
        drawn = page.eval_on_selector_all(f"{root} .explorer-static svg path.explorer-line",
                                          "paths => paths.map(p => getComputedStyle(p).stroke)")
        if figures.count() < 1 or not all(figures.nth(k).is_visible() for k in range(figures.count())):
            problems.append(f"{name}: no visible static figure")
        if not drawn or any(stroke in ("none", "") for stroke in drawn):
            problems.append(f"{name}: static figure lines are not drawn ({drawn})")
        setting = {c: data.assumption(row) for c, row in defaults.items()}
        rows = [tuple(r) for r in page.eval_on_selector_all(
            f"{root} .explorer-static tr",
            "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])")]
        problems += [f"{name} (no JavaScript): {p}" for p in match_rows(expected_at(setting), rows)]
    assert not problems, kit.explain(problems)


def test_fits_a_phone_screen(page_at):
    page = page_at(viewport=kit.PHONE, phone=True)
    overflow = page.evaluate("""() => [...document.querySelectorAll('.exneuro-explorer, .exneuro-explorer *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.tagName + '.' + e.className.baseVal + e.className)""")
    assert not overflow, f"explorer parts wider than the phone's screen: {overflow[:10]}"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    for slider in page.locator(".exneuro-explorer input[type=range]").all():
        box = slider.bounding_box()
        assert box and box["width"] >= 120 and box["height"] >= 24, f"slider too small on a phone: {box}"
    # A finger on the middle of a track moves that slider there, and the results follow.
    before = {c["control"]: c for c in controls(page, "methods")}["n"]
    page.locator("#explorer-methods-n").tap()
    after = {c["control"]: c for c in controls(page, "methods")}["n"]
    assert after["value"] != before["value"], "tapping the slider did not move it"
    label = after["label"].removesuffix(" (default)")
    assert f"group size {label}" in page.text_content("#explorer-methods .explorer-setting")


def test_follows_dark_mode(page_at):
    page = page_at(dark=True)
    colours = page.evaluate("""() => {
        const root = document.querySelector('#explorer-methods');
        const line = root.querySelector('.explorer-panel path.explorer-line');
        const text = root.querySelector('.explorer-panel text.explorer-text');
        return {theme: document.documentElement.dataset.theme,
                background: getComputedStyle(root).backgroundColor,
                colour: getComputedStyle(root).color, line: getComputedStyle(line).stroke,
                text: getComputedStyle(text).fill};
    }""")
    assert colours["theme"] == "dark"

    def brightness(css: str) -> float:
        r, g, b = (float(x) for x in re.findall(r"[\d.]+", css)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    assert brightness(colours["background"]) < 0.3, colours
    assert brightness(colours["colour"]) > 0.7, colours
    assert brightness(colours["text"]) > 0.7, colours
    assert colours["line"] not in ("none", ""), colours


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_serious_accessibility_violation_after_the_sliders_move(page_at, dark):
    page = page_at(dark=dark)
    for name in EXPLORERS:
        sizes = {c["control"]: c["max"] + 1 for c in controls(page, name)}
        move_to(page, name, settings_to_try(sizes)[3])
    violations = kit.run_axe(page, "full")
    problems = kit.axe_problems(kit.PageReport(page=PAGE, axe_violations=violations))
    assert not problems, kit.explain(problems)


def test_the_page_with_the_explorers_stays_within_the_page_weight_budget(browser, site, explore_page):
    with kit.SiteServer(site, compress=True) as compressed:
        report = kit.visit(browser, compressed, explore_page, axe=None)
    scripts = [r for r in report.resources if "/exneuro-explorer.js" in r["url"]]
    assert scripts, "the page did not load the explorer script"
    assert report.transferred_bytes <= PAGE_BUDGET_BYTES, (
        f"{explore_page}: {report.transferred_bytes:,} bytes transferred on a first visit, "
        f"budget {PAGE_BUDGET_BYTES:,}")
    assert not kit.offline_problems(report), kit.offline_problems(report)


def test_the_explorer_assets_load_only_on_pages_with_an_explorer(site):
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_")]
    with_assets = sorted(str(p.relative_to(site)) for p in pages
                         if "exneuro-explorer.js" in p.read_text(encoding="utf-8"))
    with_explorers = sorted(str(p.relative_to(site)) for p in pages
                            if 'class="exneuro-explorer"' in p.read_text(encoding="utf-8"))
    assert PAGE in with_explorers
    assert with_assets == with_explorers


def test_the_page_carries_one_grid_per_explorer(site):
    text = (site / PAGE).read_text(encoding="utf-8")
    blobs = re.findall(r'<script type="application/json" class="explorer-data">(.*?)</script>', text, re.S)
    names = [json.loads(blob)["name"] for blob in blobs]
    assert sorted(names) == sorted(EXPLORERS)
