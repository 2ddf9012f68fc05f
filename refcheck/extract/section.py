"""Find where the reference section starts and where it ends.

A manuscript may say "References" many times (table of contents, "see references", an
appendix with its own list); the list we want is the *last* heading followed by something that
looks like a list. Text pasted from HTML may hold the whole paper on one line
(``… ## References 1. Kaemmerlen P, …``), so headings are also looked for inline.

Every search here is a single regex pass over the text (no backtracking-heavy patterns), so a
50 MB file costs a few linear scans. Runs of blanks between optional heading parts are possessive
(``[ \t]*+``): with plain ``*`` a line of 160 spaces after 'References' took 38 s to reject (issue #17).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Headings that introduce a reference list, in the languages biomedical journals publish in.
HEADING_WORDS = (
    r"references?(?:[ \t]+(?:and|&)[ \t]+notes)?|reference[ \t]+list|list[ \t]+of[ \t]+references"
    r"|notes[ \t]+and[ \t]+references|bibliography|literature[ \t]+cited|cited[ \t]+literature"
    r"|works[ \t]+cited|literature|sources|r[ée]f[ée]rences(?:[ \t]+bibliographiques)?|bibliographie"
    r"|literatur|literaturverzeichnis|literaturangaben|referencias(?:[ \t]+bibliogr[áa]ficas)?"
    r"|bibliograf[íi]a|riferimenti(?:[ \t]+bibliografici)?|refer[êe]ncias(?:[ \t]+bibliogr[áa]ficas)?"
    r"|referenties|litteratur|referanser|literatura|pi[śs]miennictwo"
)

# A heading on a line of its own. The pattern starts with a literal newline (the first line is
# tried separately with .match) because a leading ``^``/lookbehind disables the regex engine's
# literal-prefix scan: that keeps a 50 MB file at a fraction of a second per pattern.
_LINE_HEADING_BODY = (
    r"[ \t]{0,3}(?P<hashes>#{1,6})?[ \t]*+(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)[ \t]++)?"
    r"(?:\*\*|__|\*|_)?[ \t]*+(?P<word>" + HEADING_WORDS + r")(?:[ \t]*+\([^()\n]{1,60}\))?"
    r"[ \t]*+:?[ \t]*+(?:\*\*|__|\*|_)?[ \t]*+:?[ \t]*+#*+[ \t]*+$"
)
_LINE_HEADING = re.compile(r"\n" + _LINE_HEADING_BODY, re.IGNORECASE | re.MULTILINE)
_FIRST_LINE_HEADING = re.compile(_LINE_HEADING_BODY, re.IGNORECASE | re.MULTILINE)
_SETEXT = re.compile(r"[ \t]*(=+|-+)[ \t]*(?:\n|$)")

# Inline headings: '## References 1. Smith…' or '**References** [1] Smith…' mid-line. The scan
# looks for the literal '#'/'**' only; the words are matched at each hit. Each must follow
# whitespace (checked in code).
_INLINE_HASH = re.compile(r"#{1,6}[ \t]+(?=[^\W\d_])")
_INLINE_HASH_WORD = re.compile(r"(?P<word>" + HEADING_WORDS + r")[ \t]*:?(?=[ \t]+\S)", re.IGNORECASE)
_INLINE_BOLD = re.compile(r"\*\*[ \t]*(?=[^\W\d_])")
_INLINE_BOLD_WORD = re.compile(
    r"(?P<word>" + HEADING_WORDS + r")[ \t]*:?[ \t]*\*\*[ \t]*:?(?=[ \t]+\S)", re.IGNORECASE
)
# A bare capitalised 'References' mid-line counts only when a first entry follows right away
# (and it opens a line or follows the end of a sentence).
_INLINE_BARE = re.compile(
    r"(?P<word>References|REFERENCES|Bibliography|BIBLIOGRAPHY|Literature Cited)"
    r"[ \t]*:?(?=[ \t]+(?:\[1\]|\(1\)|1[.)])[ \t]*[^\W\d_])"
)

# What a list looks like at its start: a number or bullet, or a line with an author and a year.
_LIST_START = re.compile(
    r"\s*(?:\\?\[\d{1,4}\\?\]|\(\d{1,4}\)|\d{1,4}\\?[.)]|\d{1,4}[ \t]+[^\W\d_]|[-*+\u2022][ \t]+\S)"
)
_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_CAPITAL = re.compile(r"[^\W\d_a-z]")

# Matter that follows a reference list and is clearly not an entry.
END_WORDS = (
    r"acknowledge?ments?|acknowledge?ment[ \t]+of[ \t]+funding|figure[ \t]+legends?|figure[ \t]+captions?"
    r"|legends?[ \t]+(?:to|for)[ \t]+figures?|figures?|tables?|tables?[ \t]+and[ \t]+figures?|appendix(?:[ \t]+\w+)?"
    r"|appendices|supplementary(?:[ \t]+\w+){0,2}|supporting[ \t]+information"
    r"|footnotes|notes|abbreviations|author[ \t]+contributions|conflicts?[ \t]+of[ \t]+interests?"
    r"|competing[ \t]+interests|declaration[ \t]+of[ \t]+interests?|disclosures?|funding|about[ \t]+the[ \t]+authors?"
    r"|correspondence|data[ \t]+availability(?:[ \t]+statement)?|ethics[ \t]+statement|danksagung|remerciements"
)
# Matter that ends a list. Line-level patterns start with a literal newline, mid-line ones
# (one-line documents) with a literal '*' or '©'. Each is searched on its own, up to the best
# end found so far: separate literal-led patterns keep every scan fast, where one big
# alternation defeats the regex engine's prefix search (10x slower on a 50 MB file).
# Mid-line matches must follow whitespace (checked in code).
_END_PATTERNS = (
    re.compile(
        r"\n[ \t]{0,3}(?:#{1,6}[ \t]*+)?(?:\*\*|__)?[ \t]*+(?:(?:\d{1,2}\.?|[IVXLC]{1,6}\.)[ \t]++)?"
        r"(?:" + END_WORDS + r")[ \t]*+[:.]?[ \t]*+(?:\*\*|__)?[ \t]*+$",
        re.IGNORECASE | re.MULTILINE,
    ),
    _LINE_HEADING,  # another list heading ('Sources', 'Bibliography')
    re.compile(r"\n[ \t]*(?:Table|Figure|Fig\.)[ \t]+[1-9]\d?[.:|]", re.IGNORECASE),
    re.compile(
        r"\n[ \t]*(?:\*[ \t]+)?(?:Received|Accepted|Revised|Published[ \t]+online)\b[ \t:]*(?:\d|[A-Z][a-z]+[ \t]+\d)"
    ),
    re.compile(r"\n[ \t]*(?:\*[ \t]+)?(?:Copyright\b|\u00a9)", re.IGNORECASE),
    re.compile(r"\*[ \t]+(?:Received|Accepted|Revised|Published|Copyright)\b"),
    re.compile(r"\u00a9[ \t]*(?:\d{4}|[A-Z])"),
    re.compile(r"\n[ \t]*(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE),
)
_COPYRIGHT_BEFORE = re.compile(r"Copyright[ \t]*$", re.IGNORECASE)
_RULE_LINE = re.compile(r"\n[ \t]*(?:=+|-+)[ \t]*$")


@dataclass(frozen=True, slots=True)
class Heading:
    """A reference-section heading: where it is, where the list after it starts, its level."""

    start: int
    body: int  # first offset after the heading (and its setext underline)
    level: int  # 1-6 as in Markdown; 6 for bare or bold headings (ends at any heading)
    text: str
    inline: bool = False


def find_headings(text: str) -> list[Heading]:
    """Every candidate heading, in document order (line headings win at equal offsets)."""
    found: dict[int, Heading] = {}
    first = _FIRST_LINE_HEADING.match(text)
    line_matches = ([(first, 0)] if first else []) + [(m, 1) for m in _LINE_HEADING.finditer(text)]
    for m, skip in line_matches:
        word = " ".join(m.group("word").split())
        start = m.start() + skip
        level = len(m.group("hashes") or "") or 6
        body = m.end()
        under = _SETEXT.match(text, body + 1) if body < len(text) else None
        if under and not m.group("hashes"):
            level = 1 if under.group(1).startswith("=") else 2
            body = under.end()
        found[start] = Heading(start, body, level, word)
    for pattern, words in ((_INLINE_HASH, _INLINE_HASH_WORD), (_INLINE_BOLD, _INLINE_BOLD_WORD)):
        for m in pattern.finditer(text):
            if m.start() in found or (m.start() and not text[m.start() - 1].isspace()):
                continue
            w = words.match(text, m.end())
            if w:
                level = len(m.group(0)) - len(m.group(0).lstrip("#")) if pattern is _INLINE_HASH else 6
                found[m.start()] = Heading(m.start(), w.end(), level, w.group("word"), True)
    for m in _INLINE_BARE.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if m.start() == 0 or before[-1] == "\n" or (before[-1] in " \t" and before[:1] in ".!?)]"):
            found.setdefault(m.start(), Heading(m.start(), m.end(), 6, m.group("word"), True))
    return [found[k] for k in sorted(found)]


def looks_like_reference(line: str) -> bool:
    """A line or paragraph that could be a whole reference: long enough, a capital and a year."""
    return len(line) >= 25 and bool(_YEAR.search(line)) and bool(_CAPITAL.search(line))


def is_list_like(text: str, start: int, end: int | None = None) -> bool:
    """Does a list of references begin at ``start``: a number/bullet, or a reference-like line?"""
    end = len(text) if end is None else end
    window = text[start : min(end, start + 3000)]
    if _LIST_START.match(window):
        return True
    for block in window.strip().split("\n\n")[:2]:
        first = block.strip().split("\n")[0]
        if looks_like_reference(first) or looks_like_reference(" ".join(block.split())[:400]):
            return True
    return False


# Heading words that also name other things ('Sources' of data, a 'Literature' review): used
# only when no unambiguous reference heading is followed by a list.
_WEAK_WORDS = frozenset({"sources", "literature"})


def choose_heading(text: str, headings: list[Heading], *, max_tries: int = 200) -> Heading | None:
    """The last heading followed by a list; failing that, the last heading on its own line.

    Unambiguous words ('References', 'Bibliography', …) are preferred over weak ones.
    """
    listy = []
    for heading in reversed(headings[-max_tries:]):
        end = section_end(text, heading, limit=heading.body + 3000)
        if is_list_like(text, heading.body, end):
            if heading.text.lower() not in _WEAK_WORDS:
                return heading
            listy.append(heading)
    if listy:
        return listy[0]
    lines = [h for h in headings if not h.inline]
    return lines[-1] if lines else None


@lru_cache(maxsize=8)
def _end_patterns(level: int) -> tuple[re.Pattern[str], ...]:
    headings = (
        re.compile(rf"\n[ \t]{{0,3}}#{{1,{level}}}[ \t]+\S"),
        re.compile(rf"#{{1,{level}}}[ \t]+[^\W\d_a-z]"),  # mid-line, capitalised: '… ## Discussion'
    )
    return headings + _END_PATTERNS


def section_end(text: str, heading: Heading, *, limit: int | None = None) -> int:
    """Offset where the list after ``heading`` ends: next same-or-higher heading or trailing matter.

    A setext underline ends the section at the heading line above it; a horizontal rule (after
    a blank line) ends it at the rule. The search stops at ``limit`` (default: end of text).
    """
    best = len(text) if limit is None else min(limit, len(text))
    pos = heading.body - 1 if heading.body and text[heading.body - 1] == "\n" else heading.body
    for pattern in _end_patterns(heading.level):
        found = _first_end(text, pattern, pos, best, heading.body)
        if found is not None:
            best = min(best, found)
    return best


def _first_end(text: str, pattern: re.Pattern[str], pos: int, limit: int, body: int) -> int | None:
    """Where the first valid match of one end pattern starts the end of the section."""
    while True:
        m = pattern.search(text, pos, limit)
        if m is None:
            return None
        lead = m.group(0)[0]
        if lead != "\n":  # mid-line: only after whitespace, and not inside '###'
            if m.start() == 0 or text[m.start() - 1] not in " \t":
                pos = m.start() + 1
                continue
            before = _COPYRIGHT_BEFORE.search(text, max(0, m.start() - 12), m.start())
            return before.start() if before and lead == "\u00a9" else m.start()
        if _RULE_LINE.match(m.group(0)) and m.group(0).strip("\n \t")[:1] in "=-":
            prev_start = text.rfind("\n", 0, m.start()) + 1
            if text[prev_start : m.start()].strip():  # a setext underline: the heading is above
                if prev_start <= body:  # the reference heading's own underline
                    pos = m.end()
                    continue
                return prev_start
        return m.start() + 1  # after the newline
