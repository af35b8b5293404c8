"""The book's speed and size budgets, printed as one Markdown table (``make bench``).

Measured (each row says which budget it is held to; a missed budget is marked MISSED):

* **first-run install** -- a new virtual environment built from ``requirements.lock`` as
  ``make venv`` builds it (uv, every hash checked) with an empty uv cache, so every
  package is downloaded as on a new machine; with ``--baselines``, also with pip (its own
  cache warm), the slower way ``make venv`` falls back to;
* **clean build** -- the working tree is copied to a temporary folder (without ``.venv``,
  ``_build``, ``.git``) and built there from nothing as ``make html`` builds it: the
  notebooks executed in parallel into the execution cache (``tools/notebooks.py
  prime-cache``), then Jupyter Book; with ``--baselines`` the same with one notebook at a
  time (``EXNEURO_JOBS=1``), so the speed-up is a ratio measured on this machine now;
* **time per notebook** -- from that build's jupyter-cache execution records;
* **cached rebuild** -- the same copy rebuilt after deleting its HTML and doctrees but
  keeping the execution cache (every page re-rendered, no notebook executed), and a
  **no-change rebuild** (Sphinx's incremental build, nothing to do);
* **make test** -- read from ``_build/make-test-time.json``, which ``make test`` writes
  when it passes; with ``--baselines`` the test run of ``make test`` (every test of
  ``tests`` and ``chapters``, against the built site) is also timed here with one worker
  and with one per core, for the parallel speed-up;
* **bytes per page** -- every page of ``_build/html`` loaded in Chromium from a local
  server that gzip-compresses text as static hosts do, other hosts blocked, the page
  scrolled to the end so every image loads; the browser's transferred bytes (Resource
  Timing ``transferSize``) of the page and everything it loads, and the uncompressed size;
* **total site size** -- the files in ``_build/html``, with the largest parts;
* **library** -- the rows of ``benchmarks/bench_library.py``.

Only the library budgets are hard: the exit status is that of ``bench_library.py``.
The table is also written to ``_build/bench.md``, with the machine's CPU.

Usage: ``python benchmarks/run.py [--site _build/html] [--no-build] [--baselines]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))
import sitekit as kit  # noqa: E402

# Budgets: the page, build, test and install budgets are those of the book's issue tracker
# (a reader, a teacher and CI should not wait); the others keep an author's loop short.
INSTALL_BUDGET_S = 60.0          # first `make venv` on a new machine
CLEAN_BUILD_BUDGET_S = 60.0      # `make html` from a cold execution cache
CACHED_REBUILD_BUDGET_S = 60.0   # an author's edit-build loop
NO_CHANGE_REBUILD_BUDGET_S = 30.0
NOTEBOOK_BUDGET_S = 60.0         # per notebook (the build's cell timeout is 300 s)
MAKE_TEST_BUDGET_S = 300.0       # `make test` from a clean clone with .venv present
PAGE_BUDGET_BYTES = 600_000      # every page, as transferred on a first visit, images included
SITE_BUDGET_BYTES = 30_000_000   # the whole offline copy

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "_build", ".git", ".hypothesis", ".pytest_cache", "__pycache__",
    ".benchmarks", ".ipynb_checkpoints", ".coverage",
)


@dataclass
class Row:
    group: str
    name: str
    measured: str
    budget: str = "-"
    ok: bool | None = None  # None: no budget

    @property
    def status(self) -> str:
        return "-" if self.ok is None else ("ok" if self.ok else "**MISSED**")


def size(n: float) -> str:
    for unit, scale in (("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:,.2f} {unit}" if unit == "MB" else f"{n / scale:,.0f} {unit}"
    return f"{n:,.0f} B"


def seconds(s: float) -> str:
    return f"{s:,.1f} s" if s < 120 else f"{s / 60:,.1f} min ({s:,.0f} s)"


# --------------------------------------------------------------------------------------
def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(PYTHONHASHSEED="0", PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


def timed_build(book: Path, jobs: str | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Build ``book`` as ``make html`` does (notebooks into the cache first); time both steps."""
    env = build_env()
    if jobs is not None:
        env["EXNEURO_JOBS"] = jobs
    start = time.perf_counter()
    # Run from the book's folder: the execution cache path in _config.yml is relative to
    # the working directory, and the main repository's cache must stay out of this.
    prime = subprocess.run([sys.executable, str(book / "tools" / "notebooks.py"), "prime-cache"],
                           capture_output=True, text=True, env=env, cwd=book, timeout=3600)
    if prime.returncode != 0:
        return time.perf_counter() - start, prime
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book),
               "--builder", "html", "-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=book, timeout=3600)
    return time.perf_counter() - start, result


