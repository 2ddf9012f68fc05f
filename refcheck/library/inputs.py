"""What the user typed after ``refcheck add``: an identifier of some kind, or a reference string."""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.normalize import normalize_doi

_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})", re.I)
_PMC_URL = re.compile(r"(?:/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/)(PMC\d+)", re.I)
_PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.I)
_PMCID = re.compile(r"^(?:pmcid:?\s*)?(PMC\d{3,9})$", re.I)
_DOI_ONLY = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)


@dataclass(frozen=True, slots=True)
class UserInput:
    """One thing to add: ``kind`` is doi | pmid | pmcid | text."""

    kind: str
    value: str


def classify(item: str) -> UserInput:
    """Recognise DOIs, PMIDs, PMCIDs (bare, prefixed or as URLs); anything else is text."""
    text = item.strip()
    if m := _PUBMED_URL.search(text):
        return UserInput("pmid", m.group(1))
    if m := _PMC_URL.search(text):
        return UserInput("pmcid", m.group(1).upper())
    if _DOI_ONLY.match(text):
        doi = normalize_doi(text)
        if doi:
            return UserInput("doi", doi)
    if m := _PMID.match(text):
        return UserInput("pmid", m.group(1))
    if m := _PMCID.match(text):
        return UserInput("pmcid", m.group(1).upper())
    return UserInput("text", text)


def split_items(text: str) -> list[str]:
    """Items from a file or stdin: one per line (blank lines and ``#`` comments skipped)."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
