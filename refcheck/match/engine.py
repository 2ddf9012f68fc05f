"""The matching procedure: identifiers first, then search, PubMed batches, cross-registry merge.

See :mod:`refcheck.match` for the contract of the returned :class:`~refcheck.model.Match`.

Order of work for one manuscript:

1. PubMed batch (when a ``pubmed`` source is configured): one ECitMatch call for every citation
   without a cited PMID, then one batched fetch (``get_pmids``) of every cited or ECitMatch PMID.
   Batching keeps PubMed at a handful of requests per manuscript whatever its length.
2. Per citation, concurrently (pool sized by the sources' ``max_concurrency`` so a cold run is
   bound by the registries' rate limits rather than latency): cited DOI -> validate; otherwise or
   when the DOI points elsewhere, bibliographic search -> validate candidates -> pick.
3. Merge: a validated PubMed record is attached as ``other["pubmed"]`` (or becomes the work when
   no other registry linked one); outages turn an undecided reference into UNCHECKED.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from refcheck.errors import SourceUnavailable
from refcheck.match import related
from refcheck.match.profile import CitationProfile, profile_citation, profile_work
from refcheck.match.validate import (
    AMBIGUITY_MARGIN,
    Validation,
    accept_ecitmatch,
    accept_identifier,
    accept_search,
    validate,
)
from refcheck.model import Citation, Match, Status, Work
from refcheck.normalize import normalize_doi
from refcheck.sources.base import Source
from refcheck.text.fold import words

if TYPE_CHECKING:
    from refcheck.checks.align import Alignment

PUBMED = "pubmed"
SEARCH_ROWS = 5
# Reason codes (stable; the checks read them through refcheck.match.reason_codes).
DOI_OTHER_WORK = "doi_other_work"
DOI_NOT_REGISTERED = "doi_not_registered"
DOI_MALFORMED = "doi_malformed"
DOI_OTHER_AGENCY = "doi_other_agency"
PMID_OTHER_WORK = "pmid_other_work"
PMID_NOT_FOUND = "pmid_not_found"
UNAVAILABLE = "unavailable"
NOT_COVERED = "not_covered"  # a partial mirror lacks it: its absence is no verdict
NO_CANDIDATE = "no_candidate"
REJECTED = "rejected"
AMBIGUOUS = "ambiguous"
IDENTIFIER_PROBLEMS = frozenset({DOI_OTHER_WORK, DOI_NOT_REGISTERED, DOI_MALFORMED, PMID_OTHER_WORK, PMID_NOT_FOUND})


@dataclass(slots=True)
class _State:
    """Everything learnt about one citation while matching it."""

    profile: CitationProfile
    linked: Validation | None = None
    linked_source: str | None = None
    method: str | None = None
    pointed: list[Work] = field(default_factory=list)  # works a wrong cited identifier points to
    reasons: list[tuple[str, str]] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    ambiguous: list[Validation] = field(default_factory=list)
    rejected: Validation | None = None
    other: dict[str, Work] = field(default_factory=dict)
    pubmed: Validation | None = None  # validated PubMed record (cited PMID or ECitMatch)
    pubmed_method: str | None = None
    gaps: int = 0  # absences from a source that does not cover the reference (partial mirror)
    searched_complete: bool = False  # a source covering the reference searched it and answered

    def reason(self, code: str, text: str) -> None:
        if (code, text) not in self.reasons:
            self.reasons.append((code, text))

    def outage(self, exc: SourceUnavailable) -> None:
        self.unavailable.append(exc.source)
        self.reason(UNAVAILABLE, f"{exc.source}: {exc.reason}")

    def absent(self, source: Source, *, doi: str | None = None, pmid: str | None = None) -> bool:
        """Whether ``source`` having nothing is a verdict (it covers this reference); when not,
        the gap is noted and the reference can at most be UNCHECKED on that source's word."""
        gap = source.coverage_gap(doi=doi, pmid=pmid, citation=self.profile.citation)
        if gap is None:
            if doi is None and pmid is None:
                self.searched_complete = True
            return True
        self.gaps += 1
        self.reason(NOT_COVERED, gap)
        return False


