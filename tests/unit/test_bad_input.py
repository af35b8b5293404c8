"""Every public function, called with a standard set of bad values, fails loudly and clearly.

For each public function of each module (taken from the module's ``__all__``, so a new
function is covered or the test fails), the table below gives one valid call and, for
each argument, what kind of value it takes. The test then replaces one argument at a
time by each bad value of its kind -- negative, zero, NaN, infinite, the wrong type,
empty, out-of-range probabilities -- and, for vectorised functions, makes two arguments'
shapes clash. Every such call must raise ``TypeError`` (wrong type) or ``ValueError``
(wrong value) whose message starts with the name of the offending argument (for a shape
clash: names both). ``EXCEPTIONS`` lists, with reasons, the few public functions that
take no argument a caller could get wrong.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import exneuro

# ---------------------------------------------------------------------------
# Kinds of argument and their standard bad values
# ---------------------------------------------------------------------------

NUMBER_BAD = [
    ("nan", math.nan, ValueError),
    ("inf", math.inf, ValueError),
    ("-inf", -math.inf, ValueError),
    ("str", "0.5", TypeError),
    ("bool", True, TypeError),
    ("object", object(), TypeError),
    ("empty", [], (ValueError, TypeError)),
]


@dataclass(frozen=True)
class Kind:
    """What an argument accepts; ``bad`` lists (label, value, expected error type)."""

    bad: tuple[tuple[str, Any, Any], ...]


def number(*, lower: str | None = None, scalar: bool = True, optional: bool = False,
           integer: int | None = None, extra: tuple = ()) -> Kind:
    """A real number. ``lower``: "pos" (> 0), "nonneg" (>= 0), "nonzero", "prob" (open
    (0, 1)), "prob_closed" ([0, 1]); ``integer``: the smallest allowed integer."""
    bad = list(NUMBER_BAD)
    if not optional:
        bad.append(("None", None, TypeError))
    if scalar:
        bad.append(("array", [0.5, 0.6], TypeError))
    if lower in ("pos", "prob", "nonzero"):
        bad.append(("zero", 0, ValueError))
    if lower in ("pos", "nonneg", "prob", "prob_closed"):
        bad.append(("negative", -1, ValueError))
    if lower in ("prob", "prob_closed"):
        bad.append(("above one", 1.5, ValueError))
    if lower == "prob":
        bad.append(("one", 1, ValueError))
    if integer is not None:
        bad.append(("fraction", integer + 0.5, ValueError))
        bad.append(("below minimum", integer - 1, ValueError))
    bad.extend(extra)
    return Kind(tuple(bad))


POS = number(lower="pos")
NONNEG = number(lower="nonneg")
REAL = number()
PROB = number(lower="prob")
POS_ARRAY = number(lower="pos", scalar=False)
REAL_ARRAY = number(scalar=False)
PROB_ARRAY = number(lower="prob", scalar=False)
NONNEG_ARRAY = number(lower="nonneg", scalar=False)
NONZERO = number(lower="nonzero")
LEVEL = number(lower="prob")


def integer(minimum: int, *, scalar: bool = True, optional: bool = False) -> Kind:
    return number(integer=minimum, scalar=scalar, optional=optional)


def choice(*, optional: bool = False) -> Kind:
    bad = [("number", 123, TypeError), ("unknown", "no-such-choice", ValueError),
           ("empty", "", ValueError)]
    if not optional:
        bad.append(("None", None, TypeError))
    return Kind(tuple(bad))


CHOICE = choice()
ALTERNATIVE = choice()
TEXT = Kind((("number", 123, TypeError), ("None", None, TypeError)))
NONEMPTY_TEXT = Kind(TEXT.bad + (("empty", "", ValueError),))
COLUMN = Kind((("number", 123, TypeError), ("unknown", "no_such_column", ValueError)))
FRAME = Kind((("str", "table", TypeError), ("empty", pd.DataFrame(), ValueError),
              ("None", None, TypeError)))
OPTIONAL_FRAME = Kind((("str", "table", TypeError), ("empty", pd.DataFrame(), ValueError)))
PATH = Kind((("number", 123, TypeError), ("bool", True, TypeError), ("empty", "", ValueError)))
RNG = Kind((("int seed", 42, TypeError), ("None", None, TypeError), ("str", "seed", TypeError),
            ("legacy", np.random.RandomState(0), TypeError)))
BOOL = Kind((("str", "yes", TypeError), ("int", 1, TypeError), ("None", None, TypeError)))
AXES = Kind((("str", "axes", TypeError), ("number", 1, TypeError)))
TOC = Kind((("number", 123, TypeError), ("str", "_toc.yml", TypeError)))
SEQUENCE = Kind((("empty", [], ValueError), ("strings", ["a", "b"], TypeError),
                 ("nan", [1.0, math.nan], ValueError), ("str", "12", TypeError),
                 ("None", None, TypeError)))


def custom(*bad: tuple[str, Any, Any]) -> Kind:
    return Kind(tuple(bad))


# ---------------------------------------------------------------------------
# Valid calls
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A valid call (``valid``), the kind of each argument, and clashing-shape pairs."""

    valid: dict[str, Any]
    kinds: dict[str, Kind]
    shapes: tuple[tuple[str, str], ...] = ()
    setup: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)

    def arguments(self) -> dict[str, Any]:
        values = dict(self.valid)
        if self.setup is not None:
            values.update(self.setup())
        return values


@cache
def _table(name: str) -> pd.DataFrame:
    from exneuro import data

    return data.load_table(name)


def _frames(*names: str) -> Callable[[], dict[str, Any]]:
    table_of = {"findings": "findings", "sources": "sources", "effects": "literature_effects",
                "assumptions": "assumptions", "claims": "claims", "placements": "synthesis_effects"}
    return lambda: {name: _table(table_of[name]).copy() for name in names}


def _design_frame() -> dict[str, Any]:
    from exneuro.design import design_analysis_curve

    return {"frame": design_analysis_curve([0.5, 1.0], 1.0)}


@cache
def _forest_table() -> pd.DataFrame:
    from exneuro import synthesis

    return synthesis.forest_data(_table("literature_effects"), _table("findings"),
                                 placements=_table("synthesis_effects"))


def _forest_frame() -> dict[str, Any]:
    return {"frame": _forest_table().copy()}


def _overview() -> pd.DataFrame:
    from exneuro import synthesis

    return synthesis.findings_overview(_table("sources"), _table("findings"))


def _evidence_table() -> dict[str, Any]:
    from exneuro import synthesis

    return {"table": synthesis.evidence_table(_table("findings"), _table("sources"),
                                              _table("literature_effects"))}


def _plot_frame() -> dict[str, Any]:
    return {"frame": pd.DataFrame({"n": [2, 4, 2, 4], "power": [0.1, 0.3, 0.2, 0.5],
                                   "d": ["a", "a", "b", "b"], "cv": [0.1, 0.1, 0.2, 0.2]})}


def _effect_frame() -> dict[str, Any]:
    return {"frame": pd.DataFrame({"estimate": [0.5, -0.3], "ci_low": [0.2, -0.6],
                                   "ci_high": [0.8, 0.1], "label": ["a", "b"]})}


def _card() -> dict[str, Any]:
    return {"card": _table("sources").iloc[0]}


def _doses() -> dict[str, Any]:
    from exneuro.guidance import weekly_dose

    return {"doses": {"a": weekly_dose(3, 30)}}


def _rng() -> dict[str, Any]:
    return {"rng": np.random.default_rng(1)}


def _power_function() -> dict[str, Any]:
    from exneuro.power import power_ttest_ind

    return {"power_function": power_ttest_ind}


