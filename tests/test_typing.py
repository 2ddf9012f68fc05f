"""The package type-checks clean with the project's mypy config (``[tool.mypy]`` in pyproject.toml).

Run inside the suite so that CI's one test command covers it; skipped where mypy is not installed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.shared import REPO

pytest.importorskip("mypy")


def test_mypy_reports_no_error() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=REPO,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