# --------------------------------------------------------------------------- candidate choice


def _rank_key(v: Validation) -> tuple[bool, float, int]:
    """The record whose kind answers the citation first (the article, not its preprint, whatever
    the search rank), then higher score, then fewer locator clashes (they separate same-title works)."""
    return (v.fits, v.score, -len(v.clash))


def choose(validations: Sequence[Validation]) -> tuple[Validation | None, list[Validation]]:
    """Best accepted candidate, or (None, close rivals) when two are too close to call.

    Candidates with the same DOI (or PMID) are one work. A rival that agrees and clashes on
    exactly the same locator fields and scores within ``AMBIGUITY_MARGIN`` makes the choice
    ambiguous; any locator difference decides instead (preprint vs version of record, review vs
    article, quiz case 1 vs 2).
    """
    seen: set[str] = set()
    accepted: list[Validation] = []
    for v in sorted(validations, key=_rank_key, reverse=True):
        if v.work.key in seen or not accept_search(v):
            continue
        seen.add(v.work.key)
        accepted.append(v)
    if not accepted:
        return None, []
    best = accepted[0]
    rivals = [
        v for v in accepted[1:]
        if best.score - v.score < AMBIGUITY_MARGIN and v.fits == best.fits
        and sorted(v.agree) == sorted(best.agree)
        and sorted(v.clash) == sorted(best.clash)
    ]
    if not rivals:
        return best, []
    # the issue number is the last locator that separates two columns of one volume
    group = [best, *rivals]
    agreeing = [v for v in group if v.issue]
    if len(agreeing) == 1:
        return agreeing[0], []
    return None, agreeing or group


def _best_rejected(validations: Sequence[Validation]) -> Validation | None:
    return max(validations, key=lambda v: v.score, default=None)


def reread(profile: CitationProfile, v: Validation) -> Validation:
    """``v`` again, with the citation read against the candidate's own record when that locates
    the record's title in the raw text (:mod:`refcheck.checks.align`): a parse that misplaced a
    boundary (the journal run into the title, a lower-cased byline taken for the title) is not
    evidence against the candidate. The aligned values are the raw text, so a real clash stays."""
    from refcheck.checks.align import align_reference, aligned_citation  # checks import match

    alignment = align_reference(profile.citation, v.work)
    if "title" not in alignment.fields:
        return v
    aligned = aligned_citation(profile.citation, v.work, alignment)
    if aligned is profile.citation or not _explained(profile.citation, aligned, alignment):
        return v
    again = validate(profile_citation(aligned), profile_work(v.work))
    return again if again.score > v.score else v


# --------------------------------------------------------------------------- per-source steps


def _by_doi(state: _State, source: Source, doi: str) -> bool:
    """Resolve the cited DOI in ``source``; True when it identifies the cited work."""
    work = source.get_doi(doi)
    if work is None:
        if not state.absent(source, doi=doi):
            return False
        agency = getattr(source, "agencies", {}).get(doi)  # CrossrefSource asks /works/{doi}/agency
        if agency and agency != source.name:
            # a DataCite/mEDRA DOI is not wrong, just outside what refcheck can check
            state.reason(DOI_OTHER_AGENCY, f"doi {doi} is registered with {agency}, not {source.name}")
        else:
            state.reason(DOI_NOT_REGISTERED, f"{source.name} has no record for doi {doi}")
        return False
    v = validate(state.profile, profile_work(work))
    if not accept_identifier(v):
        v = reread(state.profile, v)
    if accept_identifier(v):
        state.linked, state.linked_source, state.method = v, source.name, "doi"
        return True
    state.pointed.append(work)
    state.reason(DOI_OTHER_WORK, f"doi {doi} points to another work: {work.title or '(untitled)'}")
    return False


