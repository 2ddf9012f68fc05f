"""Which citation style a reference is written in, from the shape of what was parsed.

The style is a by-product (reported, used by checks such as "et al. threshold for this style"),
so it is decided from a few robust signals: the name form, where the year sits, and the locator
layout. Anything that fits no profile is ``unknown`` rather than a forced label.
"""

from __future__ import annotations

import re

_PREPRINT = re.compile(r"\b(?:bioRxiv|medRxiv|arXiv|ChemRxiv|SSRN|Research Square|Preprints?|preprint)\b")
_WEB = re.compile(r"\b(?:Available (?:from|at)|Accessed|cited \d{4}|Retrieved|[Ii]nternet\]|\[Internet\])")
_CONF = re.compile(r"\b(?:Proceedings|Proc\.|Conference|Conf\.|Symposium|Congress|Meeting|Workshop)\b")


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
