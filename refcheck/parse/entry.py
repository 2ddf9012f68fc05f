"""One extracted entry to a Citation: the text is parsed, structured fields (BibTeX, JATS, RIS,
CSL-JSON) win over what the parse read, and over-long entries are cut before parsing.
"""

from __future__ import annotations

from refcheck.model import Citation, RawEntry
from refcheck.parse.core import parse_reference
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages

# A cap on the work per entry: the longest real references (consortium bylines) run to ~4,000
# characters; past this the text is a mis-split list or hostile input, and only its start is read.
MAX_ENTRY_CHARS = 12_000


def parse_entry(entry: RawEntry) -> Citation:
    """Parse a RawEntry; identifiers the extract stage recovered from link debris are kept."""
    if entry.fields:
        return _from_fields(entry)
    if len(entry.text) > MAX_ENTRY_CHARS:
        cit = parse_reference(entry.text[:MAX_ENTRY_CHARS], entry.number, identifiers=entry.identifiers,
                              span=entry.span)
        cit.notes.append(f"entry longer than {MAX_ENTRY_CHARS:,} characters: only its start was parsed")
        return cit
    return parse_reference(entry.text, entry.number, identifiers=entry.identifiers, span=entry.span)


def _from_fields(entry: RawEntry) -> Citation:
    """Pre-structured input (BibTeX/JATS/RIS/CSL): given fields win; the rendered text fills gaps.

    Keys are Citation attribute names (see the extract stage); ``_``-prefixed keys are provenance.
    """
    cit = parse_reference(entry.text, entry.number, identifiers=entry.identifiers, span=entry.span)
    f = entry.fields
    for name in (
        "title",
        "container",
        "volume",
        "issue",
        "supplement",
        "pages",
        "doi",
        "pmid",
        "pmcid",
        "url",
        "isbn",
        "edition",
        "publisher",
        "place",
        "month",
        "kind",
        "style",
    ):
        value = f.get(name)
        if value not in (None, ""):
            setattr(cit, name, str(value))
    if f.get("year") not in (None, ""):
        try:
            cit.year = int(str(f["year"])[:4])
        except ValueError:
            cit.notes.append(f"unreadable year {f['year']!r}")
    if f.get("pages"):
        cit.first_page, cit.last_page = expand_pages(str(f["pages"]))
    for name in ("first_page", "last_page"):
        if f.get(name) not in (None, ""):
            setattr(cit, name, str(f[name]))
    if cit.doi:
        cit.doi = normalize_doi(cit.doi)
    for name in ("authors", "editors"):
        if isinstance(f.get(name), list) and f[name]:
            setattr(cit, name, list(f[name]))
    if "et_al" in f:
        cit.et_al = bool(f["et_al"])
    return cit
