"""Letter case of titles: words a style must not lower-case, whether a title is in sentence case,
and sentence case for registry titles deposited in ALL CAPS or Title Case.

BibTeX styles and the NLM/Vancouver style want a title in sentence case, with proper nouns and
acronyms kept; many deposits are ``SAFETY OF LONG-TERM ...`` or ``The Role Of Imaging In ...``.
Which capitals are names cannot be read from such a title itself, so other printings of the
same title are consulted as *hints*: the manuscript's own citation and the PubMed record
(NLM titles are in sentence case) show ``Crohn``, ``Ota`` or ``HIV`` as they should be. Words
no hint covers are lowered unless their shape marks them (``mRNA``, ``T2``, ``McHugh``); a
title already in sentence case is returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # a word, apostrophes inside kept ("Crohn's")


def needs_protection(word: str) -> bool:
    """Acronyms and mixed case (``MRI``, ``mRNA``, ``pH``, ``McHugh``) and capital+digit (``T2``)."""
    if any(ch.isupper() for ch in word[1:]):
        return True
    return word[:1].isupper() and any(ch.isdigit() for ch in word)


# Lower-case in Title Case too, so they tell nothing about the deposit's case style.
_FUNCTION_WORDS = frozenset([
    "with", "from", "into", "onto", "upon", "over", "than", "that", "this", "these", "those", "their",
    "after", "about", "among", "between", "without", "within", "during", "versus", "through", "under", "against",
])
# What separates a subtitle or sentence from the word before it (searched in the gap between words).
_SENTENCE_GAP = re.compile(r"(?:[:.?!—]\s+|\s[-–]\s+)$")


def title_starts(title: str) -> set[int]:
    """Offsets of the words that open the title or a subtitle (capitalised in any case style).

    One pass: only the gap since the previous word can hold the separator."""
    out: set[int] = set()
    prev = 0
    for m in WORD.finditer(title):
        if m.start() == 0 or _SENTENCE_GAP.search(title, prev, m.start()):
            out.add(m.start())
        prev = m.end()
    return out


def is_sentence_case(title: str, starts: set[int] | None = None) -> bool:
    """Whether the registry deposited the title in sentence case ("Embolism in Crohn disease").

    Only then does a capital inside the title mark a proper noun; in a Title Case deposit every
    word is capitalised and nothing can be told apart. ``starts``: :func:`title_starts` of the title,
    when the caller has it already."""
    starts = title_starts(title) if starts is None else starts
    words = [m.group(0) for m in WORD.finditer(title) if m.start() not in starts and len(m.group(0)) >= 4
             and m.group(0).isalpha() and not needs_protection(m.group(0))
             and m.group(0).lower() not in _FUNCTION_WORDS]
    return len(words) >= 2 and sum(w[0].islower() for w in words) >= 0.6 * len(words)


def is_all_caps(title: str) -> bool:
    """Nearly every letter upper case (``SAFETY OF LONG-TERM USE``)."""
    letters = [ch for ch in title if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _hint_forms(hints: Iterable[str | None]) -> dict[str, str]:
    """Lower-cased word -> how a sentence-case printing of the title writes it."""
    forms: dict[str, str] = {}
    for hint in hints:
        if not hint or is_all_caps(hint) or not is_sentence_case(hint):
            continue
        starts = title_starts(hint)
        for m in WORD.finditer(hint):
            word = m.group(0)
            if m.start() in starts and not needs_protection(word):
                continue  # a capital that opens a sentence says nothing about the word
            forms.setdefault(word.lower(), word)
    return forms


def is_title_case(title: str) -> bool:
    """Most long words inside the title capitalised (``The Role of Imaging in Crohn Disease``)."""
    starts = title_starts(title)
    words = [m.group(0) for m in WORD.finditer(title) if m.start() not in starts and len(m.group(0)) >= 4
             and m.group(0).isalpha() and not needs_protection(m.group(0))]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def sentence_case(title: str, hints: Iterable[str | None] = ()) -> str:
    """``title`` in sentence case, names and acronyms kept (see the module docstring)."""
    caps = is_all_caps(title)
    if not caps and not is_title_case(title):
        return title
    forms = _hint_forms(hints)
    starts = title_starts(title)
    out: list[str] = []
    pos = 0
    for m in WORD.finditer(title):
        raw = m.group(0)
        out.append(title[pos:m.start()])
        out.append(_word(raw, forms.get(raw.lower()), caps, m.start() in starts))
        pos = m.end()
    out.append(title[pos:])
    return "".join(out)


def _word(raw: str, hint: str | None, caps: bool, start: bool) -> str:
    if hint is not None and (not start or needs_protection(hint) or hint[:1].isupper()):
        return hint
    if caps:
        if any(ch.isdigit() for ch in raw):
            return raw  # T2, COVID19: a code, not a word
        lowered = raw.lower()
    else:
        if needs_protection(raw):
            return raw
        lowered = raw.lower()
    return lowered[:1].upper() + lowered[1:] if start else lowered


def has_case_problem(title: str) -> bool:
    """True for the deposits :func:`sentence_case` rewrites (ALL CAPS or Title Case)."""
    return bool(re.search(r"[^\W\d_]", title)) and (is_all_caps(title) or is_title_case(title))
