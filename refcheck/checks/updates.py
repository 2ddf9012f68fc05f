"""RC6xx: editorial updates: retraction, partial retraction, expression of concern, correction.

Each kind is its own rule so that a correction is never shown as a retraction (a known false
positive of peer tools, field notes §5). Notices are pooled from every registry's record of the
work (Crossref ``updated-by`` incl. Retraction Watch, PubMed ``CommentsCorrections``) and
de-duplicated by kind and notice identifier.
"""

from __future__ import annotations

from refcheck.checks.registry import make_finding, rule
from refcheck.model import Finding, Severity, UpdateNotice, Work

rule("RC601", "retracted", "retraction", Severity.ERROR,
     "The cited work has been retracted.",
     "A retraction notice is registered for the work (Crossref/Crossmark, Retraction Watch or "
     "PubMed `RetractionIn`). Example: Wakefield 1998, doi:10.1016/S0140-6736(97)11096-0, "
     "retracted by 10.1016/s0140-6736(10)60175-4. Withdrawals count as retractions.")
rule("RC602", "partially-retracted", "retraction", Severity.ERROR,
     "The cited work has been partially retracted.",
     "A partial-retraction notice is registered: part of the work's findings were withdrawn. "
     "Check that the cited part is not the retracted one.")
rule("RC603", "expression-of-concern", "retraction", Severity.WARNING,
     "An expression of concern has been published about the cited work.",
     "The journal has flagged doubts about the work (PubMed `ExpressionOfConcernIn`, Crossref "
     "`expression_of_concern`). Not a retraction; cite with care.")
rule("RC604", "corrected", "retraction", Severity.INFO,
     "A correction (erratum) has been published for the cited work.",
     "A correction or erratum notice exists (PubMed `ErratumIn`, Crossref `correction`). Not a "
     "retraction: the work stands, possibly with corrected details.")
rule("RC605", "cites-notice", "retraction", Severity.INFO,
     "The reference is itself an editorial notice (retraction, correction, EoC).",
     "The cited DOI/PMID is the notice, not the work it updates, e.g. the 2010 Lancet retraction "
     "notice rather than the 1998 article. Check that citing the notice is intended.")
rule("RC606", "preprint-published", "retraction", Severity.INFO,
     "The cited preprint has a published version.",
     "The registry links this preprint to a journal article (`is-preprint-of`). Cite the version "
     "of record when possible; its DOI is the suggestion.")

_KIND_RULE = {
    "retraction": "RC601", "withdrawal": "RC601", "removal": "RC601", "retracted": "RC601",
    "partial_retraction": "RC602",
    "expression_of_concern": "RC603", "concern": "RC603",
    "correction": "RC604", "erratum": "RC604", "corrigendum": "RC604",
}
_LABEL = {"RC601": "retracted", "RC602": "partially retracted", "RC603": "subject of an expression of concern",
          "RC604": "corrected"}
_KIND = {"RC601": "retracted", "RC602": "retracted", "RC603": "expression_of_concern", "RC604": "correction"}


def _norm_kind(kind: str) -> str:
    return kind.strip().lower().replace("-", "_").replace(" ", "_")


def check_updates(work: Work, others: list[Work], source: str) -> list[Finding]:
    """One finding per update kind (retraction, partial, EoC, correction), listing the notices."""
    grouped: dict[str, list[tuple[UpdateNotice, str]]] = {}
    seen: set[tuple[str, str]] = set()
    inverse = _updated_targets(work)
    for w in [work, *others]:
        for n in w.updates:
            code = _KIND_RULE.get(_norm_kind(n.kind))
            if code is None or (n.doi and n.doi.lower() in inverse):
                continue
            ident = (n.doi or "").lower() or (f"pmid:{n.pmid}" if n.pmid else f"{w.source}:{n.source}")
            if (code, ident) in seen:
                continue
            seen.add((code, ident))
            grouped.setdefault(code, []).append((n, w.source))
    out: list[Finding] = []
    for code in sorted(grouped):
        notices = grouped[code]
        described = "; ".join(_notice(n) for n, _ in notices)
        via = sorted({n.source for n, _ in notices})
        first = notices[0][0]
        out.append(make_finding(
            code, _KIND[code], f"the work has been {_LABEL[code]}: {described} (via {', '.join(via)})",
            registered=first.doi or (f"PMID {first.pmid}" if first.pmid else None),
            source=notices[0][1] or source))
    out.extend(_notice_itself(work, source))
    out.extend(_preprint(work, source))
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
    return [make_finding("RC605", "notice", f"this reference is a {kind} notice for {target}",
                         registered=n.doi, suggestion=n.doi, source=source)]


def _preprint(work: Work, source: str) -> list[Finding]:
    published = work.relations.get("is-preprint-of") or []
    if work.type != "posted-content" or not published:
        return []
    return [make_finding("RC606", "new_version", f"preprint published as doi:{published[0]}",
                         registered=published[0], suggestion=f"doi:{published[0]}", source=source)]
