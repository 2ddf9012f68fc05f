"""Shared pytest fixtures. Test data is read from ../shared (see tests/shared.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared import DATA, SEEDS, SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED}: clone the repo next to shared/")
    return SHARED


@pytest.fixture(scope="session")
def shared_data(shared_dir: Path) -> Path:
    return DATA


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return SEEDS
