"""Print the book's chapters as PDF handouts, with the distribution's Chromium.

Usage (``make pdf`` runs the first form)::

    python tools/handouts.py _build/html _build/pdf
    python tools/handouts.py _build/html _build/pdf --solutions        # the teacher's version
    python tools/handouts.py _build/html /tmp/pdf --only hindlimb

Each chapter of ``_toc.yml`` is loaded from the built site on a local server, offline
(other hosts are blocked, as in the site tests), and printed with Playwright's
``page.pdf`` on A4. Before printing, the page gets:

* on its first page, a header with the book's title, version and release date, the day
  it was printed, and the chapter's "cite this chapter" text (from the chapter's cite
  box, or, for pages without one, :func:`exneuro.cite.chapter_citation`);
* print rules: figures, tables and cell outputs are not split across pages
  (``break-inside: avoid``), and the site's navigation is left out;
* hidden solutions removed -- or, with ``--solutions``, opened, for the teacher's version
  (written as ``<name>-with-solutions.pdf``).

Every page's footer carries the book's title, version and the page number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))
import sitekit as kit  # noqa: E402

PRINT_CSS = """
@media print {
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
  .bd-footer-article, .prev-next-area, .headerlink, .toggle-button, .copybtn,
  .skip-link, #pst-back-to-top { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: none !important; }
  .bd-page-width { max-width: none !important; }
  figure, img, svg, table, .cell_output, .output, .admonition, pre, .handout-header {
    break-inside: avoid; page-break-inside: avoid;
  }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .handout-header { border: 1px solid #888; padding: 0.6em 0.9em; margin: 0 0 1.2em;
                    font-size: 0.85em; }
  .handout-header p { margin: 0.25em 0; }
}
"""

#: The solutions of sphinx-exercise (``solution-start`` ... ``solution-end``) on the page.
SOLUTIONS = ".solution"

FOOTER = ('<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;display:flex;'
          'justify-content:space-between"><span>{title}, version {version}</span>'
          '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


def _book() -> Any:
    from exneuro import cite

    return cite.book_metadata(ROOT)


def chapters(site: Path) -> list[str]:
    """The site paths of the chapters to print: every page of ``_toc.yml``, in order."""
    return [f"{name}.html" for name in kit.toc_docnames(kit.book_root(site))
            if (site / f"{name}.html").is_file()]


def header_html(citation: str, printed: str) -> str:
    book = _book()
    return (
        '<div class="handout-header">'
        f"<p><strong>{html.escape(book.title)}</strong>, version {html.escape(book.version)} "
        f"(released {html.escape(book.date)}). Printed {html.escape(printed)} from the book's site.</p>"
        f"<p><strong>Cite this chapter:</strong> {html.escape(citation)}</p>"
        "</div>"
    )


def prepare(tab: Any, page: str, *, solutions: bool = False, printed: str | None = None) -> str:
    """Ready a loaded page for printing (see the module docstring); return its citation."""
    from exneuro import cite

    printed = printed or dt.date.today().isoformat()
    kit._settle(tab)
    tab.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
    title = tab.eval_on_selector("main h1", "h => h.textContent.replace(/[#\u00b6]\\s*$/, '').trim()")
    box = tab.query_selector(".cite-this-chapter p:not(.admonition-title)")
    citation = (box.inner_text().strip() if box
                else cite.chapter_citation(title, page.removesuffix(".html"), ROOT))
    tab.add_style_tag(content=PRINT_CSS)
    if solutions:
        # Open every solution: togglebutton hides a dropdown's body until it is clicked.
        tab.evaluate("""(sel) => document.querySelectorAll(sel).forEach((s) => {
            s.classList.remove('toggle-hidden');
            s.querySelectorAll('.toggle-hidden').forEach((e) => e.classList.remove('toggle-hidden'));
            s.querySelectorAll('.toggle-button').forEach((b) => b.remove());
        })""", SOLUTIONS)
    else:
        tab.evaluate("(sel) => document.querySelectorAll(sel).forEach((s) => s.remove())", SOLUTIONS)
    # Under the title the theme prints (above its printed contents list), else first.
    tab.evaluate("""(markup) => {
        const title = document.querySelector('#jb-print-docs-body > h1');
        if (title) { title.insertAdjacentHTML('afterend', markup); return; }
        const article = document.querySelector('main article') || document.querySelector('main');
        article.insertAdjacentHTML('afterbegin', markup);
    }""", header_html(citation, printed))
    return citation


def print_page(browser: Any, server: kit.SiteServer, page: str, target: Path, *,
               solutions: bool = False, printed: str | None = None) -> Path:
    """Print one page of the site to ``target`` (PDF); return ``target``."""
    context, _guard = kit.guarded_context(browser, server)
    try:
        tab = context.new_page()
        tab.goto(server.url(page), wait_until="load", timeout=60_000)
        prepare(tab, page, solutions=solutions, printed=printed)
        book = _book()
        target.parent.mkdir(parents=True, exist_ok=True)
        tab.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER.format(title=html.escape(book.title),
                                              version=html.escape(book.version)),
                margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
    finally:
        context.close()
    return target


def pdf_name(page: str, solutions: bool) -> str:
    stem = Path(page).stem
    return f"{stem}-with-solutions.pdf" if solutions else f"{stem}.pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("out", type=Path, help="where to write the PDFs")
    parser.add_argument("--solutions", action="store_true", help="the teacher's version: solutions opened")
    parser.add_argument("--only", help="only pages whose path contains this text")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{site} holds no built site: run `make html` first", file=sys.stderr)
        return 2
    executable = kit.find_chromium()
    if executable is None:
        print(kit.INSTALL_HINT, file=sys.stderr)
        return 2
    pages = [p for p in chapters(site) if not args.only or args.only in p]
    printed = dt.date.today().isoformat()
    with kit.SiteServer(site) as server, kit.chromium(executable) as browser:
        for page in pages:
            target = print_page(browser, server, page, args.out / pdf_name(page, args.solutions),
                                solutions=args.solutions, printed=printed)
            print(f"{target}  ({target.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
