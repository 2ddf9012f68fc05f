"""PubMed/MEDLINE exports (``.nbib``, ``rettype=medline`` text) as citations to resolve.

Records are read by :mod:`refcheck.formats.medline`, as the mirror reads them. Importing does
not trust the export's fields: each record becomes a :class:`~refcheck.model.Citation`
carrying its PMID, DOI and bibliographic fields, and is matched like any other reference, so
the library gets the current registered record and the export's identifiers are validated
against it.
"""

from __future__ import annotations

import re
from pathlib import Path

from refcheck.formats.medline import article_id, medline_records, tag_values
from refcheck.model import Author, Citation
from refcheck.text.pages import expand_pages


def _first(record: dict[str, list[str]], *tags: str) -> str | None:
    return next((record[t][0] for t in tags if record.get(t)), None)


def _authors(values: list[str]) -> list[Author]:
    """``AU`` lines (``Wakefield AJ``) as authors; a line without initials is a group."""
    out = []
    for value in values:
        family, _, initials = value.rpartition(" ")
        if family and initials.isupper() and initials.isalpha() and len(initials) <= 4:
            out.append(Author(family=family, initials=initials))
        else:
            out.append(Author(group=value))
    return out


def record_citation(record: dict[str, list[str]], number: int) -> Citation:
    """One MEDLINE record as the citation it describes (identifiers included)."""
    parsed = (article_id(v) for v in record.get("AID", []) + record.get("LID", []))
    ids = {kind: ident for ident, kind in filter(None, parsed)}
    year = re.match(r"\d{4}", _first(record, "DP") or "")
    pages = _first(record, "PG")
    first, last = expand_pages(pages)
    title = _first(record, "TI") or _first(record, "BTI")
    authors = _authors(record.get("AU", [])) + [Author(group=g) for g in record.get("CN", [])]
    citation = Citation(
        text="", number=number, authors=authors, title=title.rstrip(".") if title else None,
        container=_first(record, "JT", "TA"), year=int(year.group()) if year else None,
        volume=_first(record, "VI"), issue=_first(record, "IP"), pages=pages, first_page=first,
        last_page=last, doi=ids.get("doi"), pmid=_first(record, "PMID"),
        pmcid=_first(record, "PMC") or ids.get("pmc"), publisher=_first(record, "PB"),
        editors=_authors(record.get("ED", [])),
        kind="book" if record.get("BTI") and not record.get("TI") else "article",
    )
    parts = [", ".join(a.display() for a in authors), citation.title, citation.container,
             str(citation.year or ""), f"PMID: {citation.pmid}"]
    citation.text = ". ".join(p for p in parts if p)
    return citation


def medline_citations(path: Path) -> list[Citation]:
    """Every record of a MEDLINE file as a citation, in file order, without repeated PMIDs."""
    return medline_citations_from_text(path.read_text(encoding="utf-8", errors="replace"))


def medline_citations_from_text(text: str) -> list[Citation]:
    """Every record of MEDLINE text as a citation, in order, without repeated PMIDs."""
    seen: set[str] = set()
    out: list[Citation] = []
    for record in map(tag_values, medline_records(text.splitlines())):
        pmid = _first(record, "PMID")
        if not pmid or pmid in seen:
            continue
        seen.add(pmid)
        out.append(record_citation(record, len(out) + 1))
    return out
