"""The book's synthesis: the evidence-at-a-glance table and forest plot, built from ``data/``.

Every function here takes the data tables as they are, so that a finding or an effect added
to ``data/findings.csv`` or ``data/literature_effects.csv`` appears in the synthesis without
a change to any notebook:

* :func:`load_inputs` reads the tables (from the book's data folder or any other folder
  holding a copy of the data package);
* :func:`evidence_table` gives one row per finding: species, design, n, the standardized
  effect and its interval, the source's transparency score, the human evidence and the
  verdict;
* :func:`forest_data` and :func:`forest_figure` give every standardized effect in the book
  (metrics ``SMD``, ``hedges_g`` and ``d``) with the group size a two-arm study would need
  to detect it;
* :func:`findings_overview` is the five-findings table of the introduction;
* :func:`markdown_table` renders a table as Markdown so that chapter links work on the page.

Three small helpers for reading meta-analyses in the mouse-to-human chapter live here too:
:func:`tau_from_prediction_interval` recovers the between-study standard deviation from a
published prediction interval, :func:`expected_power` averages a study's power over the
spread of true effects that such an interval implies, and :func:`wilson_interval` puts an
interval around a reported percentage.
"""

from __future__ import annotations

import math
import os
import re
import textwrap
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from exneuro import data as _data
from exneuro import plots as _plots
from exneuro import power as _power
from exneuro import quality as _quality
from exneuro._validate import (
    as_bool,
    as_int,
    as_level,
    as_path,
    as_probability,
    as_real,
    as_text,
)

