"""Which citation style a reference, and a whole list, is written in; and the list's conventions.

Per entry (:func:`detect_style`, :func:`refine_ama`, called by the parser): the style is a
by-product (reported, used by checks such as "et al. threshold for this style"), so it is decided
from a few robust signals: the name form, where the year sits, and the locator layout. Anything
that fits no profile is ``unknown`` rather than a forced label. The names are those of
:data:`refcheck.styles.registry.STYLES` plus ``chicago`` (detected, not printed) and ``unknown``.

Per list (:func:`list_style`, :func:`read_conventions`, used by ``fix``): one style and one set
of conventions for the whole list, each a majority vote, so one odd entry does not set the rule
for the others and rewritten entries look like their neighbours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from refcheck.model import CheckedReference, Citation
from refcheck.text.fold import fold

_PREPRINT = re.compile(r"\b(?:bioRxiv|medRxiv|arXiv|ChemRxiv|SSRN|Research Square|Preprints?|preprint)\b")
_WEB = re.compile(r"\b(?:Available (?:from|at)|Accessed|cited \d{4}|Retrieved|[Ii]nternet\]|\[Internet\])")
_CONF = re.compile(r"\b(?:Proceedings|Proc\.|Conference|Conf\.|Symposium|Congress|Meeting|Workshop)\b")
#: Title words that stay lower case in Title Case, so they say nothing about a list's case style.
LOWER_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "over", "per", "the", "to", "up", "via", "vs", "with"])
#: A printed page range: its first page, its dash and its last page (elided or not).
PAGE_RANGE = re.compile(r"^\s*(?P<first>[A-Za-z]*\d+[A-Za-z]*)\s*(?P<dash>[-\u2010-\u2015]+)\s*(?P<last>[A-Za-z]*\d+[A-Za-z]*)")


def detect_style(
    mode: str | None,
    year_place: str | None,
    year_dot: bool,
    layout: str | None,
    quoted: bool,
    ampersand: bool,
    full_given: bool,
) -> str:
    """Map parse signals to vancouver | ama | apa | harvard | ieee | nature | chicago | unknown.

    ``year_place``: ``paren`` (``(2020)`` after the byline), ``bare`` (``2020.`` after it), or None.
    """
    if mode == "I" and year_place == "paren" and not full_given:
        # APA 7 closes the date with a period ("(2020). Title."); Harvard (Cite Them Right)
        # does not, and quotes the title ("(2020) 'Title', Journal").
        return "apa" if year_dot and not quoted else "harvard"
    if layout == "chicago" or (mode == "I" and (full_given or quoted)):
        return "chicago"
    if mode == "N" or layout == "ieee":
        if quoted or layout == "ieee":
            return "ieee"
        return "nature" if layout == "nature" else "unknown"
    if mode == "I":
        if year_place == "paren":
            return "apa" if (year_dot and ampersand) or (ampersand and layout == "apa") else "harvard"
        if layout == "nature":
            return "nature"
        if year_place == "bare":
            return "harvard"
        return "nature" if ampersand else "harvard"
    if mode in ("V", "G", "U"):
        if year_place:
            return "harvard"
        if layout in ("vancouver", "bmc", None):
            return "vancouver"
        if layout == "nature":
            return "nature"
    return "unknown"


def refine_ama(style: str, journal_period: bool, pages: str | None, doi_tight: bool) -> str:
    """AMA = ``Journal. 2020;...`` plus ``doi:10.`` (no space) or an unelided page range.

    A range counts as unelided only where NLM elision would have shortened it (``1153-1154``,
    not ``77-80``); otherwise the two styles print the same string and Vancouver is kept.
    """
    if style != "vancouver" or not journal_period:
        return style
    if doi_tight:
        return "ama"
    if not pages:
        return style
    first, _, last = pages.replace("–", "-").partition("-")
    first, last = first.strip(), last.strip()
    if first.isdigit() and last.isdigit() and len(first) == len(last) >= 2 and first[0] == last[0]:
        return "ama"
    return style


def detect_kind(
    text: str, has_locator: bool, chapter: bool, book: bool, url: str | None, container: str | None
) -> str:
    """article | book | chapter | conference | web | preprint | other."""
    if _PREPRINT.search(text):
        return "preprint"
    if chapter:
        return "conference" if _CONF.search(container or "") else "chapter"
    if _CONF.search(container or "") or (not has_locator and _CONF.search(text)):
        return "conference"
    if has_locator:
        return "article"
    if book:
        return "book"
    if url or _WEB.search(text):
        return "web"
    return "other"


def list_style(citations: Sequence[Citation]) -> str:
    """The manuscript's style: the majority of parsed ``Citation.style`` among vancouver/ama.

    Per-entry guesses are noisy (a short list without DOIs looks the same in both), so one
    style for the whole list keeps the rewritten entries consistent with each other.
    """
    votes = Counter(c.style for c in citations)
    ama, van = votes.get("ama", 0), votes.get("vancouver", 0)
    return "ama" if ama > van else "vancouver"


@dataclass(frozen=True, slots=True)
class Conventions:
    """How this list prints what a fix may write."""

    title_case: str = "asis"  # sentence | title | asis (as registered)
    journal_abbreviated: bool = True
    dotted_journals: bool = False  # "J. Clin. Oncol." rather than NLM's "J Clin Oncol"
    elided: bool = True  # 1745-51 rather than 1745-1751
    dash: str = "-"
    dotted_initials: bool = False  # "Smith J.A." rather than "Smith JA"
    carries_doi: bool = False
    carries_pmid: bool = False
    latex: bool = False  # a .tex list: new text has its LaTeX specials escaped (& -> \&)


def _case_style(titles: Sequence[str]) -> str:
    """``sentence`` when most long non-first words are lower case, ``title`` when capitalised."""
    upper = lower = 0
    for title in titles:
        words = re.findall(r"[^\W\d_][\w'-]*", title)[1:]
        for word in words:
            if len(word) < 4 or word.lower() in LOWER_WORDS or word.isupper():
                continue
            if word[0].isupper() and word[1:].islower():
                upper += 1
            elif word.islower():
                lower += 1
    if upper + lower < 3:
        return "asis"
    share = upper / (upper + lower)
    return "title" if share > 0.6 else "sentence" if share < 0.3 else "asis"


def read_conventions(refs: Sequence[CheckedReference]) -> Conventions:
    """Vote over the list: title case, journal form, page elision and dash, initials, DOIs."""
    cits = [r.citation for r in refs]
    titles = [c.title for c in cits if c.title]
    abbrev = full = 0
    for ref in refs:
        work, container = ref.match.work, ref.citation.container
        if work is None or not container or not work.container_abbrevs or not work.container:
            continue  # only a journal with two forms shows which form the list prefers
        if any(fold(container) == fold(a) for a in work.container_abbrevs):
            abbrev += 1
        elif work.container and fold(container) == fold(work.container):
            full += 1
    elided = full_ranges = 0
    dashes: dict[str, int] = {}
    for c in cits:
        m = PAGE_RANGE.match(c.pages or "")
        if not m:
            continue
        dashes[m.group("dash")] = dashes.get(m.group("dash"), 0) + 1
        first, last = m.group("first"), m.group("last")
        digits_first, digits_last = re.sub(r"\D", "", first), re.sub(r"\D", "", last)
        if len(digits_last) < len(digits_first):
            elided += 1
        elif (len(digits_first) > 1 and digits_first[:-1] == digits_last[:-1]) or first[:-1] == last[:-1]:
            full_ranges += 1  # only an unelided range that could have been elided is evidence
    dotted = sum(1 for c in cits if re.search(r"\b[A-Z]\.\s?[A-Z]?\.?[,;]", c.text[:200] if c.text else ""))
    return Conventions(
        title_case=_case_style(titles),
        journal_abbreviated=abbrev >= full,
        dotted_journals=sum(1 for c in cits if re.search(r"\w\.\s+\w", c.container or "")) > len(cits) / 2,
        elided=elided >= full_ranges,
        dash=max(dashes, key=dashes.__getitem__) if dashes else "-",
        dotted_initials=dotted > len(cits) / 2,
        carries_doi=sum(1 for c in cits if c.doi) > len(cits) / 2,
        carries_pmid=sum(1 for c in cits if c.pmid) > len(cits) / 2,
    )
