"""An in-process Crossref-like source over the shared records (no HTTP), for calibration.

A small BM25 index over the fields ``query.bibliographic`` covers (title, subtitle, authors,
journal titles, year, volume, issue, pages, DOI) -- the same fields ``FakeCrossref`` ranks on --
so candidate lists look like the fake's answers without the cost of HTTP round trips when
thousands of strings are validated. Self-contained on purpose: the fake's index is private.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from refcheck.model import Citation, Work
from refcheck.normalize import words
from refcheck.sources.base import Source

K1, B = 1.2, 0.75


def record_tokens(record: dict) -> list[str]:
    """Searchable tokens of a Crossref message."""
    parts: list[str] = []
    for name in ("title", "subtitle", "container-title", "short-container-title", "original-title"):
        value = record.get(name)
        parts.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    for author in record.get("author") or []:
        if isinstance(author, dict):
            parts.extend(str(author[k]) for k in ("family", "given", "name") if author.get(k))
    issued = (record.get("issued") or {}).get("date-parts") or [[None]]
    if issued and issued[0] and issued[0][0]:
        parts.append(str(issued[0][0]))
    for name in ("volume", "issue", "page", "article-number", "DOI"):
        if isinstance(record.get(name), str):
            parts.append(record[name])
    return words(" ".join(parts))


class CorpusSource(Source):
    """``get_doi`` + BM25 ``search`` over ``(message, work)`` pairs; ``held`` DOIs are invisible."""

    name = "crossref"
    max_concurrency = 1

    def __init__(self, messages: Iterable[dict], works: Iterable[Work], held: Iterable[str] = ()) -> None:
        held_set = {d.lower() for d in held}
        self.works: dict[str, Work] = {}
        self.postings: dict[str, dict[str, int]] = defaultdict(dict)
        self.lengths: dict[str, int] = {}
        for message, work in zip(messages, works, strict=True):
            doi = str(message.get("DOI", "")).lower()
            if not doi or doi in held_set:
                continue
            self.works[doi] = work
            tokens = record_tokens(message)
            for tok, tf in Counter(tokens).items():
                self.postings[tok][doi] = tf
            self.lengths[doi] = len(tokens)
        self.avgdl = sum(self.lengths.values()) / max(len(self.lengths), 1)

    def get_doi(self, doi: str) -> Work | None:
        return self.works.get(doi.lower())

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        n = len(self.lengths)
        scores: dict[str, float] = defaultdict(float)
        for tok in set(words(citation.text)):
            docs = self.postings.get(tok)
            if not docs:
                continue
            idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            for doi, tf in docs.items():
                norm = tf + K1 * (1 - B + B * self.lengths[doi] / self.avgdl)
                scores[doi] += idf * tf * (K1 + 1) / norm
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:rows]
        return [dataclasses.replace(self.works[doi], score=round(s, 3)) for doi, s in best]
