"""The evidence-at-a-glance synthesis: built from whatever rows ``data/`` holds."""

from __future__ import annotations

import csv
import shutil

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from exneuro import book, data, power, synthesis


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


# --- the evidence table -------------------------------------------------------------------

def test_evidence_table_has_one_row_per_finding(inputs):
    table = synthesis.evidence_table(inputs["findings"], inputs["sources"],
                                     inputs["literature_effects"])
    assert list(table["finding_id"]) == sorted(inputs["findings"]["finding_id"])
    # data, not display text: scores are integers a reader's code can sort and count
    assert pd.api.types.is_integer_dtype(table["source transparency"])
    assert table["source transparency"].between(0, 12).all()
    hindlimb = table.set_index("finding_id").loc["000a"]
    assert hindlimb["species"] == "mouse"
    assert hindlimb["source transparency"] == 5
    assert hindlimb["document"] == "chapters/02-hindlimb-unloading/hindlimb-unloading"
    assert hindlimb["bib_key"] == "adami2018"
    effects = inputs["literature_effects"].set_index("effect_id")
    with_effect = table.dropna(subset=["effect_id"]).set_index("effect_id")
    assert (with_effect["estimate"] == effects.loc[with_effect.index, "estimate"]).all()


def test_evidence_table_changes_when_data_gains_a_row(data_copy, inputs):
    before = synthesis.evidence_table(inputs["findings"], inputs["sources"],
                                      inputs["literature_effects"])
    finding_id = _unused_finding_id(inputs["findings"], "004")
    _append(data_copy / "literature_effects.csv", {
        "effect_id": "test-extra-effect", "bib_key": "button2013", "population": "test",
        "species": "human", "outcome": "test outcome", "comparison": "a vs b", "design": "between-group",
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
    assert (row["metric"], row["estimate"], row["ci_low"], row["ci_high"]) == ("SMD", 0.4, 0.1, 0.7)
    assert row["n per group"] == power.n_per_group_ttest_ind(0.4) == 100
    shown = synthesis.evidence_markdown(after.set_index("finding_id").loc[[finding_id]]
                                        .reset_index())
    assert "| effect | SMD = 0.40 |" in shown
    assert "| uncertainty | 95 % CI 0.10 to 0.70 |" in shown
    assert "| n per group for the effect | 100 |" in shown
    forest = synthesis.forest_data(changed["literature_effects"], changed["findings"])
    assert forest.set_index("effect_id").loc["test-extra-effect", "linked findings"] == finding_id
    overview = synthesis.findings_overview(changed["sources"], changed["findings"])
    assert "a test finding" in set(overview["finding"])


def test_evidence_table_formats_non_standardized_and_missing_effects():
    sources = data.load_sources()
    findings = pd.DataFrame([
        {"finding_id": "000y", "source_id": sources["source_id"][0], "chapter": "x", "bib_key": pd.NA,
         "finding": "odds", "species": "human", "design": "d", "n_text": "n",
         "effect_id": "e-or", "human_evidence": "h", "verdict": "supported"},
        {"finding_id": "000z", "source_id": sources["source_id"][0], "chapter": "x", "bib_key": pd.NA,
         "finding": "none", "species": "human", "design": "d", "n_text": "n",
         "effect_id": pd.NA, "human_evidence": "h", "verdict": "supported"},
        {"finding_id": "000x", "source_id": sources["source_id"][0], "chapter": "x", "bib_key": pd.NA,
         "finding": "zero", "species": "human", "design": "d", "n_text": "n",
         "effect_id": "e-zero", "human_evidence": "h", "verdict": "supported"},
    ])
    effects = pd.DataFrame([
        {"effect_id": "e-or", "metric": "OR", "estimate": 12.5, "ci_low": float("nan"),
         "ci_high": float("nan"), "ci_level": float("nan")},
        {"effect_id": "e-zero", "metric": "d", "estimate": 0.0, "ci_low": -0.5,
         "ci_high": 0.5, "ci_level": float("nan")},
    ])
    table = synthesis.evidence_table(findings, sources, effects)
    rows = table.set_index("finding_id")
    assert pd.isna(rows.loc["000y", "n per group"]) and pd.isna(rows.loc["000x", "n per group"])
    assert pd.isna(rows.loc["000z", "effect_id"]) and pd.isna(rows.loc["000z", "estimate"])
    blocks = synthesis.evidence_markdown(table).split("\n\n**")
    # in the order of finding_id: 000x (zero), 000y (odds), 000z (none)
    assert [b.splitlines()[0].strip("*") for b in blocks] == ["x: zero", "x: odds", "x: none"]
    zero, odds, none = blocks
    assert "| effect | d = 0.00 |" in zero and "| effect | odds ratio = 12.5 |" in odds
    assert "| effect | no standardized effect |" in none
    assert "| uncertainty | 95 % CI -0.50 to 0.50 |" in zero
    assert "| uncertainty | no interval reported |" in odds
    assert "| n per group for the effect | no finite n (effect of zero) |" in zero
    assert "| n per group for the effect | not applicable |" in odds
    # verdict first: the first row of every block's table is the verdict
    assert all(b.splitlines()[4].startswith("| verdict | **supported** |") for b in blocks)
    assert all("| source transparency | " in b and " of 12 |" in b for b in blocks)


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
    assert rows.loc["m1", "n per group"] == power.n_per_group_ttest_ind(1.7)
    assert rows.loc["m1", "n per group at bound nearest zero"] == power.n_per_group_ttest_ind(1.47)
    assert rows.loc["r1", "n per group"] == power.n_per_group_ttest_ind(0.6)
    assert pd.isna(rows.loc["r1", "n per group at bound nearest zero"])  # interval spans 0
    assert rows.loc["h1", "linked findings"] == "context"
    assert rows.loc["h1", "label"] == "an outcome (Button 2013) [h1]"


def test_forest_data_of_the_book_covers_every_standardized_row(inputs):
    effects = inputs["literature_effects"]
    frame = synthesis.forest_data(effects, inputs["findings"])
    standardized = effects["metric"].isin(synthesis.STANDARDIZED_METRICS)
    expected = set(effects.loc[standardized & (effects["design"] != "descriptive"), "effect_id"])
    assert set(frame["effect_id"]) == expected
    # a detectable effect printed in a table is data for the methods chapter, not an estimate
    assert "meth-button2013-water-maze-mde80" not in set(frame["effect_id"])
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


def _placed(inputs, **kwargs):
    return synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                                 placements=inputs["synthesis_effects"], **kwargs)


def test_forest_figure_draws_one_panel_per_finding_with_benefit_to_the_right(inputs):
    frame = _placed(inputs, correlation=0.7)
    fig = synthesis.forest_figure(frame)
    drawn = frame[frame["in figure"]]
    assert len(fig.axes) == drawn["group"].nunique()
    assert "claimed benefit →" in fig.axes[-1].get_xlabel()
    plt.close(fig)
    with pytest.raises(ValueError, match="at least one row to draw"):
        synthesis.forest_figure(frame.iloc[0:0])
    with pytest.raises(ValueError, match="at least one row to draw"):
        synthesis.forest_figure(synthesis.forest_data(inputs["literature_effects"]))


def test_no_internal_id_reaches_the_data_the_figure_draws(inputs):
    frame = _placed(inputs, correlation=0.7)
    drawn = frame[frame["in figure"]]
    effects = inputs["literature_effects"]
    ids = (set(effects["effect_id"]) | set(effects["bib_key"]) | set(inputs["findings"]["finding_id"]))
    for text in list(drawn["label"]) + list(drawn["group title"]):
        assert "[" not in text and "…" not in text, text
        assert not [i for i in ids if i in text], text


def test_a_label_with_an_internal_id_is_refused(inputs):
    placements = inputs["synthesis_effects"].copy()
    first = placements.index[0]
    for planted in (f"Hippocampal volume [{placements.loc[first, 'effect_id']}]",
                    "Hippocampal volume (balbim2024)", "Hippocampal vol…"):
        placements.loc[first, "label"] = planted
        with pytest.raises(ValueError, match="must be plain words"):
            synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                                  placements=placements)


