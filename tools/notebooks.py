"""Execute the book's notebooks in parallel, and keep volatile metadata out of them.

Three commands (the Makefile calls them; authors may too)::

    python tools/notebooks.py prime-cache      # before `jupyter-book build`
    python tools/notebooks.py execute [NB...]  # re-run notebooks in place, outputs stored
    python tools/notebooks.py strip [--check] [NB...]

``prime-cache`` executes every notebook of ``_toc.yml`` that has no valid record in the
execution cache (``_build/.jupyter_cache``), several at a time, with jupyter-cache's own
parallel executor. Jupyter Book then finds every notebook in the cache and only renders;
a notebook that fails here stops the build with its traceback, before Sphinx starts.

``execute`` re-runs notebooks in place as an author does after changing one: in a fresh
kernel each, top to bottom, several at a time, without per-cell timing records; the
results are then stripped as below. Without arguments it runs every notebook under
``chapters/``.

``strip`` removes what changes on every run and means nothing to a reader: per-cell
execution timestamps (``metadata.execution``), the Python patch version in
``language_info``, widget state and kernel ids. ``--check`` only reports (exit 1 if any
notebook carries such metadata); ``tests/notebooks`` asserts the same.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"
SKIP_PARTS = {".ipynb_checkpoints", "_build", ".venv"}

#: Notebook-level metadata keys that are volatile (per machine or per run).
VOLATILE_NOTEBOOK_KEYS = ("widgets", "papermill", "execution", "vscode", "colab")
#: Cell-level metadata keys that are volatile.
VOLATILE_CELL_KEYS = ("execution", "ExecuteTime", "collapsed", "scrolled", "jupyter")


def workers() -> int:
    """Parallel kernels: the machine's cores (``EXNEURO_JOBS`` overrides)."""
    env = os.environ.get("EXNEURO_JOBS")
    if env:
        if not env.isdigit() or int(env) < 1:
            raise SystemExit(f"EXNEURO_JOBS must be a positive integer, got {env!r}")
        return int(env)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def toc_notebooks() -> list[Path]:
    """Every notebook listed in ``_toc.yml``, in book order (``exneuro.book.toc_documents``)."""
    from exneuro import book

    return [ROOT / f"{name}.ipynb" for name in book.toc_documents(ROOT / "_toc.yml")
            if (ROOT / f"{name}.ipynb").is_file()]


def volatile_metadata(nb: dict[str, Any]) -> list[str]:
    """Where a notebook (as parsed JSON) carries volatile metadata; empty if clean."""
    problems = []
    meta = nb.get("metadata", {})
    for key in VOLATILE_NOTEBOOK_KEYS:
        if key in meta:
            problems.append(f"notebook metadata {key!r}")
    if "version" in meta.get("language_info", {}):
        problems.append("notebook metadata 'language_info.version'")
    for index, cell in enumerate(nb.get("cells", [])):
        for key in VOLATILE_CELL_KEYS:
            if key in cell.get("metadata", {}):
                problems.append(f"cell {index}: metadata {key!r}")
    return problems


def strip_metadata(nb: dict[str, Any]) -> dict[str, Any]:
    """Return ``nb`` without volatile metadata (modified in place and returned)."""
    meta = nb.setdefault("metadata", {})
    for key in VOLATILE_NOTEBOOK_KEYS:
        meta.pop(key, None)
    meta.get("language_info", {}).pop("version", None)
    for cell in nb.get("cells", []):
        for key in VOLATILE_CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    return nb


def _write(path: Path, nb: dict[str, Any]) -> None:
    import nbformat

    node = nbformat.from_dict(nb)
    nbformat.write(node, str(path))


def _execute_one(path_text: str) -> tuple[str, float, str | None]:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path_text)
    nb = nbformat.read(str(path), as_version=4)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        return path_text, time.perf_counter() - start, str(error)
    _write(path, strip_metadata(coalesce_streams(json.loads(nbformat.writes(nb)))))
    return path_text, time.perf_counter() - start, None


def coalesce_streams(nb: dict[str, Any]) -> dict[str, Any]:
    """Merge consecutive outputs of the same stream, as a reader sees them (in place)."""
    for cell in nb.get("cells", []):
        merged: list[dict[str, Any]] = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (output.get("output_type") == "stream" and previous is not None
                    and previous.get("output_type") == "stream"
                    and previous.get("name") == output.get("name")):
                previous["text"] = "".join(previous["text"]) + "".join(output["text"])
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged
    return nb


