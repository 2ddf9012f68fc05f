"""Profiles: a citation's and a registry record's fields folded once, before any comparison.

Validating five candidates per reference must cost a few ``rapidfuzz`` calls (the mirror target
is >= 200 references/s), so titles, surnames, pages and volumes are folded here once per
citation and once per record; :mod:`refcheck.match.validate` only compares the folded forms.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from refcheck.match.kinds import citation_kind, work_kind
from refcheck.model import Author, Citation, Work
from refcheck.text.fold import fold, key
from refcheck.text.names import PARTICLES, name_variants
from refcheck.text.pages import expand_pages

_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# Crossref prefixes the retracted *article* with "RETRACTED:"; "Retraction: X" is the notice (kept).
_RETRACTED = re.compile(r"^\s*(retracted|withdrawn)\s*(article)?\s*[:.\-]\s*", re.IGNORECASE)
_NUM = re.compile(r"\d+")
_VOL_WORD = re.compile(r"^(?:vol(?:ume)?|no|issue)\s+")
# Words that make a title another item than the article it repeats ("X—Reply", "Correction: X").
MARKERS = frozenset(["reply", "replies", "response", "erratum", "errata", "correction", "corrigendum",
                      "retraction", "comment", "commentary", "editorial"])
_ROMAN = re.compile(r"\b(?:i{1,3}|iv|v|vi{1,3}|ix|x)\b")


def _title_key(text: str | None) -> str:
    """Folded title without markup (also HTML-escaped markup) and without the 'RETRACTED:' prefix."""
    if not text:
        return ""
    text = _RETRACTED.sub("", _TAG.sub(" ", html.unescape(text)))  # registries deposit "&lt;p&gt;"
    return key(text)


def _numbers(title_key: str) -> frozenset[str]:
    """Numbers (arabic and short roman) and item markers inside a title.

    They name parts, cases and trials, or make the item a reply/correction of the article it
    repeats: titles that differ in them are different items however similar the rest is.
    """
    nums = set(_NUM.findall(title_key))
    nums.update(m.group(0) for m in _ROMAN.finditer(title_key) if m.group(0) not in {"i", "v", "x"})
    nums.update(w for w in title_key.split() if w in MARKERS)
    return frozenset(nums)


def _surname_forms(name: str | None) -> frozenset[str]:
    """Comparable forms of a surname: whole (no spaces), particles dropped, last token, umlaut variants.

    Particles are dropped on both sides (field notes §5 "Particles"), but 1-3 letter surnames
    are never treated as particles.
    """
    if not name:
        return frozenset()
    forms: set[str] = set()
    for variant in name_variants(name):
        toks = key(variant).split()
        if not toks:
            continue
        forms.add("".join(toks))
        core = [t for t in toks if t not in PARTICLES] or toks
        forms.add("".join(core))
        forms.add(toks[-1])
    return frozenset(f for f in forms if f)


def _author_family(author: Author) -> str | None:
    return author.family or author.group


def _page_span(pages: str | None) -> tuple[str, ...]:
    """Every page bound of a printed range list, elision undone: '1-3, 9' -> ('1', '3', '9')."""
    if not pages:
        return ()
    out: list[str] = []
    for segment in re.split(r"[,;]", pages):
        first, last = expand_pages(segment.strip())
        out.extend(fold(p) for p in (first, last) if p)
    return tuple(out)


def _volume_key(value: str | None) -> str | None:
    if not value:
        return None
    k = _VOL_WORD.sub("", key(value))  # "Volume 13" is deposited as the volume itself
    return k.replace(" ", "") or None


@dataclass(slots=True)
class CitationProfile:
    """Pre-folded fields of a citation (computed once, reused for every candidate)."""

    citation: Citation
    title: str
    title_numbers: frozenset[str]
    text: str
    first_author: frozenset[str]
    authors: list[frozenset[str]]
    year: int | None
    volume: str | None
    first_page: str | None
    journal: str
    text_numbers: frozenset[str]
    issue: str | None
    page_span: tuple[str, ...]
    kind: str = "unknown"  # refcheck.match.kinds: article | preprint | notice | unknown


@dataclass(slots=True)
class WorkProfile:
    """Pre-folded fields of a registry record."""

    work: Work
    titles: list[str]
    title_numbers: frozenset[str]
    authors: list[frozenset[str]]
    years: frozenset[int]
    volume: str | None
    pages: tuple[str, ...]
    journals: list[str]
    issue: str | None
    page_span: tuple[str, ...]
    kind: str = "article"  # refcheck.match.kinds: article | preprint | notice


def profile_citation(citation: Citation) -> CitationProfile:
    """Fold a citation's fields once."""
    title = _title_key(citation.title)
    text = key(citation.text or "")
    authors = [_surname_forms(_author_family(a)) for a in citation.authors]
    authors = [a for a in authors if a]
    first_page = citation.first_page
    if not first_page and citation.pages:
        first_page = expand_pages(citation.pages)[0]
    return CitationProfile(
        citation=citation,
        title=title,
        title_numbers=_numbers(title),
        text=text,
        first_author=authors[0] if authors else frozenset(),
        authors=authors,
        year=citation.year,
        volume=_volume_key(citation.volume),
        first_page=first_page,
        journal=key(citation.container or ""),
        text_numbers=frozenset(_NUM.findall(text)),
        issue=_volume_key(citation.issue),
        page_span=_page_span(citation.pages),
        kind=citation_kind(citation),
    )


def profile_work(work: Work) -> WorkProfile:
    """Fold a record's fields once."""
    titles: list[str] = []
    for text in [work.title, *work.titles]:
        k = _title_key(text)
        if k and k not in titles:
            titles.append(k)
    if work.title and work.subtitle:
        k = _title_key(f"{work.title} {work.subtitle}")
        if k not in titles:
            titles.append(k)
    years = {y for y in (work.year, work.year_print, work.year_online) if y}
    pages: list[str] = []
    first = work.first_page or expand_pages(work.pages)[0]
    for p in (first, work.article_number):
        if p and p not in pages:
            pages.append(p)
    journals = [k for k in (key(j) for j in [work.container or "", *work.container_abbrevs]) if k]
    return WorkProfile(
        work=work,
        titles=titles,
        title_numbers=_numbers(titles[0]) if titles else frozenset(),
        authors=[f for f in (_surname_forms(_author_family(a)) for a in work.authors) if f],
        years=frozenset(years),
        volume=_volume_key(work.volume),
        pages=tuple(pages),
        journals=journals,
        issue=_volume_key(work.issue),
        page_span=_page_span(work.pages),
        kind=work_kind(work),
    )
