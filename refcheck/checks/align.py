"""Record-guided reading: the raw reference text read against the record the matcher linked.

The parser has to guess field boundaries from punctuation, and carelessly typed lists do not
give it any: ``Outpatient phototherapy of psoriasis Archives of Dermatology. 1980 116(5)`` has
no full stop between title and journal, ``kaufman hs. diet and heredity`` no capital letters to
tell a byline from a title. Every misplaced boundary then becomes a false alarm (``title has
extra 'archives', 'dermatology'`` + ``journal '1980' differs``) — and can hide a real error.

Once a record is linked the guessing is unnecessary: each registered field is *located* in the
raw text, tolerant of case, punctuation, spacing, line breaks, diacritics, ligatures and
abbreviation, and the cited value of the field is the text found there. A local word alignment
(Smith-Waterman over folded words, with a typo counting as a weaker match and a run-together or
split word as a match) finds the title and the journal; the byline is the text before the title
when the record's names cover it exactly. A located value is the raw text itself, so a misspelt
word, a missing or an extra word inside it is still reported; only the boundaries come from the
record.

:func:`align_reference` returns the located fields with their character spans in
``citation.text`` (``refcheck fix`` can edit them in place); :func:`aligned_citation` builds the
citation as read that way. Which reading the checks use, field by field, is decided in
:mod:`refcheck.checks` (the aligned one only where it removes a discrepancy the parse created).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from refcheck.checks.recover import covered_authors
from refcheck.checks.title import registered_forms
from refcheck.model import Author, Citation, Work
from refcheck.parse.authors import scan_byline
from refcheck.text.identifiers import DOI_START

_WORD = re.compile(r"[^\W_]+")
_GAP = 1.0  # cost of a word on one side only
_MATCH, _NEAR = 2.0, 1.0  # a word the same / a small edit away (a typo)
MIN_TITLE_COVER = 0.6  # share of registered title words that must be found
# where a title region ends (not a colon: words after one are a subtitle, still the title)
_TITLE_STOP = re.compile(r"[.,;?!\"\u201c\u201d\u2018\u2019'\[\]()]|\s'")
_BYLINE_END = frozenset(["al", "others", "and"])  # "et al", "and others" end a byline, not a title
_YEAR = re.compile(r"(?<![\d.\-/])(?:1[6-9]|20)\d\d[a-z]?(?![\d\-/])")
_LINK = re.compile(rf"(?:\bdoi:\s*|https?://|www\.|\b{DOI_START})\S+", re.I)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the raw text: its folded form and where it sits (character offsets)."""

    word: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Located:
    """A registered field found in the raw text: the text there, its span, how well it matched."""

    field: str
    value: str
    start: int
    end: int
    cover: float  # share of the registered words found


@dataclass(slots=True)
class Alignment:
    """Every field located in one reference's text (absent when not found)."""

    fields: dict[str, Located] = field(default_factory=dict)

    def span(self, name: str) -> tuple[int, int] | None:
        got = self.fields.get(name)
        return (got.start, got.end) if got else None


