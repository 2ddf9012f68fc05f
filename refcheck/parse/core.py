"""Orchestration: clean -> identifiers -> byline -> author-date year -> title -> locator -> rest.

Each step consumes a prefix (byline, year, title) or a located span (locator) of one cleaned
line, so the fields never overlap, and a step that finds nothing leaves its field ``None`` with a
note instead of guessing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from refcheck.model import Citation, Span
from refcheck.parse.authors import Byline, scan_byline
from refcheck.parse.clean import clean
from refcheck.parse.container import parse_book
from refcheck.parse.identifiers import Identifiers, take_identifiers
from refcheck.parse.layouts import acm_byline, fix_lower_initials
from refcheck.parse.locator import Locator, find_locator
from refcheck.parse.segments import (
    emphasised_at,
    quoted_title,
    split_title_container,
    strip_container,
    strip_title,
    take_suppl_tag,
    trailing_year,
)
from refcheck.styles.detect import detect_kind, detect_style, refine_ama
from refcheck.text.chars import YEAR
from refcheck.text.identifiers import normalize_doi
from refcheck.text.names import PARTICLES

_PAREN_YEAR = re.compile(
    rf"[\s.,:;]*\(\s?(?P<year>{YEAR})[a-z]?(?:\s?[,/]\s?[^()]{{0,25}}|\s(?:{YEAR}|[A-Z][a-z]+\.?(?:\s\d{{1,2}})?))?\s?\)"
    r"\s?(?P<dot>[.,:])?\s*"
)
_BARE_YEAR = re.compile(rf"[\s.,;]*(?P<year>{YEAR})[a-z]?(?P<dot>[.,:])?\s+")
# "(n.d.)", and APA's "(in press)" / "(forthcoming)" in the place of the year.
_NO_DATE = re.compile(r"[\s.,;]*(?:\(?\s?n\.\s?d\.\s?\)?|\((?:in press|forthcoming)\))\s?[.,]?\s*", re.I)
_SKIP = re.compile(r"[\s.,:;]*")
_ANY_YEAR = re.compile(rf"(?<![\d-])({YEAR})[a-z]?(?![\d])")
_MONTH_BEFORE_YEAR = re.compile(
    rf"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{{1,2}},?\s+)?{YEAR}\b"
)
_CHAPTER_MARK = re.compile(r"(?:[.?!]\s|\s)(?:In:|In\s(?=[A-Z\"“]\S*\s))")
_EDITORS_MARK = re.compile(r"\((?:[Ee]ds?|[Ee]ditors?)\.?\)|\b[Ee]ditors?\b|\bEdited by\b")
_TAIL_STATUS = re.compile(
    r"[\s.,;]*(?:\(?(?:in press|Epub ahead of print|ahead of print|forthcoming|accepted|submitted)\)?[\s.,;]*)+$",
    re.I,
)
_EDITORS_AS_AUTHORS = re.compile(r"\s?,?\s?(?:\(\s?[Ee]ds?\.?\s?\)|[Ee]ditors?\b|[Ee]ds?\.)")
_MEDIUM_TAG = re.compile(r"\s?\[(?:Preprint|Internet|Online|Epub ahead of print|serial online)\]", re.I)
_MONTH_IN_PAREN = re.compile(r",\s?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?")
_THESIS = re.compile(
    r"\[(?:dissertation|thesis|master'?s thesis|doctoral thesis)\]|\b(?:PhD|Ph\.D\.|Doctoral|Master'?s) (?:thesis|dissertation)\b",
    re.I,
)
_DOI_TIGHT = re.compile(r"\bdoi:10\.", re.I)


def _is_chapter(body: str, start: int, end: int) -> bool:
    """``In:`` before the locator, or ``In`` followed by an editors marker (not ``In J Obes``)."""
    m = _CHAPTER_MARK.search(body, start, end)
    if not m:
        return False
    return ":" in m.group(0) or bool(_EDITORS_MARK.search(body, m.end(), end))


def _author_year(body: str, byline: Byline) -> tuple[int | None, str | None, bool, int]:
    """The ``(2020).``/``2020.`` that author-date styles put right after the byline."""
    pos = byline.end
    m = _PAREN_YEAR.match(body, pos)
    if m:
        return int(m.group("year")), "paren", m.group("dot") == ".", m.end()
    if byline.authors or pos == 0:  # "2001. Title." / "———. 1788. Title.": author-less entries
        m = _BARE_YEAR.match(body, pos)
        if m and (m.group("dot") or byline.mode in ("I", "N") or byline.dotted):
            return int(m.group("year")), "bare", m.group("dot") == ".", m.end()
    m = _NO_DATE.match(body, pos)
    if m and "n" in m.group(0):
        return None, "paren", True, m.end()
    return None, None, False, pos


def _title_first(body: str, pos: int, bold: list[str]) -> tuple[str | None, int, bool]:
    """A title whose extent is marked in the source: bold (Markdown) or quotes."""
    if bold:
        hit = emphasised_at(body, pos, bold)
        if hit:
            return hit[0], hit[1], False
    q = quoted_title(body, pos)
    if q:
        return q[0], q[1], True
    return None, pos, False


def _fill_locator(cit: Citation, loc: Locator) -> None:
    cit.volume, cit.issue, cit.supplement = loc.volume, loc.issue, loc.supplement
    cit.pages, cit.first_page, cit.last_page = loc.pages, loc.first_page, loc.last_page
    if loc.year and cit.year is None:
        cit.year = loc.year
    cit.month = loc.month or cit.month


def _fallback_year(cit: Citation, body: str, start: int) -> None:
    if cit.year is not None:
        return
    years = _ANY_YEAR.findall(body, start)
    if years:
        cit.year = int(years[-1])
    else:
        cit.notes.append("no year found")


def _apply_identifiers(
    cit: Citation, entry_ids: dict[str, str], found: Identifiers, debris_ids: dict[str, str]
) -> None:
    """Printed identifiers first, then link debris, then what the extract stage recovered."""
    doi = found.doi or debris_ids.get("doi") or entry_ids.get("doi")
    cit.doi = normalize_doi(doi) if doi else None
    cit.pmid = found.pmid or debris_ids.get("pmid") or entry_ids.get("pmid")
    cit.pmcid = found.pmcid or entry_ids.get("pmcid")
    cit.url = found.url or entry_ids.get("url")
    cit.isbn = found.isbn or entry_ids.get("isbn")


@dataclass(slots=True)
class _Head:
    """What precedes the title: the byline, an author-date year, and where the title starts."""

    byline: Byline
    year_place: str | None
    year_dot: bool
    pos: int  # where the title starts
    title: str | None  # a title whose extent the source marked (bold, quotes)
    title_end: int
    quoted: bool


def _read_head(cit: Citation, body: str, bold: list[str]) -> _Head:
    byline = acm_byline(body) or scan_byline(fix_lower_initials(body))
    cit.authors, cit.et_al = byline.authors, byline.et_al
    if not byline.authors:
        cit.notes.append("no authors recognised")
    ed = _EDITORS_AS_AUTHORS.match(body, byline.end) if byline.authors else None
    if ed:
        # "Smith J, Roe P, editors. Book." -- the byline names the editors of a whole book.
        cit.editors, cit.authors = cit.authors, []
        byline.end = ed.end()
    year, year_place, year_dot, pos = _author_year(body, byline)
    cit.year = year
    if year_place == "paren":
        mm = _MONTH_IN_PAREN.search(body, byline.end, pos)
        cit.month = mm.group(1) if mm else None
    pos = _SKIP.match(body, pos).end()  # type: ignore[union-attr]
    title, title_end, quoted = _title_first(body, pos, bold)
    return _Head(byline, year_place, year_dot, pos, title, title_end, quoted)


def _fill_article(cit: Citation, body: str, head: _Head, loc: Locator, italic: list[str]) -> str:
    """Title/container around a journal locator; returns the raw text before the locator."""
    _fill_locator(cit, loc)
    if head.title is not None:
        container_raw = body[head.title_end : loc.start]
        cit.title, cit.container = strip_title(head.title), strip_container(container_raw)
    else:
        container_raw = body[head.pos : loc.start]
        comma_style = head.byline.mode == "N" and body[head.pos - 2 : head.pos].strip() == ","
        cit.title, cit.container = split_title_container(container_raw, italic, comma_style=comma_style)
    if cit.container:
        cont, y = trailing_year(cit.container)
        if y:
            cit.container = strip_container(cont)
            cit.year = cit.year or y
    return container_raw


def _fill_unlocated(
    cit: Citation, body: str, head: _Head, chapter_loc: Locator | None, italic: list[str]
) -> tuple[bool, bool]:
    """Books, chapters, and articles printed without volume/pages; returns (chapter, book)."""
    parts = parse_book(body[head.pos :] if head.title is None else body[head.title_end :])
    if head.title is not None:
        cit.title = strip_title(head.title)
        cit.container = parts.container or (parts.title if not parts.chapter else None)
    else:
        cit.title, cit.container = parts.title, parts.container
    cit.editors, cit.edition = cit.editors or parts.editors, parts.edition
    cit.publisher, cit.place = parts.publisher, parts.place
    cit.pages, cit.first_page, cit.last_page = parts.pages, parts.first_page, parts.last_page
    cit.year = cit.year or parts.year
    if chapter_loc is not None:
        cit.year = cit.year or chapter_loc.year
        if cit.pages is None:
            cit.pages, cit.first_page, cit.last_page = (
                chapter_loc.pages,
                chapter_loc.first_page,
                chapter_loc.last_page,
            )
    book = bool(parts.publisher or parts.place or parts.edition or cit.isbn)
    if not (parts.chapter or book):
        cit.notes.append("no journal locator (year;volume:pages) found")
        if head.title is None:
            _journal_without_locator(cit, body[head.pos :], italic)
    if cit.title is None and cit.container is not None and not parts.chapter:
        cit.title, cit.container = cit.container, None
    return parts.chapter, book


def _journal_without_locator(cit: Citation, rest: str, italic: list[str]) -> None:
    """``Title. Journal. 2005. In press``: the journal may still be there."""
    cut = max(0, len(rest) - 80)
    rest = rest[:cut] + _TAIL_STATUS.sub("", rest[cut:])
    rest, y = trailing_year(rest)
    cit.year = cit.year or y
    cit.title, cit.container = split_title_container(_MEDIUM_TAG.sub("", rest), italic)
    if cit.container:
        cont, y = trailing_year(cit.container)
        cit.container = strip_container(cont) if y else cit.container
        cit.year = cit.year or y


def _finish(
    cit: Citation, body: str, text: str, head: _Head, loc: Locator | None, container_raw: str | None
) -> str:
    """Last fixes (year/month fallbacks, ``[Suppl]`` tag); returns the detected style."""
    _fallback_year(cit, body, head.pos)
    if cit.month is None:
        m = _MONTH_BEFORE_YEAR.search(body, head.pos)
        if m and (not loc or m.start() >= loc.start - 20):
            cit.month = m.group(1)
    cit.title, had_suppl = take_suppl_tag(cit.title)
    if had_suppl and not cit.supplement:
        cit.supplement = "Suppl"
    if cit.title is None:
        cit.notes.append("no title found")
    full_given = any(a.given for a in cit.authors)
    style = detect_style(
        head.byline.mode,
        head.year_place,
        head.year_dot,
        loc.layout if loc else None,
        head.quoted,
        head.byline.ampersand,
        full_given,
    )
    journal_period = (container_raw or "").rstrip().endswith(".")
    return refine_ama(style, journal_period, cit.pages, bool(_DOI_TIGHT.search(text)))


# Bounds on the glued-references search, so a pathological string stays linear-ish: real
# glued entries are two or three references of a few lines each.
_MAX_GLUED = 3
_MAX_LINES = 12
_BARE_NUMBER = re.compile(r"(?:(\d{1,3})\s+(?=[A-Z])|[-—–_]{2,}\s?[.,]?\s*)")
_PAREN_YEAR_ANY = re.compile(rf"(?<!\w)\(\s?{YEAR}[a-z]?\s?\)")
_LINE_START = re.compile(r"\n[ \t]*(?=[^\W\d_])")
_FIRST_WORD = re.compile(r"\S+\s+")


def _drop_bare_number(cit: Citation, body: str) -> str:
    """``8 Belgado, B. S., ...`` / ``———. 1788. Title``: a list number printed without ``.``/``[]``
    (kept only when a byline follows it), or the dash that repeats the previous entry's authors."""
    m = _BARE_NUMBER.match(body)
    if m is None:
        return body
    if m.group(1) is None:
        cit.notes.append("authors repeated from the previous entry (dash)")
        return body[m.end() :]
    if cit.number is None and scan_byline(body[m.end() :]).authors:
        cit.number = int(m.group(1))
        return body[m.end() :]
    return body


