"""JATS XML (.xml/.nxml) input: ``<ref-list>`` entries and ``<xref ref-type="bibr">`` citations.

``element-citation`` is fully tagged, so its fields go to the parser as given; a
``mixed-citation`` keeps its printed text (and any tags it has become fields too). Parsing uses
defusedxml (publisher XML is untrusted input). ElementTree does not keep line numbers, so each
``<ref>``/``<xref>`` is located by counting its start tags in the raw text, which maps the n-th
element to the n-th tag in document order.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from refcheck.errors import InputError
from refcheck.extract import _structured as st
from refcheck.model import Author, Document, InTextCitation, RawEntry, Span
from refcheck.text.identifiers import DOI_RESOLVER, DOI_START, identifiers_from_url, plain_identifiers

_KINDS = {"journal": "article", "book": "book", "chapter": "chapter", "confproc": "conference",
          "conference": "conference", "web": "web", "webpage": "web", "preprint": "preprint"}
_DASH = re.compile(r"^\s*[-\u2010-\u2015\u2212]\s*$")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _child(el: Element, name: str) -> Element | None:
    for sub in el.iter():
        if _local(sub.tag) == name:
            return sub
    return None


def _attr(el: Element, name: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value
    return None


def _people(cit: Element, group_type: str) -> tuple[list[Author], bool]:
    """Names of one person-group type (authors by default when untyped) and whether <etal/> ends it."""
    people: list[Author] = []
    et_al = False
    groups = [g for g in cit.iter() if _local(g.tag) == "person-group"]
    if not groups and group_type == "author":
        groups = [cit]  # names directly inside the citation
    for group in groups:
        gtype = _attr(group, "person-group-type") or "author"
        if gtype != group_type and group is not cit:
            continue
        for node in group:
            name = _local(node.tag)
            if name in ("name", "string-name"):
                surname, given = _child(node, "surname"), _child(node, "given-names")
                if surname is None and given is None:
                    people.append(st.split_name(_text(node)))
                else:
                    people.append(st.person(_text(surname), _text(given) or None,
                                            suffix=_text(_child(node, "suffix")) or None))
            elif name == "collab":
                people.append(Author(group=_text(node)))
            elif name == "etal":
                et_al = True
    return people, et_al


def fields_from_citation(cit: Element) -> dict[str, Any]:
    """Citation fields from an element-citation (or the tagged parts of a mixed-citation)."""
    ptype = _attr(cit, "publication-type") or _attr(cit, "citation-type") or ""
    kind = _KINDS.get(ptype, "other" if ptype else "article")
    out: dict[str, Any] = {"_type": ptype, "_format": "jats", "kind": kind}
    out["authors"], out["et_al"] = _people(cit, "author")
    out["editors"], _ = _people(cit, "editor")
    title = _child(cit, "article-title")
    if title is None:
        title = _child(cit, "chapter-title")
    source = _child(cit, "source")
    if title is None and kind == "book":
        title, source = source, None
    out["title"] = _text(title)
    out["container"] = _text(source)
    st.set_year(out, _text(_child(cit, "year")))
    out["volume"] = _text(_child(cit, "volume"))
    out["issue"] = _text(_child(cit, "issue"))
    fpage, lpage = _text(_child(cit, "fpage")), _text(_child(cit, "lpage"))
    elocation = _text(_child(cit, "elocation-id"))
    st.set_pages(out, f"{fpage}-{lpage}" if fpage and lpage else (fpage or elocation or _text(_child(cit, "page-range"))))
    _identifiers(cit, out)
    out["publisher"] = _text(_child(cit, "publisher-name"))
    out["place"] = _text(_child(cit, "publisher-loc"))
    out["edition"] = _text(_child(cit, "edition"))
    return st.clean(out)


def _identifiers(cit: Element, out: dict[str, Any]) -> None:
    """DOI, PMID, PMCID and URL of a citation, wherever the XML puts them.

    Typed ``<pub-id>``/``<ext-link>``/``<object-id>`` first; then links whose ``xlink:href`` (or
    text) goes to doi.org or PubMed, and ``doi:``/``PMID:`` printed in a ``<comment>``. An element
    typed as a DOI holds nothing else, so a stray space inside it (``journal.pbio. 1001425``) is
    a typesetting slip and is removed rather than cutting the DOI short.
    """
    found: dict[str, str] = {}
    for node in cit.iter():
        tag = _local(node.tag)
        idtype = (_attr(node, "pub-id-type") or _attr(node, "ext-link-type") or "").lower()
        if tag in ("pub-id", "ext-link", "object-id"):
            value = (_attr(node, "href") if tag == "ext-link" else None) or _text(node) or _attr(node, "href") or ""
            if idtype == "doi":
                st.set_doi(out, "".join(value.split()))
            elif idtype == "pmid" and value.strip().isdigit():
                out["pmid"] = value.strip()
            elif idtype in ("pmcid", "pmc"):
                out["pmcid"] = value.strip() if value.upper().startswith("PMC") else f"PMC{value.strip()}"
            elif tag == "ext-link" and idtype in ("uri", "uri-doi", "pubmed", ""):
                for link in (_attr(node, "href"), _text(node)):
                    for key, ident in identifiers_from_url(link or "").items():
                        found.setdefault(key, ident)
                out.setdefault("url", value)
        elif tag == "uri":
            out.setdefault("url", _text(node) or _attr(node, "href"))
        elif tag == "comment":
            for key, ident in _comment_identifiers(_text(node)).items():
                found.setdefault(key, ident)
    for key, ident in found.items():
        if key == "doi":
            if "doi" not in out:
                st.set_doi(out, ident)
        else:
            out.setdefault(key, ident)
    if out.get("url") and identifiers_from_url(out["url"]):
        del out["url"]  # the link was an identifier, not a web address of its own


# A comment that is only a DOI: 'doi:10.1371/journal.pbio. 1001425' (one slip of a space).
_COMMENT_DOI = re.compile(rf"\s*(?:doi\s*:?\s*|{DOI_RESOLVER})({DOI_START}\S+(?:\s\S+)?)\s*\.?\s*",
                          re.IGNORECASE)


def _comment_identifiers(text: str) -> dict[str, str]:
    whole = _COMMENT_DOI.fullmatch(text)
    if whole:
        return {"doi": "".join(whole.group(1).split()).rstrip(".")}
    return plain_identifiers(text)


_ID_TAGS = frozenset({"pub-id", "comment", "ext-link", "uri", "object-id", "elocation-id"})
_BOUNDARY = "\x00"
_GLUED = re.compile(r"(?<=\w)\x00+(?=\w)")


def mixed_text(el: Element) -> str:
    """The printed text of a mixed-citation, with a space where an identifier element meets a
    word: ``…0001557</comment><pub-id>22479657`` must not read ``…000155722479657``."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        boundary = _local(node.tag) in _ID_TAGS
        if boundary:
            parts.append(_BOUNDARY)
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if boundary:
            parts.append(_BOUNDARY)

    walk(el)
    return " ".join(_GLUED.sub(" ", "".join(parts)).replace(_BOUNDARY, "").split())


