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
  (metrics ``SMD``, ``hedges_g`` and ``d``) with the group size a two-arm study would need
  to detect it;
* :func:`findings_overview` is the five-findings table of the introduction.

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
from exneuro import meta as _meta
from exneuro import plots as _plots
from exneuro import power as _power
from exneuro import quality as _quality
from exneuro._validate import as_int, as_path, as_probability

__all__ = [
    "METRIC_LABELS",
    "STANDARDIZED_METRICS",
    "evidence_markdown",
    "evidence_table",
    "findings_overview",
    "forest_data",
    "forest_figure",
    "load_inputs",
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

_TABLES = ("findings", "sources", "literature_effects", "assumptions")


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
        ``findings``, ``sources``, ``literature_effects`` and ``assumptions``; the
        book-wide alpha and target power of the last are read by
        :func:`exneuro.data.planning_settings`.
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
    "effect_id", "metric", "estimate", "ci_low", "ci_high", "ci_level", "n per group",
    "source transparency", "human evidence", "verdict",
]


def evidence_table(
    findings: pd.DataFrame,
    sources: pd.DataFrame,
    effects: pd.DataFrame,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
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

    Returns
    -------
    pandas.DataFrame
        Data, not display text (:func:`evidence_markdown` renders it), one row per
        finding in the order of ``finding_id``: ``finding_id``, ``chapter`` (the
        finding's chapter folder), ``document`` (the source's chapter page),
        ``finding``, ``species``, ``design``, ``n`` (as known, in words), ``bib_key``
        (the primary study, if one is identified), ``effect_id``,
        ``metric``, ``estimate``, ``ci_low``, ``ci_high`` and ``ci_level`` (missing when
        the finding has no effect or no interval), ``n per group`` (nullable integer:
        missing unless the effect is standardized and non-zero),
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
                                  "n per group": None}
        if not _missing(finding["effect_id"]):
            if finding["effect_id"] not in by_effect.index:
                raise ValueError(f"finding {finding['finding_id']} names an unknown effect "
                                 f"{finding['effect_id']!r}")
            row = by_effect.loc[finding["effect_id"]]
            effect.update({key: row[key] for key in ("metric", "estimate", "ci_low", "ci_high",
                                                     "ci_level")})
            effect["effect_id"] = finding["effect_id"]
            if str(row["metric"]) in STANDARDIZED_METRICS:
                effect["n per group"] = _n_per_group(float(row["estimate"]), alpha, power)
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
    for column in ("estimate", "ci_low", "ci_high", "ci_level"):
        table[column] = table[column].astype(float)
    table["n per group"] = table["n per group"].astype("Int64")
    return table


def evidence_markdown(table: pd.DataFrame, *, toc: Collection[str] | None = None) -> str:
    """The evidence table as the page shows it: one column per finding, in Markdown.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`evidence_table`.
    toc : collection of str, optional
        Documents in the table of contents (:func:`exneuro.book.toc_documents`). A
        finding's column is headed by a link to its chapter ("Chapter N") when the
        chapter is listed, otherwise by the chapter's folder name.

    Returns
    -------
    str
        A Markdown table (:func:`exneuro.book.markdown_table`) whose rows are the
        finding, species, design, n, the effect and its interval in words, the group size
        for the effect, the transparency score ("7 of 12"), the human evidence and the
        verdict.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame or ``toc`` not a collection of paths.
    ValueError
        If ``table`` lacks a column of :func:`evidence_table`.
    """
    _require_frame(table, "table", _EVIDENCE_COLUMNS)
    out_of = len(_quality.QUALITY_CRITERIA)
    columns = {}
    for row in table.to_dict("records"):
        effect, uncertainty, needed = "no standardized effect", "not applicable", "not applicable"
        if not _missing(row["effect_id"]):
            effect, uncertainty = _effect_text(row)
            if str(row["metric"]) in STANDARDIZED_METRICS:
                n = row["n per group"]
                needed = "no finite n (effect of zero)" if _missing(n) else str(int(n))
        chapter = _book.chapter_link(row["document"], toc, otherwise=row["chapter"])
        columns[f"{chapter} ({row['finding_id']})"] = {
            "finding": row["finding"],
            "species": row["species"],
            "design": row["design"],
            "n (as known)": row["n"],
            "effect": effect,
            "uncertainty": uncertainty,
            "n per group for the effect": needed,
            "source quality (transparency score)": f"{row['source transparency']} of {out_of}",
            "human evidence": row["human evidence"],
            "verdict": row["verdict"],
        }
    shown = pd.DataFrame(columns).rename_axis("for each finding")
    return _book.markdown_table(shown, index=True)


