"""``refcheck tidy``: normalise a .bib without any lookup, idempotently.

Each normalisation is a small pure function on one field value, applied by
:func:`tidy_library`; running tidy twice gives the same bytes as running it once (tested),
which is what lets ``refcheck tidy --check`` gate a pre-commit hook.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bibtexparser.library import Library
from bibtexparser.model import Entry, Field, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import UnicodeToLatexEncoder

from refcheck.bibtex.entries import ORDER
from refcheck.text.case import needs_protection
from refcheck.text.identifiers import strip_doi_prefix

# The field order refcheck writes (the BibTeX writer's); unknown fields follow alphabetically,
# refcheck's own provenance fields last.
FIELD_ORDER = [name for name in ORDER if name != "refcheck"] + ["series", "note"]
_PAGES_RANGE = re.compile(r"^\s*([A-Za-z]*\d+[A-Za-z]*)\s*(?:-{1,3}|\u2013|\u2014|\u2010|\u2212)\s*([A-Za-z]*\d+[A-Za-z]*)\s*$")
# A word outside braces and not a LaTeX macro name (``\\emph`` is left alone).
_WORD = re.compile(r"(?<![\\\w])([^\W_]+(?:-[^\W_]+)*)")
_ENCODER = UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", unknown_char_warning=False)
_DECODER = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=True)


def field_rank(name: str) -> tuple[int, str]:
    """Sort key giving refcheck's canonical field order."""
    if name in FIELD_ORDER:
        return (FIELD_ORDER.index(name), name)
    if name.startswith("refcheck"):
        return (len(FIELD_ORDER) + 1, name)
    return (len(FIELD_ORDER), name)


def insert_ranked(fields: list[Field], new: Field) -> None:
    """Insert ``new`` before the first field that comes after it in the canonical order.

    Adding a field this way keeps a tidy entry tidy (``refcheck tidy --check`` still passes).
    """
    rank = field_rank(new.key)
    at = next((i for i, f in enumerate(fields) if field_rank(f.key) > rank), len(fields))
    fields.insert(at, new)


def tidy_pages(value: str) -> str:
    """``728-734``/``728–734`` -> ``728--734``."""
    m = _PAGES_RANGE.match(value)
    return f"{m.group(1)}--{m.group(2)}" if m else value.strip()


def _outside_braces(text: str, func: Callable[[str], str]) -> str:
    """Apply ``func`` only to the parts of ``text`` at brace depth 0."""
    out: list[str] = []
    depth = 0
    chunk = ""
    for ch in text:
        if ch == "{":
            if depth == 0:
                out.append(func(chunk))
                chunk = ""
            depth += 1
            out.append(ch)
        elif ch == "}" and depth > 0:
            depth -= 1
            out.append(ch)
        elif depth == 0:
            chunk += ch
        else:
            out.append(ch)
    out.append(func(chunk))
    return "".join(out)


def protect_acronyms(title: str) -> str:
    """Brace words BibTeX styles would otherwise lower-case: ``MRI`` -> ``{MRI}``."""
    return _outside_braces(
        title, lambda part: _WORD.sub(lambda m: f"{{{m.group(1)}}}" if needs_protection(m.group(1)) else m.group(1), part)
    )


def to_latex(value: str) -> str:
    """Non-ASCII to LaTeX escapes for classic BibTeX (``Müller`` -> ``M{\\"u}ller``)."""
    return _ENCODER.unicode_to_latex(value) if any(ord(c) > 127 for c in value) else value


def to_utf8(value: str) -> str:
    """LaTeX accent escapes back to UTF-8, keeping protective braces (for biber)."""
    if "\\" not in value:
        return value
    return _DECODER.latex_to_text(value)


def tidy_value(name: str, value: str, *, utf8: bool) -> str:
    """Normalise one field value."""
    value = re.sub(r"\s+", " ", value).strip()
    if name == "pages":
        value = tidy_pages(value)
    if name == "doi":
        value = strip_doi_prefix(value)
    if name in {"url", "doi"}:
        return value
    value = to_utf8(value) if utf8 else to_latex(value)
    if name == "title":
        value = protect_acronyms(value)
    return value


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_macro(value: str) -> str | None:
    """``February``/``feb``/``2`` -> ``feb`` (BibTeX's month macro), else None (kept as text)."""
    text = value.strip().strip("{}").strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return MONTHS[int(text) - 1]
    return text[:3] if text[:3] in MONTHS and (len(text) == 3 or text.rstrip(".").isalpha()) else None


def _tidy_field(field: Field, *, utf8: bool) -> Field:
    name = field.key.lower()
    if name == "month" and (macro := month_macro(str(field.value))):
        # An unbraced macro, so BibTeX styles print the month name in the document's language.
        return Field(name, macro, enclosing="no-enclosing")
    return Field(name, tidy_value(name, str(field.value), utf8=utf8))


def tidy_entry(entry: Entry, *, utf8: bool) -> Entry:
    """A new entry with lower-case type and field names, canonical order, tidy values."""
    fields = [_tidy_field(f, utf8=utf8) for f in entry.fields]
    fields.sort(key=lambda f: field_rank(f.key))
    return Entry(entry.entry_type.lower(), entry.key, fields)


def tidy_library(library: Library, *, utf8: bool = False, sort: str = "none",
                 order: list[str] | None = None) -> Library:
    """A tidied copy: entries normalised; sorted by key, by ``order`` (cite keys), or kept.

    Every other block (``@string``, ``@preamble``, ``@comment`` and free text between entries)
    is kept where it was: tidy never drops anything the author wrote. Sorting reorders the
    entries among the positions entries occupy.
    """
    entries = [tidy_entry(e, utf8=utf8) for e in library.entries]
    if sort == "key":
        entries.sort(key=lambda e: e.key.lower())
    elif sort == "cited" and order:
        position = {k: i for i, k in enumerate(order)}
        entries.sort(key=lambda e: position.get(e.key, len(position)))
    queue = iter(entries)
    tidy = Library()
    for block in library.blocks:
        if isinstance(block, Entry):
            tidy.add(next(queue))
        elif not isinstance(block, ParsingFailedBlock):
            tidy.add(block)
    return tidy
