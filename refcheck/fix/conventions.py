"""Writing in the reference list's own conventions, so a fix writes like its author.

A corrected value must look like its neighbours: ``1747-51`` stays elided (``1745-51``), a
sentence-case list gets a sentence-case word, an abbreviated-journal list gets the
abbreviation. The conventions themselves are read from the list by
:func:`refcheck.styles.detect.read_conventions`; this module applies them to new text.
"""

from __future__ import annotations

import re

from refcheck.styles.detect import LOWER_WORDS, PAGE_RANGE, Conventions
from refcheck.styles.pieces import elide_pages
from refcheck.text.pages import expand_pages


def escape(text: str, conv: Conventions) -> str:
    """New text as the file needs it: LaTeX specials escaped in a .tex list, else as is."""
    if not conv.latex:
        return text
    from refcheck.bibtex.latex import encode

    return encode(text, utf8=True)


def format_journal(name: str, conv: Conventions) -> str:
    """A journal name with or without abbreviation periods, as the list prints them."""
    name = name.strip()
    if not conv.dotted_journals:
        name = re.sub(r"(?<=\w)\.(?=\s|$)", "", name)
    return name.rstrip(".")


def format_pages(registered: str, printed: str | None, conv: Conventions) -> str:
    """The registered range written as the list writes ranges (elision and dash of the entry)."""
    first, last = expand_pages(registered)
    if not first:
        return registered
    m = PAGE_RANGE.match(printed or "")
    dash = m.group("dash") if m else conv.dash
    if m:  # the entry's own form decides: elided when its printed range was
        p_first, p_last = re.sub(r"\D", "", m.group("first")), re.sub(r"\D", "", m.group("last"))
        elide = len(p_last) < len(p_first) or (conv.elided and len(p_last) == len(p_first) and p_first[0] != p_last[0])
    else:
        elide = conv.elided
    if not last and m:
        # the registry gives the first page only: correct that, keep the printed end if it still fits
        _p_first, printed_last = expand_pages(m.group(0))
        if printed_last and _page_number(printed_last) > _page_number(first):
            last = printed_last
    if not last or last == first:
        return first
    text = elide_pages(first, last) if elide else f"{first}-{last}"
    return text.replace("-", dash, 1)


def _page_number(page: str) -> int:
    digits = re.sub(r"\D", "", page)
    return int(digits) if digits else 0


def recase(word: str, *, like: str | None, conv: Conventions, first: bool, sentence_source: bool) -> str:
    """A registered title word in the list's case style.

    ``like`` is the printed word this one replaces (a typo fix copies its case exactly);
    ``sentence_source`` says the registered title is itself in sentence case, so its capitals
    are proper nouns and are kept. Acronyms and mixed-case words (``mRNA``, ``HIV``) never change.
    """
    if not word or not word[0].isalpha():
        return word
    if len(word) > 1 and (word.isupper() or any(ch.isupper() for ch in word[1:])):
        return word  # an acronym or a mixed-case name (HIV, mRNA, McDonald)
    if like and like[:1].isalpha():
        if like.isupper() and len(like) > 1:
            return word.upper()
        return word[0].upper() + word[1:].lower() if like[0].isupper() else word.lower()
    if first:
        return word[0].upper() + word[1:]
    if conv.title_case == "sentence":
        return word if sentence_source else word.lower()
    if conv.title_case == "title":
        return word.lower() if word.lower() in LOWER_WORDS else word[0].upper() + word[1:]
    return word
