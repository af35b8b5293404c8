"""The evidence-at-a-glance synthesis: built from whatever rows ``data/`` holds."""

from __future__ import annotations

import csv
import shutil

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from exneuro import data, synthesis


@pytest.fixture(scope="module")
def inputs():
    return synthesis.load_inputs()


@pytest.fixture()
def data_copy(tmp_path):
    """A private copy of the data package that a test may change."""
    folder = tmp_path / "data"
    shutil.copytree(data.data_dir(), folder)
    return folder


def _append(path, row: dict) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row.get(c, "") for c in header])


def _unused_finding_id(findings: pd.DataFrame, short_id: str) -> str:
    taken = set(findings["finding_id"])
    return next(f"{short_id}{c}" for c in "zyxwvutsrq" if f"{short_id}{c}" not in taken)


# --- group sizes --------------------------------------------------------------------------

def test_n_per_group_reproduces_button_2013_table_2():
    # Button et al. (2013), Table 2: total N for 80 % and 95 % power, two equal groups.
    assert 2 * synthesis.n_per_group_needed(0.49, power=0.8) == 134
    assert 2 * synthesis.n_per_group_needed(0.49, power=0.95) == 220
    assert 2 * synthesis.n_per_group_needed(0.69, power=0.8) == 68
    assert 2 * synthesis.n_per_group_needed(0.69, power=0.95) == 112


def test_button_2013_table_2_detectable_effects_and_inputs():
    # Detectable d at the typical total N (22 and 24 animals) for 80 % and 95 % power.
    from exneuro import power as pw

    assert round(pw.mde_ttest_ind(11, power=0.8), 2) == 1.26
    assert round(pw.mde_ttest_ind(11, power=0.95), 2) == 1.62
    assert round(pw.mde_ttest_ind(12, power=0.8), 2) == 1.20
    assert round(pw.mde_ttest_ind(12, power=0.95), 2) == 1.54
    effects = data.load_literature_effects().set_index("effect_id")
    assert effects.loc["meth-button2013-water-maze-d", "estimate"] == 0.49
    assert effects.loc["meth-button2013-radial-maze-typical-n", "estimate"] == 24


def test_n_per_group_cohens_medium_effect_and_zero():
    assert synthesis.n_per_group_needed(0.5) == 64  # Cohen (1988), Table 2.4.1
    assert synthesis.n_per_group_needed(0.0) is None


@pytest.mark.parametrize("kwargs, error", [
    ({"effect": "big"}, TypeError),
    ({"effect": 0.5, "alpha": 1.5}, ValueError),
    ({"effect": 0.5, "power": 0.0}, ValueError),
    ({"effect": float("nan")}, ValueError),
])
def test_n_per_group_rejects_bad_input(kwargs, error):
    effect = kwargs.pop("effect")
    with pytest.raises(error):
        synthesis.n_per_group_needed(effect, **kwargs)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.2, max_value=3.0), st.floats(min_value=1.05, max_value=2.0))
def test_n_per_group_is_sign_free_and_falls_with_the_effect(d, factor):
    assert synthesis.n_per_group_needed(d) == synthesis.n_per_group_needed(-d)
    assert synthesis.n_per_group_needed(d * factor) <= synthesis.n_per_group_needed(d)


def test_planning_settings_come_from_the_assumptions(inputs):
    assert synthesis.planning_settings(inputs["assumptions"]) == (
        data.assumption("conventional_alpha"), data.assumption("conventional_power"))
    with pytest.raises(KeyError, match="conventional_power"):
        synthesis.planning_settings(pd.DataFrame({"assumption_id": ["conventional_alpha"],
                                                  "value": [0.05]}))
    with pytest.raises(TypeError, match="assumptions must be a pandas DataFrame"):
        synthesis.planning_settings({"conventional_alpha": 0.05})


# --- the evidence table -------------------------------------------------------------------

