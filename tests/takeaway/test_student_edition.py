"""The student edition: written by ``make student``, no solution left, every notebook runs.

The edition is written into a temporary folder as ``make student`` writes it. Each of its
notebooks is executed top to bottom in a fresh kernel from its own folder (so it finds the
edition's data, not the repository's), passing over the cells tagged ``skip-execution``,
the scaffolds that wait for a student's answer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import takeaway  # noqa: E402

pytestmark = pytest.mark.takeaway
WITH_EXERCISES = [p.relative_to(ROOT) for p in takeaway.toc_notebooks(ROOT)
                  if takeaway.has_exercises(takeaway.read_notebook(p))]


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("edition") / "student"
    takeaway.write_student_edition(folder, ROOT)
    return folder


def test_the_edition_has_every_notebook_with_exercises_and_no_solution(edition):
    written = sorted(p.relative_to(edition) for p in edition.rglob("*.ipynb"))
    assert written == sorted(WITH_EXERCISES)
    for path in written:
        text = (edition / path).read_text(encoding="utf-8")
        assert "solution-start" not in text and "solution-end" not in text
        assert '"skip-execution"' in text and '"nbval-skip"' in text
    assert edition.with_suffix(".zip").is_file() and (edition / "README.md").is_file()
    assert list((edition / "wheels").glob("exneuro-*.whl"))
    assert (edition / "data" / "datapackage.json").is_file()


@pytest.mark.parametrize("relative", WITH_EXERCISES, ids=lambda p: p.parent.name)
def test_each_student_notebook_runs_top_to_bottom(edition, relative, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("EXNEURO_DATA", raising=False)
    path = edition / relative
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", skip_cells_with_tag="skip-execution",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    skipped = [c for c in nb.cells if "skip-execution" in c.metadata.get("tags", [])]
    assert skipped and all(not c.outputs for c in skipped)
    ran = [c for c in nb.cells if c.cell_type == "code" and c not in skipped]
    assert all(c.execution_count for c in ran)
    errors = [o for c in ran for o in c.outputs if o.output_type == "error"]
    assert not errors, json.dumps(errors)[:2000]