def compact_query(citation: Citation) -> Citation | None:
    """A second, structured query (SBMV's structured mode): first author, title, journal, locator.

    Used only when the whole-string search found nothing acceptable: long bylines or
    debris in the string can push the right record out of the top rows; the compact form
    weighs the identifying fields. None when the parse has no title to build it from.
    """
    if not citation.title:
        return None
    first = citation.authors[0] if citation.authors else None
    name = (first.family or first.group or "") if first else ""
    parts = [name, citation.title, citation.container or "", str(citation.year or ""),
             citation.volume or "", citation.first_page or ""]
    text = " ".join(p for p in parts if p)
    return dataclasses.replace(citation, text=text) if text != citation.text else None


def _by_search(state: _State, source: Source) -> bool:
    """Search ``source`` with the citation and pick a validated candidate (two queries at most)."""
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
    if best is None and not rivals and validations:  # look-alikes may have pushed the work out of the rows
        validations += related.follow(state.profile, validations, source, seen)
        best, rivals = choose(validations)
    if not validations:
        if state.absent(source):
            state.reason(NO_CANDIDATE, f"{source.name} search returned no candidate")
        return False
    if best is not None:
        state.linked, state.linked_source, state.method = best, source.name, "search"
        return True
    if rivals:
        state.ambiguous = rivals
        return False
    state.absent(source)
    rejected = _best_rejected(validations)
    if rejected and (state.rejected is None or rejected.score > state.rejected.score):
        state.rejected = rejected
    return False


def _explained(parsed: Citation, aligned: Citation, alignment: Alignment) -> bool:
    """Every word the aligned title drops from the parsed one is another located field (the
    journal or byline the parse ran into the title): "Literature Review: Disability
    Evaluation" does not become another work's "Literature Review"."""
    dropped = set(words(parsed.title or "")) - set(words(aligned.title or ""))
    elsewhere = {w for name in ("journal", "authors", "year") if name in alignment.fields
                 for w in words(alignment.fields[name].value)}
    return dropped <= elsewhere


def _match_primary(state: _State, sources: Sequence[Source]) -> None:
    """Crossref / mirror: cited DOI first, then search; the first source that links wins."""
    citation = state.profile.citation
    doi = normalize_doi(citation.doi) if citation.doi else None
    if citation.doi and doi is None:
        state.reason(DOI_MALFORMED, f"{citation.doi!r} is not a valid DOI")
    for source in sources:
        try:
            if doi and _by_doi(state, source, doi):
                # another source's 404 was a gap in that source, not an unregistered DOI
                state.reasons = [r for r in state.reasons if r[0] != DOI_NOT_REGISTERED]
                return
            if _by_search(state, source):
                return
        except SourceUnavailable as exc:
            state.outage(exc)


# --------------------------------------------------------------------------- PubMed batch


def _pubmed_batch(
    states: list[_State], pubmed: Source, outages: list[SourceUnavailable]
) -> dict[int, list[tuple[Work | None, str]]]:
    """Cited PMIDs + ECitMatch hits, fetched in one batch: index -> [(record, method)], cited first.

    ECitMatch is asked for every usable citation, including those that cite a PMID: when the
    cited PMID turns out to be another work, the ECitMatch hit is the right one to propose.
    """
    wanted: dict[int, list[tuple[str, str]]] = {}
    for i, st in enumerate(states):
        pmid = (st.profile.citation.pmid or "").strip()
        if pmid.isdigit():
            wanted[i] = [(pmid, "pmid")]
    ask = [i for i, st in enumerate(states) if _ecitmatch_usable(st.profile.citation)]
    try:
        if ask:
            hits = pubmed.citation_match([states[i].profile.citation for i in ask])
            for j, pmid in hits.items():
                if 0 <= j < len(ask) and pmid and (str(pmid), "pmid") not in wanted.get(ask[j], []):
                    wanted.setdefault(ask[j], []).append((str(pmid), "ecitmatch"))
        pmids = sorted({p for pairs in wanted.values() for p, _ in pairs})
        records = pubmed.get_pmids(pmids) if pmids else {}
    except SourceUnavailable as exc:
        outages.append(exc)
        return {}
    return {i: [(records.get(p), method) for p, method in pairs] for i, pairs in wanted.items()}


