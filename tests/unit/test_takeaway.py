"""What readers and teachers take away: pins cut from the lock, Binder, {eval} prose, student edition.

These are the fast checks (seconds) that run in ``make test``. The slow ones, which build
a virtual environment, execute notebooks, print PDFs or build a copy of the book, are in
``tests/takeaway/`` and run with ``make test-takeaway``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "_ext"))
import takeaway  # noqa: E402

NOTEBOOKS = takeaway.toc_notebooks(ROOT)
WITH_EXERCISES = [p for p in NOTEBOOKS if takeaway.has_exercises(takeaway.read_notebook(p))]


def _blocks(path: Path) -> dict[str, list[str]]:
    return {(p.name, p.lines[0]): p.lines for p in takeaway.read_lock(path)}  # type: ignore[misc]


# --- requirement files cut from the locks ------------------------------------------------

def test_the_runtime_pins_are_the_locked_ones_for_the_package_and_a_kernel():
    pins = takeaway.runtime_pins(ROOT)
    names = {p.name for p in pins}
    assert takeaway.package_dependencies(ROOT) | {"ipykernel"} <= names
    assert not names & {"jupyterlab", "jupyter-book", "sphinx", "pytest", "nbval", "playwright"}
    locked = _blocks(ROOT / "requirements.lock")
    for pin in pins:  # verbatim, hashes included
        assert locked[(pin.name, pin.lines[0])] == pin.lines


def test_the_lab_pins_add_jupyterlab_and_myst_from_the_lab_lock():
    pins = takeaway.lab_pins(ROOT)
    names = {p.name for p in pins}
    assert {"jupyterlab", "jupyterlab-myst", "ipykernel", "numpy"} <= names
    assert not names & {"uv", "jupyter-book", "pytest"}
    locked = _blocks(ROOT / "requirements-lab.lock")
    assert all(locked[(p.name, p.lines[0])] == p.lines for p in pins)


def test_a_closure_follows_the_via_annotations(tmp_path):
    lock = tmp_path / "x.lock"
    lock.write_text("a==1 \\\n    --hash=sha256:aa\n    # via -r x.in\nb==2\n    # via a\n"
                    "c==3\n    # via\n    #   b\n    #   d\nd==4\n    # via -r x.in\n")
    pins = takeaway.read_lock(lock)
    assert [p.name for p in takeaway.closure(pins, {"a"})] == ["a", "b", "c"]
    assert takeaway.closure(pins, {"a"})[0].lines == ["a==1 \\", "    --hash=sha256:aa"]
    with pytest.raises(ValueError, match="not in the lock file"):
        takeaway.closure(pins, {"zzz"})


def test_requirement_files_pin_the_wheel_by_its_hash(tmp_path):
    wheel = tmp_path / "exneuro-0.0.0-py3-none-any.whl"
    wheel.write_bytes(b"not really a wheel")
    text = takeaway.requirements_text(takeaway.runtime_pins(ROOT), wheel, "what")
    assert f"./wheels/{wheel.name} \\\n    --hash=sha256:" in text
    assert re.search(r"^numpy==\S+ ; python_full_version < '3.12' \\$", text, re.M)


# --- Binder -------------------------------------------------------------------------------

def test_binder_files_are_in_step_with_the_lock_files():
    assert takeaway.binder_problems(ROOT) == [], "run `python tools/takeaway.py binder`"
    requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert "jupyterlab-myst==" in requirements and "--hash" not in requirements
    assert (ROOT / "binder" / "runtime.txt").read_text().startswith("python-3.11")


def test_a_binder_file_out_of_step_is_found(tmp_path):
    import shutil

    for name in ("requirements.lock", "requirements-lab.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "binder", tmp_path / "binder")
    assert takeaway.binder_problems(tmp_path) == []
    text = (tmp_path / "binder" / "requirements.txt").read_text()
    (tmp_path / "binder" / "requirements.txt").write_text(
        re.sub(r"jupyterlab==\S+", "jupyterlab==0.0.1", text))
    (tmp_path / "binder" / "postBuild").unlink()
    assert takeaway.binder_problems(tmp_path) == [
        "binder/requirements.txt is out of step with the lock files", "binder/postBuild is missing"]


def test_launch_buttons_stay_off_until_the_repository_url_is_filled_in():
    import yaml

    from launch_buttons import theme_options

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == "", "the book has no public repository yet"
    assert config["launch_buttons"]["binderhub_url"] and config["launch_buttons"]["colab_url"]
    base = config["sphinx"]["config"]["html_theme_options"]
    off = theme_options(config, {**base, "launch_buttons": {"binderhub_url": "x"}})
    assert "launch_buttons" not in off and "repository_url" not in off and off["show_toc_level"] == 2
    config["repository"]["url"] = "https://github.com/example-org/example-book"
    on = theme_options(config, base)
    assert on["repository_url"] == "https://github.com/example-org/example-book"
    assert on["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert on["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert on["use_repository_button"] and on["repository_branch"] == "main"


# --- glued numbers as {eval} roles ---------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_eval_prose_leaves_no_glue_role_and_shows_the_stored_numbers(path):
    from eval_glue import EXPRESSION
    from exneuro.chapter import _EVAL_TEXT, glue_formats

    nb = takeaway.read_notebook(path)
    before = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    try:
        takeaway.chapter_variable(nb)
    except ValueError:
        # Only pages without a chapter object (they glue through glue_record) keep the roles.
        assert path.parent.name in ("13-reproducibility", "00-introduction", "14-corrections")
        assert takeaway.eval_prose(nb, prefill=True)["cells"][0]["source"] == before[0]
        return
    converted = takeaway.eval_prose(nb, prefill=True)
    after = [c for c in converted["cells"] if c["cell_type"] == "markdown"]
    texts = [takeaway._source(c) for c in after]
    assert not any(takeaway.GLUE_TEXT.search(t) for t in texts)
    assert glue_formats(texts) == glue_formats(before)  # same names, same precision
    values = takeaway.glued_values(nb)
    for cell in after:
        expressions = takeaway.EVAL_TEXT.findall(takeaway._source(cell))
        results = {r["expression"]: r["result"] for r in cell["metadata"].get("user_expressions", [])}
        assert set(expressions) == set(results)
        for expression in expressions:
            assert EXPRESSION.fullmatch(expression) and _EVAL_TEXT.search("{eval}`" + expression + "`")
            name, spec = re.match(r'\w+\.text\("([^"]+)"(?:, "([^"]*)")?\)', expression).groups()
            shown = json.loads(json.dumps(results[expression]))["data"]["text/plain"]
            assert shown == repr(takeaway._format(values[name], spec or ""))


def test_the_eval_role_of_the_build_reads_only_the_chapter_text_form():
    from eval_glue import EXPRESSION

    assert EXPRESSION.fullmatch('ch.text("da_power", ".0f")').group("name", "spec") == ("da_power", ".0f")
    assert EXPRESSION.fullmatch(" chap.text('n') ").group("name", "spec") == ("n", None)
    for bad in ("1 + 1", "ch.glued['x']", 'ch.text("x", ".1f", 3)', 'text("x")'):
        assert EXPRESSION.fullmatch(bad) is None, bad


# --- the student edition -------------------------------------------------------------------

def _solution_lines(nb: dict, solutions: list) -> set[str]:
    """Lines (longer than a few words) that occur in solutions and nowhere else."""
    kept_cells, _ = takeaway.split_solutions(nb)
    elsewhere = "\n".join(takeaway._source(c) for c in kept_cells)
    lines = set()
    for solution in solutions:
        for text in solution.prose + solution.code:
            for line in text.splitlines():
                line = line.strip()
                if len(line) >= 20 and line not in elsewhere:
                    lines.add(line)
    return lines


def test_there_are_notebooks_with_exercises():
    assert len(WITH_EXERCISES) >= 5


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.parent.name)
def test_no_solution_text_survives_in_the_student_edition(path):
    nb = takeaway.read_notebook(path)
    _, solutions = takeaway.split_solutions(nb)
    student = takeaway.student_notebook(nb)
    text = json.dumps(student)
    assert solutions, f"{path.name}: no gated solutions found"
    assert "solution-start" not in text and "solution-end" not in text and "{solution}" not in text
    secret = _solution_lines(nb, solutions)
    assert secret, "the check needs solution lines to look for"
    sources = "\n".join(c["source"] for c in student["cells"])
    assert not [line for line in secret if line in sources]
    assert not any(c.get("outputs") or c.get("execution_count")
                   for c in student["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.parent.name)
def test_every_exercise_keeps_its_prompt_and_gets_a_place_for_the_answer(path):
    nb = takeaway.read_notebook(path)
    _, solutions = takeaway.split_solutions(nb)
    student = takeaway.student_notebook(nb)
    sources = [c["source"] for c in student["cells"]]
    labels = re.findall(r"^:label: (\S+)", "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"), re.M)
    for label in labels:
        assert any(f":label: {label}" in s for s in sources), label
    for solution in solutions:
        places = [c for c in student["cells"] if f"exercise {solution.label}" in c["source"].lower()
                  or f"Exercise {solution.label}" in c["source"]]
        assert len(places) == 1, solution.label
        place = places[0]
        if solution.code:
            assert place["cell_type"] == "code" and place["source"].rstrip().endswith("...")
            assert place["metadata"]["tags"] == ["skip-execution", "nbval-skip"]
        else:
            assert place["cell_type"] == "markdown" and "Your answer" in place["source"]


def test_solutions_split_across_cells_and_within_one_cell():
    def cell(kind: str, text: str, **kw: object) -> dict[str, object]:
        return {"cell_type": kind, "id": f"c{abs(hash(text)) % 10**8}", "metadata": {}, "source": text, **kw}

    code = {"outputs": [], "execution_count": None}
    nb = {"cells": [
        cell("code", "from exneuro import chapter, power\nch = chapter.setup('x')", **code),
        cell("markdown",
             ":::{exercise}\n:label: ex-a\nAsk A.\n:::\n\n```{solution-start} ex-a\n:class: dropdown\n```"),
        cell("code", "answer = power.n_per_group(0.5)  # the secret line", **code),
        cell("markdown", "```{solution-end}\n```\n\n:::{exercise}\n:label: ex-b\nAsk B.\n:::\n\n"
                         "```{solution-start} ex-b\n```\nThe secret written answer.\n"
                         "```{solution-end}\n```\n\nAfter."),
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    cells, solutions = takeaway.split_solutions(nb)
    assert [s.label for s in solutions] == ["ex-a", "ex-b"]
    assert [c["cell_type"] for c in cells] == ["code", "markdown", "code", "markdown", "markdown", "markdown"]
    assert "# Functions that may help: power.n_per_group" in cells[2]["source"]
    assert "secret" not in json.dumps(cells) and cells[-1]["source"] == "After."
    assert len({c["id"] for c in cells}) == len(cells)
    with pytest.raises(ValueError, match="never ends"):
        takeaway.split_solutions({"cells": nb["cells"][:3]})


# --- where teachers and readers find all this ----------------------------------------------

def test_the_teaching_guide_describes_the_student_edition_and_the_handouts():
    guide = (ROOT / "chapters" / "09-teaching" / "teaching.md").read_text(encoding="utf-8")
    edition = guide.split("## The student edition", 1)[1].split("\n## ", 1)[0]
    for words in ("make student", "_build/student/", "...", "skip-execution", "nbval-skip",
                  "outputs are cleared"):
        assert words in edition, words
    assert "make pdf SOLUTIONS=1" in guide and "/chapters/09-teaching/own-headline" in guide


def test_the_readme_lists_the_new_targets_and_keeps_two_set_up_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.sub(r"\s+", " ", readme.split("Other targets:", 1)[1].split("\n\n", 1)[0])
    for target in ("make student", "make pdf", "make new-chapter", "make bundles", "make test-takeaway"):
        assert f"`{target}" in targets, target
    commands = readme.split("## Two commands", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    assert ([line.split()[:2] for line in commands.strip().splitlines()]
            == [["make", "html"], ["make", "test"]])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("bundles", "student", "pdf", "new-chapter", "test-takeaway"):
        assert re.search(rf"^{target}:.*## ", makefile, re.M), target


def test_the_guide_page_is_in_the_part_for_teachers_and_readers():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "For teachers and readers")
    assert {"file": "chapters/09-teaching/own-headline"} in part["chapters"]
    sys.path.insert(0, str(ROOT / "tests" / "notebooks"))
    import numerals

    page = (ROOT / "chapters" / "09-teaching" / "own-headline.md").read_text(encoding="utf-8")
    assert numerals.hand_typed_numerals([page]) == []
    assert "make new-chapter" in page and "--check" in page
