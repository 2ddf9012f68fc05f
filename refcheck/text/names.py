"""Personal names: surname particles, generational suffixes, initials, transliteration variants.

The parser reads bylines, the registries' readers file given names, the checks compare
authors and the exporters print initials: they must agree on what a particle is (``van der``)
and on how ``Jean-Pierre`` becomes ``JP``, or one stage flags what another produced.
"""

from __future__ import annotations

import re
import unicodedata

from refcheck.text.data import word_file
from refcheck.text.fold import fold

PARTICLES: frozenset[str] = word_file("particles.txt")
SUFFIXES: frozenset[str] = word_file("suffixes.txt")

_INITIAL_SPLIT = re.compile(r"[\s.\-\u2010]+")
_GERMAN_UMLAUT = {"ae": "a", "oe": "o", "ue": "u"}


def _alternation(items: frozenset[str]) -> str:
    """A regex alternation, longest first so a short item never pre-empts a longer one."""
    return "|".join(re.escape(w) for w in sorted(items, key=lambda w: (-len(w), w)))


def particle_pattern() -> str:
    """Regex alternation of every particle (lower-case), for the byline and list patterns."""
    return f"(?:{_alternation(PARTICLES)})"


def suffix_pattern() -> str:
    """Regex for a generational suffix with its optional stop (``Jr.``, ``III``)."""
    return rf"(?:{_alternation(SUFFIXES)})\.?"


def is_particle(token: str) -> bool:
    """A lower-case particle as printed (``van``, ``dos``); ``Van`` starts a surname instead."""
    return token.islower() and token.strip(".") in PARTICLES


def split_given_particles(given: str) -> tuple[str, str]:
    """Registries sometimes file particles in ``given`` (``Jan M. van de``): ``(given, moved)``."""
    tokens = given.split()
    moved: list[str] = []
    while tokens and is_particle(tokens[-1]):
        moved.insert(0, tokens.pop())
    return " ".join(tokens), " ".join(moved)


def initials(given: str | None, *, skip_particles: bool = False) -> str:
    """Upper-case initials of given names, no stops: the one rule every stage uses.

    ``Anthony J.`` -> ``AJ``; ``Jean-Yves`` -> ``JY``; ``Mary Ann`` -> ``MA``; a given name
    deposited as initials (``AJ``, ``A.J.``, ``A. J.``) keeps its letters. BibTeX braces around
    a letter are ignored (``{Ö}zge``). Lower-case particles inside given names (``Victor Hugo dos``) are
    kept as an initial unless ``skip_particles``: registries differ, the checks try both.
    """
    if not given:
        return ""
    compact = _INITIAL_SPLIT.sub("", given)
    if compact.isalpha() and compact.isupper() and len(compact) <= 4:
        return compact  # deposited as initials: "AJ", "A.J.", "A. J."
    mixed_case = not given.isupper()  # "JEAN PIERRE" is a name in capitals, not initials
    out: list[str] = []
    for token in _INITIAL_SPLIT.split(given.strip()):
        token = token.strip("{}()")
        if not token or (skip_particles and is_particle(token)):
            continue
        if mixed_case and len(token) <= 3 and token.isalpha() and token.isupper():
            out.append(token)  # run-together initials after a name: "Maria JA"
        elif token[0].isalpha():
            out.append(token[0].upper())
    return "".join(out)


def name_variants(name: str) -> set[str]:
    """Folded spellings of a surname that NLM/ISO/German transliteration treat as equal.

    ``Müller`` -> {``muller``, ``mueller``}; used so that Müller/Muller/Mueller never alarm.
    """
    base = fold(name)
    out = {base}
    umlaut = unicodedata.normalize("NFD", name)
    if "\u0308" in umlaut:
        out.add(fold(re.sub(r"([aouAOU])\u0308", r"\1e", umlaut)))
    # The reverse direction: 'Mueller' may be a transliterated 'Müller'.
    out.add(re.sub(r"(?<=[a-z])(ae|oe|ue)", lambda m: _GERMAN_UMLAUT[m.group(1)], base))
    return out
