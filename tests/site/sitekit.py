"""Drive the built book in a real Chromium, the way readers meet it.

The site tests (``tests/site/``), ``make screenshots`` and ``make bench`` share this module:

* :func:`discover_pages` lists the pages of a built site (table-of-contents order first),
  so the tests grow with the book instead of naming pages by hand;
* :class:`SiteServer` serves a built site on 127.0.0.1 (a free port) from a thread;
* :func:`chromium` launches the distribution's Chromium headless through Playwright
  (never a downloaded browser), and :func:`guarded_context` opens a browser context in
  which every request that does not go to the local server is blocked *and recorded*;
* :func:`visit` loads one page, waits until it has settled (lazy images, MathJax) and
  returns a :class:`PageReport` of everything the checks need;
* the ``*_problems`` functions turn a report into a list of human-readable problems
  (empty when the page is fine). They are unit-tested on hand-written broken pages in
  ``test_site_checkers.py``.
"""

from __future__ import annotations

import functools
import gzip
import html.parser
import http.server
import os
import queue
import re
import shutil
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]

#: Environment variable naming the built site to test (default: ``_build/html``).
SITE_ENV = "EXNEURO_SITE"
#: Environment variable naming a Chromium binary (default: ``/usr/bin/chromium``, then PATH).
CHROMIUM_ENV = "EXNEURO_CHROMIUM"
INSTALL_HINT = (
    "Chromium is not installed, so the browser tests cannot run: install the "
    "distribution's package (`sudo apt-get install chromium` on Debian; `.ci/run` does "
    f"this when it runs as root) or set {CHROMIUM_ENV} to a Chromium binary"
)

#: Headless flags. Without the background-networking ones Chromium phones Google hosts;
#: the resolver rule makes any host other than the loopback unresolvable, as a second
#: guard behind the request routing of :func:`guarded_context`.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

#: Finding chapters: the notebooks in chapters/02-* ... chapters/06-*.
FINDING_CHAPTER = re.compile(r"^chapters/0[2-6]-[^/]+/[^/]+\.html$")

#: axe-core impact levels that fail a page.
FAILING_IMPACTS = ("serious", "critical")

#: Text a code cell shows when a rich output (a figure, a table) failed to render.
RAW_REPR = re.compile(
    r"<(Figure size [^>]*|IPython\.core\.display\.[^>]*|matplotlib\.[^>]*|[\w.]+ object at 0x[0-9a-f]+)>"
)


# --------------------------------------------------------------------------------------
# Where things are
# --------------------------------------------------------------------------------------
def site_dir() -> Path:
    """The built site under test: ``$EXNEURO_SITE`` or ``_build/html``."""
    return Path(os.environ.get(SITE_ENV) or ROOT / "_build" / "html").resolve()


def book_root(site: Path | None = None) -> Path:
    """The book a built site comes from: ``<book>/_build/html`` -> ``<book>`` (else this repo)."""
    site = site or site_dir()
    candidate = site.resolve().parent.parent
    return candidate if site.name == "html" and (candidate / "_toc.yml").is_file() else ROOT


def find_chromium() -> str | None:
    """Path of the Chromium binary to drive, or None when there is none.

    ``$EXNEURO_CHROMIUM``, when set, is the only candidate (so pointing it at a missing
    file shows what a machine without Chromium does); otherwise ``/usr/bin/chromium``
    (Debian's package), then ``chromium`` or ``chromium-browser`` on the PATH.
    """
    override = os.environ.get(CHROMIUM_ENV)
    if override:
        candidates = [override]
    else:
        candidates = ["/usr/bin/chromium"]
        candidates += [shutil.which(name) for name in ("chromium", "chromium-browser")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def toc_docnames(root: Path = ROOT) -> list[str]:
    """Every document named in ``_toc.yml``, in reading order (root first)."""
    from exneuro import book

    return book.toc_documents(root / "_toc.yml")


def discover_pages(site: Path, root: Path | None = ROOT) -> list[str]:
    """Site-relative paths of every HTML page of a built site.

    Pages named in the table of contents come first, in reading order, then the other
    pages (the redirecting ``index.html``, ``search.html``, ``genindex.html``...) sorted.
    Sphinx's own folders (``_static``, ``_sources``, ``_images``...) are not pages.
    """
    found = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith(("_", "."))
    }
    ordered = []
    if root is not None and (root / "_toc.yml").exists():
        ordered = [f"{name}.html" for name in toc_docnames(root) if f"{name}.html" in found]
    return ordered + sorted(found - set(ordered))


