"""Stage 2, parse: one raw entry -> one typed Citation. (placeholder)"""

from __future__ import annotations

from refcheck.model import Citation, RawEntry


def parse_entry(entry: RawEntry) -> Citation:
    """Parse one reference-list entry into fields; unknown fields stay None."""
    return Citation(text=entry.text, number=entry.number, span=entry.span)
