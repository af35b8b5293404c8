"""In JupyterLab, a bundle's notebook reads as on the site: MyST rendered, numbers in the prose.

JupyterLab from the light lab environment (``.venv-lab``, ``make lab`` builds it; the test
skips without it) serves an unpacked chapter bundle on 127.0.0.1; Chromium opens the
notebook without running it. jupyterlab-myst must render the MyST (the admonition of the
first cell) and fill every ``{eval}`` role of a sentence from the results the bundle
stores, so the sentence shows the same numbers as the book's page.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import takeaway  # noqa: E402

pytestmark = pytest.mark.takeaway
LAB = ROOT / ".venv-lab" / "bin" / "jupyter"
SLUG = "02-hindlimb-unloading"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_bundle_notebook_shows_its_numbers_in_jupyterlab(tmp_path, browser):
    if not LAB.is_file():
        pytest.skip("the lab environment is not built: run `make lab` once (it builds .venv-lab)")
    archive, = takeaway.write_bundles(tmp_path / "zips", ROOT, [SLUG])
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path)
    bundle = tmp_path / SLUG
    notebook = takeaway.read_notebook(bundle / "chapters" / SLUG / "hindlimb-unloading.ipynb")
    cell = next(c for c in notebook["cells"] if c["metadata"].get("user_expressions"))
    source = takeaway._source(cell)
    first = cell["metadata"]["user_expressions"][0]
    marker = "{eval}`" + first["expression"] + "`"
    # the source line that shows the cell's first computed number, as JupyterLab renders it
    sentence = next(line for line in source.splitlines() if marker in line)
    sentence = re.sub(r"^\s*(?:[-*] |\d+\. |#+ )", "", sentence)
    for result in cell["metadata"]["user_expressions"]:
        sentence = sentence.replace("{eval}`" + result["expression"] + "`",
                                    result["result"]["data"]["text/plain"].strip("'"))
    sentence = re.sub(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", sentence)  # {term}`x <y>` shows x
    sentence = re.sub(r"[*_`]", "", sentence)

    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [str(LAB), "lab", "--allow-root", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={bundle}"],
        cwd=bundle, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        tab = browser.new_page(viewport={"width": 1300, "height": 1000})
        try:
            tab.goto(f"http://127.0.0.1:{port}/lab/tree/chapters/{SLUG}/hindlimb-unloading.ipynb",
                     wait_until="load", timeout=120_000)
            # The set-up cell's note (a Markdown output) rendered by jupyterlab-myst as an
            # admonition, not shown as its raw MyST.
            tab.wait_for_function("""() => { const c = [...document.querySelectorAll('.jp-OutputArea-output')]
                    .find((e) => e.innerText.includes('Running this notebook yourself'));
                return c && !c.innerText.includes('{admonition}'); }""", timeout=60_000)
            tab.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
            tab.keyboard.press("Escape")
            found = ""
            for _ in range(40):  # JupyterLab draws only the cells near the view: walk down
                # MyST renders straight quotes as typographic ones: compare them straight
                found = tab.evaluate("""(start) => { const plain = (t) => t.replace(/[\u201c\u201d]/g, '"')
                        .replace(/[\u2018\u2019]/g, "'");
                    const c = [...document.querySelectorAll('.jp-MarkdownCell')]
                        .find((e) => plain(e.innerText).includes(start));
                    return c ? plain(c.innerText) : ''; }""", sentence[:12])
                if found:
                    break
                tab.keyboard.press("j")
                time.sleep(0.2)
        finally:
            tab.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    flat = " ".join(found.split())
    assert " ".join(sentence.split()) in flat, f"expected {sentence!r} in JupyterLab, saw {flat[:300]!r}"
    assert "ch.text(" not in flat
