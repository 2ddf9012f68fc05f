"""Generate the seed manuscript in every input format, for the format-equivalence tests.

The seed (``shared/seeds/000_...txt``, a real radiology case report with 8 Vancouver
references) is read and parsed once as text; each writer below turns the *same* manuscript
into another format the way a user's tool would produce it (Word with typed or automatic
numbers, a Zotero field, LaTeX ``thebibliography`` or ``.bib``, JATS, RIS, CSL-JSON, PDF).
The tests then check that extracting and parsing each file gives back the same references.
Nothing here is tuned to the seed's content: every value is taken from the parsed text.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from refcheck.extract import extract_file
from refcheck.model import Citation, Document
from refcheck.parse import parse_entry
from refcheck.text.fold import fold
from tests.shared import SEED_000

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Seed:
    """The seed as text: its body lines, its reference lines and their parse."""

    doc: Document
    citations: list[Citation]
    body: list[str]  # lines before the reference heading
    heading: str
    references: list[str]  # entry texts without their printed number


@lru_cache(maxsize=1)
def seed() -> Seed:
    doc = extract_file(str(SEED_000))
    citations = [parse_entry(e) for e in doc.entries]
    lines = doc.text.split("\n")
    assert doc.section is not None, "the seed's reference section must be found"
    body = lines[: doc.section.line - 1]
    refs = [re.sub(r"^\s*\[?\d+[.)\]]\s*", "", e.text) for e in doc.entries]
    return Seed(doc, citations, body, doc.heading or "References", refs)


def key_fields(c: Citation) -> tuple[object, ...]:
    """What must survive every format: number, first author, year, volume, first page, author count."""
    first = c.authors[0] if c.authors else None
    family = fold(first.family or first.group or "") if first else ""
    return (c.number, family, c.year, c.volume, c.first_page, len(c.authors))


def first_citation_order(doc: Document) -> list[int]:
    """Reference numbers in the order the text first cites them (grouping-independent)."""
    order: list[int] = []
    for cit in sorted(doc.in_text, key=lambda c: c.span.start):
        order += [n for n in sorted(cit.numbers) if n not in order]
    return order


# --- Word ------------------------------------------------------------------------------------------

def write_docx(path: Path, numbering: str = "typed") -> Path:
    """The seed as Word: 'typed' numbers, 'style' (List Number style), 'numpr' (direct numPr),
    or 'zotero' (typed numbers inside an ADDIN ZOTERO_BIBL field result, in a content control)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    s = seed()
    document = docx.Document()
    for line in s.body:
        document.add_paragraph(line)
    document.add_heading(s.heading, level=1)
    list_num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    paragraphs = []
    for n, ref in enumerate(s.references, start=1):
        if numbering == "style":
            paragraphs.append(document.add_paragraph(ref, style="List Number"))
        elif numbering == "numpr":
            p = document.add_paragraph(ref)
            ppr = p._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            for tag, val in (("w:ilvl", "0"), ("w:numId", str(list_num_id))):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                numpr.append(el)
            ppr.append(numpr)
            paragraphs.append(p)
        else:
            paragraphs.append(document.add_paragraph(f"{n}. {ref}"))
    if numbering == "zotero":
        _wrap_in_field(paragraphs, 'ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[]} CSL_BIBLIOGRAPHY')
    document.save(str(path))
    return path


