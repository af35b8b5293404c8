"""The frame every chapter notebook shares: setup, assumptions, glued numbers, citation.

A chapter notebook begins with one line::

    from exneuro import chapter
    ch = chapter.setup("02-hindlimb-unloading")

and then uses ``ch`` for the things every chapter needs:

* ``ch.alpha``, ``ch.target_power``, ``ch.assumption("hu_cv")`` and
  ``ch.assumption_range("hu_cv")``: the book-wide planning conventions and the chapter's
  own assumptions, read from ``data/assumptions.csv``; ``ch.assumptions_markdown([...])``
  lists assumptions with their ranges and reasons for the page;
* ``ch.glue(name, value)``: a number for the prose, stored at the precision the prose
  shows it (see :func:`display_value`), so that a reader's machine reproduces the stored
  output exactly even where the last bits of a float differ;
* ``ch.cite_box()`` and ``ch.references()``: the "cite this chapter" box and the list of
  the references the chapter's text actually cites.

Prose shows a glued number with ``{glue:text}`name:.1f``` (Jupyter Book) or, equally,
``{eval}`ch.text("name", ".1f")``` (Jupyter Book through ``_ext/eval_glue.py``, and
JupyterLab through jupyterlab-myst, which evaluates the expression in the kernel):
:meth:`Chapter.text` formats the glued value exactly as the ``{glue:text}`` role does.

Why glue at display precision? The same computation can differ in the 16th significant
digit between machines (vectorised instructions, library builds) and even between
processes. A stored ``1.8972398918038822`` fails on a machine that computes
``1.8972398918038829``; the prose shows ``1.9`` on both. :func:`display_value` therefore
rounds a glued float to the number of decimals that the chapter's prose asks for in its
``{glue:text}`` format specs, or to 12 significant digits when the prose shows it unformatted.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from exneuro._validate import as_bool, as_int, as_text

__all__ = [
    "Chapter",
    "SIGNIFICANT_DIGITS",
    "cited_keys",
    "display_value",
    "documents",
    "glue_formats",
    "glue_record",
    "setup",
]

#: A glued float without a format spec in the prose is stored with this many significant
#: digits: far more than any page shows, far fewer than a float's machine-dependent tail.
SIGNIFICANT_DIGITS = 12

# {glue:text}`name:.1f`, {glue}`name`, {glue:md}`name`; the format spec is optional.
_GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|any))?\}`([A-Za-z_][\w.-]*)(?::([^`]*))?`")
# {cite:p}`key1,key2`, {cite:t}`key`, {cite}`key`, {cite:ps}`key` ...
# {eval}`ch.text("name", ".1f")` or {eval}`ch.text('name')`: the same number, for JupyterLab.
_EVAL_TEXT = re.compile(
    r"\{eval\}`\s*[A-Za-z_]\w*\.text\(\s*(['\"])([A-Za-z_][\w.-]*)\1\s*(?:,\s*(['\"])([^'\"`]*)\3\s*)?\)\s*`")
_CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
_FIXED = re.compile(r"^[^.]*\.(\d+)[f%]$")
_EXPONENT = re.compile(r"^[^.]*\.(\d+)[eEgG]$")


def _check_markdown(markdown: object) -> None:
    if isinstance(markdown, str) or not isinstance(markdown, Iterable):
        raise TypeError("markdown must be an iterable of str (e.g. a list of cell sources), "
                        f"got {type(markdown).__name__}")


def _decimals_for(spec: str) -> int | None:
    """Decimals a Python format spec shows, or ``None`` when it does not fix them.

    ``.1f`` shows 1 decimal; ``.0%`` shows 0 decimals of the value times 100, i.e. 2 of the
    value; ``,.0f`` 0. Exponent formats (``.2e``) fix significant digits instead, which
    :func:`display_value` handles through ``significant``.
    """
    match = _FIXED.match(spec)
    if match is None:
        return None
    decimals = int(match.group(1))
    return decimals + 2 if spec.endswith("%") else decimals


def glue_formats(markdown: Iterable[str]) -> dict[str, list[str]]:
    """Map each glued name to the format specs the prose uses for it.

    Parameters
    ----------
    markdown : iterable of str
        Markdown text, e.g. the sources of a notebook's Markdown cells.

    Returns
    -------
    dict
        ``{name: [spec, ...]}``; an unformatted use contributes ``""``.

    Examples
    --------
    >>> glue_formats(["about {glue:text}`power:.0f` % and {glue:text}`power:.2f`, {glue}`n`"])
    {'power': ['.0f', '.2f'], 'n': ['']}
    >>> glue_formats(['{eval}`ch.text("power", ".1f")` and {eval}`ch.text("n")`'])
    {'power': ['.1f'], 'n': ['']}
    """
    _check_markdown(markdown)
    found: dict[str, list[str]] = {}
    for text in markdown:
        if not isinstance(text, str):
            raise TypeError(f"markdown must contain str, got {type(text).__name__}")
        uses = _GLUE_ROLE.findall(text) + [(name, spec) for _, name, _, spec in _EVAL_TEXT.findall(text)]
        for name, spec in uses:
            found.setdefault(name, [])
            if spec not in found[name]:
                found[name].append(spec)
    return found


def cited_keys(markdown: Iterable[str]) -> list[str]:
    """Bib keys cited with ``{cite...}`` roles, in order of first use, without repeats.

    Examples
    --------
    >>> cited_keys(["{cite:t}`adami2018` and {cite:p}`button2013, gelman2014`", "{cite}`adami2018`"])
    ['adami2018', 'button2013', 'gelman2014']
    """
    _check_markdown(markdown)
    keys: list[str] = []
    for text in markdown:
        if not isinstance(text, str):
            raise TypeError(f"markdown must contain str, got {type(text).__name__}")
        for group in _CITE_ROLE.findall(text):
            for key in group.split(","):
                key = key.strip()
                if key and key not in keys:
                    keys.append(key)
    return keys


def display_value(value: object, decimals: int | None = None, significant: int = SIGNIFICANT_DIGITS) -> Any:
    """A number as it should be stored for the page: rounded to what the reader sees.

    Parameters
    ----------
    value : int, float, numpy scalar, str or bool
        The value to glue. Integers, strings and booleans are returned unchanged (numpy
        scalars become Python scalars); floats are rounded.
    decimals : int, optional
        Round a float to this many decimals (the precision of the prose's format spec).
    significant : int, optional
        Otherwise round a float to this many significant digits, 1 to 15. Default 12.

    Returns
    -------
    int, float, str or bool

    Raises
    ------
    ValueError
        If a float is NaN or infinite (a page must never show ``nan``), or ``decimals`` or
        ``significant`` is out of range.
    TypeError
        If ``value`` is not a number, string or boolean.

    Examples
    --------
    >>> display_value(1.8972398918038822), display_value(1.8972398918038829)
    (1.8972398918, 1.8972398918)
    >>> display_value(0.19567, decimals=2)
    0.2
    >>> display_value(7), display_value("seven")
    (7, 'seven')
    """
    if decimals is not None:
        decimals = as_int(decimals, "decimals", minimum=0)
        if decimals > 15:
            raise ValueError(f"decimals must be an integer from 0 to 15, got {decimals!r}")
    significant = as_int(significant, "significant", minimum=1)
    if significant > 15:
        raise ValueError(f"significant must be an integer from 1 to 15, got {significant!r}")
    if isinstance(value, (str, bool, np.bool_)):
        return bool(value) if isinstance(value, np.bool_) else value
    if isinstance(value, numbers.Integral):
        return int(value)
    if not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a number, str or bool, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"value must be finite to be shown on a page, got {number!r}")
    if number == 0.0:
        return 0.0
    if decimals is not None:
        # Never keep more digits than `significant` either.
        magnitude = math.floor(math.log10(abs(number)))
        decimals = min(int(decimals), significant - 1 - magnitude)
        rounded = round(number, decimals)
    else:
        magnitude = math.floor(math.log10(abs(number)))
        rounded = round(number, significant - 1 - magnitude)
    return float(rounded) + 0.0  # "+ 0.0" turns -0.0 into 0.0


def _format_text(value: Any, spec: str) -> str:
    """``value`` as myst-nb's ``{glue:text}`name:spec``` role writes it (see its
    ``format_plain_text``): ``str`` without a spec, else ``format`` after converting to
    the type the spec's last character asks for."""
    if spec in ("", "s"):
        return str(value)
    kind = spec[-1]
    if kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, spec)


