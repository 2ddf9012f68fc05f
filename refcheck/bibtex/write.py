"""Step 4 of BibTeX output: serialise entries, each after its provenance comment."""

from __future__ import annotations

from collections.abc import Sequence

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, ImplicitComment

from refcheck.bibtex.model import BibRecord


def bibtex_format() -> bibtexparser.BibtexFormat:
    """Two-space indent, one blank line between blocks (what most .bib files look like)."""
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = False
    return fmt


def write(records: Sequence[BibRecord], entries: Sequence[Entry], header: str | None = None) -> str:
    """The .bib text: optional header comment, then ``% [n] provenance`` + entry per reference."""
    library = Library()
    if header:
        library.add(ImplicitComment("\n".join(f"% {line}".rstrip() for line in header.splitlines())))
    for record, entry in zip(records, entries, strict=True):
        library.add(ImplicitComment(f"% [{record.number}] {record.provenance}"))
        library.add(entry)
    text = bibtexparser.write_string(library, bibtex_format=bibtex_format())
    return text if text.endswith("\n") else text + "\n"
