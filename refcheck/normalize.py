"""DOI normalisation: one bare lower-case form of a DOI for every stage."""

from __future__ import annotations

import re

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)


def normalize_doi(doi: str | None) -> str | None:
    """Bare lower-case DOI from ``doi:``/``https://doi.org/`` forms; None if not a DOI."""
    if not doi:
        return None
    m = _DOI_RE.search(doi.strip())
    if not m:
        return None
    value = m.group(0).rstrip(".,;")
    # Strip a closing bracket only when it closes nothing inside the DOI: "(doi:10.1/x)" ends with
    # a sentence bracket, but 10.1016/s0002-9440(10)65266-2 and "...2022.1(2)" keep theirs.
    pairs = {")": "(", "]": "[", ">": "<", "}": "{"}
    while value and value[-1] in pairs and value.count(value[-1]) > value.count(pairs[value[-1]]):
        value = value[:-1].rstrip(".,;")
    return value.lower()
