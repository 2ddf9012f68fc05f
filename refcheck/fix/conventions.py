"""The reference list's own conventions, read from the list, so a fix writes like its author.

A corrected value must look like its neighbours: ``1747-51`` stays elided (``1745-51``), a
sentence-case list gets a sentence-case word, an abbreviated-journal list gets the
abbreviation. Each convention is a majority vote over the list's matched references, so one
odd entry does not set the rule for the others.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refcheck.model import CheckedReference
from refcheck.render import elide_pages
from refcheck.text.fold import fold
from refcheck.text.pages import expand_pages

_LOWER_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "over", "per", "the", "to", "up", "via", "vs", "with"])
_RANGE = re.compile(r"^\s*(?P<first>[A-Za-z]*\d+[A-Za-z]*)\s*(?P<dash>[-\u2010-\u2015]+)\s*(?P<last>[A-Za-z]*\d+[A-Za-z]*)")


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


def escape(text: str, conv: Conventions) -> str:
    """New text as the file needs it: LaTeX specials escaped in a .tex list, else as is."""
    if not conv.latex:
        return text
    from refcheck.bibtex.latex import encode

    return encode(text, utf8=True)


def _case_style(titles: Sequence[str]) -> str:
    """``sentence`` when most long non-first words are lower case, ``title`` when capitalised."""
    upper = lower = 0
    for title in titles:
        words = re.findall(r"[^\W\d_][\w'-]*", title)[1:]
        for word in words:
            if len(word) < 4 or word.lower() in _LOWER_WORDS or word.isupper():
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
        m = _RANGE.match(c.pages or "")
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
    m = _RANGE.match(printed or "")
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
        return word.lower() if word.lower() in _LOWER_WORDS else word[0].upper() + word[1:]
    return word


def is_sentence_case(title: str) -> bool:
    """True when the title's long non-first words are mostly lower case (capitals mean names)."""
    return _case_style([title]) == "sentence"