def _glued_start(text: str) -> int | None:
    """Where a second author-date reference starts inside ``text``, if PDF extraction glued two.

    Evidence required: two ``(YYYY)`` years; a line that starts after the first one with a
    byline running exactly up to the second (``...Chicago\nVan Trump JE, Miller SL (1972) ...``);
    and no journal locator in the first part (a book or a truncated entry), so the locator,
    identifiers and title at the end belong to the second reference. When both parts are
    articles the string is left alone: which one was meant cannot be told.
    """
    years = list(_PAREN_YEAR_ANY.finditer(text))
    if len(years) < 2:
        return None
    for line in itertools.islice(_LINE_START.finditer(text, years[0].end()), _MAX_LINES):
        start = line.end()
        if start >= years[-1].start():
            break
        if _reaches_year(text[start : years[-1].end()]) is None:
            continue
        first = clean(text[:start]).text
        year = _PAREN_YEAR_ANY.search(first)
        if year is None or find_locator(first, year.end()):
            return None
        return _skip_tail_word(text, start)
    return None


def _reaches_year(text: str) -> Byline | None:
    sub = clean(text).text
    byline = scan_byline(sub)
    return byline if byline.authors and _PAREN_YEAR.match(sub, byline.end) else None


def _skip_tail_word(text: str, start: int) -> int:
    """``...Prentice-Hall, Engelwood\nCliffs\nKahneman D (1966)``: a line that ends a place name
    is not part of the next byline. A first word that is not a particle is dropped when the
    byline still reaches the year without it and the line before did not end a sentence."""
    if text[:start].rstrip().endswith((".", ")")):
        return start
    w = _FIRST_WORD.match(text, start)
    if not w or w.group(0).strip().lower() in PARTICLES or not text[w.end() : w.end() + 2].istitle():
        return start
    return w.end() if _reaches_year(text[w.end() :]) else start


