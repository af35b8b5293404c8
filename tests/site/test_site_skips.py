"""Without Chromium, the browser tests skip, and the summary says why and how to fix it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import sitekit as kit

pytestmark = pytest.mark.site


def test_without_chromium_the_browser_tests_skip_and_say_how_to_install_it(tmp_path):
    env = dict(os.environ, **{kit.CHROMIUM_ENV: str(tmp_path / "no-chromium-here")})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs",
         "tests/site/test_site_checkers.py", "tests/site/test_site_math.py"],
        cwd=kit.ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    skipped = re.search(r"(\d+) skipped", summary)
    # Every test that drives the browser skips (the few that need none still run).
    assert skipped and int(skipped.group(1)) >= 10, summary
    assert "failed" not in summary and "error" not in summary, summary
    assert "SKIPPED" in result.stdout and "apt-get install chromium" in result.stdout, result.stdout
