"""The one interface every registry implements (Crossref, PubMed, the local mirror...).

A source says *what it can do* (:class:`Capability`) and *what part it plays* (:class:`Role`);
the matcher (:mod:`refcheck.match.engine`) and ``refcheck add`` (:mod:`refcheck.library.resolve`)
route on those, never on a source's name. Adding a registry is one module with a :class:`Source`
subclass (an HTTP one derives from :class:`refcheck.sources.client.HttpSource`) and one entry in
``refcheck.sources.SOURCES``.

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

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING

from refcheck.model import Citation, Work

if TYPE_CHECKING:
    from refcheck.sources.breaker import RunGuard


class Capability(Enum):
    """What a source can be asked; the callers skip a source for what it does not declare."""

    LOOKUP_DOI = "lookup_doi"  # get_doi
    LOOKUP_PMID = "lookup_pmid"  # get_pmid / get_pmids
    LOOKUP_PMCID = "lookup_pmcid"  # get_pmcid
    SEARCH = "search"  # bibliographic search
    BATCH_PMID = "batch_pmid"  # get_pmids answers many ids in one request
    CITATION_MATCH = "citation_match"  # journal/volume/page -> PMID in batches (ECitMatch)
    COVERAGE = "coverage"  # holds a subset: coverage_gap can say an absence is no verdict
    RELATIONS = "relations"  # records carry links between versions (preprint, notice...)
    DOI_AGENCY = "doi_agency"  # knows which agency registered a DOI it has no record for


class Role(Enum):
    """The part a source plays in matching a manuscript."""

    # Links the work: cited DOI, then search; the first primary source that links wins.
    PRIMARY = "primary"
    # Asked in batches for the whole manuscript first (cited PMIDs, citation matching); its
    # validated record is attached beside the primary one (``Match.other[registry]``) and is
    # the work only when no primary source links one. PubMed plays it, live or mirrored.
    CROSS_CHECK = "cross_check"


class Source:
    """A bibliographic registry refcheck can verify references against."""

    # What reports print as the path a record came by (``Match.source``, ``Report.sources``).
    name: str = "source"
    # The registry whose records it answers with, when that is not its name (a mirror of PubMed).
    serves: str | None = None
    role: Role = Role.PRIMARY
    capabilities: frozenset[Capability] = frozenset({Capability.LOOKUP_DOI, Capability.SEARCH})
    max_concurrency: int = 1
    base_url: str | None = None  # a network source's address (the run guard remembers outages by it)

    @property
    def registry(self) -> str:
        """The registry whose records this source answers with (the key of ``Match.other``)."""
        return self.serves or self.name

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def get_doi(self, doi: str) -> Work | None:
        """The record registered under ``doi`` (case-insensitive), or None if there is none."""
        return None

    def get_pmid(self, pmid: str) -> Work | None:
        """The record for PubMed id ``pmid``; sources without PMIDs return None."""
        return None

    def get_pmids(self, pmids: Sequence[str]) -> dict[str, Work | None]:
        """Batch form of :meth:`get_pmid` (PubMed overrides it with one request per 200 ids)."""
        return {p: self.get_pmid(p) for p in pmids}

    def get_pmcid(self, pmcid: str) -> Work | None:
        """The record of a PubMed Central id (``LOOKUP_PMCID``); None elsewhere."""
        return None

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        """Candidate works for a citation without (trusted) identifiers, best first."""
        return []

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

    def agency_of(self, doi: str) -> str | None:
        """The agency (``datacite``, ``medra``...) that registered a DOI this source just answered
        it has no record for, when the source learnt it (``DOI_AGENCY``); asks nothing."""
        return None

    def use_guard(self, guard: RunGuard) -> None:
        """Take the run's circuit breaker and deadline (network sources)."""

    def cancel(self) -> None:
        """Ctrl-C: make requests not yet started fail at once."""

    def close(self) -> None:
        """Release connections and flush caches."""
