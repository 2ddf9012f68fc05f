"""PubMed/MEDLINE exports (``.nbib``, ``rettype=medline`` text) as citations to resolve.

A MEDLINE record starts with ``PMID- 12345`` and continues with ``TAG - value`` lines
(continuations indented by six spaces). Importing does not trust the export's fields: each
record becomes a :class:`~refcheck.model.Citation` carrying its PMID, DOI and bibliographic
fields, and is matched like any other reference, so the library gets the current registered
record and the export's identifiers are validated against it.
"""

from __future__ import annotations

import re
from pathlib import Path

from refcheck.model import Author, Citation
from refcheck.text.pages import expand_pages

_PMID_LINE = re.compile(r"^PMID- ?(\d{1,9})\s*$", re.M)
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- ?(.*)$")
_ID_TAG = re.compile(r"^(\S+)\s*\[(doi|pii|pmc)\]\s*$", re.I)


def looks_like_medline(head: str) -> bool:
    """True for MEDLINE-format text (a ``PMID- `` tag line near the start), whatever the suffix."""
    return bool(_PMID_LINE.search(head))


def is_medline(path: Path) -> bool:
    """:func:`looks_like_medline` on the start of a file."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return False
    return looks_like_medline(head)


def medline_records(text: str) -> list[dict[str, list[str]]]:
    """Every record as ``tag -> values`` (continuation lines joined), in file order."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    last: str | None = None
    for line in text.splitlines():
        if line.startswith("      ") and current is not None and last is not None:
            current[last][-1] += " " + line.strip()
            continue
        m = _TAG_LINE.match(line)
        if not m:
            last = None
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "PMID":
            current = {}
            records.append(current)
        if current is None:
            continue
        current.setdefault(tag, []).append(value)
        last = tag
    return records


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
    ids = {m.group(2).lower(): m.group(1) for v in record.get("AID", []) + record.get("LID", [])
           if (m := _ID_TAG.match(v))}
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
    for record in medline_records(text):
        pmid = _first(record, "PMID")
        if not pmid or pmid in seen:
            continue
        seen.add(pmid)
        out.append(record_citation(record, len(out) + 1))
    return out


def medline_pmids(path: Path) -> list[str]:
    """Every record's PMID, in file order, without repeats."""
    return [c.pmid for c in medline_citations(path) if c.pmid]
