"""Load and validate the book's data tables.

Every number in the book starts as a row in ``data/``. The tables are described by a
Frictionless Data Package (``data/datapackage.json``); each loader makes sure the whole
package is valid under the ``frictionless`` library before it returns a typed
:class:`pandas.DataFrame`, so a broken table fails loudly with its file, row and column.

Validation takes seconds, and every notebook loads tables, so a successful validation is
remembered: in memory for the process, and on disk under the content hash of the data
files (``$XDG_CACHE_HOME/exneuro/validated/``, default ``~/.cache``). Any change to a CSV
file or the descriptor changes the hash, and the next load validates again. Set
``EXNEURO_VALIDATE=always`` (the test suite does) to validate on every first load
regardless; :func:`validate_package` with ``force=True`` does so for one call.

The data folder is found in this order: the ``EXNEURO_DATA`` environment variable, then
the first ``data/datapackage.json`` in the current directory or one of its parents, then
the one beside an editable install of this package. Notebooks therefore run from any
working directory inside the repository, and from anywhere if ``EXNEURO_DATA`` is set.

Examples
--------
>>> from exneuro import data
>>> numbers = data.load_reported_numbers("000_1070e3a96af4fc6b")  # doctest: +SKIP
>>> numbers.loc[numbers["role"] == "finding", ["value_text", "quote"]]  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from exneuro._validate import as_bool, as_path, as_text

__all__ = [
    "TABLES",
    "DataValidationError",
    "assumption",
    "content_hash",
    "data_dir",
    "load_assumptions",
    "load_claims",
    "load_corrections",
    "load_findings",
    "load_literature_effects",
    "load_primary_studies",
    "load_reported_numbers",
    "load_sources",
    "load_study_results",
    "load_table",
    "load_translation_constants",
    "load_verdicts",
    "planning_settings",
    "project_root",
    "reported_range",
    "translation_constant",
    "validate_package",
]

DESCRIPTOR = "datapackage.json"

#: Names of the tables in ``data/datapackage.json``.
TABLES: tuple[str, ...] = (
    "sources",
    "reported_numbers",
    "number_allowlist",
    "primary_studies",
    "study_results",
    "literature_effects",
    "translation_constants",
    "assumptions",
    "claims",
    "candidate_studies",
    "findings",
    "verdicts",
    "corrections",
    "synthesis_effects",
)


class DataValidationError(ValueError):
    """A data table breaks its schema; the message names file, row and column."""


def _candidate_dirs() -> list[Path]:
    candidates: list[Path] = []
    env = os.environ.get("EXNEURO_DATA")
    if env:
        candidates.append(Path(env))
    cwd = Path.cwd().resolve()
    candidates.extend(parent / "data" for parent in (cwd, *cwd.parents))
    here = Path(__file__).resolve()
    candidates.extend(parent / "data" for parent in here.parents)
    return candidates


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json`` and the CSV tables.

    Raises
    ------
    FileNotFoundError
        If no ``data/datapackage.json`` can be found; the message lists where it looked
        and how to point at the folder with ``EXNEURO_DATA``.
    """
    env = os.environ.get("EXNEURO_DATA")
    if env and not (Path(env) / DESCRIPTOR).is_file():
        raise FileNotFoundError(
            f"EXNEURO_DATA is set to {env!r}, but {DESCRIPTOR} is not in that folder"
        )
    for candidate in _candidate_dirs():
        if (candidate / DESCRIPTOR).is_file():
            return candidate.resolve()
    raise FileNotFoundError(
        "could not find data/datapackage.json in the current directory, its parents, or "
        "beside the exneuro package; run from inside the book's repository or set "
        "EXNEURO_DATA to the data folder"
    )


def project_root() -> Path:
    """Return the repository root: the folder that contains ``data/``."""
    return data_dir().parent


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(folder.glob("*.csv")) + [folder / DESCRIPTOR]
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)


