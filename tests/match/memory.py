"""In-memory registries for matcher tests: real Crossref records, no HTTP.

``MemorySource`` serves :class:`~refcheck.model.Work` objects converted from
``shared/data/crossref/records.jsonl.gz`` with a crude token-overlap search (a stand-in for
Crossref's ``query.bibliographic``: good enough to put the right record among the top rows, and
deliberately naive so the matcher's validation, not the ranking, has to decide).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from refcheck.errors import SourceUnavailable
from refcheck.model import Citation, Work
from refcheck.sources.base import Capability, Role, Source
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.text.fold import words
from tests.shared import CROSSREF_RECORDS


@lru_cache(maxsize=1)
def crossref_works() -> tuple[Work, ...]:
    """Every shared Crossref record as a Work (cached for the session)."""
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        return tuple(work_from_crossref(json.loads(line)) for line in fh)


def complete_articles() -> list[Work]:
    """Journal articles with author, title, year, volume and first page (renderable references)."""
    return [
        w for w in crossref_works()
        if w.type == "journal-article" and w.authors and w.title and w.year and w.volume and w.first_page
    ]


def _tokens(work: Work) -> list[str]:
    names = [a.family or a.group or "" for a in work.authors[:3]]
    parts = [work.title or "", *names, work.container or "", str(work.year or ""), work.volume or "",
             work.first_page or ""]
    return words(" ".join(parts))


class MemorySource(Source):
    """A registry over a fixed list of works; ``down=True`` simulates an outage."""

    max_concurrency = 3
    capabilities = frozenset({Capability.LOOKUP_DOI, Capability.LOOKUP_PMID, Capability.SEARCH,
                              Capability.BATCH_PMID, Capability.CITATION_MATCH, Capability.DOI_AGENCY,
                              Capability.RELATIONS})

    def __init__(self, works: Iterable[Work], name: str = "crossref", *, down: bool = False) -> None:
        self.name = name
        self.role = Role.CROSS_CHECK if name == "pubmed" else Role.PRIMARY  # plays PubMed's part
        self.down = down
        self.works = list(works)
        self.by_doi = {w.doi.lower(): w for w in self.works if w.doi}
        self.by_pmid = {w.pmid: w for w in self.works if w.pmid}
        self.index: dict[str, set[int]] = {}
        self.doc_tokens: list[Counter[str]] = []
        for i, w in enumerate(self.works):
            toks = Counter(_tokens(w))
            self.doc_tokens.append(toks)
            for t in toks:
                self.index.setdefault(t, set()).add(i)
        self.ecitmatch: dict[int, str] = {}
        self.agencies: dict[str, str] = {}  # DOI -> agency, as CrossrefSource records after /agency
        self.calls: Counter[str] = Counter()

    def _check(self, what: str) -> None:
        self.calls[what] += 1
        if self.down:
            raise SourceUnavailable(self.name, "HTTP 503 (simulated outage)")

    def get_doi(self, doi: str) -> Work | None:
        self._check("doi")
        return self.by_doi.get(doi.lower())

    def get_pmid(self, pmid: str) -> Work | None:
        self._check("pmid")
        return self.by_pmid.get(pmid)

    def get_pmids(self, pmids: Sequence[str]) -> dict[str, Work | None]:
        self._check("pmids")
        return {p: self.by_pmid.get(p) for p in pmids}

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        self._check("search")
        query = Counter(words(citation.text))
        scores: Counter[int] = Counter()
        for tok in query:
            hits = self.index.get(tok, ())
            if len(hits) > 500:  # stop words
                continue
            weight = 1.0 / (1 + len(hits))
            for i in hits:
                scores[i] += weight
        out = []
        for i, score in scores.most_common(rows):
            w = self.works[i]
            out.append(Work(**{**_fields(w), "score": round(score * 100, 2)}))
        return out

    def agency_of(self, doi: str) -> str | None:
        return self.agencies.get(doi)

    def citation_match(self, citations: Iterable[Citation]) -> dict[int, str]:
        self._check("ecitmatch")
        return dict(self.ecitmatch)


def _fields(work: Work) -> dict:
    return {name: getattr(work, name) for name in work.__dataclass_fields__}
