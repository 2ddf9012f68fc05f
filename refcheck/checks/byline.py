"""The byline alignment behind the RC1xx author checks: which cited person faces which registered one.

A small edit-distance alignment of the cited people with the registered people: a substitution
costs by how alike the two names are (same, compound, swapped parts, close, different), a
missing or extra author costs one gap. Long bylines on both sides are aligned in a band around
the diagonal. :mod:`refcheck.checks.authors` classifies the aligned pairs into findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck.checks.names import (
    CLOSE,
    COMPOUND,
    DIFFERENT,
    SAME,
    SWAPPED,
    Person,
    initials_relation,
    relation,
)

_SUB_COST = {SAME: 0.0, COMPOUND: 0.05, SWAPPED: 0.1, CLOSE: 0.5, DIFFERENT: 1.4}
_GAP = 1.0
_FULL_DP_CELLS = 2500  # above this many cells the alignment is banded
_BAND = 12


@dataclass(slots=True)
class Pair:
    """One alignment column: cited index, registered index (either may be None)."""

    c: int | None
    r: int | None
    rel: str = DIFFERENT


def align_bylines(cited: list[Person], reg: list[Person], free_tail: bool) -> list[Pair]:
    """Global alignment of the cited people with the first registered people.

    With ``free_tail`` (the citation ends in et al., or only a window of a long byline is
    aligned) trailing registered authors left unaligned cost nothing; otherwise every registered
    author must be accounted for, which keeps a short list from sliding past a wrong name.
    """
    n, m = len(cited), len(reg)
    # Long bylines on both sides (consortium papers cited in full): stay near the diagonal so
    # the cost is O(n * band), not O(n * m).
    band = abs(n - m) + _BAND if n * m > _FULL_DP_CELLS else max(n, m)
    rel: dict[tuple[int, int], str] = {}
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(max(0, i - band), min(m, i + band) + 1):
            if i == 0 and j == 0:
                continue
            best, move = inf, 0
            if i and j:
                r = rel[i - 1, j - 1] = relation(cited[i - 1], reg[j - 1])
                v = cost[i - 1][j - 1] + _SUB_COST[r]
                # penalty for contradicting initials so that homonyms prefer the right slot
                if r not in (DIFFERENT, SWAPPED) and initials_relation(cited[i - 1], reg[j - 1]) == "different":
                    v += 0.6 if r != CLOSE else 0.9
                best, move = v, 1
            if i and cost[i - 1][j] + _GAP < best:
                best, move = cost[i - 1][j] + _GAP, 2
            if j and cost[i][j - 1] + _GAP < best:
                best, move = cost[i][j - 1] + _GAP, 3
            cost[i][j], back[i][j] = best, move
    # free trailing registry gaps: end anywhere on the last row
    j_end = min(range(m + 1), key=lambda j: (cost[n][j], -j)) if free_tail else m
    pairs: list[Pair] = []
    i, j = n, j_end
    while i or j:
        move = back[i][j]
        if move == 1:
            pairs.append(Pair(i - 1, j - 1, rel[i - 1, j - 1]))
            i, j = i - 1, j - 1
        elif move == 2:
            pairs.append(Pair(i - 1, None))
            i -= 1
        else:
            pairs.append(Pair(None, j - 1))
            j -= 1
    pairs.reverse()
    return _pair_tail(pairs, cited, reg, j_end)


def _pair_tail(pairs: list[Pair], cited: list[Person], reg: list[Person], next_r: int) -> list[Pair]:
    """Cited authors left over at the end face the next registered authors, position by position.

    The alignment treats trailing registered authors as free (et al.), so a wrong last name
    (``Wang K`` where the registry has ``Wong K`` then more authors) would come out as an extra
    author; position by position it is a mismatch with the registered author at that place.
    """
    k = len(pairs)
    while k and pairs[k - 1].r is None:
        k -= 1
    tail = pairs[k:]
    for p in tail:
        if next_r >= len(reg):
            break
        assert p.c is not None
        p.r, p.rel = next_r, relation(cited[p.c], reg[next_r])
        next_r += 1
    return pairs
