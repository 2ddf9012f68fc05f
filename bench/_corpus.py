"""An in-process Crossref-like source over the shared records (no HTTP), for calibration.

A small BM25 index over the fields ``query.bibliographic`` covers (title, subtitle, authors,
journal titles, year, volume, issue, pages, DOI) -- the same fields ``FakeCrossref`` ranks on --
so candidate lists look like the fake's answers without the cost of HTTP round trips when
thousands of strings are validated. It reuses the fake's tokenizer (``record_tokens``) and BM25
constants rather than restating them.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from collections.abc import Iterable

import _repo  # noqa: F401  (puts the repository root on sys.path)

from refcheck.model import Citation, Work
from refcheck.sources.base import Capability, Source
from refcheck.text.fold import words
from tests.fakes.search import BM25_B, BM25_K1, record_tokens

# The fake registry's own tokenizer and BM25 constants, so candidate lists here rank exactly
# like FakeCrossref's answers.
K1, B = BM25_K1, BM25_B


class CorpusSource(Source):
    """``get_doi`` + BM25 ``search`` over ``(message, work)`` pairs; ``held`` DOIs are invisible."""

    name = "crossref"
    capabilities = frozenset({Capability.LOOKUP_DOI, Capability.SEARCH, Capability.RELATIONS})
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
