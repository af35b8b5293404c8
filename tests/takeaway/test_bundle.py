"""A chapter bundle runs in an empty folder, installed with no network, and reproduces the book.

The bundle of the hind-limb chapter is unpacked into an empty temporary folder; a fresh
virtual environment gets exactly the bundle's ``requirements.txt`` (the exneuro wheel it
carries and the pinned packages, each checked against its hash) with uv in offline mode,
so nothing can come from the network: the pinned packages are those already in the
locked environment, read from uv's cache. Proxies pointing nowhere back that up. The
notebook then runs under nbval in a kernel of that environment, from the bundle's own
folder, and every stored output must reproduce.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import takeaway  # noqa: E402

pytestmark = pytest.mark.takeaway
SLUG = "02-hindlimb-unloading"
NOWHERE = "http://127.0.0.1:9"  # the discard port: any attempt to reach the network fails


def _offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("EXNEURO_DATA", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "CONDA_PREFIX")}
    env.update({"UV_OFFLINE": "1", "PIP_NO_INDEX": "1", "HTTP_PROXY": NOWHERE, "HTTPS_PROXY": NOWHERE,
                "http_proxy": NOWHERE, "https_proxy": NOWHERE, "NO_PROXY": "", "PYTHONHASHSEED": "0",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1", **extra})
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str],
         timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    archive, = takeaway.write_bundles(tmp_path_factory.mktemp("zips"), ROOT, [SLUG])
    place = tmp_path_factory.mktemp("empty")
    assert not any(place.iterdir())
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(place)
    return place / SLUG


def test_the_bundle_holds_the_notebook_data_wheel_requirements_and_readme(bundle):
    notebook = bundle / "chapters" / SLUG / "hindlimb-unloading.ipynb"
    assert notebook.is_file() and (bundle / "data" / "datapackage.json").is_file()
    wheels = list((bundle / "wheels").glob("exneuro-*.whl"))
    assert len(wheels) == 1 and takeaway.book_version(ROOT) in wheels[0].name
    for name in ("requirements.txt", "requirements-lab.txt", "CITATION.cff", "references.bib"):
        assert (bundle / name).is_file(), name
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    commands = readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(commands) == 2 and "requirements-lab.txt" in commands[0] and "jupyter lab" in commands[1]
    # In JupyterLab the prose shows its numbers: {eval} roles, their results already stored.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    prose = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "{glue:text}" not in prose and '{eval}`ch.text("' in prose
    assert any(c["metadata"].get("user_expressions") for c in cells if c["cell_type"] == "markdown")


def test_the_bundle_installs_without_network_and_its_notebook_reproduces(bundle, tmp_path):
    uv = str(Path(sys.executable).with_name("uv"))
    env = _offline_env()
    venv = bundle / ".venv"
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], bundle, env)
    python = str(venv / "bin" / "python")
    # Exactly the bundle's pins (--no-deps), from uv's cache (--offline), each file's hash checked.
    _run([uv, "pip", "install", "--quiet", "--offline", "--no-deps", "--require-hashes",
          "--python", python, "-r", "requirements.txt"], bundle, env)
    _run([uv, "pip", "check", "--python", python], bundle, env)  # nothing the pins need is missing
    where = _run([python, "-c", "import exneuro; print(exneuro.__file__, exneuro.__version__)"],
                 tmp_path, env)
    location, version = where.stdout.split()
    assert Path(location).is_relative_to(venv) and version == takeaway.book_version(ROOT)
    # A kernel of the bundle's environment, and nbval from the test environment driving it.
    kernels = tmp_path / "kernels"
    _run([python, "-m", "ipykernel", "install", "--prefix", str(kernels), "--name", "exneuro-bundle"],
         bundle, env)
    env_nb = _offline_env(JUPYTER_PATH=str(kernels / "share" / "jupyter"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "--nbval",
         "--nbval-kernel-name", "exneuro-bundle", f"chapters/{SLUG}/hindlimb-unloading.ipynb"],
        cwd=bundle, env=env_nb, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