def content_hash(folder: str | os.PathLike[str] | None = None) -> str:
    """SHA-256 of the data package: the descriptor and every CSV file, names and bytes.

    Together with the versions of ``frictionless`` and ``exneuro`` it keys the record of a
    successful validation (see the module docstring).
    """
    path = as_path(folder, "folder") or data_dir()
    digest = hashlib.sha256()
    for file in sorted(path.glob("*.csv")) + [path / DESCRIPTOR]:
        digest.update(file.name.encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _validation_record(folder: Path) -> Path | None:
    """Where a successful validation of this content is remembered (None: nowhere)."""
    if os.environ.get("EXNEURO_VALIDATE", "").lower() == "always":
        return None
    from importlib.metadata import PackageNotFoundError, version

    from exneuro._version import __version__

    try:
        tool = version("frictionless")
    except PackageNotFoundError:  # pragma: no cover - frictionless is a dependency
        return None
    key = hashlib.sha256(f"{content_hash(folder)}|{tool}|{__version__}".encode()).hexdigest()[:32]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "exneuro" / "validated" / key


def _format_error(folder: Path, task_place: str, error: object) -> str:
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    where = f"data/{Path(task_place).name}"
    if row is not None:
        where += f", row {row}"
    if field:
        where += f", column {field!r}"
    return f"{where}: {getattr(error, 'message', str(error))}"


@lru_cache(maxsize=8)
def _validate_cached(folder: str, fingerprint: tuple[tuple[str, int, int], ...]) -> None:
    path = Path(folder)
    record = _validation_record(path)
    if record is not None and record.is_file():
        return
    _validate_now(path)
    if record is not None:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(f"{path}\n", encoding="utf-8")
        except OSError:  # a read-only home only costs the next process a validation
            pass


def _validate_now(path: Path) -> None:
    # frictionless is imported lazily: it is slow to import and only needed here.
    from frictionless import Package

    package = Package(str(path / DESCRIPTOR))
    names = {resource.name for resource in package.resources}
    missing = [name for name in TABLES if name not in names]
    if missing:
        raise DataValidationError(f"data/{DESCRIPTOR} lacks the table(s): {', '.join(missing)}")
    report = package.validate()
    if report.valid:
        return
    messages = [
        _format_error(path, task.place, error) for task in report.tasks for error in task.errors
    ]
    messages.extend(f"data/{DESCRIPTOR}: {error.message}" for error in report.errors)
    shown = "\n  ".join(messages[:20])
    more = f"\n  ... and {len(messages) - 20} more" if len(messages) > 20 else ""
    raise DataValidationError(f"the data package is invalid:\n  {shown}{more}")


def validate_package(folder: str | os.PathLike[str] | None = None, *, force: bool = False) -> None:
    """Validate every table against ``datapackage.json`` with ``frictionless``.

    Parameters
    ----------
    folder : path-like, optional
        The data folder; by default the one found by :func:`data_dir`.
    force : bool, optional
        Validate even if this content was validated before (see the module docstring).

    Raises
    ------
    DataValidationError
        With one line per problem, each naming the file, the row (the line number in the
        CSV file, header = 1) and the column.
    TypeError
        If ``folder`` is not a path.
    FileNotFoundError
        If the folder holds no ``datapackage.json``.
    """
    path = as_path(folder, "folder") or data_dir()
    force = as_bool(force, "force")
    if not (path / DESCRIPTOR).is_file():
        raise FileNotFoundError(f"{path / DESCRIPTOR} does not exist")
    if force:
        _validate_now(path.resolve())
        return
    _validate_cached(str(path.resolve()), _fingerprint(path))


_PANDAS_TYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
}


def _schema(folder: Path, name: str) -> dict:
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            return resource
    raise ValueError(f"name must be one of {', '.join(TABLES)}; got {name!r}")


