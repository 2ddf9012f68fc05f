"""Step 3 of BibTeX output: records -> bibtexparser entries (LaTeX text, keys, field order)."""

from __future__ import annotations

from collections.abc import Sequence

from bibtexparser.model import Entry, Field

from refcheck.bibtex.latex import encode, format_names, protect_title
from refcheck.bibtex.model import BibRecord
from refcheck.text.case import sentence_case

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Fields whose text is an identifier: written as is (a DOI's underscore is not a subscript).
VERBATIM = frozenset({"doi", "pmid", "pmcid", "issn", "isbn", "url", "year", "volume", "number", "pages", "refcheck"})
TITLE_LIKE = frozenset({"title"})
ORDER = ("author", "editor", "title", "journal", "shortjournal", "booktitle", "howpublished", "edition", "publisher",
         "institution", "school", "address", "year", "month", "volume", "number", "pages", "doi", "pmid",
         "pmcid", "issn", "isbn", "url", "refcheck")


def _value(name: str, value: str, utf8: bool, hints: Sequence[str] = ()) -> str:
    if name in TITLE_LIKE:
        # ALL-CAPS / Title Case deposits to sentence case, so that the style decides the case
        return protect_title(sentence_case(value, hints), utf8)
    if name == "pages":
        return value.replace("\u2013", "--").replace("\u2014", "--")
    if name in VERBATIM:
        return value
    if name in ("journal", "shortjournal", "booktitle", "publisher"):
        return protect_title(value, utf8) if any(w.isupper() and len(w) > 1 for w in value.split()) \
            else encode(value, utf8)
    return encode(value, utf8)


def to_entry(record: BibRecord, key: str, *, utf8: bool = False) -> Entry:
    """A bibtexparser Entry with fields in a conventional order; ``month`` as a macro (``mar``)."""
    values: dict[str, Field] = {}
    if record.authors:
        names = format_names(record.authors, utf8)
        values["author"] = Field("author", names + (" and others" if record.truncated else ""))
    if record.editors:
        values["editor"] = Field("editor", format_names(record.editors, utf8))
    for name, value in record.fields.items():
        values[name] = Field(name, _value(name, value, utf8, record.title_hints))
    if record.month:
        values["month"] = Field("month", MONTHS[record.month - 1], enclosing="no-enclosing")
    ordered = [values[n] for n in ORDER if n in values] + [f for n, f in values.items() if n not in ORDER]
    return Entry(record.entry_type, key, ordered)


def to_entries(records: Sequence[BibRecord], keys: Sequence[str], *, utf8: bool = False) -> list[Entry]:
    return [to_entry(r, k, utf8=utf8) for r, k in zip(records, keys, strict=True)]
