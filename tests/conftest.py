"""Shared pytest fixtures. Test data is read from ../shared (see tests/shared.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.shared import DATA, SEEDS, SHARED

# Tests never read or write the real per-user cache: its lookups, its "unreachable" memo or a
# per-user mirror there would change verdicts. platformdirs follows XDG_CACHE_HOME (inherited
# by the refcheck processes tests start); pip keeps using its real download cache.
os.environ.setdefault("PIP_CACHE_DIR", str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"))
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="refcheck-test-xdg-cache-")


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


@pytest.fixture(scope="session")
def shared_mirror(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A mirror built once from the whole shared/data directory (what the README does): a
    subset of the registries, no coverage declared. Used by tests/mirror and the outage tests."""
    from refcheck.mirror.build import build_mirror

    db = tmp_path_factory.mktemp("mirror") / "mirror.sqlite"
    build_mirror([shared_data], db)
    return db
