"""The one interface every registry implements (Crossref, PubMed, local mirror).

Adding a registry means adding a module with a :class:`Source` subclass and registering it in
``refcheck.sources.SOURCES``; the matcher only talks to this interface.

Contract:

* ``get_doi`` / ``get_pmid`` return the :class:`~refcheck.model.Work`, or ``None`` when the
  registry *answered* that it has no such record (a 404). Any failure to get an answer
  (timeouts, 5xx, 429 after bounded retries, an offline cache miss) raises
  :class:`~refcheck.errors.SourceUnavailable` — an outage is never a verdict.
* ``coverage_gap`` says when an absence (``None``, no candidate) is not a verdict because the
  source does not cover the reference (a partial mirror): the matcher then reports it
  ``unchecked``, never ``not_found`` or "not registered".
* ``search`` returns candidate works ranked best first (possibly empty when the registry
  answered with no hits); it raises ``SourceUnavailable`` likewise.
* Implementations are thread-safe: the matcher calls them from a thread pool sized by
  ``max_concurrency``; rate limiting happens inside the source.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from refcheck.model import Citation, Work


class Source(ABC):
    """A bibliographic registry refcheck can verify references against."""

    name: str = "source"
    max_concurrency: int = 1

    @abstractmethod
    def get_doi(self, doi: str) -> Work | None:
        """The record registered under ``doi`` (case-insensitive), or None if there is none."""

    def get_pmid(self, pmid: str) -> Work | None:
        """The record for PubMed id ``pmid``; sources without PMIDs return None."""
        return None

    def get_pmids(self, pmids: Sequence[str]) -> dict[str, Work | None]:
        """Batch form of :meth:`get_pmid` (PubMed overrides it with one request per 200 ids)."""
        return {p: self.get_pmid(p) for p in pmids}

    @abstractmethod
    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        """Candidate works for a citation without (trusted) identifiers, best first."""

    def citation_match(self, citations: Iterable[Citation]) -> dict[int, str]:
        """Batch journal/year/volume/page matching (PubMed ECitMatch): index -> PMID.

        Hits are *candidates*; the caller verifies each against the record.
        """
        return {}

    def coverage_gap(self, *, doi: str | None = None, pmid: str | None = None,
                     citation: Citation | None = None) -> str | None:
        """Why this source having no record for ``doi`` / ``pmid`` / ``citation`` (a search) is
        *not* a verdict, or None when it is. A live registry holds everything registered, so
        its absence is a verdict; a mirror built from a subset overrides this (see
        :mod:`refcheck.mirror.coverage`)."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook, most sources hold nothing
        """Release connections and flush caches."""
