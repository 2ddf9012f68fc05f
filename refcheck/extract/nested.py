"""A heading-like phrase inside a reference list neither starts nor ends the list.

PDF-extracted entries carry debris: an affiliation line ending ``CA, USA. References 1. Palella
FJ …`` or a stray ``References`` line copied from the cited paper. The section finder prefers
the *last* heading followed by a list (a table of contents or "see References" comes earlier),
so such a phrase would start the list in the middle and every entry before it would vanish.

The numbering decides: when an earlier heading opens a numbered list 1, 2, 3 … whose markers
run on past the later "heading" -- at least as many entries as the later heading's own list
has -- and whose entries before it are reference-sized (not the numbered sections of a paper),
the later one sits inside an entry and the earlier heading is the real one. Likewise at the
other end: when the numbering carries on right after what looked like the end of the section
('Poster # MP-02091.' read as a Markdown heading, a 'Tables' line inside an entry), the list
carries on too.
"""

from __future__ import annotations

import re
import statistics
from itertools import pairwise

from refcheck.extract.section import Heading, is_list_like, section_end
from refcheck.extract.split import numbered_chain

# Headings tried before the chosen one (nearest first would miss the real one when several
# entries carry debris, so the earliest of these is tried first).
_MAX_EARLIER = 20
# A reference is a few hundred characters; numbered sections of a paper are thousands.
_MAX_MEDIAN_ENTRY = 1500
# How far past a false end the next number must appear, and how often a list may resume.
_RESUME_WINDOW = 3000
_MAX_RESUMES = 50


def enclosing_list(text: str, headings: list[Heading], chosen: Heading, end: int) -> Heading | None:
    """The earlier heading whose numbered list encloses ``chosen``, or None."""
    earlier = [h for h in headings if h.body <= chosen.start][-_MAX_EARLIER:]
    if not earlier:
        return None
    inner: int | None = None
    for heading in earlier:
        if not is_list_like(text, heading.body, chosen.start):
            continue
        chain = numbered_chain(text, heading.body, end)
        before = [c.pos for c in chain if c.pos < chosen.start]
        after = len(chain) - len(before)
        if len(before) < 1 or after < 1 or chain[0].number != 1:
            continue
        gaps = [b - a for a, b in pairwise([*before, chosen.start])]
        if gaps and statistics.median(gaps) > _MAX_MEDIAN_ENTRY:
            continue
        if inner is None:
            inner = len(numbered_chain(text, chosen.body, end))
        if len(chain) >= inner:
            return heading
    return None


def _marker(number: int) -> re.Pattern[str]:
    """``N.``, ``N)``, ``[N]`` or ``(N)`` after whitespace and before whitespace."""
    return re.compile(rf"(?<!\S)[\[(]?{number}[.)\]][ \t\n]")


def continue_list(text: str, heading: Heading, start: int, end: int, limit: int) -> int:
    """Move ``end`` past every false end of the numbered list ``text[start:end]``.

    The end is false when the next number and the one after it follow within
    ``_RESUME_WINDOW`` characters, the latter past the end; the section then runs to the next
    end after it.
    """
    limit = min(limit, len(text))
    for _ in range(_MAX_RESUMES):
        if end >= limit:
            break
        chain = numbered_chain(text, start, end)
        if len(chain) < 2:
            break
        nxt = chain[-1].number + 1
        found = _marker(nxt).search(text, chain[-1].body, min(limit, end + _RESUME_WINDOW))
        if found is None:
            break
        after = _marker(nxt + 1).search(text, found.end(), min(limit, found.end() + _RESUME_WINDOW))
        if after is None or after.start() < end:
            break  # the numbering does not go on past the end
        resumed = Heading(end, after.start(), heading.level, heading.text)
        end = max(after.end(), section_end(text, resumed, limit=limit))
    return end
