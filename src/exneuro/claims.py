"""Claims without numbers: the table of checkable claims and their verdicts.

Some sources state no numbers at all; the book turns each of their claims into a quantity
that a study could measure and records the best evidence and a verdict in
``data/claims.csv``. The helpers here count the verdicts (:func:`verdict_counts`) and
render the table for a chapter (:func:`claims_markdown`, with the sources as citation
roles made by :func:`cite_keys`), through the book's one Markdown renderer,
:func:`exneuro.book.markdown_table`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from exneuro import book as _book
from exneuro._validate import as_choice

__all__ = [
    "bib_keys",
    "cite_keys",
    "claims_markdown",
    "verdict_counts",
]



def cite_keys(keys: str, role: str = "cite:p") -> str:
    """Turn a ``;``-separated list of bib keys into one MyST citation role.

    Parameters
    ----------
    keys : str
        Bib keys as stored in ``data/claims.csv``, e.g. ``"matthews2009; rasmussen2009"``.
    role : {"cite:p", "cite:t"}, optional
        Parenthetical (default) or textual citation.

    Returns
    -------
    str
        For example ``{cite:p}`matthews2009,rasmussen2009```.

    Raises
    ------
    TypeError
        If ``keys`` or ``role`` is not a string.
    ValueError
        If ``keys`` holds no key, a key contains a space or backtick, or ``role`` is not
        one of the two allowed roles.

    Examples
    --------
    >>> cite_keys("matthews2009; rasmussen2009")
    '{cite:p}`matthews2009,rasmussen2009`'
    """
    if not isinstance(keys, str):
        raise TypeError(f"keys must be a str of ';'-separated bib keys, got {type(keys).__name__}")
    if not isinstance(role, str):
        raise TypeError(f"role must be a str, got {type(role).__name__}")
    if role not in ("cite:p", "cite:t"):
        raise ValueError(f"role must be 'cite:p' or 'cite:t', got {role!r}")
    parts = _split_keys(keys)
    if not parts:
        raise ValueError("keys must contain at least one bib key, got an empty string")
    bad = [part for part in parts if any(ch.isspace() or ch in "`{}," for ch in part)]
    if bad:
        raise ValueError(f"keys must not contain spaces, commas, braces or backticks: {bad}")
    return "{" + role + "}`" + ",".join(parts) + "`"


def _split_keys(keys: str) -> list[str]:
    return [part.strip() for part in keys.split(";") if part.strip()]


def bib_keys(claims: pd.DataFrame) -> list[str]:
    """Every bib key a claims table cites, once each, in order of first appearance.

    Parameters
    ----------
    claims : pandas.DataFrame
        Rows of ``data/claims.csv``, with the column ``bib_keys`` (``;``-separated keys).

    Returns
    -------
    list of str
        E.g. for :meth:`exneuro.chapter.Chapter.cite`, so that the chapter's reference
        list holds every source its claims table cites.

    Raises
    ------
    TypeError
        If ``claims`` is not a DataFrame.
    ValueError
        If it lacks the column ``bib_keys``.

    Examples
    --------
    >>> bib_keys(pd.DataFrame({"bib_keys": ["a2001; b2002", "b2002;c2003"]}))
    ['a2001', 'b2002', 'c2003']
    """
    if not isinstance(claims, pd.DataFrame):
        raise TypeError(f"claims must be a pandas DataFrame, got {type(claims).__name__}")
    if "bib_keys" not in claims.columns:
        raise ValueError("claims lacks the column(s): bib_keys")
    keys = [key for text in claims["bib_keys"].dropna() for key in _split_keys(str(text))]
    return list(dict.fromkeys(keys))


def claims_markdown(
    claims: pd.DataFrame,
    columns: Sequence[tuple[str, str]] = (
        ("claim_id", "id"),
        ("claim", "what the source claims"),
        ("quantity", "quantity that would test it"),
        ("best_evidence", "best evidence found"),
        ("verdict", "verdict"),
    ),
    cite_column: str | None = "bib_keys",
    layout: str = "wide",
) -> str:
    """Render claims as a Markdown table, the verdict in bold and the sources as citations.

    Parameters
    ----------
    claims : pandas.DataFrame
        Rows of ``data/claims.csv`` (e.g. from :func:`exneuro.data.load_claims`).
    columns : sequence of (column, header) pairs, optional
        Which columns to show and their headers, in order.
    cite_column : str or None, optional
        Column of ``;``-separated bib keys, rendered last as a citation role under the
        header "sources"; ``None`` leaves it out.
    layout : {"wide", "compact"}, optional
        ``"wide"`` (default) gives one column per entry of ``columns``. ``"compact"``
        gives three columns that read well on a narrow page: the claim with its id in
        bold, the quantity, and the verdict in bold followed by the best evidence and its
        citations (``columns`` is then ignored; the claims need ``claim_id``, ``claim``,
        ``quantity``, ``best_evidence`` and ``verdict``).

    Returns
    -------
    str
        A pipe table (:func:`exneuro.book.markdown_table`): ``|`` inside cells is
        escaped, line breaks are folded and a missing value shows as an em dash.

    Raises
    ------
    TypeError
        If ``claims`` is not a DataFrame, ``columns`` is not a sequence of
        (column, header) string pairs, or ``cite_column`` or ``layout`` is not a string.
    ValueError
        If ``claims`` is empty, ``columns`` is empty or names a column ``claims`` lacks,
        ``cite_column`` is not a column, ``layout`` is unknown, or a verdict is outside
        the verdict scale (``data/verdicts.csv``).
    """
    if not isinstance(claims, pd.DataFrame):
        raise TypeError(f"claims must be a pandas DataFrame, got {type(claims).__name__}")
    if claims.empty:
        raise ValueError("claims must have at least one row")
    layout = as_choice(layout, "layout", ("wide", "compact"))
    if cite_column is not None:
        if not isinstance(cite_column, str):
            raise TypeError(f"cite_column must be a str or None, got {type(cite_column).__name__}")
        if cite_column not in claims.columns:
            raise ValueError(f"cite_column={cite_column!r} is not a column of claims")
    if layout == "compact":
        return _book.markdown_table(_compact_table(claims, cite_column))
    if isinstance(columns, (str, bytes)) or not all(
            isinstance(pair, (tuple, list)) and len(pair) == 2
            and all(isinstance(part, str) for part in pair) for pair in columns):
        raise TypeError("columns must be a sequence of (column, header) pairs of strings")
    if not columns:
        raise ValueError("columns must name at least one column")
    missing = [name for name, _ in columns if name not in claims.columns]
    if missing:
        raise ValueError(f"columns names column(s) that claims lacks: {', '.join(missing)}")
    if "verdict" in claims.columns:
        _check_verdicts(claims)
    cells = [claims[name].map(_bold) if name == "verdict" else claims[name] for name, _ in columns]
    headers = [header for _, header in columns]
    if cite_column:
        cells.append(claims[cite_column].map(lambda keys: cite_keys(str(keys))))
        headers.append("sources")
    shown = pd.concat(cells, axis=1, ignore_index=True)
    shown.columns = headers
    return _book.markdown_table(shown)


def _bold(value: object) -> str:
    return f"**{str(value).strip()}**"


def _scale() -> list[str]:
    """The verdict words of ``data/verdicts.csv``, best supported first."""
    from exneuro.data import load_verdicts

    return list(load_verdicts()["verdict"])


def _check_verdicts(claims: pd.DataFrame) -> None:
    scale = _scale()
    unknown = sorted(set(claims["verdict"]) - set(scale))
    if unknown:
        raise ValueError(f"verdict must be one of {scale}, got {unknown}")


def _compact_table(claims: pd.DataFrame, cite_column: str | None) -> pd.DataFrame:
    """Three columns for a narrow page: the claim, the quantity, the verdict and evidence."""
    wanted = ["claim_id", "claim", "quantity", "best_evidence", "verdict"]
    wanted += [cite_column] if cite_column else []
    missing = [name for name in wanted if name not in claims.columns]
    if missing:
        raise ValueError(f"claims lacks the column(s): {', '.join(missing)}")
    _check_verdicts(claims)
    evidence = claims["verdict"].map(_bold) + ". " + claims["best_evidence"].fillna("").astype(str)
    if cite_column:
        evidence = evidence + " " + claims[cite_column].map(lambda keys: cite_keys(str(keys)))
    return pd.DataFrame({
        "claim": claims["claim_id"].map(_bold) + " " + claims["claim"].fillna("").astype(str),
        "quantity that would test it": claims["quantity"],
        "verdict and best evidence": evidence,
    })


def verdict_counts(claims: pd.DataFrame) -> pd.Series:
    """How many claims received each verdict, in the order of the verdict scale.

    Parameters
    ----------
    claims : pandas.DataFrame
        With a ``verdict`` column.

    Returns
    -------
    pandas.Series
        Integer counts indexed by verdict, zeros included.

    Raises
    ------
    TypeError, ValueError
        As for :func:`claims_markdown`.
    """
    if not isinstance(claims, pd.DataFrame):
        raise TypeError(f"claims must be a pandas DataFrame, got {type(claims).__name__}")
    if "verdict" not in claims.columns:
        raise ValueError("claims lacks the column(s): verdict")
    _check_verdicts(claims)
    counts = claims["verdict"].value_counts()
    scale = _scale()
    return pd.Series([int(counts.get(v, 0)) for v in scale],
                     index=pd.Index(scale, name="verdict"), name="claims")