def parse_reference(
    text: str,
    number: int | None = None,
    *,
    identifiers: dict[str, str] | None = None,
    span: Span | None = None,
) -> Citation:
    """Parse one reference string into a Citation (fields not found stay None)."""
    start = 0
    if "\n" in text and text.count("(") > 1:
        for _ in range(_MAX_GLUED):
            glued = _glued_start(text[start:])
            if glued is None:
                break
            start += glued
    if start == 0:
        return _parse(text, text, number, identifiers, span)
    if number is None:
        number = clean(text[:12]).number  # the list number printed before the first part
    cit = _parse(text[start:], text, number, identifiers, span)
    cit.notes.append("references glued together; parsed the last one")
    return cit


def _parse(
    part: str, text: str, number: int | None, identifiers: dict[str, str] | None, span: Span | None
) -> Citation:
    """Parse ``part`` (all of ``text`` unless references were glued together)."""
    c = clean(part)
    body, ids = take_identifiers(c.text)
    cit = Citation(text=text, number=number if number is not None else c.number, span=span or Span(1, 1))
    cit.notes.extend(c.notes + ids.notes)
    _apply_identifiers(cit, identifiers or {}, ids, c.identifiers)
    if not body.strip():
        cit.style, cit.kind = "unknown", "other"
        cit.notes.append("empty reference")
        return cit

    body = _drop_bare_number(cit, body)
    head = _read_head(cit, body, c.bold)
    loc = find_locator(body, max(head.title_end, head.pos + 1))
    chapter_loc = None
    if loc and _is_chapter(body, head.pos, loc.start):
        # "In: Editors, editors. Book. Place: Publisher; 2006:638-76" -- a chapter, not an article.
        chapter_loc, loc = loc, None
    container_raw = None
    chapter = book = False
    if loc:
        container_raw = _fill_article(cit, body, head, loc, c.italic)
    else:
        chapter, book = _fill_unlocated(cit, body, head, chapter_loc, c.italic)
    cit.style = _finish(cit, body, text, head, loc, container_raw)
    cit.kind = detect_kind(body, loc is not None, chapter, book, cit.url, cit.container)
    if loc is None and _THESIS.search(body):
        cit.kind = "other"
        cit.notes.append("thesis")
        if cit.title:
            cit.title = _THESIS.sub("", cit.title).strip() or None
    return cit