def fold_word(word: str) -> str:
    """A word as compared: ligatures decomposed, accents dropped, lower case, letters/digits only."""
    text = unidecode(unicodedata.normalize("NFKC", word)).lower()
    return re.sub(r"[^a-z0-9]", "", text)


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with their offsets (a word folding to nothing is dropped)."""
    out = []
    for m in _WORD.finditer(text):
        w = fold_word(m.group(0))
        if w:
            out.append(Token(w, m.start(), m.end()))
    return out


def _words(text: str) -> list[str]:
    return [t.word for t in tokenize(text)]


def _similar(a: str, b: str) -> float:
    """Match score of two folded words: same, a typo apart, or different."""
    if a == b:
        return _MATCH
    if min(len(a), len(b)) >= 4 and not (a.isdigit() or b.isdigit()):
        budget = 1 if max(len(a), len(b)) <= 6 else 2
        if Levenshtein.distance(a, b, score_cutoff=budget) <= budget:
            return _NEAR
    return -_GAP


@dataclass(slots=True)
class _Hit:
    start: int  # first text token
    end: int  # one past the last text token
    score: float
    found: int  # registered words matched


def local_align(reg: list[str], text: list[Token], lo: int = 0, hi: int | None = None) -> _Hit | None:
    """Best local alignment of the registered words ``reg`` inside ``text[lo:hi]``.

    Besides match / typo / gap, a text word may equal two registered words run together
    (``acetabularosteolyses``) and two text words one registered word split (``Nutriti onal``).
    """
    hi = len(text) if hi is None else hi
    toks = [t.word for t in text[lo:hi]]
    m, n = len(reg), len(toks)
    if not m or not n:
        return None
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    best, best_at = 0.0, (0, 0)
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            s = _similar(reg[i - 1], toks[j - 1])
            options = [(score[i - 1][j - 1] + s, (i - 1, j - 1, 1 if s > 0 else 0)),
                       (score[i - 1][j] - _GAP, (i - 1, j, 0)), (score[i][j - 1] - _GAP, (i, j - 1, 0))]
            if i >= 2 and toks[j - 1] == reg[i - 2] + reg[i - 1]:
                options.append((score[i - 2][j - 1] + _MATCH, (i - 2, j - 1, 2)))
            if j >= 2 and toks[j - 2] + toks[j - 1] == reg[i - 1]:
                options.append((score[i - 1][j - 2] + _MATCH, (i - 1, j - 2, 1)))
            value, step = max(options, key=lambda o: o[0])
            if value > 0:
                score[i][j], back[i][j] = value, step
                if value > best:
                    best, best_at = value, (i, j)
    if best <= 0:
        return None
    i, j = best_at
    end, found = j, 0
    start = j
    while back[i][j] is not None and score[i][j] > 0:
        pi, pj, got = back[i][j]  # type: ignore[misc]
        found += got
        if pj < j:
            start = pj
        i, j = pi, pj
    return _Hit(lo + start, lo + end, best, found)


def _title_hit(toks: list[Token], work: Work) -> tuple[_Hit, int] | None:
    """The best-aligned registered title form and its word count."""
    best: tuple[_Hit, int] | None = None
    for form in registered_forms(work):
        reg = _words(form)
        hit = local_align(reg, toks)
        if hit is None or hit.found < MIN_TITLE_COVER * len(reg):
            continue
        # registered words not found count against a form: the title without a subtitle that is
        # not printed beats title + subtitle matching one stray "of" of the journal after it
        if best is None or hit.score - (len(reg) - hit.found) > best[0].score - (best[1] - best[0].found):
            best = (hit, len(reg))
    return best


def _extend_to_stop(text: str, toks: list[Token], nxt: int, limit: int) -> int:
    """Words after the located title up to the next separator (or the journal, token ``limit``)
    still belong to it: an extra word the author added is an extra word, not debris. A number
    ends it too. Returns one past the title's last token."""
    while nxt < limit:
        between = text[toks[nxt - 1].end:toks[nxt].start]
        if _TITLE_STOP.search(between) or "\n" in between or toks[nxt].word.isdigit():
            break
        nxt += 1
    return nxt


def _extend_back(text: str, toks: list[Token], first: int, names: set[str]) -> int:
    """Words before the located title back to the previous separator belong to it, unless they
    are the registered authors' names (an unpunctuated byline). Returns the first token."""
    i = first - 1
    while i >= 0:
        between = text[toks[i].end:toks[i + 1].start]
        if (_TITLE_STOP.search(between) or toks[i].word.isdigit() or toks[i].word in names
                or toks[i].word in _BYLINE_END):
            break
        i -= 1
    return i + 1


def _name_words(work: Work) -> set[str]:
    out: set[str] = set()
    for a in work.authors:
        for part in (a.family, a.given, a.group):
            out.update(_words(part or ""))
        out.update(ch.lower() for ch in (a.initials or ""))
        if a.initials:
            out.add(a.initials.lower())
    return out


def _journal_forms(work: Work) -> list[str]:
    forms = [f for f in [work.container, *work.container_abbrevs] if f]
    return list(dict.fromkeys(forms))


def _locate_journal(text: str, toks: list[Token], work: Work, after: int) -> Located | None:
    """The journal, in any registered form, after the title (token index ``after``)."""
    best: tuple[float, Located] | None = None
    for form in _journal_forms(work):
        reg = _words(form)
        hit = local_align(reg, toks, after)
        if hit is None or hit.found < len(reg):
            continue  # a journal is found whole or not at all: a wrong journal must stay wrong
        start, end = toks[hit.start].start, toks[hit.end - 1].end
        located = Located("journal", text[start:end], start, end, 1.0)
        if best is None or hit.score > best[0]:
            best = (hit.score, located)
    return best[1] if best else None


_LOCATOR_WORDS = frozenset(["vol", "volume", "no", "issue", "pp", "p", "doi", "http", "https"])
MAX_JOURNAL_WORDS = 12


def _journal_after(text: str, toks: list[Token], first: int) -> Located | None:
    """The words after the title up to the next field separator, a number or a locator word."""
    last = first
    while last < len(toks) and last - first < MAX_JOURNAL_WORDS:
        tok = toks[last]
        if tok.word.isdigit() or tok.word in _LOCATOR_WORDS:
            break
        if last > first and re.search(r"[,.;:(\n]", text[toks[last - 1].end:tok.start]):
            break
        last += 1
    if last == first:
        return None
    return Located("journal", text[toks[first].start:toks[last - 1].end], toks[first].start, toks[last - 1].end, 0.0)


def _locate_byline(text: str, toks: list[Token], title_start: int) -> Located | None:
    """The byline: the text before the title (its words; a trailing year is the APA date)."""
    head = [t for t in toks if t.end <= title_start]
    while head and _YEAR.fullmatch(text[head[-1].start:head[-1].end]):
        head.pop()
    if not head:
        return None
    return Located("authors", text[head[0].start:head[-1].end], head[0].start, head[-1].end, 1.0)