def test_evidence_table_has_one_row_per_finding(inputs):
    table = synthesis.evidence_table(inputs["findings"], inputs["sources"],
                                     inputs["literature_effects"])
    assert list(table["finding_id"]) == sorted(inputs["findings"]["finding_id"])
    assert table["source transparency"].str.fullmatch(r"\d+ of 12").all()
    hindlimb = table.set_index("finding_id").loc["000a"]
    assert hindlimb["species"] == "mouse"
    assert hindlimb["source transparency"] == "5 of 12"


def test_evidence_table_changes_when_data_gains_a_row(data_copy, inputs):
    before = synthesis.evidence_table(inputs["findings"], inputs["sources"],
                                      inputs["literature_effects"])
    finding_id = _unused_finding_id(inputs["findings"], "004")
    _append(data_copy / "literature_effects.csv", {
        "effect_id": "test-extra-effect", "bib_key": "button2013", "population": "test",
        "species": "human", "outcome": "test outcome", "comparison": "a vs b",
        "metric": "SMD", "estimate": "0.4", "ci_low": "0.1", "ci_high": "0.7",
        "ci_level": "0.95", "evidence_status": "derived", "quote": "test"})
    _append(data_copy / "findings.csv", {
        "finding_id": finding_id, "source_id": "004_4c9e07ceedb1a84c",
        "chapter": "06-brain-bone", "finding": "a test finding", "species": "human",
        "design": "test design", "n_text": "40", "effect_id": "test-extra-effect",
        "human_evidence": "test", "verdict": "not supported", "evidence_kind": "none",
        "evidence_ids": "button2013"})
    changed = synthesis.load_inputs(data_copy)
    after = synthesis.evidence_table(changed["findings"], changed["sources"],
                                     changed["literature_effects"])
    assert len(after) == len(before) + 1
    row = after.set_index("finding_id").loc[finding_id]
    assert row["effect"] == "SMD = 0.40"
    assert row["uncertainty"] == "95 % CI 0.10 to 0.70"
    assert row["n per group for the effect"] == str(synthesis.n_per_group_needed(0.4))
    forest = synthesis.forest_data(changed["literature_effects"], changed["findings"])
    assert forest.set_index("effect_id").loc["test-extra-effect", "linked findings"] == finding_id
    overview = synthesis.findings_overview(changed["sources"], changed["findings"])
    assert "a test finding" in set(overview["finding"])


def test_evidence_table_formats_non_standardized_and_missing_effects():
    sources = data.load_sources()
    findings = pd.DataFrame([
        {"finding_id": "000y", "source_id": sources["source_id"][0], "chapter": "x",
         "finding": "odds", "species": "human", "design": "d", "n_text": "n",
         "effect_id": "e-or", "human_evidence": "h", "verdict": "supported"},
        {"finding_id": "000z", "source_id": sources["source_id"][0], "chapter": "x",
         "finding": "none", "species": "human", "design": "d", "n_text": "n",
         "effect_id": pd.NA, "human_evidence": "h", "verdict": "supported"},
        {"finding_id": "000x", "source_id": sources["source_id"][0], "chapter": "x",
         "finding": "zero", "species": "human", "design": "d", "n_text": "n",
         "effect_id": "e-zero", "human_evidence": "h", "verdict": "supported"},
    ])
    effects = pd.DataFrame([
        {"effect_id": "e-or", "metric": "OR", "estimate": 12.5, "ci_low": float("nan"),
         "ci_high": float("nan"), "ci_level": float("nan")},
        {"effect_id": "e-zero", "metric": "d", "estimate": 0.0, "ci_low": -0.5,
         "ci_high": 0.5, "ci_level": float("nan")},
    ])
    table = synthesis.evidence_table(findings, sources, effects).set_index("finding_id")
    assert table.loc["000y", "effect"] == "odds ratio = 12.5"
    assert table.loc["000y", "uncertainty"] == "no interval reported"
    assert table.loc["000y", "n per group for the effect"] == "not applicable"
    assert table.loc["000z", "effect"] == "no standardized effect"
    assert table.loc["000x", "n per group for the effect"] == "no finite n (effect of zero)"
    assert table.loc["000x", "uncertainty"] == "95 % CI -0.50 to 0.50"


