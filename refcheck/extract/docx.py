"""Word (.docx) input: paragraphs to text lines, then the text extractor finds the list.

Two things Word hides from a naive ``paragraph.text``, both common in reference lists:

* **automatic numbering**: the "1." of a numbered list is not in the text but computed from
  ``w:numPr`` (numId, ilvl) and the numbering part's level definitions (start, format, lvlText);
  we count per list and level and write the number into the line;
* **reference-manager fields** (Zotero ``ADDIN ZOTERO_BIBL``, EndNote ``ADDIN EN.REFLIST``,
  Mendeley content controls): the field *instruction* (``w:instrText``, often a JSON blob) is
  skipped and the displayed *result* text is kept; paragraphs inside block-level content
  controls (``w:sdt``) are included, which ``Document.paragraphs`` misses.

Each paragraph becomes one line, so a finding's line number is the paragraph number.

A body without a reference list may keep it as Word **endnotes** or **footnotes** (numbered
notes used as Vancouver references): then the notes, numbered in the order of their marks in
the body, are appended after the body under a "References" heading and read like a typed list.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from refcheck.errors import InputError
from refcheck.extract.limits import check_zip
from refcheck.model import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{W}instrText", f"{W}delText", f"{W}del", f"{W}rPr", f"{W}pPr", f"{W}fldData"}
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _attr(el: Any, name: str) -> str | None:
    return None if el is None else el.get(f"{W}{name}")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Counters for Word's automatic list numbering (``numbering.xml``)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, numbering_el: Any) -> Numbering:
        """Read abstract definitions and num instances (with their start overrides)."""
        out = cls()
        if numbering_el is None:
            return out
        abstract: dict[str, dict[int, _Level]] = {}
        for absn in numbering_el.iter(f"{W}abstractNum"):
            abstract[_attr(absn, "abstractNumId") or ""] = {
                int(_attr(lvl, "ilvl") or 0): _read_level(lvl) for lvl in absn.iter(f"{W}lvl")
            }
        for num in numbering_el.iter(f"{W}num"):
            abs_id = _attr(num.find(f"{W}abstractNumId"), "val") or ""
            levels = {k: _Level(v.start, v.fmt, v.text) for k, v in abstract.get(abs_id, {}).items()}
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(_attr(override, "ilvl") or 0)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    levels[ilvl] = _read_level(lvl)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    levels.setdefault(ilvl, _Level()).start = int(_attr(start, "val") or 1)
            out.levels[_attr(num, "numId") or ""] = levels
        return out

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (list, level) and return the rendered label ('3.', '[3]')."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return None
        level = levels.get(ilvl, _Level())
        if level.fmt in ("bullet", "none"):
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts its sub-levels

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            return _format(counters.get(k, lvl.start), lvl.fmt)

        return re.sub(r"%(\d)", render, level.text)


def _read_level(lvl: Any) -> _Level:
    return _Level(
        start=int(_attr(lvl.find(f"{W}start"), "val") or 1),
        fmt=_attr(lvl.find(f"{W}numFmt"), "val") or "decimal",
        text=_attr(lvl.find(f"{W}lvlText"), "val") or "%1.",
    )


def _style_numpr(styles_el: Any) -> dict[str, tuple[str, int]]:
    """Style id -> (numId, ilvl) for paragraph styles that number their paragraphs (List Number)."""
    if styles_el is None:
        return {}
    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    for style in styles_el.iter(f"{W}style"):
        sid = _attr(style, "styleId") or ""
        numpr = style.find(f"{W}pPr/{W}numPr")
        num_id = _attr(numpr.find(f"{W}numId"), "val") if numpr is not None else None
        ilvl = _attr(numpr.find(f"{W}ilvl"), "val") if numpr is not None else None
        raw[sid] = (num_id, int(ilvl) if ilvl else None, _attr(style.find(f"{W}basedOn"), "val"))
    out: dict[str, tuple[str, int]] = {}
    for sid in raw:
        seen, cur = set(), sid
        while cur in raw and cur not in seen:  # follow basedOn until a style defines numbering
            seen.add(cur)
            num_id, level, based = raw[cur]
            if num_id:
                out[sid] = (num_id, level or 0)
                break
            cur = based or ""
    return out


def paragraph_text(p: Any) -> str:
    """Visible text of one w:p: runs, hyperlinks, field results; not instructions or deletions."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}p":
                continue  # a nested paragraph (text box) is its own line
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _open(data: bytes) -> Any:
    """The python-docx Document of ``data``; a damaged or non-Word package is a one-line InputError."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputError(f"python-docx is needed to read .docx files: {exc}") from None
    check_zip(data, "the .docx package")  # a zip bomb is refused before python-docx inflates it
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a Word .docx file ({exc})") from None
    except Exception as exc:  # zipfile.BadZipFile and lxml errors from damaged packages
        raise InputError(f"cannot read the .docx file ({type(exc).__name__}: {exc})") from None


def _body_lines(document: Any) -> list[str]:
    """One line per body paragraph (tables, content controls too), automatic numbers written in."""
    part = document.part
    try:
        numbering = Numbering.from_part(part.numbering_part.element)
    except (NotImplementedError, KeyError):
        numbering = Numbering()
    style_numbers = _style_numpr(document.styles.element)
    lines: list[str] = []
    body = document.element.body
    for p in body.iter(f"{W}p"):
        text = paragraph_text(p)
        label = _auto_label(p, numbering, style_numbers)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        lines.extend(text.split("\n") if "\n" in text else [text])
    return lines


def docx_lines(data: bytes) -> list[str]:
    """One line per paragraph (body, tables, content controls) with automatic numbers written in."""
    return _body_lines(_open(data))


def _auto_label(p: Any, numbering: Numbering, style_numbers: dict[str, tuple[str, int]]) -> str | None:
    """The automatic number of a paragraph, from its own numPr or its style's."""
    ppr = p.find(f"{W}pPr")
    numpr = ppr.find(f"{W}numPr") if ppr is not None else None
    num_id: str | None = None
    ilvl = 0
    if numpr is not None:
        num_id = _attr(numpr.find(f"{W}numId"), "val")
        ilvl = int(_attr(numpr.find(f"{W}ilvl"), "val") or 0)
    if num_id is None and ppr is not None:
        style = _attr(ppr.find(f"{W}pStyle"), "val")
        if style in style_numbers:
            num_id, ilvl = style_numbers[style]
    return numbering.label(num_id, ilvl) if num_id else None


