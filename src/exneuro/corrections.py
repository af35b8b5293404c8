"""The corrections log: what the book said, what it says now, why, and on what evidence.

Fact-checkers publish their corrections; so does this book. Every correction of a
statement that a published version made is a row of ``data/corrections.csv``; the page
"Corrections and changes" renders them with :func:`corrections_markdown`, and every
affected chapter links to it (:meth:`exneuro.chapter.Chapter.corrections_note`).
"""

from __future__ import annotations

import pandas as pd

from exneuro._validate import as_text

__all__ = ["corrections_markdown"]

_COLUMNS = ("correction_id", "version", "chapter", "location", "said_before", "says_now", "why", "evidence")


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def corrections_markdown(frame: pd.DataFrame, documents: dict[str, str]) -> str:
    """The corrections log as MyST Markdown: one section per version, newest first.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``data/corrections.csv``.
    documents : dict
        Chapter folder -> document path for a ``{doc}`` link (e.g.
        ``{"02-hindlimb-unloading": "/chapters/02-hindlimb-unloading/hindlimb-unloading"}``);
        a chapter missing here is named without a link.

    Returns
    -------
    str
        A rubric per version, and under it one entry per correction, grouped by chapter:
        where, what the book said, what it says now, why, and the evidence.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame or ``documents`` not a dict.
    ValueError
        If ``frame`` lacks a column.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if not isinstance(documents, dict):
        raise TypeError(f"documents must be a dict, got {type(documents).__name__}")
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the column(s): {', '.join(missing)}")
    if frame.empty:
        return "No corrections so far."

    def version_key(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in str(version).split("."))

    parts = []
    for version in sorted(frame["version"].unique(), key=version_key, reverse=True):
        rows = frame[frame["version"] == version]
        parts += [f"```{{rubric}} Version {version}", "```", ""]
        for chapter, group in rows.groupby("chapter", sort=True):
            chapter = as_text(chapter, "chapter")
            link = f"{{doc}}`{documents[chapter]}`" if chapter in documents else chapter
            parts += [f"**In {link}**", ""]
            for row in group.sort_values("correction_id").itertuples():
                location = _cell(row.location)
                parts += [
                    # upper-case the first letter only: names and titles keep their case
                    f"*{location[:1].upper()}{location[1:]}* ({row.correction_id})",
                    "",
                    f"- *It said:* {_cell(row.said_before)}",
                    f"- *It says now:* {_cell(row.says_now)}",
                    f"- *Why:* {_cell(row.why)}",
                    f"- *Evidence:* {_cell(row.evidence)}",
                    "",
                ]
    return "\n".join(parts).rstrip() + "\n"
