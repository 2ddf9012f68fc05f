"""RC6xx: editorial updates: retraction, partial retraction, expression of concern, correction.

Each kind is its own rule so that a correction is never shown as a retraction (a known false
positive of peer tools, field notes §5). Notices are pooled from every registry's record of the
work (Crossref ``updated-by`` incl. Retraction Watch, PubMed ``CommentsCorrections``) and
de-duplicated by kind and notice identifier.
"""

from __future__ import annotations

from refcheck.checks.registry import CheckInput, Rule, Stage, make_finding, reference_check, rule
from refcheck.model import Finding, Severity, UpdateNotice, Work

RETRACTED = rule(
    "RC601", "retracted", "retraction", Severity.ERROR,
    "The cited work has been retracted.",
    "A retraction notice is registered for the work (Crossref/Crossmark, Retraction Watch or "
    "PubMed `RetractionIn`). Example: Wakefield 1998, doi:10.1016/S0140-6736(97)11096-0, "
    "retracted by 10.1016/s0140-6736(10)60175-4. Withdrawals count as retractions."
)
PARTIALLY_RETRACTED = rule(
    "RC602", "partially-retracted", "retraction", Severity.ERROR,
    "The cited work has been partially retracted.",
    "A partial-retraction notice is registered: part of the work's findings were withdrawn. "
    "Check that the cited part is not the retracted one."
)
EXPRESSION_OF_CONCERN = rule(
    "RC603", "expression-of-concern", "retraction", Severity.WARNING,
    "An expression of concern has been published about the cited work.",
    "The journal has flagged doubts about the work (PubMed `ExpressionOfConcernIn`, Crossref "
    "`expression_of_concern`). Not a retraction; cite with care."
)
CORRECTED = rule(
    "RC604", "corrected", "retraction", Severity.INFO,
    "A correction (erratum) has been published for the cited work.",
    "A correction or erratum notice exists (PubMed `ErratumIn`, Crossref `correction`). Not a "
    "retraction: the work stands, possibly with corrected details."
)
CITES_NOTICE = rule(
    "RC605", "cites-notice", "retraction", Severity.INFO,
    "The reference is itself an editorial notice (retraction, correction, EoC).",
    "The cited DOI/PMID is the notice, not the work it updates, e.g. the 2010 Lancet retraction "
    "notice rather than the 1998 article. Check that citing the notice is intended."
)
PREPRINT_PUBLISHED = rule(
    "RC606", "preprint-published", "retraction", Severity.WARNING,
    "The cited preprint has since been published.",
    "The registry links this preprint to a journal article (`is-preprint-of`), whose record "
    "refcheck fetches: cite the version of record (journal, year, DOI in the message; its DOI is "
    "the suggestion). `refcheck fix --upgrade-preprints` and `refcheck bib --upgrade-preprints` "
    "rewrite the reference as the published article; `refcheck sync` proposes it for a library."
)
OTHER_VERSION_REGISTERED = rule(
    "RC607", "other-version-registered", "match", Severity.INFO,
    "Not found, but another version of the cited work is registered.",
    "The cited version (e.g. the journal article) is not registered, but a record that matches it "
    "in everything except its type is (e.g. its bioRxiv preprint, or the reverse). It was not "
    "linked, because a preprint is not the journal article; the finding names it."
)
NOTICE_NOT_ARTICLE = rule(
    "RC608", "notice-not-article", "match", Severity.INFO,
    "A notice stands where its article was meant, or the article where the notice was meant.",
    "The cited DOI belongs to a correction, erratum, reply or comment about the cited article (or "
    "the reference cites such a notice and only its article is registered). Says which is which."
)

_KIND_RULE = {
    "retraction": RETRACTED, "withdrawal": RETRACTED, "removal": RETRACTED, "retracted": RETRACTED,
    "partial_retraction": PARTIALLY_RETRACTED,
    "expression_of_concern": EXPRESSION_OF_CONCERN, "concern": EXPRESSION_OF_CONCERN,
    "correction": CORRECTED, "erratum": CORRECTED, "corrigendum": CORRECTED,
}
_LABEL = {RETRACTED: "retracted", PARTIALLY_RETRACTED: "partially retracted",
          EXPRESSION_OF_CONCERN: "subject of an expression of concern", CORRECTED: "corrected"}
_KIND = {RETRACTED: "retracted", PARTIALLY_RETRACTED: "retracted", EXPRESSION_OF_CONCERN: "expression_of_concern",
         CORRECTED: "correction"}


def _norm_kind(kind: str) -> str:
    return kind.strip().lower().replace("-", "_").replace(" ", "_")


@reference_check(Stage.NOTICES)
def check_updates(ref: CheckInput) -> list[Finding]:
    """One finding per update kind (retraction, partial, EoC, correction), listing the notices."""
    work, others, source = ref.record(), ref.others, ref.source
    grouped: dict[Rule, list[tuple[UpdateNotice, str]]] = {}
    seen: set[tuple[Rule, str]] = set()
    inverse = _updated_targets(work)
    for w in [work, *others]:
        for n in w.updates:
            kind = _KIND_RULE.get(_norm_kind(n.kind))
            if kind is None or (n.doi and n.doi.lower() in inverse):
                continue
            ident = (n.doi or "").lower() or (f"pmid:{n.pmid}" if n.pmid else f"{w.source}:{n.source}")
            if (kind, ident) in seen:
                continue
            seen.add((kind, ident))
            grouped.setdefault(kind, []).append((n, w.source))
    out: list[Finding] = []
    for kind in sorted(grouped, key=lambda r: r.code):
        notices = grouped[kind]
        described = "; ".join(_notice(n) for n, _ in notices)
        via = sorted({n.source for n, _ in notices})
        first = notices[0][0]
        out.append(make_finding(
            kind, _KIND[kind], f"the work has been {_LABEL[kind]}: {described} (via {', '.join(via)})",
            registered=first.doi or (f"PMID {first.pmid}" if first.pmid else None),
            source=notices[0][1] or source))
    out.extend(_notice_itself(work, source))
    out.extend(_preprint(work, source, ref.match.related.get("published")))
    return out


