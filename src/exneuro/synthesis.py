"""The book's synthesis: the evidence-at-a-glance table and forest plot, built from ``data/``.

Every function here takes the data tables as they are, so that a finding or an effect added
to ``data/findings.csv`` or ``data/literature_effects.csv`` appears in the synthesis without
a change to any notebook:

* :func:`load_inputs` reads the tables (from the book's data folder or any other folder
  holding a copy of the data package);
* :func:`evidence_table` gives one row per finding as data: species, design, n, the effect
  and its interval, the group size needed to detect a standardized effect, the source's
  transparency score, the human evidence and the verdict; :func:`evidence_markdown`
  renders it for the page;
* :func:`forest_data` and :func:`forest_figure` give every standardized effect in the book
  (metrics ``SMD``, ``hedges_g`` and ``d``, designs other than "descriptive") with the
  group size a two-arm study would need to detect it; with the placements of
  ``data/synthesis_effects.csv`` each effect gets a plain label, the finding it bears on
  and the sign that turns it so that benefit points to the right, and the figure draws
  them grouped by finding;
* :func:`findings_overview` is the introduction's table of findings, and
  :func:`overview_markdown` renders it verdict first, readable on a phone.

A within-person effect (before vs after in the same people) is not on the scale of the
between-group d that a two-arm trial compares. Group sizes are therefore computed from
:func:`exneuro.effect_size.two_arm_d`: unchanged for between-group and change-score
effects, converted with a before-after ``correlation`` for within-person ones, and left
missing when no correlation is given.

Group sizes come from :func:`exneuro.power.n_per_group_ttest_ind`, the interval limit
nearest zero from :func:`exneuro.meta.pessimistic_bound`, labels from
:func:`exneuro.cite.author_year`, links and Markdown from :mod:`exneuro.book`.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from exneuro import book as _book
from exneuro import cite as _cite
from exneuro import data as _data
from exneuro import effect_size as _effect_size
from exneuro import meta as _meta
from exneuro import plots as _plots
from exneuro import power as _power
from exneuro import quality as _quality
from exneuro._validate import as_int, as_path, as_probability, as_real, as_text

__all__ = [
    "METRIC_LABELS",
    "STANDARDIZED_METRICS",
    "evidence_markdown",
    "evidence_table",
    "findings_overview",
    "forest_data",
    "forest_figure",
    "load_inputs",
    "overview_markdown",
]

#: Metrics of ``literature_effects.csv`` that are standardized mean differences.
STANDARDIZED_METRICS: tuple[str, ...] = ("SMD", "hedges_g", "d")

#: How each metric is named in the tables of the book.
METRIC_LABELS: dict[str, str] = {
    "SMD": "SMD",
    "hedges_g": "g",
    "d": "d",
    "MD": "mean difference",
    "MD_percent": "difference (%)",
    "OR": "odds ratio",
    "percent": "percent",
    "proportion": "proportion",
    "ratio": "ratio",
    "count": "count",
}

_TABLES = ("findings", "sources", "literature_effects", "assumptions", "synthesis_effects")

#: Effect designs a two-arm trial compares directly (no conversion needed).
_BETWEEN = ("between-group", "change-score")
#: Effect designs that compare the same people before and after (need a correlation).
_WITHIN = ("within-person", "mixed")


# ---------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------


def load_inputs(folder: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Load the tables the synthesis needs, validated against the data package.

    Parameters
    ----------
    folder : path-like, optional
        A folder holding ``datapackage.json`` and the CSV tables; by default the book's
        data folder (:func:`exneuro.data.data_dir`).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``findings``, ``sources``, ``literature_effects``, ``assumptions`` and
        ``synthesis_effects``; the book-wide alpha and target power of ``assumptions``
        are read by :func:`exneuro.data.planning_settings`.
    """
    return {name: _data.load_table(name, folder=folder) for name in _TABLES}


