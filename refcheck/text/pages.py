"""Printed page ranges: NLM elision (``728-34``) undone, article numbers compared loosely.

The parser, the registries' readers, the checks and the exporters all read page ranges; one
definition keeps ``1199-205`` and ``1199-1205`` the same range for every one of them.
"""

from __future__ import annotations

import re

from refcheck.text.fold import DASH_RUN, dashes, fold


def expand_pages(pages: str | None) -> tuple[str | None, str | None]:
    """First and last page of a printed range, with NLM elision undone.

    ``728-34`` -> (728, 734); ``1199-205`` -> (1199, 1205); ``S93-9`` -> (S93, S99);
    ``17S-21S`` -> (17S, 21S); ``e1234`` -> (e1234, None). A range that would go backwards
    keeps the raw last page (it is then reported, never silently "fixed").
    """
    if not pages:
        return None, None
    text = dashes(pages).strip().strip(".,;")
    parts = [p.strip() for p in DASH_RUN.split(text, maxsplit=1)]  # blanks are stripped, not matched
    first = parts[0] or None
    if len(parts) == 1 or not parts[1]:
        return first, None
    last = parts[1]
    m1 = re.fullmatch(r"([A-Za-z]*)(\d+)([A-Za-z]*)", first or "")
    m2 = re.fullmatch(r"([A-Za-z]*)(\d+)([A-Za-z]*)", last)
    if m1 and m2 and len(m1.group(2)) <= 12 and len(m2.group(2)) <= 12:  # not a page: no int() of 5,000 digits
        prefix, digits1, suffix = m1.groups()
        p2, digits2, s2 = m2.groups()
        if len(digits2) < len(digits1):
            digits2 = digits1[: len(digits1) - len(digits2)] + digits2
        if int(digits2) >= int(digits1):
            return first, f"{p2 or prefix}{digits2}{s2 or suffix}"
    return first, last


def same_page(a: str | None, b: str | None) -> bool:
    """Pages/article numbers equal after case folding and zero-padding (e0123 == e123)."""
    if a is None or b is None:
        return False
    na = re.sub(r"(?<![0-9])0+(?=\d)", "", fold(a))
    nb = re.sub(r"(?<![0-9])0+(?=\d)", "", fold(b))
    return na == nb