def execute(paths: list[Path]) -> int:
    if not paths:
        print("nothing to execute")
        return 0
    jobs = min(workers(), len(paths))
    print(f"executing {len(paths)} notebook(s), {jobs} at a time")
    failed = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for path, seconds, error in pool.map(_execute_one, [str(p) for p in paths]):
            rel = Path(path).relative_to(ROOT)
            if error:
                failed += 1
                print(f"FAILED {rel} after {seconds:.1f} s:\n{error}", file=sys.stderr)
            else:
                print(f"ok     {rel} ({seconds:.1f} s)")
    return 1 if failed else 0


def _execute_for_cache(path_text: str) -> tuple[str, str | None, float, str | None]:
    """Run one notebook as myst-nb's cache mode does; return it as JSON (None on failure)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    path = Path(path_text)
    nb = nbformat.read(str(path), as_version=4)
    result = single_nb_execution(nb, cwd=str(path.parent), timeout=300, allow_errors=False,
                                 meta_override=True)
    if result.err is not None:
        return path_text, None, result.time, result.exc_string or str(result.err)
    return path_text, nbformat.writes(result.nb), result.time, None


def prime_cache() -> int:
    """Execute every table-of-contents notebook missing from the cache, in parallel.

    Each notebook runs in its own fresh kernel in its own folder, exactly as myst-nb's
    cache mode would run it during the build (same function, same options); the parent
    process alone writes the results into the cache. The longest notebooks start first
    (by their last recorded run time, else by file size), so that no core waits at the end.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    # Validate the data package once, here, so that no kernel repeats it (the result is
    # remembered per content hash of data/; see exneuro.data.validate_package).
    from exneuro import data

    data.validate_package()
    cache = get_cache(str(CACHE))
    notebooks = toc_notebooks()
    previous = {r.uri: r.data.get("execution_seconds") for r in cache.list_cache_records()}
    stale = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(str(path), as_version=4))
        except KeyError:
            stale.append(path)
    if not stale:
        print(f"execution cache: all {len(notebooks)} notebooks are up to date")
        return 0
    stale.sort(key=lambda p: (previous.get(str(p)) or 0, p.stat().st_size), reverse=True)
    jobs = min(workers(), len(stale))
    print(f"execution cache: executing {len(stale)} of {len(notebooks)} notebooks, {jobs} at a time")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    start = time.perf_counter()
    failed = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_execute_for_cache, str(p)) for p in stale]
        for future in futures:
            path, text, seconds, error = future.result()
            rel = Path(path).relative_to(ROOT)
            if text is None:
                failed += 1
                print(f"FAILED {rel} after {seconds:.1f} s:\n{error}", file=sys.stderr)
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(text, as_version=4), path, data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True,
            )
    print(f"execution cache: {len(stale) - failed} executed in {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


def _notebook_args(values: list[str]) -> list[Path]:
    if not values:
        return [p for p in sorted((ROOT / "chapters").rglob("*.ipynb")) if not SKIP_PARTS & set(p.parts)]
    paths = []
    for value in values:
        path = Path(value).resolve()
        if path.suffix != ".ipynb" or not path.is_file():
            raise SystemExit(f"not a notebook file: {value}")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prime-cache", help="execute uncached notebooks into the build's cache, in parallel")
    run = sub.add_parser("execute", help="re-run notebooks in place (all under chapters/ by default)")
    run.add_argument("notebooks", nargs="*")
    strip = sub.add_parser("strip", help="remove volatile metadata from notebooks")
    strip.add_argument("--check", action="store_true", help="only report; exit 1 if any is found")
    strip.add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)

    if args.command == "prime-cache":
        return prime_cache()
    if args.command == "execute":
        return execute(_notebook_args(args.notebooks))
    dirty = 0
    for path in _notebook_args(args.notebooks):
        nb = json.loads(path.read_text(encoding="utf-8"))
        problems = volatile_metadata(nb)
        if not problems:
            continue
        dirty += 1
        rel = path.relative_to(ROOT)
        if args.check:
            print(f"{rel}: " + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""))
        else:
            _write(path, strip_metadata(nb))
            print(f"stripped {rel} ({len(problems)} entries)")
    return 1 if (args.check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main())
