"""Fixtures for the batch tests: a small mirror and generated manuscripts citing its records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from refcheck.mirror.build import build_mirror
from tests.fakes.manuscripts import write_manuscripts
from tests.shared import CROSSREF_RECORDS

RECORDS = 3000  # the first records of the shared file: enough for varied manuscripts, a 2 s mirror build


@pytest.fixture(scope="session")
def records(shared_data: Path) -> list[dict]:
    out = []
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) >= RECORDS:
                break
    return out


@pytest.fixture(scope="session")
def mirror(tmp_path_factory: pytest.TempPathFactory, records: list[dict]) -> Path:
    """A mirror of the records the manuscripts cite (built once per session)."""
    work = tmp_path_factory.mktemp("batch-mirror")
    source = work / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = work / "mirror.sqlite"
    build_mirror([source], db)
    return db


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, records: list[dict]) -> Path:
    """A directory of 24 generated manuscripts (5-25 references each), in two sub-directories."""
    root = tmp_path_factory.mktemp("corpus")
    write_manuscripts(records, root / "a", 12, seed=1)
    write_manuscripts(records, root / "b", 12, seed=2)
    return root


def mirror_flags(mirror: Path, tmp_path: Path) -> list[str]:
    """CLI options for a run against the mirror only, with a private cache."""
    return ["--source", "mirror", "--mirror", str(mirror), "--cache-dir", str(tmp_path / "cache")]
