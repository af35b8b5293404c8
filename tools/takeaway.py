"""Take a chapter away from the repository: runnable bundles, the student edition, Binder files.

Commands (the Makefile calls them)::

    python tools/takeaway.py bundles [OUT]        # one zip per finding chapter (default _build/bundles)
    python tools/takeaway.py student [OUT]        # the student edition (default _build/student)
    python tools/takeaway.py binder [--check]     # write (or check) binder/ from the lock files
    python tools/takeaway.py eval-prose NB [NB..] # rewrite {glue:text} roles as {eval} in place

**A chapter bundle** (``<slug>.zip``) is a small copy of the book that runs one chapter
anywhere: the chapter's notebook (with its stored outputs) under ``chapters/<slug>/``, the
whole ``data/`` folder (every loader validates the whole data package, so the chapter reads
all of it), ``CITATION.cff`` and ``references.bib`` (the cite box and reference list), a
wheel of ``exneuro`` built from this working tree, and two requirement files cut from the
lock files with their hashes: ``requirements.txt`` (what the notebook needs to run: the
package's dependencies and a Jupyter kernel, from ``requirements.lock``) and
``requirements-lab.txt`` (the same plus JupyterLab and jupyterlab-myst, from
``requirements-lab.lock``). Its README gives the two commands. The book's build puts every
bundle on the site and in the chapter's download menu (``_ext/chapter_bundles.py``).

**The student edition** is the same kind of folder with every notebook that has exercises,
but without the solutions: each gated solution (``solution-start`` ... ``solution-end``)
is removed, a code exercise gets a scaffold cell with ``...`` to fill in (tagged
``skip-execution`` and ``nbval-skip`` so that a run-all and nbval pass over it), a written
exercise gets an "Your answer" cell, and every output is cleared.

**Numbers in JupyterLab.** jupyterlab-myst renders MyST but has no ``{glue:text}`` role;
it evaluates ``{eval}`` roles in the kernel instead. In the notebooks taken away, every
``{glue:text}`name:spec``` becomes ``{eval}`ch.text("name", "spec")```
(:meth:`exneuro.chapter.Chapter.text` formats the glued value exactly as the glue role
does), and a bundle's notebook carries the results in each Markdown cell's
``user_expressions`` metadata, so its sentences show their numbers as soon as it is
opened and update when it is run. The book builds either spelling (``_ext/eval_glue.py``).

**Binder** reads ``binder/``: ``requirements.txt`` (the pins of ``requirements-lab.txt``
without hashes: Binder's image already holds packages of its own), ``runtime.txt`` and
``postBuild`` (installs the package from the repository). ``--check`` fails if they are not
what the lock files give; ``tests/unit/test_takeaway.py`` runs it.
"""

from __future__ import annotations

import argparse
import ast
import copy
import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: Runtime packages beside exneuro's own dependencies: a kernel to run the notebook in.
KERNEL = ("ipykernel",)
#: What the lab requirements add: JupyterLab and MyST rendering inside it.
LAB = ("jupyterlab", "jupyterlab-myst")
#: Files of the book a chapter needs at run time, beside data/ and its notebook.
BOOK_FILES = ("CITATION.cff", "references.bib", "LICENSE", "LICENSE-CC-BY-4.0.md")
#: Tags that make a run-all (myst-nb, nbclient) and nbval pass over a cell.
SKIP_TAGS = ["skip-execution", "nbval-skip"]

GLUE_TEXT = re.compile(r"\{glue(?::text|:any)?\}`([A-Za-z_][\w.-]*)(?::([^`]*))?`")
EVAL_TEXT = re.compile(r"\{eval\}`([^`]+)`")
SETUP_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*chapter\.setup\(", re.M)
EXNEURO_IMPORT = re.compile(r"^\s*from exneuro import ([\w, ]+)$", re.M)
DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>solution-start|solution-end)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?:[ \t]*:[\w-]+:[^\n]*\n)*(?P=fence)[ \t]*(?:\n|$)",
    re.M,
)