_SHORT_WORD = re.compile(r"[^\W\d_]+")
_CONNECTIVE = frozenset(["and", "et", "al", "others"])


def recase_byline(text: str) -> str:
    """A lower-cased byline with the capitals a byline parser needs: ``everett ed, szabo ms``
    -> ``Everett ED, Szabo MS``; ``dzeken, t.`` -> ``Dzeken, T.``. Upper-case letters are kept.

    A word of one letter, or of two or three letters ending a name (before ``,``, ``.``, ``&``
    or the end), is initials; any other word is a name and gets a capital.
    """
    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in _CONNECTIVE or not word.islower():
            return word
        after = text[m.end():m.end() + 2]
        before = text[:m.start()].rstrip()
        if len(word) == 1 or (len(word) <= 3 and before and before[-1].isalpha()
                              and (not after.strip() or after.lstrip()[:1] in ",.&;")):
            return word.upper()
        return word[:1].upper() + word[1:]
    return _SHORT_WORD.sub(fix, text)


def _byline_authors(citation: Citation, work: Work, byline: Located) -> tuple[list[Author], bool] | None:
    """The authors of the located byline: the record's own when its names cover it exactly,
    else the byline parser's reading of it with capitals restored; None when neither reads it."""
    count = covered_authors([t.word for t in tokenize(byline.value)], work)
    et_al = bool(re.search(r"\bet\.?\s*al\b", byline.value, re.I))
    if count:
        return [dataclasses.replace(a) for a in work.authors[:count]], et_al
    if citation.authors:
        return None  # the parse read a byline the record's names do not cover: its reading stands
    read = scan_byline(recase_byline(byline.value) + ".")
    if read.authors and read.end >= len(byline.value) - 1:
        return read.authors, read.et_al or et_al
    return None


def align_reference(citation: Citation, work: Work) -> Alignment:
    """Locate the record's title, journal and byline in ``citation.text``."""
    text = citation.text
    toks = tokenize(_LINK.sub(lambda m: " " * len(m.group(0)), text))  # no field inside a DOI or URL
    out = Alignment()
    found = _title_hit(toks, work)
    if found is None:
        return out
    hit, size = found
    journal = _locate_journal(text, toks, work, hit.end)
    limit = next((k for k, t in enumerate(toks) if journal and t.start >= journal.start), len(toks))
    last = _extend_to_stop(text, toks, hit.end, limit)
    if journal is None and not citation.container:
        # no registered form of the journal is printed, and the parse found none: the words
        # after the title are the journal as printed (a wrong journal must be compared)
        journal = _journal_after(text, toks, hit.end)
        if journal is not None:
            last = hit.end
    first = _extend_back(text, toks, hit.start, _name_words(work))
    start, end = toks[first].start, toks[last - 1].end
    out.fields["title"] = Located("title", text[start:end], start, end, hit.found / size)
    if journal is not None:
        out.fields["journal"] = journal
    year = _locate_year(citation, work, (start, end))
    if year is not None:
        out.fields["year"] = year
    byline = _locate_byline(text, toks, start)
    if byline is not None:
        out.fields["authors"] = byline
    return out


def aligned_citation(citation: Citation, work: Work, alignment: Alignment) -> Citation:
    """The citation with each located field's cited value taken from the alignment."""
    changes: dict = {}
    title = alignment.fields.get("title")
    if title is not None:
        changes["title"] = _strip_title(title.value)
    journal = alignment.fields.get("journal")
    if journal is not None:
        changes["container"] = journal.value
    byline = alignment.fields.get("authors")
    read = _byline_authors(citation, work, byline) if byline is not None else None
    if read is not None:
        changes["authors"], et_al = read
        changes["et_al"] = citation.et_al or et_al
    year = alignment.fields.get("year")
    if year is not None and int(year.value[:4]) != citation.year:
        changes["year"] = int(year.value[:4])
    return dataclasses.replace(citation, **changes) if changes else citation


def _locate_year(citation: Citation, work: Work, title: tuple[int, int]) -> Located | None:
    """A registered year printed on its own outside the title, DOI and URLs (``1978 114(12):1807``
    is read as year 1807 by the parser), or None. The first one wins. A number the parse read
    as the volume, issue or a page is not a year (``vol. 2013``, ``Nov. 2017``: 2017 stays)."""
    text = citation.text
    years = {str(y) for y in (work.year, work.year_print, work.year_online) if y}
    taken = {citation.volume, citation.issue, citation.first_page, citation.last_page}
    for m in _YEAR.finditer(_LINK.sub(lambda m: " " * len(m.group(0)), text)):
        if m.group(0) in taken:
            continue
        if m.group(0)[:4] in years and not title[0] <= m.start() < title[1]:
            return Located("year", m.group(0), m.start(), m.end(), 1.0)
    return None


def _strip_title(value: str) -> str:
    """Quotes and the field-ending punctuation around a located title are layout."""
    return value.strip().strip("\"'\u201c\u201d\u2018\u2019").strip(" ,;:").strip() or value
