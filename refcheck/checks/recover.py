"""Registry-guided byline recovery: a byline the parser could not read, confirmed by the record.

Registries hold names in shapes no citation style foresees — a publisher as the only author
("Urban & Vogel"), a mononym ("Govindjee"), name parts swapped or unsplit ("LEWIS DEAN",
"Chun-Li Chang"), an initial as the surname ("C.") — and reference managers copy them into
manuscripts as deposited. The parser then finds no byline and the whole
``Urban & Vogel. Praxisnahe Fortbildung …`` becomes the title, which the title check reports as
extra words: a false alarm on a correct reference.

Once the matcher has linked the record, the ambiguity is gone: if the cited "title" is the
registered title preceded by the registered authors' names — author by author, each surname
present, each author's given words and initials (in order) only its own — that prefix *is* the
byline. The citation is re-split accordingly and
the checks compare the corrected fields. Nothing is recovered when the parser found any author,
or when a single prefix word is not a registered name (then the findings stand).
"""

from __future__ import annotations

import dataclasses
import re

from refcheck.checks.title import registered_forms
from refcheck.model import Author, Citation, Work
from refcheck.text.fold import key

_TOKEN = re.compile(r"[^\W_]+")
_CONNECTIVES = frozenset(["and", "et", "al", "others"])
MAX_PREFIX_WORDS = 40  # a byline longer than this is not what the parser missed


def recover_byline(citation: Citation, work: Work | None) -> Citation | None:
    """The citation re-split with the byline the record confirms, or None when there is none."""
    if work is None or citation.authors or not citation.title or not work.authors:
        return None
    cited = key(citation.title).split()
    for form in registered_forms(work):
        reg = key(form).split()
        if not reg or len(cited) <= len(reg) or cited[-len(reg):] != reg:
            continue
        prefix = cited[: len(cited) - len(reg)]
        if len(prefix) > MAX_PREFIX_WORDS:
            return None
        covered = covered_authors(prefix, work)
        if covered is None:
            return None
        title = _after_words(citation.title, len(prefix))
        if not title or key(title).split() != reg:  # tokenisation disagreed (e.g. CJK): leave it
            return None
        return dataclasses.replace(
            citation,
            authors=[dataclasses.replace(a) for a in work.authors[:covered]],
            et_al=citation.et_al or ("et" in prefix and "al" in prefix),
            title=title,
            notes=[*citation.notes, f"byline read with the help of the {work.source} record "
                   f"(printed as {' '.join(prefix)!r})"],
        )
    return None


def _name_tokens(author: Author) -> tuple[set[str], set[str], str]:
    """(surname words that must be printed, every word the name may print as, initials in order)."""
    if author.is_group:
        words = set(key(author.group or "").split())
        return words - _CONNECTIVES, words, ""
    family = set(key(author.family or "").split())
    given = set(key(author.given or "").split())
    initials = key(author.initials or "").replace(" ", "")
    allowed = family | given | ({initials} if initials else set()) | set(initials)
    return family - _CONNECTIVES, allowed, initials


def covered_authors(prefix: list[str], work: Work) -> int | None:
    """How many registered authors (from the first) the prefix prints, if it prints exactly them.

    The prefix is walked author by author: each author's stretch may hold only that author's own
    name words (surname, given names, initials — single initials in the registered order) and
    must hold the whole surname, so "URBAN Paul, VOGEL Hans" for Urban H and Vogel A is not
    recovered (the given names belong to the wrong people) and the findings stand. Connectives
    ("and", "et al.") and the year may stand anywhere.
    """
    years = {str(y) for y in (work.year, work.year_print, work.year_online) if y}
    tokens = [t for t in prefix if t not in _CONNECTIVES and t not in years]
    pos = 0
    for count, author in enumerate(work.authors, start=1):
        needed, allowed, initials = _name_tokens(author)
        start = pos
        while pos < len(tokens) and tokens[pos] in allowed:
            pos += 1
        stretch = tokens[start:pos]
        if not needed or not needed <= set(stretch) or not _initials_in_order(stretch, needed, initials):
            return None
        if pos == len(tokens):
            return count
    return None


def _initials_in_order(stretch: list[str], family: set[str], initials: str) -> bool:
    """Single-letter words of an author's stretch follow the registered initials' order
    ("Urban A. H." is not Urban HA)."""
    letters = "".join(t for t in stretch if len(t) == 1 and t not in family)
    it = iter(initials)
    return all(ch in it for ch in letters)


def _after_words(text: str, words: int) -> str | None:
    """``text`` without its first ``words`` alphanumeric runs and the punctuation after them."""
    runs = list(_TOKEN.finditer(text))
    if words >= len(runs):
        return None
    return text[runs[words].start():].strip() or None