SHARE_WINDOW = custom(("str", "70-80", TypeError), ("short", (70.0,), TypeError),
                      ("reversed", (80.0, 70.0), ValueError), ("nan", (math.nan, 80.0), ValueError),
                      ("outside", (70.0, 150.0), ValueError))
GUIDANCE_RANGE = custom(("nan", math.nan, ValueError), ("negative", -1, ValueError),
                        ("str", "3", TypeError), ("bool", True, TypeError),
                        ("triple", (1, 2, 3), ValueError), ("reversed", (3, 1), ValueError),
                        ("None", None, TypeError), ("huge", 1e6, ValueError))
AGE = number(extra=(("child", 5, ValueError),))
PERCENT_OF_MAX = number(lower="pos", extra=(("above 100", 150, ValueError),))
SHARE = number(lower="pos", extra=(("above 100", 150, ValueError),))
REPORTED_P = number(lower="pos", extra=(("above one", 1.5, ValueError),))
PERCENT_CHANGE = number(extra=(("below -100", -150, ValueError),))
PREVALENCE = number(lower="nonneg", extra=(("above 100", 150, ValueError),))
OPTIONAL_PREVALENCE = number(lower="nonneg", optional=True,
                             extra=(("above 100", 150, ValueError),))
CORRELATION = number(extra=(("one", 1.0, ValueError), ("above one", 1.5, ValueError)))
CORRELATION_ARRAY = number(scalar=False, extra=(("one", 1.0, ValueError),))
PROPORTION_ARRAY = number(lower="prob_closed", scalar=False)
PROPORTION = number(lower="prob_closed")
OPTIONAL_POS = number(lower="pos", optional=True)
OPTIONAL_REAL = number(optional=True)
#: A correlation in (-1, 1), optional (None leaves within-person effects unconverted).
OPTIONAL_CORRELATION = number(optional=True, extra=(("one", 1.0, ValueError),
                                                    ("minus one", -1.0, ValueError)))
KEYS = custom(("str", "button2013", TypeError), ("empty", [], ValueError),
              ("numbers", [1, 2], TypeError), ("None", None, TypeError))
# an empty sequence of probabilities is allowed: no quantiles are computed
PROBS = Kind(tuple(bad for bad in number(lower="prob", scalar=False).bad if bad[0] != "empty"))
DOSES = custom(("str", "doses", TypeError), ("empty", {}, ValueError),
               ("not a dose", {"a": 3}, TypeError), ("None", None, TypeError))
CARD = custom(("str", "card", TypeError), ("empty", {}, ValueError), ("None", None, TypeError))
POWER_FUNCTION = custom(("str", "power_ttest_ind", TypeError), ("number", 1, TypeError),
                        ("None", None, TypeError), ("other callable", print, TypeError))
COLUMNS_SPEC = custom(("str", "claim", TypeError), ("empty", [], ValueError),
                      ("unknown", [("no_such_column", "x")], ValueError))
TARGET = number(lower="prob", optional=True)
MEANS = SEQUENCE
ROLE = choice()

