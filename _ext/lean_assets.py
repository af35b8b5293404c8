"""Keep every page light: only the scripts, icon glyphs and MathJax parts the pages use.

The page-weight budget (600 kB transferred on a first visit, ``make bench``) is spent by
the theme before a chapter shows a word. Measured on the pinned toolchain, a chapter page
loaded ``fontawesome.js`` (543 kB compressed), the whole ``fa-solid-900`` icon font
(157 kB), MathJax's combined ``tex-chtml.js`` (264 kB) and the search index (34 kB) on
pages that use 14 icons, one formula or no formula, and no search-as-you-type. This
extension, after the build:

1. **drops ``fontawesome.js``**, the theme's script that swaps icon elements for inline
   SVG. The theme's CSS already draws the same icons with the Font Awesome icon font
   (``.fa-bars:before{content:"\\f0c9"}``), so nothing is lost;
2. **cuts the icon font down to the glyphs the site uses** (the ``fa-*`` classes in the
   built pages and the theme's scripts), with fontTools, in both formats the CSS offers
   (WOFF2 and TrueType);
3. **serves the site's icon at ``/favicon.ico``** too (the root page is a bare redirect
   without an icon link, so a browser may ask there); and **leaves the search index to
   the search page**: pydata-sphinx-theme loads it on every
   page for its search-as-you-type mode, which this book does not switch on
   (``search_as_you_type`` is off by default);
4. **serves MathJax in parts**: instead of the combined ``tex-chtml.js`` (TeX input with
   every common package, CommonHTML output, the context menu), pages load MathJax's
   ``startup.js``, which fetches only the TeX core, the AMS, ``newcommand`` and
   ``noundefined`` packages, the CommonHTML output and the hidden MathML copy for screen
   readers; and only those files (plus the fonts) are copied into the site, not all 24 MB
   of the ``sphinx-mathjax-offline`` package. MathJax is still only loaded by pages with
   math: Sphinx's own rule also loads it on a page whose table of contents *includes* a
   page with math (the root page includes every page), which this extension narrows to
   the page's own content.

``tests/site`` checks the result in Chromium (math typeset, icons drawn, no failed
request) and ``tests/build`` checks that the subset font holds every glyph the pages use.
"""

from __future__ import annotations

import re
import shutil
from importlib.metadata import distribution
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.domains.math import MathDomain
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The MathJax components a page loads (MathJax 3 loader names), and the TeX packages.
MATHJAX_COMPONENTS = ["input/tex-base", "[tex]/ams", "[tex]/newcommand", "[tex]/noundefined",
                      "output/chtml", "a11y/assistive-mml"]
TEX_PACKAGES = ["base", "ams", "newcommand", "noundefined"]
#: Files of the MathJax distribution those components need (paths under mathjax/).
MATHJAX_FILES = ["startup.js", "core.js", "input/tex-base.js", "input/tex/extensions/ams.js",
                 "input/tex/extensions/newcommand.js", "input/tex/extensions/noundefined.js",
                 "output/chtml.js", "output/chtml/fonts/tex.js", "output/chtml/fonts/woff-v2",
                 "a11y/assistive-mml.js"]

FONTAWESOME_SCRIPT = re.compile(
    r'\s*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>'
)
SEARCH_INDEX_SCRIPT = re.compile(r'\s*<script[^>]*src="[^"]*searchindex\.js"[^>]*>\s*</script>')
ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
# `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}` in the theme's CSS.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:"\\([0-9a-f]{4,5})"\}')


