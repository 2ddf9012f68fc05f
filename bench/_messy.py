"""Messy rendering for the accuracy benchmark: references typed or pasted carelessly.

    messify(text, case.rendered, style, rng) -> the same reference, roughened

Real reference lists are rarely as tidy as a reference manager prints them. Authors lower-case
titles, drop the full stop after ``et al`` or between title and journal, write ``2019 31(10)``
for ``2019;31(10)``, leave double spaces, wrap lines with or without indentation, run fields
together (``Title.Journal``), paste from PDFs (ligatures, hyphenated line ends) and print
surnames in capitals. None of that changes *what* is cited: a checker must not call any of it
an error, and must still find the real errors injected by :mod:`_refgen`.

Each roughening is drawn independently with its own probability, so a messy list mixes several
per reference; everything is driven by the caller's ``random.Random``, so a seed reproduces it.
Only layout is touched: no letter of a name, word of a title or digit of a number changes
(the ligatures decompose back to the same letters under NFKC).
"""

from __future__ import annotations

import random
import re

from refcheck.model import Work

# roughening -> probability per reference
RATES: dict[str, float] = {
    "lower_title": 0.35,
    "lower_all": 0.10,
    "caps_surnames": 0.25,
    "et_al_period": 0.6,
    "title_end": 0.4,
    "journal_end": 0.3,
    "year_semicolon": 0.5,
    "missing_space": 0.3,
    "double_spaces": 0.4,
    "ligatures": 0.25,
    "wrap": 0.4,
    "hyphen_wrap": 0.15,
}
_LIGATURES = {"fi": "\ufb01", "fl": "\ufb02", "ff": "\ufb00"}


def messify(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """``text`` roughened the ways careless lists are; ``work`` is what was printed (for field places)."""
    applied = [name for name, p in RATES.items() if rng.random() < p]
    for name in applied:
        text = _ROUGHEN[name](text, work, style, rng)
    return text


def _replace_once(text: str, old: str, new: str) -> str:
    i = text.find(old)
    return text if i < 0 or not old else text[:i] + new + text[i + len(old):]


def _lower_title(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    title = (work.title if work else None) or ""
    return _replace_once(text, title, title.lower()) if len(title) > 3 else text


def _lower_all(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    return text.lower()


def _caps_surnames(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    for author in (work.authors if work else [])[:8]:
        if author.family and len(author.family) > 1:
            text = _replace_once(text, author.family, author.family.upper())
    return text


def _et_al_period(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    return re.sub(r"\bet al\.", "et al", text, count=1)


def _title_end(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """No punctuation between the title and the journal (``... of pain J Phys Ther Sci``)."""
    title = (work.title if work else None) or ""
    low = text.lower()
    i = low.find(title.lower()) if title else -1
    if i < 0:
        return text
    end = i + len(title)
    m = re.match(r"[.,]?['\"\u2019\u201d]?[.,]", text[end:]) or re.match(r"[.,]", text[end:])
    if not m or title[-1:] in "?!":
        return text
    return text[:end] + text[end + m.end():]


def _journal_end(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """No full stop after the journal (``J Phys Ther Sci 2019;31``)."""
    return re.sub(r"([A-Za-z])\. ((?:19|20)\d\d\b)", r"\1 \2", text, count=1)


def _year_semicolon(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    return re.sub(r"\b((?:19|20)\d\d) ?; ?(\w)", r"\1 \2", text, count=1)


def _missing_space(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """One separator's space dropped: ``Title.Journal``, ``Smith J,Jones K``."""
    spots = [m.start() + 1 for m in re.finditer(r"[.,;:] (?=[A-Za-z])", text)
             if not re.search(r"\b[A-Z]$", text[:m.start()])]  # not after an initial ("J. Smith")
    if not spots:
        return text
    at = rng.choice(spots)
    return text[:at] + text[at + 1:]


def _double_spaces(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    spaces = [m.start() for m in re.finditer(" ", text)]
    for at in sorted(rng.sample(spaces, min(len(spaces), rng.randint(1, 3))), reverse=True):
        text = text[:at] + " " + text[at:]
    return text


def _ligatures(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """PDF debris: ``fi``/``fl``/``ff`` printed as one ligature character (outside a DOI)."""
    cut = text.find("10.")
    head, tail = (text[:cut], text[cut:]) if cut > 0 else (text, "")
    for pair, lig in _LIGATURES.items():
        head = head.replace(pair, lig)
    return head + tail


def _wrap(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """A line break at a space, with or without the continuation indented.

    Never before a token that would read as a new list item (``31.`` or ``[2]``).
    """
    spots = [m.start() for m in re.finditer(r" (?!\d+[.)]|\[\d)", text) if 15 < m.start() < len(text) - 5]
    if not spots:
        return text
    at = rng.choice(spots)
    return text[:at] + "\n" + rng.choice(("", "   ", "\t")) + text[at + 1:]


def _hyphen_wrap(text: str, work: Work | None, style: str, rng: random.Random) -> str:
    """A long title word broken across lines by the PDF's hyphenation (``immuno-\\nlogy``)."""
    title = (work.title if work else None) or ""
    words = [w for w in re.findall(r"[A-Za-z]{9,}", title) if w in text]
    if not words:
        return text
    word = rng.choice(words)
    cut = rng.randrange(4, len(word) - 3)
    return _replace_once(text, word, word[:cut] + "-\n" + word[cut:])


_ROUGHEN = {
    "lower_title": _lower_title, "lower_all": _lower_all, "caps_surnames": _caps_surnames,
    "et_al_period": _et_al_period, "title_end": _title_end, "journal_end": _journal_end,
    "year_semicolon": _year_semicolon, "missing_space": _missing_space, "double_spaces": _double_spaces,
    "ligatures": _ligatures, "wrap": _wrap, "hyphen_wrap": _hyphen_wrap,
}
