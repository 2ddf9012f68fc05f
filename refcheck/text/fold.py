"""Folding: case, diacritics, Unicode dashes and punctuation, removed the same way everywhere.

Parse, match, checks, mirror and the library all compare names, titles and journals; they must
agree on what counts as a representation difference so that no stage flags what another tolerates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# U+2010..U+2015 hyphens/dashes, U+2212 minus, U+00AD soft hyphen, U+FE58/FE63/FF0D variants.
_DASHES: dict[int, str | None] = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_DASHES[0x00AD] = None
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
DASH_RUN = re.compile(r"-+")


def dashes(text: str) -> str:
    """Every Unicode hyphen/dash/minus to ASCII '-', soft hyphens removed."""
    return text.translate(_DASHES)


def tight_dashes(text: str) -> str:
    """Each run of '-' with the blanks around it as one '-' (``12 -- 15`` -> ``12-15``).

    Done by splitting on the dashes and stripping the pieces: the pattern ``\\s*-+\\s*`` it
    replaces re-scanned a long blank run from every start position (quadratic; issue #17)."""
    pieces = DASH_RUN.split(text)
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