def mathjax_source() -> Path:
    """The MathJax distribution shipped by the ``sphinx-mathjax-offline`` package."""
    folder = Path(str(distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline")))
    folder = folder / "static" / "mathjax"
    if not (folder / "startup.js").is_file():
        raise RuntimeError(f"MathJax's startup.js is not in {folder}; is sphinx-mathjax-offline installed?")
    return folder


def _has_own_equations(self: MathDomain, docname: str | None = None) -> bool:
    if not docname:
        return any(self.data["has_equations"].values())
    return bool(self.data["has_equations"].get(docname, False))


def _configure_mathjax(app: Sphinx) -> None:
    app.config.mathjax_path = "mathjax/startup.js"
    config = dict(app.config.mathjax3_config or {})
    loader = dict(config.get("loader", {}))
    loader["load"] = list(dict.fromkeys([*loader.get("load", []), *MATHJAX_COMPONENTS]))
    config["loader"] = loader
    tex = dict(config.get("tex", {}))
    tex["packages"] = TEX_PACKAGES
    config["tex"] = tex
    app.config.mathjax3_config = config


def icon_codepoints(css: str) -> dict[str, int]:
    """Map Font Awesome class names (without ``fa-``) to their code points, from CSS."""
    found: dict[str, int] = {}
    for selectors, code in ICON_RULE.findall(css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):{1,2}before", selectors):
            found.setdefault(name, int(code, 16))
    return found


def used_icons(outdir: Path) -> set[str]:
    """Font Awesome names used in the built pages and in the theme's scripts."""
    names: set[str] = set()
    files = list(outdir.rglob("*.html")) + [p for p in (outdir / "_static").rglob("*.js")
                                             if "fontawesome" not in p.name and "mathjax" not in p.parts]
    for path in files:
        names.update(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def subset_icon_font(outdir: Path) -> tuple[int, int]:
    """Subset ``fa-solid-900`` (WOFF2 and TTF) to the glyphs used; return (before, after) bytes."""
    from fontTools import subset

    css = "".join(p.read_text(encoding="utf-8") for p in (outdir / "_static" / "styles").glob("*.css"))
    mapping = icon_codepoints(css)
    codepoints = sorted({mapping[name] for name in used_icons(outdir) if name in mapping})
    fonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    before = after = 0
    for path, flavor in ((fonts / "fa-solid-900.woff2", "woff2"), (fonts / "fa-solid-900.ttf", None)):
        if not path.is_file():
            continue
        before += path.stat().st_size
        options = subset.Options()
        options.flavor = flavor
        options.layout_features = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        subset.save_font(font, str(path), options)
        after += path.stat().st_size
    return before, after


def write_root_favicon(path: Path) -> None:
    """The site's icon (``_static/favicon.svg``: a pulse line on blue) as a 32 px ICO file."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then shrink: smooth edges
    image = Image.new("RGBA", (32 * scale, 32 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 32 * scale - 1, 32 * scale - 1), radius=6 * scale, fill="#1f5f8b")
    points = [(5, 20), (10, 20), (13, 11), (17, 25), (20, 17), (27, 17)]
    draw.line(
        [(x * scale, y * scale) for x, y in points], fill="white", width=int(2.6 * scale), joint="curve"
    )
    image.resize((32, 32), Image.LANCZOS).save(path, format="ICO", sizes=[(32, 32)])


def _copy_mathjax(outdir: Path) -> None:
    source = mathjax_source()
    target = outdir / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    for relative in MATHJAX_FILES:
        origin = source / relative
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination)
        else:
            shutil.copy2(origin, destination)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = FONTAWESOME_SCRIPT.sub("", text)
        if page.name != "search.html" or page.parent != outdir:
            new = SEARCH_INDEX_SCRIPT.sub("", new)
        if new != text:
            page.write_text(new, encoding="utf-8")
    # Jupyter Book's root index.html is a bare redirect with no icon link, so a browser may
    # ask for /favicon.ico (a 404 on a first visit): serve one there.
    write_root_favicon(outdir / "favicon.ico")
    for leftover in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        leftover.unlink()
    _copy_mathjax(outdir)
    before, after = subset_icon_font(outdir)
    logger.info(f"lean_assets: icon font {before:,} -> {after:,} bytes; MathJax in parts")


def setup(app: Sphinx) -> dict[str, object]:
    import logging as stdlib_logging

    stdlib_logging.getLogger("fontTools").setLevel(stdlib_logging.WARNING)
    MathDomain.has_equations = _has_own_equations  # type: ignore[method-assign]
    app.connect("builder-inited", _configure_mathjax, priority=900)
    app.connect("build-finished", _finish, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
