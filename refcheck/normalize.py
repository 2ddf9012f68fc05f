"""Normalisation shared by every stage: one definition of "the same text".

Parse, match, checks, mirror and the library all compare names, titles, DOIs and pages; they
must agree on what counts as a representation difference (case, diacritics, Unicode hyphens,
NLM page elision) so that no stage flags what another tolerates.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# U+2010..U+2015 hyphens/dashes, U+2212 minus, U+00AD soft hyphen, U+FE58/FE63/FF0D variants.
_DASHES: dict[int, str | None] = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_DASHES[0x00AD] = None
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


# Inline markup that registries deposit inside titles: HTML/JATS emphasis, MathML, and
# escaped tags ("&lt;i&gt;"). A whitelist, so "a<b and c>d" in a formula title survives.
_MARKUP = re.compile(
    r"</?(?:(?:mml|jats):[\w-]+|i|b|u|em|emph|strong|sup|sub|span|sc|scp|italic|bold|p|br|title|"
    r"math|mi|mo|mn|mrow|msub|msup|msubsup|mfrac|mtext|mover|munder|mspace)"
    r"(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>\"']+))*\s*/?>",
    re.IGNORECASE,
)
_SUBTITLE_TAG = re.compile(r"<subtitle>(.*?)</subtitle>", re.IGNORECASE | re.DOTALL)


def _set_off_subtitles(text: str) -> str:
    """``Title <subtitle> Sub </subtitle>`` -> ``Title: Sub``; blanks trimmed in code, because
    ``\\s*`` on both sides of ``.*?`` in the pattern backtracked on long blank runs (issue #17)."""
    parts = _SUBTITLE_TAG.split(text)
    for i in range(1, len(parts), 2):
        parts[i - 1] = parts[i - 1].rstrip()
        parts[i] = ": " + parts[i].strip()
    return "".join(parts)


def strip_markup(text: str) -> str:
    """Registry text as printed: entities decoded, inline tags dropped, a tagged subtitle set off
    with a colon (``TITLE&lt;subtitle&gt;Sub&lt;/subtitle&gt;`` -> ``TITLE: Sub``)."""
    if "&" in text:
        text = html.unescape(text)
        if "&" in text:  # escaped twice in the deposit: "G3&amp;#58; Genes" -> "G3: Genes"
            text = html.unescape(text)
    if "<" not in text:
        return text
    text = _set_off_subtitles(text)
    return re.sub(r"\s+", " ", _MARKUP.sub("", text)).strip()


def dashes(text: str) -> str:
    """Every Unicode hyphen/dash/minus to ASCII '-', soft hyphens removed."""
    return text.translate(_DASHES)


_DASH_RUN = re.compile(r"-+")


def tight_dashes(text: str) -> str:
    """Each run of '-' with the blanks around it as one '-' (``12 -- 15`` -> ``12-15``).

    Done by splitting on the dashes and stripping the pieces: the pattern ``\\s*-+\\s*`` it
    replaces re-scanned a long blank run from every start position (quadratic; issue #17)."""
    pieces = _DASH_RUN.split(text)
    if len(pieces) == 1:
        return text
    last = len(pieces) - 1
    return "-".join(p.lstrip() if i == last else p.rstrip() if i == 0 else p.strip() for i, p in enumerate(pieces))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and dash-insensitive form: 'Müller-Lüdenscheidt' -> 'muller-ludenscheidt'.

    ``ß`` -> ``ss``, ``æ`` -> ``ae``, ``ø`` -> ``o`` (NLM drops diacritics the same way).
    """
    return unidecode(unicodedata.normalize("NFC", dashes(text))).casefold().strip()


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Letters and digits only, folded: for comparing titles/journals ignoring punctuation."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def words(text: str) -> list[str]:
    """Folded word tokens."""
    return key(text).split()


_GERMAN_UMLAUT = {"ae": "a", "oe": "o", "ue": "u"}


def name_variants(name: str) -> set[str]:
    """Folded spellings of a surname that NLM/ISO/German transliteration treat as equal.

    ``Müller`` -> {``muller``, ``mueller``}; used so that Müller/Muller/Mueller never alarm.
    """
    base = fold(name)
    out = {base}
    umlaut = unicodedata.normalize("NFD", name)
    if any(ch in umlaut for ch in "\u0308"):
        out.add(fold(re.sub(r"([aouAOU])\u0308", r"\1e", umlaut)))
    # The reverse direction: 'Mueller' may be a transliterated 'Müller'.
    out.add(re.sub(r"(?<=[a-z])(ae|oe|ue)", lambda m: _GERMAN_UMLAUT[m.group(1)], base))
    return out


def expand_pages(pages: str | None) -> tuple[str | None, str | None]:
    """First and last page of a printed range, with NLM elision undone.

    ``728-34`` -> (728, 734); ``1199-205`` -> (1199, 1205); ``S93-9`` -> (S93, S99);
    ``17S-21S`` -> (17S, 21S); ``e1234`` -> (e1234, None). A range that would go backwards
    keeps the raw last page (it is then reported, never silently "fixed").
    """
    if not pages:
        return None, None
    text = dashes(pages).strip().strip(".,;")
    parts = [p.strip() for p in _DASH_RUN.split(text, maxsplit=1)]  # blanks are stripped, not matched
    first = parts[0] or None
    if len(parts) == 1 or not parts[1]:
        return first, None
    last = parts[1]
    m1 = re.fullmatch(r"([A-Za-z]*)(\d+)([A-Za-z]*)", first or "")
    m2 = re.fullmatch(r"([A-Za-z]*)(\d+)([A-Za-z]*)", last)
    if m1 and m2 and len(m1.group(2)) <= 12 and len(m2.group(2)) <= 12:  # not a page: no int() of 5,000 digits
        prefix, digits1, suffix = m1.groups()
        p2, digits2, s2 = m2.groups()
        if len(digits2) < len(digits1):
            digits2 = digits1[: len(digits1) - len(digits2)] + digits2
        if int(digits2) >= int(digits1):
            return first, f"{p2 or prefix}{digits2}{s2 or suffix}"
    return first, last


def same_page(a: str | None, b: str | None) -> bool:
    """Pages/article numbers equal after case folding and zero-padding (e0123 == e123)."""
    if a is None or b is None:
        return False
    na = re.sub(r"(?<![0-9])0+(?=\d)", "", fold(a))
    nb = re.sub(r"(?<![0-9])0+(?=\d)", "", fold(b))
    return na == nb