SPECS: dict[str, Spec] = {
    # ----- book -------------------------------------------------------------------
    "book.chapter_label": Spec({"folder": "02-hindlimb-unloading"}, {"folder": NONEMPTY_TEXT}),
    "book.chapter_link": Spec({"document": "chapters/02-x/x", "toc": ["chapters/02-x/x"]},
                              {"document": NONEMPTY_TEXT, "toc": TOC,
                               "otherwise": custom(("number", 1, TypeError))}),
    "book.keyword_labels": Spec({"texts": pd.Series(["BMD at the spine"]),
                                 "labels": {"spine": "spine"}},
                                {"texts": custom(("list", ["spine"], TypeError),
                                                 ("numbers", pd.Series([1]), TypeError),
                                                 ("no keyword", pd.Series(["hip"]), ValueError)),
                                 "labels": custom(("str", "spine", TypeError), ("empty", {}, ValueError),
                                                  ("numbers", {"spine": 1}, TypeError))}),
    "book.markdown_table": Spec({"frame": pd.DataFrame({"a": [1]})},
                                {"frame": custom(("str", "x", TypeError), ("None", None, TypeError)),
                                 "index": BOOL, "full_width": BOOL}),
    "book.toc_documents": Spec({}, {"toc_path": PATH}),
    # ----- cite -------------------------------------------------------------------
    "cite.author_year": Spec({"key": "button2013"}, {"key": NONEMPTY_TEXT, "bib_path": PATH}),
    "cite.book_metadata": Spec({"root": None}, {"root": PATH}),
    "cite.chapter_bibtex": Spec({"chapter_title": "T", "chapter_path": "chapters/x/x"},
                                {"chapter_title": NONEMPTY_TEXT, "chapter_path": NONEMPTY_TEXT,
                                 "root": PATH}),
    "cite.chapter_citation": Spec({"chapter_title": "T", "chapter_path": "chapters/x/x"},
                                  {"chapter_title": NONEMPTY_TEXT,
                                   "chapter_path": NONEMPTY_TEXT, "root": PATH}),
    "cite.cite_box": Spec({"chapter_title": "T", "chapter_path": "chapters/x/x"},
                          {"chapter_title": NONEMPTY_TEXT, "chapter_path": NONEMPTY_TEXT,
                           "root": PATH}),
    "cite.reference_list": Spec({"keys": ["button2013"]}, {"keys": KEYS, "root": PATH}),
    # ----- claims -----------------------------------------------------------------
    "claims.bib_keys": Spec({}, {"claims": Kind(FRAME.bad[:1] + FRAME.bad[2:] + (
        ("no column", pd.DataFrame({"x": [1]}), ValueError),))}, setup=_frames("claims")),
    "claims.cite_keys": Spec({"keys": "a2000; b2001"}, {"keys": NONEMPTY_TEXT, "role": ROLE}),
    "claims.claims_markdown": Spec({}, {"claims": FRAME, "columns": COLUMNS_SPEC,
                                        "cite_column": COLUMN, "layout": CHOICE},
                                   setup=_frames("claims")),
    "claims.verdict_counts": Spec({}, {"claims": FRAME}, setup=_frames("claims")),
    # ----- shares -----------------------------------------------------------------
    "shares.beta_parameters": Spec({"mean": 75, "sd": 15}, {"mean": SHARE, "sd": POS}),
    "shares.n_for_share_half_width": Spec({"half_width": 5, "sd": 15},
                                          {"half_width": POS, "sd": POS, "level": LEVEL,
                                           "max_n": integer(2)}),
    "shares.share_estimate_range": Spec({"share": 75, "sd": 15, "n": 8},
                                        {"share": SHARE, "sd": POS, "n": integer(1), "level": LEVEL}),
    "shares.share_interval": Spec({"share": 75, "sd": 15, "n": 8},
                                  {"share": SHARE, "sd": POS, "n": integer(2), "level": LEVEL}),
    "shares.simulate_share_estimates": Spec(
        {"true_share": 75, "sd": 15, "n": 8, "n_sims": 200},
        {"true_share": SHARE, "sd": POS, "n": integer(2), "rng": RNG, "n_sims": integer(100),
         "level": LEVEL, "window": SHARE_WINDOW}, setup=_rng),
    # ----- data -------------------------------------------------------------------
    "data.assumption": Spec({"assumption_id": "hu_cv"}, {"assumption_id": NONEMPTY_TEXT}),
    "data.load_assumptions": Spec({}, {"chapter": choice(optional=True)}),
    "data.load_claims": Spec({}, {"source_id": choice(optional=True)}),
    "data.load_reported_numbers": Spec({}, {"source_id": choice(optional=True)}),
    "data.load_table": Spec({"name": "claims"}, {"name": CHOICE, "folder": PATH}),
    "data.translation_constant": Spec({"constant_id": "km_mouse"},
                                      {"constant_id": NONEMPTY_TEXT}),
    "data.validate_package": Spec({}, {"folder": PATH, "force": BOOL}),
    "data.content_hash": Spec({}, {"folder": PATH}),
    "data.planning_settings": Spec({}, {"assumptions": OPTIONAL_FRAME}),
    "data.reported_range": Spec({"number_id": "003-11"}, {"number_id": NONEMPTY_TEXT}),
    # ----- chapter ------------------------------------------------------------------
    "chapter.cited_keys": Spec({"markdown": ["{cite:p}`a2000`"]}, {"markdown": custom(
        ("str", "{cite:p}`a2000`", TypeError), ("numbers", [1], TypeError), ("None", None, TypeError))}),
    "chapter.glue_formats": Spec({"markdown": ["{glue:text}`x:.1f`"]}, {"markdown": custom(
        ("str", "{glue}`x`", TypeError), ("numbers", [1], TypeError), ("None", None, TypeError))}),
    "chapter.display_value": Spec({"value": 1.25, "decimals": 1}, {
        "value": custom(("nan", math.nan, ValueError), ("inf", math.inf, ValueError),
                        ("object", object(), TypeError), ("None", None, TypeError),
                        ("array", [1.0], TypeError)),
        "decimals": number(integer=0, optional=True, extra=(("too many", 16, ValueError),)),
        "significant": number(integer=1, extra=(("too many", 16, ValueError),))}),
    # any value IPython can display may be glued
    "chapter.glue_record": Spec({"name": "x", "value": 1.0}, {"name": TEXT, "value": custom()}),
    "chapter.setup": Spec({"slug": "02-hindlimb-unloading", "theme": False},
                          {"slug": custom(("number", 2, TypeError), ("None", None, TypeError),
                                          ("unknown", "99-nowhere", ValueError)), "theme": BOOL}),
    "effect_size.two_arm_d": Spec({"estimate": 0.5, "design": "within-person", "correlation": 0.5},
                                  {"estimate": REAL, "design": CHOICE,
                                   "correlation": number(optional=True, extra=(("one", 1.0, ValueError),))}),
    # ----- corrections --------------------------------------------------------------
    "corrections.corrections_markdown": Spec(
        {"documents": {}},
        {"frame": custom(("str", "log", TypeError), ("no columns", pd.DataFrame({"a": [1]}), ValueError)),
         "documents": custom(("list", [], TypeError), ("None", None, TypeError))},
        setup=lambda: {"frame": _table("corrections").copy()}),
    # ----- verdicts -----------------------------------------------------------------
    "verdicts.evidence_ids": Spec({"value": "a; b"}, {"value": custom(("number", 3, TypeError))}),
    "verdicts.tally_text": Spec({"counts": pd.Series({"supported": 2})},
                                {"counts": custom(("dict", {"supported": 2}, TypeError),
                                                  ("zeros", pd.Series({"supported": 0}), ValueError))}),
    "verdicts.scale_markdown": Spec({},
                                    {"scale": custom(("str", "scale", TypeError), ("None", None, TypeError))},
                                    setup=lambda: {"scale": _table("verdicts").copy()}),
    "verdicts.verdict_problems": Spec(
        {"id_column": "claim_id", "bib_keys": set()},
        {"frame": custom(("str", "claims", TypeError), ("no columns", pd.DataFrame({"a": [1]}), ValueError)),
         "id_column": NONEMPTY_TEXT, "scale": custom(), "tables": custom(), "bib_keys": custom()},
        setup=lambda: {"frame": _table("claims").copy(), "scale": _table("verdicts").copy(),
                       "tables": {n: _table(n)
                                  for n in ("study_results", "literature_effects", "primary_studies")}}),
    "verdicts.bottom_lines": Spec(
        {"chapter": "99-test"},
        {"chapter": custom(("number", 3, TypeError), ("unknown", "98-none", ValueError)),
         "findings": custom(("str", "findings", TypeError)), "scale": custom()},
        setup=lambda: {"scale": _table("verdicts").copy(), "findings": pd.DataFrame([{
            "finding_id": "999a", "chapter": "99-test", "finding": "F.", "verdict": "overstated",
            "article_said": "A.", "study_was": "B.", "in_people": "C.", "for_you": "D.",
            "would_change": "E."}])}),
    "verdicts.bottom_line_markdown": Spec(
        {"verdict_link": ""},
        {"lines": custom(("str", "lines", TypeError), ("empty", [], TypeError), ("None", None, TypeError)),
         "verdict_link": TEXT},
        setup=lambda: {"lines": [__import__("exneuro.verdicts", fromlist=["BottomLine"]).BottomLine(
            "999a", "F.", "overstated", "M.", "A.", "B.", "C.", "D.", "E.")]}),
    # ----- environment --------------------------------------------------------------
    "environment.locked_versions": Spec({}, {"lock": PATH}),
    "environment.version_table": Spec({"packages": ["numpy"]}, {
        "packages": custom(("str", "numpy", TypeError), ("numbers", [1], TypeError),
                           ("None", None, TypeError)), "lock": PATH}),
    # ----- design -----------------------------------------------------------------
    "design.design_analysis": Spec({"true_effect": 1.0, "se": 0.5},
                                   {"true_effect": number(lower="nonzero", scalar=False),
                                    "se": POS_ARRAY, "alpha": PROB,
                                    "df": number(lower="pos", optional=True)},
                                   shapes=(("true_effect", "se"),)),
    "design.design_analysis_curve": Spec({"true_effects": [0.5, 1.0], "se": 0.5},
                                         {"true_effects": number(lower="nonzero",
                                                                 scalar=False),
                                          "se": POS, "alpha": PROB,
                                          "df": number(lower="pos", optional=True)}),
    "design.design_analysis_ratio": Spec({"true_ratio": 0.7, "n_per_group": 3, "cv": 0.3},
                                         {"true_ratio": POS, "n_per_group": integer(2),
                                          "cv": OPTIONAL_POS, "sd_log": OPTIONAL_POS,
                                          "alpha": PROB, "probs": PROBS}),
    "design.design_analysis_simulated": Spec(
        {"true_effect": 1.0, "se": 0.5, "n_sims": 200},
        {"true_effect": NONZERO, "se": POS, "rng": RNG, "n_sims": integer(100),
         "alpha": PROB, "df": number(lower="pos", optional=True)}, setup=_rng),
    "design.design_analysis_ttest": Spec({"d": 1.0, "n1": 3},
                                         {"d": NONZERO, "n1": integer(2),
                                          "n2": integer(1, optional=True), "kind": CHOICE,
                                          "alpha": PROB, "probs": PROBS}),
    "design.design_analysis_ttest_curve": Spec(
        {"ds": [0.5, 1.0], "n1": 3},
        {"ds": number(lower="nonzero", scalar=False), "n1": integer(2),
         "n2": integer(1, optional=True), "kind": CHOICE, "alpha": PROB}),
    "design.known_se_gap": Spec({"d": 1.0, "ns": [3, 5]},
                                {"d": NONZERO, "ns": integer(2, scalar=False), "kind": CHOICE,
                                 "alpha": PROB}),
    # ----- effect_size ------------------------------------------------------------
    "effect_size.cohens_d": Spec(
        {"mean1": 1.0, "sd1": 1.0, "n1": 5, "mean2": 0.0, "sd2": 1.0, "n2": 5},
        {"mean1": REAL_ARRAY, "sd1": POS_ARRAY, "n1": integer(2, scalar=False),
         "mean2": REAL_ARRAY, "sd2": POS_ARRAY, "n2": integer(2, scalar=False)},
        shapes=(("mean1", "sd1"), ("n1", "n2"))),
    "effect_size.d_confidence_interval": Spec(
        {"d": 0.5, "n1": 10, "n2": 10},
        {"d": REAL_ARRAY, "n1": integer(2, scalar=False), "n2": integer(2, scalar=False),
         "level": LEVEL}, shapes=(("d", "n1"),)),
    "effect_size.d_confidence_interval_normal": Spec(
        {"d": 0.5, "n1": 10, "n2": 10},
        {"d": REAL_ARRAY, "n1": integer(2, scalar=False), "n2": integer(2, scalar=False),
         "level": LEVEL}, shapes=(("d", "n1"),)),
    "effect_size.d_from_paired_t": Spec({"t": 2.0, "n": 10},
                                        {"t": REAL_ARRAY, "n": integer(2, scalar=False)},
                                        shapes=(("t", "n"),)),
    "effect_size.d_from_sem": Spec(
        {"mean1": 1.0, "sem1": 0.3, "n1": 5, "mean2": 0.0, "sem2": 0.3, "n2": 5},
        {"mean1": REAL_ARRAY, "sem1": POS_ARRAY, "n1": integer(2, scalar=False),
         "mean2": REAL_ARRAY, "sem2": POS_ARRAY, "n2": integer(2, scalar=False)},
        shapes=(("mean1", "sem1"),)),
    "effect_size.d_from_t": Spec({"t": 2.0, "n1": 10, "n2": 10},
                                 {"t": REAL_ARRAY, "n1": integer(2, scalar=False),
                                  "n2": integer(2, scalar=False)}, shapes=(("t", "n1"),)),
    "effect_size.d_to_log_odds": Spec({"d": 0.5}, {"d": REAL_ARRAY}),
    # n1 and n2 may both be None (equal groups); one alone is a ValueError naming the other
    "effect_size.d_to_r": Spec({"d": 0.5, "n1": 10, "n2": 12},
                               {"d": REAL_ARRAY, "n1": integer(2, scalar=False, optional=True),
                                "n2": integer(2, scalar=False, optional=True)},
                               shapes=(("d", "n2"),)),
    "effect_size.contrast_se_shared_cv": Spec({"cv": 0.3, "means": [1, 0.7], "n_per_group": 3},
                                              {"cv": POS, "means": custom(
                                                  *SEQUENCE.bad, ("one group", [1.0], ValueError),
                                                  ("zero mean", [1.0, 0.0], ValueError)),
                                               "n_per_group": integer(2)}),
    "effect_size.d_from_percent_change": Spec({"percent": -30, "cv": 0.3},
                                              {"percent": number(scalar=False, extra=(
                                                  ("below -100", -150, ValueError),)),
                                               "cv": POS_ARRAY, "scale": CHOICE},
                                              shapes=(("percent", "cv"),)),
    "effect_size.mean_difference_se": Spec({"n1": 8, "n2": 8},
                                           {"n1": POS_ARRAY, "n2": POS_ARRAY, "sd": POS_ARRAY},
                                           shapes=(("n1", "n2"),)),
    "effect_size.noncentrality_interval": Spec({"t": 2.0, "df": 10},
                                               {"t": REAL, "df": POS, "level": LEVEL}),
    "effect_size.effect_from_percent_change": Spec(
        {"percent": -30, "cv": 0.3, "n_per_group": 3},
        {"percent": PERCENT_CHANGE, "cv": POS, "n_per_group": integer(2), "level": LEVEL}),
    "effect_size.effect_from_ratio": Spec(
        {"ratio": 2, "cv": 0.35, "n_per_group": 10},
        {"ratio": number(lower="pos", extra=(("one", 1, ValueError),)), "cv": POS,
         "n_per_group": integer(2), "level": LEVEL}),
    "effect_size.effect_grid_from_percent_change": Spec(
        {"percent": -30, "cvs": [0.2, 0.3], "ns": [3, 4]},
        {"percent": PERCENT_CHANGE, "cvs": POS_ARRAY, "ns": integer(2, scalar=False),
         "level": LEVEL}),
    "effect_size.largest_cv_excluding_zero": Spec(
        {"percent": -70, "n_per_group": 3},
        {"percent": number(extra=(("below -100", -150, ValueError), ("zero", 0, ValueError))),
         "n_per_group": integer(2), "level": LEVEL, "scale": CHOICE}),
    "effect_size.hedges_correction": Spec({"df": 10}, {"df": number(lower="pos",
                                                                    scalar=False)}),
    "effect_size.hedges_g": Spec(
        {"mean1": 1.0, "sd1": 1.0, "n1": 5, "mean2": 0.0, "sd2": 1.0, "n2": 5},
        {"mean1": REAL_ARRAY, "sd1": POS_ARRAY, "n1": integer(2, scalar=False),
         "mean2": REAL_ARRAY, "sd2": POS_ARRAY, "n2": integer(2, scalar=False)},
        shapes=(("mean1", "mean2"),)),
    "effect_size.log_odds_to_d": Spec({"log_odds": 0.5}, {"log_odds": REAL_ARRAY}),
    "effect_size.log_response_ratio": Spec(
        {"mean1": 1.0, "sd1": 0.3, "n1": 5, "mean2": 2.0, "sd2": 0.5, "n2": 5},
        {"mean1": POS_ARRAY, "sd1": POS_ARRAY, "n1": integer(2, scalar=False),
         "mean2": POS_ARRAY, "sd2": POS_ARRAY, "n2": integer(2, scalar=False), "level": LEVEL},
        shapes=(("mean1", "mean2"),)),
    "effect_size.r_confidence_interval": Spec({"r": 0.5, "n": 20},
                                              {"r": CORRELATION_ARRAY,
                                               "n": integer(4, scalar=False), "level": LEVEL},
                                              shapes=(("r", "n"),)),
    "effect_size.r_to_d": Spec({"r": 0.5}, {"r": CORRELATION_ARRAY}),
    # ----- guidance ---------------------------------------------------------------
    "guidance.age_predicted_max_heart_rate": Spec({"age": 60}, {"age": AGE, "formula": CHOICE}),
    "guidance.dose_table": Spec({}, {"doses": DOSES}, setup=_doses),
    "guidance.heart_rate_range": Spec({"age": 60, "low_pct": 50, "high_pct": 80},
                                      {"age": AGE, "low_pct": PERCENT_OF_MAX,
                                       "high_pct": PERCENT_OF_MAX, "formula": CHOICE}),
    "guidance.non_aerobic_days": Spec({"aerobic_days_per_week": 3},
                                      {"aerobic_days_per_week": number(
                                          lower="nonneg", extra=(("eight", 8, ValueError),))}),
    "guidance.per_day_to_per_week": Spec({"times_per_day": 1}, {"times_per_day": GUIDANCE_RANGE}),
    "guidance.range_text": Spec({"values": (8, 12)},
                                {"values": Kind(tuple(b for b in GUIDANCE_RANGE.bad if b[0] != "huge")),
                                 "unit": TEXT}),
    "guidance.weekly_dose": Spec({"sessions_per_week": 3, "minutes_per_session": 30},
                                 {"sessions_per_week": GUIDANCE_RANGE,
                                  "minutes_per_session": GUIDANCE_RANGE,
                                  "activity": TEXT}),
    "guidance.weekly_repetitions": Spec({"sets": 2, "repetitions": 10, "sessions_per_week": 3},
                                        {"sets": GUIDANCE_RANGE, "repetitions": GUIDANCE_RANGE,
                                         "sessions_per_week": GUIDANCE_RANGE}),
    # ----- meta -------------------------------------------------------------------
    "meta.align_direction": Spec({"estimate": 0.5, "low": 0.2, "high": 0.8, "flip": True},
                                 {"estimate": REAL, "flip": BOOL,
                                  "low": custom(("inf", math.inf, ValueError),
                                                ("str", "0.2", TypeError),
                                                ("bool", True, TypeError)),
                                  "high": custom(("inf", math.inf, ValueError),
                                                 ("str", "0.8", TypeError))}),
    "meta.ci_asymmetry": Spec({"estimate": 0.5, "low": 0.2, "high": 0.9},
                              {"estimate": REAL, "low": REAL, "high": REAL}),
    "meta.ci_from_p": Spec({"estimate": 0.5, "p": 0.01},
                           {"estimate": NONZERO, "p": PROB, "level": LEVEL}),
    "meta.expected_power": Spec({"mean_effect": 0.5, "tau": 0.1, "n_per_group": 20},
                                {"mean_effect": REAL, "tau": NONNEG,
                                 "n_per_group": POS, "alpha": PROB,
                                 "nodes": integer(5)}),
    "meta.paired_effect": Spec({"mean_change": 1.0, "sd_change": 2.0, "n": 10},
                               {"mean_change": REAL, "sd_change": POS, "n": integer(2),
                                "level": LEVEL}),
    "meta.pessimistic_bound": Spec({"estimate": 0.5, "low": 0.2, "high": 0.8},
                                   {"estimate": NONZERO, "low": REAL, "high": REAL}),
    "meta.planning_scenarios": Spec({"estimate": 0.5, "low": 0.2, "high": 0.8},
                                    {"estimate": NONZERO, "power": PROB, "alpha": PROB,
                                     "low": custom(("inf", math.inf, ValueError),
                                                   ("str", "0.2", TypeError)),
                                     "high": custom(("inf", math.inf, ValueError),
                                                    ("str", "0.8", TypeError))}),
    "meta.planning_table": Spec({"frame": pd.DataFrame({"estimate": [0.5], "ci_low": [0.2],
                                                        "ci_high": [0.8]})},
                                {"frame": FRAME, "estimate": COLUMN, "low": COLUMN,
                                 "high": COLUMN, "power": PROB, "alpha": PROB}),
    "meta.power_if_true_effect": Spec({"true_effect": 0.3, "planned_effect": 0.5},
                                      {"true_effect": REAL, "planned_effect": NONZERO,
                                       "power": PROB, "alpha": PROB}),
    "meta.p_from_ci": Spec({"estimate": 0.5, "low": 0.2, "high": 0.8},
                           {"estimate": REAL, "low": REAL, "high": REAL, "level": LEVEL}),
    "meta.residual_sd_from_slope_se": Spec({"se": 0.04, "sd_x": 17.6, "n": 307},
                                           {"se": POS, "sd_x": POS, "n": integer(3),
                                            "r2_x": custom(("nan", math.nan, ValueError),
                                                           ("one", 1.0, ValueError),
                                                           ("negative", -0.1, ValueError),
                                                           ("str", "0.1", TypeError),
                                                           ("None", None, TypeError))}),
    "meta.sd_from_se_of_difference": Spec({"se": 1.0, "n1": 10, "n2": 10},
                                          {"se": POS, "n1": integer(2), "n2": integer(2)}),
    "meta.se_from_p": Spec({"estimate": 0.5, "p": 0.01}, {"estimate": NONZERO, "p": PROB}),
    "meta.shrinkage": Spec({"earlier": 1.0, "later": 0.5}, {"earlier": NONZERO,
                                                             "later": REAL}),
    "meta.tau_from_prediction_interval": Spec(
        {"estimate": 0.0, "ci_low": -0.2, "ci_high": 0.2, "pi_low": -2.0, "pi_high": 2.0,
         "k": 30},
        {"estimate": REAL, "ci_low": REAL, "ci_high": REAL, "pi_low": REAL, "pi_high": REAL,
         "k": integer(3), "level": LEVEL}),
    # ----- metascience ------------------------------------------------------------
    "metascience.ppv": Spec({"power": 0.8, "prior_odds": 0.25},
                            {"power": PROPORTION_ARRAY, "alpha": PROB_ARRAY,
                             "prior_odds": POS_ARRAY, "bias": PROPORTION_ARRAY},
                            shapes=(("power", "prior_odds"), ("alpha", "bias"))),
    # ----- plots ------------------------------------------------------------------
    "plots.design_analysis_plot": Spec({"xlabel": "d"},
                                       {"frame": FRAME, "x": COLUMN, "xlabel": TEXT,
                                        "ax": AXES, "exaggeration_scale": CHOICE},
                                       setup=_design_frame),
    "plots.forest_plot": Spec({"xlabel": "d"},
                              {"frame": FRAME, "estimate": COLUMN, "low": COLUMN,
                               "high": COLUMN, "label": COLUMN, "group": COLUMN,
                               "xlabel": TEXT, "null_value": OPTIONAL_REAL, "ax": AXES},
                              setup=_effect_frame),
    "plots.power_curve": Spec({"x": "n", "xlabel": "n"},
                              {"frame": FRAME, "x": COLUMN, "y": COLUMN, "hue": COLUMN,
                               "xlabel": TEXT, "target": TARGET, "ax": AXES},
                              setup=_plot_frame),
    "plots.sensitivity_heatmap": Spec(
        {"x": "n", "y": "cv", "value": "power", "xlabel": "n", "ylabel": "cv",
         "colorbar_label": "power"},
        {"frame": FRAME, "x": COLUMN, "y": COLUMN, "value": COLUMN, "xlabel": TEXT,
         "ylabel": TEXT, "colorbar_label": TEXT, "fmt": TEXT, "ax": AXES, "cmap": CHOICE,
         "center": OPTIONAL_REAL, "mark": OPTIONAL_REAL}, setup=_plot_frame),
    # ----- power ------------------------------------------------------------------
    "power.alpha_for_power": Spec({"effect_size": 0.5, "n1": 20},
                                  {"power_function": POWER_FUNCTION, "power": PROB},
                                  setup=_power_function),
    "power.cohens_f_from_means": Spec({"means": [1.0, 2.0], "sd": 1.0},
                                      {"means": MEANS, "sd": POS}),
    "power.compromise_analysis": Spec({"effect_size": 0.5, "n1": 20},
                                      {"power_function": POWER_FUNCTION,
                                       "beta_alpha_ratio": POS}, setup=_power_function),
    "power.clusters_needed": Spec({"n_independent": 100, "cluster_size": 10, "icc": 0.1},
                                  {"n_independent": POS, "cluster_size": POS,
                                   "icc": PROPORTION}),
    "power.design_effect": Spec({"cluster_size": 10, "icc": 0.1},
                                {"cluster_size": POS_ARRAY, "icc": PROPORTION_ARRAY},
                                shapes=(("cluster_size", "icc"),)),
    "power.effective_sample_size": Spec({"n_total": 100, "cluster_size": 10, "icc": 0.1},
                                        {"n_total": POS_ARRAY, "cluster_size": POS_ARRAY,
                                         "icc": PROPORTION_ARRAY},
                                        shapes=(("n_total", "icc"),)),
    "power.false_positive_rate_ignoring_clusters": Spec(
        {"cluster_size": 10, "icc": 0.1},
        {"cluster_size": POS_ARRAY, "icc": PROPORTION_ARRAY, "alpha": PROB},
        shapes=(("cluster_size", "icc"),)),
    "power.mde_anova": Spec({"n_per_group": 10, "k_groups": 3},
                            {"n_per_group": POS, "k_groups": integer(2), "power": PROB,
                             "alpha": PROB}),
    "power.mde_chi2": Spec({"n": 50, "df": 2}, {"n": POS, "df": integer(1), "power": PROB,
                                                "alpha": PROB}),
    "power.mde_correlation": Spec({"n": 20}, {"n": POS, "power": PROB, "alpha": PROB,
                                              "alternative": ALTERNATIVE}),
    "power.mde_grid": Spec({"ns": [5, 10]}, {"ns": POS_ARRAY, "power": PROB, "alpha": PROB,
                                             "ratio": POS, "alternative": ALTERNATIVE}),
    "power.mde_ttest_1samp": Spec({"n": 10}, {"n": POS, "power": PROB, "alpha": PROB,
                                              "alternative": ALTERNATIVE}),
    "power.mde_ttest_ind": Spec({"n1": 10}, {"n1": POS, "power": PROB, "alpha": PROB,
                                             "ratio": POS, "alternative": ALTERNATIVE}),
    "power.mde_two_proportions": Spec({"n1": 50}, {"n1": POS, "power": PROB, "alpha": PROB,
                                                   "ratio": POS, "alternative": ALTERNATIVE}),
    "power.mde_ztest": Spec({"n": 10}, {"n": POS, "power": PROB, "alpha": PROB,
                                        "alternative": ALTERNATIVE}),
    "power.min_detectable_reduction": Spec({"n_per_group": 6, "cv": 0.3},
                                           {"n_per_group": integer(2), "cv": POS,
                                            "power": PROB, "alpha": PROB, "scale": CHOICE}),
    "power.n_anova": Spec({"f": 0.25, "k_groups": 3}, {"f": POS, "k_groups": integer(2),
                                                      "power": PROB, "alpha": PROB}),
    "power.n_chi2": Spec({"w": 0.3, "df": 2}, {"w": POS, "df": integer(1), "power": PROB,
                                               "alpha": PROB}),
    "power.n_correlation": Spec({"r": 0.3}, {"r": number(lower="nonzero", extra=(
        ("one", 1.0, ValueError),)), "power": PROB, "alpha": PROB, "alternative": ALTERNATIVE}),
    "power.n_per_group_anova": Spec({"f": 0.25, "k_groups": 3},
                                    {"f": POS, "k_groups": integer(2), "power": PROB,
                                     "alpha": PROB}),
    "power.n_per_group_interaction": Spec({"effect_size": 1.0},
                                          {"effect_size": NONZERO, "power": PROB, "alpha": PROB,
                                           "removed": number(lower="prob_closed", extra=(
                                               ("zero", 0, ValueError),))}),
    "power.n_per_group_ttest_ind": Spec({"effect_size": 0.5},
                                        {"effect_size": NONZERO, "power": PROB,
                                         "alpha": PROB, "ratio": POS,
                                         "alternative": ALTERNATIVE}),
    "power.n_rm_anova": Spec({"f": 0.25, "m": 3}, {"f": POS, "m": integer(2), "power": PROB,
                                                  "alpha": PROB, "corr": CORRELATION,
                                                  "epsilon": number(lower="pos")}),
    "power.n_ttest_1samp": Spec({"effect_size": 0.5}, {"effect_size": NONZERO, "power": PROB,
                                                       "alpha": PROB,
                                                       "alternative": ALTERNATIVE}),
    "power.n_ttest_ind": Spec({"effect_size": 0.5}, {"effect_size": NONZERO, "power": PROB,
                                                     "alpha": PROB, "ratio": POS,
                                                     "alternative": ALTERNATIVE}),
    "power.n_two_proportions": Spec({"p1": 0.5, "p2": 0.3},
                                    {"p1": PROPORTION, "p2": PROPORTION, "power": PROB,
                                     "alpha": PROB, "ratio": POS,
                                     "alternative": ALTERNATIVE}),
    "power.n_ztest": Spec({"effect_size": 0.5}, {"effect_size": NONZERO, "power": PROB,
                                                 "alpha": PROB, "alternative": ALTERNATIVE}),
    "power.power_anova": Spec({"f": 0.25, "n_per_group": 10, "k_groups": 3},
                              {"f": NONNEG_ARRAY, "n_per_group": POS_ARRAY,
                               "k_groups": integer(2, scalar=False), "alpha": PROB_ARRAY},
                              shapes=(("f", "n_per_group"),)),
    "power.power_chi2": Spec({"w": 0.3, "n": 50, "df": 2},
                             {"w": NONNEG_ARRAY, "n": POS_ARRAY, "df": integer(1, scalar=False),
                              "alpha": PROB_ARRAY}, shapes=(("w", "n"),)),
    "power.power_correlation": Spec({"r": 0.3, "n": 20},
                                    {"r": CORRELATION_ARRAY, "n": POS_ARRAY,
                                     "alpha": PROB_ARRAY, "alternative": ALTERNATIVE},
                                    shapes=(("r", "n"),)),
    "power.power_grid": Spec({"effect_sizes": [0.5, 0.8], "ns": [5, 10]},
                             {"effect_sizes": SEQUENCE, "ns": SEQUENCE, "alpha": PROB,
                              "ratio": POS, "alternative": ALTERNATIVE}),
    "power.power_grid_frame": Spec({"effect_sizes": [0.5, 0.8], "ns": [5, 10]},
                                   {"effect_sizes": SEQUENCE, "ns": SEQUENCE, "alpha": PROB,
                                    "ratio": POS, "alternative": ALTERNATIVE}),
    "power.power_rm_anova": Spec({"f": 0.25, "n": 10, "m": 3},
                                 {"f": NONNEG_ARRAY, "n": POS_ARRAY,
                                  "m": integer(2, scalar=False), "alpha": PROB_ARRAY,
                                  "corr": CORRELATION_ARRAY, "epsilon": POS_ARRAY},
                                 shapes=(("f", "n"), ("corr", "epsilon"))),
    "power.power_ttest_1samp": Spec({"effect_size": 0.5, "n": 10},
                                    {"effect_size": REAL_ARRAY, "n": POS_ARRAY,
                                     "alpha": PROB_ARRAY, "alternative": ALTERNATIVE},
                                    shapes=(("effect_size", "n"),)),
    "power.power_ttest_ind": Spec({"effect_size": 0.5, "n1": 10},
                                  {"effect_size": REAL_ARRAY, "n1": POS_ARRAY,
                                   "ratio": POS_ARRAY, "alpha": PROB_ARRAY,
                                   "alternative": ALTERNATIVE},
                                  shapes=(("effect_size", "n1"), ("ratio", "alpha"))),
    "power.power_two_proportions": Spec({"p1": 0.5, "p2": 0.3, "n1": 50},
                                        {"p1": PROPORTION_ARRAY, "p2": PROPORTION_ARRAY,
                                         "n1": POS_ARRAY, "ratio": POS_ARRAY,
                                         "alpha": PROB_ARRAY, "alternative": ALTERNATIVE},
                                        shapes=(("p1", "p2"), ("n1", "alpha"))),
    "power.power_ztest": Spec({"effect_size": 0.5, "n": 10},
                              {"effect_size": REAL_ARRAY, "n": POS_ARRAY, "alpha": PROB_ARRAY,
                               "alternative": ALTERNATIVE}, shapes=(("effect_size", "n"),)),
    "power.ratio_ttest_ind": Spec({"effect_size": 0.8, "n1": 20},
                                  {"effect_size": NONZERO, "n1": POS, "power": PROB,
                                   "alpha": PROB, "alternative": ALTERNATIVE}),
    # ----- prevalence -------------------------------------------------------------
    "prevalence.check_quantity": Spec({"estimate": 2e7, "range_low": 1e7, "range_high": 1e8},
                                      {"estimate": POS, "range_low": POS, "range_high": POS,
                                       "low": OPTIONAL_POS, "high": OPTIONAL_POS,
                                       "open_above": BOOL}),
    "prevalence.count_from_prevalence": Spec({"prevalence": 10.0, "population": 1e6,
                                              "prevalence_low": 9.0, "prevalence_high": 11.0},
                                             {"prevalence": PREVALENCE, "population": POS,
                                              "prevalence_low": OPTIONAL_PREVALENCE,
                                              "prevalence_high": OPTIONAL_PREVALENCE}),
    "prevalence.implied_population": Spec({"count": 1e6, "prevalence": 10.0},
                                          {"count": POS, "prevalence": PREVALENCE}),
    "prevalence.order_of_magnitude": Spec({"value": 123.0}, {"value": POS}),
    "prevalence.percent_interval": Spec({"percent": 50, "n": 100},
                                        {"percent": PREVALENCE, "n": integer(1), "level": LEVEL}),
    "prevalence.populations_matching": Spec({"range_low": 1e7, "range_high": 1e8,
                                             "prevalence": 20.0},
                                            {"range_low": POS, "range_high": POS,
                                             "prevalence": PREVALENCE}),
    "prevalence.vague_quantity_range": Spec({"phrase": "millions"}, {"phrase": CHOICE}),
    # ----- quality ----------------------------------------------------------------
    "quality.source_card": Spec({"short_id": "000"}, {"short_id": CHOICE}),
    "quality.source_quality_score": Spec({}, {"card": CARD}, setup=_card),
    "quality.source_quality_table": Spec({}, {"sources": FRAME}, setup=_frames("sources")),
    # ----- quotes -----------------------------------------------------------------
    "quotes.interval": Spec({"quote": "(CI = 2.7–15.6)"}, {"quote": Kind(
        NONEMPTY_TEXT.bad + (("no interval", "p = 0.01", ValueError),))}),
    "quotes.mean_sd_pairs": Spec({"quote": "32.8 ± 6.5"}, {"quote": NONEMPTY_TEXT}),
    "quotes.reported_p": Spec({"quote": "g = 0.3, p = 0.02"}, {"quote": Kind(
        NONEMPTY_TEXT.bad + (("no p", "g = 0.3", ValueError),))}),
    # ----- reexpress --------------------------------------------------------------
    "reexpress.check_reported_p": Spec({"reported_p": 0.03, "recomputed_p": 0.031},
                                       {"reported_p": REPORTED_P,
                                        "recomputed_p": number(lower="prob_closed"),
                                        "comparison": CHOICE,
                                        "decimals": integer(0, optional=True),
                                        "alpha": PROB}),
    "reexpress.ci_to_se": Spec({"lower": 0.2, "upper": 0.8},
                               {"lower": REAL_ARRAY, "upper": REAL_ARRAY, "level": LEVEL,
                                "df": number(lower="pos", scalar=False, optional=True)},
                               shapes=(("lower", "upper"),)),
    "reexpress.fold_change_to_ratio": Spec({"fold": 2.0}, {"fold": number(
        scalar=False, extra=(("between -1 and 1", 0.5, ValueError),))}),
    "reexpress.grim_consistent": Spec({"mean": 5.18, "n": 28},
                                      {"mean": REAL, "n": integer(1), "items": integer(1),
                                       "decimals": integer(0), "rounding": CHOICE}),
    "reexpress.grimmer_consistent": Spec({"mean": 5.18, "sd": 1.21, "n": 28},
                                         {"mean": REAL, "sd": NONNEG, "n": integer(2),
                                          "decimals": integer(0), "rounding": CHOICE}),
    "reexpress.log2_fold_change": Spec({"ratio": 2.0}, {"ratio": POS_ARRAY}),
    "reexpress.log_ratio": Spec({"ratio": 2.0}, {"ratio": POS_ARRAY}),
    "reexpress.p_from_chi2": Spec({"chi2": 3.0, "df": 1}, {"chi2": NONNEG_ARRAY,
                                                          "df": POS_ARRAY},
                                  shapes=(("chi2", "df"),)),
    "reexpress.p_from_f": Spec({"f": 3.0, "df1": 1, "df2": 20},
                               {"f": NONNEG_ARRAY, "df1": POS_ARRAY, "df2": POS_ARRAY},
                               shapes=(("f", "df2"),)),
    "reexpress.p_from_r": Spec({"r": 0.5, "n": 20}, {"r": CORRELATION_ARRAY,
                                                     "n": integer(3, scalar=False)},
                               shapes=(("r", "n"),)),
    "reexpress.p_from_t": Spec({"t": 2.0, "df": 20}, {"t": REAL_ARRAY, "df": POS_ARRAY},
                               shapes=(("t", "df"),)),
    "reexpress.p_from_z": Spec({"z": 2.0}, {"z": REAL_ARRAY}),
    "reexpress.percent_change_to_ratio": Spec({"percent": -30},
                                              {"percent": number(scalar=False, extra=(
                                                  ("below -100", -150, ValueError),))}),
    "reexpress.ratio_to_fold_change": Spec({"ratio": 0.3}, {"ratio": POS_ARRAY}),
    "reexpress.ratio_to_percent_change": Spec({"ratio": 0.3}, {"ratio": POS_ARRAY}),
    "reexpress.reexpress_percent_change": Spec({"percent": -30}, {"percent": PERCENT_CHANGE}),
    "reexpress.rounding_interval": Spec({"reported": 0.005},
                                        {"reported": REAL,
                                         "decimals": integer(0, optional=True)}),
    "reexpress.se_to_ci": Spec({"estimate": 0.5, "se": 0.1},
                               {"estimate": REAL_ARRAY, "se": POS_ARRAY, "level": LEVEL,
                                "df": number(lower="pos", scalar=False, optional=True)},
                               shapes=(("estimate", "se"),)),
    "reexpress.sd_to_sem": Spec({"sd": 1.0, "n": 10}, {"sd": POS_ARRAY, "n": POS_ARRAY},
                                shapes=(("sd", "n"),)),
    "reexpress.sem_to_sd": Spec({"sem": 1.0, "n": 10}, {"sem": POS_ARRAY, "n": POS_ARRAY},
                                shapes=(("sem", "n"),)),
    # ----- simulate ---------------------------------------------------------------
    "simulate.nb_dispersion_from_cv": Spec({"mean": 50, "cv": 0.4}, {"mean": POS, "cv": POS}),
    "simulate.simulate_clustered_proportion_power": Spec(
        {"p1": 0.3, "p2": 0.4, "animals_per_group": 4, "cells_per_animal": 10, "icc": 0.1,
         "n_sims": 200},
        {"p1": PROB, "p2": PROB, "animals_per_group": integer(2),
         "cells_per_animal": integer(1), "icc": number(lower="nonneg", extra=(
             ("one", 1.0, ValueError),)), "rng": RNG, "analysis": CHOICE,
         "n_sims": integer(100), "alpha": PROB}, setup=_rng),
    "simulate.simulate_count_power": Spec(
        {"control_mean": 50, "ratio": 0.5, "n_per_group": 4, "cv": 0.4, "n_sims": 200},
        {"control_mean": POS, "ratio": POS, "n_per_group": integer(2), "cv": OPTIONAL_POS,
         "dispersion": OPTIONAL_POS,
         "rng": RNG, "n_sims": integer(100), "alpha": PROB, "test": CHOICE}, setup=_rng),
    "simulate.simulate_proportion_power": Spec(
        {"p1": 0.5, "p2": 0.3, "n1": 20, "n_sims": 200},
        {"p1": PROPORTION, "p2": PROPORTION, "n1": integer(1), "n2": integer(1, optional=True),
         "rng": RNG, "n_sims": integer(100), "alpha": PROB}, setup=_rng),
    "simulate.simulate_ratio_design": Spec(
        {"true_ratio": 1.5, "n_per_group": 5, "cv": 0.35, "n_sims": 200},
        {"true_ratio": number(lower="pos", extra=(("one", 1, ValueError),)),
         "n_per_group": integer(2), "cv": OPTIONAL_POS, "sd_log": OPTIONAL_POS, "rng": RNG,
         "n_sims": integer(100), "alpha": PROB}, setup=_rng),
    "simulate.welch_test_rows": Spec(
        {"first": np.ones((3, 2)) * [[1.0, 2.0]], "second": np.ones((3, 2))},
        {"first": custom(("str", "x", TypeError), ("None", None, TypeError),
                         ("1-d", [1.0, 2.0], ValueError), ("empty", np.empty((3, 0)), ValueError),
                         ("rows", np.ones((4, 2)), ValueError),
                         ("strings", [["a", "b"]] * 3, TypeError)),
         "second": custom(("str", "x", TypeError), ("one column", np.ones((3, 1)), ValueError))}),
    # ----- synthesis --------------------------------------------------------------
    "synthesis.evidence_markdown": Spec({}, {"table": FRAME, "toc": TOC, "verdict_link": TEXT},
                                        setup=_evidence_table),
    "synthesis.evidence_table": Spec({"correlation": 0.7},
                                     {"findings": FRAME, "sources": FRAME, "effects": FRAME,
                                      "alpha": PROB, "power": PROB, "correlation": OPTIONAL_CORRELATION},
                                     setup=_frames("findings", "sources", "effects")),
    "synthesis.findings_overview": Spec({}, {"sources": FRAME, "findings": FRAME, "toc": TOC},
                                        setup=_frames("sources", "findings")),
    "synthesis.forest_data": Spec({"correlation": 0.7},
                                  {"effects": FRAME, "findings": OPTIONAL_FRAME,
                                   "alpha": PROB, "power": PROB, "bib_path": PATH,
                                   "label_width": integer(10), "placements": OPTIONAL_FRAME,
                                   "correlation": OPTIONAL_CORRELATION},
                                  setup=_frames("effects", "findings", "placements")),
    "synthesis.forest_figure": Spec({}, {"frame": FRAME, "target_power": PROB,
                                         "xlim": custom(("str", "0 to 2", TypeError),
                                                        ("one number", (1.0,), TypeError),
                                                        ("reversed", (2.0, 0.0), ValueError),
                                                        ("nan", (0.0, math.nan), ValueError))},
                                    setup=_forest_frame),
    "synthesis.load_inputs": Spec({}, {"folder": PATH}),
    "synthesis.overview_markdown": Spec({}, {"overview": FRAME, "verdict_link": TEXT},
                                        setup=lambda: {"overview": _overview()}),
    # ----- translate --------------------------------------------------------------
    "translate.human_equivalent_dose": Spec({"animal_dose_mg_per_kg": 10.0},
                                            {"animal_dose_mg_per_kg": POS,
                                             "km_animal": OPTIONAL_POS,
                                             "km_human": OPTIONAL_POS}),
    "translate.mouse_adult_age_to_human_years": Spec({"months": 4}, {"months": number(
        lower="pos", extra=(("too old", 30, ValueError),))}),
    "translate.mouse_days_in_human_time": Spec({"days": 28}, {"days": POS}),
}

