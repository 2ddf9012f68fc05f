"""CSL-JSON (.json) input: the items Zotero, Pandoc and citeproc use, one RawEntry per item.

The items are walked one by one with :meth:`json.JSONDecoder.raw_decode` so that each entry keeps
the line it starts on (the compiler-style report needs ``file:line``), which ``json.loads``
would lose.
"""

from __future__ import annotations

import json
import re
from typing import Any

from refcheck.errors import InputError
from refcheck.extract import _structured as st
from refcheck.extract.limits import check_json_depth
from refcheck.model import Author, Document, RawEntry, Span

_KINDS = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "book": "book", "chapter": "chapter", "paper-conference": "conference",
    "webpage": "web", "post": "web", "post-weblog": "web", "article": "preprint",
}


def _items_with_offsets(text: str) -> list[tuple[int, int, Any]]:
    """(start, end, item) for each element of a top-level JSON array (or a single object)."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if pos < len(text) and text[pos] == "{":
        obj, end = decoder.raw_decode(text, pos)
        if isinstance(obj, dict) and isinstance(obj.get("items"), list):
            return [(pos, end, item) for item in obj["items"]]  # {"items": [...]}: no per-item offsets
        return [(pos, end, obj)]
    if pos >= len(text) or text[pos] != "[":
        raise ValueError("not a JSON array or object")
    items: list[tuple[int, int, Any]] = []
    pos = _skip_ws(text, pos + 1)
    while pos < len(text) and text[pos] != "]":
        obj, end = decoder.raw_decode(text, pos)
        items.append((pos, end, obj))
        pos = _skip_ws(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    return items


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _names(values: object) -> list[Author]:
    out: list[Author] = []
    for name in values if isinstance(values, list) else []:
        if not isinstance(name, dict):
            continue
        if name.get("literal") and not name.get("family"):
            out.append(Author(group=str(name["literal"])))
        else:
            family = " ".join(str(x) for x in (name.get("non-dropping-particle"), name.get("family")) if x)
            out.append(st.person(family, name.get("given"), suffix=name.get("suffix")))
    return out


def _year(item: dict[str, Any]) -> object:
    for key in ("issued", "published-print", "published-online"):
        date = item.get(key)
        if isinstance(date, dict):
            parts = date.get("date-parts")
            if parts and parts[0] and parts[0][0]:
                return parts[0][0]
            if date.get("raw") or date.get("literal"):
                return date.get("raw") or date.get("literal")
        elif date:
            return date
    return None


def fields_from_csl(item: dict[str, Any]) -> dict[str, Any]:
    """Citation fields from one CSL-JSON item."""
    ctype = str(item.get("type") or "")
    kind = _KINDS.get(ctype, "other")
    out: dict[str, Any] = {"_type": ctype, "_format": "csl-json", "kind": kind}
    out["authors"] = _names(item.get("author"))
    out["editors"] = _names(item.get("editor"))
    out["title"] = _str(item.get("title"))
    out["container"] = _str(item.get("container-title-short") or item.get("journalAbbreviation")
                            or item.get("container-title"))
    st.set_year(out, _year(item))
    out["volume"] = _str(item.get("volume"))
    out["issue"] = _str(item.get("issue"))
    st.set_pages(out, _str(item.get("page")))
    st.set_doi(out, item.get("DOI"))
    pmid = _str(item.get("PMID"))
    if pmid and re.fullmatch(r"\d{1,9}", pmid):
        out["pmid"] = pmid
    out["pmcid"] = _str(item.get("PMCID"))
    out["url"] = _str(item.get("URL"))
    out["isbn"] = _str(item.get("ISBN"))
    out["publisher"] = _str(item.get("publisher"))
    out["place"] = _str(item.get("publisher-place"))
    out["edition"] = _str(item.get("edition"))
    return st.clean(out)


def _str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # Crossref-style ["Title"]
        value = value[0] if value else None
    return None if value is None else str(value)


def extract(path: str, data: bytes) -> Document:
    """A CSL-JSON file as a reference list, one entry per item in file order."""
    text, encoding, notes = st.decode(data)
    check_json_depth(path, text)
    try:
        items = _items_with_offsets(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: not CSL-JSON ({exc})") from None
    starts = st.line_starts(text)
    entries: list[RawEntry] = []
    for start, end, item in items:
        if not isinstance(item, dict):
            continue
        fields = fields_from_csl(item)
        entries.append(RawEntry(
            number=len(entries) + 1,
            text=st.render(fields),
            span=Span(st.line_of(starts, start), start - starts[st.line_of(starts, start) - 1] + 1, start, end),
            source_text=text[start:end],
            identifiers={k: fields[k] for k in ("doi", "pmid", "pmcid") if k in fields},
            fields=fields,
            key=_str(item.get("id")),
        ))
    return Document(path=path, text=text, format="csl-json", entries=entries, encoding=encoding,
                    section=Span(1, 1) if entries else None, notes=notes)
