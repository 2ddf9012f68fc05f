"""DOIs, PMIDs, PMCIDs, ISBNs and URLs printed in a reference, removed from the text once read.

Identifiers are found first and cut out so that their digits (``PMID: 12345678``, the
``64:8<1753::`` inside a SICI DOI) can never be mistaken for a volume or page by the locator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refcheck.text.identifiers import DOI_START, DOI_SUFFIX, PMCID_LABELLED, PMID_LABELLED, normalize_doi

# A printed DOI, labelled or as a link; a PDF line break right after "10.1038/" is re-joined.
_DOI = re.compile(
    rf"(?:\(\s*)?(?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*[:.]?\s*)"
    rf"({DOI_START}(?:\s(?=[\w(<]))?{DOI_SUFFIX})(?:\s*\))?",
    re.I,
)
_BARE_DOI = re.compile(rf"(?<![\w/.])({DOI_START}{DOI_SUFFIX})")
_PMID = re.compile(PMID_LABELLED + r"\.?", re.I)
_PMCID = re.compile(PMCID_LABELLED + r"\.?", re.I)
_ISBN = re.compile(r"\bISBN(?:-1[03])?\s*[:=]?\s*((?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx])\b\.?")
_URL = re.compile(r"(?:<\s*)?\b(?:https?://|www\.)[^\s<>\"]+(?:\s*>)?", re.I)
_AVAILABLE = re.compile(r"\b(?:Available (?:from|at|online)\s*:?|Retrieved from|URL\s*:?)\s*$", re.I)
_ACCESSED = re.compile(
    r"[.(\[]?\s*\b(?:(?:last\s+)?[Aa]ccessed(?:\s+on)?|[Cc]ited|[Rr]etrieved(?:\s+on)?|[Vv]iewed)\s*:?\s*"
    r"[^.;)\]]{0,40}[)\]]?",
)
_EMPTY_DOI = re.compile(r"\(?\s*+\bdoi\s*+:?\s*+\)?\s*+$", re.I)
_TRIM = " .,;:"


@dataclass(slots=True)
class Identifiers:
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    isbn: str | None = None
    accessed: bool = False
    notes: list[str] = field(default_factory=list)


def _cut(text: str, m: re.Match[str]) -> str:
    return text[: m.start()] + " " + text[m.end() :]


def _clean_doi(raw: str) -> str | None:
    """The DOI without the line break the pattern allows after its slash (blank or newline)."""
    return normalize_doi("".join(raw.split()))


def take_identifiers(text: str) -> tuple[str, Identifiers]:
    """Return the text without identifiers, and the identifiers found (first of each kind)."""
    ids = Identifiers()
    low = text.lower()
    if "10." in text:
        m = _DOI.search(text)
        if m:
            ids.doi = _clean_doi(m.group(1))
            text = _cut(text, m)
        else:
            m = _BARE_DOI.search(text)
            if m:
                ids.doi = _clean_doi(m.group(1))
                text = _cut(text, m)
    if "pmid" in low or "pubmed" in low:
        m = _PMID.search(text)
        if m:
            ids.pmid = m.group(1)
            text = _cut(text, m)
    if "pmc" in low:
        m = _PMCID.search(text)
        if m:
            ids.pmcid = m.group(1).upper()
            text = _cut(text, m)
    if "isbn" in low:
        m = _ISBN.search(text)
        if m:
            ids.isbn = re.sub(r"[-\s]", "", m.group(1)).upper()
            text = _cut(text, m)
    if "http" in low or "www." in low:
        m = _URL.search(text)
        if m:
            url = m.group(0).strip("<> ").rstrip(".,;)")
            ids.url = url
            head = text[: m.start()]
            a = _AVAILABLE.search(head)
            text = (head[: a.start()] if a else head) + " " + text[m.end() :]
    if "ccessed" in text or "ited" in text or "etrieved" in text or "iewed" in text:
        m = _ACCESSED.search(text)
        if m and (ids.url or "[" in m.group(0) or "(" in m.group(0)):
            ids.accessed = True
            text = _cut(text, m)
    if "doi" in low:
        text = _EMPTY_DOI.sub("", text)
    return " ".join(text.split()).strip(" ;,"), ids