#: Public functions with no argument a caller could get wrong.
EXCEPTIONS: dict[str, str] = {
    "chapter.documents": "takes no arguments",
    "data.load_corrections": "takes no arguments",
    "data.data_dir": "takes no arguments (reads EXNEURO_DATA, tested in tests/data)",
    "data.load_findings": "takes no arguments",
    "data.load_literature_effects": "takes no arguments",
    "data.load_primary_studies": "takes no arguments",
    "data.load_sources": "takes no arguments",
    "data.load_study_results": "takes no arguments",
    "data.load_translation_constants": "takes no arguments",
    "data.load_verdicts": "takes no arguments",
    "data.project_root": "takes no arguments",
    "plots.set_theme": "takes no arguments",
}
SPECS["plots.figure_svg"] = Spec({}, {"figure": custom(("axes", None, TypeError), ("str", "fig", TypeError))},
                                 setup=lambda: {"figure": plt.figure()})


# ---------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------


def public_functions() -> list[str]:
    names = []
    for module_info in pkgutil.iter_modules(exneuro.__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"exneuro.{module_info.name}")
        for name in module.__all__:
            if inspect.isfunction(getattr(module, name)):
                names.append(f"{module_info.name}.{name}")
    return sorted(names)


def resolve(qualified: str) -> Callable[..., Any]:
    module, name = qualified.split(".")
    return getattr(importlib.import_module(f"exneuro.{module}"), name)


