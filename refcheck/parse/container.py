"""Books and chapters: ``In: editors, editors. Book. 2nd ed. Place: Publisher; Year. p. 1-9``.

Used only when no journal locator was found. Vancouver (``In:``/``editors.``), APA
(``In A. Editor (Eds.), Book (pp. 1-9). Publisher.``), Harvard (``(ed.)``, ``edn``) and Chicago
(``Place: Publisher, Year``) layouts share the same few markers, so each is read by its own small
pattern rather than one grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refcheck.model import Author
from refcheck.parse.authors import scan_byline
from refcheck.parse.segments import strip_container, strip_title
from refcheck.text.chars import YEAR
from refcheck.text.pages import expand_pages

_IN = re.compile(r"(?:^|(?<=[.,?!])\s)(?:[Ii]n\s?:\s?|In\s+(?=[A-Z\"“]))")
_EDITORS_WORD = re.compile(r"\s?,?\s?\(?\b(?:editors?|eds?|Hrsg|éd[s]?)\b\.?\)?[.,:]?\s*", re.I)
_EDITION = re.compile(
    r"\(?\b(\d{1,2}(?:st|nd|rd|th|\.[ªa]?|e|ème)?|[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth|"
    r"[Ss]eventh|[Ee]ighth|[Nn]inth|[Tt]enth|[Rr]ev(?:ised)?|[Nn]ew)\s?(?:ed|edn|edition|Aufl)\b\.?\)?",
)
_PAGES = re.compile(r"\(?\b[Pp]p?\.\s?([A-Za-z]{0,3}\d{1,6}(?:\s?[-–—]\s?[A-Za-z]{0,3}\d{1,6})?)\)?")
_PLACE_PUB = re.compile(
    rf"(?:^|(?<=[.,)])\s)(?P<place>(?:St\.\s?)?[A-Z][^.:;()]{{1,45}}?(?:\s\([A-Z][A-Za-z.]{{1,5}}\))?)\s?:\s?(?P<pub>[^.;:()]{{2,100}}?)\s?"
    rf"(?=[;,.]\s?(?:c\s?)?{YEAR}|[.]?\s*$|\(\s?{YEAR})"
)
# Chicago notes style keeps the imprint in parentheses: "Title (Berkeley, CA: UC Press, 1959)".
_PAREN_IMPRINT = re.compile(
    rf"\((?P<place>[A-Z][^():;]{{1,45}}?)\s?:\s?(?P<pub>[^():;]{{2,100}}?),\s?(?:c\s?)?(?P<year>{YEAR})[a-z]?\)"
)
_PUBLISHER_WORD = re.compile(
    r"\b(?:Press|Publish\w*|Verlag|Wiley|Springer|Elsevier|Saunders|Mosby|Lippincott|Blackwell|Routledge|"
    r"Academic|Books|Edition[s]?|Medical|Raven|Karger|Thieme|Oxford|Cambridge|Macmillan|McGraw|Norton|"
    r"Sage|CRC|Taylor|Harper|Penguin|Ltd|Inc|LLC|Co\.|Company|House)\b"
)
_YEAR = re.compile(rf"\b({YEAR})[a-z]?\b")
_SENTENCE = re.compile(r"(?<=[^\s.])[.?!](?=\s|$)|\s\((?=pp?\.|\d+(?:st|nd|rd|th)|[Ee]ds?\.?\))")
_CONF = re.compile(
    r"\b(?:Proceedings|Proc\.|Conference|Symposium|Congress|Meeting|Workshop|Colloquium|Summit)\b"
)


@dataclass(slots=True)
class BookParts:
    title: str | None = None
    container: str | None = None
    editors: list[Author] = field(default_factory=list)
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None
    pages: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    year: int | None = None
    chapter: bool = False
    conference: bool = False


def _first_sentence(text: str) -> tuple[str, str]:
    m = _SENTENCE.search(text)
    if not m:
        return text, ""
    cut = m.start() + (1 if text[m.start()] in "?!" else 0)
    return text[:cut], text[m.end() :]


_HOLE = re.compile(r"\s+(?=[.,;])|(?<=[.,;])\s*[.,;](?=\s|$)")


def _tidy(text: str) -> str:
    """Close the holes left by cutting a field out (``sciences . Hillsdale`` -> ``sciences. Hillsdale``)."""
    return _HOLE.sub("", " ".join(text.split())).strip()


def _take(rx: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    m = rx.search(text)
    if not m:
        return None, text
    return m, _tidy(text[: m.start()] + " " + text[m.end() :])


def _editors(after_in: str) -> tuple[list[Author], str]:
    """Editors after ``In:`` when an ``editors``/``(Eds.)`` word follows them; else none."""
    byline = scan_byline(after_in)
    if not byline.authors:
        return [], after_in
    w = _EDITORS_WORD.match(after_in, byline.end)
    if not w:
        return [], after_in
    return byline.authors, after_in[w.end() :]


def parse_book(rest: str) -> BookParts:
    """Fields of a book or chapter from the text after the byline (and author-date year)."""
    out = BookParts()
    m, rest = _take(_PAREN_IMPRINT, rest)
    if m:
        out.place, out.publisher = m.group("place").strip(), m.group("pub").strip()
        out.year = int(m.group("year"))
    m, rest = _take(_PAGES, rest)
    if m:
        out.pages = m.group(1)
        out.first_page, out.last_page = expand_pages(out.pages)
    m, rest = _take(_EDITION, rest)
    if m:
        out.edition = m.group(1)
    years = _YEAR.findall(rest)
    if years and out.year is None:
        out.year = int(years[-1])
    inm = _IN.search(rest)
    if inm and inm.start() > 0:
        out.chapter = True
        out.title = strip_title(rest[: inm.start()])
        editors, book = _editors(rest[inm.end() :])
        out.editors = editors
        container, tail = _first_sentence(book)
        out.container = strip_container(container)
    else:
        title, tail = _first_sentence(rest)
        out.title = strip_title(title)
    tail = tail.strip()
    pp = None if out.publisher else _PLACE_PUB.search(tail)
    if out.publisher:
        pass
    elif pp:
        out.place = pp.group("place").strip(" ,")
        out.publisher = pp.group("pub").strip(" ,")
    else:
        for seg in re.split(r"[.;]\s", tail):
            if _PUBLISHER_WORD.search(seg):
                out.publisher = _YEAR.sub("", seg).strip(" ,.;()") or None
                break
    out.conference = bool(_CONF.search(out.container or "") or _CONF.search(tail[:200]))
    return out
