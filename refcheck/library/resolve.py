"""Turning what the user gives ``refcheck add``/``import``/``sync`` into registered works.

* Identifiers (DOI, PMID, PMCID) are looked up directly, then completed across registries: a
  DOI's record is joined with PubMed's (for its PMID/PMCID), a PMID's record is replaced by the
  Crossref record of its DOI when Crossref has one. Whichever identifier the user starts from,
  the same work therefore gives the same entry, which is what makes DOI-vs-PMID duplicates
  detectable.
* Reference strings and imported entries go through exactly the same parse -> match -> checks
  path as ``check``: a string that ``check`` would call ambiguous or not found is never added
  silently; the caller gets the candidates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from refcheck.config import Settings
from refcheck.errors import SourceUnavailable
from refcheck.library.inputs import UserInput
from refcheck.model import Citation, Finding, Match, Severity, Status, Work
from refcheck.sources.base import Capability, Role, Source


@dataclass(slots=True)
class Resolution:
    """The outcome for one input: ``work`` is set only when it may be added."""

    item: UserInput
    status: Status
    work: Work | None = None
    candidates: list[Work] = field(default_factory=list)
    reason: str | None = None
    citation: Citation | None = None
    findings: list[Finding] = field(default_factory=list)  # what `check` says about the cited text


def combine(primary: Work, pubmed: Work | None) -> Work:
    """``primary`` completed with PubMed's identifiers and notices (never its other fields).

    Keeping one registry's values per entry (Crossref when it has the work) makes entries
    stable across ``add``/``sync``; PubMed only adds what Crossref cannot know (PMID, PMCID,
    retractions indexed by NLM).
    """
    if pubmed is None or pubmed is primary:
        return primary
    if primary.doi and pubmed.doi and primary.doi.lower() != pubmed.doi.lower():
        return primary  # not the same work: never mix identifiers
    kinds = {u.kind for u in primary.updates}
    return dataclasses.replace(
        primary,
        pmid=primary.pmid or pubmed.pmid,
        pmcid=primary.pmcid or pubmed.pmcid,
        updates=[*primary.updates, *(u for u in pubmed.updates if u.kind not in kinds)],
    )


def work_of(match: Match) -> Work | None:
    """The registered work of a match, completed with the cross-check records matched alongside it
    (``Match.other``, keyed by registry: PubMed's, when it answered)."""
    if match.work is None:
        return None
    work = match.work
    for other in match.other.values():
        work = combine(work, other)
    return work


class _Lookup:
    """Identifier look-ups over the open sources, routed by what each declares; outages are
    remembered for the message. A DOI is the primary sources' (completed with the cross-check
    record); a PMID or PMCID is the cross-check's (completed with the primary record of its DOI)."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.checker = next((s for s in sources if s.role is Role.CROSS_CHECK), None)
        self.primary = [s for s in sources if s.role is Role.PRIMARY]
        self.failures: list[str] = []

    def _ask(self, sources: Sequence[Source], ask: Callable[[Source], Work | None]) -> Work | None:
        for source in sources:
            try:
                work = ask(source)
            except SourceUnavailable as exc:
                self.failures.append(str(exc))
                continue
            if work is not None:
                return work
        return None

    def _checker(self, capability: Capability) -> list[Source]:
        return [self.checker] if self.checker is not None and self.checker.can(capability) else []

    def doi(self, doi: str) -> Work | None:
        primary = self._ask([s for s in self.primary if s.can(Capability.LOOKUP_DOI)], lambda s: s.get_doi(doi))
        checked = self._ask(self._checker(Capability.LOOKUP_DOI), lambda s: s.get_doi(doi))
        return combine(primary, checked) if primary else checked

    def pmid(self, pmid: str) -> Work | None:
        checked = self._ask(self._checker(Capability.LOOKUP_PMID), lambda s: s.get_pmid(pmid))
        if checked is None:
            return self._ask([s for s in self.primary if s.can(Capability.LOOKUP_PMID)], lambda s: s.get_pmid(pmid))
        return self._complete(checked)

    def pmcid(self, pmcid: str) -> Work | None:
        """PMCID -> PubMed record (``get_pmcid``) -> completed like a PMID."""
        sources = self._checker(Capability.LOOKUP_PMCID)
        if not sources:
            self.failures.append("PMCIDs are resolved through PubMed, which is not among the sources")
            return None
        record = self._ask(sources, lambda s: s.get_pmcid(pmcid))
        return self.pmid(record.pmid) if record is not None and record.pmid else record

    def _complete(self, checked: Work) -> Work:
        """The primary record of the cross-check record's DOI, completed with it."""
        doi = checked.doi
        primary = (self._ask([s for s in self.primary if s.can(Capability.LOOKUP_DOI)], lambda s: s.get_doi(doi))
                   if doi else None)
        return combine(primary, checked) if primary else checked

    def find(self, kind: str, value: str) -> Work | None:
        """Look up ``value`` as a ``doi``, ``pmid`` or ``pmcid``."""
        return {"doi": self.doi, "pmid": self.pmid, "pmcid": self.pmcid}[kind](value)


def resolve_identifier(item: UserInput, lookup: _Lookup) -> Resolution:
    """Look up a DOI / PMID / PMCID and complete it across registries."""
    lookup.failures = []
    work = lookup.find(item.kind, item.value)
    if work is not None:
        return Resolution(item, Status.VERIFIED, work=work)
    if lookup.failures:
        return Resolution(item, Status.UNCHECKED, reason="; ".join(lookup.failures))
    return Resolution(item, Status.NOT_FOUND, reason=f"{item.kind.upper()} {item.value} is not registered")


def resolve_citations(citations: list[Citation], items: list[UserInput], sources: Sequence[Source],
                      settings: Settings) -> list[Resolution]:
    """Match parsed references the way ``check`` does, with its findings on the cited text."""
    from refcheck.checks import run_checks
    from refcheck.match import match_citations

    matches: list[Match] = match_citations(citations, sources, settings)
    out = []
    for item, citation, match in zip(items, citations, matches, strict=True):
        work = work_of(match) if match.status in (Status.VERIFIED, Status.MISMATCH) else None
        findings = [f for f in run_checks(citation, match, settings) if f.severity.rank >= Severity.WARNING.rank]
        out.append(Resolution(item, Status.VERIFIED if work else match.status, work=work,
                              candidates=list(match.candidates), reason=match.reason, citation=citation,
                              findings=findings if work else []))
    return out


def resolve_with(items: Sequence[UserInput], sources: Sequence[Source], settings: Settings) -> list[Resolution]:
    """Resolve every input with already-open sources (identifiers directly, the rest via match)."""
    from refcheck.parse import parse_reference

    results: dict[int, Resolution] = {}
    lookup = _Lookup(sources)
    pending: list[tuple[int, UserInput, Citation]] = []
    for i, item in enumerate(items):
        if item.kind in ("doi", "pmid", "pmcid"):
            results[i] = resolve_identifier(item, lookup)
        else:
            citation = item.citation if item.citation is not None else parse_reference(item.value, number=i + 1)
            pending.append((i, item, citation))
    if pending:
        resolved = resolve_citations([c for _, _, c in pending], [it for _, it, _ in pending], sources, settings)
        for (i, _, _), res in zip(pending, resolved, strict=True):
            results[i] = res
    return [results[i] for i in range(len(items))]


def resolve(items: Sequence[UserInput], settings: Settings, project_dir: Path) -> list[Resolution]:
    """Open the configured registries, resolve every input, close them."""
    from refcheck.sources import open_sources

    sources, _notes = open_sources(settings, project_dir)
    try:
        return resolve_with(items, sources, settings)
    finally:
        for source in sources:
            source.close()
