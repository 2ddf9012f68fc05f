"""The matching procedure: identifiers first, then search, the cross-check batch, merge.

See :mod:`refcheck.match` for the contract of the returned :class:`~refcheck.model.Match`.
Sources are routed by what they declare (:mod:`refcheck.sources.base`), never by name.

Order of work for one manuscript:

1. Cross-check batch (when a :attr:`~refcheck.sources.base.Role.CROSS_CHECK` source, PubMed, is
   configured): :mod:`refcheck.match.crosscheck`.
2. Per citation, concurrently (pool sized by the sources' ``max_concurrency`` so a cold run is
   bound by the registries' rate limits rather than latency): cited DOI -> validate; otherwise or
   when the DOI points elsewhere, bibliographic search -> validate candidates -> pick, over the
   primary sources in order; the first that links wins.
3. Merge: a validated cross-check record is attached as ``other[registry]`` (or becomes the work
   when no primary source linked one); outages turn an undecided reference into UNCHECKED.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

from refcheck.errors import SourceUnavailable
from refcheck.match import crosscheck, related
from refcheck.match.choice import SEARCH_ROWS, best_rejected, choose, compact_query, reread
from refcheck.match.profile import profile_citation, profile_work
from refcheck.match.state import State
from refcheck.match.validate import Validation, accept_identifier, validate
from refcheck.model import Citation, Match, Reason, ReasonCode, Status
from refcheck.sources.base import Capability, Role, Source
from refcheck.text.identifiers import normalize_doi

# Identifier problems: a linked work is then a MISMATCH (the checks say which identifier is wrong).
IDENTIFIER_PROBLEMS = frozenset({ReasonCode.DOI_OTHER_WORK, ReasonCode.DOI_NOT_REGISTERED, ReasonCode.DOI_MALFORMED,
                                 ReasonCode.PMID_OTHER_WORK, ReasonCode.PMID_NOT_FOUND})
# Reasons a linked work keeps (the rest explain only why nothing was linked).
_KEPT_WHEN_LINKED = IDENTIFIER_PROBLEMS | {ReasonCode.UNAVAILABLE, ReasonCode.DOI_OTHER_AGENCY}


# --------------------------------------------------------------------------- per-source steps


def _by_doi(state: State, source: Source, doi: str) -> bool:
    """Resolve the cited DOI in ``source``; True when it identifies the cited work."""
    work = source.get_doi(doi)
    if work is None:
        if not state.absent(source, doi=doi):
            return False
        agency = source.agency_of(doi) if source.can(Capability.DOI_AGENCY) else None
        if agency and agency != source.registry:
            # a DataCite/mEDRA DOI is not wrong, just outside what refcheck can check
            state.reason(ReasonCode.DOI_OTHER_AGENCY, f"doi {doi} is registered with {agency}, not {source.name}")
        else:
            state.reason(ReasonCode.DOI_NOT_REGISTERED, f"{source.name} has no record for doi {doi}")
        return False
    v = validate(state.profile, profile_work(work))
    if not accept_identifier(v):
        v = reread(state.profile, v)
    if accept_identifier(v):
        state.linked, state.linked_source, state.method = v, source.name, "doi"
        return True
    state.pointed.append(work)
    state.reason(ReasonCode.DOI_OTHER_WORK, f"doi {doi} points to another work: {work.title or '(untitled)'}")
    return False


def _candidates(state: State, source: Source) -> tuple[list[Validation], Validation | None, list[Validation]]:
    """Validated search candidates (two queries at most, then the rejected ones' own links)."""
    pointed = {w.key for w in state.pointed}
    seen: set[str] = set()
    validations: list[Validation] = []
    best: Validation | None = None
    rivals: list[Validation] = []
    for query in (state.profile.citation, compact_query(state.profile.citation)):
        if query is None:
            continue
        works = [w for w in source.search(query, rows=SEARCH_ROWS) if w.key not in pointed | seen]
        seen.update(w.key for w in works)
        validations += [validate(state.profile, profile_work(w)) for w in works]
        best, rivals = choose(validations)
        if best is None and not rivals:  # nothing validates as parsed: read against each candidate
            validations = [reread(state.profile, v) for v in validations]
            best, rivals = choose(validations)
        if best is not None or rivals:
            break
    if (best is None and not rivals and validations and source.can(Capability.RELATIONS)
            and source.can(Capability.LOOKUP_DOI)):
        # look-alikes may have pushed the work out of the rows
        validations += related.follow(state.profile, validations, source, seen)
        best, rivals = choose(validations)
    return validations, best, rivals


def _by_search(state: State, source: Source) -> bool:
    """Search ``source`` with the citation and pick a validated candidate."""
    validations, best, rivals = _candidates(state, source)
    if not validations:
        if state.absent(source):
            state.reason(ReasonCode.NO_CANDIDATE, f"{source.name} search returned no candidate")
        return False
    if best is not None:
        state.linked, state.linked_source, state.method = best, source.name, "search"
        return True
    if rivals:
        state.ambiguous = rivals
        return False
    state.absent(source)
    state.keep_rejected(best_rejected(validations))
    return False


def _match_primary(state: State, sources: Sequence[Source]) -> None:
    """The primary sources in order: cited DOI first, then search; the first source that links wins."""
    citation = state.profile.citation
    doi = normalize_doi(citation.doi) if citation.doi else None
    if citation.doi and doi is None:
        state.reason(ReasonCode.DOI_MALFORMED, f"{citation.doi!r} is not a valid DOI")
    for source in sources:
        try:
            if doi and source.can(Capability.LOOKUP_DOI) and _by_doi(state, source, doi):
                # another source's 404 was a gap in that source, not an unregistered DOI
                state.drop(ReasonCode.DOI_NOT_REGISTERED)
                return
            if source.can(Capability.SEARCH) and _by_search(state, source):
                return
        except SourceUnavailable as exc:
            state.outage(exc)


# --------------------------------------------------------------------------- assembly


def _finish(state: State, checker: Source | None) -> Match:
    """Turn what was learnt into the Match the checks consume."""
    codes = {r.code for r in state.reasons}
    linked, source, method = state.linked, state.linked_source, state.method
    if linked is None and state.checked is not None and checker is not None:
        linked, source, method = state.checked, checker.registry, state.checked_method
    elif linked is not None and state.checked is not None and checker is not None:
        state.other[checker.registry] = state.checked.work
    if linked is not None:
        status = Status.MISMATCH if codes & IDENTIFIER_PROBLEMS else Status.VERIFIED
        return Match(
            status=status, work=linked.work, score=round(linked.score, 4), source=source, method=method,
            candidates=list(state.pointed), reasons=tuple(r for r in state.reasons if r.code in _KEPT_WHEN_LINKED),
            other=dict(state.other),
        )
    if state.ambiguous:
        state.reason(ReasonCode.AMBIGUOUS, f"{len(state.ambiguous)} candidates too close to call")
        return Match(
            status=Status.AMBIGUOUS, candidates=[v.work for v in state.ambiguous],
            score=round(state.ambiguous[0].score, 4), reasons=tuple(state.reasons),
        )
    candidates = list(state.pointed)
    if state.rejected is not None:
        state.reason(ReasonCode.REJECTED, f"best candidate rejected (score {state.rejected.score:.2f}, "
                                          f"clashes: {', '.join(state.rejected.clash) or 'none'})")
        candidates.append(state.rejected.work)
    # an outage, a DOI registered with an agency refcheck does not consult, or only sources
    # that do not cover the reference (a partial mirror) having answered: not a verdict
    undecided = (state.unavailable or ReasonCode.DOI_OTHER_AGENCY in codes
                 or (state.gaps and not state.searched_complete))
    status = Status.UNCHECKED if undecided else Status.NOT_FOUND
    return Match(status=status, candidates=candidates,
                 reasons=tuple(state.reasons) or (Reason(ReasonCode.NOTE, "no candidate"),))


def _cross_check(states: list[State], checker: Source) -> bool:
    """The cross-check batch for every citation; False when the checker is down."""
    outages: list[SourceUnavailable] = []
    for i, found in crosscheck.batch(states, checker, outages).items():
        for record, method in found:
            if states[i].checked is None:
                crosscheck.apply(states[i], record, method, checker)
    for exc in outages:
        for st in states:
            st.outage(exc)
    return not outages


def _each(states: Sequence[State], one: Callable[[State], None], sources: Sequence[Source],
          tick: Callable[[], None]) -> None:
    """``one`` for every state, on a pool sized by the sources' ``max_concurrency``."""
    workers = max([s.max_concurrency or 1 for s in sources] + [1])
    if workers == 1 or len(states) == 1:
        for st in states:
            one(st)
            tick()
        return
    pool = ThreadPoolExecutor(max_workers=min(workers, len(states)))
    try:
        for fut in as_completed([pool.submit(one, st) for st in states]):
            fut.result()
            tick()
    except KeyboardInterrupt:
        # Ctrl-C: do not wait for requests in flight (up to a read timeout each); later ones
        # fail at once through the sources' guard, queued citations are dropped.
        for source in sources:
            source.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def run(
    citations: Sequence[Citation],
    sources: Sequence[Source],
    progress: Callable[[int, int], None] | None = None,
) -> list[Match]:
    """Match every citation (see module docstring for the order of work)."""
    total = len(citations)
    if total == 0:
        return []
    if not sources:
        return [Match(Status.UNCHECKED, reasons=(Reason(ReasonCode.UNAVAILABLE, "no registry available"),))
                for _ in citations]
    states = [State(profile_citation(c)) for c in citations]
    primary = [s for s in sources if s.role is Role.PRIMARY]
    checker = next((s for s in sources if s.role is Role.CROSS_CHECK), None)
    checker_up = checker is not None and _cross_check(states, checker)

    def one(st: State) -> None:
        if primary and st.checked is not None and st.checked.work.doi and not st.profile.citation.doi:
            # the cross-check already identified the work: a DOI look-up (10/s) instead of a search (3/s)
            crosscheck.complete(st, primary)
        if primary and st.linked is None:
            _match_primary(st, primary)
        if checker is not None and checker_up and st.linked is None:
            crosscheck.fallback(st, checker, primary)

    done = 0
    lock = threading.Lock()

    def tick() -> None:
        nonlocal done
        with lock:
            done += 1
            if progress is not None:
                progress(done, total)

    _each(states, one, sources, tick)
    matches = [_finish(st, checker) for st in states]
    related.attach([st.profile for st in states], matches, [s for s in primary if s.can(Capability.LOOKUP_DOI)])
    return matches
