"""Entries hidden inside another: split out at the numbers the numbering says are missing.

When the chain of entry numbers jumps (3, then 6), the missing entries are usually still there,
inside entry 3, behind a marker the splitter did not accept: a bare ``4 Ishikawa`` in a list
that prints ``4.``, a number glued to the text before it. The numbering tells which numbers to
look for and in which order, so each is looked for in turn inside the entry and, when found, the
entry is cut there: the references are then checked on their own. Such an entry keeps a marker
unlike the list's, which is how RC707 (``refcheck/checks/splitting.py``) still reports the list
as not cleanly split.
"""

from __future__ import annotations

import re
from functools import lru_cache

from refcheck.extract.split import Piece

# Gaps wider than this are not searched (a list that restarts, or a truly missing block).
_MAX_GAP = 50
_MIN_ENTRY = 8  # characters, as in split._MIN_GAP


@lru_cache(maxsize=256)
def _loose_marker(number: int) -> re.Pattern[str]:
    """``N.``, ``N)``, ``[N]``, ``(N)``, or a bare ``N`` before a capitalised word."""
    return re.compile(rf"(?<!\S)(?:[\[(]?{number}[.)\]](?!\d)|{number}(?=[ \t]+[^\W\d_a-z]))[ \t]*")


def _inner(text: str, piece: Piece, numbers: range) -> list[Piece]:
    cuts: list[tuple[int, int, int]] = []
    pos = piece.body
    for number in numbers:
        m = _loose_marker(number).search(text, pos + _MIN_ENTRY, piece.end)
        if m is None or piece.end - m.end() < _MIN_ENTRY:
            continue
        cuts.append((m.start(), m.end(), number))
        pos = m.end()
    if not cuts:
        return [piece]
    out = [Piece(piece.start, piece.body, cuts[0][0], piece.number)]
    for i, (start, body, number) in enumerate(cuts):
        out.append(Piece(start, body, cuts[i + 1][0] if i + 1 < len(cuts) else piece.end, number))
    return out


def split_gaps(text: str, pieces: list[Piece]) -> list[Piece]:
    """``pieces`` with every entry before a numbering gap split at the missing numbers it holds."""
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if (
            piece.number is not None and nxt is not None and nxt.number is not None
            and 1 < nxt.number - piece.number <= _MAX_GAP
        ):
            out.extend(_inner(text, piece, range(piece.number + 1, nxt.number)))
        else:
            out.append(piece)
    return out