# --------------------------------------------------------------------------------------
# Lock files
# --------------------------------------------------------------------------------------
@dataclass
class Pin:
    """One entry of a uv lock file: its requirement line, hash lines and ``# via`` parents."""

    name: str
    version: str
    lines: list[str]
    via: set[str] = field(default_factory=set)

    @property
    def requirement(self) -> str:
        """``name==version`` with its environment marker, without hashes."""
        return self.lines[0].rstrip(" \\").strip()


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> list[Pin]:
    """The entries of a lock file written by ``uv pip compile --generate-hashes``."""
    pins: list[Pin] = []
    current: Pin | None = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)==([^\s;\\]+)", line)
        if match:
            current = Pin(_canonical(match.group(1)), match.group(2), [line])
            pins.append(current)
            continue
        if current is None:
            continue
        stripped = line.strip()
        if stripped.startswith("--hash="):
            current.lines.append(line)
            continue
        via = re.match(r"#\s+via\s+(\S.*)$", stripped) or re.match(r"#\s{3}(\S.*)$", stripped)
        if via and not via.group(1).startswith(("-r ", "-c ")):
            current.via.add(_canonical(via.group(1).strip()))
    return pins


def closure(pins: list[Pin], roots: set[str]) -> list[Pin]:
    """The pins ``roots`` need: the roots and, repeatedly, whatever an included pin needs.

    A lock file says what needs each package (``# via``), so a package is needed when
    one of the packages it is there for is needed.
    """
    wanted = {_canonical(r) for r in roots}
    missing = wanted - {p.name for p in pins}
    if missing:
        raise ValueError(f"roots {sorted(missing)} are not in the lock file")
    while True:
        more = {p.name for p in pins if p.name not in wanted and p.via & wanted}
        if not more:
            return [p for p in pins if p.name in wanted]
        wanted |= more