__all__ = [
    "METRIC_LABELS",
    "STANDARDIZED_METRICS",
    "author_year",
    "evidence_table",
    "expected_power",
    "findings_overview",
    "forest_data",
    "forest_figure",
    "load_inputs",
    "markdown_table",
    "n_per_group_needed",
    "planning_settings",
    "tau_from_prediction_interval",
    "toc_documents",
    "wilson_interval",
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
        ``findings``, ``sources``, ``literature_effects`` and ``assumptions``.
    """
    return {name: _data.load_table(name, folder=folder) for name in _TABLES}


def planning_settings(assumptions: pd.DataFrame) -> tuple[float, float]:
    """The book-wide alpha and target power from the assumptions table.

    Parameters
    ----------
    assumptions : pandas.DataFrame
        ``data/assumptions.csv`` as loaded by :func:`exneuro.data.load_assumptions`.

    Returns
    -------
    alpha, power : float
        The values of ``conventional_alpha`` and ``conventional_power``.

    Raises
    ------
    KeyError
        If either assumption is missing.
    """
    _require_frame(assumptions, "assumptions", ["assumption_id", "value"])
    values = assumptions.set_index("assumption_id")["value"]
    missing = [k for k in ("conventional_alpha", "conventional_power") if k not in values.index]
    if missing:
        raise KeyError(f"assumptions lacks the row(s): {', '.join(missing)}")
    return float(values["conventional_alpha"]), float(values["conventional_power"])


def _require_frame(frame: Any, name: str, columns: Iterable[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s): {', '.join(missing)}")


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------------------------------
# Sample size for a standardized effect
# ---------------------------------------------------------------------------------------


def n_per_group_needed(effect: Any, *, alpha: Any = 0.05, power: Any = 0.8) -> int | None:
    """Animals or people per group a two-arm study needs to detect a standardized effect.

    Parameters
    ----------
    effect : float
        A standardized mean difference (Cohen's d, Hedges' g, SMD). Its sign does not
        matter: the test is two-sided.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.
    power : float, optional
        Target power in (alpha, 1). Default 0.8.

    Returns
    -------
    int or None
        The group size from :func:`exneuro.power.n_per_group_ttest_ind` (rounded up), or
        ``None`` for an effect of exactly zero, which no finite study can detect.

    Raises
    ------
    ValueError, TypeError
        If an argument is out of range or not a number.

    Examples
    --------
    >>> n_per_group_needed(0.5)
    64
    >>> n_per_group_needed(-0.5)
    64
    """
    d = float(as_real(effect, "effect", allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    power_checked = float(as_probability(power, "power", allow_array=False))
    if d == 0.0:
        return None
    return int(_power.n_per_group_ttest_ind(abs(d), power=power_checked, alpha=alpha_checked))


def _bound_nearest_zero(estimate: float, low: float, high: float) -> float | None:
    """The interval bound closer to zero, or None if the interval contains zero."""
    if low <= 0.0 <= high:
        return None
    return low if estimate > 0 else high


# ---------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------


def author_year(key: str, bib_path: str | os.PathLike[str] | None = None) -> str:
    """A short author-year label for a bib key, e.g. ``"Button et al. 2013"``.

    Parameters
    ----------
    key : str
        A key of ``references.bib``.
    bib_path : path-like, optional
        The bibliography; by default ``references.bib`` beside the data folder. If the
        file or the key is missing, the label is built from the key itself
        (``"button2013"`` becomes ``"Button 2013"``).

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``key`` is not a string or ``bib_path`` not a path.
    ValueError
        If ``key`` is empty.

    Notes
    -----
    The bibliography is parsed once and kept until the file changes (its modification
    time or size), so labelling many effects costs one parse.
    """
    as_text(key, "key")
    path = _bib_file(bib_path)
    entry = _bib_entries(*_file_stamp(path)).get(key) if path.is_file() else None
    if entry is not None and entry.persons.get("author"):
        people = entry.persons["author"]
        first = " ".join(people[0].prelast_names + people[0].last_names)
        first = first.replace("{", "").replace("}", "")
        if any(" ".join(p.last_names).lower() == "others" for p in people[1:]):
            names = f"{first} et al."
        elif len(people) == 2:
            second = " ".join(people[1].prelast_names + people[1].last_names)
            names = f"{first} & {second.replace('{', '').replace('}', '')}"
        elif len(people) > 2:
            names = f"{first} et al."
        else:
            names = first
        return f"{names} {entry.fields.get('year', '')}".strip()
    match = re.fullmatch(r"([a-z]+)(\d{4})[a-z]?", key)
    if match:
        return f"{match.group(1).capitalize()} {match.group(2)}"
    return key


def _bib_file(bib_path: Any) -> Path:
    path = as_path(bib_path, "bib_path")
    return path if path is not None else _data.project_root() / "references.bib"


def _file_stamp(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return str(path.resolve()), status.st_mtime_ns, status.st_size


@lru_cache(maxsize=4)
def _bib_entries(path: str, mtime_ns: int, size: int) -> Mapping[str, Any]:
    """The entries of a BibTeX file, parsed once per version of the file."""
    from pybtex.database import parse_file

    return parse_file(path, "bibtex").entries


def _check_toc(toc: Any) -> set[str] | None:
    if toc is None:
        return None
    if isinstance(toc, (str, bytes)) or not isinstance(toc, (set, frozenset, list, tuple)):
        raise TypeError("toc must be a set of document paths (see toc_documents) or None, "
                        f"got {type(toc).__name__}")
    if not all(isinstance(item, str) for item in toc):
        raise TypeError("toc must contain document paths (str)")
    return set(toc)


def _format_number(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def _effect_text(row: Mapping[str, Any]) -> tuple[str, str]:
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
    "finding_id", "chapter", "finding", "species", "design", "n", "effect", "uncertainty",
    "n per group for the effect", "source transparency", "human evidence", "verdict",
]


def evidence_table(
    findings: pd.DataFrame,
    sources: pd.DataFrame,
    effects: pd.DataFrame,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    toc: set[str] | None = None,
) -> pd.DataFrame:
    """One row per finding: what was studied, how big the effect is, how sure we can be.

    Parameters
    ----------
    findings, sources, effects : pandas.DataFrame
        ``data/findings.csv``, ``data/sources.csv`` and ``data/literature_effects.csv``.
    alpha, power : float, optional
        Significance level and target power for the group size in the column
        ``n per group for the effect`` (a two-arm study detecting the standardized
        effect); the book uses its conventional values (:func:`planning_settings`).
    toc : set of str, optional
        Documents in the table of contents (:func:`toc_documents`). When given, the
        ``chapter`` column links to the chapter (a MyST ``{doc}`` role reading
        "Chapter N", N taken from the folder name) if the source's chapter is listed.

    Returns
    -------
    pandas.DataFrame
        Columns ``finding_id``, ``chapter``, ``finding``, ``species``, ``design``, ``n``,
        ``effect``, ``uncertainty``, ``n per group for the effect``,
        ``source transparency`` (score of the article out of 12), ``human evidence`` and
        ``verdict``; rows in the order of ``finding_id``.

    Raises
    ------
    ValueError
        If a table lacks a needed column, or a finding names a source or an effect that
        does not exist.
    """
    _require_frame(findings, "findings", ["finding_id", "source_id", "chapter", "finding",
                                          "species", "design", "n_text", "effect_id",
                                          "human_evidence", "verdict"])
    toc = _check_toc(toc)
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
        score = _quality.source_quality_score({c: bool(card[c]) for c in _quality.QUALITY_CRITERIA})
        effect, uncertainty, needed = "no standardized effect", "not applicable", "not applicable"
        if not _missing(finding["effect_id"]):
            if finding["effect_id"] not in by_effect.index:
                raise ValueError(f"finding {finding['finding_id']} names an unknown effect "
                                 f"{finding['effect_id']!r}")
            row = by_effect.loc[finding["effect_id"]]
            effect, uncertainty = _effect_text(row)
            if str(row["metric"]) in STANDARDIZED_METRICS:
                n = n_per_group_needed(float(row["estimate"]), alpha=alpha, power=power)
                needed = "no finite n (effect of zero)" if n is None else str(n)
        chapter = str(finding["chapter"])
        if toc is not None and str(card["chapter"]) in toc:
            chapter = f"{{doc}}`{_chapter_label(chapter)} </{card['chapter']}>`"
        rows.append({
            "finding_id": finding["finding_id"],
            "chapter": chapter,
            "finding": finding["finding"],
            "species": finding["species"],
            "design": finding["design"],
            "n": finding["n_text"],
            "effect": effect,
            "uncertainty": uncertainty,
            "n per group for the effect": needed,
            "source transparency": f"{score} of {len(_quality.QUALITY_CRITERIA)}",
            "human evidence": finding["human_evidence"],
            "verdict": finding["verdict"],
        })
    return pd.DataFrame(rows, columns=_EVIDENCE_COLUMNS)


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
        Bibliography for the author-year labels (see :func:`author_year`).
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
    bib_file = _bib_file(bib_path)
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
            bound = _bound_nearest_zero(estimate, low, high)
        species = str(row["species"])
        rows.append({
            "effect_id": row["effect_id"],
            "label": f"{textwrap.shorten(str(row['outcome']), width, placeholder='…')} "
                     f"({author_year(str(row['bib_key']), bib_file)})",
            "evidence from": "human" if species == "human" else f"animal ({species})",
            "species": species,
            "metric": METRIC_LABELS[str(row["metric"])],
            "estimate": estimate,
            "ci_low": np.nan if low is None else low,
            "ci_high": np.nan if high is None else high,
            "n per group": n_per_group_needed(estimate, alpha=alpha, power=power),
            "n per group at bound nearest zero": (
                None if bound is None else n_per_group_needed(bound, alpha=alpha, power=power)),
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
    for y, n in zip(positions[finite], needed[finite]):
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
# The introduction's overview and Markdown output
# ---------------------------------------------------------------------------------------


def toc_documents(toc_path: str | os.PathLike[str] | None = None) -> set[str]:
    """Documents listed in the book's ``_toc.yml`` (paths without extension).

    Parameters
    ----------
    toc_path : path-like, optional
        The table of contents; by default ``_toc.yml`` at the repository root. A missing
        file gives an empty set.
    """
    import yaml

    path = as_path(toc_path, "toc_path") or _data.project_root() / "_toc.yml"
    if not path.is_file():
        return set()
    toc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = {toc["root"]} if "root" in toc else set()

    def walk(entries: Iterable[Mapping[str, Any]]) -> None:
        for entry in entries:
            if "file" in entry:
                found.add(str(entry["file"]))
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return found


def findings_overview(
    sources: pd.DataFrame, findings: pd.DataFrame, toc: set[str] | None = None
) -> pd.DataFrame:
    """The introduction's table: each article, what the book examines in it, the verdict.

    Parameters
    ----------
    sources, findings : pandas.DataFrame
        ``data/sources.csv`` and ``data/findings.csv``.
    toc : set of str, optional
        Documents in the table of contents (:func:`toc_documents`); a chapter is linked
        with a MyST ``{doc}`` role only if it is listed, so the page never links to a
        chapter that is not built. The link reads "Chapter N", N taken from the
        chapter's folder name.

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
    listed = _check_toc(toc) or set()
    rows = []
    for card in sources.sort_values("short_id").to_dict("records"):
        score = _quality.source_quality_score({c: bool(card[c]) for c in _quality.QUALITY_CRITERIA})
        chapter = str(card["chapter"])
        label = _chapter_label(Path(chapter).parent.name)
        link = f"{{doc}}`{label} </{chapter}>`" if chapter in listed else "in preparation"
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


def _chapter_label(folder: str) -> str:
    """``"02-hindlimb-unloading"`` -> ``"Chapter 2"``; other names are returned unchanged."""
    match = re.match(r"(\d+)-", folder)
    return f"Chapter {int(match.group(1))}" if match else folder


def _cell(value: Any) -> str:
    if _missing(value):
        return "—"
    text = str(value).replace("\n", " ").replace("|", "\\|")
    return text.strip() or "—"


def markdown_table(frame: pd.DataFrame, *, index: bool = False, full_width: bool = False) -> str:
    """Render a DataFrame as a Markdown (GitHub/MyST) pipe table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; missing values print as an em dash and ``|`` is escaped.
    index : bool, optional
        Include the index as the first column. Default False.
    full_width : bool, optional
        Wrap the table in a ``container`` directive with the class ``full-width``, which
        the book's theme lets use the page margin too. Default False.

    Returns
    -------
    str

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"a": [1], "b": ["x|y"]})))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    index = as_bool(index, "index")
    full_width = as_bool(full_width, "full_width")
    table = frame.reset_index() if index else frame
    header = "| " + " | ".join(_cell(c) for c in table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |"
            for row in table.itertuples(index=False, name=None)]
    text = "\n".join([header, rule, *body])
    if full_width:
        return f":::{{container}} full-width\n{text}\n:::"
    return text


# ---------------------------------------------------------------------------------------
# Reading meta-analyses and reported percentages
# ---------------------------------------------------------------------------------------


def tau_from_prediction_interval(
    estimate: Any, ci_low: Any, ci_high: Any, pi_low: Any, pi_high: Any, k: Any,
    level: Any = 0.95,
) -> float:
    """Between-study standard deviation (tau) implied by a published prediction interval.

    A random-effects prediction interval is
    ``estimate ± t(level; k - 2) * sqrt(tau^2 + se^2)`` (Higgins, Thompson &
    Spiegelhalter 2009), where ``se`` is the standard error of the pooled estimate,
    recovered here from its confidence interval (``(ci_high - ci_low) / (2 z)``).
    Solving for tau gives a check on a reported tau^2.

    Parameters
    ----------
    estimate : float
        Pooled estimate.
    ci_low, ci_high : float
        Its confidence interval at ``level``; ``ci_low < estimate < ci_high``.
    pi_low, pi_high : float
        The prediction interval at ``level``; it must contain the confidence interval.
    k : int
        Number of effects pooled, >= 3.
    level : float, optional
        Level of both intervals, in (0, 1). Default 0.95.

    Returns
    -------
    float
        tau, on the scale of the estimate.

    Raises
    ------
    ValueError
        If the intervals are not ordered as described or ``k`` < 3.

    Examples
    --------
    >>> round(tau_from_prediction_interval(0.0, -0.196, 0.196, -2.1, 2.1, 30), 2)
    1.02
    """
    values = [float(as_real(v, n, allow_array=False)) for v, n in
              ((estimate, "estimate"), (ci_low, "ci_low"), (ci_high, "ci_high"),
               (pi_low, "pi_low"), (pi_high, "pi_high"))]
    est, lo, hi, plo, phi = values
    k_checked = as_int(k, "k", minimum=3)
    level_checked = as_level(level)
    if not lo < est < hi:
        raise ValueError(f"ci_low < estimate < ci_high is required, got {lo}, {est}, {hi}")
    if not (plo <= lo and hi <= phi):
        raise ValueError("the prediction interval (pi_low, pi_high) must contain the "
                         f"confidence interval, got ({plo}, {phi}) and ({lo}, {hi})")
    z = float(stats.norm.isf((1.0 - level_checked) / 2.0))
    se = (hi - lo) / (2.0 * z)
    t = float(stats.t.isf((1.0 - level_checked) / 2.0, k_checked - 2))
    half_width = (phi - plo) / 2.0
    return float(math.sqrt(max((half_width / t) ** 2 - se**2, 0.0)))


def expected_power(
    mean_effect: Any, tau: Any, n_per_group: Any, *, alpha: Any = 0.05, nodes: int = 81
) -> float:
    """Power of a two-arm study averaged over a normal spread of true effects.

    When true effects differ between studies (a random-effects meta-analysis with
    between-study standard deviation ``tau``), the effect a new study faces is itself
    uncertain. Averaging the study's power over ``Normal(mean_effect, tau**2)`` gives the
    probability that it reaches significance in the direction of ``mean_effect`` or the
    opposite one (the two-sided power of :func:`exneuro.power.power_ttest_ind`), sometimes
    called assurance.

    Parameters
    ----------
    mean_effect : float
        Mean standardized effect (d or g).
    tau : float
        Between-study standard deviation, >= 0; 0 gives the ordinary power.
    n_per_group : float
        Group size of the new study, >= 2.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.
    nodes : int, optional
        Gauss-Hermite quadrature nodes, >= 5. Default 81.

    Returns
    -------
    float

    Examples
    --------
    >>> round(expected_power(0.5, 0.0, 64), 3)
    0.801
    """
    mu = float(as_real(mean_effect, "mean_effect", allow_array=False))
    spread = float(as_real(tau, "tau", lower=0.0, lower_inclusive=True, allow_array=False))
    n = float(as_real(n_per_group, "n_per_group", lower=2, lower_inclusive=True,
                      allow_array=False))
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    count = as_int(nodes, "nodes", minimum=5)
    if spread == 0.0:
        return float(_power.power_ttest_ind(mu, n, alpha=alpha_checked))
    points, weights = np.polynomial.hermite_e.hermegauss(count)
    effects = mu + spread * points
    powers = np.asarray(_power.power_ttest_ind(effects, n, alpha=alpha_checked))
    return float(np.sum(weights * powers) / np.sqrt(2.0 * np.pi))


def wilson_interval(percent: Any, n: Any, level: Any = 0.95) -> tuple[float, float]:
    """Wilson score interval, in percent, around a reported percentage of ``n`` items.

    Parameters
    ----------
    percent : float
        Reported percentage in [0, 100] (it may be rounded; the interval is then
        approximate).
    n : int
        Number of items the percentage is of, >= 1.
    level : float, optional
        Confidence level in (0, 1). Default 0.95.

    Returns
    -------
    low, high : float
        Interval bounds in percent.

    Examples
    --------
    >>> [round(v, 1) for v in wilson_interval(50, 100)]
    [40.4, 59.6]
    """
    p = float(as_real(percent, "percent", lower=0.0, upper=100.0, lower_inclusive=True,
                      upper_inclusive=True, allow_array=False)) / 100.0
    n_checked = as_int(n, "n", minimum=1)
    z = float(stats.norm.isf((1.0 - as_level(level)) / 2.0))
    denominator = 1.0 + z**2 / n_checked
    centre = (p + z**2 / (2 * n_checked)) / denominator
    half = z * math.sqrt(p * (1 - p) / n_checked + z**2 / (4 * n_checked**2)) / denominator
    return 100.0 * max(centre - half, 0.0), 100.0 * min(centre + half, 1.0)
