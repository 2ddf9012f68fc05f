"""Stage 6, bibtex: write the reference list as BibTeX, one transformation per module.

    model.py    CheckedReference -> BibRecord (registered values, or parsed ones marked unverified)
    keys.py     BibRecord -> cite key (name+year+word, or ref<N>), de-duplicated
    entries.py  BibRecord + key -> bibtexparser Entry (LaTeX encoding, brace protection)
    write.py    entries -> .bib text with a provenance comment per entry

:func:`to_bibtex` runs the four steps; the CLI (``refcheck bib``) and the library manager call it.
"""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.bibtex.entries import to_entries
from refcheck.bibtex.keys import assign_keys
from refcheck.bibtex.model import BibRecord, records
from refcheck.bibtex.write import write
from refcheck.model import CheckedReference

__all__ = ["BibRecord", "assign_keys", "records", "to_bibtex"]


def to_bibtex(
    refs: Sequence[CheckedReference],
    *,
    utf8: bool = False,
    keys: str = "name",
    abbrev: bool = False,
    header: str | None = None,
    checked: str | None = None,
    mirror: str | None = None,
) -> str:
    """BibTeX for ``refs`` in list order.

    ``utf8`` keeps non-ASCII characters (biber/biblatex) instead of LaTeX accents; ``keys`` is
    ``name`` or ``number``; ``abbrev`` writes the NLM journal abbreviation instead of the full
    title; ``header`` becomes a leading ``%`` comment; ``checked`` (ISO date of the run) is
    named in the provenance of records whose source did not record a retrieval date.
    """
    recs = records(list(refs), abbrev=abbrev, checked=checked, mirror=mirror)
    entries = to_entries(recs, assign_keys(recs, keys), utf8=utf8)
    return write(recs, entries, header)
