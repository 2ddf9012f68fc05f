"""Registered locator fields as deposited: volume, issue and page values cleaned of labels and
placeholders.

Both the Crossref converter (:mod:`refcheck.sources.crossref_record`) and the mirror's index
keys (:mod:`refcheck.mirror.keys`) read deposits through these, so a record is keyed exactly as
it is converted; keeping them here (not in ``sources/``) lets the mirror build without
importing the live sources.
"""

from __future__ import annotations

import re
from typing import Any

_SPACE = re.compile(r"\s+")
# Volume/issue deposits that carry a label or a placeholder ("Volume 13", "n° 95", "null").
_NUMBER_LABEL = re.compile(r"^(?:(?:vol(?:ume)?|no|num(?:ber)?|issue)(?:\.\s*|\s+)|n[°º]\.?\s*)(?=\w)",
                           re.IGNORECASE)
_NO_NUMBER = re.compile(r"(?:null|none|n/?a|-|\?)", re.IGNORECASE)
# Deposited page "ranges" that stand for no page at all ("no-no", "n/a-n/a", "null").
_NO_PAGES = re.compile(r"(?:no|n/?a|none|null|unknown|-|\?)(?:\s*-\s*(?:no|n/?a|none|null|unknown|\?))?",
                       re.IGNORECASE)


def clean_text(text: Any) -> str | None:
    """A string with whitespace collapsed, or None for empty/non-strings."""
    if not isinstance(text, str):
        return None
    value = _SPACE.sub(" ", text).strip()
    return value or None


def page_range(value: Any) -> str | None:
    """The deposited page range, or None for placeholders such as ``no-no`` or ``n/a``, which
    would otherwise be reported to the author as the "registered" pages (labels such as
    ``IFC`` or roman ``xi-xiv`` are real pages and kept)."""
    pages = clean_text(value)
    return None if pages is None or _NO_PAGES.fullmatch(pages) else pages


def number_field(value: Any) -> str | None:
    """A deposited volume or issue without its label ("Volume 13" -> "13"); None for "null"."""
    text = clean_text(value)
    if text is None or _NO_NUMBER.fullmatch(text):
        return None
    return _NUMBER_LABEL.sub("", text) or None
