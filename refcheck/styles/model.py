"""What a style is (its defaults and forms) and the reference view every renderer reads.

A renderer never sees a :class:`Work` or a :class:`Citation` directly: both are first turned into
one :class:`Ref`, so a style is written once for registry records and parsed references alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from refcheck.model import Author, Citation, Work
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EN_DASH = "\u2013"
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_KINDS = {
    "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
    "book-chapter": "chapter", "book-section": "chapter", "book-part": "chapter",
    "proceedings-article": "conference", "posted-content": "preprint",
}


@dataclass(frozen=True, slots=True)
class StyleRules:
    """The knobs a caller may override; ``et_al_after`` authors or fewer are all listed."""

    et_al_after: int
    et_al_keep: int
    doi: bool
    abbreviate: bool
    dash: str


@dataclass(frozen=True, slots=True)
class NameForm:
    """How one author prints: NLM ``Holland JF``, or dotted ``Holland, J. F.`` / ``J. F. Holland``."""

    dotted: bool = True  # "J. F." rather than NLM's "JF" (NLM also prints "Jr" without its period)
    initials_first: bool = False  # "J. F. Holland" (IEEE)
    spaced: bool = True  # "J. F." rather than Harvard's "J.F."
    suffix_comma: bool = False  # "Holland, J. F., Jr." (APA, Harvard)


@dataclass(frozen=True, slots=True)
class Style:
    """One citation style: its defaults, its name form and the function that lays a reference out."""

    name: str
    rules: StyleRules
    names: NameForm
    render: Callable[[Ref, Opts], str]
    elide: bool = False  # NLM page elision: 728-34
    dotted_journal: bool = False  # ISO periods on an abbreviation: Mod. Pathol.
    sentence_case: bool = False  # article titles in sentence case, whatever case the registry holds
    label: str = "{}. "  # the number prefix ("[{}] " for IEEE)

    def numbered(self, number: int, body: str) -> str:
        """``1. body`` (``[1] body`` in IEEE): a reference with its list number."""
        return self.label.format(number) + body


@dataclass(frozen=True, slots=True)
class Opts:
    """The style with the caller's overrides applied."""

    style: Style
    et_al_after: int
    et_al_keep: int
    doi: bool
    pmid: bool
    abbreviate: bool
    dash: str


@dataclass(slots=True)
class Ref:
    """The fields a style needs, taken from either a Work or a Citation."""

    kind: str = "article"
    authors: list[Author] = field(default_factory=list)
    truncated: bool = False  # the source list itself ends with "et al."
    title: str | None = None
    journal: str | None = None  # full title
    journal_abbrev: str | None = None  # NLM / short title, no periods
    journal_iso: str | None = None  # ISO 4 with periods ("Mod. Pathol."), when known
    year: int | None = None
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    editors: list[Author] = field(default_factory=list)
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None


def _clean(text: str | None) -> str | None:
    """Strip markup (Crossref JATS ``<i>``), collapse whitespace; None for empty."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", _TAG.sub("", text)).strip()
    return text or None


def _month_number(month: str | int | None) -> int | None:
    if month is None:
        return None
    if isinstance(month, int):
        return month if 1 <= month <= 12 else None
    text = month.strip()[:3].title()
    if text.isdigit():
        return _month_number(int(text))
    return MONTHS.index(text) + 1 if text in MONTHS else None


def from_work(work: Work) -> Ref:
    """A registry record as a style reads it: ISO and NLM abbreviations apart, the registered range."""
    abbrevs = [a for a in work.container_abbrevs if a]
    iso = next((a for a in abbrevs if "." in a), None)
    nlm = next((a for a in abbrevs if "." not in a), None)
    if nlm is None and iso is not None:
        nlm = iso.replace(".", "")
    first, last = work.first_page, work.last_page
    if work.pages and (not first or not last):  # the registered range, not a first page alone
        r_first, r_last = expand_pages(re.split(r"\s*[,;]\s*", work.pages.strip())[0])
        if r_first and (not first or r_first == first):
            first, last = r_first, last or r_last
    if not first and work.article_number:
        first = work.article_number
    return Ref(
        kind=_KINDS.get(work.type or "", "article"),
        authors=list(work.authors),
        truncated=not work.authors_complete,
        title=_clean(work.title),
        journal=_clean(work.container),
        journal_abbrev=_clean(nlm),
        journal_iso=_clean(iso),
        year=work.year,
        month=work.month,
        volume=work.volume,
        issue=work.issue,
        first_page=first,
        last_page=last if last != first else None,
        doi=normalize_doi(work.doi) or work.doi,
        pmid=work.pmid,
        editors=list(work.editors),
        publisher=work.publisher,
        url=work.url,
    )


def from_citation(cit: Citation) -> Ref:
    """A parsed reference as a style reads it: the supplement joins the issue (``4 Suppl 2``)."""
    first, last = cit.first_page, cit.last_page
    if not first and cit.pages:
        first, last = expand_pages(cit.pages)
    issue = cit.issue
    if cit.supplement:
        supp = cit.supplement if cit.supplement.lower().startswith("suppl") else f"Suppl {cit.supplement}"
        issue = f"{issue} {supp}" if issue else supp
    return Ref(
        kind=cit.kind,
        authors=list(cit.authors),
        truncated=cit.et_al,
        title=_clean(cit.title),
        journal=_clean(cit.container),
        journal_abbrev=_clean(cit.container),
        year=cit.year,
        month=_month_number(cit.month),
        volume=cit.volume,
        issue=issue,
        first_page=first,
        last_page=last if last != first else None,
        doi=normalize_doi(cit.doi) or cit.doi,
        pmid=cit.pmid,
        editors=list(cit.editors),
        edition=cit.edition,
        publisher=cit.publisher,
        place=cit.place,
        url=cit.url,
    )
