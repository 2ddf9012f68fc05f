"""Split a reference section into entries.

Numbered lists are split on the numbers, using the expected sequence 1, 2, 3, … as evidence:
every token that *could* be a number (``N.``, ``N)``, ``[N]``, ``(N)``, ``N`` at a line start)
followed by something author-like is a candidate, and the chosen markers are the longest
increasing chain 1..n, placed by dynamic programming to prefer line starts and entry ends.
That is what keeps ``2000;8:510 11. Hokotate`` or a volume ``199:241`` from being read as
numbers, and it works the same whether the list is one entry per line or all on one line.

Unnumbered lists fall back to Markdown bullets, blank-line paragraphs, one reference per line,
or hanging indents.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from refcheck.extract.section import looks_like_reference
from refcheck.text.names import particle_pattern

# What may follow an entry number: anything printed. Entries start with a surname, an
# organisation ('1000 Genomes Project Consortium'), a year ('(1980). Covering abuse'), lower-case
# text or a stray number of their own; the sequence 1, 2, 3 is the evidence, not the next word.
# A start that is not a letter, emphasis or quote, or a lower-case word, lowers the candidate's
# score (unless it is a name particle: 'van der Berg K', 'des Portes V').
_AUTHOR = r"(?=[ \t\u00a0]*(?:\n[ \t]*)?\S)"  # PDF text: '1.' alone on a line
_LETTER_START = re.compile(r"[ \t\u00a0]*(?:\n[ \t]*)?(?:[^\W\d_]|\*|_|[\"'“‘«])")
# A Vancouver/APA author right after a number: 'Smith J', 'Smith JA,', 'Smith, J.', 'van Dam AB'.
_NAME_AFTER = re.compile(r"\s*(?:[a-z]{1,4}[ '])*[^\W\d_][\w'’-]+(?:[ \t]?,)?[ \t]+(?:[A-Z]{1,3}\b|[A-Z]\.)")
_LOWER_START = re.compile(r"\s*[a-z]")
_PARTICLE = re.compile(rf"\s*{particle_pattern()}[ \t\-']")
# Marker patterns start with their literal character (a digit, '[', '(' or a newline): a
# leading '^' or lookbehind would defeat the regex prefix scan. That the marker follows
# whitespace (or the start of the text) is checked in code.
STYLES: dict[str, re.Pattern[str]] = {
    "dot": re.compile(r"(?P<n>\d{1,4})\\?\." + _AUTHOR),
    "paren": re.compile(r"(?P<n>\d{1,4})\)" + _AUTHOR),
    "bracket": re.compile(r"\\?\[(?P<n>\d{1,4})\\?\]" + _AUTHOR),
    "round": re.compile(r"\((?P<n>\d{1,4})\)" + _AUTHOR),
    "space": re.compile(r"(?:\A|\n)[ \t]*(?P<m>(?P<n>\d{1,4}))(?=[ \t\u00a0]+[^\W\d_])"),
}
_AFTER_MARKER = re.compile(r"[ \t\u00a0]*")
_BULLET = re.compile(r"^[ \t]{0,3}[-*+\u2022][ \t]+(?=\S)", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n[ \t]*\n\s*")
_ENTRY_END = re.compile(r"[.)\]\d]\s*$")
_MIN_GAP = 8  # characters: no real entry is shorter than "A. B. 1."


@dataclass(frozen=True, slots=True)
class Piece:
    """One entry's place in the text: ``start`` (marker), ``body`` (after it), ``end``."""

    start: int
    body: int
    end: int
    number: int | None


@dataclass(frozen=True, slots=True)
class _Candidate:
    pos: int
    body: int
    number: int
    score: int