def _copy(tmp: str, name: str) -> Path:
    book = Path(tmp) / name
    shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
    return book


def _failure_note(result: subprocess.CompletedProcess[str]) -> str:
    log = (result.stdout + result.stderr).splitlines()
    pattern = re.compile(r"(?i:\b(error|warning|exception|failed)\b)|\w(Error|Exception)\b")
    errors = [line for line in log if pattern.search(line) and "IPKernelApp" not in line]
    listing = "\n".join(errors[:25])[:3000]
    return f"The clean build failed (no rebuild timings); its errors:\n\n```\n{listing}\n```"


def builds(rows: list[Row], notes: list[str], baselines: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="exneuro-bench-") as tmp:
        serial = None
        if baselines:
            serial, result = timed_build(_copy(tmp, "serial"), jobs="1")
            rows.append(Row("build", "clean build, one notebook at a time (baseline)",
                            seconds(serial) if result.returncode == 0 else "build FAILED"))
        book = _copy(tmp, "book")
        elapsed, result = timed_build(book)
        failed = result.returncode != 0
        rows.append(Row("build", "clean build with execution (cold cache, as `make html`)",
                        f"build FAILED after {seconds(elapsed)}" if failed else seconds(elapsed),
                        f"<= {seconds(CLEAN_BUILD_BUDGET_S)}",
                        not failed and elapsed <= CLEAN_BUILD_BUDGET_S))
        if serial is not None and not failed:
            rows.append(Row("build", "clean build: parallel speed-up over one notebook at a time",
                            f"{serial / elapsed:.2f}x"))
        if failed:
            notes.append(_failure_note(result))

        from jupyter_cache import get_cache

        records = get_cache(str(book / "_build" / ".jupyter_cache")).list_cache_records()
        runtimes = sorted(
            ((Path(r.uri).relative_to(book).as_posix(), r.data.get("execution_seconds")) for r in records),
            key=lambda item: -(item[1] or 0),
        )
        for notebook, runtime in runtimes:
            if runtime is None:
                rows.append(Row("build", f"execute `{notebook}`", "not recorded"))
            else:
                rows.append(Row("build", f"execute `{notebook}`", seconds(runtime),
                                f"<= {seconds(NOTEBOOK_BUDGET_S)}", runtime <= NOTEBOOK_BUDGET_S))
        total = sum(r or 0 for _, r in runtimes)
        notes.append(f"{len(runtimes)} notebooks executed, {seconds(total)} of kernel time in all, "
                     f"within the clean build's {seconds(elapsed)}; the rest is Sphinx reading and "
                     "writing pages.")
        if failed:
            return

        shutil.rmtree(book / "_build" / "html")
        shutil.rmtree(book / "_build" / ".doctrees", ignore_errors=True)
        elapsed, result = timed_build(book)
        rows.append(Row("build", "cached rebuild (pages re-rendered, notebooks from the cache)",
                        seconds(elapsed) if result.returncode == 0 else "build FAILED",
                        f"<= {seconds(CACHED_REBUILD_BUDGET_S)}",
                        result.returncode == 0 and elapsed <= CACHED_REBUILD_BUDGET_S))
        elapsed, result = timed_build(book)
        rows.append(Row("build", "no-change rebuild (incremental)",
                        seconds(elapsed) if result.returncode == 0 else "build FAILED",
                        f"<= {seconds(NO_CHANGE_REBUILD_BUDGET_S)}",
                        result.returncode == 0 and elapsed <= NO_CHANGE_REBUILD_BUDGET_S))


