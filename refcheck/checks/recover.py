"""Registry-guided byline recovery: a byline the parser could not read, confirmed by the record.

Registries hold names in shapes no citation style foresees — a publisher as the only author
("Urban & Vogel"), a mononym ("Govindjee"), name parts swapped or unsplit ("LEWIS DEAN",
"Chun-Li Chang"), an initial as the surname ("C.") — and reference managers copy them into
manuscripts as deposited. The parser then finds no byline and the whole
``Urban & Vogel. Praxisnahe Fortbildung …`` becomes the title, which the title check reports as
extra words: a false alarm on a correct reference.

Once the matcher has linked the record, the ambiguity is gone: if the cited "title" is the
registered title preceded by words that are all the registered authors' names (in order, each
author's surname present), that prefix *is* the byline. The citation is re-split accordingly and
the checks compare the corrected fields. Nothing is recovered when the parser found any author,
or when a single prefix word is not a registered name (then the findings stand).
"""

from __future__ import annotations

import dataclasses
import re

from refcheck.checks.title import registered_forms
from refcheck.model import Author, Citation, Work
from refcheck.normalize import key

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
        covered = _covered_authors(prefix, work)
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


def _name_tokens(author: Author) -> tuple[set[str], set[str]]:
    """(surname tokens that must be printed, every token the author's name may print as)."""
    if author.is_group:
        words = set(key(author.group or "").split())
        return words - _CONNECTIVES, words
    family = set(key(author.family or "").split())
    given = set(key(author.given or "").split())
    initials = (author.initials or "").lower()
    allowed = family | given | ({initials} if initials else set()) | set(initials)
    return family - _CONNECTIVES, allowed


def _covered_authors(prefix: list[str], work: Work) -> int | None:
    """How many registered authors (from the first) the prefix prints, if it prints only them.

    Every prefix word must belong to one of those authors' names, a connective ("and",
    "et al.") or the year (author-date styles put it before the title); every one of those
    authors must have its surname in the prefix, in byline order.
    """
    years = {str(y) for y in (work.year, work.year_print, work.year_online) if y}
    remaining = [t for t in prefix if t not in _CONNECTIVES and t not in years]
    if not remaining:
        return None
    allowed: set[str] = set()
    position = 0
    for count, author in enumerate(work.authors, start=1):
        needed, names = _name_tokens(author)
        if not needed:
            return None
        found = _find_all(remaining, needed, position)
        if found is None:
            return None
        position = found
        allowed |= names
        if all(t in allowed for t in remaining):
            return count
    return None


def _find_all(tokens: list[str], needed: set[str], start: int) -> int | None:
    """The index after the last of ``needed`` found in ``tokens[start:]``, or None if one is missing."""
    end = start
    for word in needed:
        try:
            end = max(end, tokens.index(word, start) + 1)
        except ValueError:
            return None
    return end


def _after_words(text: str, words: int) -> str | None:
    """``text`` without its first ``words`` alphanumeric runs and the punctuation after them."""
    runs = list(_TOKEN.finditer(text))
    if words >= len(runs):
        return None
    rest = text[runs[words].start():] if words else text
    return rest.strip() or None
