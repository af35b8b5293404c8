"""Offer each finding chapter's runnable bundle in its download menu, and put it on the site.

A finding chapter's plain ``.ipynb`` download fails outside a clone of the repository:
``exneuro`` is not installable from anywhere a reader can reach, and the data are not
beside it. After an HTML build this extension writes, for every finding chapter (the
chapters of ``data/sources.csv``), ``bundles/<slug>.zip`` into the site: the notebook, the
data, a wheel of ``exneuro`` built from this version and two hashed requirement files, with
a README giving the two commands (``tools/takeaway.py`` says exactly what is in it). Each
such chapter's download menu gets a ``.zip`` entry beside ``.ipynb`` and ``.pdf``, and the
chapter's "Running this notebook yourself" note names the bundle
(``exneuro.chapter.Chapter.running_note``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
FOLDER = "bundles"


def _takeaway(app: Sphinx) -> Any:
    tools = str(Path(app.srcdir) / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import takeaway

    return takeaway


def _chapters(app: Sphinx) -> dict[str, str]:
    """docname -> slug of every finding chapter (read once per build; none in a book
    without ``tools/takeaway.py`` and ``data/sources.csv``, such as the test books)."""
    if not hasattr(app, "_exneuro_bundles"):
        root = Path(app.srcdir)
        if not (root / "tools" / "takeaway.py").is_file() or not (root / "data" / "sources.csv").is_file():
            app._exneuro_bundles = {}  # type: ignore[attr-defined]
            return app._exneuro_bundles  # type: ignore[attr-defined]
        found = _takeaway(app).finding_chapters(root)
        app._exneuro_bundles = {  # type: ignore[attr-defined]
            path.relative_to(Path(app.srcdir)).with_suffix("").as_posix(): slug
            for slug, path in found.items()}
    return app._exneuro_bundles  # type: ignore[attr-defined]


def _add_download(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    slug = _chapters(app).get(pagename)
    if slug is None or app.builder.format != "html":
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(1, {
                "type": "link",
                "url": context["pathto"](f"{FOLDER}/{slug}.zip", 1),
                "text": ".zip",
                "tooltip": "Download a runnable bundle: this notebook, the data, the exneuro package "
                           "and a README with two commands",
                "icon": "fas fa-file-zipper",
                "label": "download-bundle-button",
            })


def _write_bundles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    slugs = sorted(set(_chapters(app).values()))
    if not slugs:
        return
    written = _takeaway(app).write_bundles(Path(app.outdir) / FOLDER, Path(app.srcdir), slugs)
    logger.info(f"chapter_bundles: {len(written)} runnable bundles in {FOLDER}/")


def setup(app: Sphinx) -> dict[str, object]:
    # After sphinx-book-theme has built the header buttons (its handlers use the default 500).
    app.connect("html-page-context", _add_download, priority=700)
    app.connect("build-finished", _write_bundles, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
