"""Render the notebooks' stored outputs instead of executing them, when asked to.

``make test`` sets ``EXNEURO_RENDER_STORED=1`` for its build. In the same test run,
``pytest --nbval`` executes every notebook afresh and fails unless each stored output
reproduces exactly; executing every notebook for the site as well would do the same work
twice. The site ``make test`` checks is therefore built from the stored outputs, which the
same run proves current. ``make html``, the readers' command, executes as configured in
``_config.yml`` (``execute_notebooks: cache``).
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config

ENVIRONMENT_VARIABLE = "EXNEURO_RENDER_STORED"


def _render_stored(app: Sphinx, config: Config) -> None:
    if os.environ.get(ENVIRONMENT_VARIABLE, "") not in ("", "0"):
        config.nb_execution_mode = "off"


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _render_stored, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