def test_benefit_points_right_whatever_the_sign_convention(inputs):
    rows = _placed(inputs).set_index("effect_id")
    walking = rows.loc["nm-noetel2024-walking"]   # negative g = fewer symptoms
    assert walking["estimate"] < 0 < walking["benefit estimate"] == -walking["estimate"]
    assert walking["benefit low"] == -walking["ci_high"] and walking["benefit high"] == -walking["ci_low"]
    schuch = rows.loc["nm-schuch2016-depression"]  # positive SMD = benefit
    assert schuch["benefit estimate"] == schuch["estimate"] > 0


def test_within_person_effects_need_a_correlation_to_size_a_trial(inputs):
    from exneuro import effect_size

    without = _placed(inputs).set_index("effect_id")
    assert pd.isna(without.loc["nm-dinoff2017-acute", "n per group"])
    assert without.loc["nm-schuch2016-depression", "n per group"] == power.n_per_group_ttest_ind(1.11)
    converted = _placed(inputs, correlation=0.8).set_index("effect_id").loc["nm-dinoff2017-acute"]
    d = effect_size.two_arm_d(0.59, "within-person", correlation=0.8)
    assert converted["two-arm d"] == pytest.approx(d)
    assert converted["n per group"] == power.n_per_group_ttest_ind(d)
    table = synthesis.evidence_table(inputs["findings"], inputs["sources"],
                                     inputs["literature_effects"], correlation=0.8)
    row = table.set_index("effect_id").loc["nm-dinoff2017-acute"]
    assert row["n per group"] == converted["n per group"] and row["correlation"] == 0.8
    unconverted = synthesis.evidence_table(inputs["findings"], inputs["sources"],
                                           inputs["literature_effects"])
    assert pd.isna(unconverted.set_index("effect_id").loc["nm-dinoff2017-acute", "n per group"])
    shown = synthesis.evidence_markdown(table)
    assert "with an assumed before-after correlation of 0.8" in shown
    assert "needs their before-after correlation" in synthesis.evidence_markdown(unconverted)