def _ecitmatch_usable(c: Citation) -> bool:
    """ECitMatch needs a journal plus volume and first page (author-only input cannot match)."""
    return bool(c.container and c.volume and (c.first_page or c.pages))


def _apply_pubmed(state: _State, record: Work | None, method: str, pubmed: Source) -> None:
    pmid = state.profile.citation.pmid
    if record is None:
        if method == "pmid" and state.absent(pubmed, pmid=pmid):
            state.reason(PMID_NOT_FOUND, f"PubMed has no record for PMID {pmid}")
        return
    v = validate(state.profile, profile_work(record))
    ok = accept_identifier(v) if method == "pmid" else accept_ecitmatch(v)
    if ok:
        state.pubmed, state.pubmed_method = v, method
    elif method == "pmid":
        state.pointed.append(record)
        state.reason(PMID_OTHER_WORK, f"PMID {pmid} points to another work: {record.title or '(untitled)'}")


def _pubmed_fallback(state: _State, pubmed: Source, primary: Sequence[Source]) -> None:
    """When no other registry linked the citation: a PubMed record found some other way."""
    if state.pubmed is None and not state.ambiguous:
        try:
            doi = normalize_doi(state.profile.citation.doi) if state.profile.citation.doi else None
            if doi and (not primary or state.unavailable):  # no other registry could resolve it
                _by_doi_pubmed(state, pubmed, doi)
            if state.pubmed is None:
                works = pubmed.search(state.profile.citation, rows=SEARCH_ROWS)
                pointed = {w.key for w in state.pointed}
                validations = [validate(state.profile, profile_work(w)) for w in works if w.key not in pointed]
                best, rivals = choose(validations)
                if best is not None:
                    state.pubmed, state.pubmed_method = best, "search"
                elif rivals:
                    state.ambiguous = rivals
                else:
                    state.absent(pubmed)
                    if (rej := _best_rejected(validations)) and (
                        state.rejected is None or rej.score > state.rejected.score
                    ):
                        state.rejected = rej
        except SourceUnavailable as exc:
            state.outage(exc)
    if state.pubmed is not None and state.linked is None and primary:
        _primary_from_pubmed(state, primary)


def _by_doi_pubmed(state: _State, pubmed: Source, doi: str) -> None:
    work = pubmed.get_doi(doi)
    if work is None:
        if state.absent(pubmed, doi=doi):
            state.reason(DOI_NOT_REGISTERED, f"PubMed has no record for doi {doi}")
        return
    v = validate(state.profile, profile_work(work))
    if not accept_identifier(v):
        v = reread(state.profile, v)
    if accept_identifier(v):
        state.pubmed, state.pubmed_method = v, "doi"
    else:
        state.pointed.append(work)
        state.reason(DOI_OTHER_WORK, f"doi {doi} points to another work: {work.title or '(untitled)'}")


def _primary_from_pubmed(state: _State, primary: Sequence[Source]) -> None:
    """PubMed identified the work and knows its DOI: fetch the Crossref record for full metadata."""
    assert state.pubmed is not None
    doi = normalize_doi(state.pubmed.work.doi)
    if not doi or any(normalize_doi(w.doi) == doi for w in state.pointed):
        return
    for source in primary:
        try:
            work = source.get_doi(doi)
        except SourceUnavailable as exc:
            state.outage(exc)
            continue
        if work is not None:
            v = validate(state.profile, profile_work(work))
            if accept_identifier(v):
                state.linked, state.linked_source, state.method = v, source.name, state.pubmed_method
                return


# --------------------------------------------------------------------------- assembly


