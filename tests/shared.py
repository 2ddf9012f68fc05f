"""Where the shared, read-only test data lives: ``<repo>/../shared`` (never copied into the repo)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REFCHECK_SHARED", REPO.parent / "shared"))
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"
SEED_000 = SEEDS / "000_0e18af264f7435a1.txt"
SEED_004 = SEEDS / "004_af48595f7d95eba4.txt"
CROSSREF_RECORDS = DATA / "crossref" / "records.jsonl.gz"
