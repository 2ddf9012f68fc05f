"""Character classes shared by the text rules and the parse patterns.

Python's ``re`` has no ``\\p{Lu}``; names in reference lists carry Latin-1/Latin Extended letters
(``Ødegaard``, ``Łukasz``, ``Čapek``), so the classes are built once from Unicode data instead of
being limited to ASCII.
"""

from __future__ import annotations

# Latin-1 letters split cleanly into an upper block (À-Þ) and a lower block (ß-ÿ); in Latin
# Extended-A/B (Ā-ɏ: Ł, Č, Ș…) the cases alternate letter by letter, so that block counts as both.
# Listing every letter separately instead made the parser's ~220 regexes take ~0.5 s to compile at
# import, half of a warm pre-commit run; the ranges compile in a few milliseconds. The price is
# that a lower-case Extended letter (ł) can start a "capitalised" word, which names never do.
# Greek and Cyrillic (Α-Ω/α-ω, Ѐ-Я/а-џ): Russian and Greek registry names are cited as deposited
# ("Tuberozova М", a Cyrillic initial).
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0391-\u03a9\u0400-\u042f"
LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u03ac-\u03ce\u0430-\u045f"
# The upper-case letters that are not also in LOWER: a pattern offering "[UPPER] or [LOWER]" at
# one position inside a repeat must use this, or every Extended letter (Š) matches both ways and
# the repeat backtracks exponentially (issue #17: 24 letters took 9.8 s).
UPPER_ONLY = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0400-\u042f"
LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0391-\u03a9\u03ac-\u03ce\u0400-\u045f"

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Fall|Autumn|Winter)"
)