# ---------------------------------------------------------------------------------------
# The forest plot
# ---------------------------------------------------------------------------------------

_FOREST_COLUMNS = [
    "effect_id", "label", "evidence from", "species", "metric", "estimate", "ci_low", "ci_high",
    "n per group", "n per group at bound nearest zero", "linked findings", "bib_key",
]


def forest_data(
    effects: pd.DataFrame,
    findings: pd.DataFrame | None = None,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    bib_path: str | os.PathLike[str] | None = None,
    label_width: int = 40,
) -> pd.DataFrame:
    """Every standardized effect in the book, with the group size needed to detect it.

    Parameters
    ----------
    effects : pandas.DataFrame
        ``data/literature_effects.csv``; rows whose metric is in
        :data:`STANDARDIZED_METRICS` are kept.
    findings : pandas.DataFrame, optional
        ``data/findings.csv``; its ``effect_id`` column links effects to findings.
    alpha, power : float, optional
        Settings for the group sizes (two-sided two-sample t test).
    bib_path : path-like, optional
        Bibliography for the author-year labels (see :func:`exneuro.cite.author_year`).
    label_width : int, optional
        Characters of the outcome kept in a label, >= 10. Default 40.

    Returns
    -------
    pandas.DataFrame
        One row per standardized effect, animal evidence first and then human, each
        sorted by the size of the effect (its absolute value), smallest first:
        ``effect_id``, ``label`` (outcome and author-year, with the end of the
        ``effect_id`` added where two effects would otherwise share a label),
        ``evidence from`` (``"human"`` or ``"animal (<species>)"``), ``species``,
        ``metric``, ``estimate``, ``ci_low``, ``ci_high``, ``n per group`` (at the
        estimate), ``n per group at bound nearest zero`` (missing when the interval
        includes zero or is not reported), ``linked findings`` and ``bib_key``.
    """
    _require_frame(effects, "effects", ["effect_id", "bib_key", "species", "outcome", "metric",
                                        "estimate", "ci_low", "ci_high"])
    width = as_int(label_width, "label_width", minimum=10)
    bib_file = as_path(bib_path, "bib_path")
    alpha = float(as_probability(alpha, "alpha", allow_array=False))
    power = float(as_probability(power, "power", allow_array=False))
    links: dict[str, list[str]] = {}
    if findings is not None:
        _require_frame(findings, "findings", ["finding_id", "effect_id"])
        for row in findings.dropna(subset=["effect_id"]).to_dict("records"):
            links.setdefault(row["effect_id"], []).append(row["finding_id"])
    keep = effects[effects["metric"].isin(STANDARDIZED_METRICS)]
    rows = []
    for row in keep.to_dict("records"):
        estimate = float(row["estimate"])
        low = None if _missing(row["ci_low"]) else float(row["ci_low"])
        high = None if _missing(row["ci_high"]) else float(row["ci_high"])
        bound = None
        if low is not None and high is not None:
            limit = _meta.pessimistic_bound(estimate, low, high)
            bound = None if math.isnan(limit) else limit
        species = str(row["species"])
        rows.append({
            "effect_id": row["effect_id"],
            "label": f"{textwrap.shorten(str(row['outcome']), width, placeholder='…')} "
                     f"({_cite.author_year(str(row['bib_key']), bib_file)})",
            "evidence from": "human" if species == "human" else f"animal ({species})",
            "species": species,
            "metric": METRIC_LABELS[str(row["metric"])],
            "estimate": estimate,
            "ci_low": np.nan if low is None else low,
            "ci_high": np.nan if high is None else high,
            "n per group": _n_per_group(estimate, alpha, power),
            "n per group at bound nearest zero": (
                None if bound is None else _n_per_group(bound, alpha, power)),
            "linked findings": ", ".join(links.get(row["effect_id"], [])) or "context",
            "bib_key": row["bib_key"],
        })
    frame = pd.DataFrame(rows, columns=_FOREST_COLUMNS)
    if frame.empty:
        return frame
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
    return frame.reset_index(drop=True)


