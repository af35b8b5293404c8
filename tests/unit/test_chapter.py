"""The chapter frame: display precision, glue records, citations, assumptions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from exneuro import chapter


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (1.8972398918038822, {}, 1.8972398918),
        (1.8972398918038829, {}, 1.8972398918),
        (0.19567, {"decimals": 2}, 0.2),
        (-0.0001234567890123456, {}, -0.000123456789012),
        (5429.0, {"decimals": 0}, 5429.0),
        (123456789.123456789, {"decimals": 6}, 123456789.123),  # never beyond 12 significant digits
        (np.float64(2.5), {}, 2.5),
        (-0.0, {}, 0.0),
    ],
)
def test_display_value_rounds_floats_to_what_a_reader_sees(value, kwargs, expected):
    result = chapter.display_value(value, **kwargs)
    assert isinstance(result, float) and result == expected
    assert not math.copysign(1.0, result) < 0 or result != 0.0


def test_display_value_agrees_with_the_format_the_prose_uses():
    rng = np.random.default_rng(7)
    for value in rng.normal(0, 50, 500):
        for decimals in (0, 1, 2, 3):
            shown = f"{value:.{decimals}f}"
            if float(shown) == 0:
                shown = shown.lstrip("-")  # a page shows 0, never -0
            assert f"{chapter.display_value(value, decimals=decimals):.{decimals}f}" == shown


def test_display_value_passes_integers_strings_and_booleans():
    assert chapter.display_value(np.int64(7)) == 7 and type(chapter.display_value(np.int64(7))) is int
    assert chapter.display_value("seven") == "seven"
    assert chapter.display_value(np.bool_(True)) is True


@pytest.mark.parametrize(("value", "kwargs", "error", "names"), [
    (float("nan"), {}, ValueError, "value"),
    (float("inf"), {}, ValueError, "value"),
    ([1.0], {}, TypeError, "value"),
    (1.0, {"decimals": -1}, ValueError, "decimals"),
    (1.0, {"decimals": 1.5}, ValueError, "decimals"),
    (1.0, {"significant": 0}, ValueError, "significant"),
])
def test_display_value_rejects_what_a_page_cannot_show(value, kwargs, error, names):
    with pytest.raises(error, match=names):
        chapter.display_value(value, **kwargs)


def test_glue_formats_and_cited_keys_read_the_prose():
    prose = ["power {glue:text}`pw:.0f` %, {glue:text}`pw:.2f`, {glue}`n` and {glue:md}`table`",
             "{cite:t}`adami2018` and {cite:p}`button2013, gelman2014`; again {cite}`adami2018`"]
    assert chapter.glue_formats(prose) == {"pw": [".0f", ".2f"], "n": [""], "table": [""]}
    assert chapter.cited_keys(prose) == ["adami2018", "button2013", "gelman2014"]
    with pytest.raises(TypeError, match="markdown"):
        chapter.cited_keys("a single string")
    with pytest.raises(TypeError, match="markdown"):
        chapter.glue_formats([1])


def _capture(function, *args, **kwargs):
    InteractiveShell.instance()
    with capture_output() as captured:
        function(*args, **kwargs)
    return [(o.data, o.metadata) for o in captured.outputs]


def test_glue_record_is_what_myst_nb_glue_stores():
    from myst_nb import glue

    for value in (0.2, 7, "seven"):
        assert _capture(chapter.glue_record, "x", value) == _capture(glue, "x", value, display=False)


def test_setup_reads_the_chapter_its_assumptions_and_its_citations():
    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    assert ch.title.startswith("Never skip leg day")
    assert ch.short_id == "000" and ch.source_id.startswith("000_")
    assert ch.path == "chapters/02-hindlimb-unloading/hindlimb-unloading"
    assert ch.alpha == 0.05 and ch.target_power == 0.8
    low, high = ch.assumption_range("hu_cv")
    assert low <= ch.assumption("hu_cv") <= high
    with pytest.raises(KeyError, match="assumption_id 'no_such'"):
        ch.assumption("no_such")
    with pytest.raises(TypeError, match="assumption_id"):
        ch.assumption(3)
    assert "adami2018" in ch.cited_keys()
    ch.cite("zzz_not_in_prose2020; adami2018")
    assert ch.cited_keys()[-1] == "zzz_not_in_prose2020"
    assert "Cite this chapter" in ch.cite_box()


def test_glue_rounds_to_the_decimals_of_the_chapters_own_prose():
    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    ch._formats = {"share": [".0f"], "ratio": [".1f", ".2f"], "raw": [""], "pct": [".0%"]}
    assert ch.display_value("share", 69.6) == 70.0
    assert ch.display_value("ratio", 3.14159) == 3.14
    assert ch.display_value("raw", 1.8972398918038822) == 1.8972398918
    assert ch.display_value("pct", 0.19567) == 0.2
    assert ch.display_value("unused", 1 / 3) == 0.333333333333
    outputs = _capture(ch.glue, "share", 69.6)
    assert outputs[0][0] == {chapter.GLUE_PREFIX + "text/plain": "70.0"} and ch.glued["share"] == 70.0
    with pytest.raises(ValueError, match="name"):
        ch.glue("not a name", 1.0)


@pytest.mark.parametrize(("slug", "error"), [(2, TypeError), ("99-nowhere", ValueError)])
def test_setup_refuses_an_unknown_chapter(slug, error):
    with pytest.raises(error, match="slug"):
        chapter.setup(slug)


def test_time_estimates_count_the_prose_and_the_exercises(tmp_path, monkeypatch):
    import math

    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    read, work = ch.time_estimates()
    assert 1 <= read <= work
    sources = ["word " * 450, ":::{exercise}\n:label: a\nx\n:::", "```{exercise}\n```"]
    monkeypatch.setattr(chapter, "_markdown_sources", lambda path: sources)
    read, work = ch.time_estimates()
    words_per_minute, per_exercise = ch.assumption("reading_speed"), ch.assumption("minutes_per_exercise")
    assert read == math.ceil(455 / words_per_minute)
    assert work == read + math.ceil(2 * per_exercise)


def test_the_bottom_line_comes_from_the_findings_table(monkeypatch):
    from exneuro import data

    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    findings = data.load_findings()
    row = findings["chapter"] == "02-hindlimb-unloading"
    for column, text in [("article_said", "The page said so."), ("study_was", "Mice, in a dish."),
                         ("in_people", "Unknown."), ("for_you", "Keep walking."),
                         ("would_change", "A trial.")]:
        findings.loc[row, column] = text
    monkeypatch.setattr(data, "load_findings", lambda: findings)
    box = ch.bottom_line()
    assert box.startswith("````{admonition} Bottom line") and "Mice, in a dish." in box
    assert findings.loc[row, "verdict"].iloc[0].capitalize() in box


def test_the_first_screen_opens_with_the_bottom_line_then_time_and_notes(monkeypatch):
    from exneuro import data

    findings = data.load_findings()
    row = findings["chapter"] == "06-brain-bone"
    for column in ("article_said", "study_was", "in_people", "for_you", "would_change"):
        findings.loc[row, column] = f"{column} text."
    monkeypatch.setattr(data, "load_findings", lambda: findings)
    ch = chapter.setup("06-brain-bone", theme=False)
    screen = ch.first_screen()
    read, work = ch.time_estimates()
    order = [screen.index("Bottom line"), screen.index(f"about {read} minutes to read"),
             screen.index("Running this notebook yourself")]
    assert order == sorted(order) and f"about {work} minutes with the exercises" in screen
    assert ("14-corrections" in screen) == bool(ch.corrections_note())


def test_assumptions_markdown_lists_value_range_and_reason():
    ch = chapter.setup("03-muscle-neurogenesis", theme=False)
    text = ch.assumptions_markdown(["mn_share_sd", "mn_cv"])
    lines = text.splitlines()
    assert len(lines) == 2
    for line, key in zip(lines, ["mn_share_sd", "mn_cv"], strict=True):
        row = ch.assumptions.loc[key]
        assert line.startswith(f"- **{row['name']}** (`{key}`): {row['value']:g} {row['unit']}, ")
        assert f"plausible range {row['low']:g}–{row['high']:g}. " in line
        assert line.endswith(str(row["reason"]))
    with pytest.raises(KeyError, match="assumption_id 'hu_cv' is not a row"):
        ch.assumptions_markdown(["hu_cv"])  # another chapter's assumption
    with pytest.raises(TypeError, match="assumption_ids must be an iterable"):
        ch.assumptions_markdown("mn_cv")
    with pytest.raises(ValueError, match="assumption_ids must name at least one"):
        ch.assumptions_markdown([])


def test_setup_takes_alpha_and_power_from_the_planning_settings():
    from exneuro import data

    ch = chapter.setup("05-als-running-swimming", theme=False)
    assert (ch.alpha, ch.target_power) == data.planning_settings()
    assert ch.assumption_range("als_example_age") == tuple(
        float(v) for v in ch.assumptions.loc["als_example_age", ["low", "high"]])


@pytest.mark.parametrize(("value", "spec"), [
    (70.0, ".0f"), (3.14159, ".2f"), (0.19567, ".0%"), (1.8972398918, ""), (17, ""), (17, "d"),
    (1234567.0, ",.0f"), ("a phrase", ""), (True, ""), (0.000123, ".1e"), (2.5, "s"),
])
def test_text_shows_a_glued_value_exactly_as_the_glue_role_does(value, spec):
    """``{eval}`ch.text("x", spec)``` must show what ``{glue:text}`x:spec``` shows."""
    from IPython.core.formatters import format_display_data
    from myst_nb.core.variables import format_plain_text

    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    _capture(ch.glue, "x", value)
    stored = format_display_data(ch.glued["x"])[0]["text/plain"]
    assert ch.text("x", spec) == format_plain_text(stored, spec or "s")


def test_text_names_what_is_missing():
    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    with pytest.raises(KeyError, match="'nothing_yet' has not been glued yet"):
        ch.text("nothing_yet")
    with pytest.raises(TypeError, match="name must be a str"):
        ch.text(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="spec must be a str"):
        ch.text("x", 1)  # type: ignore[arg-type]


def test_eval_prose_sets_the_glue_precision_as_the_glue_role_does():
    formats = chapter.glue_formats(['{eval}`ch.text("a", ".1f")` and {eval}`chap.text(\'b\')`',
                                    "{glue:text}`a:.2f` and {eval}`1 + 1`"])
    assert formats == {"a": [".1f", ".2f"], "b": [""]}


def test_the_running_note_says_where_to_get_the_chapters_bundle(monkeypatch):
    from exneuro import cite

    ch = chapter.setup("02-hindlimb-unloading", theme=False)
    note = ch.running_note()
    assert note.startswith("```{admonition} Running this notebook yourself")
    assert "`02-hindlimb-unloading.zip`" in note and "download button" in note
    assert "make bundles" in note and "http" not in note  # no site URL is configured
    assert "chapters/02-hindlimb-unloading/hindlimb-unloading.ipynb" in note
    meta = cite.book_metadata()
    monkeypatch.setattr(cite, "book_metadata", lambda root=None: type(meta)(
        **{**meta.__dict__, "url": "https://example.org/book/"}))
    assert "<https://example.org/book/bundles/02-hindlimb-unloading.zip>" in ch.running_note()