def _wrap_in_field(paragraphs: list, instruction: str) -> None:
    """Make the paragraphs the displayed result of a complex field, inside a block content control."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str):  # type: ignore[no-untyped-def]
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        return r

    first, last = paragraphs[0]._p, paragraphs[-1]._p
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.text = instruction
    instr_run.append(instr)
    anchor = first.find(qn("w:r"))
    for el in (fld("begin"), instr_run, fld("separate")):
        anchor.addprevious(el)
    last.append(fld("end"))
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(OxmlElement("w:sdtPr"))
    sdt.append(content)
    first.addprevious(sdt)
    for p in paragraphs:
        content.append(p._p)


# --- Word endnotes / footnotes ----------------------------------------------------------------------
# python-docx cannot create notes, so the marks are added as raw runs and the notes part, its
# relationship and its content type are written into the saved package afterwards.

_CITE = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")
_NOTE_TYPES = {"endnote": "endnotes", "footnote": "footnotes"}


def cited_numbers(group: str) -> list[int]:
    """The reference numbers of one bracketed citation: '2–4, 7' -> [2, 3, 4, 7]."""
    numbers: list[int] = []
    for part in group.split(","):
        bounds = re.split(r"[-–]", part.strip())
        numbers.extend(range(int(bounds[0]), int(bounds[-1]) + 1))
    return numbers


def note_mark(kind: str, note_id: int):  # type: ignore[no-untyped-def]
    """A body run holding the reference mark of note ``note_id`` (what Word inserts)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), f"{kind.capitalize()}Reference")
    rpr.append(style)
    run.append(rpr)
    mark = OxmlElement(f"w:{kind}Reference")
    mark.set(qn("w:id"), str(note_id))
    run.append(mark)
    return run


def notes_xml(kind: str, notes: list[tuple[int, str]], *, separators: bool = True) -> str:
    """A notes part: Word's separator notes (ids -1, 0), then ``(id, text)`` notes in the given order."""
    seps = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:{kind}>") if separators else ""
    body = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:r><w:rPr><w:rStyle w:val="{kind.capitalize()}Reference"/></w:rPr>'
        f"<w:{kind}Ref/></w:r><w:r><w:t xml:space=\"preserve\"> {_x(text)}</w:t></w:r></w:p></w:{kind}>"
        for i, text in notes)
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:{kind}s xmlns:w="{W_NS}">{seps}{body}</w:{kind}s>')