def _short_id(effect_id: str, bib_key: str) -> str:
    """The part of an effect id after its bib key (``bb-kemmler2020-ls-wb`` -> ``ls-wb``)."""
    _, found, tail = str(effect_id).partition(str(bib_key))
    tail = tail.strip("-_ ")
    return tail if found and tail else str(effect_id)


def forest_figure(frame: pd.DataFrame, *, target_power: float = 0.8) -> Figure:
    """Forest plot of standardized effects beside the group size each would need.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`forest_data`, with at least one row.
    target_power : float, optional
        The power the group sizes were computed for; used in the axis label only.

    Returns
    -------
    matplotlib.figure.Figure
        Left: each effect with its interval, marked by where the evidence comes from
        (human or animal). Right: the group size a two-arm study needs to detect the
        point estimate (log scale, value printed).

    Raises
    ------
    ValueError
        If ``frame`` is empty or lacks a column of :func:`forest_data`.
    """
    _require_frame(frame, "frame", _FOREST_COLUMNS)
    if frame.empty:
        raise ValueError("frame must have at least one row")
    power_pct = 100 * float(as_probability(target_power, "target_power", allow_array=False))
    height = 0.36 * len(frame) + 1.8
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(12.5, height), sharey=True, gridspec_kw={"width_ratios": [2.8, 0.8]})
    _plots.forest_plot(frame, label="label", group="evidence from",
                       xlabel="standardized mean difference (SD units)", ax=left)
    left.get_legend().remove()
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=len(labels), frameon=False,
               title="evidence from", bbox_to_anchor=(0.5, 1.0))
    positions = np.arange(len(frame))[::-1]
    needed = frame["n per group"].astype("float").to_numpy()
    finite = ~np.isnan(needed)
    right.barh(positions[finite], needed[finite], color="0.7", height=0.6)
    for y, n in zip(positions[finite], needed[finite], strict=True):
        right.text(n * 1.08, y, f"{int(n)}", va="center", fontsize="small")
    right.set_xscale("log")
    upper = float(np.nanmax(needed)) if finite.any() else 10.0
    right.set_xlim(1, upper * 4)
    right.set_title(f"n per group for {power_pct:.0f} % power", fontsize="medium")
    right.set_xlabel("log scale")
    right.tick_params(axis="y", length=0)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.9 / height))
    return fig


# ---------------------------------------------------------------------------------------
# The introduction's overview
# ---------------------------------------------------------------------------------------


def findings_overview(
    sources: pd.DataFrame, findings: pd.DataFrame, toc: Collection[str] | None = None
) -> pd.DataFrame:
    """The introduction's table: each article, what the book examines in it, the verdict.

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
        so), in the order of the sources: ``article``, ``kind``, ``transparency``,
        ``finding``, ``verdict``, ``chapter``.
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
            rows.append({**base, "finding": "not yet summarised", "verdict": "—", "chapter": link})
        for finding in mine.to_dict("records"):
            rows.append({**base, "finding": finding["finding"], "verdict": finding["verdict"],
                         "chapter": link})
    return pd.DataFrame(rows, columns=["article", "kind", "transparency", "finding", "verdict",
                                       "chapter"])
