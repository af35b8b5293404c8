"""The book's one verdict scale, the rules a verdict must follow, and the bottom line.

Every claim (``data/claims.csv``) and every finding (``data/findings.csv``) gets one word
of the scale in ``data/verdicts.csv`` -- supported, partly supported, overstated, not
supported, contradicted, untestable as stated -- and names the kind of evidence it rests
on and the rows of ``data/`` that hold that evidence. :func:`verdict_problems` states the
rules as code:

* the word is on the scale, and the kind of evidence is one the word allows (a claim is
  "supported" or "contradicted" only by direct measurements, in people or animals);
* every evidence id resolves to a row of ``study_results``, ``literature_effects`` or
  ``primary_studies``, or to a key of ``references.bib``;
* "contradicted" names, in ``evidence_against``, the evidence against the claim, and only
  rows it also lists as evidence.

A finding chapter opens with its bottom line (:func:`bottom_line_markdown`), generated
from the finding's row: the verdict word, what the article said, what the study was,
what is known in people, what it means for a reader and what would change the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from exneuro._validate import as_text

__all__ = [
    "BottomLine",
    "bottom_line_markdown",
    "bottom_lines",
    "evidence_ids",
    "scale_markdown",
    "tally_text",
    "verdict_problems",
]

#: Where an evidence id may point.
EVIDENCE_TABLES = {"study_results": "result_id", "literature_effects": "effect_id",
                   "primary_studies": "bib_key"}
#: The findings.csv columns that make up a bottom line, in reading order.
BOTTOM_LINE_FIELDS = ("article_said", "study_was", "in_people", "for_you", "would_change")


def evidence_ids(value: object) -> list[str]:
    """Split a semicolon-separated list of ids; empty or missing gives ``[]``.

    Examples
    --------
    >>> evidence_ids("nm-dinoff2017-acute; adami2018")
    ['nm-dinoff2017-acute', 'adami2018']
    >>> evidence_ids(None)
    []
    """
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return []
    text = as_text(value, "value", allow_empty=True)
    return [part.strip() for part in text.split(";") if part.strip()]


def _known_ids(tables: dict[str, pd.DataFrame], bib_keys: set[str]) -> set[str]:
    known = set(bib_keys)
    for table, column in EVIDENCE_TABLES.items():
        known.update(tables[table][column].dropna().astype(str))
    return known


def verdict_problems(
    frame: pd.DataFrame,
    *,
    id_column: str,
    scale: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    bib_keys: set[str],
) -> list[str]:
    """Every way the verdict rows of ``frame`` break the book's rules (empty: none).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``verdict``, ``evidence_kind``, ``evidence_ids`` and ``evidence_against``
        (``data/claims.csv`` or ``data/findings.csv``).
    id_column : str
        The column naming each row in a problem (``claim_id``, ``finding_id``).
    scale : pandas.DataFrame
        ``data/verdicts.csv``.
    tables : dict
        ``study_results``, ``literature_effects`` and ``primary_studies`` frames.
    bib_keys : set of str
        The keys of ``references.bib``.

    Returns
    -------
    list of str
        One line per problem, naming the row and the column.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    id_column = as_text(id_column, "id_column")
    missing = [c for c in (id_column, "verdict", "evidence_kind", "evidence_ids", "evidence_against")
               if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the column(s): {', '.join(missing)}")
    allowed = {row.verdict: set(evidence_ids(row.allowed_evidence)) for row in scale.itertuples()}
    known = _known_ids(tables, bib_keys)
    problems = []
    for _, row in frame.iterrows():
        where = f"{row[id_column]}"
        verdict, kind = str(row["verdict"]), str(row["evidence_kind"])
        if verdict not in allowed:
            scale_text = ", ".join(map(str, allowed))
            problems.append(f"{where}: verdict {verdict!r} is not on the scale ({scale_text})")
        elif kind not in allowed[verdict]:
            problems.append(f"{where}: a verdict of {verdict!r} cannot rest on evidence of kind "
                            f"{kind!r} (allowed: {', '.join(sorted(allowed[verdict]))})")
        ids = evidence_ids(row["evidence_ids"])
        against = evidence_ids(row["evidence_against"])
        if not ids:
            problems.append(f"{where}: evidence_ids names no evidence row")
        for item in ids:
            if item not in known:
                problems.append(
                    f"{where}: evidence id {item!r} is no row of data/ and no key of references.bib"
                )
        if verdict == "contradicted" and not against:
            problems.append(
                f"{where}: 'contradicted' must name the evidence against the claim in evidence_against"
            )
        for item in against:
            if item not in ids:
                problems.append(f"{where}: evidence_against {item!r} is not among its evidence_ids")
    return problems


def tally_text(counts: pd.Series) -> str:
    """How many rows got each verdict, in words, scale order, zeros left out.

    Parameters
    ----------
    counts : pandas.Series
        Counts indexed by verdict in scale order (``claims.verdict_counts``).

    Examples
    --------
    >>> tally_text(pd.Series({"supported": 4, "partly supported": 0, "overstated": 1,
    ...                       "not supported": 3}))
    '4 supported, 1 overstated and 3 not supported'
    """
    if not isinstance(counts, pd.Series):
        raise TypeError(f"counts must be a pandas Series, got {type(counts).__name__}")
    parts = [f"{int(n)} {verdict}" for verdict, n in counts.items() if int(n) > 0]
    if not parts:
        raise ValueError("counts must count at least one verdict")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def scale_markdown(scale: pd.DataFrame) -> str:
    """The verdict scale as a Markdown table: word, when it applies, what it means."""
    if not isinstance(scale, pd.DataFrame):
        raise TypeError(f"scale must be a pandas DataFrame, got {type(scale).__name__}")
    kinds = {"human": "people", "animal": "animals", "cells": "cells or tissue",
             "indirect": "indirect evidence", "none": "no evidence"}
    lines = ["| verdict | when the book uses it | may rest on | in plain words |",
             "| --- | --- | --- | --- |"]
    for row in scale.sort_values("rank").itertuples():
        rests = ", ".join(kinds[k] for k in evidence_ids(row.allowed_evidence))
        lines.append(f"| **{row.verdict}** | {row.criteria} | {rests} | {row.for_readers} |")
    return "\n".join(lines)


@dataclass(frozen=True)
class BottomLine:
    """The first screen of a finding chapter, from one row of ``data/findings.csv``."""

    finding_id: str
    finding: str
    verdict: str
    for_readers: str
    article_said: str
    study_was: str
    in_people: str
    for_you: str
    would_change: str


def bottom_lines(chapter: str, findings: pd.DataFrame, scale: pd.DataFrame) -> list[BottomLine]:
    """The bottom lines of a chapter's findings, in the order of ``findings.csv``.

    Raises
    ------
    ValueError
        If the chapter has no finding, or a finding's bottom line is incomplete (the
        missing fields are named).
    """
    chapter = as_text(chapter, "chapter")
    if not isinstance(findings, pd.DataFrame):
        raise TypeError(f"findings must be a pandas DataFrame, got {type(findings).__name__}")
    rows = findings.loc[findings["chapter"] == chapter]
    if rows.empty:
        raise ValueError(f"chapter {chapter!r} has no row in data/findings.csv")
    meaning = dict(zip(scale["verdict"], scale["for_readers"], strict=True))
    lines = []
    for _, row in rows.iterrows():
        empty = [f for f in BOTTOM_LINE_FIELDS if pd.isna(row.get(f)) or not str(row.get(f)).strip()]
        if empty:
            raise ValueError(f"chapter {chapter!r}: finding {row['finding_id']} lacks its bottom line "
                             f"({', '.join(empty)}) in data/findings.csv")
        lines.append(BottomLine(
            finding_id=str(row["finding_id"]), finding=str(row["finding"]), verdict=str(row["verdict"]),
            for_readers=str(meaning.get(row["verdict"], "")),
            **{f: str(row[f]).strip() for f in BOTTOM_LINE_FIELDS},
        ))
    return lines


def bottom_line_markdown(lines: list[BottomLine], *, verdict_link: str = "") -> str:
    """MyST Markdown for the "Bottom line" box that opens a finding chapter.

    Parameters
    ----------
    lines : list of BottomLine
        One per finding of the chapter (usually one).
    verdict_link : str, optional
        A MyST target for the verdict scale (e.g. ``"verdict-scale"``); the verdict word
        then links to the scale's definitions.
    """
    if not isinstance(lines, list) or not lines or not all(isinstance(x, BottomLine) for x in lines):
        raise TypeError("lines must be a non-empty list of BottomLine")
    verdict_link = as_text(verdict_link, "verdict_link", allow_empty=True)
    parts = ["````{admonition} Bottom line", ":class: important bottom-line", ""]
    for line in lines:
        word = f"**{line.verdict.capitalize()}**"
        if verdict_link:
            word = f"{{ref}}`{word.strip('*')} <{verdict_link}>`"
            word = f"**{word}**"
        if len(lines) > 1:
            parts.append(f"*{line.finding}*")
            parts.append("")
        parts += [
            f"Verdict: {word}. {line.for_readers}",
            "",
            f"{line.article_said} {line.study_was} {line.in_people}",
            "",
            f"**What this means for you:** {line.for_you}",
            "",
            f"**What would change the verdict:** {line.would_change}",
            "",
        ]
    parts.append("````")
    return "\n".join(parts)