def test_evidence_table_names_broken_links(inputs):
    findings = inputs["findings"].copy()
    bad_source = findings.head(1).assign(source_id="999_0000000000000000")
    with pytest.raises(ValueError, match="unknown source"):
        synthesis.evidence_table(bad_source, inputs["sources"], inputs["literature_effects"])
    bad_effect = findings.head(1).assign(effect_id="no-such-effect")
    with pytest.raises(ValueError, match="unknown effect"):
        synthesis.evidence_table(bad_effect, inputs["sources"], inputs["literature_effects"])
    with pytest.raises(ValueError, match="findings lacks the column"):
        synthesis.evidence_table(findings.drop(columns="verdict"), inputs["sources"],
                                 inputs["literature_effects"])
    with pytest.raises(TypeError, match="findings must be a pandas DataFrame"):
        synthesis.evidence_table([], inputs["sources"], inputs["literature_effects"])


# --- the forest plot ----------------------------------------------------------------------

def _effects(rows):
    base = {"bib_key": "button2013", "population": "p", "comparison": "c", "ci_level": 0.95,
            "outcome": "an outcome", "ci_low": float("nan"), "ci_high": float("nan")}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_forest_data_keeps_standardized_effects_animal_first():
    effects = _effects([
        {"effect_id": "h1", "species": "human", "metric": "SMD", "estimate": 0.3,
         "ci_low": 0.1, "ci_high": 0.5},
        {"effect_id": "m1", "species": "mouse", "metric": "hedges_g", "estimate": 1.7,
         "ci_low": 1.47, "ci_high": 1.94},
        {"effect_id": "r1", "species": "rodent", "metric": "d", "estimate": -0.6,
         "ci_low": -1.2, "ci_high": 0.1},
        {"effect_id": "p1", "species": "human", "metric": "percent", "estimate": 30.0},
    ])
    frame = synthesis.forest_data(effects, bib_path="/nonexistent.bib")
    assert list(frame["effect_id"]) == ["r1", "m1", "h1"]
    assert list(frame["evidence from"]) == ["animal (rodent)", "animal (mouse)", "human"]
    rows = frame.set_index("effect_id")
    assert rows.loc["m1", "n per group"] == synthesis.n_per_group_needed(1.7)
    assert rows.loc["m1", "n per group at bound nearest zero"] == synthesis.n_per_group_needed(1.47)
    assert pd.isna(rows.loc["r1", "n per group at bound nearest zero"])  # interval spans 0
    assert rows.loc["h1", "linked findings"] == "context"
    assert rows.loc["h1", "label"] == "an outcome (Button 2013) [h1]"


def test_forest_data_of_the_book_covers_every_standardized_row(inputs):
    effects = inputs["literature_effects"]
    frame = synthesis.forest_data(effects, inputs["findings"])
    expected = set(effects.loc[effects["metric"].isin(synthesis.STANDARDIZED_METRICS), "effect_id"])
    assert set(frame["effect_id"]) == expected
    assert "meth-button2013-water-maze-d" in expected
    wm = frame.set_index("effect_id").loc["meth-button2013-water-maze-d"]
    assert wm["label"].endswith("(Button et al. 2013)")
    assert 2 * wm["n per group"] == 134


def test_forest_data_handles_empty_and_bad_input():
    empty = synthesis.forest_data(_effects([{"effect_id": "p", "species": "human",
                                              "metric": "count", "estimate": 3.0}]))
    assert empty.empty
    with pytest.raises(ValueError, match="effects lacks the column"):
        synthesis.forest_data(pd.DataFrame({"effect_id": ["x"]}))
    with pytest.raises(ValueError, match="label_width must be"):
        synthesis.forest_data(_effects([]).reindex(columns=[
            "effect_id", "bib_key", "species", "outcome", "metric", "estimate", "ci_low",
            "ci_high"]), label_width=3)


