"""Show the book's version, taken from the one place it is kept, in the site footer.

The version lives in ``src/exneuro/_version.py``; CITATION.cff and the "cite this chapter"
boxes are checked against it by the test suite.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

ROOT = Path(__file__).resolve().parent.parent


def book_version() -> str:
    """Read ``__version__`` from ``src/exneuro/_version.py`` without importing the package."""
    text = (ROOT / "src" / "exneuro" / "_version.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if match is None:
        raise RuntimeError("src/exneuro/_version.py does not define __version__")
    return match.group(1)


def book_citation() -> str:
    """The whole book's citation (authors, year, title, version, site URL) from CITATION.cff."""
    from exneuro import cite

    if not (ROOT / "CITATION.cff").is_file():  # a throw-away test book without one
        return ""
    meta = cite.book_metadata(ROOT)
    where = f" <{meta.url}>" if meta.url else ""
    return f"{'; '.join(meta.authors)} ({meta.year}). *{meta.title}*, version {meta.version}.{where}"


def _set_version(app: Sphinx, config: Config) -> None:
    version = book_version()
    config.version = version
    config.release = version
    footer = (
        f'<p class="book-version">Version {version}. Text and figures: '
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; '
        'code: MIT licence.</p>'
    )
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = footer
    config.html_theme_options = options
    # Pages can write {{ book_version }} (MyST substitution) instead of a literal number.
    substitutions = dict(getattr(config, "myst_substitutions", {}) or {})
    substitutions["book_version"] = version
    # ... and {{ book_citation }} for the whole book, with the authors CITATION.cff lists.
    substitutions["book_citation"] = book_citation()
    config.myst_substitutions = substitutions


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _set_version)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