def _tagged_only(cit: Element, fields: dict[str, Any]) -> dict[str, Any]:
    """For a mixed-citation keep only what was really tagged: the parser reads the rest from text."""
    out = {k: v for k, v in fields.items() if v is not False}
    if not (_attr(cit, "publication-type") or _attr(cit, "citation-type")):
        out.pop("kind", None)
    if not any(k for k in out if not k.startswith("_") and k != "kind"):
        return {}
    return out


def _citation_of(ref: Element) -> Element | None:
    """The citation of a <ref>; with <citation-alternatives>, the fully tagged one is preferred."""
    found: dict[str, Element] = {}
    for el in ref.iter():
        name = _local(el.tag)
        if name in ("element-citation", "mixed-citation", "nlm-citation", "citation"):
            found.setdefault(name, el)
    for name in ("element-citation", "nlm-citation", "mixed-citation", "citation"):
        if name in found:
            return found[name]
    return None


def _parse(path: str, text: str) -> Element:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(text.encode("utf-8"))
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise InputError(f"{path}: not well-formed XML ({exc})") from None
    except LookupError as exc:  # expat: the declaration names an encoding Python does not know
        raise InputError(f"{path}: the XML declaration names an {str(exc)[:80]}") from None


def _tag_offsets(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"<(?:[\w-]+:)?{name}(?=[\s/>])", text)]


