"""Which library entry each reference of a manuscript is, for ``export --manuscript``.

Every reference of the manuscript's list gets a row, in the list's order and with the
manuscript's own number, whether or not the library holds it: a reference the library lacks
is reported, never silently dropped or renumbered. Matching is offline and tolerant of the
errors a manuscript has (that is why it is being checked): the same DOI or PMID; else the
de-duplication identity (first author, year, near-identical title); else the same first
author (a typo allowed) and year with a close title; else the same volume and first page with
a year at most one off (the locator identifies an article whatever its title and byline say).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bibtexparser.model import Entry
from rapidfuzz import fuzz

from refcheck.library.convert import entry_to_work
from refcheck.library.dedupe import Identity, strip_notice_prefix
from refcheck.model import Citation, Work
from refcheck.text.fold import fold, key
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages, same_page

# A parsed manuscript title is looser than a registered one (a subtitle cut, a typo).
LOOSE_TITLE_SIMILARITY = 85.0
# A misspelt first author is still the same person when the rest agrees.
AUTHOR_SIMILARITY = 80.0


@dataclass(slots=True)
class CitedRow:
    """One reference of the manuscript: its number, its text, and the library entry (or None)."""

    number: int
    text: str
    entry: Entry | None


def _identity(c: Citation) -> Identity:
    first = c.authors[0] if c.authors else None
    family = (first.family or first.group or "") if first else ""
    return Identity(doi=normalize_doi(c.doi), pmid=c.pmid, author=fold(family), year=str(c.year or ""),
                    title=key(strip_notice_prefix(c.title or "")))


def _close(entry: Identity, cited: Identity) -> bool:
    return bool(entry.title and cited.title and entry.author and cited.author and entry.year == cited.year
                and fuzz.ratio(entry.author, cited.author) >= AUTHOR_SIMILARITY
                and fuzz.token_set_ratio(entry.title, cited.title) >= LOOSE_TITLE_SIMILARITY)


def _same_locator(work: Work, c: Citation) -> bool:
    first = c.first_page or expand_pages(c.pages)[0]
    return bool(work.volume and c.volume and fold(work.volume) == fold(c.volume) and first
                and same_page(work.first_page or expand_pages(work.pages)[0], first)
                and work.year and c.year and abs(work.year - c.year) <= 1)


def _find(c: Citation, candidates: Sequence[tuple[Entry, Identity, Work]]) -> Entry | None:
    cited = _identity(c)
    for test in (lambda i, _w: i.same_work(cited),
                 lambda i, _w: not (cited.doi or cited.pmid) and _close(i, cited),
                 lambda _i, w: _same_locator(w, c)):
        hits = [e for e, ident, work in candidates if test(ident, work)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None  # two entries fit equally: ambiguous, reported rather than guessed
    return None


def cited_rows(entries: Sequence[Entry], citations: Sequence[Citation]) -> list[CitedRow]:
    """One row per reference of the list, in its order, numbered as the manuscript numbers it."""
    candidates = [(e, Identity.of(e), entry_to_work(e)) for e in entries]
    return [CitedRow(c.number if c.number is not None else i + 1, c.text, _find(c, candidates))
            for i, c in enumerate(citations)]
