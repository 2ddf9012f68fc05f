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


def refine_ama(style: str, container_raw: str | None, pages: str | None, doi_tight: bool) -> str:
    """AMA = Vancouver shape with a period after the journal, full page ranges and ``doi:10.``."""
    if style != "vancouver" or not pages or "-" not in pages.replace("–", "-"):
        return style
    first, _, last = pages.replace("–", "-").partition("-")
    full = len(last.strip()) >= len(first.strip())
    if full and (doi_tight or (container_raw or "").rstrip().endswith(".")):
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
