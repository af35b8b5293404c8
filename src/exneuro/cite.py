"""How to cite the book and each chapter, and how the book cites its references.

The book's title, authors, version and release date are read from ``CITATION.cff`` (the
version there is checked against :data:`exneuro.__version__` by the test suite), so a
new release changes every "cite this chapter" box at once. References come from
``references.bib``, parsed once per version of the file: full entries for a chapter's
reference list (:func:`reference_list`) and short author-year labels for tables and
figures (:func:`author_year`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from exneuro._validate import as_path, as_text
from exneuro._version import __version__

__all__ = [
    "BookMetadata",
    "author_year",
    "book_metadata",
    "chapter_bibtex",
    "chapter_citation",
    "cite_box",
    "reference_list",
]


@dataclass(frozen=True)
class BookMetadata:
    """What a citation needs to know about the book.

    ``authors`` are display names (``"Family, Given"`` for a person, the name itself for
    an entity such as a group); ``bibtex_authors`` the same authors as BibTeX writes them
    (an entity in double braces, so that BibTeX does not split it into given and family
    names). ``url`` is the published site's address, or ``""`` while there is none.
    """

    title: str
    authors: tuple[str, ...]
    version: str
    year: str
    url: str
    date: str = ""
    bibtex_authors: tuple[str, ...] = ()


def _citation_file(root: object) -> Path:
    folder = as_path(root, "root")
    if folder is not None:
        return folder / "CITATION.cff"
    from exneuro.data import project_root

    return project_root() / "CITATION.cff"


def _cff_author(entry: object, path: Path) -> tuple[str, str]:
    """(display name, BibTeX name) of one ``authors`` entry of ``CITATION.cff``."""
    if not isinstance(entry, dict):
        raise ValueError(f"{path.name}: each entry of 'authors' must be a mapping, got {entry!r}")
    if entry.get("family-names"):
        family = " ".join(str(entry[k]) for k in ("name-particle", "family-names") if entry.get(k))
        given = str(entry.get("given-names", "")).strip()
        suffix = str(entry.get("name-suffix", "")).strip()
        display = ", ".join(part for part in (family, given, suffix) if part)
        bibtex = ", ".join(part for part in (family, suffix, given) if part) if suffix else \
            ", ".join(part for part in (family, given) if part)
        return display, bibtex
    if entry.get("name"):
        name = str(entry["name"]).strip()
        return name, "{" + name + "}"
    raise ValueError(f"{path.name}: an entry of 'authors' has neither 'family-names' nor 'name': {entry!r}")


def book_metadata(root: str | Path | None = None) -> BookMetadata:
    """Read title, authors, version, release date and site URL from ``CITATION.cff``.

    Every author listed there is cited, in order: a person by ``family-names`` and
    ``given-names`` (with ``name-particle`` and ``name-suffix`` if given), an entity such
    as a group by ``name``. The site URL is the file's ``url`` key, the one place the
    book's web address is kept; it is absent until the book is published.

    Parameters
    ----------
    root : path-like, optional
        Repository root; by default found from the data folder.

    Raises
    ------
    TypeError
        If ``root`` is not a path.
    FileNotFoundError
        If ``CITATION.cff`` is missing.
    ValueError
        If a required key is missing, an author has no name, or the version differs
        from the package version.
    """
    path = _citation_file(root)
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("title", "authors", "version", "date-released"):
        if key not in meta:
            raise ValueError(f"{path.name} lacks the required key {key!r}")
    version = str(meta["version"])
    if version != __version__:
        raise ValueError(
            f"{path.name} gives version {version}, but exneuro.__version__ is {__version__}; "
            "keep them equal"
        )
    people = [_cff_author(entry, path) for entry in meta["authors"] or []]
    if not people:
        raise ValueError(f"{path.name}: 'authors' must list at least one author")
    date = str(meta["date-released"])
    return BookMetadata(
        title=str(meta["title"]),
        authors=tuple(display for display, _ in people),
        version=version,
        year=date[:4],
        url=str(meta.get("url") or "").strip(),
        date=date,
        bibtex_authors=tuple(bibtex for _, bibtex in people),
    )


def _check_text(name: str, value: object) -> str:
    return as_text(value, name).strip()


def _chapter_url(meta: BookMetadata, path: str) -> str:
    """The chapter's page on the published site, or ``""`` while no site URL is set."""
    return f"{meta.url.rstrip('/')}/{path}.html" if meta.url else ""


