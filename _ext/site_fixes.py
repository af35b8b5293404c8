"""Two small fixes to the HTML the pinned toolchain writes, found by the browser tests.

1. **A JavaScript error on every page.** Sphinx 7.4 writes an inline ``<script>`` twice
   when an extension adds it after the builder has started (``filename=None`` on the first
   call, ``''`` on the second, so the duplicate check misses it). sphinx-thebe adds
   ``const THEBE_JS_URL = ...`` that way, and the second copy throws "Identifier
   'THEBE_JS_URL' has already been declared". This backports the upstream fix
   (sphinx-doc/sphinx pull request 13402: pass ``''`` for ``None``); it does nothing on a
   Sphinx that already has it.
2. **A list without list items for screen readers.** docutils writes the bibliography as
   ``<div role="list">`` whose entries carry the deprecated ``role="doc-biblioentry"``,
   which is not a list item (axe-core: aria-required-children, critical). DPUB-ARIA 1.1
   tells authors to use ``listitem`` instead, which is what this writes.

3. **A slow bibliography.** pybtex finds its style plugins through
   ``importlib.metadata.entry_points()`` once per citation, and each call scans every
   installed distribution: 182 lookups, about 3 s of a 20 s build. Installed entry points
   do not change during a build, so the lookup is remembered per (group, name).

Remove this extension (and its line in ``_config.yml``) once the pinned Sphinx and
docutils write this HTML themselves; ``tests/site`` will say if anything regresses.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder


def _patch_inline_js_dedup() -> None:
    original = StandaloneHTMLBuilder.add_js_file
    if getattr(original, "_exneuro_patched", False):
        return

    def add_js_file(self: StandaloneHTMLBuilder, filename: str | None, **kwargs: Any) -> None:
        original(self, filename or "", **kwargs)

    add_js_file._exneuro_patched = True  # type: ignore[attr-defined]
    StandaloneHTMLBuilder.add_js_file = add_js_file  # type: ignore[method-assign]


def _bibliography_list_items(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _cache_pybtex_entry_points() -> None:
    import pybtex.plugin

    original = pybtex.plugin.entry_points
    if getattr(original, "_exneuro_cached", False):
        return
    found: dict[tuple[str, str], tuple[Any, ...]] = {}

    def entry_points(*, group: str, name: str) -> tuple[Any, ...]:
        if (group, name) not in found:
            found[(group, name)] = tuple(original(group=group, name=name))
        return found[(group, name)]

    entry_points._exneuro_cached = True  # type: ignore[attr-defined]
    pybtex.plugin.entry_points = entry_points  # type: ignore[assignment]


def setup(app: Sphinx) -> dict[str, object]:
    _patch_inline_js_dedup()
    _cache_pybtex_entry_points()
    app.connect("html-page-context", _bibliography_list_items)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
