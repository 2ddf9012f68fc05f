"""LaTeX text for BibTeX fields: brace protection and (optionally) ASCII encoding.

Classic BibTeX styles lower-case titles (``plain.bst`` "t" formatting) and mangle names they
cannot split, so acronyms and mixed-case words are wrapped in braces (``{GIST}``, ``{mRNA}``,
``{T2}``) and group authors are braced whole. Non-ASCII becomes LaTeX accents via pylatexenc
(``Müller`` -> ``M{\\"u}ller``) unless the user asked for UTF-8 (biber/biblatex).
"""

from __future__ import annotations

import re

from pylatexenc.latexencode import unicode_to_latex

from refcheck.model import Author

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPECIAL_UTF8 = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                 "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def encode(text: str, utf8: bool = False) -> str:
    """Escape LaTeX specials; with ``utf8=False`` also turn non-ASCII into LaTeX macros."""
    if utf8:
        return "".join(_SPECIAL_UTF8.get(ch, ch) for ch in text)
    return unicode_to_latex(text, non_ascii_only=False, replacement_latex_protection="braces-all",
                            unknown_char_policy="keep")


def needs_protection(word: str) -> bool:
    """Acronyms and mixed case (``MRI``, ``mRNA``, ``pH``, ``McHugh``) and capital+digit (``T2``)."""
    if any(ch.isupper() for ch in word[1:]):
        return True
    return word[:1].isupper() and any(ch.isdigit() for ch in word)


# Lower-case in Title Case too, so they tell nothing about the deposit's case style.
_FUNCTION_WORDS = frozenset([
    "with", "from", "into", "onto", "upon", "over", "than", "that", "this", "these", "those", "their",
    "after", "about", "among", "between", "without", "within", "during", "versus", "through", "under", "against",
])
# What separates a subtitle or sentence from the word before it (searched in the gap between words).
_SENTENCE_GAP = re.compile(r"(?:[:.?!—]\s+|\s[-–]\s+)$")


def _starts(title: str) -> set[int]:
    """Offsets of the words that open the title or a subtitle (capitalised in any case style).

    One pass: only the gap since the previous word can hold the separator."""
    out: set[int] = set()
    prev = 0
    for m in _WORD.finditer(title):
        if m.start() == 0 or _SENTENCE_GAP.search(title, prev, m.start()):
            out.add(m.start())
        prev = m.end()
    return out


def is_sentence_case(title: str, starts: set[int] | None = None) -> bool:
    """Whether the registry deposited the title in sentence case ("Embolism in Crohn disease").

    Only then does a capital inside the title mark a proper noun; in a Title Case deposit every
    word is capitalised and nothing can be told apart. ``starts``: :func:`_starts` of the title,
    when the caller has it already."""
    starts = _starts(title) if starts is None else starts
    words = [m.group(0) for m in _WORD.finditer(title) if m.start() not in starts and len(m.group(0)) >= 4
             and m.group(0).isalpha() and not needs_protection(m.group(0))
             and m.group(0).lower() not in _FUNCTION_WORDS]
    return len(words) >= 2 and sum(w[0].islower() for w in words) >= 0.6 * len(words)


def protect_title(title: str, utf8: bool = False) -> str:
    """Encode a title, bracing the words a style must not lower-case: acronyms and mixed case
    always, and in a sentence-case title the capitalised words inside it (proper nouns:
    ``{Crohn}``, ``{Parkinson}``, ``{European}``), which ``plain.bst`` would otherwise lower-case."""
    out = []
    pos = 0
    starts = _starts(title)
    proper = is_sentence_case(title, starts)
    for m in _WORD.finditer(title):
        out.append(encode(title[pos:m.start()], utf8))
        raw = m.group(0)
        word = encode(raw, utf8)
        capital = proper and raw[:1].isupper() and m.start() not in starts
        out.append(f"{{{word}}}" if needs_protection(raw) or capital else word)
        pos = m.end()
    out.append(encode(title[pos:], utf8))
    return "".join(out)


def _dotted(initials: str) -> str:
    return " ".join(f"{ch}." for ch in initials if ch.isalpha())


def format_name(author: Author, utf8: bool = False) -> str:
    """``Family, Given`` (``Family, Jr., Given``); a group is braced whole so it stays one name."""
    if author.is_group:
        return "{" + encode(author.group or "", utf8) + "}"
    family = encode(author.family or "", utf8)
    if " and " in f" {family} ":  # a family name containing the word 'and' must not split
        family = "{" + family + "}"
    given = author.given or (_dotted(author.initials) if author.initials else "")
    parts = [family]
    if author.suffix:
        parts.append(encode(author.suffix, utf8))
    if given:
        parts.append(encode(given, utf8))
    return ", ".join(parts)


def format_names(authors: list[Author], utf8: bool = False) -> str:
    return " and ".join(format_name(a, utf8) for a in authors)