def _finish(state: _State) -> Match:
    """Turn what was learnt into the Match the checks consume."""
    codes = {c for c, _ in state.reasons}
    linked, source, method = state.linked, state.linked_source, state.method
    if linked is None and state.pubmed is not None:
        linked, source, method = state.pubmed, PUBMED, state.pubmed_method
    elif linked is not None and state.pubmed is not None:
        state.other[PUBMED] = state.pubmed.work
    if linked is not None:
        status = Status.MISMATCH if codes & IDENTIFIER_PROBLEMS else Status.VERIFIED
        reasons = [(c, t) for c, t in state.reasons if c in IDENTIFIER_PROBLEMS or c in (UNAVAILABLE, DOI_OTHER_AGENCY)]
        return Match(
            status=status, work=linked.work, score=round(linked.score, 4), source=source, method=method,
            candidates=list(state.pointed), reason=_join(reasons), other=dict(state.other),
        )
    if state.ambiguous:
        state.reason(AMBIGUOUS, f"{len(state.ambiguous)} candidates too close to call")
        return Match(
            status=Status.AMBIGUOUS, candidates=[v.work for v in state.ambiguous],
            score=round(state.ambiguous[0].score, 4), reason=_join(state.reasons),
        )
    candidates = list(state.pointed)
    if state.rejected is not None:
        state.reason(REJECTED, f"best candidate rejected (score {state.rejected.score:.2f}, "
                               f"clashes: {', '.join(state.rejected.clash) or 'none'})")
        candidates.append(state.rejected.work)
    # an outage, a DOI registered with an agency refcheck does not consult, or only sources
    # that do not cover the reference (a partial mirror) having answered: not a verdict
    undecided = state.unavailable or DOI_OTHER_AGENCY in codes or (state.gaps and not state.searched_complete)
    status = Status.UNCHECKED if undecided else Status.NOT_FOUND
    return Match(status=status, candidates=candidates, reason=_join(state.reasons) or "no candidate")


def _join(reasons: Sequence[tuple[str, str]]) -> str | None:
    return "; ".join(f"{c}: {t}" for c, t in reasons) or None


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
        return [Match(Status.UNCHECKED, reason=f"{UNAVAILABLE}: no registry available") for _ in citations]
    states = [_State(profile_citation(c)) for c in citations]
    primary = [s for s in sources if s.name != PUBMED]
    pubmed = next((s for s in sources if s.name == PUBMED), None)

    outages: list[SourceUnavailable] = []
    if pubmed is not None:
        for i, found in _pubmed_batch(states, pubmed, outages).items():
            for record, method in found:
                if states[i].pubmed is None:
                    _apply_pubmed(states[i], record, method, pubmed)
        for exc in outages:
            for st in states:
                st.outage(exc)
    pubmed_up = pubmed is not None and not outages

    def one(st: _State) -> None:
        if primary and st.pubmed is not None and st.pubmed.work.doi and not st.profile.citation.doi:
            # PubMed already identified the work: a DOI look-up (10/s) instead of a search (3/s)
            _primary_from_pubmed(st, primary)
        if primary and st.linked is None:
            _match_primary(st, primary)
        if pubmed is not None and pubmed_up and st.linked is None:
            _pubmed_fallback(st, pubmed, primary)

    workers = max([getattr(s, "max_concurrency", 1) or 1 for s in sources] + [1])
    done = 0
    lock = threading.Lock()

    def tick() -> None:
        nonlocal done
        with lock:
            done += 1
            if progress is not None:
                progress(done, total)

    if workers == 1 or total == 1:
        for st in states:
            one(st)
            tick()
    else:
        pool = ThreadPoolExecutor(max_workers=min(workers, total))
        try:
            for fut in as_completed([pool.submit(one, st) for st in states]):
                fut.result()
                tick()
        except KeyboardInterrupt:
            # Ctrl-C: do not wait for requests in flight (up to a read timeout each); later ones
            # fail at once through the sources' guard, queued citations are dropped.
            for source in sources:
                if (guard := getattr(source, "guard", None)) is not None:
                    guard.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    matches = [_finish(st) for st in states]
    related.attach([st.profile for st in states], matches, primary)
    return matches
