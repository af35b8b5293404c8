"""Full-page screenshots of every page of the built site, for a reviewer to look at at once.

Usage (``make screenshots`` runs the first form)::

    python tests/site/screenshots.py _build/html _build/screenshots
    python tests/site/screenshots.py _build/html /tmp/shots --only hindlimb --no-dark

Each page is loaded from a local server in Chromium, offline (other hosts blocked), at a
desktop width (1280 x 800), a phone width (390 x 844, mobile emulation) and, unless
``--no-dark``, at the desktop width in the theme's dark mode. The PNGs and an
``index.html`` gallery (self-contained, one row per page) are written to the output folder.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path
from typing import Any

import sitekit as kit

VIEWS = {
    "desktop": {"viewport": kit.DESKTOP, "dark": False, "phone": False},
    "phone": {"viewport": kit.PHONE, "dark": False, "phone": True},
    "dark": {"viewport": kit.DESKTOP, "dark": True, "phone": False},
}

GALLERY_CSS = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1rem 2rem; color: #222; background: #fafafa; }
h1 { font-size: 1.4rem; }
.page { margin: 1.5rem 0 2.5rem; }
.page h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
.views { display: grid; gap: 1rem; grid-template-columns: var(--columns); align-items: start; }
figure { margin: 0; }
figcaption { font-size: .85rem; color: #555; margin-bottom: .2rem; }
.shot { max-height: 70vh; overflow: auto; border: 1px solid #ccc; background: #fff; }
.shot img { width: 100%; display: block; }
"""


def file_stem(page: str) -> str:
    return page.removesuffix(".html").replace("/", "__")


def shoot(browser: Any, server: kit.SiteServer, page: str, view: dict[str, Any], out: Path) -> str:
    context, _guard = kit.guarded_context(
        browser, server, viewport=view["viewport"], dark=view["dark"], phone=view["phone"]
    )
    try:
        tab = context.new_page()
        tab.goto(server.url(page), wait_until="load", timeout=60_000)
        kit._settle(tab)
        tab.evaluate(
            "async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }"
        )
        title = tab.title().split(" \u2014 ")[0]  # without " -- <book title>"
        tab.screenshot(path=str(out), full_page=True)
    finally:
        context.close()
    return title


def gallery(rows: list[tuple[str, str, dict[str, str]]], views: list[str]) -> str:
    widths = {"desktop": "1fr", "phone": "0.4fr", "dark": "1fr"}
    columns = " ".join(widths[v] for v in views)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Screenshots of the built book</title>",
        f"<style>{GALLERY_CSS}</style></head><body>",
        f"<h1>Screenshots of the built book ({len(rows)} pages; {', '.join(views)})</h1>",
        f'<div style="--columns: {columns}">',
    ]
    for page, title, shots in rows:
        parts.append(f'<section class="page"><h2>{html.escape(title)} '
                     f'<small>({html.escape(page)})</small></h2>')
        parts.append('<div class="views">')
        for view in views:
            name = html.escape(shots[view])
            parts.append(
                f'<figure><figcaption><a href="{name}">{view}</a></figcaption>'
                f'<div class="shot"><a href="{name}"><img loading="lazy" src="{name}" '
                f'alt="{html.escape(title)}, {view} view"></a></div></figure>'
            )
        parts.append("</div></section>")
    parts.append("</div></body></html>")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("out", type=Path, help="where to write the PNGs and index.html")
    parser.add_argument("--only", help="only pages whose path contains this text")
    parser.add_argument("--no-dark", action="store_true", help="skip the dark-mode view")
    args = parser.parse_args(argv)

    if not (args.site / "index.html").is_file():
        print(f"no built site at {args.site}: run `make html` first", file=sys.stderr)
        return 2
    chromium = kit.find_chromium()
    if chromium is None:
        print(kit.INSTALL_HINT, file=sys.stderr)
        return 2
    views = [v for v in VIEWS if not (args.no_dark and v == "dark")]
    pages = [p for p in kit.discover_pages(args.site.resolve()) if not args.only or args.only in p]
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()

    start = time.perf_counter()
    rows = []
    with kit.SiteServer(args.site) as server, kit.chromium(chromium) as browser:
        for page in pages:
            shots, title = {}, page
            for view in views:
                name = f"{file_stem(page)}.{view}.png"
                title = shoot(browser, server, page, VIEWS[view], args.out / name)
                shots[view] = name
            rows.append((page, title, shots))
            print(f"  {page}: {', '.join(views)}")
    (args.out / "index.html").write_text(gallery(rows, views), encoding="utf-8")
    print(
        f"{len(rows) * len(views)} screenshots of {len(rows)} pages in "
        f"{time.perf_counter() - start:.0f} s: {args.out / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