def _label_number(label: str, fallback: int) -> int:
    m = re.search(r"\d+", label)
    return int(m.group(0)) if m else fallback


def extract(path: str, data: bytes) -> Document:
    """A JATS article: its ref-list entries, with in-text ``xref`` citations for numbering checks."""
    text, encoding, notes = st.decode(data)
    root = _parse(path, text)
    starts = st.line_starts(text)
    ref_offsets = _tag_offsets(text, "ref")
    refs = [el for el in root.iter() if _local(el.tag) == "ref"]
    entries: list[RawEntry] = []
    id_to_number: dict[str, int] = {}
    for i, ref in enumerate(refs):
        cit = _citation_of(ref)
        if cit is None:
            continue
        number = _label_number(_text(_child(ref, "label")), len(entries) + 1)
        fields = fields_from_citation(cit)
        fully_tagged = _local(cit.tag) in ("element-citation", "nlm-citation")
        display = st.render(fields) if fully_tagged or not _text(cit) else mixed_text(cit)
        if not fully_tagged:
            fields = _tagged_only(cit, fields)
        offset = ref_offsets[i] if i < len(ref_offsets) else 0
        line = st.line_of(starts, offset)
        ref_id = _attr(ref, "id")
        if ref_id:
            id_to_number[ref_id] = number
        entries.append(RawEntry(
            number=number, text=display, span=Span(line, offset - starts[line - 1] + 1, offset, offset),
            source_text=display,
            identifiers={k: fields[k] for k in ("doi", "pmid", "pmcid") if k in fields},
            fields=fields, key=ref_id,
        ))
    section = entries[0].span if entries else None
    ref_list = next((el for el in root.iter() if _local(el.tag) == "ref-list"), None)
    heading = _text(_child(ref_list, "title")) if ref_list is not None else None
    return Document(path=path, text=text, format="jats", entries=entries, encoding=encoding,
                    section=section, heading=heading or None,
                    in_text=_in_text(root, text, starts, id_to_number), notes=notes)


def _in_text(root: Element, text: str, starts: list[int], id_to_number: dict[str, int]) -> list[InTextCitation]:
    """Every ``<xref ref-type="bibr">``; 'B2–B4' ranges (an xref, a dash, an xref) are expanded."""
    offsets = _tag_offsets(text, "xref")
    xrefs = [el for el in root.iter() if _local(el.tag) == "xref"]
    out: list[InTextCitation] = []
    pending_range: InTextCitation | None = None
    for i, xref in enumerate(xrefs):
        if (_attr(xref, "ref-type") or "bibr") != "bibr":
            continue
        keys = (_attr(xref, "rid") or "").split()
        numbers = [id_to_number[k] for k in keys if k in id_to_number]
        if not numbers and (m := re.fullmatch(r"\s*(\d+)\s*", _text(xref))):
            numbers = [int(m.group(1))]  # rid not in the list: keep the printed number
        offset = offsets[i] if i < len(offsets) else 0
        line = st.line_of(starts, offset)
        cit = InTextCitation(numbers=numbers, span=Span(line, offset - starts[line - 1] + 1, offset, offset),
                             text=_text(xref), keys=keys)
        if pending_range is not None and numbers and pending_range.numbers:
            low, high = pending_range.numbers[-1], numbers[0]
            if low < high:
                cit.numbers = [*range(low + 1, high), *numbers]
        out.append(cit)
        pending_range = cit if xref.tail and _DASH.match(xref.tail) else None
    return out
