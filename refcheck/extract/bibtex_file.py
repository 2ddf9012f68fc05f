"""BibTeX (.bib) input: every entry becomes one RawEntry with structured fields.

A ``.bib`` file is already parsed data, so the fields go to the parser as given
(:attr:`RawEntry.fields`) and the entry's text is a rendered one-line reference for display.
LaTeX in field values (``{\\"u}``, ``\\emph{}``, ``--``, ``~``) is decoded with pylatexenc so that
names and titles compare with the registries' Unicode. The LaTeX extractor reuses
:func:`entries_from_bib` for files named by ``\\bibliography{}``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from refcheck.extract import _structured as st
from refcheck.model import Author, Document, RawEntry, Span

_KINDS = {
    "article": "article", "book": "book", "booklet": "book", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "conference", "conference": "conference",
    "proceedings": "conference", "online": "web", "electronic": "web", "www": "web",
    "webpage": "web", "unpublished": "preprint", "preprint": "preprint",
}


@lru_cache(maxsize=1)
def _latex_decoder():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(strict_latex_spaces=True)


def latex_to_text(value: str) -> str:
    """Plain Unicode for a LaTeX field value; falls back to brace stripping on odd input."""
    if not any(ch in value for ch in "\\{}$~-"):
        return value
    try:
        text = _latex_decoder().latex_to_text(value)
    except Exception:  # pylatexenc is lenient, but never let one odd field stop the run
        text = value.replace("{", "").replace("}", "")
    return " ".join(text.split())


def split_names(value: str) -> tuple[list[Author], bool]:
    """BibTeX name list ('A and B and others') -> Authors and whether it ends with 'others'."""
    names = _split_top_level_and(value)
    et_al = bool(names) and names[-1].strip().lower() == "others"
    if et_al:
        names = names[:-1]
    authors: list[Author] = []
    for raw in names:
        raw = raw.strip()
        if raw.startswith("{") and raw.endswith("}") and "," not in raw:
            authors.append(Author(group=latex_to_text(raw[1:-1])))  # {Collaboration Name}
        elif raw:
            authors.append(st.split_name(latex_to_text(raw)))
    return authors, et_al


def _split_top_level_and(value: str) -> list[str]:
    """Split on ' and ' outside braces (so '{Smith and Wesson}' stays one name)."""
    out, depth, start = [], 0, 0
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and value[i : i + 5].lower() == " and ":
            out.append(value[start:i])
            start = i + 5
            i += 4
        i += 1
    out.append(value[start:])
    return [o for o in (x.strip() for x in out) if o]


def fields_from_bibtex(entry_type: str, raw_fields: dict[str, str]) -> dict[str, Any]:
    """Citation fields from one BibTeX entry's (lower-cased) field dictionary."""
    f = {k.lower(): v for k, v in raw_fields.items()}
    etype = entry_type.lower()
    kind = _KINDS.get(etype, "other")
    if etype == "misc" and f.get("url"):
        kind = "web"
    out: dict[str, Any] = {"_type": etype, "_format": "bibtex", "kind": kind}
    if "author" in f:
        out["authors"], out["et_al"] = split_names(f["author"])
    if "editor" in f:
        out["editors"], _ = split_names(f["editor"])
    for src, dst in (("title", "title"), ("volume", "volume"), ("month", "month"), ("url", "url"),
                     ("isbn", "isbn"), ("publisher", "publisher"), ("edition", "edition"),
                     ("pmcid", "pmcid")):
        if src in f:
            out[dst] = latex_to_text(f[src])
    container = f.get("journal") or f.get("journaltitle") or f.get("booktitle")
    if container:
        out["container"] = latex_to_text(container)
    if issue := f.get("number") or f.get("issue"):
        out["issue"] = latex_to_text(issue)
    if place := f.get("address") or f.get("location"):
        out["place"] = latex_to_text(place)
    st.set_year(out, f.get("year") or f.get("date"))
    st.set_pages(out, latex_to_text(f["pages"]) if "pages" in f else None)
    st.set_doi(out, f.get("doi"))
    pmid = f.get("pmid") or (f.get("eprint") if f.get("eprinttype", "").lower() == "pubmed" else None)
    if pmid and re.fullmatch(r"\s*\d{1,9}\s*", pmid):
        out["pmid"] = pmid.strip()
    return st.clean(out)


def entries_from_bib(text: str, *, first_number: int = 1) -> tuple[list[RawEntry], list[str]]:
    """RawEntries (numbered in file order) for every entry of a .bib text, plus notes.

    Unparseable blocks become notes rather than errors: one broken entry must not hide the
    others from checking.
    """
    import bibtexparser

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # broken blocks are reported as notes below, not logged
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.setLevel(level)
    starts = st.line_starts(text)
    blocks: list[tuple[int, Any]] = [(e.start_line or 0, e) for e in library.entries]
    notes: list[str] = []
    for block in library.failed_blocks:
        duplicate = _reparse_duplicate(block)
        if duplicate is not None:
            blocks.append((block.start_line or 0, duplicate))  # kept: the numbering checks report the key
        else:
            reason = str(getattr(block, "error", "") or "").strip().splitlines()
            notes.append(f"line {(block.start_line or 0) + 1}: could not parse BibTeX entry"
                         + (f" ({reason[0]})" if reason else ""))
    blocks.sort(key=lambda b: b[0])
    entries: list[RawEntry] = []
    for i, (start_line, entry) in enumerate(blocks):
        fields = fields_from_bibtex(entry.entry_type, {fld.key: str(fld.value) for fld in entry.fields})
        line = start_line + 1
        start = starts[line - 1] if line - 1 < len(starts) else 0
        identifiers: dict[str, str] = {k: fields[k] for k in ("doi", "pmid", "pmcid") if k in fields}
        entries.append(RawEntry(
            number=first_number + i,
            text=st.render(fields) or entry.raw,
            span=Span(line, 1, start, start + len(entry.raw)),
            source_text=entry.raw,
            identifiers=identifiers,
            fields=fields,
            key=entry.key,
        ))
    return entries, notes


def _reparse_duplicate(block: Any) -> Any | None:
    """bibtexparser sets aside an entry whose key repeats an earlier one; parse it anyway."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock

    if not isinstance(block, DuplicateBlockKeyBlock):
        return None
    again = bibtexparser.parse_string(block.raw or "")
    if not again.entries:
        return None
    return again.entries[0]


def extract(path: str, data: bytes) -> Document:
    """A .bib file as a reference list: one entry per BibTeX entry, in file order."""
    text, encoding, notes = st.decode(data)
    entries, more = entries_from_bib(text)
    return Document(path=path, text=text, format="bibtex", entries=entries, encoding=encoding,
                    section=Span(1, 1) if entries else None, heading=None, notes=notes + more)