def load_table(name: str, *, folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Validate the data package and return one table as a typed DataFrame.

    Parameters
    ----------
    name : str
        One of :data:`TABLES`.
    folder : path-like, optional
        The data folder; by default the one found by :func:`data_dir`.

    Returns
    -------
    pandas.DataFrame
        Columns typed from the Table Schema: ``string``, ``Int64`` (nullable integers),
        ``float64``, ``boolean`` and ``datetime64`` for dates. Empty cells are missing
        values.

    Raises
    ------
    TypeError
        If ``name`` is not a string or ``folder`` not a path.
    ValueError
        If ``name`` is not a table of the package.
    DataValidationError
        If any table breaks its schema (file, row and column are named).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str naming a table, got {type(name).__name__}")
    if name not in TABLES:
        raise ValueError(f"name must be one of {', '.join(TABLES)}; got {name!r}")
    path = as_path(folder, "folder") or data_dir()
    validate_package(path)
    resource = _schema(path, name)
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(
        path / resource["path"],
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for field in fields:
        column, kind = field["name"], field["type"]
        if kind == "date":
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        elif kind == "boolean":
            frame[column] = frame[column].str.lower().map({"true": True, "false": False})
            frame[column] = frame[column].astype("boolean")
        elif kind in ("integer", "number"):
            frame[column] = pd.to_numeric(frame[column]).astype(_PANDAS_TYPES[kind])
        else:
            frame[column] = frame[column].astype("string")
    return frame


def load_sources() -> pd.DataFrame:
    """The five source articles and their source-card fields."""
    return load_table("sources")


def load_reported_numbers(source_id: str | None = None) -> pd.DataFrame:
    """Every number the articles state, optionally for one source.

    Parameters
    ----------
    source_id : str, optional
        A ``sources.source_id`` (e.g. ``"000_1070e3a96af4fc6b"``) or its three-digit
        ``short_id`` (``"000"``).
    """
    frame = load_table("reported_numbers")
    if source_id is None:
        return frame
    full = _full_source_id(source_id)
    return frame.loc[frame["source_id"] == full].reset_index(drop=True)


def _full_source_id(source_id: object) -> str:
    """The ``sources.source_id`` named by a full id or a three-digit short id, exactly."""
    if not isinstance(source_id, str):
        raise TypeError(f"source_id must be a str, got {type(source_id).__name__}")
    sources = load_table("sources")
    known = set(sources["source_id"]) | set(sources["short_id"])
    if source_id not in known:
        raise ValueError(f"source_id must be one of {sorted(known)}; got {source_id!r}")
    return str(sources.loc[
        (sources["source_id"] == source_id) | (sources["short_id"] == source_id), "source_id"
    ].iloc[0])


def load_primary_studies() -> pd.DataFrame:
    """Primary studies with design, species, n and what could be verified."""
    return load_table("primary_studies")


def load_study_results() -> pd.DataFrame:
    """Group-level numbers read from primary papers."""
    return load_table("study_results")


def load_literature_effects() -> pd.DataFrame:
    """Effect sizes from meta-analyses and trials used for context."""
    return load_table("literature_effects")


def load_translation_constants() -> pd.DataFrame:
    """Mouse-to-human age, time and dose constants with their sources."""
    return load_table("translation_constants")


def load_assumptions(chapter: str | None = None) -> pd.DataFrame:
    """Every value the book assumes, optionally for one chapter folder.

    Raises
    ------
    TypeError
        If ``chapter`` is neither None nor a string.
    ValueError
        If no assumption belongs to ``chapter``.
    """
    frame = load_table("assumptions")
    if chapter is None:
        return frame
    if not isinstance(chapter, str):
        raise TypeError(f"chapter must be a str, got {type(chapter).__name__}")
    if chapter not in set(frame["chapter"]):
        raise ValueError(
            f"chapter must be one of {sorted(set(frame['chapter']))}; got {chapter!r}"
        )
    return frame.loc[frame["chapter"] == chapter].reset_index(drop=True)


def load_claims(source_id: str | None = None) -> pd.DataFrame:
    """Checkable claims of the sources that state no numbers, with verdicts.

    Parameters
    ----------
    source_id : str, optional
        A ``sources.source_id`` or its three-digit ``short_id``, matched exactly (a
        source without claims gives an empty table).

    Raises
    ------
    TypeError
        If ``source_id`` is neither None nor a string.
    ValueError
        If ``source_id`` names no source.
    """
    frame = load_table("claims")
    if source_id is None:
        return frame
    full = _full_source_id(source_id)
    return frame.loc[frame["source_id"] == full].reset_index(drop=True)


def load_findings() -> pd.DataFrame:
    """One row per finding the book examines: the synthesis table."""
    return load_table("findings")


def load_corrections() -> pd.DataFrame:
    """Every correction of a statement the book made, with its reason and evidence."""
    return load_table("corrections")


def load_verdicts() -> pd.DataFrame:
    """The book's verdict scale, best supported first (see :mod:`exneuro.verdicts`)."""
    return load_table("verdicts").sort_values("rank").reset_index(drop=True)


def _lookup(table: str, id_column: str, key: str) -> pd.Series:
    as_text(key, id_column)
    frame = load_table(table)
    match = frame.loc[frame[id_column] == key]
    if match.empty:
        raise KeyError(f"no row with {id_column} == {key!r} in data/{table}.csv")
    return match.iloc[0]


def assumption(assumption_id: str) -> float:
    """Return the central value of one assumption from ``data/assumptions.csv``."""
    return float(_lookup("assumptions", "assumption_id", assumption_id)["value"])


def translation_constant(constant_id: str) -> float:
    """Return one constant from ``data/translation_constants.csv``."""
    return float(_lookup("translation_constants", "constant_id", constant_id)["value"])


def reported_range(number_id: str) -> tuple[float, float]:
    """The range an article's number stands for, from ``data/reported_numbers.csv``.

    Parameters
    ----------
    number_id : str
        A ``number_id`` such as ``"003-11"``.

    Returns
    -------
    low, high : float
        ``value`` and ``value_high``; a single number (no ``value_high``) gives
        ``low == high``. "50–80 %" is ``(50.0, 80.0)``, "3 times a week" ``(3.0, 3.0)``,
        "tens of millions" ``(1e7, 99999999.0)``.

    Raises
    ------
    TypeError
        If ``number_id`` is not a string.
    KeyError
        If no row has that ``number_id``.

    Examples
    --------
    >>> reported_range("003-11")
    (50.0, 80.0)
    """
    row = _lookup("reported_numbers", "number_id", number_id)
    low = float(row["value"])
    return low, low if pd.isna(row["value_high"]) else float(row["value_high"])


def planning_settings(assumptions: pd.DataFrame | None = None) -> tuple[float, float]:
    """The book-wide significance level and target power, from the assumptions table.

    Parameters
    ----------
    assumptions : pandas.DataFrame, optional
        ``data/assumptions.csv`` as loaded by :func:`load_assumptions` or
        :func:`load_table` (from any copy of the data package); by default the book's.

    Returns
    -------
    alpha, power : float
        The values of ``conventional_alpha`` and ``conventional_power``.

    Raises
    ------
    TypeError
        If ``assumptions`` is not a DataFrame.
    ValueError
        If it lacks the columns ``assumption_id`` and ``value``.
    KeyError
        If either assumption is missing.

    Examples
    --------
    >>> planning_settings()
    (0.05, 0.8)
    """
    frame = load_assumptions() if assumptions is None else assumptions
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"assumptions must be a pandas DataFrame, got {type(frame).__name__}")
    missing_columns = [c for c in ("assumption_id", "value") if c not in frame.columns]
    if missing_columns:
        raise ValueError(f"assumptions lacks the column(s): {', '.join(missing_columns)}")
    values = frame.set_index("assumption_id")["value"]
    missing = [k for k in ("conventional_alpha", "conventional_power") if k not in values.index]
    if missing:
        raise KeyError(f"assumptions lacks the row(s): {', '.join(missing)}")
    return float(values["conventional_alpha"]), float(values["conventional_power"])