def add_notes_part(path: Path, kind: str, xml: str | bytes) -> Path:
    """Write ``xml`` as word/endnotes.xml (or footnotes.xml) into a saved .docx, with its
    relationship and content type, as Word stores it."""
    import zipfile

    part = _NOTE_TYPES[kind]
    with zipfile.ZipFile(path) as z:
        files = {name: z.read(name) for name in z.namelist()}
    rels = files["word/_rels/document.xml.rels"].decode()
    rel = (f'<Relationship Id="rIdNotes{kind}" Type="http://schemas.openxmlformats.org/officeDocument/'
           f'2006/relationships/{part}" Target="{part}.xml"/>')
    files["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
    types = files["[Content_Types].xml"].decode()
    override = (f'<Override PartName="/word/{part}.xml" ContentType="application/vnd.openxmlformats-'
                f'officedocument.wordprocessingml.{part}+xml"/>')
    files["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    files[f"word/{part}.xml"] = xml.encode() if isinstance(xml, str) else xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def write_docx_notes(path: Path, kind: str = "endnote") -> Path:
    """The seed as Word with its reference list kept as notes: each typed citation '[2–4]' becomes
    the marks of notes 2, 3, 4 at the first citation of each (later ones are dropped), and the list
    is not in the body. Note ids and their order in the part both run against the numbering, so
    only the marks' order gives Word's numbers."""
    import docx

    s = seed()
    total = len(s.references)
    note_id = {n: 1 + total - n for n in range(1, total + 1)}  # ref 1 gets the highest id
    document = docx.Document()
    marked: set[int] = set()
    for line in s.body:
        p = document.add_paragraph()
        pos = 0
        for m in _CITE.finditer(line):
            p.add_run(line[pos : m.start()].rstrip(" "))
            for n in cited_numbers(m.group(1)):
                if n not in marked and n in note_id:
                    marked.add(n)
                    p._p.append(note_mark(kind, note_id[n]))
            pos = m.end()
        p.add_run(line[pos:])
    document.save(str(path))
    notes = sorted(((note_id[n], ref) for n, ref in enumerate(s.references, start=1)))
    return add_notes_part(path, kind, notes_xml(kind, notes))


# --- LaTeX / BibTeX ---------------------------------------------------------------------------------

_TEX_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$"}


def tex_escape(text: str) -> str:
    text = re.sub(r"[&%#_$]", lambda m: _TEX_SPECIAL[m.group(0)], text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\\textbf{\1}", text)
    text = re.sub(r"\*(.+?)\*", r"\\emph{\1}", text)
    return text.replace("–", "--").replace(" et al.", " et~al.")


def _cite(m: re.Match[str]) -> str:
    numbers: list[int] = []
    for part in m.group(1).split(","):
        bounds = re.split(r"[-–]", part.strip())
        lo, hi = int(bounds[0]), int(bounds[-1])
        numbers.extend(range(lo, hi + 1))
    return r"\cite{" + ",".join(f"ref{n}" for n in numbers) + "}"


def tex_body() -> str:
    body = "\n".join(seed().body)
    body = re.sub(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]", lambda m: "CITE" + _cite(m)[5:], body)
    return tex_escape(body).replace("CITE{", r"\cite{")


def write_tex(path: Path, *, bib: bool = False) -> Path:
    """LaTeX with \\cite{refN}; the list as thebibliography, or (bib=True) refs.bib beside it."""
    s = seed()
    parts = [r"\documentclass{article}", r"\begin{document}", tex_body()]
    if bib:
        write_bib(path.with_name("refs.bib"))
        parts += [r"\bibliographystyle{vancouver}", r"\bibliography{refs}"]
    else:
        parts.append(r"\begin{thebibliography}{99}")
        for n, ref in enumerate(s.references, start=1):
            parts.append(rf"\bibitem{{ref{n}}} {tex_escape(ref)}")
        parts.append(r"\end{thebibliography}")
    parts.append(r"\end{document}")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def _given(c_author) -> str:  # type: ignore[no-untyped-def]
    return " ".join(f"{ch}." for ch in (c_author.initials or ""))


def write_bib(path: Path) -> Path:
    entries = []
    for c in seed().citations:
        names = [f"{a.family}, {_given(a)}" for a in c.authors] + (["others"] if c.et_al else [])
        fields = {"author": " and ".join(names), "title": c.title, "journal": c.container,
                  "year": c.year, "volume": c.volume, "number": c.issue,
                  "pages": (c.pages or "").replace("-", "--").replace("–", "--")}
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        entries.append(f"@article{{ref{c.number},\n{body}\n}}\n")
    path.write_text("% generated from the seed manuscript\n\n" + "\n".join(entries), encoding="utf-8")
    return path


# --- RIS / CSL-JSON / JATS -------------------------------------------------------------------------

def write_ris(path: Path) -> Path:
    lines: list[str] = []
    for c in seed().citations:
        lines += ["TY  - JOUR", f"ID  - ref{c.number}"]
        lines += [f"AU  - {a.family}, {_given(a)}" for a in c.authors]
        if c.et_al:
            lines.append("AU  - et al.")
        lines += [f"TI  - {c.title}", f"JO  - {c.container}", f"PY  - {c.year}", f"VL  - {c.volume}"]
        if c.first_page:
            lines.append(f"SP  - {c.first_page}")
        if c.last_page:
            lines.append(f"EP  - {c.last_page}")
        lines += ["ER  - ", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_csl(path: Path) -> Path:
    items = []
    for c in seed().citations:
        item = {"id": f"ref{c.number}", "type": "article-journal",
                "author": [{"family": a.family, "given": _given(a)} for a in c.authors],
                "title": c.title, "container-title": c.container,
                "issued": {"date-parts": [[c.year]]}, "volume": c.volume, "page": c.pages}
        items.append({k: v for k, v in item.items() if v})
    path.write_text(json.dumps(items, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _x(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_jats(path: Path, *, mixed: bool = False) -> Path:
    """JATS article: body paragraphs with <xref ref-type="bibr">, ref-list of element- or mixed-citations."""
    s = seed()

    def xrefs(m: re.Match[str]) -> str:
        out = []
        for part in m.group(1).split(","):
            bounds = [b.strip() for b in re.split(r"[-–]", part)]
            refs = [f'<xref ref-type="bibr" rid="ref{b}">{b}</xref>' for b in bounds]
            out.append("&#x2013;".join(refs))
        return "[" + ", ".join(out) + "]"

    paras = [re.sub(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]", xrefs, _x(line)) for line in s.body if line.strip()]
    refs = []
    for c, text in zip(s.citations, s.references, strict=True):
        if mixed:
            cit = f"<mixed-citation publication-type=\"journal\">{_x(re.sub(r'[*]', '', text))}</mixed-citation>"
        else:
            names = "".join(f"<name><surname>{_x(a.family)}</surname><given-names>{a.initials}</given-names></name>"
                            for a in c.authors) + ("<etal/>" if c.et_al else "")
            cit = (f'<element-citation publication-type="journal"><person-group person-group-type="author">{names}'
                   f"</person-group><article-title>{_x(c.title)}</article-title><source>{_x(c.container)}</source>"
                   f"<year>{c.year}</year><volume>{c.volume}</volume><fpage>{c.first_page}</fpage>"
                   + (f"<lpage>{c.last_page}</lpage>" if c.last_page else "") + "</element-citation>")
        refs.append(f'<ref id="ref{c.number}"><label>{c.number}</label>{cit}</ref>')
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN" '
           '"JATS-journalpublishing1.dtd">\n'
           '<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="case-report">\n<body>\n'
           + "\n".join(f"<p>{p}</p>" for p in paras)
           + f"\n</body>\n<back>\n<ref-list>\n<title>{_x(s.heading)}</title>\n" + "\n".join(refs)
           + "\n</ref-list>\n</back>\n</article>\n")
    path.write_text(xml, encoding="utf-8")
    return path


# --- PDF (hand-built: no PDF-writing library is a dependency) ---------------------------------------

def _pdf_escape(line: str) -> bytes:
    raw = line.replace("*", "").encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(line: str, width: int) -> list[str]:
    out, cur = [], ""
    for word in line.split():
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return out + ([cur] if cur else [])


def _page_stream(page: list[str] | tuple[list[str], list[str]], interleave: bool) -> bytes:
    """Content stream of one page: one column, or two columns written column by column or row by row."""
    if isinstance(page, list):
        return b"BT /F1 9 Tf 11 TL 50 800 Td " + b" ".join(b"(" + _pdf_escape(ln) + b") Tj T*" for ln in page) + b" ET"
    left, right = page

    def show(x: int, row: int, line: str) -> bytes:
        return b"BT /F1 8 Tf 1 0 0 1 %d %d Tm (" % (x, 800 - 10 * row) + _pdf_escape(line) + b") Tj ET"

    if interleave:  # row by row across both columns: the worst case for stream-order extraction
        ops = [show(x, r, col[r]) for r in range(max(len(left), len(right)))
               for x, col in ((40, left), (310, right)) if r < len(col)]
    else:
        ops = [show(40, r, ln) for r, ln in enumerate(left)] + [show(310, r, ln) for r, ln in enumerate(right)]
    return b"\n".join(ops)


def write_pdf(path: Path, *, width: int = 95, lines_per_page: int = 60, columns: int = 1,
              interleave: bool = False) -> Path:
    """A real PDF (Helvetica, WinAnsi) of the seed text, wrapped like a typeset page.

    ``columns=2`` typesets two 50-character columns per page; ``interleave`` writes the content
    stream row by row across the columns, as some typesetters do.
    """
    s = seed()
    if columns == 2:
        width = 50
    text_lines: list[str] = []
    for line in [*s.body, s.heading]:
        text_lines += _wrap(line, width) or [""]
    for n, ref in enumerate(s.references, start=1):
        text_lines += _wrap(f"{n}. {ref}", width)
    per_page = lines_per_page * columns
    chunks = [text_lines[i : i + per_page] for i in range(0, len(text_lines), per_page)]
    pages: list = chunks if columns == 1 else [(c[:lines_per_page], c[lines_per_page:]) for c in chunks]
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    page_ids = []
    for page in pages:
        stream = zlib.compress(_page_stream(page, interleave))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_id)
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % len(page_ids)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
