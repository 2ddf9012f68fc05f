"""RC5xx: cited DOIs and PMIDs: syntax, registration, pointing to the right work, missing.

Whether a cited identifier points to another work or is unregistered is decided by the matcher
and read from its reason codes (:class:`~refcheck.model.ReasonCode`): ``doi_other_work``,
``doi_not_registered``, ``pmid_other_work``, ``pmid_not_found``. When the matcher also linked the
right work, its identifier is the suggestion. Syntax is checked here without any lookup.
"""

from __future__ import annotations

import re

from refcheck.checks.fields import REGISTRIES_DISAGREE
from refcheck.checks.registry import CheckInput, Stage, make_finding, reference_check, rule
from refcheck.model import Citation, Finding, Match, ReasonCode, Severity, Work
from refcheck.text.identifiers import is_doi, is_pmid, normalize_doi, strip_doi_prefix

DOI_MALFORMED = rule(
    "RC501", "doi-malformed", "doi", Severity.ERROR,
    "The cited DOI is not a syntactically valid DOI.",
    "A DOI is `10.<4-9 digit registrant>/<suffix>` without spaces. Example: `10.1056NEJMoa2034577` "
    "(missing slash) or `doi:10.10/abc`. Checked without any lookup."
)
DOI_NOT_REGISTERED = rule(
    "RC502", "doi-not-registered", "doi", Severity.ERROR,
    "No registry has the cited DOI.",
    "Crossref (and PubMed) answered that the DOI does not exist. When the reference was still "
    "identified by search, its registered DOI is the fix. Example: `10.1001/jama.2019.99999`."
)
DOI_WRONG_WORK = rule(
    "RC503", "doi-wrong-work", "doi", Severity.ERROR,
    "The cited DOI belongs to a different work.",
    "The DOI resolves to a registered work whose title/authors/locators disagree with the "
    "reference: a valid DOI pasted from another paper. When the matcher found the work actually "
    "cited, its DOI is proposed. Example: a reference to a 2019 NEJM trial carrying the DOI of "
    "a 2017 Lancet review."
)
DOI_MISSING = rule(
    "RC504", "doi-missing", "doi", Severity.INFO,
    "The reference has no DOI; the registry has one.",
    "ICMJE encourages DOIs. The registered DOI is given as the identifier to add, e.g. "
    "`doi:10.1038/modpathol.3880200`."
)
DOI_DIFFERS = rule(
    "RC505", "doi-differs", "doi", Severity.WARNING,
    "The cited DOI differs from the DOI of the identified work.",
    "The work was identified by other means (search, PMID) and its DOI is not the cited one, "
    "without the matcher having resolved the cited DOI. Check which one is right."
)
PMID_MALFORMED = rule(
    "RC511", "pmid-malformed", "pmid", Severity.ERROR,
    "The cited PMID is not a valid PubMed identifier.",
    "A PMID is a positive integer of at most 9 digits, e.g. `PMID: 9500320`; `PMID: 95-00320` "
    "or `PMID: PMC123456` (a PMCID) are malformed."
)
PMID_NOT_FOUND = rule(
    "RC512", "pmid-not-found", "pmid", Severity.ERROR,
    "PubMed has no record for the cited PMID.",
    "Example: `PMID: 99999999`. When the reference was identified by other means its PMID is "
    "the fix."
)
PMID_WRONG_WORK = rule(
    "RC513", "pmid-wrong-work", "pmid", Severity.ERROR,
    "The cited PMID belongs to a different work.",
    "The PubMed record for the PMID disagrees with the reference (a PMID copied from a "
    "neighbouring reference is common). The PMID of the identified work is proposed."
)
PMID_MISSING = rule(
    "RC514", "pmid-missing", "pmid", Severity.INFO,
    "The reference has no PMID; PubMed has one (off by default).",
    "Few styles require PMIDs, so this rule is only emitted when enabled with a severity, e.g. "
    "`severity = {RC514 = \"info\"}`. The PMID is given as the identifier to add.",
    enabled=False
)
PMID_DIFFERS = rule(
    "RC515", "pmid-differs", "pmid", Severity.WARNING,
    "The cited PMID differs from the PMID of the identified work.",
    "The work was identified by its DOI or by search and PubMed files it under another PMID "
    "(the DOI and the PMID of the reference disagree)."
)


def reasons(match: Match) -> dict[ReasonCode, str]:
    """``{code: text}`` of the matcher's reasons (the first text of each code)."""
    out: dict[ReasonCode, str] = {}
    for item in match.reasons:
        out.setdefault(item.code, item.text)
    return out


def cited_doi(citation: Citation) -> str | None:
    return normalize_doi(citation.doi) if citation.doi else None


@reference_check(Stage.CITED_IDS)
def check_syntax(ref: CheckInput) -> list[Finding]:
    """RC501/RC511: identifier syntax, no lookup needed (the linked work's id is the fix)."""
    citation, work = ref.citation, ref.work
    out: list[Finding] = []
    if citation.doi:
        raw = strip_doi_prefix(citation.doi)
        doi = normalize_doi(citation.doi)
        if doi is None or not is_doi(doi) or re.search(r"\s", raw.rstrip(". ")):
            out.append(make_finding(DOI_MALFORMED, "malformed", f"'{citation.doi}' is not a valid DOI",
                                    cited=citation.doi, registered=work.doi if work else None,
                                    suggestion=work.doi if work else None))
    if citation.pmid and not is_pmid(citation.pmid.strip()):
        out.append(make_finding(PMID_MALFORMED, "malformed", f"'{citation.pmid}' is not a valid PMID",
                                cited=citation.pmid, registered=work.pmid if work else None,
                                suggestion=work.pmid if work else None))
    return out


