"""The Python code is lint-clean under the rules in ``pyproject.toml`` (``[tool.ruff]``).

ruff runs as a subprocess of this test, so `make test` checks the lint in the same pytest
run as everything else (it takes well under a second). It reads the chapters' notebooks
natively and checks their code cells, under the rules ``pyproject.toml`` sets for them.
A planted file shows that the project's configuration is the one applied and that a
violation fails the check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The folders of Python code that must be lint-clean.
PYTHON_CODE = ("src", "tests", "tools", "benchmarks", "_ext")


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``ruff check`` from the repository root, with the project's configuration."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *args],
        cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120,
    )


def test_the_python_code_is_lint_clean():
    result = ruff(*PYTHON_CODE)
    assert result.returncode == 0, f"ruff found problems (fix them, or `ruff check --fix`):\n{result.stdout}"


def test_the_notebooks_code_cells_are_lint_clean():
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "chapters").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    assert notebooks, "no notebooks found under chapters/"
    result = ruff(*notebooks)
    assert result.returncode == 0, f"ruff found problems in the notebooks' code cells:\n{result.stdout}"


def test_a_planted_violation_fails_the_lint_under_the_project_rules():
    planted = (
        "import os\n"  # F401: unused import
        "import numpy as np\n"
        "x = np.random.rand(3)\n"  # NPY002: the legacy random API
        f"y = {'1 + ' * 40}1\n"  # E501: longer than the project's 110 characters
    )
    result = ruff("--stdin-filename", "src/exneuro/planted.py", "-", stdin=planted)
    assert result.returncode == 1, result.stdout + result.stderr
    for rule in ("F401", "NPY002", "E501"):
        assert rule in result.stdout, f"{rule} not reported:\n{result.stdout}"