def _notice(n: UpdateNotice) -> str:
    ident = f"doi:{n.doi}" if n.doi else (f"PMID {n.pmid}" if n.pmid else "notice")
    return f"{ident}{f' ({n.date})' if n.date else ''}"


def _updated_targets(work: Work) -> set[str]:
    """DOIs this work (a notice) updates, itself excluded.

    A notice's own record sometimes lists the work it retracts under ``updated-by`` (an inverted
    deposit, e.g. the 2020 Lancet hydroxychloroquine retraction notice): such a link says
    nothing about the notice being retracted and must not raise a retraction finding.
    """
    own = (work.doi or "").lower()
    return {n.doi.lower() for n in work.update_to if n.doi and n.doi.lower() != own}


def _notice_itself(work: Work, source: str) -> list[Finding]:
    own = (work.doi or "").lower()
    notices = [n for n in work.update_to if not n.doi or n.doi.lower() != own]
    if not notices:
        return []  # a self-referencing deposit: the work is the article, not a notice
    n = notices[0]
    kind = _norm_kind(n.kind).replace("_", " ")
    target = f"doi:{n.doi}" if n.doi else (f"PMID {n.pmid}" if n.pmid else "another work")
    return [make_finding(CITES_NOTICE, "notice", f"this reference is a {kind} notice for {target}",
                         registered=n.doi, suggestion=n.doi, source=source)]


def _preprint(work: Work, source: str, published: Work | None = None) -> list[Finding]:
    """RC606 for a preprint with a journal version: named in full when its record was fetched."""
    dois = work.relations.get("is-preprint-of") or []
    if work.type != "posted-content" or not (dois or published):
        return []
    doi = published.doi if published is not None and published.doi else dois[0]
    where = f"{describe(published)}, " if published is not None else ""
    return [make_finding(PREPRINT_PUBLISHED, "new_version", f"preprint since published: {where}doi:{doi}",
                         registered=doi, suggestion=f"doi:{doi}", source=source)]


def describe(work: Work) -> str:
    """"Journal Year;Volume:Pages" (or the server/type) of a record, for a message."""
    where = work.container or (work.type or "record")
    locator = f";{work.volume}" if work.volume else ""
    locator += f":{work.pages}" if work.pages else ""
    return f"{where} {work.year or ''}{locator}".strip()


_ROLE_TEXT = {
    "preprint": "the cited version is not registered, but its preprint is",
    "published": "the cited preprint is not registered, but its journal version is",
}


@reference_check(Stage.NOT_LINKED)
def check_unlinked(ref: CheckInput) -> list[Finding]:
    """RC607/RC608 for a reference nothing was linked to: name the look-alike that fits it in
    everything but its kind (``Match.related``, filled by :mod:`refcheck.match.related`)."""
    out: list[Finding] = []
    for role, work in ref.match.related.items():
        ident = f"doi:{work.doi}" if work.doi else (f"PMID {work.pmid}" if work.pmid else "")
        if role in _ROLE_TEXT:
            out.append(make_finding(OTHER_VERSION_REGISTERED, "other_version", f"{_ROLE_TEXT[role]}: {describe(work)} {ident}",
                                    registered=work.doi, source=work.source))
        elif role == "notice":
            out.append(make_finding(NOTICE_NOT_ARTICLE, "notice", f"the cited article is not registered; a notice about it "
                                    f"is: \"{work.title}\" ({describe(work)}) {ident}",
                                    registered=work.doi, source=work.source))
        elif role == "article":
            out.append(make_finding(NOTICE_NOT_ARTICLE, "notice", f"the cited notice is not registered; the article it is "
                                    f"about is: \"{work.title}\" ({describe(work)}) {ident}",
                                    registered=work.doi, source=work.source))
    return out


@reference_check(Stage.NOTICES)
def check_pointed_notice(ref: CheckInput) -> list[Finding]:
    """RC608 when a cited identifier resolved to a notice about the linked article (or the
    article of the cited notice), RC607 when it resolved to the article's preprint: says which
    record is which (the identifier finding RC503 carries the right DOI)."""
    match = ref.match
    work = match.work
    if work is None or not work.doi:
        return []
    out: list[Finding] = []
    for other in match.candidates:
        about = {n.doi for n in other.update_to if n.doi} | set(other.relations.get("is-comment-on", [])) \
            | set(other.relations.get("is-reply-to", []))
        if work.doi in about:
            out.append(make_finding(
                NOTICE_NOT_ARTICLE, "notice", f"the cited identifier is a notice about this article (\"{other.title}\", "
                f"doi:{other.doi}), not the article (doi:{work.doi})", registered=work.doi, source=other.source))
        elif other.doi and (work.doi in other.relations.get("is-preprint-of", [])
                            or other.doi in work.relations.get("has-preprint", [])):
            out.append(make_finding(
                OTHER_VERSION_REGISTERED, "other_version", f"the cited identifier is this article's preprint "
                f"({describe(other)}, doi:{other.doi}), not the article (doi:{work.doi})",
                registered=work.doi, source=other.source))
        elif other.doi and any(n.doi == other.doi for n in work.update_to):
            out.append(make_finding(
                NOTICE_NOT_ARTICLE, "notice", f"the cited identifier is the article (doi:{other.doi}); the reference "
                f"cites a notice about it (doi:{work.doi})", registered=work.doi, source=work.source))
    return out