def test_forest_figure_draws_two_panels(inputs):
    frame = synthesis.forest_data(inputs["literature_effects"], inputs["findings"])
    fig = synthesis.forest_figure(frame)
    left, right = fig.axes
    assert left.get_xlabel().startswith("standardized mean difference")
    assert right.get_xscale() == "log"
    assert len(right.patches) == frame["n per group"].notna().sum()
    plt.close(fig)
    with pytest.raises(ValueError, match="at least one row"):
        synthesis.forest_figure(frame.iloc[0:0])


# --- the introduction's overview, the toc and Markdown ------------------------------------

def test_findings_overview_links_only_chapters_in_the_toc(inputs):
    sources, findings = inputs["sources"], inputs["findings"]
    chapter = sources.set_index("short_id").loc["000", "chapter"]
    linked = synthesis.findings_overview(sources, findings, {chapter})
    first = linked.iloc[0]
    assert first["chapter"] == f"{{doc}}`Chapter 2 </{chapter}>`"
    assert first["transparency"] == "5 of 12"
    unlinked = synthesis.findings_overview(sources, findings, set())
    assert (unlinked["chapter"] == "in preparation").all()
    assert set(unlinked["article"].str[:1]) == {"“"}
    no_findings = synthesis.findings_overview(sources, findings.iloc[0:0])
    assert len(no_findings) == len(sources)
    assert (no_findings["finding"] == "not yet summarised").all()


def test_toc_documents_reads_parts_chapters_and_sections(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: a/one\n        sections:\n          - file: a/two\n"
        "      # - file: a/commented\n", encoding="utf-8")
    assert synthesis.toc_documents(toc) == {"intro", "a/one", "a/two"}
    assert synthesis.toc_documents(tmp_path / "missing.yml") == set()
    assert "chapters/00-introduction/introduction" in synthesis.toc_documents()


def test_markdown_table_escapes_and_fills():
    frame = pd.DataFrame({"a": [1, None], "b": ["x|y", "  "]}, index=["r1", "r2"])
    text = synthesis.markdown_table(frame, index=True)
    lines = text.splitlines()
    assert lines[0] == "| index | a | b |"
    assert lines[1] == "|---|---|---|"
    assert lines[2] == "| r1 | 1.0 | x\\|y |"
    assert lines[3] == "| r2 | — | — |"
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        synthesis.markdown_table([[1]])
    wrapped = synthesis.markdown_table(pd.DataFrame({"a": [1]}), full_width=True).splitlines()
    assert wrapped[0] == ":::{container} full-width" and wrapped[-1] == ":::"


def test_author_year_from_the_bibliography_and_fallbacks():
    assert synthesis.author_year("button2013") == "Button et al. 2013"
    assert synthesis.author_year("gelman2014") == "Gelman & Carlin 2014"
    assert synthesis.author_year("frontiers2018press") == "Bishop 2018"
    assert synthesis.author_year("nosuchkey2001") == "Nosuchkey 2001"
    assert synthesis.author_year("odd-key") == "odd-key"
    with pytest.raises(ValueError, match="key must not be empty"):
        synthesis.author_year("")
    with pytest.raises(TypeError, match="key must be a str"):
        synthesis.author_year(2013)


# --- meta-analysis helpers ----------------------------------------------------------------

def test_tau_from_prediction_interval_reproduces_massett_2021():
    # Massett et al. (2021): g = 1.70 (1.47-1.94), PI -0.43 to 3.84, 105 pairs, tau^2 = 1.14.
    tau = synthesis.tau_from_prediction_interval(1.70, 1.47, 1.94, -0.43, 3.84, 105)
    assert round(tau**2, 2) == 1.14