def install(rows: list[Row], notes: list[str], baselines: bool) -> None:
    """Time a first install of the lock into a new environment, as `make venv` does it."""
    uv = Path(sys.executable).with_name("uv")
    if not uv.exists():
        rows.append(Row("install", "first-run install", "not measured: uv is not in this environment"))
        return
    with tempfile.TemporaryDirectory(prefix="exneuro-install-") as tmp:
        env = dict(os.environ, UV_CACHE_DIR=str(Path(tmp) / "uv-cache"))  # a cold cache
        venv = Path(tmp) / "venv"
        start = time.perf_counter()
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--require-hashes", "-r", str(Path(tmp) / "uv.txt")],
            [str(venv / "bin" / "uv"), "pip", "sync", "--quiet", "--python", str(venv / "bin" / "python"),
             "--require-hashes", str(ROOT / "requirements.lock")],
            [str(venv / "bin" / "uv"), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
             "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
        ]
        lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        first = next(i for i, line in enumerate(lock) if line.startswith("uv=="))
        last = next(i for i in range(first, len(lock)) if not lock[i].rstrip().endswith("\\"))
        (Path(tmp) / "uv.txt").write_text("\n".join(lock[first:last + 1]) + "\n", encoding="utf-8")
        failed = None
        for step in steps:
            result = subprocess.run(step, capture_output=True, text=True, env=env, timeout=1800)
            if result.returncode != 0:
                failed = (step[:3], result.stderr[-1500:])
                break
        elapsed = time.perf_counter() - start
        rows.append(Row("install", "first-run install of requirements.lock (uv, cold cache, hashes checked)",
                        f"FAILED after {seconds(elapsed)}" if failed else seconds(elapsed),
                        f"<= {seconds(INSTALL_BUDGET_S)}", failed is None and elapsed <= INSTALL_BUDGET_S))
        if failed:
            notes.append(f"The install failed at `{' '.join(failed[0])}`:\n\n```\n{failed[1]}\n```")
        if baselines and failed is None:
            shutil.rmtree(venv)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            result = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                     "--disable-pip-version-check", "--require-hashes", "-r",
                                     str(ROOT / "requirements.lock")],
                                    capture_output=True, text=True, timeout=3600)
            pip_time = time.perf_counter() - start
            rows.append(Row("install", "the same with pip (baseline; pip's cache as it is)",
                            seconds(pip_time) if result.returncode == 0 else "pip FAILED"))
            if result.returncode == 0:
                rows.append(Row("install", "install: uv's speed-up over pip", f"{pip_time / elapsed:.1f}x"))


def test_runs(rows: list[Row], notes: list[str]) -> None:
    """Time the test run of `make test` with one worker and with one per core."""
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
               "-q", "tests", "chapters"]
    timings = {}
    runs = (("one worker", ["-n", "0"]), ("one worker per core", ["-n", "auto", "--dist", "loadscope"]))
    for label, workers in runs:
        start = time.perf_counter()
        result = subprocess.run(command + workers, capture_output=True, text=True, cwd=ROOT,
                                env=build_env(), timeout=7200)
        timings[label] = time.perf_counter() - start
        summary = (result.stdout.strip().splitlines() or ["no output"])[-1]
        rows.append(Row("test", f"the tests of `make test`, {label}",
                        f"{seconds(timings[label])} ({summary.strip('= ')})"))
    speed_up = timings["one worker"] / timings["one worker per core"]
    rows.append(Row("test", "tests: parallel speed-up", f"{speed_up:.2f}x"))

def make_test_time(rows: list[Row], notes: list[str]) -> None:
    record = ROOT / "_build" / "make-test-time.json"
    if not record.is_file():
        rows.append(Row("test", "`make test`", "not measured yet: run `make test`",
                        f"< {seconds(MAKE_TEST_BUDGET_S)}"))
        return
    data = json.loads(record.read_text(encoding="utf-8"))
    total = float(data["seconds"])
    finished = datetime.fromtimestamp(float(data["finished"]), tz=timezone.utc)
    age_h = (datetime.now(tz=timezone.utc) - finished).total_seconds() / 3600
    rows.append(Row("test", f"`make test` (build + every test; passed {age_h:,.1f} h ago)",
                    seconds(total), f"<= {seconds(MAKE_TEST_BUDGET_S)}", total <= MAKE_TEST_BUDGET_S))