def _require_frame(frame: object, name: str, columns: Iterable[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s): {', '.join(missing)}")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _n_per_group(effect: float, alpha: float, power: float) -> int | None:
    """Group size to detect a standardized effect; None for an effect of exactly zero."""
    if effect == 0.0:
        return None
    return _power.n_per_group_ttest_ind(effect, power=power, alpha=alpha)


def _two_arm(estimate: float, design: object, correlation: float | None) -> float:
    """The d a two-arm trial would compare, or NaN when it cannot be known."""
    design = "between-group" if _missing(design) else str(design)
    if design in _BETWEEN:
        return float(estimate)
    if design in _WITHIN and correlation is not None:
        return _effect_size.two_arm_d(float(estimate), design, correlation)
    return math.nan


def _optional_correlation(correlation: float | None) -> float | None:
    if correlation is None:
        return None
    value = float(as_real(correlation, "correlation", allow_array=False))
    if not -1.0 < value < 1.0:
        raise ValueError(f"correlation must be in (-1, 1), got {value!r}")
    return value


def _format_number(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def _effect_text(row: Mapping[Hashable, Any]) -> tuple[str, str]:
    label = METRIC_LABELS.get(str(row["metric"]), str(row["metric"]))
    effect = f"{label} = {_format_number(float(row['estimate']))}"
    if _missing(row["ci_low"]) or _missing(row["ci_high"]):
        return effect, "no interval reported"
    level = 0.95 if _missing(row["ci_level"]) else float(row["ci_level"])
    return effect, (
        f"{level * 100:.0f} % CI {_format_number(float(row['ci_low']))} to "
        f"{_format_number(float(row['ci_high']))}"
    )


# ---------------------------------------------------------------------------------------
# The evidence table
# ---------------------------------------------------------------------------------------

_EVIDENCE_COLUMNS = [
    "finding_id", "chapter", "document", "finding", "species", "design", "n", "bib_key",
    "effect_id", "metric", "estimate", "ci_low", "ci_high", "ci_level", "effect design",
    "two-arm d", "correlation", "n per group", "source transparency", "human evidence", "verdict",
]


def evidence_table(
    findings: pd.DataFrame,
    sources: pd.DataFrame,
    effects: pd.DataFrame,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    correlation: float | None = None,
) -> pd.DataFrame:
    """One row per finding: what was studied, how big the effect is, how sure we can be.

    Parameters
    ----------
    findings, sources, effects : pandas.DataFrame
        ``data/findings.csv``, ``data/sources.csv`` and ``data/literature_effects.csv``.
    alpha, power : float, optional
        Significance level and target power for the column ``n per group`` (a two-arm
        study detecting the standardized effect); the book uses its conventional values
        (:func:`exneuro.data.planning_settings`).
    correlation : float, optional
        Before-after correlation in (-1, 1) that converts a within-person effect into
        the between-group d a two-arm trial compares (:func:`exneuro.effect_size.two_arm_d`).
        Without it, ``n per group`` is left missing for within-person effects.

    Returns
    -------
    pandas.DataFrame
        Data, not display text (:func:`evidence_markdown` renders it), one row per
        finding in the order of ``finding_id``: ``finding_id``, ``chapter`` (the
        finding's chapter folder), ``document`` (the source's chapter page),
        ``finding``, ``species``, ``design``, ``n`` (as known, in words), ``bib_key``
        (the primary study, if one is identified), ``effect_id``,
        ``metric``, ``estimate``, ``ci_low``, ``ci_high`` and ``ci_level`` (missing when
        the finding has no effect or no interval), ``effect design`` (what the effect
        compares, from ``literature_effects.design``), ``two-arm d`` (the effect as a
        two-arm trial would see it), ``correlation`` (the value used to convert a
        within-person effect, else missing), ``n per group`` (nullable integer: missing
        unless the effect is standardized, non-zero and on, or converted to, the
        between-group scale),
        ``source transparency`` (the article's score, 0 to 12, see
        :func:`exneuro.quality.source_quality_score`), ``human evidence`` and
        ``verdict``.

    Raises
    ------
    ValueError
        If a table lacks a needed column, or a finding names a source or an effect that
        does not exist.
    """
    _require_frame(findings, "findings", ["finding_id", "source_id", "chapter", "finding",
                                          "species", "design", "n_text", "bib_key", "effect_id",
                                          "human_evidence", "verdict"])
    alpha = float(as_probability(alpha, "alpha", allow_array=False))
    power = float(as_probability(power, "power", allow_array=False))
    correlation = _optional_correlation(correlation)
    _require_frame(sources, "sources", ["source_id", "chapter", *_quality.QUALITY_CRITERIA])
    _require_frame(effects, "effects", ["effect_id", "metric", "estimate", "ci_low", "ci_high",
                                        "ci_level"])
    by_source = sources.set_index("source_id")
    by_effect = effects.set_index("effect_id")
    rows = []
    for finding in findings.sort_values("finding_id").to_dict("records"):
        if finding["source_id"] not in by_source.index:
            raise ValueError(f"finding {finding['finding_id']} names an unknown source "
                             f"{finding['source_id']!r}")
        card = by_source.loc[finding["source_id"]]
        effect: dict[str, Any] = {"effect_id": None, "metric": None, "estimate": np.nan,
                                  "ci_low": np.nan, "ci_high": np.nan, "ci_level": np.nan,
                                  "effect design": None, "two-arm d": np.nan,
                                  "correlation": np.nan, "n per group": None}
        if not _missing(finding["effect_id"]):
            if finding["effect_id"] not in by_effect.index:
                raise ValueError(f"finding {finding['finding_id']} names an unknown effect "
                                 f"{finding['effect_id']!r}")
            row = by_effect.loc[finding["effect_id"]]
            effect.update({key: row[key] for key in ("metric", "estimate", "ci_low", "ci_high",
                                                     "ci_level")})
            effect["effect_id"] = finding["effect_id"]
            design = row["design"] if "design" in row.index else None
            effect["effect design"] = None if _missing(design) else str(design)
            if str(row["metric"]) in STANDARDIZED_METRICS:
                two_arm = _two_arm(float(row["estimate"]), design, correlation)
                effect["two-arm d"] = two_arm
                if str(design) in _WITHIN and correlation is not None:
                    effect["correlation"] = correlation
                if not math.isnan(two_arm):
                    effect["n per group"] = _n_per_group(two_arm, alpha, power)
        rows.append({
            "finding_id": finding["finding_id"],
            "chapter": str(finding["chapter"]),
            "document": str(card["chapter"]),
            "finding": finding["finding"],
            "species": finding["species"],
            "design": finding["design"],
            "n": finding["n_text"],
            "bib_key": None if _missing(finding["bib_key"]) else finding["bib_key"],
            **effect,
            "source transparency": _quality.source_quality_score(
                {c: bool(card[c]) for c in _quality.QUALITY_CRITERIA}),
            "human evidence": finding["human_evidence"],
            "verdict": finding["verdict"],
        })
    table = pd.DataFrame(rows, columns=_EVIDENCE_COLUMNS)
    for column in ("estimate", "ci_low", "ci_high", "ci_level", "two-arm d", "correlation"):
        table[column] = table[column].astype(float)
    table["n per group"] = table["n per group"].astype("Int64")
    return table


def _n_text(row: Mapping[Hashable, Any]) -> str:
    """How the page states the group size a two-arm trial would need for an effect."""
    n = row["n per group"]
    design = row["effect design"]
    if str(design) in _WITHIN:
        if _missing(n):
            return ("not computed: the effect compares the same people before and after, and a "
                    "two-arm trial's d needs their before-after correlation")
        return (f"{int(n)}, after converting the before-after effect to a two-arm d of "
                f"{_format_number(float(row['two-arm d']))} with an assumed before-after "
                f"correlation of {float(row['correlation']):g}")
    if _missing(n):
        return "no finite n (effect of zero)"
    return str(int(n))


def evidence_markdown(
    table: pd.DataFrame, *, toc: Collection[str] | None = None, verdict_link: str = ""
) -> str:
    """The evidence table as the page shows it: one short block per finding, verdict first.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`evidence_table`.
    toc : collection of str, optional
        Documents in the table of contents (:func:`exneuro.book.toc_documents`). A
        finding's block is headed by a link to its chapter ("Chapter N") when the
        chapter is listed, otherwise by the chapter's folder name.
    verdict_link : str, optional
        A MyST target for the verdict scale (``"verdict-scale"``); the verdict word then
        links to the scale's definitions.

    Returns
    -------
    str
        For each finding, a bold line (chapter and finding) and a two-column Markdown
        table (:func:`exneuro.book.markdown_table`) whose rows are the verdict, species,
        design, n, the effect and its interval in words, the group size for the effect
        (saying how a within-person effect was converted), the transparency score
        ("7 of 12") and the human evidence. Two columns fit a phone's width.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame, ``toc`` not a collection of paths or
        ``verdict_link`` not a string.
    ValueError
        If ``table`` lacks a column of :func:`evidence_table`.
    """
    _require_frame(table, "table", _EVIDENCE_COLUMNS)
    verdict_link = as_text(verdict_link, "verdict_link", allow_empty=True)
    out_of = len(_quality.QUALITY_CRITERIA)
    blocks = []
    for row in table.to_dict("records"):
        effect, uncertainty, needed = "no standardized effect", "not applicable", "not applicable"
        if not _missing(row["effect_id"]):
            effect, uncertainty = _effect_text(row)
            if str(row["metric"]) in STANDARDIZED_METRICS:
                needed = _n_text(row)
        chapter = _book.chapter_link(row["document"], toc, otherwise=row["chapter"])
        verdict = str(row["verdict"])
        word = f"{{ref}}`{verdict} <{verdict_link}>`" if verdict_link else verdict
        shown = pd.DataFrame({"aspect": ["verdict", "species", "design", "n (as known)", "effect",
                                   "uncertainty", "n per group for the effect",
                                   "source transparency", "human evidence"],
                              "what the book found": [f"**{word}**", row["species"], row["design"],
                                    row["n"], effect, uncertainty, needed,
                                    f"{row['source transparency']} of {out_of}",
                                    row["human evidence"]]})
        blocks.append(f"**{chapter}: {row['finding']}**\n\n{_book.markdown_table(shown)}")
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------------------
# The forest plot
# ---------------------------------------------------------------------------------------

_FOREST_COLUMNS = [
    "effect_id", "label", "group", "group title", "evidence from", "species", "design",
    "metric", "estimate", "ci_low", "ci_high", "benefit sign", "benefit estimate",
    "benefit low", "benefit high", "two-arm d", "n per group",
    "n per group at bound nearest zero", "linked findings", "in figure", "bib_key",
]

_PLACEMENT_COLUMNS = ["effect_id", "finding_id", "label", "benefit_sign", "in_figure"]


def _chapter_title(folder: str) -> str:
    """The first heading of a chapter's notebook or page, or the folder name."""
    root = _data.project_root() / "chapters" / folder
    for page in sorted(root.glob("*.ipynb")) + sorted(root.glob("*.md")):
        try:
            if page.suffix == ".ipynb":
                import json

                first = "".join(json.loads(page.read_text(encoding="utf-8"))["cells"][0]["source"])
            else:
                first = page.read_text(encoding="utf-8")
        except (OSError, ValueError, KeyError, IndexError):
            continue
        for line in first.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return folder


def _internal_ids(effects: pd.DataFrame, findings: pd.DataFrame | None) -> set[str]:
    ids = set(effects["effect_id"].astype(str)) | set(effects["bib_key"].dropna().astype(str))
    if findings is not None:
        ids |= set(findings["finding_id"].astype(str))
    return {i for i in ids if i}


def _check_label(label: str, effect_id: str, ids: set[str]) -> str:
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"placements: effect {effect_id!r} has no label")
    lowered = label.lower()
    found = sorted(i for i in ids if i.lower() in lowered and (any(c.isdigit() for c in i) or "-" in i))
    if found or "…" in label or "[" in label:
        raise ValueError(f"placements: the label of {effect_id!r} must be plain words, without "
                         f"internal ids, brackets or a cut-off '…': {label!r}")
    return label.strip()


def forest_data(
    effects: pd.DataFrame,
    findings: pd.DataFrame | None = None,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    bib_path: str | os.PathLike[str] | None = None,
    label_width: int = 40,
    placements: pd.DataFrame | None = None,
    correlation: float | None = None,
) -> pd.DataFrame:
    """Every standardized effect in the book, with the group size needed to detect it.

    Parameters
    ----------
    effects : pandas.DataFrame
        ``data/literature_effects.csv``; rows whose metric is in
        :data:`STANDARDIZED_METRICS` are kept, except those whose ``design`` is
        "descriptive" (a detectable effect or a reference value, not an estimate).
    findings : pandas.DataFrame, optional
        ``data/findings.csv``; its ``effect_id`` column links effects to findings, and its
        ``chapter`` column names the chapter of a group.
    alpha, power : float, optional
        Settings for the group sizes (two-sided two-sample t test).
    bib_path : path-like, optional
        Bibliography for the author-year labels (see :func:`exneuro.cite.author_year`).
    label_width : int, optional
        Characters of the outcome kept in an automatic label, >= 10. Default 40.
    placements : pandas.DataFrame, optional
        ``data/synthesis_effects.csv``: for each effect, the finding it bears on
        (``finding_id``, empty for context), a plain ``label``, the ``benefit_sign`` (1
        or -1) that turns the effect so that benefit points right, and ``in_figure``.
        Effects without a placement keep an automatic label and no benefit sign.
    correlation : float, optional
        Before-after correlation in (-1, 1) for within-person effects
        (:func:`exneuro.effect_size.two_arm_d`); without it their group sizes are missing.

    Returns
    -------
    pandas.DataFrame
        One row per effect: ``effect_id``, ``label``, ``group`` (finding id or
        ``"context"``), ``group title`` (the chapter in words), ``evidence from``
        (``"human"`` or ``"animal (<species>)"``), ``species``, ``design``, ``metric``,
        ``estimate``, ``ci_low``, ``ci_high``, ``benefit sign`` and the ``benefit
        estimate``, ``benefit low`` and ``benefit high`` (turned so that benefit is
        positive; missing without a sign), ``two-arm d``, ``n per group`` (at the
        estimate) and ``n per group at bound nearest zero`` (nullable; missing when the
        interval includes zero, is not reported, or the effect cannot be put on the
        two-arm scale), ``linked findings``, ``in figure`` and ``bib_key``. With
        placements, rows follow the order of the placements (grouped by finding); without,
        animal evidence first and then human, each by size.

    Raises
    ------
    ValueError
        If a table lacks a needed column, a placement names an unknown effect or
        finding, its sign is not 1 or -1, or its label carries an internal id, a bracket
        or a cut-off "…".
    """
    _require_frame(effects, "effects", ["effect_id", "bib_key", "species", "outcome", "metric",
                                        "estimate", "ci_low", "ci_high"])
    width = as_int(label_width, "label_width", minimum=10)
    bib_file = as_path(bib_path, "bib_path")
    alpha = float(as_probability(alpha, "alpha", allow_array=False))
    power = float(as_probability(power, "power", allow_array=False))
    correlation = _optional_correlation(correlation)
    links: dict[str, list[str]] = {}
    chapters: dict[str, str] = {}
    if findings is not None:
        _require_frame(findings, "findings", ["finding_id", "effect_id"])
        for row in findings.dropna(subset=["effect_id"]).to_dict("records"):
            links.setdefault(row["effect_id"], []).append(row["finding_id"])
        if "chapter" in findings.columns:
            chapters = dict(zip(findings["finding_id"].astype(str), findings["chapter"].astype(str),
                                strict=True))
    placed: dict[str, dict[str, Any]] = {}
    if placements is not None:
        _require_frame(placements, "placements", _PLACEMENT_COLUMNS)
        ids = _internal_ids(effects, findings)
        known = set(effects["effect_id"])
        for row in placements.to_dict("records"):
            effect_id = str(row["effect_id"])
            if effect_id not in known:
                raise ValueError(f"placements names an unknown effect {effect_id!r}")
            group = "context" if _missing(row["finding_id"]) else str(row["finding_id"])
            if group != "context" and group not in chapters:
                raise ValueError(f"placements: effect {effect_id!r} names an unknown finding "
                                 f"{group!r}")
            sign = row["benefit_sign"]
            if not _missing(sign) and float(sign) not in (1.0, -1.0):
                raise ValueError(f"placements: benefit_sign of {effect_id!r} must be 1 or -1, "
                                 f"got {sign!r}")
            placed[effect_id] = {"label": _check_label(row["label"], effect_id, ids),
                                 "group": group,
                                 "sign": np.nan if _missing(sign) else float(sign),
                                 "in figure": bool(row["in_figure"]) and not _missing(sign)}
    design_known = "design" in effects.columns
    titles: dict[str, str] = {}
    keep = effects[effects["metric"].isin(STANDARDIZED_METRICS)]
    if design_known:
        keep = keep[keep["design"].astype(str) != "descriptive"]
    rows = []
    for row in keep.to_dict("records"):
        estimate = float(row["estimate"])
        low = None if _missing(row["ci_low"]) else float(row["ci_low"])
        high = None if _missing(row["ci_high"]) else float(row["ci_high"])
        design = row["design"] if design_known and not _missing(row["design"]) else "between-group"
        two_arm = _two_arm(estimate, design, correlation)
        bound = None
        if low is not None and high is not None:
            limit = _meta.pessimistic_bound(estimate, low, high)
            bound = None if math.isnan(limit) else _two_arm(limit, design, correlation)
        species = str(row["species"])
        place = placed.get(row["effect_id"])
        group = (place["group"] if place else
                 (links.get(row["effect_id"], ["context"])[0]))
        if group == "context":
            title = "Context: other exercise effects the book uses"
        elif group in chapters:
            folder = chapters[group]
            if folder not in titles:
                titles[folder] = f"{_book.chapter_label(folder)}: {_chapter_title(folder)}"
            title = titles[folder]
        else:
            title = group
        sign = place["sign"] if place else np.nan
        turned = (sorted((sign * low, sign * high)) if place and low is not None and high is not None
                  and not math.isnan(sign) else (np.nan, np.nan))
        rows.append({
            "effect_id": row["effect_id"],
            "label": place["label"] if place else
            f"{textwrap.shorten(str(row['outcome']), width, placeholder='…')} "
            f"({_cite.author_year(str(row['bib_key']), bib_file)})",
            "group": group,
            "group title": title,
            "evidence from": "human" if species == "human" else f"animal ({species})",
            "species": species,
            "design": design,
            "metric": METRIC_LABELS[str(row["metric"])],
            "estimate": estimate,
            "ci_low": np.nan if low is None else low,
            "ci_high": np.nan if high is None else high,
            "benefit sign": sign,
            "benefit estimate": sign * estimate,
            "benefit low": turned[0],
            "benefit high": turned[1],
            "two-arm d": two_arm,
            "n per group": None if math.isnan(two_arm) else _n_per_group(two_arm, alpha, power),
            "n per group at bound nearest zero": (
                None if bound is None or math.isnan(bound) else _n_per_group(bound, alpha, power)),
            "linked findings": ", ".join(links.get(row["effect_id"], [])) or "context",
            "in figure": bool(place["in figure"]) if place else False,
            "bib_key": row["bib_key"],
        })
    frame = pd.DataFrame(rows, columns=_FOREST_COLUMNS)
    if frame.empty:
        return frame
    if placed:
        order = {effect_id: i for i, effect_id in enumerate(placed)}
        frame["_order"] = frame["effect_id"].map(order).fillna(len(order)).astype(int)
        frame = frame.sort_values(["_order", "effect_id"]).drop(columns="_order")
    else:
        repeated = frame["label"].duplicated(keep=False)
        frame.loc[repeated, "label"] = [
            f"{label} [{_short_id(effect_id, key)}]" for label, effect_id, key in
            frame.loc[repeated, ["label", "effect_id", "bib_key"]].itertuples(index=False)]
        frame["_human"] = frame["species"] == "human"
        frame["_size"] = frame["estimate"].abs()
        frame = frame.sort_values(["_human", "_size", "effect_id"]).drop(columns=["_human", "_size"])
    frame["n per group"] = frame["n per group"].astype("Int64")
    frame["n per group at bound nearest zero"] = (
        frame["n per group at bound nearest zero"].astype("Int64"))
    for column in ("benefit sign", "benefit estimate", "benefit low", "benefit high", "two-arm d"):
        frame[column] = frame[column].astype(float)
    frame["in figure"] = frame["in figure"].astype(bool)
    return frame.reset_index(drop=True)


def _short_id(effect_id: str, bib_key: str) -> str:
    """The part of an effect id after its bib key (``bb-kemmler2020-ls-wb`` -> ``ls-wb``)."""
    _, found, tail = str(effect_id).partition(str(bib_key))
    tail = tail.strip("-_ ")
    return tail if found and tail else str(effect_id)


#: Width of the synthesis figure in inches: narrow enough to stay legible on a phone.
FIGURE_WIDTH = 4.2
_ROW_HEIGHT = 0.74
_TITLE_HEIGHT = 0.62


def forest_figure(
    frame: pd.DataFrame,
    *,
    target_power: float = 0.8,
    xlim: tuple[float, float] | None = None,
) -> Figure:
    """Forest plot of the effects placed in the figure, grouped by finding, benefit right.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`forest_data` with placements; the rows marked ``in figure``
        are drawn, in their order, one panel per ``group``.
    target_power : float, optional
        The power the group sizes were computed for; named under the axis.
    xlim : tuple of float, optional
        Limits of the shared horizontal axis, so that two figures drawn from parts of one
        frame share a scale; by default they cover every interval drawn.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per finding, titled with its chapter. Each effect has its label on a
        line of its own above its point and interval (turned so that benefit points to
        the right, as the axis says), with the group size a two-arm study would need to
        detect it at ``target_power`` (marked ``*`` where a before-vs-after effect was
        converted with a correlation); people are drawn as circles, animals as squares,
        open when no interval was reported.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame or ``xlim`` not a pair of numbers.
    ValueError
        If ``frame`` lacks a column of :func:`forest_data` or has no row to draw, or
        ``xlim`` is not an increasing pair of finite numbers.
    """
    _require_frame(frame, "frame", _FOREST_COLUMNS)
    power_pct = 100 * float(as_probability(target_power, "target_power", allow_array=False))
    shown = frame[frame["in figure"].astype(bool)]
    if shown.empty:
        raise ValueError("frame must have at least one row to draw (in figure, with a benefit "
                         "sign): pass the placements of data/synthesis_effects.csv to forest_data")
    if xlim is None:
        values = shown[["benefit estimate", "benefit low", "benefit high"]].to_numpy(dtype=float)
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        pad = 0.08 * (high - low)
        xlim = (min(low, 0.0) - pad, high + pad)
    else:
        if not isinstance(xlim, (tuple, list)) or len(xlim) != 2 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in xlim):
            raise TypeError(f"xlim must be a pair of numbers (low, high), got {xlim!r}")
        if not all(math.isfinite(v) for v in xlim) or xlim[0] >= xlim[1]:
            raise ValueError(f"xlim must be an increasing pair of finite numbers, got {xlim!r}")
        xlim = (float(xlim[0]), float(xlim[1]))
    groups = list(dict.fromkeys(shown["group"]))
    sizes = [int((shown["group"] == g).sum()) for g in groups]
    heights = [_TITLE_HEIGHT + _ROW_HEIGHT * s for s in sizes]
    bottom = 1.7
    fig, axes = plt.subplots(len(groups), 1, sharex=True,
                             figsize=(FIGURE_WIDTH, sum(heights) + bottom),
                             gridspec_kw={"height_ratios": heights, "hspace": 0.0})
    axes = np.atleast_1d(axes)
    human, animal = _plots.PALETTE[0], _plots.PALETTE[1]
    chars = int(FIGURE_WIDTH * 12)
    title_units = _TITLE_HEIGHT / _ROW_HEIGHT
    for index, (ax, group) in enumerate(zip(axes, groups, strict=True)):
        sub = shown[shown["group"] == group]
        n_rows = len(sub)
        for i, row in enumerate(sub.to_dict("records")):
            y = -float(i)
            color = human if row["species"] == "human" else animal
            marker = "o" if row["species"] == "human" else "s"
            has_ci = not (_missing(row["benefit low"]) or _missing(row["benefit high"]))
            if has_ci:
                ax.hlines(y, row["benefit low"], row["benefit high"], color=color, linewidth=1.6)
            ax.plot(row["benefit estimate"], y, marker=marker, markersize=6, color=color,
                    markerfacecolor=color if has_ci else "white", markeredgewidth=1.4)
            n = row["n per group"]
            if _missing(n):
                size_text = "group size not computed"
            else:
                converted = str(row["design"]) in _WITHIN
                size_text = f"{int(n)} per group{'*' if converted else ''}"
            text = textwrap.fill(f"{row['label']} · {size_text}", width=chars)
            ax.text(0.0, y + 0.18, text, transform=ax.get_yaxis_transform(), fontsize=9,
                    va="bottom", ha="left", linespacing=1.05)
        ax.axvline(0.0, color="0.45", linestyle="--", linewidth=0.9)
        ax.set_ylim(-(n_rows - 1) - 0.45, 0.55 + title_units)
        ax.set_yticks([])
        ax.text(0.0, 1.0, textwrap.fill(str(sub["group title"].iloc[0]), width=int(chars * 0.95)),
                transform=ax.transAxes, fontsize=9.5, fontweight="bold", va="top", ha="left")
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        if index < len(groups) - 1:
            ax.spines["bottom"].set_color("0.8")
            ax.tick_params(axis="x", length=0)
        ax.tick_params(axis="x", labelsize=9)
    axes[-1].set_xlim(*xlim)
    axes[-1].set_xlabel("standardized effect (SD units)\n← against the claimed benefit · the "
                        f"claimed benefit →\ngroup sizes: two-arm trial, {power_pct:.0f} % power",
                        fontsize=9)
    handles = []
    if (shown["species"] == "human").any():
        handles.append(plt.Line2D([], [], marker="o", color=human, label="measured in people"))
    if (shown["species"] != "human").any():
        handles.append(plt.Line2D([], [], marker="s", color=animal, label="measured in animals"))
    if (shown["benefit low"].isna() | shown["benefit high"].isna()).any():
        handles.append(plt.Line2D([], [], marker="o", color="0.3", markerfacecolor="white",
                                  linestyle="", label="no interval reported"))
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 2), frameon=False, fontsize=8.5,
               bbox_to_anchor=(0.5, 0.0), handletextpad=0.3, columnspacing=0.8)
    total = sum(heights) + bottom
    fig.subplots_adjust(left=0.03, right=0.97, top=1.0 - 0.05 / total, bottom=bottom / total)
    return fig