#: The MIME-type prefix under which ``myst_nb.glue(..., display=False)`` stores a value.
GLUE_PREFIX = "application/papermill.record/"


def glue_record(name: str, value: object) -> None:
    """Store ``value`` in the cell's outputs for ``{glue}`` roles, as ``myst_nb.glue`` does.

    This is ``myst_nb.glue(name, value, display=False)`` without importing ``myst_nb``,
    whose first import (through ``nbformat`` and its JSON-schema validators) costs every
    notebook about three seconds. The record format is myst-nb's: the value's display data
    under ``GLUE_PREFIX``, and ``{"scrapbook": {"name": ..., "mime_prefix": ...}}`` in
    the output's metadata; ``tests/unit/test_chapter.py`` checks that both agree.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    name = as_text(name, "name")
    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + key: data for key, data in bundle.items()}, raw=True, metadata=metadata)


def _notebook_cells(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown_sources(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in _notebook_cells(path) if c["cell_type"] == "markdown"]


@dataclass
class Chapter:
    """One chapter's context: its files, assumptions, planning conventions and citations.

    Create it with :func:`setup`.

    Attributes
    ----------
    slug : str
        The chapter's folder under ``chapters/``, e.g. ``"02-hindlimb-unloading"``.
    notebook : pathlib.Path
        The chapter's notebook.
    title : str
        The notebook's first heading.
    source_id, short_id : str or None
        The source article's ``source_id`` and ``short_id`` (``"000"``) in
        ``data/sources.csv``, for finding chapters; ``None`` elsewhere.
    assumptions : pandas.DataFrame
        The chapter's and the book-wide rows of ``data/assumptions.csv``, indexed by
        ``assumption_id``.
    alpha, target_power : float
        The book-wide significance level and target power.
    """

    slug: str
    notebook: Path
    title: str
    source_id: str | None
    short_id: str | None
    assumptions: pd.DataFrame
    alpha: float
    target_power: float
    _formats: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _extra_citations: list[str] = field(default_factory=list, repr=False)
    glued: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def path(self) -> str:
        """The chapter's path in the repository without extension (as in ``_toc.yml``)."""
        root = self.notebook.parents[2]
        return self.notebook.relative_to(root).with_suffix("").as_posix()

    # -- assumptions ---------------------------------------------------------------
    def assumption(self, assumption_id: str) -> float:
        """The central value of an assumption of this chapter (or a book-wide one)."""
        row = self._assumption_row(assumption_id)
        return float(row["value"])

    def assumption_range(self, assumption_id: str) -> tuple[float, float]:
        """The plausible ``(low, high)`` range of an assumption."""
        row = self._assumption_row(assumption_id)
        return float(row["low"]), float(row["high"])

    def assumptions_markdown(self, assumption_ids: Iterable[str]) -> str:
        """A Markdown list of assumptions: each with its value, plausible range and reason.

        One bullet per id, in the order given: ``- **name** (`id`): value unit, plausible
        range low–high. reason``. Display it with ``IPython.display.Markdown``.
        """
        if isinstance(assumption_ids, str) or not isinstance(assumption_ids, Iterable):
            raise TypeError("assumption_ids must be an iterable of assumption ids (str), got "
                            f"{type(assumption_ids).__name__}")
        lines = []
        for key in assumption_ids:
            r = self._assumption_row(key)
            lines.append(f"- **{r['name']}** (`{key}`): {r['value']:g} {r['unit']}, plausible range "
                         f"{r['low']:g}–{r['high']:g}. {r['reason']}")
        if not lines:
            raise ValueError("assumption_ids must name at least one assumption")
        return "\n".join(lines)

    def _assumption_row(self, assumption_id: str) -> pd.Series:
        if not isinstance(assumption_id, str):
            raise TypeError(f"assumption_id must be a str, got {type(assumption_id).__name__}")
        if assumption_id not in self.assumptions.index:
            raise KeyError(
                f"assumption_id {assumption_id!r} is not a row of data/assumptions.csv for chapter "
                f"{self.slug!r} or book-wide; known: {', '.join(self.assumptions.index)}"
            )
        # One row: assumption ids are the table's primary key.
        return cast(pd.Series, self.assumptions.loc[assumption_id])

    # -- numbers for the prose -----------------------------------------------------
    def display_value(self, name: str, value: object) -> Any:
        """``value`` rounded as the prose shows ``name`` (see :func:`display_value`)."""
        specs = self._formats.get(name, [""])
        decimals = [_decimals_for(spec) for spec in specs]
        if any(d is None for d in decimals):
            return display_value(value)
        return display_value(value, decimals=max(d for d in decimals if d is not None))

    def glue(self, name: str, value: object) -> None:
        """Glue ``value`` under ``name`` for ``{glue:text}`` roles, at display precision.

        The precision is read from the chapter's own prose: if every use of ``name`` has a
        fixed-point format (``{glue:text}`name:.1f```), the value is rounded to those
        decimals; otherwise to 12 significant digits. The stored value is kept in
        ``glued`` (nothing is returned, so a glue call ending a cell shows nothing).
        """
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][\w.-]*", name):
            raise ValueError(f"name must be an identifier-like str, got {name!r}")
        stored = self.display_value(name, value)
        self.glued[name] = stored
        glue_record(name, stored)

    def text(self, name: str, spec: str = "") -> str:
        """A glued number as the page shows it, for ``{eval}`` roles in the prose.

        ``{eval}`ch.text("da_power", ".0f")``` shows what ``{glue:text}`da_power:.0f```
        shows: the value stored by :meth:`glue`, formatted with ``spec`` exactly as the
        ``{glue:text}`` role formats it. JupyterLab (with jupyterlab-myst) evaluates the
        expression in the kernel; the book's build reads it as the glue role it mirrors
        (``_ext/eval_glue.py``), so the same sentence shows the same number in both.

        Raises
        ------
        KeyError
            If nothing has been glued under ``name`` yet (run the cells above first).
        """
        name = as_text(name, "name")
        spec = as_text(spec, "spec", allow_empty=True)
        if name not in self.glued:
            raise KeyError(f"name {name!r} has not been glued yet: run the cells above this text "
                           f"first (glued so far: {', '.join(self.glued) or 'nothing'})")
        return _format_text(self.glued[name], spec)

    # -- the chapter frame ---------------------------------------------------------
    def bottom_line(self) -> str:
        """MyST Markdown of the "Bottom line" box: the verdict and its plain sentences.

        Built from the chapter's rows of ``data/findings.csv`` and the verdict scale
        (:mod:`exneuro.verdicts`); display it with ``IPython.display.Markdown`` right
        under the title.
        """
        from exneuro import data, verdicts

        lines = verdicts.bottom_lines(self.slug, data.load_findings(), data.load_verdicts())
        return verdicts.bottom_line_markdown(lines, verdict_link="verdict-scale")

    def running_note(self) -> str:
        """A collapsed note for readers who want to run the chapter's notebook themselves.

        It says where to get the chapter's runnable bundle (``<slug>.zip``: this notebook,
        the data, a wheel of ``exneuro`` and a README with two commands), which the book's
        build offers in every finding chapter's download menu (``_ext/chapter_bundles.py``).
        Once the book's site URL is set (``url`` in ``CITATION.cff``) the note gives the
        bundle's full address, so a notebook downloaded on its own still says where to go.
        """
        from exneuro import cite

        bundle = f"{self.slug}.zip"
        url = cite.book_metadata().url
        where = (f"from <{url.rstrip('/')}/bundles/{bundle}>, or from the download button at the "
                 "top of this chapter's page" if url else
                 "from the download button at the top of this chapter's page on the book's site, "
                 "or build it in a clone of the repository with `make bundles`")
        return (
            "```{admonition} Running this notebook yourself\n:class: dropdown note\n"
            f"**Anywhere:** get this chapter's bundle, `{bundle}`, {where}. It holds this "
            "notebook, the data tables, the `exneuro` package as a wheel and a README with the "
            "two commands that install them and open the notebook in JupyterLab.\n\n"
            "**In a clone of the book's repository:** `make lab` opens JupyterLab with everything "
            f"installed; open `chapters/{self.slug}/{self.notebook.name}` and run it top to "
            "bottom.\n\nEvery number in the prose is computed from the tables in `data/` by the "
            "`exneuro` package; the assumptions you may change are named once, in the cell "
            "marked **Try it**.\n```"
        )

    def first_screen(self) -> str:
        """The first screen of a finding chapter, as MyST Markdown.

        The Bottom line box (:meth:`bottom_line`), the time it takes to read and to work
        through the chapter (:meth:`time_estimates`), a note linking to the chapter's
        corrections if it has any (:meth:`corrections_note`), and the collapsed note on
        running the notebook (:meth:`running_note`).
        """
        read, work = self.time_estimates()
        parts = [
            self.bottom_line(),
            f"*Time: about {read} minutes to read, about {work} minutes with the exercises.*",
            self.corrections_note(),
            self.running_note(),
        ]
        return "\n\n".join(part for part in parts if part)

    def time_estimates(self) -> tuple[int, int]:
        """Minutes to read the chapter, and to work through it with its exercises.

        Reading time is the words of the chapter's prose at the book-wide reading speed;
        working time adds the book-wide planning time per exercise (both assumptions in
        ``data/assumptions.csv``, with their reasons), rounded up to whole minutes.
        """
        prose = "\n".join(_markdown_sources(self.notebook))
        plain = re.sub(r"\{[\w:.-]+\}`[^`]*`", " x ", prose)
        words = len(re.findall(r"[A-Za-z\u00C0-\u024F][\w'’-]*", plain))
        exercises = len(re.findall(r"^[:`]{3,}\{exercise\}", prose, flags=re.M))
        read = math.ceil(words / self.assumption("reading_speed"))
        return read, read + math.ceil(exercises * self.assumption("minutes_per_exercise"))

    def glue_time_estimates(self) -> None:
        """Glue ``minutes_to_read`` and ``minutes_to_work`` (see :meth:`time_estimates`)."""
        read, work = self.time_estimates()
        self.glue("minutes_to_read", read)
        self.glue("minutes_to_work", work)

    # -- citation ------------------------------------------------------------------
    def cite(self, keys: str | Iterable[str]) -> None:
        """Record bib keys cited by generated output (tables), for :meth:`references`."""
        for key in [keys] if isinstance(keys, str) else list(keys):
            if not isinstance(key, str):
                raise TypeError(f"keys must be str bib keys, got {type(key).__name__}")
            for part in key.replace(";", ",").split(","):
                part = part.strip()
                if part and part not in self._extra_citations:
                    self._extra_citations.append(part)

    def cited_keys(self) -> list[str]:
        """Every bib key the chapter cites: its prose's roles and :meth:`cite` calls."""
        keys = cited_keys(_markdown_sources(self.notebook))
        return keys + [k for k in self._extra_citations if k not in keys]

    def references(self) -> str:
        """Markdown list of every reference the chapter cites."""
        from exneuro import cite

        return cite.reference_list(self.cited_keys())

    def corrections_note(self) -> str:
        """A note linking to the corrections of this chapter, or ``""`` if there are none."""
        from exneuro.data import load_corrections

        mine = load_corrections()
        mine = mine[mine["chapter"] == self.slug]
        if mine.empty:
            return ""
        versions = ", ".join(sorted(set(mine["version"])))
        count = len(mine)
        noun = "correction" if count == 1 else "corrections"
        return ("```{note}\n"
                f"This chapter carries {count} {noun} of what an earlier version said (version "
                f"{versions}); each is listed, with its reason and evidence, in "
                "{doc}`/chapters/14-corrections/corrections`.\n```")

    def cite_box(self) -> str:
        """MyST Markdown of the chapter's "Cite this chapter" box."""
        from exneuro import cite

        return cite.cite_box(self.title, self.path)