@pytest.mark.parametrize("args, match", [
    ((1.0, 1.2, 1.5, 0.0, 2.0, 10), "ci_low < estimate < ci_high"),
    ((1.0, 0.5, 1.5, 0.7, 2.0, 10), "must contain the confidence interval"),
    ((1.0, 0.5, 1.5, 0.0, 2.0, 2), "k must be an integer >= 3"),
])
def test_tau_from_prediction_interval_rejects_bad_intervals(args, match):
    with pytest.raises(ValueError, match=match):
        synthesis.tau_from_prediction_interval(*args)


def test_tau_is_zero_when_the_prediction_interval_is_the_confidence_interval():
    assert synthesis.tau_from_prediction_interval(0.0, -0.2, 0.2, -0.2, 0.2, 50) == 0.0


@pytest.mark.parametrize("percent, n", [(2, 482), (35, 482), (47, 343), (0, 10), (100, 10)])
def test_wilson_interval_matches_statsmodels(percent, n):
    low, high = synthesis.wilson_interval(percent, n)
    ref_low, ref_high = proportion_confint(percent / 100 * n, n, method="wilson")
    assert low == pytest.approx(100 * ref_low, abs=1e-9)
    assert high == pytest.approx(100 * ref_high, abs=1e-9)


def test_wilson_interval_rejects_bad_input():
    with pytest.raises(ValueError, match="percent must be in"):
        synthesis.wilson_interval(120, 10)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        synthesis.wilson_interval(50, 0)
    with pytest.raises(ValueError, match="level must be"):
        synthesis.wilson_interval(50, 10, level=1.5)


def test_expected_power_reduces_to_power_and_matches_integration():
    from scipy import integrate, stats as st

    from exneuro import power as pw

    assert synthesis.expected_power(0.5, 0.0, 64) == pytest.approx(pw.power_ttest_ind(0.5, 64))
    mu, tau, n = 1.70, 1.07, 10
    reference, _ = integrate.quad(
        lambda d: pw.power_ttest_ind(d, n) * st.norm.pdf(d, mu, tau), mu - 10 * tau, mu + 10 * tau)
    assert synthesis.expected_power(mu, tau, n) == pytest.approx(reference, abs=1e-6)
    assert synthesis.expected_power(mu, tau, n) < pw.power_ttest_ind(mu, n)


