"""MEDLINE text (PubMed exports, ``.nbib``, efetch ``rettype=medline``) as tag/value records.

Library import turns each record into a citation to resolve (:mod:`refcheck.library.medline`),
the mirror into ``<PubmedArticle>`` XML (:mod:`refcheck.mirror.medline`); both read the file
here, so both agree on where a record ends and which lines continue a field.

Format: ``TAG - value`` lines (tag left-aligned, padded to 4), continuation lines indented by
6 spaces, records separated by blank lines and starting with ``PMID-``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

Record = list[tuple[str, str]]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*-\s?(.*)$")
_PMID_LINE = re.compile(r"^PMID- ?(\d{1,9})\s*$", re.M)
_ARTICLE_ID = re.compile(r"^(\S+)\s*\[(\w+)\]\s*$")


def looks_like_medline(head: str) -> bool:
    """True for MEDLINE-format text (a ``PMID- `` tag line near the start), whatever the suffix."""
    return bool(_PMID_LINE.search(head))


def medline_records(lines: Iterable[str]) -> Iterator[Record]:
    """(tag, value) pairs of each record, in file order, continuation lines joined.

    A record ends at a blank line, or at a second ``PMID-`` line: some exports run records
    together. An indented line continues the field above it only when that line was a tag line
    (or its continuation), never a stray line of text.
    """
    fields: Record = []
    joinable = False
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if fields:
                yield fields
                fields = []
            joinable = False
            continue
        if line.startswith("      "):
            if joinable:
                tag, value = fields[-1]
                fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        match = _TAG_LINE.match(line)
        joinable = match is not None
        if match is None:
            continue
        tag = match.group(1)
        if tag == "PMID" and any(t == "PMID" for t, _ in fields):
            yield fields
            fields = []
        fields.append((tag, match.group(2).strip()))
    if fields:
        yield fields


def tag_values(record: Record) -> dict[str, list[str]]:
    """Every value of each tag, in record order (``AU``, ``AID``… repeat)."""
    out: dict[str, list[str]] = {}
    for tag, value in record:
        out.setdefault(tag, []).append(value)
    return out


def article_id(value: str) -> tuple[str, str] | None:
    """An ``AID``/``LID`` value as (identifier, kind): ``10.1016/x [doi]`` -> ``("10.1016/x", "doi")``."""
    match = _ARTICLE_ID.match(value)
    return (match.group(1), match.group(2).lower()) if match else None