def package_dependencies(root: Path = ROOT) -> set[str]:
    """The run-time dependencies of exneuro, from ``pyproject.toml``."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_canonical(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0]) for dep in project["dependencies"]}


def runtime_pins(root: Path = ROOT) -> list[Pin]:
    """What a notebook needs to run, pinned as ``requirements.lock`` pins it."""
    return closure(read_lock(root / "requirements.lock"), package_dependencies(root) | set(KERNEL))


def lab_pins(root: Path = ROOT) -> list[Pin]:
    """The run-time pins plus JupyterLab and jupyterlab-myst, from ``requirements-lab.lock``."""
    return closure(read_lock(root / "requirements-lab.lock"),
                   package_dependencies(root) | set(KERNEL) | set(LAB))


# --------------------------------------------------------------------------------------
# The wheel
# --------------------------------------------------------------------------------------
def book_version(root: Path = ROOT) -> str:
    text = (root / "src" / "exneuro" / "_version.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if match is None:
        raise RuntimeError("src/exneuro/_version.py does not define __version__")
    return match.group(1)


def release_date(root: Path = ROOT) -> str:
    """``date-released`` of ``CITATION.cff`` (YYYY-MM-DD)."""
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    match = re.search(r"^date-released:\s*[\"']?(\d{4}-\d{2}-\d{2})", citation, re.M)
    if match is None:
        raise RuntimeError("CITATION.cff has no date-released")
    return match.group(1)


def build_wheel(out_dir: Path, root: Path = ROOT) -> Path:
    """Build the exneuro wheel from ``root`` into ``out_dir`` and return its path.

    The sources are copied to a temporary folder first, so the build leaves nothing in
    the working tree; setuptools and wheel come from the locked environment (no build
    isolation, no network). ``SOURCE_DATE_EPOCH`` is the release date, so the same
    sources give the same wheel, byte for byte.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="exneuro-wheel-") as tmp:
        source = Path(tmp) / "src-tree"
        source.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(root / name, source / name)
        shutil.copytree(root / "src" / "exneuro", source / "src" / "exneuro",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        epoch = int(dt.datetime.fromisoformat(release_date(root)).replace(tzinfo=dt.timezone.utc).timestamp())
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONWARNINGS": "ignore"}
        code = ("import sys, setuptools.build_meta as b; "
                "print(b.build_wheel(sys.argv[1]))")
        result = subprocess.run([sys.executable, "-c", code, str(Path(tmp) / "dist")], cwd=source,
                                env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"building the exneuro wheel failed:\n{result.stderr[-3000:]}")
        name = result.stdout.strip().splitlines()[-1]
        target = out_dir / name
        shutil.copy2(Path(tmp) / "dist" / name, target)
    return target


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def requirements_text(pins: list[Pin], wheel: Path, what: str) -> str:
    """A hashed requirements file: the wheel (as ``./wheels/<file>``) and ``pins``."""
    lines = [
        f"# {what}",
        "# Cut from the book's lock files, every file checked against its hash. Install with",
        "#   python -m pip install --require-hashes -r <this file>",
        f"./wheels/{wheel.name} \\",
        f"    --hash=sha256:{_sha256(wheel)}",
    ]
    for pin in pins:
        lines.extend(pin.lines)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------
def read_notebook(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_notebook(nb: dict[str, Any], path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    node = nbformat.from_dict(nb)
    nbformat.validate(node)
    nbformat.write(node, str(path))


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _set_source(cell: dict[str, Any], text: str) -> None:
    cell["source"] = text


def chapter_variable(nb: dict[str, Any]) -> str:
    """The name a notebook gives its chapter (``ch = chapter.setup(...)``)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            match = SETUP_CALL.search(_source(cell))
            if match:
                return match.group(1)
    raise ValueError("the notebook never calls chapter.setup(...), so its prose has no glued numbers to show")


def glued_values(nb: dict[str, Any]) -> dict[str, Any]:
    """The values a notebook's stored outputs glue, by name (as the glue records hold them)."""
    found: dict[str, Any] = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            record = output.get("metadata", {}).get("scrapbook")
            if not record:
                continue
            text = output.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
            if text is None:
                continue
            text = "".join(text) if isinstance(text, list) else text
            try:
                found[record["name"]] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                found[record["name"]] = text
    return found


def _format(value: Any, spec: str) -> str:
    from exneuro.chapter import _format_text

    return _format_text(value, spec)


def eval_expression(variable: str, name: str, spec: str) -> str:
    return f'{variable}.text("{name}", "{spec}")' if spec else f'{variable}.text("{name}")'


def eval_prose(nb: dict[str, Any], *, prefill: bool) -> dict[str, Any]:
    """``nb`` with ``{glue:text}`` roles rewritten as ``{eval}`` roles (a new notebook).

    A notebook that never calls ``chapter.setup`` (it glues with ``glue_record`` alone)
    keeps its roles: there is no chapter object for an ``{eval}`` role to ask.

    With ``prefill``, each Markdown cell gets the results of its expressions in its
    ``user_expressions`` metadata, computed from the glued values in the stored outputs
    and formatted as the ``{glue:text}`` role formats them, so jupyterlab-myst shows the
    numbers before anything is run (a value no stored output glues, in a notebook not
    run yet, is left for JupyterLab to fill in when it runs). Without ``prefill``, any
    stale results are removed.
    """
    nb = copy.deepcopy(nb)
    try:
        variable = chapter_variable(nb)
    except ValueError:  # glued through glue_record alone: no Chapter to ask, roles stay
        for cell in nb["cells"]:
            _set_source(cell, _source(cell))
        return nb
    values = glued_values(nb) if prefill else {}
    for cell in nb["cells"]:
        _set_source(cell, _source(cell))
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        uses: list[tuple[str, str, str]] = []

        def rewrite(match: re.Match[str]) -> str:
            name, spec = match.group(1), match.group(2) or ""
            expression = eval_expression(variable, name, spec)
            uses.append((expression, name, spec))  # noqa: B023  (called at once, by the sub below)
            return "{eval}`" + expression + "`"

        new = GLUE_TEXT.sub(rewrite, text)
        if new != text:
            _set_source(cell, new)
        cell.get("metadata", {}).pop("user_expressions", None)
        if prefill and uses:
            results = []
            for expression, name, spec in dict.fromkeys(uses):
                if name not in values:  # not run yet: JupyterLab fills it in when it is
                    continue
                shown = _format(values[name], spec)
                results.append({"expression": expression,
                                "result": {"status": "ok", "data": {"text/plain": repr(shown)},
                                           "metadata": {}}})
            if results:
                cell.setdefault("metadata", {})["user_expressions"] = results
    return nb


@dataclass
class Solution:
    """One gated solution found in a notebook: its exercise label, prose and code."""

    label: str
    prose: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


def _new_id(base: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]", "-", base)[:56] or "cell"
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}"
    taken.add(candidate)
    return candidate


def _markdown_cell(text: str, cell_id: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": cell_id, "metadata": dict(metadata or {}), "source": text}


def _hints(code: list[str], modules: list[str], variable: str) -> list[str]:
    """``module.function`` names a solution calls (from the notebook's exneuro imports)."""
    names = "|".join(re.escape(m) for m in [*modules, variable])
    found = re.findall(rf"\b((?:{names})\.[A-Za-z_]\w*)\s*\(", "\n".join(code)) if names else []
    return list(dict.fromkeys(found))


def scaffold_source(solution: Solution, modules: list[str], variable: str) -> str:
    hints = _hints(solution.code, modules, variable)
    lines = [f"# Exercise {solution.label}: write your code here, then run this cell.",
             "# Everything the cells above define is available."]
    if hints:
        lines.append("# Functions that may help: " + ", ".join(hints))
    lines.append("...")
    return "\n".join(lines)


def split_solutions(nb: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Solution]]:
    """The cells of ``nb`` without its gated solutions, with a scaffold where each was.

    Returns the new cell list and the solutions removed (for checks). Text before a
    ``solution-start`` and after a ``solution-end`` stays; everything between them,
    across cells, goes.
    """
    variable = "ch"
    try:
        variable = chapter_variable(nb)
    except ValueError:
        pass
    modules: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for group in EXNEURO_IMPORT.findall(_source(cell)):
                modules.extend(name.strip() for name in group.split(",") if name.strip())
    taken = {c.get("id", "") for c in nb["cells"]}
    cells: list[dict[str, Any]] = []
    solutions: list[Solution] = []
    current: Solution | None = None

    def close(solution: Solution, base: str) -> None:
        if solution.code:
            cells.append({"cell_type": "code", "id": _new_id(f"{base}-scaffold", taken),
                          "metadata": {"tags": list(SKIP_TAGS)}, "execution_count": None,
                          "outputs": [], "source": scaffold_source(solution, modules, variable)})
        else:
            cells.append(_markdown_cell(f"**Your answer** (exercise {solution.label}):\n\n...",
                                        _new_id(f"{base}-answer", taken)))

    for cell in nb["cells"]:
        base = cell.get("id") or "cell"
        if cell["cell_type"] != "markdown":
            if current is not None:
                (current.code if cell["cell_type"] == "code" else current.prose).append(_source(cell))
            else:
                cells.append(copy.deepcopy(cell))
            continue
        text = _source(cell)
        matches = list(DIRECTIVE.finditer(text))
        if not matches:
            if current is not None:
                current.prose.append(text)
            else:
                cells.append(copy.deepcopy(cell))
            continue
        position, kept = 0, ""
        for match in matches:
            piece = text[position:match.start()]
            position = match.end()
            if match.group("name") == "solution-start":
                if current is not None:
                    raise ValueError(f"solution {match.group('arg').strip()!r} starts inside solution "
                                     f"{current.label!r}")
                kept += piece
                if kept.strip():
                    cells.append(_markdown_cell(kept.strip("\n"), _new_id(base, taken), cell.get("metadata")))
                kept = ""
                current = Solution(match.group("arg").strip())
            else:
                if current is None:
                    raise ValueError("a solution-end without a solution-start")
                current.prose.append(piece)
                solutions.append(current)
                close(current, base)
                current = None
        rest = text[position:]
        if current is not None:
            current.prose.append(rest)
        elif (kept + rest).strip():
            cells.append(_markdown_cell((kept + rest).strip("\n"), _new_id(base, taken),
                                        cell.get("metadata")))
    if current is not None:
        raise ValueError(f"solution {current.label!r} never ends (no solution-end)")
    return cells, solutions


def student_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    """The student edition of a notebook: no solutions, scaffolds instead, no outputs."""
    cells, _ = split_solutions(nb)
    out = copy.deepcopy({k: v for k, v in nb.items() if k != "cells"})
    out["cells"] = cells
    for cell in out["cells"]:
        _set_source(cell, _source(cell))
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    out = eval_prose(out, prefill=False)
    out.setdefault("metadata", {})["exneuro"] = {"edition": "student"}
    return out


def has_exercises(nb: dict[str, Any]) -> bool:
    return any(DIRECTIVE.search(_source(c)) for c in nb["cells"] if c["cell_type"] == "markdown")


# --------------------------------------------------------------------------------------
# Bundles and the student edition
# --------------------------------------------------------------------------------------
def finding_chapters(root: Path = ROOT) -> dict[str, Path]:
    """Finding chapters by slug: the chapters of ``data/sources.csv``, with their notebooks."""
    found: dict[str, Path] = {}
    with open(root / "data" / "sources.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            path = root / f"{row['chapter']}.ipynb"
            if path.is_file():
                found[path.parent.name] = path
    return found


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook named in ``_toc.yml``, in reading order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return [root / f"{n}.ipynb" for n in dict.fromkeys(names) if (root / f"{n}.ipynb").is_file()]


def _title(nb: dict[str, Any], fallback: str) -> str:
    first = _source(nb["cells"][0]) if nb["cells"] else ""
    return first.splitlines()[0].lstrip("# ").strip() if first.startswith("# ") else fallback


def readme_text(*, title: str, notebooks: list[str], student: bool, root: Path = ROOT) -> str:
    """The README of a bundle or of the student edition: what it is, two commands."""
    book = re.search(r'^title:\s*"?([^"\n]+)"?', (root / "CITATION.cff").read_text(encoding="utf-8"), re.M)
    book_title = book.group(1).strip() if book else "the book"
    version, date = book_version(root), release_date(root)
    first = notebooks[0]
    what = ("the student edition: every chapter with exercises, the solutions taken out" if student
            else "one chapter and everything it needs to run")
    opened = " ".join(notebooks) if len(notebooks) == 1 else "chapters"
    lines = [
        f"# {title}",
        "",
        f"From *{book_title}*, version {version} (released {date}): {what}.",
        "",
        "## Two commands",
        "",
        "With Python 3.11 or newer, in this folder:",
        "",
        "```bash",
        "python3 -m venv .venv && .venv/bin/python -m pip install --require-hashes -r requirements-lab.txt",
        f".venv/bin/jupyter lab {opened}",
        "```",
        "",
        "(On Windows: `py -m venv .venv`, then `.venv\\Scripts\\python -m pip ...` and "
        "`.venv\\Scripts\\jupyter lab ...`.) The first command installs the book's `exneuro` "
        "package from `wheels/` and the pinned packages it needs, each checked against its "
        "hash; the second opens JupyterLab, where **Run > Run All Cells** runs the notebook "
        "top to bottom. The prose shows its numbers through MyST `{eval}` roles, which the "
        "jupyterlab-myst extension fills in from the running notebook.",
        "",
        "Already have Jupyter? `python -m pip install --require-hashes -r requirements.txt` "
        "installs only what the notebook needs to run, into the environment of your choice.",
        "",
        "## What is here",
        "",
        "| path | holds |",
        "|---|---|",
        *[f"| `{nb}` | the notebook |" for nb in notebooks],
        "| `data/` | the book's data tables; the notebook validates and reads them |",
        "| `wheels/` | the `exneuro` package, built from the same version of the book |",
        "| `requirements.txt` | what the notebook needs to run, pinned with hashes |",
        "| `requirements-lab.txt` | the same plus JupyterLab and jupyterlab-myst |",
        "| `CITATION.cff`, `references.bib` | how to cite the book; the references |",
        "",
    ]
    if student:
        lines += [
            "## Exercises",
            "",
            "Each exercise keeps its question. Where the answer is code, a cell with `...` "
            "waits for yours; it is tagged `skip-execution` and `nbval-skip`, so running the "
            "whole notebook passes over it until you run it yourself. Where the answer is "
            "written, a **Your answer** cell waits. The solutions are in the book.",
            "",
        ]
    else:
        lines += [
            "## Check your run against the book",
            "",
            "The notebook carries the outputs the book shows. To re-run it and compare every "
            "output (this needs nbval: `.venv/bin/python -m pip install nbval`):",
            "",
            "```bash",
            f"PYTHONHASHSEED=0 .venv/bin/python -m pytest --nbval {first}",
            "```",
            "",
        ]
    lines += [
        "## Licence and citation",
        "",
        "Text and figures: CC BY 4.0 (`LICENSE-CC-BY-4.0.md`); code: MIT (`LICENSE`). "
        "To cite, use the \"Cite this chapter\" box at the end of the notebook, or `CITATION.cff`.",
        "",
    ]
    return "\n".join(lines)


def _book_skeleton(dest: Path, wheel: Path, root: Path) -> None:
    """data/, the book files, the wheel and both requirement files into ``dest``."""
    shutil.copytree(root / "data", dest / "data", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    for name in BOOK_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
    (dest / "wheels").mkdir(parents=True, exist_ok=True)
    local_wheel = dest / "wheels" / wheel.name
    shutil.copy2(wheel, local_wheel)
    (dest / "requirements.txt").write_text(requirements_text(
        runtime_pins(root), local_wheel,
        "What the notebooks need to run: exneuro, its dependencies, a Jupyter kernel."),
        encoding="utf-8")
    (dest / "requirements-lab.txt").write_text(requirements_text(
        lab_pins(root), local_wheel,
        "The notebooks' needs plus JupyterLab and jupyterlab-myst (MyST and {eval} rendering)."),
        encoding="utf-8")


def write_bundle_tree(dest: Path, slug: str, notebook: Path, wheel: Path, root: Path = ROOT) -> Path:
    """Write the bundle of one chapter as a folder ``dest`` (see the module docstring)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _book_skeleton(dest, wheel, root)
    nb = read_notebook(notebook)
    relative = f"chapters/{slug}/{notebook.name}"
    write_notebook(eval_prose(nb, prefill=True), dest / relative)
    title = _title(nb, slug)
    (dest / "README.md").write_text(
        readme_text(title=f"{title}: a runnable bundle", notebooks=[relative], student=False, root=root),
        encoding="utf-8")
    return dest


def zip_folder(folder: Path, target: Path, prefix: str) -> Path:
    """Zip ``folder`` into ``target``, every entry under ``prefix/``, in a fixed order and time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target


def write_bundles(out_dir: Path, root: Path = ROOT, slugs: list[str] | None = None) -> list[Path]:
    """Write ``<slug>.zip`` for each finding chapter (or the given ones) into ``out_dir``."""
    chapters = finding_chapters(root)
    chosen = slugs or list(chapters)
    unknown = [s for s in chosen if s not in chapters]
    if unknown:
        raise ValueError(f"not finding chapters: {', '.join(unknown)}; known: {', '.join(chapters)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="exneuro-bundles-") as tmp:
        wheel = build_wheel(Path(tmp) / "wheel", root)
        for slug in chosen:
            tree = write_bundle_tree(Path(tmp) / slug, slug, chapters[slug], wheel, root)
            written.append(zip_folder(tree, out_dir / f"{slug}.zip", slug))
    return written


def write_student_edition(dest: Path, root: Path = ROOT) -> list[Path]:
    """Write the student edition as a folder ``dest`` and as ``dest``.zip; return the notebooks."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="exneuro-student-") as tmp:
        wheel = build_wheel(Path(tmp), root)
        _book_skeleton(dest, wheel, root)
    for path in toc_notebooks(root):
        nb = read_notebook(path)
        if not has_exercises(nb):
            continue
        target = dest / path.relative_to(root)
        write_notebook(student_notebook(nb), target)
        written.append(target)
    names = [p.relative_to(dest).as_posix() for p in written]
    (dest / "README.md").write_text(
        readme_text(title="Student edition", notebooks=names, student=True, root=root), encoding="utf-8")
    zip_folder(dest, dest.with_suffix(".zip"), dest.name)
    return written


# --------------------------------------------------------------------------------------
# Binder
# --------------------------------------------------------------------------------------
BINDER_NOTE = ("# Binder's environment for this book (repo2docker reads binder/). Written by\n"
               "# `python tools/takeaway.py binder` from requirements-lab.lock: the packages the\n"
               "# notebooks need, JupyterLab and jupyterlab-myst, at the versions the book is tested\n"
               "# with. tests/unit/test_takeaway.py fails when this file and the lock disagree.\n")


def binder_files(root: Path = ROOT) -> dict[str, str]:
    """The files of ``binder/``, by name, as the lock files give them."""
    requirements = BINDER_NOTE + "".join(pin.requirement + "\n" for pin in lab_pins(root))
    post_build = ("#!/bin/bash\n"
                  "# Binder runs this once, in the repository, after installing requirements.txt:\n"
                  "# install the book's own package (its dependencies are already pinned there).\n"
                  "set -euo pipefail\n"
                  "python -m pip install --no-deps --editable .\n")
    return {"requirements.txt": requirements, "runtime.txt": "python-3.11\n", "postBuild": post_build}


def binder_problems(root: Path = ROOT) -> list[str]:
    """How ``binder/`` differs from what the lock files give (empty: in step)."""
    problems = []
    for name, text in binder_files(root).items():
        path = root / "binder" / name
        if not path.is_file():
            problems.append(f"binder/{name} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"binder/{name} is out of step with the lock files")
    return problems


def write_binder(root: Path = ROOT) -> None:
    folder = root / "binder"
    folder.mkdir(exist_ok=True)
    for name, text in binder_files(root).items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "postBuild").chmod(0o755)


# --------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    bundles = sub.add_parser("bundles", help="one zip per finding chapter")
    bundles.add_argument("out", nargs="?", type=Path, default=ROOT / "_build" / "bundles")
    bundles.add_argument("--only", nargs="*", help="chapter slugs")
    student = sub.add_parser("student", help="the student edition")
    student.add_argument("out", nargs="?", type=Path, default=ROOT / "_build" / "student")
    binder = sub.add_parser("binder", help="write binder/ from the lock files")
    binder.add_argument("--check", action="store_true", help="only report whether binder/ is in step")
    prose = sub.add_parser("eval-prose", help="rewrite {glue:text} roles as {eval} roles, in place")
    prose.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)

    if args.command == "bundles":
        for path in write_bundles(args.out, slugs=args.only):
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"{shown}  ({path.stat().st_size / 1e6:.1f} MB)")
    elif args.command == "student":
        written = write_student_edition(args.out)
        print(f"student edition: {len(written)} notebooks in {args.out}, and {args.out.with_suffix('.zip')}")
    elif args.command == "binder":
        if args.check:
            problems = binder_problems()
            print("\n".join(problems) or "binder/ is in step with the lock files")
            return 1 if problems else 0
        write_binder()
        print("wrote binder/")
    else:
        for path in args.notebooks:
            nb = read_notebook(path)
            write_notebook(eval_prose(nb, prefill=False), path)
            print(f"rewrote the glue roles of {path} as eval roles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
