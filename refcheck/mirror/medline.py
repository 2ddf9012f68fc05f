"""MEDLINE text (efetch ``rettype=medline``, PubMed exports, ``.nbib``) -> ``<PubmedArticle>`` XML.

The mirror stores PubMed records as XML and converts them with the live PubMed XML converter,
so a MEDLINE record is translated into the elements that converter reads (PMID, titles,
authors, journal, issue, date, pages, DOI, publication types, comments/corrections) rather
than given a converter of its own: one definition of what a PubMed record says, and
retraction / expression-of-concern links (``RIN``, ``ROF``, ``ECI``...) work offline too.

Records are read by :mod:`refcheck.formats.medline`, as library import reads them. Book records
(``BTI`` without ``TA``) are not translated (the caller skips them).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

from refcheck.formats.medline import Record, article_id

_DATE = re.compile(r"^(\d{4})(?:\s+([A-Za-z]{3}))?(?:\s+(\d{1,2}))?$")
_REF = re.compile(r"^(?:[A-Za-z ]++:\s*+)?(.*?)(?:\.?\s*+PMID:\s*+(\d+))?\s*+$")

# MEDLINE comment/correction tags -> EFetch CommentsCorrections/@RefType.
REF_TYPES = {
    "CIN": "CommentIn", "CON": "CommentOn", "EIN": "ErratumIn", "EFR": "ErratumFor",
    "RIN": "RetractionIn", "ROF": "RetractionOf", "PRIN": "PartialRetractionIn",
    "PROF": "PartialRetractionOf", "ECI": "ExpressionOfConcernIn", "ECF": "ExpressionOfConcernFor",
    "RPI": "RepublishedIn", "RPF": "RepublishedFrom", "RRI": "RetractedandRepublishedIn",
    "RRF": "RetractedandRepublishedFrom", "CRI": "CorrectedandRepublishedIn",
    "CRF": "CorrectedandRepublishedFrom", "UIN": "UpdateIn", "UOF": "UpdateOf",
    "SPIN": "SummaryForPatientsIn", "ORI": "OriginalReportIn",
}


def _add(parent: Element, tag: str, text: str | None, **attrs: str) -> Element:
    child = SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def _authors(article: Element, fields: Record) -> None:
    """FAU (full) + AU (initials) pairs; an AU alone is a person if it looks like 'Name XY'."""
    authors = _add(article, "AuthorList", None, CompleteYN="Y")
    pending: Element | None = None
    for tag, value in fields:
        if tag == "FAU":
            pending = _add(authors, "Author", None, ValidYN="Y")
            family, _, given = value.partition(",")
            _add(pending, "LastName", family.strip())
            if given.strip():
                _add(pending, "ForeName", given.strip())
        elif tag == "AU":
            if pending is not None:
                initials = value.rsplit(" ", 1)[-1] if " " in value else ""
                if initials.isupper() and initials.isalpha():
                    _add(pending, "Initials", initials)
                pending = None
                continue
            author = _add(authors, "Author", None, ValidYN="Y")
            family, _, initials = value.rpartition(" ")
            if family and initials.isupper() and initials.isalpha() and len(initials) <= 4:
                _add(author, "LastName", family)
                _add(author, "Initials", initials)
            else:
                _add(author, "CollectiveName", value)
        elif tag == "CN":
            _add(_add(authors, "Author", None, ValidYN="Y"), "CollectiveName", value)
            pending = None


def _pub_date(issue: Element, value: str | None) -> None:
    date = _add(issue, "PubDate", None)
    match = _DATE.match(value or "")
    if match:
        _add(date, "Year", match.group(1))
        if match.group(2):
            _add(date, "Month", match.group(2))
        if match.group(3):
            _add(date, "Day", match.group(3))
    elif value:
        _add(date, "MedlineDate", value)


def medline_to_xml(fields: Record) -> Element | None:
    """One MEDLINE record as a ``<PubmedArticle>``; None for a book or a record without PMID."""
    first: dict[str, str] = {}
    for tag, value in fields:
        first.setdefault(tag, value)
    if "PMID" not in first or ("BTI" in first and "TA" not in first):
        return None
    root = Element("PubmedArticle")
    citation = _add(root, "MedlineCitation", None, Status="MEDLINE", Owner="NLM")
    _add(citation, "PMID", first["PMID"], Version="1")
    revised = first.get("LR", "")
    if re.fullmatch(r"\d{8}", revised):  # last revision: lets a newer copy of the record win
        date = _add(citation, "DateRevised", None)
        for tag, part in (("Year", revised[:4]), ("Month", revised[4:6]), ("Day", revised[6:])):
            _add(date, tag, part)
    article = _add(citation, "Article", None, PubModel="Print")
    journal = _add(article, "Journal", None)
    for tag, value in fields:
        if tag == "IS":
            issn, _, kind = value.partition(" (")
            _add(journal, "ISSN", issn.strip(), IssnType=kind.rstrip(")") or "Print")
    issue = _add(journal, "JournalIssue", None, CitedMedium="Print")
    if "VI" in first:
        _add(issue, "Volume", first["VI"])
    if "IP" in first:
        _add(issue, "Issue", first["IP"])
    _pub_date(issue, first.get("DP"))
    if "JT" in first:
        _add(journal, "Title", first["JT"])
    _add(article, "ArticleTitle", first.get("TI", ""))
    if "PG" in first:
        _add(_add(article, "Pagination", None), "MedlinePgn", first["PG"])
    dois = []
    for tag, value in fields:
        parsed = article_id(value) if tag in ("LID", "AID") else None
        if parsed and parsed[1] == "doi" and parsed[0] not in dois:
            dois.append(parsed[0])
            if tag == "LID":
                _add(article, "ELocationID", parsed[0], EIdType="doi", ValidYN="Y")
    _authors(article, fields)
    types = _add(article, "PublicationTypeList", None)
    for tag, value in fields:
        if tag == "PT":
            _add(types, "PublicationType", value)
    if "TT" in first:
        _add(article, "VernacularTitle", first["TT"])
    info = _add(citation, "MedlineJournalInfo", None)
    if "TA" in first:
        _add(info, "MedlineTA", first["TA"])
    corrections = [(REF_TYPES[t], v) for t, v in fields if t in REF_TYPES]
    if corrections:
        listing = _add(citation, "CommentsCorrectionsList", None)
        for ref_type, value in corrections:
            ref = _add(listing, "CommentsCorrections", None, RefType=ref_type)
            match = _REF.match(value)
            _add(ref, "RefSource", (match.group(1) if match else value).strip())
            if match and match.group(2):
                _add(ref, "PMID", match.group(2), Version="1")
    ids = _add(_add(root, "PubmedData", None), "ArticleIdList", None)
    _add(ids, "ArticleId", first["PMID"], IdType="pubmed")
    for doi in dois[:1]:
        _add(ids, "ArticleId", doi, IdType="doi")
    return root
