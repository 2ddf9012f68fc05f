"""Turning what the user gives ``refcheck add``/``import`` into registered works.

Identifiers are looked up directly (DOI in Crossref or the mirror, PMID in PubMed or the
mirror); reference strings go through exactly the same parse -> match path as ``check``, so a
string that ``check`` would call ambiguous or not found is never added silently: the caller
gets the candidates and decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from refcheck.config import Settings
from refcheck.errors import SourceUnavailable
from refcheck.library.inputs import UserInput
from refcheck.model import Citation, Match, Status, Work
from refcheck.sources.base import Source


@dataclass(slots=True)
class Resolution:
    """The outcome for one input: ``work`` is set only when it may be added."""

    item: UserInput
    status: Status
    work: Work | None = None
    candidates: list[Work] = field(default_factory=list)
    reason: str | None = None
    citation: Citation | None = None


def _first_answer(sources: Sequence[Source], method: str, ident: str) -> tuple[Work | None, str | None]:
    """Ask each source in turn; (work, None), (None, None) = nobody has it, (None, reason) = outage."""
    failures: list[str] = []
    for source in sources:
        try:
            work = getattr(source, method)(ident)
        except SourceUnavailable as exc:
            failures.append(str(exc))
            continue
        if work is not None:
            return work, None
    return None, "; ".join(failures) or None


def resolve_identifier(item: UserInput, sources: Sequence[Source]) -> Resolution:
    """Look up a DOI / PMID / PMCID."""
    if item.kind == "doi":
        work, outage = _first_answer(sources, "get_doi", item.value)
    elif item.kind == "pmid":
        work, outage = _first_answer(sources, "get_pmid", item.value)
    else:  # pmcid: only sources that can translate it
        capable = [s for s in sources if hasattr(s, "get_pmcid")]
        if not capable:
            return Resolution(item, Status.UNCHECKED, reason="no configured source resolves PMCIDs (needs PubMed)")
        work, outage = _first_answer(capable, "get_pmcid", item.value)
    if work is not None:
        return Resolution(item, Status.VERIFIED, work=work)
    if outage:
        return Resolution(item, Status.UNCHECKED, reason=outage)
    return Resolution(item, Status.NOT_FOUND, reason=f"{item.kind.upper()} {item.value} is not registered")


def resolve_citations(citations: list[Citation], items: list[UserInput], sources: Sequence[Source],
                      settings: Settings) -> list[Resolution]:
    """Match parsed reference strings the way ``check`` does."""
    from refcheck.match import match_citations

    matches: list[Match] = match_citations(citations, sources, settings)
    out = []
    for item, citation, match in zip(items, citations, matches, strict=True):
        ok = match.status in (Status.VERIFIED, Status.MISMATCH) and match.work is not None
        out.append(Resolution(item, Status.VERIFIED if ok else match.status, work=match.work if ok else None,
                              candidates=list(match.candidates), reason=match.reason, citation=citation))
    return out


def resolve(items: list[UserInput], settings: Settings, project_dir: Path) -> list[Resolution]:
    """Resolve every input, identifiers directly and strings through parse + match."""
    from refcheck.parse import parse_reference
    from refcheck.sources import open_sources

    sources, _notes = open_sources(settings, project_dir)
    try:
        results: list[Resolution | None] = [None] * len(items)
        texts = [(i, it) for i, it in enumerate(items) if it.kind == "text"]
        for i, item in enumerate(items):
            if item.kind != "text":
                results[i] = resolve_identifier(item, sources)
        if texts:
            citations = [parse_reference(it.value) for _, it in texts]
            for (i, _), res in zip(texts, resolve_citations(citations, [it for _, it in texts], sources, settings),
                                   strict=True):
                results[i] = res
        return [r for r in results if r is not None]
    finally:
        for source in sources:
            source.close()
