"""An in-process Crossref-like source over the shared records (no HTTP), for calibration.

Uses the same BM25 index as :class:`refcheck.testing.FakeCrossref` (title, authors, journal,
year, volume, issue, pages, DOI), so candidate lists look like the fake's ``query.bibliographic``
answers, without the cost of HTTP round trips when thousands of strings are validated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from refcheck.model import Citation, Work
from refcheck.sources.base import Source
from refcheck.testing.fake_registry import _SearchIndex


class CorpusSource(Source):
    """``get_doi`` + BM25 ``search`` over ``(message, work)`` pairs; ``held`` DOIs are invisible."""

    name = "crossref"
    max_concurrency = 1

    def __init__(self, messages: Iterable[dict], works: Iterable[Work], held: Iterable[str] = ()) -> None:
        held_set = {d.lower() for d in held}
        self.works: dict[str, Work] = {}
        self.index = _SearchIndex()
        for message, work in zip(messages, works, strict=True):
            doi = str(message.get("DOI", "")).lower()
            if not doi or doi in held_set:
                continue
            self.works[doi] = work
            self.index.add(doi, message)

    def get_doi(self, doi: str) -> Work | None:
        return self.works.get(doi.lower())

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        hits = self.index.search(citation.text)[:rows]
        return [dataclasses.replace(self.works[doi], score=round(score, 3)) for doi, score in hits]