# --- endnotes and footnotes -------------------------------------------------------------------------
# Many Word manuscripts keep the Vancouver list as numbered endnotes (or footnotes): the body then
# has no list at all, only reference marks, and the entries live in word/endnotes.xml.

_NOTE_KINDS = ("endnote", "footnote")  # endnotes first: they are the usual home of a reference list
_SEPARATOR_TYPES = {"separator", "continuationSeparator", "continuationNotice"}


@dataclass
class Notes:
    """The numbered notes of one kind, plus what went wrong reading them (for the report)."""

    kind: str  # "endnote" | "footnote"
    texts: list[tuple[int, str]] = field(default_factory=list)  # (displayed number, text); empty notes left out
    problems: list[str] = field(default_factory=list)


def _note_part_xml(document: Any, kind: str) -> bytes | None:
    """The raw XML of the endnotes/footnotes part, found through the main document's relationships."""
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(f"/{kind}s"):
            continue
        try:
            return bytes(rel.target_part.blob)
        except Exception:  # a dangling or unreadable target: treat as absent
            return None
    return None


def _mark_order(document: Any, kind: str) -> tuple[list[str], set[str]]:
    """Note ids in the order their reference marks first appear in the body (Word's numbering
    order), and the ids whose only marks are tracked deletions (notes the author removed)."""
    order: list[str] = []
    seen: set[str] = set()
    deleted: set[str] = set()
    for ref in document.element.body.iter(f"{W}{kind}Reference"):
        note_id = _attr(ref, "id")
        if note_id is None or note_id in seen:
            continue
        if any(a.tag == f"{W}del" for a in ref.iterancestors()):
            deleted.add(note_id)
        else:
            seen.add(note_id)
            order.append(note_id)
    return order, deleted - seen


def read_notes(document: Any, kind: str) -> Notes:
    """The endnotes or footnotes of ``document``, numbered as Word displays them.

    Word numbers notes by the order of their marks in the body, not by their id or their place in
    the part, so that order is used; notes without a mark follow in part order, and notes whose
    mark is a tracked deletion are left out (Word drops them on accepting). Separator notes
    (the rule above the notes) are layout, not notes. An empty note gives no entry (``texts``
    keeps Word's numbers, so the gap is visible). A damaged part is reported, never raised: the
    body may still be usable.
    """
    out = Notes(kind)
    raw = _note_part_xml(document, kind)
    if raw is None:
        return out
    try:
        from docx.oxml import parse_xml

        root = parse_xml(raw)
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
        out.problems.append(f"the {kind}s part could not be read ({type(exc).__name__}); {kind}s ignored")
        return out
    notes: dict[str, str] = {}
    for note in root.iter(f"{W}{kind}"):
        note_id = _attr(note, "id")
        if note_id is None or _attr(note, "type") in _SEPARATOR_TYPES or note_id in notes:
            continue
        paragraphs = [" ".join(paragraph_text(p).split()) for p in note.iter(f"{W}p")]
        notes[note_id] = " ".join(t for t in paragraphs if t)
    marks, deleted = _mark_order(document, kind)
    order = [i for i in marks if i in notes]
    marked = set(order)
    order += [i for i in notes if i not in marked and i not in deleted]
    out.texts = [(n, notes[i]) for n, i in enumerate(order, start=1) if notes[i]]
    return out