def page_bytes(rows: list[Row], notes: list[str], site: Path) -> None:
    chromium = kit.find_chromium()
    if chromium is None:
        rows.append(Row("site", "bytes per page", f"not measured: {kit.INSTALL_HINT}"))
        return
    toc_pages = {f"{name}.html" for name in kit.toc_docnames(kit.book_root(site))}
    pages = kit.pages_under_test(site)
    heaviest: tuple[int, kit.PageReport] | None = None
    with kit.SiteServer(site, compress=True) as server, kit.chromium(chromium) as browser:
        for page in pages:
            report = kit.visit(browser, server, page, axe=None)
            sent = report.transferred_bytes
            raw = sum(r["decoded"] for r in report.resources)
            images = sum(r["transferred"] for r in report.resources if r["type"] == "img")
            measured = f"{size(sent)} ({size(raw)} uncompressed; images {size(images)})"
            label = f"`{page}`" if page in toc_pages else f"`{page}` (not in the table of contents)"
            rows.append(Row("site", label, measured, f"<= {size(PAGE_BUDGET_BYTES)}",
                            sent <= PAGE_BUDGET_BYTES))
            if heaviest is None or sent > heaviest[0]:
                heaviest = (sent, report)
    if heaviest is not None:
        top = sorted(heaviest[1].resources, key=lambda r: -r["transferred"])[:5]
        listing = "; ".join(f"{r['url'].split('/', 3)[-1].split('?')[0]} {size(r['transferred'])}"
                            for r in top)
        notes.append(f"Heaviest page: `{heaviest[1].page}`, {size(heaviest[0])}. "
                     f"Its largest transfers: {listing}.")
    notes.append("Bytes per page are what Chromium transferred (Resource Timing `transferSize`, "
                 "headers included) from a server that gzip-compresses text files, as static "
                 "hosts do, with an empty cache; a reader moving between pages downloads the "
                 "shared theme files only once.")


def site_size(rows: list[Row], notes: list[str], site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    where = site.relative_to(ROOT) if site.is_relative_to(ROOT) else site
    rows.append(Row("site", f"total site size (`{where}`, {len(files):,} files)", size(total),
                    f"<= {size(SITE_BUDGET_BYTES)}",
                    total <= SITE_BUDGET_BYTES))
    parts: dict[str, int] = {}
    for p in files:
        rel = p.relative_to(site).parts
        if rel[0] == "_static" and len(rel) > 2:
            key = "/".join(rel[:2])
        else:
            key = rel[0] if len(rel) > 1 else "pages at the top"
        parts[key] = parts.get(key, 0) + p.stat().st_size
    biggest = sorted(parts.items(), key=lambda kv: -kv[1])[:6]
    notes.append("Site size by folder: " + "; ".join(f"`{k}` {size(v)}" for k, v in biggest) + ".")


def library(rows: list[Row], notes: list[str]) -> int:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_library.py")],
                            capture_output=True, text=True, cwd=ROOT)
    table = [line for line in result.stdout.splitlines() if line.startswith("|")][2:]
    for line in table:
        name, measured, budget, status = [c.strip() for c in line.strip("|").split("|")]
        ok = None if status == "-" else status == "ok"
        rows.append(Row("library", name, measured, budget, ok))
    rest = [line for line in result.stdout.splitlines() if line and not line.startswith("|")]
    notes.extend(rest)
    if result.returncode != 0 and not table:
        rows.append(Row("library", "`benchmarks/bench_library.py`", "FAILED to run", "runs", False))
        notes.append("```\n" + (result.stdout + result.stderr)[-2000:] + "\n```")
    return result.returncode


def render(rows: list[Row], notes: list[str]) -> str:
    lines = ["| group | benchmark | measured | budget | status |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {r.group} | {r.name} | {r.measured} | {r.budget} | {r.status} |" for r in rows]
    missed = [r for r in rows if r.ok is False]
    lines += ["", f"{len(missed)} of {sum(r.ok is not None for r in rows)} budgets missed"
              + (": " + "; ".join(f"{r.group}: {r.name}" for r in missed) if missed else "") + "."]
    lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the book's speed and size budgets.")
    parser.add_argument("--site", type=Path, default=kit.site_dir(), help="built site (default _build/html)")
    parser.add_argument("--no-build", action="store_true", help="skip the install and the builds")
    parser.add_argument("--baselines", action="store_true",
                        help="also time the serial baselines (one notebook, one test worker, pip)")
    args = parser.parse_args(argv)
    site = args.site.resolve()

    rows: list[Row] = []
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    notes: list[str] = [f"Machine: {cpu_name()}, {cores} cores; Python {platform.python_version()}."]
    if not args.no_build:
        install(rows, notes, args.baselines)
        builds(rows, notes, args.baselines)
    make_test_time(rows, notes)
    if args.baselines:
        test_runs(rows, notes)
    if (site / "index.html").is_file():
        page_bytes(rows, notes, site)
        site_size(rows, notes, site)
    else:
        rows.append(Row("site", "bytes per page and site size", f"no built site at {site}: run `make html`"))
    status = library(rows, notes)

    text = render(rows, notes)
    print(text)
    out = ROOT / "_build" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    stamp = f"{datetime.now(tz=timezone.utc):%Y-%m-%d %H:%M}"
    out.write_text(f"# Budgets ({stamp} UTC)\n\n{text}", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
