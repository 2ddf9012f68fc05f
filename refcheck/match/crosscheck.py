"""The cross-check source's part (PubMed, live or mirrored: :attr:`Role.CROSS_CHECK`).

Batching keeps it at a handful of requests per manuscript whatever its length: one citation
match (ECitMatch) call for every usable citation, then one batched fetch (``get_pmids``) of every
cited or matched PMID. Each hit is re-verified before it is trusted; a validated record is
attached beside the primary one, or becomes the work when no primary source links one, and a
record that knows its DOI is completed by a primary source's DOI look-up instead of a search.
"""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.errors import SourceUnavailable
from refcheck.match.choice import SEARCH_ROWS, best_rejected, choose, reread
from refcheck.match.profile import profile_work
from refcheck.match.state import State
from refcheck.match.validate import accept_ecitmatch, accept_identifier, validate
from refcheck.model import Citation, ReasonCode, Work
from refcheck.sources.base import Capability, Source
from refcheck.text.identifiers import normalize_doi


def batch(states: list[State], checker: Source, outages: list[SourceUnavailable]) -> dict[int, list[tuple[Work | None, str]]]:
    """Cited PMIDs + citation-match hits, fetched in one batch: index -> [(record, method)], cited first.

    ECitMatch is asked for every usable citation, including those that cite a PMID: when the
    cited PMID turns out to be another work, the ECitMatch hit is the right one to propose.
    """
    wanted: dict[int, list[tuple[str, str]]] = {}
    for i, st in enumerate(states):
        pmid = (st.profile.citation.pmid or "").strip()
        if pmid.isdigit():
            wanted[i] = [(pmid, "pmid")]
    ask = ([i for i, st in enumerate(states) if _ecitmatch_usable(st.profile.citation)]
           if checker.can(Capability.CITATION_MATCH) else [])
    try:
        if ask:
            hits = checker.citation_match([states[i].profile.citation for i in ask])
            for j, pmid in hits.items():
                if 0 <= j < len(ask) and pmid and (str(pmid), "pmid") not in wanted.get(ask[j], []):
                    wanted.setdefault(ask[j], []).append((str(pmid), "ecitmatch"))
        pmids = sorted({p for pairs in wanted.values() for p, _ in pairs})
        records = checker.get_pmids(pmids) if pmids and checker.can(Capability.LOOKUP_PMID) else {}
    except SourceUnavailable as exc:
        outages.append(exc)
        return {}
    return {i: [(records.get(p), method) for p, method in pairs] for i, pairs in wanted.items()}


def _ecitmatch_usable(c: Citation) -> bool:
    """ECitMatch needs a journal plus volume and first page (author-only input cannot match)."""
    return bool(c.container and c.volume and (c.first_page or c.pages))


def apply(state: State, record: Work | None, method: str, checker: Source) -> None:
    """Validate one batched record for ``state`` (a cited PMID's or a citation-match hit's)."""
    pmid = state.profile.citation.pmid
    if record is None:
        if method == "pmid" and state.absent(checker, pmid=pmid):
            state.reason(ReasonCode.PMID_NOT_FOUND, f"PubMed has no record for PMID {pmid}")
        return
    v = validate(state.profile, profile_work(record))
    ok = accept_identifier(v) if method == "pmid" else accept_ecitmatch(v)
    if ok:
        state.checked, state.checked_method = v, method
    elif method == "pmid":
        state.pointed.append(record)
        state.reason(ReasonCode.PMID_OTHER_WORK,
                     f"PMID {pmid} points to another work: {record.title or '(untitled)'}")


def fallback(state: State, checker: Source, primary: Sequence[Source]) -> None:
    """When no primary source linked the citation: a cross-check record found some other way."""
    if state.checked is None and not state.ambiguous:
        try:
            doi = normalize_doi(state.profile.citation.doi) if state.profile.citation.doi else None
            if doi and (not primary or state.unavailable) and checker.can(Capability.LOOKUP_DOI):
                _by_doi(state, checker, doi)  # no primary source could resolve it
            if state.checked is None and checker.can(Capability.SEARCH):
                _by_search(state, checker)
        except SourceUnavailable as exc:
            state.outage(exc)
    if state.checked is not None and state.linked is None and primary:
        complete(state, primary)


def _by_search(state: State, checker: Source) -> None:
    works = checker.search(state.profile.citation, rows=SEARCH_ROWS)
    pointed = {w.key for w in state.pointed}
    validations = [validate(state.profile, profile_work(w)) for w in works if w.key not in pointed]
    best, rivals = choose(validations)
    if best is not None:
        state.checked, state.checked_method = best, "search"
    elif rivals:
        state.ambiguous = rivals
    else:
        state.absent(checker)
        state.keep_rejected(best_rejected(validations))


def _by_doi(state: State, checker: Source, doi: str) -> None:
    work = checker.get_doi(doi)
    if work is None:
        if state.absent(checker, doi=doi):
            state.reason(ReasonCode.DOI_NOT_REGISTERED, f"PubMed has no record for doi {doi}")
        return
    v = validate(state.profile, profile_work(work))
    if not accept_identifier(v):
        v = reread(state.profile, v)
    if accept_identifier(v):
        state.checked, state.checked_method = v, "doi"
    else:
        state.pointed.append(work)
        state.reason(ReasonCode.DOI_OTHER_WORK, f"doi {doi} points to another work: {work.title or '(untitled)'}")


def complete(state: State, primary: Sequence[Source]) -> None:
    """The cross-check identified the work and knows its DOI: fetch the primary record for full metadata."""
    assert state.checked is not None
    doi = normalize_doi(state.checked.work.doi)
    if not doi or any(normalize_doi(w.doi) == doi for w in state.pointed):
        return
    for source in primary:
        if not source.can(Capability.LOOKUP_DOI):
            continue
        try:
            work = source.get_doi(doi)
        except SourceUnavailable as exc:
            state.outage(exc)
            continue
        if work is not None:
            v = validate(state.profile, profile_work(work))
            if accept_identifier(v):
                state.linked, state.linked_source, state.method = v, source.name, state.checked_method
                return