def _pointed(match: Match, attr: str, value: str | None) -> Work | None:
    """The candidate the cited identifier resolves to (the matcher puts it in candidates)."""
    if not value:
        return None
    for w in match.candidates:
        v = getattr(w, attr)
        if v and v.lower() == value.lower():
            return w
    return None


def _describe(work: Work | None) -> str:
    if work is None:
        return "another work"
    first = work.authors[0].display() if work.authors else ""
    bits = [b for b in (first, str(work.year or ""), (work.title or "")[:80]) if b]
    return "'" + ", ".join(bits) + "'"


@reference_check(Stage.CITED_IDS)
def check_identifier_outcome(ref: CheckInput) -> list[Finding]:
    """RC502/RC503/RC512/RC513 from the matcher's reason codes (any status)."""
    citation, match = ref.citation, ref.match
    codes = reasons(match)
    work = match.work
    source = match.source or (work.source if work else "refcheck")
    doi = cited_doi(citation)
    out: list[Finding] = []
    if ReasonCode.DOI_OTHER_WORK in codes and doi:
        target = _pointed(match, "doi", doi)
        out.append(make_finding(
            DOI_WRONG_WORK, "wrong_work", f"doi {doi} points to {_describe(target)}",
            cited=doi, registered=work.doi if work else (target.doi if target else None),
            suggestion=work.doi if work and work.doi else None,
            source=target.source if target else source))
    elif ReasonCode.DOI_NOT_REGISTERED in codes and doi:
        out.append(make_finding(
            DOI_NOT_REGISTERED, "not_found", f"doi {doi} is not registered ({codes[ReasonCode.DOI_NOT_REGISTERED]})",
            cited=doi, registered=work.doi if work else None,
            suggestion=work.doi if work and work.doi else None, source=source))
    pmid = citation.pmid.strip() if citation.pmid else None
    right_pmid = _work_pmid(match)
    if ReasonCode.PMID_OTHER_WORK in codes and pmid:
        target = _pointed(match, "pmid", pmid)
        out.append(make_finding(
            PMID_WRONG_WORK, "wrong_work", f"PMID {pmid} points to {_describe(target)}",
            cited=pmid, registered=right_pmid, suggestion=right_pmid, source="pubmed"))
    elif ReasonCode.PMID_NOT_FOUND in codes and pmid:
        out.append(make_finding(
            PMID_NOT_FOUND, "not_found", f"PubMed has no record for PMID {pmid}",
            cited=pmid, registered=right_pmid, suggestion=right_pmid, source="pubmed"))
    return out


def _work_pmid(match: Match) -> str | None:
    for w in [match.work, *match.other.values()]:
        if w is not None and w.pmid:
            return w.pmid
    return None


@reference_check(Stage.LINKED_IDS)
def check_identifiers(ref: CheckInput) -> list[Finding]:
    """RC504/RC505/RC514/RC515 for a linked work, and registry disagreement on the DOI."""
    citation, match, work, others, source = ref.citation, ref.match, ref.record(), ref.others, ref.source
    codes = reasons(match)
    out: list[Finding] = []
    doi = cited_doi(citation)
    reg_doi = normalize_doi(work.doi)  # normalised like the cited one, so both are cut alike
    other_dois = {o.source: d for o in others if (d := normalize_doi(o.doi)) and d != reg_doi}
    if doi and reg_doi and doi != reg_doi and not codes.keys() & {ReasonCode.DOI_OTHER_WORK, ReasonCode.DOI_NOT_REGISTERED}:
        if doi in other_dois.values():
            out.append(_doi_disagreement(work, others, doi, reg_doi))
        else:
            out.append(make_finding(DOI_DIFFERS, "mismatch", f"doi {doi}, but the identified work has {reg_doi}",
                                    cited=doi, registered=reg_doi, suggestion=reg_doi, source=source))
    elif doi and doi == reg_doi and other_dois:
        out.append(_doi_disagreement(work, others, doi, reg_doi))
    elif not citation.doi and reg_doi:
        out.append(make_finding(DOI_MISSING, "missing", f"no DOI; the registry has doi:{reg_doi}", registered=reg_doi,
                                suggestion=f"doi:{reg_doi}", source=source))
    pmid = citation.pmid.strip() if citation.pmid else None
    reg_pmid = _work_pmid(match)
    if pmid and reg_pmid and pmid != reg_pmid and not codes.keys() & {ReasonCode.PMID_OTHER_WORK, ReasonCode.PMID_NOT_FOUND}:
        out.append(make_finding(PMID_DIFFERS, "mismatch", f"PMID {pmid}, but PubMed files this work as {reg_pmid}",
                                cited=pmid, registered=reg_pmid, suggestion=reg_pmid, source="pubmed"))
    elif not citation.pmid and reg_pmid:
        out.append(make_finding(PMID_MISSING, "missing", f"no PMID; PubMed has PMID {reg_pmid}", registered=reg_pmid,
                                suggestion=f"PMID: {reg_pmid}", source="pubmed"))
    return out


def _doi_disagreement(work: Work, others: list[Work], cited: str, registered: str | None) -> Finding:
    """RC001: the registries file the work under different DOIs (e.g. PubMed's AID is stale)."""
    listed = "; ".join(f"{w.source} has {normalize_doi(w.doi)}" for w in [work, *others] if w.doi)
    return make_finding(REGISTRIES_DISAGREE, "registries_disagree", f"registries disagree on the DOI: {listed}",
                        cited=cited, registered=registered, field="doi",
                        source="+".join(w.source for w in [work, *others]))
