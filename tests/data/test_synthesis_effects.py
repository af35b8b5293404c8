"""Every standardized effect has its place in the synthesis figure, in plain words."""

from __future__ import annotations

import pandas as pd
import pytest

from exneuro import data, synthesis


def _estimates(effects: pd.DataFrame) -> set[str]:
    standardized = effects["metric"].isin(synthesis.STANDARDIZED_METRICS)
    return set(effects.loc[standardized & (effects["design"] != "descriptive"), "effect_id"])


def test_every_standardized_effect_is_placed():
    effects = data.load_literature_effects()
    placed = set(data.load_table("synthesis_effects")["effect_id"])
    missing = sorted(_estimates(effects) - placed)
    assert not missing, ("add these effects to data/synthesis_effects.csv (finding, plain label, "
                         f"benefit sign): {missing}")


def test_an_effect_not_drawn_says_why():
    placements = data.load_table("synthesis_effects")
    hidden = placements[~placements["in_figure"].astype(bool)]
    silent = sorted(hidden.loc[hidden["note"].isna(), "effect_id"])
    assert not silent, f"effects left out of the figure without a note: {silent}"


def test_the_placements_give_plain_labels():
    inputs = synthesis.load_inputs()
    frame = synthesis.forest_data(inputs["literature_effects"], inputs["findings"],
                                  placements=inputs["synthesis_effects"])
    assert frame["in figure"].any()


def test_a_missing_placement_is_caught():
    effects = data.load_literature_effects()
    extra = effects.iloc[[0]].assign(effect_id="planted-effect", metric="SMD", design="between-group")
    planted = pd.concat([effects, extra], ignore_index=True)
    placed = set(data.load_table("synthesis_effects")["effect_id"])
    assert "planted-effect" in _estimates(planted) - placed


@pytest.mark.parametrize("design", ["descriptive"])
def test_descriptive_rows_are_not_estimates(design):
    effects = data.load_literature_effects()
    assert not (_estimates(effects) & set(effects.loc[effects["design"] == design, "effect_id"]))