def test_every_public_function_is_covered():
    functions = set(public_functions())
    missing = sorted(functions - set(SPECS) - set(EXCEPTIONS))
    assert not missing, f"add these public functions to SPECS or EXCEPTIONS: {missing}"
    stale = sorted((set(SPECS) | set(EXCEPTIONS)) - functions)
    assert not stale, f"no longer public, remove from the table: {stale}"
    assert not set(SPECS) & set(EXCEPTIONS)


def test_every_argument_has_a_kind():
    for qualified, spec in SPECS.items():
        parameters = inspect.signature(resolve(qualified)).parameters
        named = {name for name, p in parameters.items() if p.kind is not p.VAR_KEYWORD}
        assert set(spec.kinds) == named, (qualified, named ^ set(spec.kinds))


def test_exceptions_take_no_arguments():
    for qualified in EXCEPTIONS:
        assert not inspect.signature(resolve(qualified)).parameters, qualified


@pytest.mark.parametrize("qualified", sorted(SPECS))
def test_valid_call_works(qualified):
    spec = SPECS[qualified]
    resolve(qualified)(**spec.arguments())
    plt.close("all")


CASES = [
    pytest.param(qualified, argument, id=f"{qualified}-{argument}")
    for qualified, spec in sorted(SPECS.items()) for argument in spec.kinds
]


