"""LaTeX text for BibTeX fields: brace protection and (optionally) ASCII encoding.

Classic BibTeX styles lower-case titles (``plain.bst`` "t" formatting) and mangle names they
cannot split, so acronyms and mixed-case words are wrapped in braces (``{GIST}``, ``{mRNA}``,
``{T2}``) and group authors are braced whole. Non-ASCII becomes LaTeX accents via pylatexenc
(``Müller`` -> ``M{\\"u}ller``) unless the user asked for UTF-8 (biber/biblatex).
"""

from __future__ import annotations

from pylatexenc.latexencode import unicode_to_latex

from refcheck.model import Author
from refcheck.text.case import WORD, is_sentence_case, needs_protection, title_starts

_SPECIAL_UTF8 = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                 "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def encode(text: str, utf8: bool = False) -> str:
    """Escape LaTeX specials; with ``utf8=False`` also turn non-ASCII into LaTeX macros."""
    if utf8:
        return "".join(_SPECIAL_UTF8.get(ch, ch) for ch in text)
    return unicode_to_latex(text, non_ascii_only=False, replacement_latex_protection="braces-all",
                            unknown_char_policy="keep")


def protect_title(title: str, utf8: bool = False) -> str:
    """Encode a title, bracing the words a style must not lower-case: acronyms and mixed case
    always, and in a sentence-case title the capitalised words inside it (proper nouns:
    ``{Crohn}``, ``{Parkinson}``, ``{European}``), which ``plain.bst`` would otherwise lower-case."""
    out = []
    pos = 0
    starts = title_starts(title)
    proper = is_sentence_case(title, starts)
    for m in WORD.finditer(title):
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