def documents() -> dict[str, str]:
    """Every chapter folder and its page, as a ``{doc}`` path (``/chapters/<slug>/<stem>``)."""
    from exneuro.data import project_root

    found = {}
    for folder in sorted((project_root() / "chapters").iterdir()):
        pages = sorted(
            p for p in folder.glob("*") if p.suffix in (".ipynb", ".md") and not p.name.startswith(".")
        )
        if folder.is_dir() and pages:
            found[folder.name] = f"/chapters/{folder.name}/{pages[0].stem}"
    return found


def _find_notebook(slug: str) -> Path:
    from exneuro.data import project_root

    folder = project_root() / "chapters" / slug
    notebooks = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not folder.is_dir() or not notebooks:
        known = sorted(p.name for p in (project_root() / "chapters").iterdir() if p.is_dir())
        raise ValueError(f"slug must name a chapter folder with a notebook under chapters/, got {slug!r}; "
                         f"known: {', '.join(known)}")
    return notebooks[0]


def setup(slug: str, *, theme: bool = True) -> Chapter:
    """Prepare a chapter notebook: plotting theme, table display, assumptions, conventions.

    Parameters
    ----------
    slug : str
        The chapter's folder under ``chapters/``, e.g. ``"02-hindlimb-unloading"``.
    theme : bool, optional
        Apply the book's plotting theme (:func:`exneuro.plots.set_theme`). Default True.

    Returns
    -------
    Chapter

    Raises
    ------
    TypeError
        If ``slug`` is not a str.
    ValueError
        If ``slug`` names no chapter folder with a notebook.
    """
    slug = as_text(slug, "slug")
    theme = as_bool(theme, "theme")
    from exneuro import data

    notebook = _find_notebook(slug)
    cells = _notebook_cells(notebook)
    first = "".join(cells[0]["source"]) if cells else ""
    title = first.splitlines()[0].lstrip("# ").strip() if first.startswith("# ") else slug
    if theme:
        from exneuro import plots

        plots.set_theme()
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.precision", 2)
    assumptions = data.load_assumptions()
    alpha, target_power = data.planning_settings(assumptions)
    mine = assumptions[assumptions["chapter"].isin([slug, "book-wide"])].set_index("assumption_id")
    sources = data.load_sources()
    chapter_path = notebook.relative_to(notebook.parents[2]).with_suffix("").as_posix()
    match = sources.loc[sources["chapter"] == chapter_path]
    return Chapter(
        slug=slug,
        notebook=notebook,
        title=title,
        source_id=str(match["source_id"].iloc[0]) if len(match) else None,
        short_id=str(match["short_id"].iloc[0]) if len(match) else None,
        assumptions=mine,
        alpha=alpha,
        target_power=target_power,
        _formats=glue_formats(_markdown_sources(notebook)),
    )
