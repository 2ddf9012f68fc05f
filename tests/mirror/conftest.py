"""Fixtures for the mirror tests: small record files written from the real shared data."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.shared import CROSSREF_RECORDS, DATA


def real_records(limit: int | None = None) -> list[dict]:
    """Crossref messages from records.jsonl.gz, in file order."""
    out = []
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


@pytest.fixture(scope="session")
def crossref_records(shared_data: Path) -> list[dict]:
    return real_records()


@pytest.fixture(scope="session")
def pubmed_dir(shared_data: Path) -> Path:
    return DATA / "ncbi" / "pubmed-xml"