def test_placements_are_checked(inputs):
    placements = inputs["synthesis_effects"]
    with pytest.raises(ValueError, match="unknown effect"):
        synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                              placements=placements.assign(effect_id="no-such-effect"))
    with pytest.raises(ValueError, match="unknown finding"):
        synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                              placements=placements.assign(finding_id="999z"))
    with pytest.raises(ValueError, match="benefit_sign of"):
        synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                              placements=placements.assign(benefit_sign=2))


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
    # the same words as the chapters: the bottom line's sentence, or the finding until written
    said = findings.set_index("finding_id")["article_said"]
    expected = [s if isinstance(s, str) and s.strip() else f for s, f in
                zip(said.reindex(findings.sort_values("finding_id")["finding_id"]),
                    findings.sort_values("finding_id")["finding"], strict=True)]
    assert sorted(linked["article said"]) == sorted(expected)


def test_overview_markdown_puts_the_verdict_first_in_two_columns(inputs):
    overview = synthesis.findings_overview(inputs["sources"], inputs["findings"],
                                           book.toc_documents())
    shown = synthesis.overview_markdown(overview, verdict_link="verdict-scale").splitlines()
    assert shown[0] == "| verdict | the finding |"
    assert len(shown) == 2 + len(overview)
    for line, verdict in zip(shown[2:], overview["verdict"], strict=True):
        assert line.startswith(f"| **{{ref}}`{verdict.capitalize()} <verdict-scale>`** (")
        assert line.count(" | ") == 1
    with pytest.raises(ValueError, match="overview lacks the column"):
        synthesis.overview_markdown(overview.drop(columns="for you"))


def test_evidence_markdown_links_chapters_in_the_toc(inputs):
    sources = inputs["sources"]
    path = sources.set_index("short_id").loc["000", "chapter"]
    table = synthesis.evidence_table(inputs["findings"], sources, inputs["literature_effects"])
    linked = synthesis.evidence_markdown(table, toc={path})
    assert linked.startswith(f"**{{doc}}`Chapter 2 </{path}>`: ")
    assert "**03-muscle-neurogenesis: " in linked
    plain = synthesis.evidence_markdown(table, toc=set())
    assert plain.startswith("**02-hindlimb-unloading: ")
    assert "{ref}`" not in plain
    assert "| verdict | **{ref}`" in synthesis.evidence_markdown(table, verdict_link="verdict-scale")
    assert synthesis.evidence_markdown(table, toc=book.toc_documents()).count("{doc}`Chapter") == len(table)
    with pytest.raises(ValueError, match="table lacks the column"):
        synthesis.evidence_markdown(table.drop(columns="document"))


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


def test_forest_figure_labels_the_power_it_was_given(inputs):
    frame = _placed(inputs, power=0.9, correlation=0.7)
    fig = synthesis.forest_figure(frame, target_power=0.9, xlim=(-1.0, 2.5))
    assert fig.axes[-1].get_xlabel().endswith("90 % power")
    assert fig.axes[-1].get_xlim() == (-1.0, 2.5)
    plt.close(fig)


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


def test_path_and_toc_arguments_are_checked(inputs):
    with pytest.raises(TypeError, match="bib_path must be a path"):
        synthesis.forest_data(inputs["literature_effects"], bib_path=2013)
    with pytest.raises(TypeError, match="folder must be a path"):
        synthesis.load_inputs(folder=1)
    with pytest.raises(TypeError, match="toc must be a collection of document paths"):
        synthesis.findings_overview(inputs["sources"], inputs["findings"], toc="_toc.yml")
    overview = synthesis.findings_overview(inputs["sources"], inputs["findings"],
                                           toc=book.toc_documents())
    assert overview.equals(synthesis.findings_overview(
        inputs["sources"], inputs["findings"], toc=set(book.toc_documents())))


def test_toc_must_hold_paths(inputs):
    with pytest.raises(TypeError, match="toc must contain document paths"):
        synthesis.findings_overview(inputs["sources"], inputs["findings"], toc={1, 2})
