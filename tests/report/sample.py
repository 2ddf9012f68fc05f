"""Hand-built reports for the format tests: no parser, matcher or registry involved.

Covers every status, every severity, a file-level finding, a group author, non-ASCII names,
a value with a comma (escaping) and an ambiguous match with candidates.
"""

from __future__ import annotations

from refcheck.model import (
    Author,
    CheckedReference,
    Citation,
    Finding,
    Match,
    Reason,
    ReasonCode,
    Report,
    Severity,
    Span,
    Status,
    Work,
)


def _work_1() -> Work:
    return Work(
        source="crossref", type="journal-article",
        authors=[Author(family="Fukumoto", given="Takashi"), Author(family="Müller", given="Anna-Lena")],
        title="Percutaneous sacroplasty for GIST metastases", container="American Journal of Neuroradiology",
        container_abbrevs=["AJNR Am J Neuroradiol"], year=2005, month=3, volume="26", issue="3",
        pages="493-495", first_page="493", last_page="495", doi="10.3174/ajnr.a0001", pmid="15760855",
        issn=["0195-6108"], publisher="American Society of Neuroradiology",
    )


def _work_2() -> Work:
    return Work(
        source="pubmed", type="journal-article",
        authors=[Author(group="Diabetes Prevention Program Research Group")],
        title="Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance",
        container="Hypertension", container_abbrevs=["Hypertension"], year=2002, volume="40", issue="5",
        pages="679-686", pmid="12411462", doi="10.1161/01.hyp.0000035706.28494.09",
    )


def sample_report() -> Report:
    """Five references: mismatch, verified (info only), not found, ambiguous, unchecked."""
    c1 = Citation(
        text="Fukumot T, Müller AL. Percutaneous sacroplasty for GIST metastases. AJNR Am J Neuroradiol 2005;26:493-5.",
        number=1, span=Span(10, 4), style="vancouver",
        authors=[Author(family="Fukumot", initials="T"), Author(family="Müller", initials="AL")],
        title="Percutaneous sacroplasty for GIST metastases", container="AJNR Am J Neuroradiol",
        year=2005, volume="26", pages="493-5", first_page="493", last_page="495",
    )
    f1 = [
        Finding("RC101", "authors", "typo", Severity.ERROR, "author 1 surname misspelt",
                cited="Fukumot T", registered="Fukumoto T", suggestion="Fukumoto T", source="crossref"),
        Finding("RC402", "volume", "mismatch", Severity.WARNING, "volume differs, registry: 26, 27",
                cited="26", registered="26, 27", source="crossref", span=Span(10, 90)),
    ]
    c2 = Citation(
        text="Diabetes Prevention Program Research Group. Hypertension, insulin, and proinsulin in participants "
             "with impaired glucose tolerance. Hypertension. 2002;40(5):679-86.",
        number=2, span=Span(11, 4), style="vancouver",
        authors=[Author(group="Diabetes Prevention Program Research Group")],
        title="Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance",
        container="Hypertension", year=2002, volume="40", issue="5", pages="679-86",
    )
    f2 = [Finding("RC302", "journal", "abbreviation", Severity.INFO, "journal title is not the NLM abbreviation",
                  cited="Hypertension", registered="Hypertension", source="pubmed")]
    c3 = Citation(text="Nobody N. A paper that does not exist. J Imag Res. 2019;1:1-2.", number=3,
                  span=Span(12, 4), authors=[Author(family="Nobody", initials="N")],
                  title="A paper that does not exist", container="J Imag Res", year=2019, volume="1", pages="1-2")
    c4 = Citation(text="Smith J. Imaging review. Radiology. 2010.", number=4, span=Span(13, 4),
                  authors=[Author(family="Smith", initials="J")], title="Imaging review", container="Radiology",
                  year=2010)
    cands = [Work(source="crossref", doi="10.1148/radiol.1", title="Imaging review", year=2010, score=0.71),
             Work(source="crossref", doi="10.1148/radiol.2", title="Imaging review", year=2010, score=0.70)]
    c5 = Citation(text="Ñúñez Ł. Técnica. Rev Esp. 2001;3:10-1.", number=5, span=Span(14, 4),
                  authors=[Author(family="Ñúñez", initials="Ł")], title="Técnica", container="Rev Esp",
                  year=2001, volume="3", pages="10-1")
    refs = [
        CheckedReference(c1, Match(Status.MISMATCH, work=_work_1(), score=0.97, source="crossref", method="search"), f1),
        CheckedReference(c2, Match(Status.VERIFIED, work=_work_2(), score=0.99, source="pubmed", method="search"), f2),
        CheckedReference(c3, Match(Status.NOT_FOUND, reasons=(Reason(ReasonCode.NOTE, "no candidate validated"),))),
        CheckedReference(c4, Match(Status.AMBIGUOUS, candidates=cands, reasons=(Reason(ReasonCode.NOTE, "two candidates within 0.01"),))),
        CheckedReference(c5, Match(Status.UNCHECKED, reasons=(Reason(ReasonCode.NOTE, "crossref: HTTP 503, retries exhausted"),))),
    ]
    file_findings = [Finding("RC701", "numbering", "missing", Severity.WARNING,
                             "reference numbers skip from 5 to 7", cited="5, 7", span=Span(15, 1))]
    return Report(file="paper.md", references=refs, findings=file_findings, encoding="utf-8",
                  notes=["decoded as utf-8"], sources=["crossref", "pubmed"])


def clean_report() -> Report:
    """One verified reference and nothing else (the happy path)."""
    c = Citation(text="x", number=1, span=Span(3, 1), title="Hypertension, insulin", year=2002)
    return Report(file="other dir/clean.txt",
                  references=[CheckedReference(c, Match(Status.VERIFIED, work=_work_2(), score=1.0,
                                                        source="pubmed", method="pmid"))])