def is_finding_chapter(page: str) -> bool:
    return bool(FINDING_CHAPTER.match(page))


def pages_under_test(site: Path | None = None) -> list[str]:
    """The pages the tests visit: those of the built site, or (not built) of ``_toc.yml``."""
    site = site or site_dir()
    if (site / "index.html").is_file():
        return discover_pages(site, book_root(site))
    return [f"{name}.html" for name in toc_docnames(book_root(site))]


# --------------------------------------------------------------------------------------
# A quiet local web server
# --------------------------------------------------------------------------------------
_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".map", ".txt", ".ipynb", ".xml", ".inv")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request log; optionally gzip-compressed like a real host."""

    gzip_cache: dict[str, bytes] | None = None  # set per server to compress

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.translate_path(self.path)
        if (
            self.gzip_cache is None
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.endswith(_COMPRESSIBLE)
            or not os.path.isfile(path)
        ):
            super().do_GET()
            return
        if path not in self.gzip_cache:
            with open(path, "rb") as handle:
                self.gzip_cache[path] = gzip.compress(handle.read(), compresslevel=6)
        body = self.gzip_cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser drops connections it no longer needs; that is not an error here.
        pass


class SiteServer:
    """Serve ``directory`` on http://127.0.0.1:<free port>/ from a background thread.

    With ``compress=True`` text files are sent gzip-compressed, as static hosts (GitHub Pages,
    Read the Docs, nginx defaults) send them, so transferred bytes are what readers get.
    """

    def __init__(self, directory: Path, *, compress: bool = False) -> None:
        self.directory = Path(directory)
        handler_class = type("_Handler", (_QuietHandler,), {"gzip_cache": {} if compress else None})
        handler = functools.partial(handler_class, directory=str(self.directory))
        self._server = _Server(("127.0.0.1", 0), handler)
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._status: dict[str, int] = {}
        self._ids: dict[str, frozenset[str]] = {}

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def url(self, page: str) -> str:
        return f"{self.origin}/{page.lstrip('/')}"

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == f"127.0.0.1:{self.port}"

    def status(self, path: str) -> int:
        """HTTP status of a site path (cached), as the browser would get it."""
        if path not in self._status:
            try:
                with urllib.request.urlopen(self.url(path), timeout=30) as response:
                    self._status[path] = response.status
            except urllib.error.HTTPError as error:
                self._status[path] = error.code
        return self._status[path]

    def ids(self, path: str) -> frozenset[str]:
        """The element ids (and ``<a name>``) of an HTML page of the site (cached)."""
        if path not in self._ids:
            file = self.directory / unquote(path.lstrip("/"))
            if file.is_dir():
                file = file / "index.html"
            text = file.read_text(encoding="utf-8") if file.is_file() else ""
            collector = _IdCollector()
            collector.feed(text)
            self._ids[path] = frozenset(collector.ids)
        return self._ids[path]


class _IdCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


# --------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------
@contextmanager
def chromium(executable: str | None = None) -> Iterator[Any]:
    """The distribution's Chromium, headless, driven by Playwright.

    Playwright gives every launch a fresh temporary user-data directory (and removes it
    on close), so no profile, cache or stored theme choice leaks between runs.
    """
    from playwright.sync_api import sync_playwright

    executable = executable or find_chromium()
    if executable is None:
        raise RuntimeError(INSTALL_HINT)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Guard:
    """What a guarded context let through and what it blocked."""

    blocked: list[str] = field(default_factory=list)


def guarded_context(
    browser: Any,
    server: SiteServer,
    *,
    viewport: dict[str, int] = DESKTOP,
    dark: bool = False,
    phone: bool = False,
    javascript: bool = True,
) -> tuple[Any, Guard]:
    """A fresh browser context that only reaches ``server``; other requests are blocked.

    Every blocked request (HTTP or WebSocket) is recorded in the returned :class:`Guard`,
    so a test can fail on it: blocking alone would hide what a reader's browser would try.
    ``javascript=False`` is a reader who has switched JavaScript off.
    """
    context = browser.new_context(
        viewport=viewport,
        color_scheme="dark" if dark else "light",
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
        service_workers="block",
        java_script_enabled=javascript,
    )
    guard = Guard()

    def route(route: Any) -> None:
        url = route.request.url
        if server.is_local(url):
            route.continue_()
        else:
            guard.blocked.append(url)
            route.abort("blockedbyclient")

    def route_socket(socket: Any) -> None:
        guard.blocked.append(socket.url)
        socket.close()

    context.route("**/*", route)
    context.route_web_socket(re.compile(".*"), route_socket)
    # Keep every resource-timing entry (the default buffer holds 250).
    context.add_init_script("performance.setResourceTimingBufferSize(100000);")
    return context, guard


# --------------------------------------------------------------------------------------
# Visiting a page
# --------------------------------------------------------------------------------------
@dataclass
class PageReport:
    """Everything observed while loading one page."""

    page: str
    url: str = ""
    status: int | None = None
    title: str = ""
    theme: str = ""
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    offsite_references: list[str] = field(default_factory=list)
    transferred_bytes: int = 0
    resources: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    ids: frozenset[str] = frozenset()
    images: list[dict[str, Any]] = field(default_factory=list)
    cells: list[dict[str, Any]] = field(default_factory=list)
    math: dict[str, int] = field(default_factory=dict)
    cite_boxes: int = 0
    downloads: list[str] = field(default_factory=list)
    axe_violations: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    first_screen: dict[str, Any] = field(default_factory=dict)


# Runs in the page once it has settled; returns plain JSON.
_COLLECT_JS = r"""
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const article = document.querySelector("article.bd-article") || document.querySelector("main")
    || document.body;

  const links = [...document.querySelectorAll("a[href], area[href]")].map((a) => ({
    href: a.href, raw: a.getAttribute("href"), text: (a.textContent || "").trim().slice(0, 80),
  }));
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id)
    .concat([...document.querySelectorAll("a[name]")].map((a) => a.name));

  // Elements that make the browser fetch something (links <a> only navigate).
  const fetching = [];
  const loaderLinks =
    /(^|\s)(stylesheet|preload|modulepreload|prefetch|preconnect|dns-prefetch|icon|manifest)(\s|$)/i;
  for (const el of document.querySelectorAll(
      "script[src], img[src], iframe[src], frame[src], source[src], video[src], audio[src], "
      + "embed[src], object[data], link[href], img[srcset], source[srcset]")) {
    if (el.tagName === "LINK" && !loaderLinks.test(el.rel || "")) continue;
    for (const attr of ["src", "href", "data"]) {
      const value = el.getAttribute(attr);
      if (value) fetching.push(new URL(value, document.baseURI).href);
    }
    for (const attr of ["srcset"]) {
      const value = el.getAttribute(attr);
      if (value) for (const part of value.split(",")) {
        const u = part.trim().split(/\s+/)[0];
        if (u) fetching.push(new URL(u, document.baseURI).href);
      }
    }
  }

  // Images: alt text, whether they loaded, and how opaque their border is (their
  // background, as a reader in dark mode sees it).
  const images = [];
  for (const img of document.images) {
    try { await img.decode(); } catch (e) { /* reported as not loaded below */ }
    const loaded = img.complete && img.naturalWidth > 0;
    const info = {
      src: img.currentSrc || img.src, alt: img.getAttribute("alt"),
      loaded, width: img.naturalWidth, height: img.naturalHeight,
      inContent: article.contains(img), borderMinAlpha: null, transparentFraction: null,
    };
    if (loaded && info.inContent) {
      const scale = Math.min(1, 1200 / Math.max(img.naturalWidth, img.naturalHeight));
      const w = Math.max(1, Math.round(img.naturalWidth * scale));
      const h = Math.max(1, Math.round(img.naturalHeight * scale));
      const canvas = document.createElement("canvas");
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      try {
        ctx.drawImage(img, 0, 0, w, h);
        const data = ctx.getImageData(0, 0, w, h).data;
        let borderMin = 255, transparent = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const a = data[(y * w + x) * 4 + 3];
            if (a < 255) transparent++;
            if ((x === 0 || y === 0 || x === w - 1 || y === h - 1) && a < borderMin) borderMin = a;
          }
        }
        info.borderMinAlpha = borderMin;
        info.transparentFraction = transparent / (w * h);
      } catch (e) { info.error = String(e); }
    }
    images.push(info);
  }

  // Code cells (MyST-NB): what each one's output shows.
  const cells = [...article.querySelectorAll("div.cell")].map((cell, index) => {
    const outputs = [...cell.querySelectorAll("div.cell_output")];
    const text = outputs.map((o) => o.textContent).join("\n");
    return {
      index, id: cell.id || "", classes: cell.className,
      hasOutput: outputs.length > 0,
      textLength: text.trim().length,
      rawRepr: text,
      media: outputs.reduce(
        (n, o) => n + o.querySelectorAll("img, svg, table, iframe, canvas, video, mjx-container").length, 0),
      brokenImages: outputs.reduce(
        (n, o) => n + [...o.querySelectorAll("img")]
          .filter((i) => !(i.complete && i.naturalWidth > 0)).length,
        0),
      errors: outputs.reduce(
        (n, o) => n + o.querySelectorAll(".output.traceback, .output.error, .output.stderr").length, 0),
    };
  });

  const mathNodes = article.querySelectorAll("div.math, span.math, .math.notranslate").length;
  const math = {
    nodes: mathNodes,
    rendered: document.querySelectorAll("mjx-container").length,
    errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
    mathjax: window.MathJax && window.MathJax.version ? 1 : 0,
  };

  const timing = performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"));
  const resources = timing.map((e) => ({
    url: e.name, type: e.initiatorType || "navigation", transferred: e.transferSize || 0,
    encoded: e.encodedBodySize || 0, decoded: e.decodedBodySize || 0,
  }));

  return {
    url: location.href, title: document.title,
    theme: document.documentElement.dataset.theme || "",
    links, ids, fetching, images, cells, math, resources,
    citeBoxes: document.querySelectorAll(".admonition.cite-this-chapter").length,
    downloads: [...document.querySelectorAll(".dropdown-download-buttons a[href]")].map((a) => a.href),
    text: article.innerText,
  };
}
"""


#: What the first screen shows, measured at the top of the page: where the "Bottom line"
#: box's verdict ends against the viewport's height, and what is wider than the screen.
FIRST_SCREEN_JS = r"""
() => {
  const box = document.querySelector(".admonition.bottom-line");
  if (!box) return {box: false};
  const rect = box.getBoundingClientRect();
  const verdict = [...box.querySelectorAll("p")].find((p) => p.textContent.trim().startsWith("Verdict:"));
  const vRect = verdict ? verdict.getBoundingClientRect() : null;
  const main = document.querySelector("main") || document.body;
  const wide = [...main.querySelectorAll("*")].filter((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= document.documentElement.clientWidth + 1) return false;
    // inside a horizontally scrollable container is fine: the page itself does not scroll sideways
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (["auto", "scroll"].includes(style.overflowX) && p.scrollWidth > p.clientWidth) return false;
    }
    return true;
  }).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
  return {
    box: true, top: rect.top, verdictBottom: vRect ? vRect.bottom : null,
    verdictText: verdict ? verdict.textContent.trim() : "",
    viewport: window.innerHeight,
    pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
    wide: wide.slice(0, 5),
  };
}
"""


def _settle(page: Any) -> None:
    """Wait until the page and anything it loads lazily have finished loading."""
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception:  # noqa: BLE001 - a page that never idles is judged by what it loaded
        pass
    # Scroll through the page so lazily loaded images load too, then back to the top.
    page.evaluate(
        """async () => {
          const step = Math.max(200, window.innerHeight);
          for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
            window.scrollTo(0, y);
            await new Promise((r) => requestAnimationFrame(() => r()));
          }
          window.scrollTo(0, 0);
          // Wait for what the scroll started loading (the report awaits every image too).
          await Promise.all([...document.images].map((i) => i.decode().catch(() => {})));
          await document.fonts.ready;
        }"""
    )


def visit(
    browser: Any,
    server: SiteServer,
    page_path: str,
    *,
    axe: str | None = "full",
    dark: bool = False,
    viewport: dict[str, int] = DESKTOP,
) -> PageReport:
    """Load ``page_path`` from ``server`` in a fresh context and report what happened.

    ``axe`` is a mode of :func:`run_axe`, or None not to run axe-core.
    """
    context, guard = guarded_context(browser, server, viewport=viewport, dark=dark)
    report = PageReport(page=page_path)
    try:
        page = context.new_page()
        page.on("console", lambda m: report.console_errors.append(
            f"{m.text} ({m.location.get('url', '')}:{m.location.get('lineNumber', '')})"
        ) if m.type == "error" else None)
        page.on("pageerror", lambda e: report.page_errors.append(str(e)))

        def failed(request: Any) -> None:
            if server.is_local(request.url):
                report.failed_requests.append(f"{request.url} ({request.failure})")

        def responded(response: Any) -> None:
            if server.is_local(response.url) and response.status >= 400:
                report.failed_requests.append(f"{response.url} (HTTP {response.status})")

        page.on("requestfailed", failed)
        page.on("response", responded)
        response = page.goto(server.url(page_path), wait_until="load", timeout=60_000)
        report.status = response.status if response is not None else None
        _settle(page)
        data = page.evaluate(_COLLECT_JS)
        report.first_screen = page.evaluate(FIRST_SCREEN_JS)
        if axe:
            report.axe_violations = run_axe(page, axe)
        report.url = data["url"]
        report.title = data["title"]
        report.theme = data["theme"]
        report.links = data["links"]
        report.ids = frozenset(data["ids"])
        report.offsite_references = sorted(
            {u for u in data["fetching"] if not server.is_local(u) and not u.startswith(("data:", "blob:"))}
        )
        report.images = data["images"]
        report.cells = data["cells"]
        report.math = data["math"]
        report.resources = data["resources"]
        report.transferred_bytes = sum(r["transferred"] for r in data["resources"])
        report.cite_boxes = data["citeBoxes"]
        report.downloads = data["downloads"]
        report.text = data["text"]
    finally:
        context.close()
    report.blocked_requests = list(guard.blocked)
    return report


#: Syntax-highlighted code and text outputs, styled identically on every page by the
#: Pygments theme: "code-contrast" checks every one of their elements once per colour
#: scheme, on the first page with code.
CODE_BLOCKS = [["div.highlight"]]
#: Elements marked by :data:`_SAMPLE_STYLES_JS` for per-page colour contrast.
SAMPLE_ATTRIBUTE = "data-contrast-sample"
_CONTRAST = {"type": "rule", "values": ["color-contrast"]}

# Per-page colour contrast checks one element of each text style on the page, outside code
# blocks. Two pieces of text with the same colour, background (every colour and image up
# the tree to the first opaque colour), size, weight, shadow and opacity (its own times
# its ancestors') have the same contrast ratio and the same large-text threshold, so axe-core's
# colour-contrast rule (a few milliseconds per element: minutes for the API reference)
# gives them the same result.
# Text that axe does not check either is left out: hidden, or smaller than 2 x 2 px (the
# screen-reader-only copies of MathJax's formulas). Marks one element per style with
# SAMPLE_ATTRIBUTE and returns how many.
_SAMPLE_STYLES_JS = r"""
([attribute, apart]) => {
  const separate = new Set();
  for (const selector of apart) {
    for (const root of document.querySelectorAll(selector)) {
      separate.add(root);
      for (const el of root.querySelectorAll("*")) separate.add(el);
    }
  }
  // rgb(...) is opaque; rgba(..., a) with a < 1 lets what is behind show through.
  const alpha = (c) => (c.startsWith("rgba(") ? parseFloat(c.split(",")[3]) : c === "transparent" ? 0 : 1);
  // Every background layer up to the first opaque colour, and the opacity of the text
  // after every ancestor's.
  const behind = (el) => {
    const layers = [];
    let opacity = 1, opaque = false;
    for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      opacity *= parseFloat(s.opacity);
      if (opaque) continue;
      if (s.backgroundImage !== "none") layers.push(s.backgroundImage);
      if (alpha(s.backgroundColor) > 0) layers.push(s.backgroundColor);
      opaque = alpha(s.backgroundColor) === 1;
    }
    return [...(opaque ? [] : ["none"]), ...layers.reverse(), `opacity ${opacity}`].join(" + ");
  };
  const hasText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const seen = new Set();
  for (const el of document.querySelectorAll(`[${attribute}]`)) el.removeAttribute(attribute);
  for (const el of document.body.querySelectorAll("*")) {
    if (separate.has(el) || !hasText(el)) continue;
    const box = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (box.width < 2 || box.height < 2 || s.visibility !== "visible") continue;
    const key = [s.color, behind(el), s.fontSize, s.fontWeight, s.textShadow].join(" / ");
    if (seen.has(key)) continue;
    seen.add(key);
    el.setAttribute(attribute, "");
  }
  return seen.size;
}
"""

#: One axe-core run per mode of :func:`run_axe`: (context, options, whether colour
#: contrast looks only at the elements :data:`_SAMPLE_STYLES_JS` marks). Each run costs a
#: fixed set-up in proportion to the page (seconds for the API reference), so every rule
#: goes into one run.
AXE_MODES: dict[str, tuple[dict[str, Any] | None, dict[str, Any], bool]] = {
    "full": (None, {}, True),
    "contrast": (None, {"runOnly": _CONTRAST}, True),
    "code-contrast": ({"include": CODE_BLOCKS}, {"runOnly": _CONTRAST}, False),
}


def visit_many(
    jobs: list[tuple[str, bool]],
    server: SiteServer,
    *,
    workers: int = 2,
    executable: str | None = None,
    axe: dict[bool, str | None] | None = None,
) -> dict[tuple[str, bool], PageReport | Exception]:
    """Visit ``(page, dark)`` jobs with ``workers`` browsers in parallel threads.

    Each thread drives its own Chromium (Playwright's sync API is per thread). A visit
    that raises is returned as its exception, so one broken page fails only its own tests.
    ``axe`` maps ``dark`` to the axe mode (default: "full" in light, "contrast" in dark).
    """
    modes = axe or {False: "full", True: "contrast"}
    pending: queue.Queue[tuple[str, bool]] = queue.Queue()
    for job in jobs:
        pending.put(job)
    results: dict[tuple[str, bool], PageReport | Exception] = {}

    def work() -> None:
        with chromium(executable) as browser:
            while True:
                try:
                    page, dark = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[(page, dark)] = visit(browser, server, page, dark=dark, axe=modes[dark])
                except Exception as error:  # noqa: BLE001 - handed to the page's tests
                    results[(page, dark)] = error

    threads = [threading.Thread(target=work) for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def run_axe(page: Any, mode: str = "full") -> list[dict[str, Any]]:
    """axe-core's violations on the current page.

    axe-core is the copy shipped inside axe-playwright-python (pinned in the lock file).
    ``mode``: "full" (every rule; colour contrast outside code blocks), "contrast" (colour
    contrast outside code blocks) or "code-contrast" (colour contrast of code blocks).
    The first two check the contrast of one element per text style (see
    :data:`_SAMPLE_STYLES_JS`).
    """
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    context, extra, sampled = AXE_MODES[mode]
    if sampled:
        page.evaluate(_SAMPLE_STYLES_JS, [SAMPLE_ATTRIBUTE, [" ".join(c) for c in CODE_BLOCKS]])
    # No CSSOM preload: axe would re-fetch @import-ed stylesheets relative to the page,
    # not to the stylesheet, and report its own 404s as the site's failed requests.
    options = {"resultTypes": ["violations"], "preload": False, **extra}
    violations = page.evaluate(
        """async ([context, options, selector]) => {
          if (selector) axe.configure({rules: [{id: "color-contrast", selector}]});
          try { return (await axe.run(context || document, options)).violations; }
          finally { if (selector) axe.reset(); }
        }""",
        [context, options, f"[{SAMPLE_ATTRIBUTE}]" if sampled else None],
    )
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help", ""),
            "targets": [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])],
            "summary": " ".join((v.get("nodes") or [{}])[0].get("failureSummary", "").split()),
        }
        for v in violations
    ]


# --------------------------------------------------------------------------------------
# Checks: each returns a list of problems, empty when the page is fine
# --------------------------------------------------------------------------------------
def explain(problems: list[str]) -> str:
    """An assertion message: one problem per line."""
    return "\n".join(["", *problems])


def load_problems(report: PageReport) -> list[str]:
    """The page itself failed to load."""
    if report.status is None or report.status >= 400:
        return [f"{report.page}: HTTP status {report.status}"]
    return []


def console_problems(report: PageReport) -> list[str]:
    """Uncaught JavaScript exceptions and console errors."""
    return [f"JavaScript error: {e}" for e in report.page_errors] + [
        f"console error: {e}" for e in report.console_errors
    ]


def request_problems(report: PageReport) -> list[str]:
    """Local resources that failed to load (network failure or HTTP status >= 400)."""
    return [f"failed request: {r}" for r in dict.fromkeys(report.failed_requests)]


def offline_problems(report: PageReport) -> list[str]:
    """Anything that would leave the host: requests made, or resources the page points at."""
    problems = [f"request to another host (blocked): {u}" for u in dict.fromkeys(report.blocked_requests)]
    problems += [f"page loads a resource from another host: {u}" for u in report.offsite_references]
    return problems


def link_problems(report: PageReport, server: SiteServer) -> list[str]:
    """Internal links whose target is missing, or whose #anchor is not in the target."""
    problems = []
    page_path = urlsplit(report.url).path if report.url else "/" + report.page
    for link in report.links:
        parts = urlsplit(link["href"])
        if not server.is_local(link["href"]):
            continue  # external (not fetched: the book must work offline) or mailto: etc.
        status = server.status(parts.path)
        if status >= 400:
            problems.append(f"broken link {link['raw']!r} ({link['text']!r}): HTTP {status}")
            continue
        fragment = unquote(parts.fragment)
        if not fragment or not parts.path.endswith((".html", "/")):
            continue
        ids = report.ids | server.ids(parts.path) if parts.path == page_path else server.ids(parts.path)
        if fragment not in ids:
            problems.append(f"broken anchor {link['raw']!r} ({link['text']!r}): no id {fragment!r}")
    return list(dict.fromkeys(problems))


def alt_text_problems(report: PageReport) -> list[str]:
    """Images without alt text, and images that did not load."""
    problems = []
    for image in report.images:
        name = image["src"].rsplit("/", 1)[-1][:60]
        if not (image["alt"] or "").strip():
            problems.append(f"image without alt text: {name}")
        if not image["loaded"]:
            problems.append(f"image did not load: {name}")
    return problems


def dark_mode_problems(report: PageReport) -> list[str]:
    """Figures with a (partly) transparent background: unreadable on the dark theme."""
    problems = []
    for image in report.images:
        if not image["inContent"] or not image["loaded"]:
            continue
        name = image["src"].rsplit("/", 1)[-1][:60]
        if image.get("error"):
            problems.append(f"figure {name}: could not read its pixels ({image['error']})")
        elif image["borderMinAlpha"] is None or image["borderMinAlpha"] < 255:
            problems.append(
                f"figure {name} has a transparent background (edge alpha "
                f"{image['borderMinAlpha']}): save it with an opaque facecolor"
            )
    return problems


def output_problems(report: PageReport, notebook: dict[str, Any] | None = None) -> list[str]:
    """Code-cell outputs that did not render: empty, errors, broken images, raw reprs.

    With the page's notebook, also check that every code cell with a stored visible
    output shows one on the page.
    """
    problems = []
    for cell in report.cells:
        label = f"code cell {cell['index'] + 1}"
        if not cell["hasOutput"]:
            continue
        if cell["textLength"] == 0 and cell["media"] == 0:
            problems.append(f"{label}: its output is empty")
        if cell["errors"]:
            problems.append(f"{label}: shows an error or stderr output")
        if cell["brokenImages"]:
            problems.append(f"{label}: {cell['brokenImages']} output image(s) did not load")
        match = RAW_REPR.search(cell["rawRepr"])
        if match:
            problems.append(f"{label}: shows {match.group(0)!r} instead of the rendered output")
    if notebook is not None:
        expected = expected_outputs(notebook)
        shown = [cell["hasOutput"] for cell in report.cells]
        if len(expected) != len(shown):
            problems.append(
                f"the notebook has {len(expected)} rendered code cells, the page {len(shown)}"
            )
        else:
            for index, (want, got) in enumerate(zip(expected, shown, strict=True)):
                if want and not got:
                    problems.append(f"code cell {index + 1}: stored output missing from the page")
    return problems


_HIDDEN_MIME = re.compile(r"^application/papermill\.record/")


def expected_outputs(notebook: dict[str, Any]) -> list[bool]:
    """For each code cell MyST-NB renders, whether it has an output to show."""
    expected = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            continue
        visible = False
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("stream", "error"):
                visible = (visible or bool("".join(output.get("text", "")).strip())
                           or output.get("output_type") == "error")
            elif any(not _HIDDEN_MIME.match(mime) for mime in output.get("data", {})):
                visible = True
        expected.append(visible and "remove-output" not in tags)
    return expected


def math_problems(report: PageReport) -> list[str]:
    """Math that MathJax did not typeset (or typeset with errors)."""
    nodes = report.math.get("nodes", 0)
    if not nodes:
        return []
    problems = []
    if not report.math.get("mathjax"):
        problems.append(f"{nodes} math element(s) but MathJax did not load")
    elif report.math.get("rendered", 0) < nodes:
        problems.append(f"{nodes} math element(s), only {report.math.get('rendered', 0)} typeset")
    if report.math.get("errors"):
        problems.append(f"{report.math['errors']} math element(s) typeset with errors")
    return problems


def axe_problems(report: PageReport) -> list[str]:
    """axe-core violations of serious or critical impact."""
    return [
        f"axe {v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['targets'][:5])}"
        + (f" and {len(v['targets']) - 5} more" if len(v["targets"]) > 5 else "")
        + (f". {v['summary']}" if v.get("summary") else "")
        for v in report.axe_violations
        if v["impact"] in FAILING_IMPACTS
    ]


def chapter_feature_problems(report: PageReport) -> list[str]:
    """A finding chapter offers a "cite this chapter" box and its notebook for download."""
    problems = []
    if report.cite_boxes < 1:
        problems.append("no 'cite this chapter' box (admonition with class cite-this-chapter)")
    if not any(urlsplit(u).path.endswith(".ipynb") for u in report.downloads):
        problems.append("the download menu offers no .ipynb notebook")
    return problems


def bundle_problems(report: PageReport, server: SiteServer) -> list[str]:
    """A finding chapter offers its runnable bundle (``bundles/<slug>.zip``) for download."""
    slug = report.page.split("/")[1] if report.page.count("/") >= 2 else ""
    zips = [u for u in report.downloads if urlsplit(u).path.endswith(f"/bundles/{slug}.zip")]
    if not zips:
        return [f"the download menu offers no runnable bundle (bundles/{slug}.zip)"]
    status = server.status(urlsplit(zips[0]).path)
    return [] if status < 400 else [f"the bundle {zips[0]} is not on the site: HTTP {status}"]


#: Terms a reader would search for, by finding-chapter folder. The first term the chapter's
#: text contains is used; otherwise the longest word of the chapter's title.
SEARCH_HINTS: dict[str, tuple[str, ...]] = {
    "02-hindlimb-unloading": ("subventricular",),
    "03-muscle-neurogenesis": ("irisin", "FNDC5"),
    "04-exercise-neuromodulation": ("serotonin",),
    "05-als-running-swimming": ("SOD1",),
    "06-brain-bone": ("osteoporosis",),
}


def search_term(report: PageReport) -> str:
    """A term from the page itself that the site search should find it by."""
    folder = report.page.split("/")[1] if report.page.count("/") >= 2 else ""
    for term in SEARCH_HINTS.get(folder, ()):
        if term in report.text:
            return term
    heading = report.title.split(" \u2014 ")[0]
    words = re.findall(r"[A-Za-z][A-Za-z0-9]{3,}", heading)
    if not words:
        raise ValueError(f"{report.page}: no word in its title {report.title!r} to search for")
    return max(words, key=len)


def search_results(browser: Any, server: SiteServer, term: str) -> list[str]:
    """Site paths listed by the theme's search page for ``term``."""
    context, _guard = guarded_context(browser, server)
    try:
        page = context.new_page()
        page.goto(server.url(f"search.html?q={urllib.request.quote(term)}"), wait_until="load")
        page.wait_for_function(
            """() => {
              const s = document.querySelector('#search-results .search-summary');
              return s && /found|did not match/i.test(s.textContent);
            }""",
            timeout=30_000,
        )
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    finally:
        context.close()
    return [urlsplit(h).path.lstrip("/") for h in hrefs]
