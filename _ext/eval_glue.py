"""Read ``{eval}`ch.text("name", ".1f")``` in the prose as the glued number it shows.

JupyterLab, with jupyterlab-myst, renders MyST but has no ``{glue:text}`` role: a chapter
whose prose says ``{glue:text}`da_power:.0f``` shows the placeholder there, not the
number. jupyterlab-myst does evaluate MyST's ``{eval}`` role in the running kernel, and
``exneuro.chapter.Chapter.text`` returns a glued value formatted exactly as the glue role
formats it, so ``{eval}`ch.text("da_power", ".0f")``` shows the same number in JupyterLab.

myst-nb's own ``{eval}`` role needs a live kernel (its inline execution mode) and fails on
a build from stored outputs. This extension replaces it, for the one form the book uses,
with the ``{glue:text}`` role it mirrors: ``{eval}`<chapter>.text("name", "spec")``` is
read as ``{glue:text}`name:spec```, from the same glued outputs. Any other expression is
a build warning (an error under ``-W``), so nothing is shown that the build cannot check.
The notebooks taken away from the book (bundles, the student edition) use this spelling;
``python tools/takeaway.py eval-prose NOTEBOOK`` rewrites a chapter's prose into it.
"""

from __future__ import annotations

import re

from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import glue_warning
from sphinx.application import Sphinx

EXPRESSION = re.compile(
    r"\s*[A-Za-z_]\w*\.text\(\s*(['\"])(?P<name>[A-Za-z_][\w.-]*)\1\s*"
    r"(?:,\s*(['\"])(?P<spec>[^'\"]*)\3\s*)?\)\s*")


class EvalGlueText(PasteTextRole):
    """``{eval}`ch.text("name", "spec")``` -> ``{glue:text}`name:spec```."""

    def run(self):  # type: ignore[no-untyped-def]
        match = EXPRESSION.fullmatch(self.text)
        if match is None:
            return [], [glue_warning(
                f"the book reads only {{eval}}`<chapter>.text(\"name\", \"spec\")` expressions, "
                f"got {self.text!r}", self.document, self.line)]
        self.text = match.group("name") + (f":{match.group('spec')}" if match.group("spec") else "")
        return super().run()


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("myst_nb")  # register after myst-nb's own {eval}, to replace it
    app.add_role("eval", EvalGlueText(), override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
