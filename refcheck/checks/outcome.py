"""RC8xx matching outcomes and RC9xx parse-level problems.

The matcher decides *whether* a reference was identified; these rules turn its verdict into a
finding with the reason, so that a report line exists for every reference that could not be
verified. ``unchecked`` is never an error: an outage says nothing about the manuscript.
"""

from __future__ import annotations

from refcheck.checks.identifiers import reasons
from refcheck.checks.registry import CheckInput, Stage, make_finding, reference_check, rule
from refcheck.model import LOOKUPS_DISABLED, Finding, ReasonCode, Severity, Status

NOT_FOUND = rule(
    "RC801", "not-found", "match", Severity.ERROR,
    "The reference was not found in Crossref or PubMed: possibly fabricated or unregistered.",
    "Every consulted registry answered and no candidate validated against the reference. Real "
    "but unregistered works (books, reports, web pages, old articles) end up here too, so "
    "non-article references get this at info level. The best rejected candidate, if any, is "
    "named for transparency, never as a correction."
)
AMBIGUOUS = rule(
    "RC802", "ambiguous", "match", Severity.WARNING,
    "Two registered works match the reference equally well.",
    "The candidates are too close to call (e.g. a preprint and its article, or a reprint). Add "
    "the DOI to the reference. Both candidate DOIs are listed."
)
UNCHECKED = rule(
    "RC803", "unchecked", "match", Severity.INFO,
    "The reference could not be checked (registry unavailable or offline cache miss).",
    "An outage, a rate limit or `--offline` without a cached answer. Never an error; use "
    "`--strict` to make unchecked references fail the run."
)
MISSING_TITLE = rule(
    "RC901", "missing-title", "parse", Severity.WARNING,
    "No title could be found in the reference.",
    "Vancouver references give the article title after the authors. Example: `Doe J. Mod "
    "Pathol. 1998;11:728-34.` When the work is identified, the registered title is suggested."
)
MISSING_YEAR = rule(
    "RC902", "missing-year", "parse", Severity.WARNING,
    "No publication year could be found in the reference.",
    "Example: `Doe J. Title. Mod Pathol. 11(8):728-34.` (no `1998;`)."
)
MISSING_JOURNAL = rule(
    "RC903", "missing-journal", "parse", Severity.WARNING,
    "No journal could be found in the journal-article reference.",
    "Example: `Doe J. Title. 1998;11(8):728-34.` Books, chapters and web pages are exempt."
)
MISSING_AUTHORS = rule(
    "RC904", "missing-authors", "parse", Severity.INFO,
    "No authors could be found in the reference.",
    "Anonymous works exist, but most references list authors or a group author first."
)
UNPARSEABLE = rule(
    "RC905", "unparseable", "parse", Severity.WARNING,
    "The reference could not be parsed into fields.",
    "No title, year, journal or author was recognised, so the entry cannot be checked. Example: "
    "a stray line of text in the reference list."
)

_NON_ARTICLE = frozenset({"book", "web", "other", "report", "thesis"})


@reference_check(Stage.PARSE)
def check_parse(ref: CheckInput) -> list[Finding]:
    """RC901-RC905: fields a reference of its kind should have."""
    citation, work = ref.citation, ref.work
    if not (citation.title or citation.year or citation.container or citation.authors
            or citation.doi or citation.pmid):
        return [make_finding(UNPARSEABLE, "malformed", "no bibliographic fields recognised",
                             cited=citation.text[:120])]
    out: list[Finding] = []
    if not citation.title and citation.kind != "web":
        out.append(make_finding(MISSING_TITLE, "missing", "no title found",
                                registered=work.title if work else None,
                                suggestion=work.title if work else None))
    if citation.year is None:
        out.append(make_finding(MISSING_YEAR, "missing", "no year found",
                                registered=str(work.year) if work and work.year else None,
                                suggestion=str(work.year) if work and work.year else None))
    if not citation.container and citation.kind in ("article", "preprint"):
        reg = (work.container_abbrevs[0] if work.container_abbrevs else work.container) if work else None
        out.append(make_finding(MISSING_JOURNAL, "missing", "no journal found", registered=reg, suggestion=reg))
    if not citation.authors:
        out.append(make_finding(MISSING_AUTHORS, "missing", "no authors found"))
    return out


@reference_check(Stage.NOT_LINKED)
def check_outcome(ref: CheckInput) -> list[Finding]:
    """RC801-RC803 for references without a linked work."""
    citation, match = ref.citation, ref.match
    why = reasons(match)
    if match.status is Status.UNCHECKED or (match.work is None and match.status
                                            in (Status.VERIFIED, Status.MISMATCH)):
        if LOOKUPS_DISABLED in match.reasons:
            return []  # `check --no-lookup`: the status says it; no finding per reference
        text = why.get(ReasonCode.UNAVAILABLE) or why.get(ReasonCode.NOT_COVERED) or match.reason or "no registry answered"
        return [make_finding(UNCHECKED, "unchecked", f"not checked: {text}")]
    if match.status is Status.AMBIGUOUS:
        dois = [w.doi or (f"PMID {w.pmid}" if w.pmid else "?") for w in match.candidates[:4]]
        return [make_finding(AMBIGUOUS, "ambiguous", f"ambiguous: candidates {', '.join(dois)}",
                             registered=", ".join(dois),
                             source=match.candidates[0].source if match.candidates else "refcheck")]
    if match.status is Status.NOT_FOUND:
        detail = ""
        rejected = [w for w in match.candidates if w.doi] if ReasonCode.REJECTED in why else []
        if rejected:
            detail = f" (closest candidate rejected: doi:{rejected[-1].doi})"
        severity = Severity.INFO if citation.kind in _NON_ARTICLE else None
        return [make_finding(NOT_FOUND, "not_found",
                             "not found in the registries consulted: possibly fabricated or unregistered"
                             + detail, severity=severity)]
    return []