@pytest.mark.parametrize("kwargs, match", [
    ({"tau": -1.0}, "tau must be >= 0"),
    ({"n_per_group": 1}, "n_per_group must be >= 2"),
    ({"nodes": 2}, "nodes must be an integer >= 5"),
    ({"alpha": 2.0}, "alpha must be in"),
])
def test_expected_power_rejects_bad_input(kwargs, match):
    args = {"mean_effect": 0.5, "tau": 0.3, "n_per_group": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        synthesis.expected_power(**args)


def test_evidence_table_links_chapters_in_the_toc(inputs):
    sources = inputs["sources"]
    path = sources.set_index("short_id").loc["000", "chapter"]
    table = synthesis.evidence_table(inputs["findings"], sources, inputs["literature_effects"],
                                     toc={path}).set_index("finding_id")
    assert table.loc["000a", "chapter"] == f"{{doc}}`Chapter 2 </{path}>`"
    plain = synthesis.evidence_table(inputs["findings"], sources, inputs["literature_effects"],
                                     toc=set()).set_index("finding_id")
    assert plain.loc["000a", "chapter"] == "02-hindlimb-unloading"


def test_forest_data_disambiguates_repeated_labels_and_sorts_by_size():
    effects = _effects([
        {"effect_id": "a", "species": "human", "metric": "SMD", "estimate": -0.9},
        {"effect_id": "b", "species": "human", "metric": "SMD", "estimate": 0.3},
        {"effect_id": "c", "species": "human", "metric": "SMD", "estimate": 0.5,
         "outcome": "another outcome"},
    ])
    frame = synthesis.forest_data(effects, bib_path="/nonexistent.bib")
    assert list(frame["effect_id"]) == ["b", "c", "a"]
    labels = frame.set_index("effect_id")["label"]
    assert labels["a"].endswith("[a]") and labels["b"].endswith("[b]")
    kemmler = _effects([
        {"effect_id": "bb-kemmler2020-ls-wb", "bib_key": "kemmler2020", "species": "human",
         "metric": "SMD", "estimate": 0.3},
        {"effect_id": "bb-kemmler2020-ls-drt", "bib_key": "kemmler2020", "species": "human",
         "metric": "SMD", "estimate": 0.4},
    ])
    short = synthesis.forest_data(kemmler, bib_path="/nonexistent.bib")["label"]
    assert list(short) == ["an outcome (Kemmler 2020) [ls-wb]", "an outcome (Kemmler 2020) [ls-drt]"]
    assert labels["c"] == "another outcome (Button 2013)"


def test_author_year_treats_others_as_et_al(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{smith2020, author={Smith, A. and others}, title={T}, year={2020}}\n"
                   "@article{solo2019, author={Solo, B.}, title={T}, year={2019}}\n",
                   encoding="utf-8")
    assert synthesis.author_year("smith2020", bib) == "Smith et al. 2020"
    assert synthesis.author_year("solo2019", bib) == "Solo 2019"


def test_forest_figure_labels_the_power_it_was_given(inputs):
    frame = synthesis.forest_data(inputs["literature_effects"], inputs["findings"], power=0.9)
    fig = synthesis.forest_figure(frame, target_power=0.9)
    assert fig.axes[1].get_title() == "n per group for 90 % power"
    plt.close(fig)


def test_chapter_label_reads_the_folder_number():
    assert synthesis._chapter_label("02-hindlimb-unloading") == "Chapter 2"
    assert synthesis._chapter_label("glossary") == "glossary"


# --- issue 15 --------------------------------------------------------------------------------


def test_forest_data_parses_the_bibliography_once(inputs, monkeypatch, tmp_path):
    import pybtex.database

    bib = tmp_path / "references.bib"
    bib.write_text((data.project_root() / "references.bib").read_text(encoding="utf-8"),
                   encoding="utf-8")
    calls = []
    original = pybtex.database.parse_file

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(pybtex.database, "parse_file", counting)
    first = synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                                  bib_path=bib)
    assert len(first) > 5 and len(calls) == 1  # once, not once per row
    synthesis.forest_data(inputs["literature_effects"], bib_path=bib)
    assert len(calls) == 1  # and not again while the file is unchanged
    bib.write_text(bib.read_text(encoding="utf-8") + "\n% changed\n", encoding="utf-8")
    again = synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                                  bib_path=bib)
    assert len(calls) == 2  # a changed file is read again
    assert again["label"].tolist() == first["label"].tolist()


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_markdown_table_flags_must_be_booleans(bad):
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(TypeError, match="index must be a bool"):
        synthesis.markdown_table(frame, index=bad)
    with pytest.raises(TypeError, match="full_width must be a bool"):
        synthesis.markdown_table(frame, full_width=bad)


def test_path_and_toc_arguments_are_checked(inputs):
    with pytest.raises(TypeError, match="bib_path must be a path"):
        synthesis.author_year("button2013", bib_path=2013)
    with pytest.raises(TypeError, match="toc_path must be a path"):
        synthesis.toc_documents(toc_path=1)
    with pytest.raises(TypeError, match="folder must be a path"):
        synthesis.load_inputs(folder=1)
    with pytest.raises(TypeError, match="toc must be a set of document paths"):
        synthesis.findings_overview(inputs["sources"], inputs["findings"], toc="_toc.yml")
    overview = synthesis.findings_overview(inputs["sources"], inputs["findings"],
                                           toc=list(synthesis.toc_documents()))
    assert overview.equals(synthesis.findings_overview(
        inputs["sources"], inputs["findings"], toc=synthesis.toc_documents()))


def test_toc_must_hold_paths(inputs):
    with pytest.raises(TypeError, match="toc must contain document paths"):
        synthesis.findings_overview(inputs["sources"], inputs["findings"], toc={1, 2})
