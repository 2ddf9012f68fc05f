"""The recorded data the fakes serve, read from the shared data directory (:mod:`tests.shared`).

One place resolves ``../shared/data`` (or ``$REFCHECK_SHARED/data``) for the tests, the fakes and
the benchmarks; the loaders here are cached because several fakes in one process serve the same
7,995 Crossref records and recorded error bodies.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from tests.shared import CROSSREF_RECORDS, DATA

CROSSREF_ERRORS = DATA / "crossref" / "responses" / "errors"
PUBMED_XML = DATA / "ncbi" / "pubmed-xml"
EUTILS_HTML_ERROR = DATA / "ncbi" / "errors" / "efetch_html-page-instead-of-xml.html"


@lru_cache(maxsize=1)
def crossref_records() -> dict[str, dict]:
    """Every recorded Crossref ``message`` by lower-case DOI, in file order."""
    out: dict[str, dict] = {}
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out[str(record["DOI"]).lower()] = record
    return out


@lru_cache(maxsize=64)
def read_bytes(path: Path) -> bytes:
    """A recorded response body (cached: fault injection serves the same few bodies many times)."""
    return path.read_bytes()
