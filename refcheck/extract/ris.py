"""RIS (.ris) input: EndNote/Zotero/Mendeley/PubMed exports, one RawEntry per ``TY``..``ER`` record.

RIS is tagged data (``AU  - Smith, John``), so the record's fields go to the parser as given and
the entry text is a rendered one-line reference. Records are numbered in file order, which is
the order a reference manager exports a numbered bibliography in.
"""

from __future__ import annotations

import re
from typing import Any

from refcheck.extract import _structured as st
from refcheck.model import Author, Document, RawEntry, Span

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_KINDS = {
    "JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
    "ABST": "article", "INPR": "article", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "CONF": "conference", "CPAPER": "conference",
    "ELEC": "web", "WEB": "web", "BLOG": "web", "UNPB": "preprint",
}


def parse_records(text: str) -> list[tuple[int, int, int, dict[str, list[str]]]]:
    """(first line, start offset, end offset, tag -> values) for every record in the file.

    Lines that carry no tag continue the previous tag's value (wrapped abstracts, long titles).
    """
    records: list[tuple[int, int, int, dict[str, list[str]]]] = []
    current: dict[str, list[str]] | None = None
    first_line = start = 0
    last_tag = None
    offset = 0
    for lineno, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.rstrip("\r\n")
        m = _TAG.match(stripped)
        if m:
            tag, value = m.group(1), (m.group(2) or "").strip()
            if tag == "TY":
                current, first_line, start = {}, lineno, offset
            if current is not None:
                if tag == "ER":
                    records.append((first_line, start, offset + len(line), current))
                    current = None
                else:
                    current.setdefault(tag, []).append(value)
                    last_tag = tag
        elif current is not None and last_tag and stripped.strip():
            current[last_tag][-1] = f"{current[last_tag][-1]} {stripped.strip()}".strip()
        offset += len(line)
    if current:  # a final record without ER: keep it rather than drop a reference
        records.append((first_line, start, offset, current))
    return records


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for value in tags.get(name, []):
            if value:
                return value
    return None


def fields_from_ris(tags: dict[str, list[str]]) -> dict[str, Any]:
    """Citation fields from one RIS record."""
    rtype = _first(tags, "TY") or ""
    kind = _KINDS.get(rtype.upper(), "other")
    out: dict[str, Any] = {"_type": rtype, "_format": "ris", "kind": kind}
    names = [n for tag in ("AU", "A1") for n in tags.get(tag, []) if n.strip()]  # 'AU  - ' is no author
    authors: list[Author] = []
    for name in names:
        if name.lower().rstrip(".") in {"et al", "others"}:
            out["et_al"] = True
        elif "," not in name and len(name.split()) > 3:
            authors.append(Author(group=name))  # consortium written without a comma
        else:
            authors.append(st.split_name(name))
    out["authors"] = authors
    editors = [st.split_name(n) for tag in ("ED", "A2") for n in tags.get(tag, []) if n.strip()]
    if editors and (kind == "chapter" or "ED" in tags):
        out["editors"] = editors
    out["title"] = _first(tags, "TI", "T1", "CT")
    if kind == "chapter":
        out["container"] = _first(tags, "T2", "BT", "JF", "JO")
    else:
        out["container"] = _first(tags, "JO", "JA", "J2", "JF", "T2", "J1")
    st.set_year(out, _first(tags, "PY", "Y1", "DA"))
    out["volume"] = _first(tags, "VL")
    out["issue"] = _first(tags, "IS")
    sp, ep = _first(tags, "SP"), _first(tags, "EP")
    st.set_pages(out, f"{sp}-{ep}" if sp and ep and "-" not in sp else sp)
    st.set_doi(out, _first(tags, "DO", "DI", "M3") or "")
    for value in tags.get("AN", []) + tags.get("M1", []) + tags.get("C2", []):
        if m := re.fullmatch(r"(?:PMID:?\s*)?(\d{1,9})", value.strip()):
            out.setdefault("pmid", m.group(1))
        elif m := re.fullmatch(r"(PMC\d+)", value.strip()):
            out.setdefault("pmcid", m.group(1))
    out["url"] = _first(tags, "UR", "L2")
    if kind in ("book", "chapter"):
        out["isbn"] = _first(tags, "SN")
    out["publisher"] = _first(tags, "PB")
    out["place"] = _first(tags, "CY", "PP")
    out["edition"] = _first(tags, "ET")
    return st.clean(out)


def extract(path: str, data: bytes) -> Document:
    """An RIS export as a reference list, one entry per record, numbered in file order."""
    text, encoding, notes = st.decode(data)
    entries: list[RawEntry] = []
    for i, (line, start, end, tags) in enumerate(parse_records(text), start=1):
        fields = fields_from_ris(tags)
        entries.append(RawEntry(
            number=i,
            text=st.render(fields),
            span=Span(line, 1, start, end),
            source_text=text[start:end],
            identifiers={k: fields[k] for k in ("doi", "pmid", "pmcid") if k in fields},
            fields=fields,
            key=_first(tags, "ID"),
        ))
    return Document(path=path, text=text, format="ris", entries=entries, encoding=encoding,
                    section=Span(1, 1) if entries else None, notes=notes)
