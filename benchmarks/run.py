"""The book's speed and size budgets, printed as one Markdown table (``make bench``).

Measured (each row says which budget it is held to; a missed budget is marked MISSED):

* **clean build with execution** -- the working tree is copied to a temporary folder
  (without ``.venv``, ``_build``, ``.git``) and built there from nothing with the options
  of ``make html``, so every notebook executes and the main ``_build`` is left alone;
* **time per notebook** -- from that build's jupyter-cache execution records;
* **cached rebuild** -- the same copy rebuilt after deleting its HTML and doctrees but
  keeping the execution cache (every page re-rendered, no notebook executed), and a
  **no-change rebuild** (Sphinx's incremental build, nothing to do);
* **make test** -- read from ``_build/make-test-time.json``, which ``make test`` writes
  when it passes (``make bench`` does not run the test suite; the row says how old the
  measurement is);
* **bytes per page** -- every page of ``_build/html`` loaded in Chromium from a local
  server that gzip-compresses text as static hosts do, other hosts blocked, the page
  scrolled to the end so every image loads; the browser's transferred bytes (Resource
  Timing ``transferSize``) of the page and everything it loads, and the uncompressed size;
* **total site size** -- the files in ``_build/html``, with the largest parts;
* **library** -- the rows of ``benchmarks/bench_library.py``.

Only the library budgets are hard: the exit status is that of ``bench_library.py``.
The table is also written to ``_build/bench.md``.

Usage: ``python benchmarks/run.py [--site _build/html] [--no-build]``.
"""

from __future__ import annotations

import argparse
import json
import os
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

# Budgets. The page budget is the issue's; the others are ours, chosen so that a reader,
# a teacher and CI are not kept waiting and an offline copy stays easy to hand around.
CLEAN_BUILD_BUDGET_S = 600.0     # CI builds cold on every push
CACHED_REBUILD_BUDGET_S = 120.0  # an author's edit-build loop
NO_CHANGE_REBUILD_BUDGET_S = 30.0
NOTEBOOK_BUDGET_S = 120.0        # per notebook (the build's cell timeout is 300 s)
MAKE_TEST_BUDGET_S = 900.0
PAGE_BUDGET_BYTES = 1_000_000    # per chapter page, as transferred, images included
SITE_BUDGET_BYTES = 60_000_000   # the whole offline copy

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


def timed_build(book: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book),
               "--builder", "html", "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    # Run from the book's folder: the execution cache path in _config.yml is relative to
    # the working directory, and the main repository's cache must stay out of this.
    result = subprocess.run(command, capture_output=True, text=True, env=build_env(),
                            cwd=book, timeout=3600)
    return time.perf_counter() - start, result


def builds(rows: list[Row], notes: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="exneuro-bench-") as tmp:
        book = Path(tmp) / "book"
        shutil.copytree(ROOT, book, ignore=COPY_IGNORE)

        elapsed, result = timed_build(book)
        failed = result.returncode != 0
        rows.append(Row("build", "clean build with execution (cold cache, temporary copy)",
                        f"build FAILED after {seconds(elapsed)}" if failed else seconds(elapsed),
                        f"< {seconds(CLEAN_BUILD_BUDGET_S)}",
                        not failed and elapsed < CLEAN_BUILD_BUDGET_S))
        if failed:
            log = (result.stdout + result.stderr).splitlines()
            errors = [line for line in log if re.search(r"(?i:\b(error|warning|exception)\b)|\w(Error|Exception)\b", line)
                      and "IPKernelApp" not in line]
            notes.append("The clean build failed (no rebuild timings); its errors:\n\n```\n"
                         + "\n".join(errors[:25])[:3000] + "\n```")

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
                                f"< {seconds(NOTEBOOK_BUDGET_S)}", runtime < NOTEBOOK_BUDGET_S))
        total = sum(r or 0 for _, r in runtimes)
        notes.append(f"{len(runtimes)} notebooks executed in {seconds(total)} of the clean build's "
                     f"{seconds(elapsed)}; the rest is Sphinx reading and writing pages.")
        if failed:
            return

        shutil.rmtree(book / "_build" / "html")
        shutil.rmtree(book / "_build" / ".doctrees", ignore_errors=True)
        elapsed, result = timed_build(book)
        rows.append(Row("build", "cached rebuild (pages re-rendered, notebooks from the cache)",
                        seconds(elapsed) if result.returncode == 0 else "build FAILED",
                        f"< {seconds(CACHED_REBUILD_BUDGET_S)}",
                        result.returncode == 0 and elapsed < CACHED_REBUILD_BUDGET_S))
        elapsed, result = timed_build(book)
        rows.append(Row("build", "no-change rebuild (incremental)",
                        seconds(elapsed) if result.returncode == 0 else "build FAILED",
                        f"< {seconds(NO_CHANGE_REBUILD_BUDGET_S)}",
                        result.returncode == 0 and elapsed < NO_CHANGE_REBUILD_BUDGET_S))


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
                    seconds(total), f"< {seconds(MAKE_TEST_BUDGET_S)}", total < MAKE_TEST_BUDGET_S))


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
            if page in toc_pages:
                rows.append(Row("site", f"`{page}`", measured, f"<= {size(PAGE_BUDGET_BYTES)}",
                                sent <= PAGE_BUDGET_BYTES))
                if heaviest is None or sent > heaviest[0]:
                    heaviest = (sent, report)
            else:
                rows.append(Row("site", f"`{page}` (not a chapter)", measured))
    if heaviest is not None:
        top = sorted(heaviest[1].resources, key=lambda r: -r["transferred"])[:5]
        listing = "; ".join(f"{r['url'].split('/', 3)[-1].split('?')[0]} {size(r['transferred'])}"
                            for r in top)
        notes.append(f"Heaviest chapter page: `{heaviest[1].page}`, {size(heaviest[0])}. "
                     f"Its largest transfers: {listing}.")
    notes.append("Bytes per page are what Chromium transferred (Resource Timing `transferSize`, "
                 "headers included) from a server that gzip-compresses text files, as static "
                 "hosts do, with an empty cache; a reader moving between pages downloads the "
                 "shared theme files only once.")


def site_size(rows: list[Row], notes: list[str], site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    rows.append(Row("site", f"total site size (`{site.relative_to(ROOT) if site.is_relative_to(ROOT) else site}`, "
                    f"{len(files):,} files)", size(total), f"<= {size(SITE_BUDGET_BYTES)}",
                    total <= SITE_BUDGET_BYTES))
    parts: dict[str, int] = {}
    for p in files:
        rel = p.relative_to(site).parts
        key = "/".join(rel[:2]) if rel[0] == "_static" and len(rel) > 2 else rel[0] if len(rel) > 1 else "pages at the top"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the book's speed and size budgets.")
    parser.add_argument("--site", type=Path, default=kit.site_dir(), help="built site (default _build/html)")
    parser.add_argument("--no-build", action="store_true", help="skip the clean and cached builds")
    args = parser.parse_args(argv)
    site = args.site.resolve()

    rows: list[Row] = []
    notes: list[str] = []
    if not args.no_build:
        builds(rows, notes)
    make_test_time(rows, notes)
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
    out.write_text(f"# Budgets ({datetime.now(tz=timezone.utc):%Y-%m-%d %H:%M} UTC)\n\n{text}", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
