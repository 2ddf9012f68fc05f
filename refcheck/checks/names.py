"""Person-name comparison: when two bylines name the same person, and when they differ by a typo.

A :class:`Person` is computed once per author per call (folded forms, tokens without particles,
initials), so that the alignment in :mod:`refcheck.checks.authors` compares precomputed keys.

Tolerated (same person): diacritics and transliteration (Müller/Muller/Mueller), mojibake,
particles and their case (``de Mestier``/``De Mestier``, ``van den Oord``/``Oord``), hyphen vs
space and Unicode hyphens (``Ray-Coquard``/``Ray Coquard``), apostrophes, compound surnames filed
by one part (``Clavel-Chapelon``/``Chapelon``). Not tolerated: a different letter after folding
(``Lin``/``Liu``), different compounds sharing a token (``Krebs-Smith``/``Davey Smith``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from refcheck.model import Author
from refcheck.text.fold import fold, key
from refcheck.text.names import PARTICLES, name_variants, split_given_particles
from refcheck.text.names import initials as given_initials
from refcheck.text.repair import repair_mojibake

_GROUP_WORDS = re.compile(
    r"\b(group|consortium|collaborat\w*|investigators|committee|network|society|association|"
    r"working|team|trialists|council|organi[sz]ation|alliance|task force|program|project|"
    r"panel|writing|study|foundation|institute|centre|center|registry)\b",
    re.IGNORECASE,
)

SAME = "same"  # equal once representation differences are removed
COMPOUND = "compound"  # one is a token-level part of the other (filed differently)
SWAPPED = "swapped"  # the registry filed given and family names the other way round
CLOSE = "close"  # a small edit apart: a typo if the name is long enough
DIFFERENT = "different"


@dataclass(slots=True)
class Person:
    """Precomputed comparison keys of one person author."""

    author: Author
    forms: frozenset[str]  # compact folded spellings, with and without particles
    tokens: tuple[str, ...]  # folded surname tokens without particles
    core: str  # compact folded surname without particles (for edit distance)
    initials: str  # upper-case folded initials, possibly empty
    alt_initials: frozenset[str]  # every reading: as filed, from given with/without particles
    particle_initials: str  # initials of the particles ("VD" for "van de")
    family: str  # display family (particles as printed, mojibake repaired)
    given_key: str = ""  # compact folded given name (to spot given/family filed the other way)

    def display(self) -> str:
        return f"{self.family} {self.initials}".strip()


def looks_like_group(author: Author) -> bool:
    """A collective author, or a "family" that is evidently an organisation name."""
    if author.is_group:
        return True
    family = author.family or ""
    # "Chun Li Chang" (a person filed without given names) is not a group: 4+ words or a group word
    return not author.initials and not author.given and (
        len(family.split()) >= 4 or bool(_GROUP_WORDS.search(family))
    )


def group_name(author: Author) -> str:
    return author.group or author.family or ""


def _initials_from_given(given: str, skip_particles: bool = True) -> str:
    """Folded upper-case initials (``Élodie`` -> ``E``); see :func:`refcheck.text.names.initials`."""
    return "".join(fold(ch)[:1].upper() for ch in given_initials(given, skip_particles=skip_particles))


def initials_of(author: Author) -> str:
    """Folded upper-case initials from ``initials`` or else ``given``."""
    if author.initials:
        return re.sub(r"[^A-Z]", "", fold(author.initials).upper())
    if author.given:
        return _initials_from_given(split_given_particles(author.given)[0])
    return ""


def person(author: Author) -> Person:
    """Comparison keys for one person."""
    family = repair_mojibake(author.family or "")
    if author.given and not author.initials:
        _, moved = split_given_particles(author.given)
        if moved:
            family = f"{moved} {family}"
    all_tokens = key(family).split()
    core_tokens = [t for t in all_tokens if t not in PARTICLES] or all_tokens
    particles = [t for t in all_tokens if t in PARTICLES and len(core_tokens) < len(all_tokens)]
    forms: set[str] = set()
    for variant in name_variants(family):
        toks = re.sub(r"[^0-9a-z]+", " ", variant).split()
        forms.add("".join(toks))
        forms.add("".join(t for t in toks if t not in PARTICLES) or "".join(toks))
    forms.discard("")
    if not forms and family.strip():
        forms.add(fold(family))  # no letters at all ("-"): compare the raw text
    initials = initials_of(author)
    alt = {initials} if initials else set()
    if author.given:
        alt.add(_initials_from_given(author.given))
        alt.add(_initials_from_given(author.given, skip_particles=False))
    alt.discard("")
    return Person(
        author=author,
        forms=frozenset(forms),
        tokens=tuple(core_tokens),
        core="".join(core_tokens),
        initials=initials,
        alt_initials=frozenset(alt),
        particle_initials="".join(p[0].upper() for p in particles),
        family=family.strip(),
        given_key="".join(key(repair_mojibake(author.given)).split()) if author.given else "",
    )


def typo_budget(length: int) -> int:
    """Edits a surname of this length may differ by and still be the *same* name misspelled."""
    return 1 if length < 8 else 2


SHORT_NAME = 5  # at or below this length a one-edit difference is a different name (Lin/Liu, Chan/Chang)


def relation(c: Person, r: Person) -> str:
    """How cited person ``c`` relates to registered person ``r`` by surname alone.

    ``CLOSE`` is only returned for a plausible typo: a name long enough (> SHORT_NAME) for one
    edit not to make another common name; ``Lin``/``Liu`` and ``Chan``/``Chang`` are DIFFERENT.
    """
    if c.forms & r.forms:
        return SAME
    if _is_part(c.tokens, r.tokens) or _is_part(r.tokens, c.tokens):
        return COMPOUND
    if _swapped(c, r) or _swapped(r, c):
        return SWAPPED
    if not c.core or not r.core:
        return DIFFERENT
    length = max(len(c.core), len(r.core))
    if length <= SHORT_NAME:
        return DIFFERENT
    budget = typo_budget(length)
    if OSA.distance(c.core, r.core, score_cutoff=budget) <= budget:
        return CLOSE
    return DIFFERENT


def _swapped(a: Person, b: Person) -> bool:
    """``Zhang W`` cited, registry family ``Wei`` given ``Zhang``: one name filed backwards.

    Needs ``b``'s given name to equal ``a``'s surname and ``a``'s first initial to be the initial
    of ``b``'s surname, so two different people rarely meet both conditions.
    """
    if not b.given_key or not b.core or b.given_key not in a.forms:
        return False
    return not a.initials or a.initials[0] == b.core[0].upper()


def _is_part(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``(chapelon,)`` is a token-level prefix/suffix of ``(clavel, chapelon)``."""
    n = len(short)
    return 0 < n < len(long) and (long[:n] == short or long[-n:] == short)


def initials_relation(c: Person, r: Person) -> str:
    """``same``, ``partial`` (``J`` vs ``JA``), ``different`` (``JB`` vs ``JA``) or ``unknown``."""
    if not c.alt_initials or not r.alt_initials:
        return "unknown"
    if c.alt_initials & r.alt_initials:
        return "same"
    for ci in c.alt_initials:
        for ri in r.alt_initials:
            n = min(len(ci), len(ri))
            if ci[:n] == ri[:n]:
                return "partial"
    return "different"


def particle_in_initials(c: Person, r: Person) -> bool:
    """``Kamp JMV`` for ``van de Kamp JM``: the particle's initial pushed into the initials."""
    if not r.particle_initials or c.particle_initials:
        return False
    if c.core != r.core and not (c.forms & {r.core}):
        return False
    extra = c.initials[len(r.initials):] if c.initials.startswith(r.initials) else ""
    return bool(extra) and r.particle_initials.startswith(extra)
