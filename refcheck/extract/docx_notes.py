"""Word endnotes and footnotes as the reference list, when the body has none.

Many Word manuscripts keep the Vancouver list as numbered endnotes (or footnotes): the body then
has no list at all, only reference marks, and the entries live in ``word/endnotes.xml``. The
notes, numbered in the order of their marks in the body, are appended after the body under a
"References" heading and read like a typed list (:func:`from_notes`), but only when most of them
read as references (:func:`notes_are_references`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from refcheck.extract.docx_body import W, attr, paragraph_text
from refcheck.model import Document

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
        note_id = attr(ref, "id")
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
        note_id = attr(note, "id")
        if note_id is None or attr(note, "type") in _SEPARATOR_TYPES or note_id in notes:
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


def from_notes(document: Any, body: list[str], path: str) -> tuple[Document | None, list[str]]:
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