# ---------------------------------------------------------------------------------------
# The introduction's overview
# ---------------------------------------------------------------------------------------

_OVERVIEW_COLUMNS = ["verdict", "chapter", "finding", "article said", "for you", "article",
                     "kind", "transparency"]


def _text_or(value: object, fallback: str) -> str:
    return fallback if _missing(value) or not str(value).strip() else str(value).strip()


def findings_overview(
    sources: pd.DataFrame, findings: pd.DataFrame, toc: Collection[str] | None = None
) -> pd.DataFrame:
    """The introduction's table: each finding, its verdict, and the article it came from.

    Parameters
    ----------
    sources, findings : pandas.DataFrame
        ``data/sources.csv`` and ``data/findings.csv``.
    toc : collection of str, optional
        Documents in the table of contents (:func:`exneuro.book.toc_documents`); a
        chapter is linked with a MyST ``{doc}`` role only if it is listed, so the page
        never links to a chapter that is not built. The link reads "Chapter N", N taken
        from the chapter's folder name (:func:`exneuro.book.chapter_link`).

    Returns
    -------
    pandas.DataFrame
        One row per finding (an article without a finding row yet gets one row saying
        so), in the order of the sources: ``verdict``, ``chapter``, ``finding``,
        ``article said`` and ``for you`` (the finding's bottom-line sentences in
        ``data/findings.csv``, the same words its chapter opens with; the finding itself
        and an empty string while they are not written), ``article``, ``kind``,
        ``transparency``.
    """
    _require_frame(sources, "sources", ["source_id", "short_id", "title", "outlet", "kind",
                                        "chapter", *_quality.QUALITY_CRITERIA])
    _require_frame(findings, "findings", ["finding_id", "source_id", "finding", "verdict"])
    rows = []
    for card in sources.sort_values("short_id").to_dict("records"):
        score = _quality.source_quality_score({c: bool(card[c]) for c in _quality.QUALITY_CRITERIA})
        link = _book.chapter_link(str(card["chapter"]), toc, otherwise="in preparation")
        mine = findings[findings["source_id"] == card["source_id"]].sort_values("finding_id")
        base = {
            "article": f"“{card['title']}” ({card['outlet']})",
            "kind": card["kind"],
            "transparency": f"{score} of {len(_quality.QUALITY_CRITERIA)}",
        }
        if mine.empty:
            rows.append({**base, "finding": "not yet summarised", "verdict": "—", "chapter": link,
                         "article said": "not yet summarised", "for you": ""})
        for finding in mine.to_dict("records"):
            rows.append({**base, "finding": finding["finding"], "verdict": finding["verdict"],
                         "chapter": link,
                         "article said": _text_or(finding.get("article_said"), str(finding["finding"])),
                         "for you": _text_or(finding.get("for_you"), "")})
    return pd.DataFrame(rows, columns=_OVERVIEW_COLUMNS)