def _with_notes(body: list[str], notes: Notes) -> list[str]:
    """Body lines, a 'References' heading and one typed-number line per note, for the text extractor.

    Numbers run on consecutively: the text splitter reads a gap in the numbering ('1.', '3.') as
    one entry containing '3.', so an empty note's number is not kept (``_empty_note`` says so).
    """
    return [*body, "", "References", *(f"{n}. {text}" for n, (_, text) in enumerate(notes.texts, start=1))]


def _empty_note(notes: Notes) -> str | None:
    """The report note for empty notes, which shift the numbers of the notes after them."""
    empty = sorted(set(range(1, notes.texts[-1][0] + 1)) - {n for n, _ in notes.texts}) if notes.texts else []
    if not empty:
        return None
    listed = ", ".join(map(str, empty[:5])) + (", ..." if len(empty) > 5 else "")
    return (f"empty {notes.kind} {listed} skipped: the references after it are numbered "
            f"lower than Word shows them")


def extract(path: str, data: bytes) -> Document:
    """A Word manuscript: paragraph lines handed to the text extractor, format 'docx'.

    When the body holds no reference list, the list is read from the endnotes (else footnotes),
    which is how Word users often keep Vancouver references. The body list always wins: a paper
    may have explanatory footnotes *and* a typed reference list.
    """
    from refcheck.extract.text import extract_text

    try:
        document = _open(data)
        lines = _body_lines(document)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    doc = extract_text("\n".join(lines), path)
    if not doc.entries:
        from_notes, problems = _from_notes(document, lines, path)
        doc = from_notes or doc
        doc.notes.extend(problems)
    doc.format = "docx"
    doc.encoding = None
    return doc


REFERENCE_NOTE_SHARE = 0.6  # at least this share of the notes must read as references


def notes_are_references(notes: Notes) -> bool:
    """Whether the notes are a reference list rather than explanations ("Data from the Ministry of
    Health, Annual Report 2019, Table 3"; "personal communication").

    A note reads as a reference when it carries a DOI or PMID, or when the parser finds a year,
    a byline or title, and a place of publication (journal, publisher, volume or pages). A
    document whose footnotes merely explain must not have them checked as references: online
    they would come back "not found" and a pre-commit hook would fail on an ordinary paper.
    """
    from refcheck.parse import parse_reference

    def looks_cited(text: str) -> bool:
        c = parse_reference(text)
        if c.doi or c.pmid:
            return True
        where = c.container or c.publisher or c.volume or c.pages
        return bool(c.year and (c.authors or c.title) and where)

    texts = [t for _, t in notes.texts]
    return sum(looks_cited(t) for t in texts) >= REFERENCE_NOTE_SHARE * len(texts)


def _from_notes(document: Any, body: list[str], path: str) -> tuple[Document | None, list[str]]:
    """The document re-extracted with its endnotes (else footnotes) as the list, or None; and problems.

    Problems (a damaged notes part) are returned, not raised, so that they reach the report or the
    "no reference list" message instead of hiding the body behind an error.
    """
    from refcheck.extract.text import extract_text

    problems: list[str] = []
    for kind in _NOTE_KINDS:
        notes = read_notes(document, kind)
        problems += notes.problems
        if not notes.texts:
            continue
        if not notes_are_references(notes):
            problems.append(f"{len(notes.texts)} {kind}s found, but most do not read as references: "
                            f"not taken as the reference list")
            continue
        doc = extract_text("\n".join(_with_notes(body, notes)), path)
        if doc.entries:
            doc.notes.insert(0, f"reference list read from the document's {kind}s ({len(notes.texts)} "
                                f"{kind}s; their line numbers count on after the body's paragraphs)")
            empty = _empty_note(notes)
            if empty:
                doc.notes.insert(1, empty)
            return doc, problems
    return None, problems
