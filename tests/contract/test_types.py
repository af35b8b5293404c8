"""``src/`` type-checks under the settings in ``pyproject.toml`` (``[tool.mypy]``).

mypy runs as a subprocess of this test, so `make test` checks the types in the same
pytest run as everything else. Its cache lives in ``_build/.mypy_cache``: a warm run
takes a few seconds, a cold one (a fresh clone, or after `make clean`) from fifteen
seconds on an idle machine to about a minute on a busy one, on one worker while the
others run the rest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    """``mypy`` from the repository root, so that it reads the project's configuration."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )


def test_the_package_type_checks():
    result = mypy()  # the files to check come from the configuration: src/
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"


def test_an_unannotated_function_fails_the_type_check_under_the_project_rules(tmp_path: Path):
    planted = tmp_path / "planted.py"
    planted.write_text("def f(x):\n    return x\n", encoding="utf-8")
    # No cache: this run must not race the one above for the shared cache files.
    result = mypy("--cache-dir", "/dev/null", str(planted))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no-untyped-def" in result.stdout, result.stdout