def _unpublished_note(path: str) -> str:
    return f"Not yet published online; the chapter's notebook is {path}.ipynb in the book's repository"


def chapter_citation(chapter_title: str, chapter_path: str, root: str | Path | None = None) -> str:
    """Plain-text citation of one chapter.

    Parameters
    ----------
    chapter_title : str
        The chapter's title.
    chapter_path : str
        The chapter's path in the repository without extension, e.g.
        ``"chapters/02-hindlimb-unloading/hindlimb-unloading"``.
    root : path-like, optional
        Repository root.

    Returns
    -------
    str
        Authors (year). Chapter title. In: Book title, version X (release date). URL --
        or, while the book has no site URL, a sentence saying so and giving the chapter's
        path in the repository (no address is ever made up).
    """
    title = _check_text("chapter_title", chapter_title)
    path = _check_text("chapter_path", chapter_path)
    meta = book_metadata(root)
    where = _chapter_url(meta, path) or _unpublished_note(path) + "."
    stop = "" if title[-1] in ".?!" else "."
    return (
        f"{'; '.join(meta.authors)} ({meta.year}). {title}{stop} In: {meta.title}, "
        f"version {meta.version} ({meta.date}). {where}"
    )


def chapter_bibtex(chapter_title: str, chapter_path: str, root: str | Path | None = None) -> str:
    """BibTeX ``@incollection`` entry for one chapter, the book as its ``booktitle``.

    Authors, version, release date and URL come from ``CITATION.cff``; without a site URL
    the entry has no ``url`` field and its ``note`` gives the chapter's repository path.
    """
    title = _check_text("chapter_title", chapter_title)
    path = _check_text("chapter_path", chapter_path)
    meta = book_metadata(root)
    slug = re.sub(r"[^a-z0-9]+", "", Path(path).name.lower())
    key = f"exneuro{meta.year}{slug}"
    url = _chapter_url(meta, path)
    note = f"Version {meta.version}, released {meta.date}"
    if not url:
        note += ". " + _unpublished_note(path)
    fields = {
        "author": "{" + " and ".join(meta.bibtex_authors) + "}",
        "title": "{" + title + "}",
        "booktitle": "{" + meta.title + "}",
        "year": "{" + meta.year + "}",
        "edition": "{Version " + meta.version + "}",
        "date": "{" + meta.date + "}",
    }
    if url:
        fields["url"] = "{" + url + "}"
    fields["note"] = "{" + note + "}"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@incollection{{{key},\n{body}\n}}"


def cite_box(chapter_title: str, chapter_path: str, root: str | Path | None = None) -> str:
    """MyST Markdown for the "Cite this chapter" box (text and BibTeX).

    Display it with ``IPython.display.Markdown``; the book renders Markdown outputs as
    MyST, so the box becomes an admonition on the page.
    """
    text = chapter_citation(chapter_title, chapter_path, root)
    bibtex = chapter_bibtex(chapter_title, chapter_path, root)
    return (
        "````{admonition} Cite this chapter\n:class: tip cite-this-chapter\n\n"
        f"{text}\n\n```bibtex\n{bibtex}\n```\n\n"
        "To cite the whole book, see {doc}`/chapters/12-how-to-cite/how-to-cite`.\n````"
    )


def _bib_path(root: object) -> Path:
    folder = as_path(root, "root")
    if folder is not None:
        return folder / "references.bib"
    from exneuro.data import project_root

    return project_root() / "references.bib"


