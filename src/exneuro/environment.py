"""The software behind a run: the versions the lock file pins and the versions installed.

The reproducibility page shows, for the packages that shape the book's numbers and pages,
the version ``requirements.lock`` pins for the running Python and the version actually
installed. The lock is resolved for several Python versions at once, so one package may
have several pinned lines, each with an environment marker; only the line whose marker
holds for the running interpreter counts.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from exneuro._validate import as_path

__all__ = ["locked_versions", "version_table"]


def _logical_lines(text: str) -> list[str]:
    """Lines of a requirements file with continuations joined and comments removed."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def locked_versions(lock: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """The version the lock file pins, for this Python, of every package it names.

    Parameters
    ----------
    lock : path-like, optional
        A pip/uv requirements file with ``name==version`` pins (hashes and environment
        markers allowed). Default: ``requirements.lock`` beside ``data/``.

    Returns
    -------
    dict
        Canonical package name (lower case, ``-`` separated) -> pinned version.

    Raises
    ------
    TypeError
        If ``lock`` is not a path.
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a line is not a valid requirement (the line is named).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "r.lock").write_text(
    ...     "numpy==2.4.6 ; python_full_version < '3.0' \\\\\\n    --hash=sha256:ab\\n"
    ...     "numpy==2.5.5 ; python_full_version >= '3.0' \\\\\\n    --hash=sha256:cd\\n"
    ...     "Typing_Extensions==4.16.0\\n")
    >>> locked_versions(folder / "r.lock")
    {'numpy': '2.5.5', 'typing-extensions': '4.16.0'}
    """
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    path = as_path(lock, "lock")
    if path is None:
        from exneuro.data import project_root

        path = project_root() / "requirements.lock"
    pins: dict[str, str] = {}
    for line in _logical_lines(path.read_text(encoding="utf-8")):
        spec = " ".join(part for part in line.split() if not part.startswith("--hash"))
        if spec.startswith("-"):
            continue  # options such as --index-url
        try:
            requirement = Requirement(spec)
        except InvalidRequirement as error:
            raise ValueError(f"{path.name}: not a requirement: {spec!r} ({error})") from None
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        exact = [s.version for s in requirement.specifier if s.operator == "=="]
        if exact:
            pins[canonicalize_name(requirement.name)] = exact[0]
    return pins


def version_table(packages: list[str], lock: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Pinned and installed version of each package, and whether they match.

    Parameters
    ----------
    packages : list of str
        Distribution names, e.g. ``["numpy", "jupyter-book"]``.
    lock : path-like, optional
        As for :func:`locked_versions`.

    Returns
    -------
    pandas.DataFrame
        Indexed by package, with columns ``pinned in requirements.lock``, ``installed``
        (``"not installed"`` if missing) and ``matches`` (``"yes"``/``"NO"``).
    """
    from packaging.utils import canonicalize_name

    if not isinstance(packages, (list, tuple)) or not all(isinstance(p, str) for p in packages):
        raise TypeError("packages must be a list of distribution names (str)")
    pins = locked_versions(lock)
    rows = []
    for name in packages:
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        pinned = pins.get(canonicalize_name(name), "not pinned")
        rows.append({"package": name, "pinned in requirements.lock": pinned, "installed": installed,
                     "matches": "yes" if installed == pinned else "NO"})
    return pd.DataFrame(rows).set_index("package")
