"""Pinned and installed versions, read from a lock file resolved for several Pythons."""

from __future__ import annotations

import sys

import pytest

from exneuro import environment


def test_only_the_line_whose_marker_holds_counts(tmp_path):
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "# a comment\n"
        f"numpy==1.0 ; python_version < '{running}' \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n"
        "    # via scipy\n"
        f"numpy==2.0 ; python_version >= '{running}' \\\n    --hash=sha256:cc\n"
        "Jupyter_Book==1.0.4.post1\n",
        encoding="utf-8",
    )
    assert environment.locked_versions(lock) == {"numpy": "2.0", "jupyter-book": "1.0.4.post1"}


def test_the_books_lock_pins_what_is_installed():
    table = environment.version_table(["numpy", "pandas", "jupyter-book", "no-such-package-xyz"])
    assert (table.loc[["numpy", "pandas", "jupyter-book"], "matches"] == "yes").all()
    assert table.loc["no-such-package-xyz", "installed"] == "not installed"
    assert table.loc["no-such-package-xyz", "pinned in requirements.lock"] == "not pinned"


def test_bad_input_is_named(tmp_path):
    with pytest.raises(TypeError, match="lock"):
        environment.locked_versions(3)
    with pytest.raises(TypeError, match="packages"):
        environment.version_table("numpy")
    broken = tmp_path / "broken.lock"
    broken.write_text("numpy==1.0 ; python_version <<< '3'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.lock"):
        environment.locked_versions(broken)
