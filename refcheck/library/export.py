"""Exporting the library: BibTeX, BibLaTeX, CSL-JSON, RIS, or a formatted reference list.

Every format is produced from the same typed record (:func:`entry_to_work`), so a field is
read from BibTeX once and written the same way everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from refcheck.library.convert import entry_to_work
from refcheck.library.store import dump_library
from refcheck.library.tidy import tidy_library

_RIS_TYPES = {"journal-article": "JOUR", "book": "BOOK", "book-chapter": "CHAP",
              "proceedings-article": "CPAPER", "dissertation": "THES", "report": "RPRT"}
_BIBLATEX_RENAME = {"journal": "journaltitle", "address": "location"}


def to_biblatex(entries: Sequence[Entry]) -> str:
    """BibLaTeX flavour: UTF-8, ``journaltitle``, ``date``, PMIDs as ``eprint`` (eprinttype pubmed)."""
    out = []
    for entry in tidy_library(_library(entries), utf8=True).entries:
        fields = []
        for f in entry.fields:
            if f.key == "pmid":
                fields += [Field("eprint", f.value), Field("eprinttype", "pubmed")]
            elif f.key == "year":
                fields.append(Field("date", f.value))
            else:  # keep the enclosing: ``month = feb`` stays a macro
                fields.append(Field(_BIBLATEX_RENAME.get(f.key, f.key), f.value, enclosing=f.enclosing))
        out.append(Entry(entry.entry_type, entry.key, fields))
    return dump_library(_library(out))


def _library(entries: Sequence[Entry]) -> Library:
    lib = Library()
    lib.add(list(entries))
    return lib


def to_ris(entries: Sequence[Entry]) -> str:
    """RIS records (``TY`` … ``ER``); re-importing them gives the same entries."""
    lines: list[str] = []
    for entry in entries:
        w = entry_to_work(entry)
        lines.append(f"TY  - {_RIS_TYPES.get(w.type or '', 'GEN')}")
        for tag, people in (("AU", w.authors), ("ED", w.editors)):
            for a in people:
                name = a.group if a.is_group else f"{a.family}, {a.given or a.initials or ''}".rstrip(", ")
                lines.append(f"{tag}  - {name}")
        for tag, val in (("TI", w.title), ("JO" if w.type == "journal-article" else "T2", w.container),
                         ("PY", w.year), ("VL", w.volume), ("IS", w.issue), ("SP", w.first_page),
                         ("EP", w.last_page), ("DO", w.doi), ("PB", w.publisher), ("SN", next(iter(w.issn or w.isbn), None)),
                         ("UR", w.url), ("ID", entry.key)):
            if val:
                lines.append(f"{tag}  - {val}")
        if w.pmid:
            lines.append(f"AN  - PMID:{w.pmid}")
        if w.pmcid:
            lines.append(f"C2  - {w.pmcid}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def to_csl_json(entries: Sequence[Entry]) -> str:
    """CSL-JSON items (id = cite key), as citeproc processors read them."""
    from refcheck.report.csljson import csl_item

    return json.dumps([csl_item(entry_to_work(e), e.key) for e in entries], indent=2, ensure_ascii=False) + "\n"


def to_text(entries: Sequence[Entry], style: str) -> str:
    """A numbered reference list in ``style`` (vancouver, ama, apa, harvard, ieee, nature)."""
    from refcheck.styles.render import render_reference

    return "".join(render_reference(entry_to_work(e), style, number=i) + "\n" for i, e in enumerate(entries, 1))


def export_library(entries: Sequence[Entry], fmt: str, style: str = "vancouver") -> str:
    if fmt == "bibtex":
        return dump_library(tidy_library(_library(entries)))
    if fmt == "biblatex":
        return to_biblatex(entries)
    if fmt == "csl-json":
        return to_csl_json(entries)
    if fmt == "ris":
        return to_ris(entries)
    return to_text(entries, style)


def order_by_manuscript(entries: Sequence[Entry], manuscript: str) -> tuple[list[Entry], list[str]]:
    """The entries the manuscript cites, in its reference-list order; and the references not in the library."""
    from refcheck.library.cited import cited_rows
    from refcheck.pipeline import load

    _doc, citations = load(manuscript)
    rows = cited_rows(entries, citations)
    ordered: list[Entry] = []
    for row in rows:
        if row.entry is not None and row.entry not in ordered:
            ordered.append(row.entry)
    return ordered, [row.text for row in rows if row.entry is None]


def numbered_text(entries: Sequence[Entry], manuscript: str, style: str) -> tuple[str, list[str]]:
    """The manuscript's whole list in ``style``, numbered as in the manuscript.

    A reference the library lacks keeps its place and number, printed as the manuscript has
    it; the second value says which ones (for the caller to report).
    """
    from refcheck.library.cited import cited_rows
    from refcheck.pipeline import load
    from refcheck.styles.registry import get_style
    from refcheck.styles.render import render_reference

    _doc, citations = load(manuscript)
    lines, missing = [], []
    for row in cited_rows(entries, citations):
        if row.entry is None:
            missing.append(f"reference {row.number}: not in the library, printed as in the manuscript")
            text = " ".join(row.text.split())
            lines.append(get_style(style).numbered(row.number, text))
        else:
            lines.append(render_reference(entry_to_work(row.entry), style, number=row.number))
    return "".join(line + "\n" for line in lines), missing


__all__ = ["export_library", "numbered_text", "order_by_manuscript", "to_biblatex", "to_csl_json", "to_ris", "to_text"]
