"""Shared fixtures: paths to the repository, its data, the shared source texts."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(os.environ.get("EXNEURO_SOURCES", ROOT.parent / "shared" / "sources"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    if not SOURCES.is_dir():
        pytest.skip(
            f"the source texts are not at {SOURCES} (set EXNEURO_SOURCES); quote checks need them"
        )
    return SOURCES
