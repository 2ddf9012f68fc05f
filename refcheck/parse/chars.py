"""Character classes shared by the parse modules.

Python's ``re`` has no ``\\p{Lu}``; names in reference lists carry Latin-1/Latin Extended letters
(``Ødegaard``, ``Łukasz``, ``Čapek``), so the classes are built once from Unicode data instead of
being limited to ASCII.
"""

from __future__ import annotations

_LATIN = [chr(c) for c in range(0xC0, 0x250)]
UPPER = "A-Z" + "".join(c for c in _LATIN if c.isupper())
LOWER = "a-z" + "".join(c for c in _LATIN if c.islower())
LETTER = UPPER + LOWER

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Fall|Autumn|Winter)"
)
