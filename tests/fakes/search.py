"""The fake Crossref's search: a real BM25 ranking over the loaded records.

``GET /works?query.bibliographic=...`` must rank records roughly as Crossref does, so that a matcher
is tested against near-misses; a BM25 inverted index over title, subtitle, authors, container
titles, year, volume, issue, pages and DOI does that without tuning to refcheck. The index of the
recorded corpus is built once per process (:func:`default_index`) and shared by every fake; records
a test adds go to the fake's own index, layered over it (:func:`bm25`).
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence

from refcheck.text.fold import words
from tests.fakes.data import crossref_records

BM25_K1 = 1.2
BM25_B = 0.75


def record_tokens(record: dict) -> list[str]:
    """The searchable tokens of a Crossref record (what query.bibliographic covers)."""
    parts: list[str] = []
    for name in ("title", "subtitle", "container-title", "short-container-title", "original-title"):
        value = record.get(name)
        parts.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    for author in record.get("author") or []:
        if isinstance(author, dict):
            parts.extend(str(author.get(k)) for k in ("family", "given", "name") if author.get(k))
    issued = (record.get("issued") or {}).get("date-parts") or [[None]]
    if issued and issued[0] and issued[0][0]:
        parts.append(str(issued[0][0]))
    for name in ("volume", "issue", "page", "article-number", "DOI"):
        if isinstance(record.get(name), str):
            parts.append(record[name])
    return words(" ".join(parts))


class SearchIndex:
    """An incremental BM25 inverted index over Crossref records."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[str, int]] = defaultdict(dict)  # token -> {doi: tf}
        self.lengths: dict[str, int] = {}
        self.total_length = 0

    def add(self, doi: str, record: dict) -> None:
        self.remove(doi)
        tokens = record_tokens(record)
        for tok, tf in Counter(tokens).items():
            self.postings[tok][doi] = tf
        self.lengths[doi] = len(tokens)
        self.total_length += len(tokens)

    def remove(self, doi: str) -> None:
        if doi not in self.lengths:
            return
        self.total_length -= self.lengths.pop(doi)
        for docs in self.postings.values():
            docs.pop(doi, None)


def bm25(query: str, layers: Sequence[SearchIndex]) -> dict[str, float]:
    """BM25 over several indexes as one corpus (shared N, df, avgdl); later layers override."""
    n = max(sum(len(layer.lengths) for layer in layers), 1)
    total = sum(layer.total_length for layer in layers)
    avgdl = total / n if total else 1.0
    per_layer: list[dict[str, float]] = [defaultdict(float) for _ in layers]
    for tok in set(words(query)):
        postings = [layer.postings.get(tok) or {} for layer in layers]
        df = sum(len(p) for p in postings)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for layer, docs, scores in zip(layers, postings, per_layer, strict=True):
            for doi, tf in docs.items():
                norm = tf + BM25_K1 * (1 - BM25_B + BM25_B * layer.lengths[doi] / avgdl)
                scores[doi] += idf * tf * (BM25_K1 + 1) / norm
    merged: dict[str, float] = {}
    for layer, scores in zip(layers, per_layer, strict=True):
        for doi in layer.lengths.keys() & scores.keys():
            merged[doi] = scores[doi]
        for doi in layer.lengths.keys() - scores.keys():
            merged.pop(doi, None)  # overridden by a later layer and no longer matching
    return merged


_DEFAULT_INDEX: SearchIndex | None = None
_DEFAULT_INDEX_LOCK = threading.Lock()


def default_index() -> SearchIndex:
    """The index of every recorded Crossref record, built on first use (a few seconds) and shared."""
    global _DEFAULT_INDEX
    with _DEFAULT_INDEX_LOCK:
        if _DEFAULT_INDEX is None:
            index = SearchIndex()
            for doi, record in crossref_records().items():
                index.add(doi, record)
            _DEFAULT_INDEX = index
        return _DEFAULT_INDEX

