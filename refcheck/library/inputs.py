"""What the user gives ``refcheck add``: identifiers of some kind, reference strings, or a list.

``classify`` recognises one item; ``split_items`` turns a file or standard input into items,
one per line for a column of identifiers, or through the extract stage (the same splitter as
``check``) when the text is a reference list, so that a numbered entry wrapped over several
lines stays one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.model import Citation
from refcheck.text.identifiers import DOI_RESOLVER, DOI_START, PMCID, normalize_doi

_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})", re.I)
_PMC_URL = re.compile(rf"(?:/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/)({PMCID})", re.I)
_PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.I)
_PMCID = re.compile(rf"^(?:pmcid:?\s*)?({PMCID})$", re.I)
_DOI_ONLY = re.compile(rf"^(?:doi:\s*|{DOI_RESOLVER})?{DOI_START}\S+$", re.I)
IDENTIFIER_KINDS = frozenset({"doi", "pmid", "pmcid"})


@dataclass(frozen=True, slots=True)
class UserInput:
    """One thing to add.

    ``kind`` is ``doi`` | ``pmid`` | ``pmcid`` (looked up directly), ``text`` (a reference
    string, parsed then matched) or ``citation`` (already parsed by the extract/parse stages,
    e.g. an entry of an imported .bib or RIS file; matched like ``check`` matches it).
    ``key`` is the cite key the input already had (an imported .bib entry), if any.
    """

    kind: str
    value: str
    citation: Citation | None = None
    key: str | None = None

    @property
    def label(self) -> str:
        """A one-line name for messages (long reference strings cut)."""
        text = " ".join(self.value.split())
        return text if len(text) <= 70 else text[:67] + "..."


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


def _lines(text: str) -> list[str]:
    """Non-blank lines that are not ``#`` comments."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def split_items(text: str) -> list[UserInput]:
    """Items from a file or standard input.

    A column of identifiers (or of one-line references) is read line by line. Text that reads
    as a reference list — numbered entries, or a 'References' heading — is split by
    :func:`refcheck.extract.text.extract_text`, exactly as ``check`` splits a manuscript, so a
    wrapped entry is not cut into pieces and link debris still yields its identifiers.
    """
    lines = _lines(text)
    items = [classify(line) for line in lines]
    if all(item.kind in IDENTIFIER_KINDS for item in items):
        return items
    from refcheck.extract.text import extract_text
    from refcheck.parse import parse_entry

    doc = extract_text(text)
    numbered = sum(1 for e in doc.entries if e.number is not None)
    if doc.entries and (doc.heading is not None or numbered >= 2):
        out: list[UserInput] = []
        for entry in doc.entries:
            as_id = classify(entry.text)
            if as_id.kind in IDENTIFIER_KINDS:
                out.append(as_id)
            else:
                out.append(UserInput("citation", entry.text, citation=parse_entry(entry)))
        return out
    return items