def _message_names(message: str, name: str) -> bool:
    return re.match(rf"{re.escape(name)}(?![A-Za-z0-9_])", message) is not None


@pytest.mark.parametrize("qualified, argument", CASES)
def test_bad_values_are_rejected_naming_the_argument(qualified, argument):
    """Each bad value of the argument's kind raises the expected error, naming it first."""
    function = resolve(qualified)
    spec = SPECS[qualified]
    problems = []
    for label, value, expected in spec.kinds[argument].bad:
        arguments = spec.arguments()
        arguments[argument] = value
        try:
            function(**arguments)
        except expected as error:
            if not _message_names(str(error), argument):
                problems.append(f"{label}: {type(error).__name__} {str(error)!r} does not "
                                f"start with {argument!r}")
        except Exception as error:  # noqa: BLE001 - report any other error type
            problems.append(f"{label}: expected {expected}, got {type(error).__name__} "
                            f"{error!r}")
        else:
            problems.append(f"{label}: {argument}={value!r} was accepted")
        finally:
            plt.close("all")
    assert not problems, f"{qualified}: " + "; ".join(problems)


SHAPE_CASES = [
    pytest.param(qualified, first, second, id=f"{qualified}-{first}-{second}")
    for qualified, spec in sorted(SPECS.items()) for first, second in spec.shapes
]


@pytest.mark.parametrize("qualified, first, second", SHAPE_CASES)
def test_clashing_shapes_are_rejected_naming_both(qualified, first, second):
    function = resolve(qualified)
    arguments = SPECS[qualified].arguments()
    defaults = inspect.signature(function).parameters
    for name, size in ((first, 2), (second, 3)):
        value = arguments.get(name, defaults[name].default)
        arguments[name] = [value] * size
    with pytest.raises(ValueError) as caught:
        resolve(qualified)(**arguments)
    message = str(caught.value)
    assert first in message and second in message and "shape" in message, message


def test_numpy_scalars_are_accepted():
    # issue 15: numpy booleans (numpy 2) and numpy integers were rejected
    from exneuro.quality import QUALITY_CRITERIA, source_quality_score
    from exneuro.translate import mouse_days_in_human_time

    card = {name: np.bool_(True) for name in QUALITY_CRITERIA}
    assert source_quality_score(card) == len(QUALITY_CRITERIA)
    assert mouse_days_in_human_time(np.int64(28)).equals(mouse_days_in_human_time(28))