def overview_markdown(overview: pd.DataFrame, *, verdict_link: str = "") -> str:
    """The introduction's table as Markdown: two columns, verdict first, for any width.

    Parameters
    ----------
    overview : pandas.DataFrame
        The output of :func:`findings_overview`.
    verdict_link : str, optional
        A MyST target for the verdict scale (``"verdict-scale"``); each verdict word then
        links to the scale's definitions.

    Returns
    -------
    str
        A Markdown table (:func:`exneuro.book.markdown_table`) with the columns
        ``verdict`` (the word in bold, and the chapter) and ``the finding`` (what the
        article said in the book's words, what it means for a reader, and the article with
        its kind and transparency score). Two columns stay readable on a phone.

    Raises
    ------
    TypeError
        If ``overview`` is not a DataFrame or ``verdict_link`` not a string.
    ValueError
        If ``overview`` lacks a column of :func:`findings_overview`.

    Examples
    --------
    >>> row = pd.DataFrame([{"verdict": "overstated", "chapter": "Chapter 2",
    ...     "finding": "f", "article said": "The article said x.", "for you": "Nothing to do.",
    ...     "article": "“T” (O)", "kind": "news", "transparency": "5 of 12"}])
    >>> print(overview_markdown(row))
    | verdict | the finding |
    |---|---|
    | **Overstated** (Chapter 2) | The article said x. *For you:* Nothing to do. *Source:* “T” (O); news, transparency 5 of 12. |
    """  # noqa: E501  (a table row of the example's expected output is one line)
    _require_frame(overview, "overview", _OVERVIEW_COLUMNS)
    verdict_link = as_text(verdict_link, "verdict_link", allow_empty=True)
    rows = []
    for row in overview.to_dict("records"):
        verdict = str(row["verdict"])
        word = verdict.capitalize()
        if verdict_link and verdict != "—":
            word = f"{{ref}}`{word} <{verdict_link}>`"
        said = str(row["article said"]).strip()
        if said and not said.endswith((".", "!", "?")):
            said += "."
        for_you = f" *For you:* {row['for you']}" if str(row["for you"]).strip() else ""
        source = (f" *Source:* {row['article']}; {row['kind']}, transparency "
                  f"{row['transparency']}.")
        rows.append({"verdict": f"**{word}** ({row['chapter']})",
                     "the finding": f"{said}{for_you}{source}"})
    return _book.markdown_table(pd.DataFrame(rows, columns=["verdict", "the finding"]))
