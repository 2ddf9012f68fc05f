"""PubMed/MEDLINE exports (``.nbib``, ``rettype=medline`` text): the PMIDs they hold.

A MEDLINE record starts with ``PMID- 12345``; importing resolves those PMIDs in PubMed (or the
mirror) rather than trusting the export's fields, so the library gets the current record.
"""

from __future__ import annotations

import re
from pathlib import Path

_PMID_LINE = re.compile(r"^PMID- ?(\d{1,9})\s*$", re.M)


def is_medline(path: Path) -> bool:
    """True for MEDLINE-format text (``PMID- `` tag lines), whatever the file suffix."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return False
    return bool(_PMID_LINE.search(head))


def medline_pmids(path: Path) -> list[str]:
    """Every record's PMID, in file order, without repeats."""
    seen: dict[str, None] = {}
    for m in _PMID_LINE.finditer(path.read_text(encoding="utf-8", errors="replace")):
        seen.setdefault(m.group(1), None)
    return list(seen)
