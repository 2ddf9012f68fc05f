"""Step 1 of BibTeX output: choose what each entry says (no LaTeX, no keys yet).

A matched reference is written from the registered record (``Match.work``), so the .bib file
holds what the registry says, not what the manuscript printed. A reference that could not be
verified (not found, ambiguous, unchecked, or ``--no-lookup``) is written from the parsed
citation and marked ``refcheck = {unverified}`` so it is never mistaken for a checked one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refcheck.model import Author, CheckedReference, Citation, Status, Work
from refcheck.text.pages import expand_pages

# Crossref work type -> BibTeX entry type (classic BibTeX types only, so plain.bst knows them).
_WORK_TYPES = {
    "journal-article": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-chapter": "incollection",
    "book-section": "incollection",
    "book-part": "incollection",
    "reference-entry": "incollection",
    "proceedings-article": "inproceedings",
    "report": "techreport",
    "dissertation": "phdthesis",
    "posted-content": "misc",
    "dataset": "misc",
}
_CITATION_KINDS = {
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "conference": "inproceedings",
    "preprint": "misc",
    "web": "misc",
    "other": "misc",
}
_EDITED = frozenset({"book", "incollection", "inproceedings"})
# Where the container title goes for each entry type.
_CONTAINER_FIELD = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}


@dataclass(slots=True)
class BibRecord:
    """One future entry: plain Unicode values in output order, plus provenance."""

    entry_type: str
    number: int  # printed reference number (or position)
    authors: list[Author] = field(default_factory=list)
    editors: list[Author] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # title, journal, year, ... (Unicode)
    month: int | None = None
    verified: bool = False
    truncated: bool = False  # the author list ends in "et al." -> BibTeX "and others"
    provenance: str = ""
    key_hint: tuple[str, str, str] = ("", "", "")  # (first family, year, title) for cite keys
    title_hints: list[str] = field(default_factory=list)  # other printings of the title (for its case)


def _pages(first: str | None, last: str | None, raw: str | None) -> str | None:
    """``first--last``; the registered range wins over a first page stored without its end."""
    if raw and (not first or not last):
        r_first, r_last = expand_pages(re.split(r"\s*[,;]\s*", raw.strip())[0])
        if r_first and (not first or r_first == first):
            first, last = r_first, last or r_last
    if not first:
        return None
    return f"{first}--{last}" if last and last != first else first


def _journal(work: Work, abbrev: bool) -> str | None:
    if abbrev:
        nlm = next((a for a in work.container_abbrevs if a and "." not in a), None)
        return nlm or next(iter(work.container_abbrevs), None) or work.container
    return work.container or next(iter(work.container_abbrevs), None)


def _first_family(authors: list[Author]) -> str:
    if not authors:
        return ""
    a = authors[0]
    return (a.family or a.group or "") if not a.is_group else (a.group or "")


def _set(fields: dict[str, str], name: str, value: object) -> None:
    if value is None:
        return
    text = str(value).strip()
    if text:
        fields[name] = text


def from_work(work: Work, number: int, *, abbrev: bool = False, checked: str | None = None,
              mirror: str | None = None) -> BibRecord:
    """An entry from a registry record (the verified case).

    The provenance names the registry, the identifiers and the date of the registry answer
    (``Work.retrieved``) or, when the source did not record it, the date of this check.
    """
    entry_type = _WORK_TYPES.get(work.type or "", "article" if work.container else "misc")
    fields: dict[str, str] = {}
    _set(fields, "title", work.title if not work.subtitle else f"{work.title}: {work.subtitle}")
    container = _journal(work, abbrev) if entry_type == "article" else work.container
    if entry_type in _CONTAINER_FIELD:
        _set(fields, _CONTAINER_FIELD[entry_type], container)
    elif container and entry_type == "misc":
        _set(fields, "howpublished", container)
    if entry_type == "article":  # biblatex's shortjournal: what Vancouver/NLM lists print
        nlm = _journal(work, True)
        if nlm and container and nlm != container:
            _set(fields, "shortjournal", nlm.replace(".", "") if "." in nlm else nlm)
    _set(fields, "year", work.year)
    _set(fields, "volume", work.volume)
    _set(fields, "number", work.issue)
    _set(fields, "pages", _pages(work.first_page, work.last_page, work.pages) or work.article_number)
    if entry_type in ("book", "incollection", "inproceedings", "techreport", "phdthesis"):
        _set(fields, "publisher" if entry_type != "techreport" else "institution", work.publisher)
        _set(fields, "isbn", work.isbn[0] if work.isbn else None)
    _set(fields, "doi", work.doi)
    _set(fields, "pmid", work.pmid)
    _set(fields, "pmcid", work.pmcid)
    if entry_type == "article":
        _set(fields, "issn", work.issn[0] if work.issn else None)
    if not work.doi:
        _set(fields, "url", work.url)
    ids = " ".join(x for x in (work.doi and f"doi:{work.doi}", work.pmid and f"pmid:{work.pmid}") if x)
    provenance = f"{work.source} {ids}".strip()
    if (work.request or "").startswith("mirror:"):
        snapshot = f", snapshot {work.retrieved[:10]}" if work.retrieved else ""
        provenance = f"local mirror {mirror or ''}".rstrip() + f" ({work.source} record{snapshot}) {ids}".rstrip()
    elif work.retrieved:
        provenance += f", retrieved {work.retrieved[:10]}"
    elif checked:
        provenance += f", checked {checked[:10]}"
    editors = list(work.editors) if entry_type in _EDITED else []  # an article's "editor" is the handling editor
    return BibRecord(
        entry_type=entry_type, number=number, authors=list(work.authors), editors=editors,
        fields=fields, month=work.month, verified=True, truncated=not work.authors_complete,
        provenance=provenance,
        key_hint=(_first_family(work.authors), str(work.year or ""), work.title or ""),
    )


def _month(text: str | None) -> int | None:
    if not text:
        return None
    names = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    head = text.strip()[:3].lower()
    if head in names:
        return names.index(head) + 1
    return int(head) if head.isdigit() and 1 <= int(head) <= 12 else None


def from_citation(cit: Citation, number: int, status: Status, reason: str | None = None) -> BibRecord:
    """An entry from the manuscript's own text (unverified)."""
    entry_type = _CITATION_KINDS.get(cit.kind, "misc")
    if entry_type == "misc" and cit.container and cit.volume:
        entry_type = "article"
    fields: dict[str, str] = {}
    _set(fields, "title", cit.title)
    if entry_type in _CONTAINER_FIELD:
        _set(fields, _CONTAINER_FIELD[entry_type], cit.container)
    elif cit.container:
        _set(fields, "howpublished", cit.container)
    _set(fields, "year", cit.year)
    _set(fields, "volume", cit.volume)
    issue = cit.issue
    if cit.supplement:
        supp = cit.supplement if cit.supplement.lower().startswith("suppl") else f"Suppl {cit.supplement}"
        issue = f"{issue} {supp}" if issue else supp
    _set(fields, "number", issue)
    _set(fields, "pages", _pages(cit.first_page, cit.last_page, cit.pages))
    if entry_type in ("book", "incollection", "inproceedings"):
        _set(fields, "edition", cit.edition)
        _set(fields, "publisher", cit.publisher)
        _set(fields, "address", cit.place)
        _set(fields, "isbn", cit.isbn)
    _set(fields, "doi", cit.doi)
    _set(fields, "pmid", cit.pmid)
    _set(fields, "pmcid", cit.pmcid)
    if not cit.doi:
        _set(fields, "url", cit.url)
    word = status.value.replace("_", " ")
    fields["refcheck"] = "unverified"
    provenance = f"unverified ({word}{': ' + reason if reason else ''}): fields as printed in the manuscript"
    return BibRecord(
        entry_type=entry_type, number=number, authors=list(cit.authors),
        editors=list(cit.editors) if entry_type in _EDITED else [],
        fields=fields, month=_month(cit.month), verified=False, truncated=cit.et_al and bool(cit.authors),
        provenance=provenance,
        key_hint=(_first_family(cit.authors), str(cit.year or ""), cit.title or ""),
    )


def records(refs: list[CheckedReference], *, abbrev: bool = False, checked: str | None = None,
            mirror: str | None = None) -> list[BibRecord]:
    """One record per reference, in reference-list order (``checked``: ISO date of the run;
    ``mirror``: the local mirror's name, for the provenance of records read from it)."""
    out = []
    for i, ref in enumerate(refs):
        number = ref.citation.number if ref.citation.number is not None else i + 1
        work = ref.match.work
        if work is not None and ref.status in (Status.VERIFIED, Status.MISMATCH):
            rec = from_work(work, number, abbrev=abbrev, checked=checked, mirror=mirror)
            rec.title_hints = [t for t in (ref.citation.title, *work.titles,
                                           *(w.title for w in ref.match.other.values())) if t]
            out.append(rec)
        else:
            out.append(from_citation(ref.citation, number, ref.status, ref.match.reason))
    return out
