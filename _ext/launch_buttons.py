"""Binder and Colab launch buttons, and the repository buttons, switched on by one setting.

``_config.yml`` keeps the launch settings (``launch_buttons.binderhub_url``, ``colab_url``,
``notebook_interface``) and the repository (``repository.url``, ``branch``,
``path_to_book``). Jupyter Book copies them into the theme's options only when
``sphinx.config.html_theme_options`` is not set, and this book sets it; and a launch
provider without a repository breaks the theme's page rendering. This extension reads
``_config.yml`` and, **only when ``repository.url`` is filled in**, gives the theme the
repository, the repository, issues and edit buttons, and the Binder and Colab buttons
(every notebook page then gets a launch menu). While ``repository.url`` is empty, as it is
until there is a public repository, the theme gets none of them and the site loads no
remote service.

Binder builds its environment from ``binder/`` (written from the lock files by
``python tools/takeaway.py binder``; a test keeps them in step).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config

#: Launch providers the theme knows; only these are passed on.
PROVIDERS = ("binderhub_url", "colab_url", "jupyterhub_url")


def theme_options(book_config: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with the repository and launch settings of ``book_config`` (``_config.yml``).

    Without ``repository.url`` every repository and launch option is removed.
    """
    options = dict(options)
    repository = book_config.get("repository") or {}
    url = str(repository.get("url") or "").strip()
    for key in ("repository_url", "repository_branch", "path_to_docs", "launch_buttons",
                "use_repository_button", "use_issues_button", "use_edit_page_button"):
        options.pop(key, None)
    if not url:
        return options
    launch = book_config.get("launch_buttons") or {}
    options.update({
        "repository_url": url,
        "repository_branch": str(repository.get("branch") or "main"),
        "path_to_docs": str(repository.get("path_to_book") or ""),
        "use_repository_button": True,
        "use_issues_button": True,
        "use_edit_page_button": True,
        "launch_buttons": {
            **{key: str(launch[key]) for key in PROVIDERS if launch.get(key)},
            "notebook_interface": str(launch.get("notebook_interface") or "jupyterlab"),
            "thebe": False,
        },
    })
    return options


def _configure(app: Sphinx, config: Config) -> None:
    path = Path(app.srcdir) / "_config.yml"
    book_config = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    config.html_theme_options = theme_options(book_config or {}, config.html_theme_options or {})


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _configure, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
