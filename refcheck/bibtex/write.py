"""Step 4 of BibTeX output: serialise entries, each after its provenance comment.

Every field value is made *brace-safe* here, the last step before the text exists: BibTeX
counts braces literally (a backslash does not escape one), so ``{\\}}`` - the usual LaTeX escape
of a brace - closes the field early, and a reference printed as ``Title}, note = {INJECTED``
or a DOI ``10.1000/abc},note={X`` became a second field (issue #17). Escaped braces become
``\textbraceleft{}``/``\textbraceright{}`` and any brace left unmatched is dropped, so no value
can close its field. Comments get control characters and line breaks removed, so a file name or
provenance cannot start a line of BibTeX.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, ImplicitComment

from refcheck.bibtex.model import BibRecord
from refcheck.report.safe import one_line

_ESCAPED_BRACE = re.compile(r"\\([{}])")


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
        library.add(ImplicitComment("\n".join(f"% {one_line(line)}".rstrip() for line in header.splitlines())))
    for record, entry in zip(records, entries, strict=True):
        library.add(ImplicitComment(f"% [{record.number}] {one_line(record.provenance)}"))
        for field in entry.fields:
            if field.enclosing != "no-enclosing" and isinstance(field.value, str):
                field.value = brace_safe(field.value)
        library.add(entry)
    text = bibtexparser.write_string(library, bibtex_format=bibtex_format())
    return text if text.endswith("\n") else text + "\n"


def brace_safe(value: str) -> str:
    """``value`` with escaped braces spelled as macros and unmatched braces dropped (see module doc)."""
    value = _ESCAPED_BRACE.sub(lambda m: r"\textbraceleft{}" if m.group(1) == "{" else r"\textbraceright{}", value)
    if "{" not in value and "}" not in value:
        return value
    out: list[str] = []
    opened: list[int] = []
    for ch in value:
        if ch == "}":
            if not opened:
                continue  # would close the field: dropped
            opened.pop()
        elif ch == "{":
            opened.append(len(out))
        out.append(ch)
    for index in reversed(opened):  # never closed: dropped
        del out[index]
    return "".join(out)