def _candidates(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[_Candidate]:
    out = []
    # From the newline before the section, so that a line-start marker on its first line counts.
    scan_from = start - 1 if start and text[start - 1] == "\n" else start
    for m in pattern.finditer(text, scan_from, end):
        pos = m.start("m") if "m" in pattern.groupindex else m.start()
        if pos > 0 and not (text[pos - 1].isspace() or text[pos - 1] in "*_"):
            continue  # '2000;8:510 11.' -> '510' is no marker, nor 'a(1)'; '**1.**' is
        while pos > 0 and text[pos - 1] in "*_":
            pos -= 1  # the marker starts at its emphasis
        nl = text.rfind("\n", max(0, pos - 9), pos)
        if pos == 0 or (nl >= 0 and not text[nl + 1 : pos].strip(" \t>-*+_")):
            score = 3  # at a line start (optionally after a list bullet or blockquote)
        else:
            prev = text[max(0, pos - 4) : pos].rstrip()[-1:]
            score = 1 if prev in (".", ")", "]", ">") or prev.isdigit() else 0  # after an entry's end
        if not _LETTER_START.match(text, m.end()) or (
            _LOWER_START.match(text, m.end()) and not _PARTICLE.match(text, m.end())
        ):
            score -= 1
        body = _AFTER_MARKER.match(text, m.end()).end()  # type: ignore[union-attr]
        out.append(_Candidate(pos, body, int(m.group("n")), score))
    return out


_MAX_SKIP = 2  # numbers an author may skip in a row ('1. 2. 4. 5.') and still be followed


def _greedy_numbers(text: str, by_number: dict[int, list[_Candidate]], first: int) -> list[int]:
    """The numbers of the longest chain first, first+1, … (earliest placement is optimal).

    A missing number is skipped when a later one (up to _MAX_SKIP ahead) is placed like an
    entry start (line start or after an entry's end) and followed by an author name, or is
    itself followed by the number after it: a numbering error must leave the entries apart,
    for the checks to report it. Past that, the numbering resumes where a run of numbers does.
    """
    numbers: list[int] = []
    pos, number = -_MIN_GAP, first
    while True:
        nxt = _earliest(by_number.get(number, ()), pos)
        if nxt is None and numbers:
            for skip in range(1, _MAX_SKIP + 1):
                nxt = _earliest(by_number.get(number + skip, ()), pos)
                if nxt is not None and (
                    _earliest((nxt,), pos, text=text) or _earliest(by_number.get(number + skip + 1, ()), nxt.pos)
                ):
                    number += skip
                    break
                nxt = None
        if nxt is None and numbers:
            number, nxt = _resume(by_number, number, pos)
        if nxt is None:
            return numbers
        numbers.append(number)
        pos, number = nxt.pos, number + 1


_MAX_RESUME = 200  # numbers a list may lose in a row (an entry that swallowed its neighbours)
_RESUME_RUN = 3  # consecutive numbers that show the numbering goes on


def _resume(by_number: dict[int, list[_Candidate]], number: int, pos: int) -> tuple[int, _Candidate | None]:
    """Where the numbering resumes after a gap: the first ``m`` > ``number`` whose markers
    ``m``, ``m+1``, ``m+2`` follow in order. One unusual entry start (or a number the text
    layer lost) must cost that entry, not every entry after it: the gap is then reported.
    """
    for m in range(number + 1, number + _MAX_RESUME):
        start = _earliest(by_number.get(m, ()), pos)
        if start is None:
            continue
        at = start
        for k in range(1, _RESUME_RUN):
            following = _earliest(by_number.get(m + k, ()), at.pos)
            if following is None:
                break
            at = following
        else:  # the whole run of numbers follows: the list resumes at m
            return m, start
    return number, None


def _earliest(cands: Iterable[_Candidate], pos: int, *, text: str | None = None) -> _Candidate | None:
    """First candidate at least _MIN_GAP after ``pos``; with ``text``, only a convincing one."""
    for c in cands:
        if c.pos < pos + _MIN_GAP:
            continue
        if text is None or (c.score >= 1 and _NAME_AFTER.match(text, c.body)):
            return c
    return None


def _best_chain(by_number: dict[int, list[_Candidate]], numbers: list[int]) -> list[_Candidate]:
    """Highest-scoring placement of the chain ``numbers`` (positions increasing)."""
    prev: list[_Candidate] = by_number[numbers[0]]
    best: list[float] = [float(c.score) for c in prev]
    back: list[list[int]] = [[-1] * len(prev)]
    for number in numbers[1:]:
        cur = by_number[number]
        cur_best: list[float] = []
        cur_back: list[int] = []
        j, run_max, run_arg = 0, float("-inf"), -1
        for cand in cur:
            while j < len(prev) and prev[j].pos + _MIN_GAP <= cand.pos:
                if best[j] > run_max:
                    run_max, run_arg = best[j], j
                j += 1
            cur_best.append(run_max + cand.score)
            cur_back.append(run_arg)
        prev, best = cur, cur_best
        back.append(cur_back)
    # Backtrack from the best final candidate.
    idx = max(range(len(best)), key=lambda i: best[i])
    chain: list[_Candidate] = []
    for step in range(len(numbers) - 1, -1, -1):
        chain.append(by_number[numbers[step]][idx])
        idx = back[step][idx]
    chain.reverse()
    return chain


def numbered_chain(text: str, start: int, end: int) -> list[_Candidate]:
    """The best numbering chain in ``text[start:end]`` over all numbering styles (may be empty)."""
    best: list[_Candidate] = []
    best_key = (0, 0)
    for pattern in STYLES.values():
        cands = _candidates(text, start, end, pattern)
        if not cands:
            continue
        lazy = _lazy_numbering(text, start, cands)
        if lazy and (len(lazy), 0) > best_key:
            best, best_key = lazy, (len(lazy), 0)
        by_number: dict[int, list[_Candidate]] = {}
        for cand in cands:
            by_number.setdefault(cand.number, []).append(cand)
        # A list may continue from an earlier page ('5. …' first), but only when that number
        # opens the section: otherwise years like '(2008) (2009)' would make a chain.
        head = cands[0]
        opens = head.score >= 2 and not text[start : head.pos].strip(" \t\n-*+>")
        firsts = {1, head.number} if opens and head.number < 1000 else {1}
        for first in firsts:
            numbers = _greedy_numbers(text, by_number, first)
            if not numbers:
                continue
            chain = _add_strays(text, _best_chain(by_number, numbers), cands)
            key = (len(chain), sum(c.score for c in chain))
            if key > best_key:
                best, best_key = chain, key
    if best and not _plausible_chain(text, start, best):
        while len(best) > 1 and best[-1].score < 0:
            best = best[:-1]  # '1. Berrisford P … Version 2.0.': the '2.' is no entry
        if not _plausible_chain(text, start, best):
            return []
    if len(best) == 1 and (best[0].score < 2 or text[start : best[0].pos].strip()):
        return []  # a lone "1." mid-text is not a list
    return best


def _add_strays(text: str, chain: list[_Candidate], cands: list[_Candidate]) -> list[_Candidate]:
    """Add line-start entries the chain left out: a repeated number ('5. … 5. …') or one out of
    order. Each must open a line, be followed by an author name and carry a number close to the
    entry it would split (a '15.' glued into entry 774 by a PDF column break is not one); it
    keeps its printed number.
    """
    if len(chain) < 2 or sum(c.score >= 2 for c in chain) * 2 < len(chain):
        return chain  # not a one-entry-per-line list: no line starts to trust
    taken = {c.pos for c in chain}
    positions = [c.pos for c in chain]
    strays = [
        c for c in cands
        if c.pos not in taken and c.score >= 3 and c.pos > chain[0].pos and _NAME_AFTER.match(text, c.body)
        and abs(c.number - chain[bisect_right(positions, c.pos) - 1].number) <= _MAX_SKIP + 1
    ]
    if not strays:
        return chain
    merged = sorted(chain + strays, key=lambda c: c.pos)
    return [c for i, c in enumerate(merged) if i == 0 or c.pos - merged[i - 1].pos >= _MIN_GAP]


def _lazy_numbering(text: str, start: int, cands: list[_Candidate]) -> list[_Candidate]:
    """Markdown's lazy ordered list ('1.' on every item, rendered 1, 2, 3): renumbered.

    Only when every line-start marker carries the same number, there are several, and the
    first one opens the section.
    """
    starts = [c for c in cands if c.score >= 2]
    if len(starts) < 2 or len({c.number for c in starts}) != 1:
        return []
    if text[start : starts[0].pos].strip(" \t\n-*+>"):
        return []
    first = starts[0].number
    gaps_ok = all(b.pos - a.pos >= _MIN_GAP for a, b in itertools.pairwise(starts))
    return [_Candidate(c.pos, c.body, first + i, c.score) for i, c in enumerate(starts)] if gaps_ok else []


def _plausible_chain(text: str, start: int, chain: list[_Candidate]) -> bool:
    """A real numbering opens the section and its markers sit at line starts or entry ends.

    Numbers that happen to run 1, 2, 3 inside the entries ('Title 1. J …', 'Title 2. J …')
    sit mid-sentence: if most markers do, or the list starts far into the section, it is no
    numbering.
    """
    if len(" ".join(text[start : chain[0].pos].split())) > 300:
        return False
    placed = sum(1 for c in chain[1:] if c.score >= 1)
    return placed * 2 >= len(chain) - 1


def split_numbered(text: str, start: int, end: int) -> list[Piece]:
    chain = numbered_chain(text, start, end)
    pieces = [
        Piece(c.pos, c.body, chain[i + 1].pos if i + 1 < len(chain) else end, c.number)
        for i, c in enumerate(chain)
    ]
    return _cut_last(text, pieces)


def _cut_last(text: str, pieces: list[Piece]) -> list[Piece]:
    """End the last entry at its first blank line when no other entry spans a blank line.

    The last entry otherwise swallows whatever unheaded matter follows the list.
    """
    if len(pieces) < 2:
        return pieces
    if any(_BLANK_RUN.search(text, p.body, _strip_end(text, p.body, p.end)) for p in pieces[:-1]):
        return pieces
    last = pieces[-1]
    m = _BLANK_RUN.search(text, last.body, _strip_end(text, last.body, last.end))
    if m:
        pieces[-1] = Piece(last.start, last.body, m.start(), last.number)
    return pieces


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def split_unnumbered(text: str, start: int, end: int) -> list[Piece]:
    """Bullets, then blank-line paragraphs, then one-per-line, then hanging indents."""
    bullets = list(_BULLET.finditer(text, start, end))
    if len(bullets) >= 2 or (bullets and not text[start : bullets[0].start()].strip()):
        return _pieces_from(text, [(b.start(), b.end()) for b in bullets], end)
    paragraphs = _paragraphs(text, start, end)
    lines = [(s, e) for s, e in _lines(text, start, end) if text[s:e].strip()]
    if len(paragraphs) >= 2 and len(paragraphs) < len(lines):
        return _keep_plausible([Piece(s, s, e, None) for s, e in paragraphs], text)
    if lines and sum(looks_like_reference(text[s:e].strip()) for s, e in lines) >= 0.8 * len(lines):
        return [Piece(s + _indent(text, s, e), s + _indent(text, s, e), e, None) for s, e in lines]
    return _hanging(text, lines)


def _pieces_from(text: str, marks: list[tuple[int, int]], end: int) -> list[Piece]:
    return [Piece(s, b, marks[i + 1][0] if i + 1 < len(marks) else end, None) for i, (s, b) in enumerate(marks)]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _BLANK_RUN.finditer(text, start, end):
        if text[pos : m.start()].strip():
            out.append((pos + _lead(text, pos, m.start()), m.start()))
        pos = m.end()
    if text[pos:end].strip():
        out.append((pos + _lead(text, pos, end), _strip_end(text, pos, end)))
    return out


def _lead(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    return len(chunk) - len(chunk.lstrip())


def _plausible(chunk: str) -> bool:
    return looks_like_reference(" ".join(chunk.split()))


def _keep_plausible(pieces: list[Piece], text: str) -> list[Piece]:
    """All pieces when most read like references (a few lack a year: 'in press', web pages);
    otherwise only those that do, so that stray prose paragraphs are not taken for entries."""
    plausible = [p for p in pieces if _plausible(text[p.start : p.end])]
    return pieces if len(plausible) >= 0.6 * len(pieces) else plausible


def _hanging(text: str, lines: list[tuple[int, int]]) -> list[Piece]:
    """Hanging indents: a new entry at each line that is not indented. Without any indented
    line, a new entry where the previous line ended an entry and this one starts a name."""
    if not lines:
        return []
    base = min(_indent(text, s, e) for s, e in lines)
    indented = any(_indent(text, s, e) > base for s, e in lines)
    starts = [lines[0]]
    for (ps, pe), (s, e) in itertools.pairwise(lines):
        if _indent(text, s, e) > base:
            continue  # a continuation line of a hanging indent
        if indented or (_ENTRY_END.search(text[ps:pe]) and text[s + _indent(text, s, e)].isupper()):
            starts.append((s, e))
    pieces = []
    for i, (s, _) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else lines[-1][1]
        s += _indent(text, s, stop)
        pieces.append(Piece(s, s, stop, None))
    return _keep_plausible(pieces, text)


def _indent(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    return len(chunk) - len(chunk.lstrip(" \t"))


def split_entries(text: str, start: int, end: int) -> list[Piece]:
    """Entries of the section ``text[start:end]``: numbered when a numbering chain exists."""
    return split_numbered(text, start, end) or split_unnumbered(text, start, end)
