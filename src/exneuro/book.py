"""The book as a set of pages: its table of contents, chapter links and Markdown tables.

Everything that needs to know which pages the book has reads them here, through
:func:`toc_documents`, which parses ``_toc.yml`` with the parser Jupyter Book itself uses
(``sphinx_external_toc``): the package (the introduction's overview, the evidence table's
chapter links), the notebook tools and the tests. :func:`chapter_link` turns a document
into a MyST link that reads "Chapter N", and :func:`markdown_table` is the one renderer of
tables as Markdown, so that cross-references and citations inside cells work on the page.

These helpers render; they compute nothing. Functions elsewhere return data (frames and
dataclasses), and a notebook turns them into a page with the helpers here at the very end.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd

from exneuro._validate import as_bool, as_path, as_text

__all__ = [
    "EVIDENCE_STATUS_WORDS",
    "chapter_label",
    "chapter_link",
    "keyword_labels",
    "markdown_table",
    "toc_documents",
]

#: How a table shows ``evidence_status`` to readers: where the book read the fact.
EVIDENCE_STATUS_WORDS: dict[str, str] = {
    "verified": "the paper",
    "verified_abstract": "the paper's abstract",
    "verified_secondary": "a page reproducing the source",
    "derived": "computed by the book",
}

#: File endings a ``_toc.yml`` entry may carry; documents are named without them.
_SUFFIXES = re.compile(r"\.(md|ipynb|rst)$")


def toc_documents(toc_path: str | os.PathLike[str] | None = None) -> list[str]:
    """Every document of a Jupyter Book table of contents, in reading order.

    Parameters
    ----------
    toc_path : path-like, optional
        The table of contents; by default ``_toc.yml`` at the repository root. A missing
        file gives an empty list.

    Returns
    -------
    list of str
        Document paths without extension (``"chapters/01-methods/methods"``): the root
        first, then parts, chapters and sections depth first, as the book's navigation
        lists them. ``url`` entries are not documents and ``glob`` entries are not
        expanded.

    Raises
    ------
    TypeError
        If ``toc_path`` is not a path.
    ValueError
        If the file is not a valid table of contents (the parser's message says why).

    Notes
    -----
    The file is read with ``sphinx_external_toc.parsing.parse_toc_yaml``, the parser
    Jupyter Book 1 uses to build the site, so this list and the site cannot disagree.

    Examples
    --------
    >>> toc_documents()[:2]
    ['chapters/00-introduction/introduction', 'chapters/01-methods/methods']
    """
    import yaml

    from exneuro import data as _data

    path = as_path(toc_path, "toc_path") or _data.project_root() / "_toc.yml"
    if not path.is_file():
        return []
    try:
        from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml
    except ImportError:
        raise ImportError("reading a table of contents needs sphinx-external-toc: "
                          "pip install 'exneuro[book]' (the book's .venv has it)") from None
    try:
        site_map = parse_toc_yaml(path)
    except (MalformedError, yaml.YAMLError) as error:
        raise ValueError(f"toc_path {str(path)!r} is not a valid table of contents: "
                         f"{' '.join(str(error).split())}") from None
    return list(dict.fromkeys(_SUFFIXES.sub("", str(name)) for name in site_map))


def chapter_label(folder: str) -> str:
    """How the book names a chapter folder in a link: ``"Chapter N"``.

    Parameters
    ----------
    folder : str
        A chapter folder such as ``"02-hindlimb-unloading"``; a name without a leading
        number is returned unchanged.

    Returns
    -------
    str

    Examples
    --------
    >>> chapter_label("02-hindlimb-unloading"), chapter_label("glossary")
    ('Chapter 2', 'glossary')
    """
    folder = as_text(folder, "folder")
    match = re.match(r"(\d+)-", folder)
    return f"Chapter {int(match.group(1))}" if match else folder


def chapter_link(document: str, toc: Collection[str] | None, *, otherwise: str | None = None) -> str:
    """A MyST link to a chapter's document, if the table of contents lists it.

    Parameters
    ----------
    document : str
        The document path, e.g. ``"chapters/02-hindlimb-unloading/hindlimb-unloading"``.
    toc : collection of str or None
        The documents of the book (:func:`toc_documents`). The link is made only if
        ``document`` is among them, so a page never links to a chapter that is not built.
    otherwise : str, optional
        What to show instead of a link; by default the chapter's folder name.

    Returns
    -------
    str
        ``{doc}`Chapter N </document>``` or ``otherwise``.

    Raises
    ------
    TypeError
        If ``toc`` is not a collection of document paths (a single string is refused),
        or ``document`` or ``otherwise`` is not a string.
    ValueError
        If ``document`` is empty.

    Examples
    --------
    >>> chapter_link("chapters/02-x/x", ["chapters/02-x/x"])
    '{doc}`Chapter 2 </chapters/02-x/x>`'
    >>> chapter_link("chapters/02-x/x", [], otherwise="in preparation")
    'in preparation'
    """
    document = as_text(document, "document")
    if otherwise is not None:
        otherwise = as_text(otherwise, "otherwise", allow_empty=True)
    listed = _toc_set(toc)
    folder = Path(document).parent.name
    if listed is not None and document in listed:
        return f"{{doc}}`{chapter_label(folder)} </{document}>`"
    return folder if otherwise is None else otherwise


def _toc_set(toc: object) -> set[str] | None:
    if toc is None:
        return None
    if isinstance(toc, (str, bytes)) or not isinstance(toc, (set, frozenset, list, tuple)):
        raise TypeError("toc must be a collection of document paths (see book.toc_documents) "
                        f"or None, got {type(toc).__name__}")
    if not all(isinstance(item, str) for item in toc):
        raise TypeError("toc must contain document paths (str)")
    return set(toc)


def keyword_labels(texts: pd.Series, labels: Mapping[str, str]) -> pd.Series:
    """Short labels for long texts: the label of the first keyword each text contains.

    Parameters
    ----------
    texts : pandas.Series of str
        E.g. the ``outcome`` column of ``data/literature_effects.csv``.
    labels : mapping of str to str
        Keyword to label, tried in order, so a longer keyword goes before a shorter one
        it contains (``"lumbar spine"`` before ``"spine"``).

    Returns
    -------
    pandas.Series of str
        With the index and name of ``texts``.

    Raises
    ------
    TypeError
        If ``texts`` is not a Series of strings or ``labels`` not a mapping of strings.
    ValueError
        If ``labels`` is empty or a text contains none of the keywords (the text is
        named).

    Examples
    --------
    >>> keyword_labels(pd.Series(["BMD at the lumbar spine", "BMD at the total hip"]),
    ...                {"lumbar spine": "spine", "hip": "hip"}).tolist()
    ['spine', 'hip']
    """
    if not isinstance(texts, pd.Series):
        raise TypeError(f"texts must be a pandas Series, got {type(texts).__name__}")
    if not isinstance(labels, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in labels.items()):
        raise TypeError("labels must be a mapping of keyword (str) to label (str)")
    if not labels:
        raise ValueError("labels must name at least one keyword")
    found = []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"texts must contain str, got {type(text).__name__}")
        label = next((label for keyword, label in labels.items() if keyword in text), None)
        if label is None:
            raise ValueError(f"texts holds {text!r}, which contains none of the keywords "
                             f"{list(labels)}")
        found.append(label)
    return pd.Series(found, index=texts.index, name=texts.name, dtype=object)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cell(value: object) -> str:
    """One cell's text: missing values as an em dash, white space folded, ``|`` escaped."""
    if _missing(value):
        return "—"
    text = " ".join(str(value).split()).replace("|", "\\|")
    return text or "—"


def markdown_table(frame: pd.DataFrame, *, index: bool = False, full_width: bool = False) -> str:
    """Render a DataFrame as a Markdown (GitHub/MyST) pipe table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table. Missing values and empty cells print as an em dash; runs of white space
        (line breaks included) fold to one space and ``|`` is escaped, so any text fits in
        a cell. Markup in a cell (``**bold**``, ``{cite:p}`key```, ``{doc}`...```) is kept.
    index : bool, optional
        Include the index as the first column. Default False.
    full_width : bool, optional
        Wrap the table in a ``container`` directive with the class ``full-width``, which
        the book's theme lets use the page margin too. Default False.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame or a flag is not a bool.

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