def _file_stamp(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return str(path.resolve()), status.st_mtime_ns, status.st_size


@lru_cache(maxsize=4)
def _bib_entries(path: str, mtime_ns: int, size: int) -> Mapping[str, Any]:
    """The entries of a BibTeX file, parsed once per version of the file."""
    from pybtex.database import parse_file

    return parse_file(path, "bibtex").entries


def _entries(path: Path) -> Mapping[str, Any]:
    """The entries of ``path`` (parsed once while the file is unchanged)."""
    return _bib_entries(*_file_stamp(path))


def author_year(key: str, bib_path: str | os.PathLike[str] | None = None) -> str:
    """A short author-year label for a bib key, e.g. ``"Button et al. 2013"``.

    Parameters
    ----------
    key : str
        A key of ``references.bib``.
    bib_path : path-like, optional
        The bibliography; by default ``references.bib`` at the repository root. If the
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

    Examples
    --------
    >>> author_year("gelman2014")
    'Gelman & Carlin 2014'
    >>> author_year("justborras2020")  # LaTeX accents in the bibliography are decoded
    'Just-Borràs et al. 2020'
    """
    as_text(key, "key")
    given = as_path(bib_path, "bib_path")
    path = given if given is not None else _bib_path(None)
    entry = _entries(path).get(key) if path.is_file() else None
    if entry is not None and entry.persons.get("author"):
        people = entry.persons["author"]
        first = _latex_to_text(" ".join(people[0].prelast_names + people[0].last_names))
        if any(" ".join(p.last_names).lower() == "others" for p in people[1:]):
            names = f"{first} et al."
        elif len(people) == 2:
            second = _latex_to_text(" ".join(people[1].prelast_names + people[1].last_names))
            names = f"{first} & {second}"
        elif len(people) > 2:
            names = f"{first} et al."
        else:
            names = first
        return f"{names} {entry.fields.get('year', '')}".strip()
    match = re.fullmatch(r"([a-z]+)(\d{4})[a-z]?", key)
    if match:
        return f"{match.group(1).capitalize()} {match.group(2)}"
    return key


def _latex_to_text(value: str) -> str:
    """Decode LaTeX accents (``{\\'e}`` -> é) and drop the braces that protect capitals."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec; a pybtex dependency)

    # typeshed's overloads of codecs.decode know only the standard codecs' argument types.
    decoded: str = codecs.decode(value, "ulatex")  # type: ignore[call-overload]
    return decoded.replace("{", "").replace("}", "").replace("--", "\u2013")


def _person(person: object) -> str:
    family = " ".join(person.prelast_names + person.last_names)  # type: ignore[attr-defined]
    initials = "".join(n[0] for n in person.first_names + person.middle_names)  # type: ignore[attr-defined]
    return _latex_to_text(f"{family} {initials}".strip())


def reference_list(keys: list[str] | tuple[str, ...], root: str | Path | None = None) -> str:
    """Markdown list of full references for the given bib keys, author-year style.

    Parameters
    ----------
    keys : sequence of str
        Keys in ``references.bib``; listed sorted by first author and year.
    root : path-like, optional
        Repository root.

    Raises
    ------
    TypeError
        If ``keys`` is not a list or tuple of strings, or ``root`` not a path.
    ValueError
        If ``keys`` is empty.
    KeyError
        If a key is not in ``references.bib`` (the key is named).
    """
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, str) for k in keys):
        raise TypeError("keys must be a list or tuple of str bib keys")
    if not keys:
        raise ValueError("keys must name at least one bib key")
    entries = _entries(_bib_path(root))
    missing = [k for k in keys if k not in entries]
    if missing:
        raise KeyError(f"not in references.bib: {', '.join(missing)}")
    items = []
    for key in keys:
        entry = entries[key]
        people = entry.persons.get("author", [])
        # pybtex reads "and others" as a person called "others": it means "et al.".
        truncated = any(str(p) == "others" for p in people)
        names = [_person(p) for p in people if str(p) != "others"]
        if not names:
            names = [_latex_to_text(entry.fields.get("organization", key))]
        author = ", ".join(names[:6])
        if truncated or len(names) > 6:
            author += " et al."
        fields = entry.fields
        year = fields.get("year", "n.d.")
        title = _latex_to_text(fields.get("title", ""))
        venue = _latex_to_text(
            fields.get(
                "journal",
                fields.get("booktitle", fields.get("howpublished", fields.get("publisher", ""))),
            )
        )
        volume = fields.get("volume", "")
        pages = _latex_to_text(fields.get("pages", ""))
        detail = venue
        if volume:
            detail += f" {volume}"
        if pages:
            detail += f":{pages}"
        doi = fields.get("doi", "")
        link = f" [doi:{doi}](https://doi.org/{doi})" if doi else ""
        url = fields.get("url", "")
        if not link and url:
            link = f" <{url}>"
        venue_text = f" *{detail.strip()}*." if detail.strip() else ""
        items.append((author.lower(), year, f"- {author} ({year}). {title}.{venue_text}{link}"))
    return "\n".join(line for _, _, line in sorted(items))
