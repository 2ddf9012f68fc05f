"""Helpers shared by the structured-format extractors (BibTeX, JATS, RIS, CSL-JSON).

Those formats already carry fields, so their extractors fill :attr:`RawEntry.fields` with
Citation attribute names (the :class:`~refcheck.model.Citation` fields) and render a one-line
Vancouver reference as ``RawEntry.text``: the parser can take the fields as given, and the
report still shows a readable reference, whatever the input format.
"""

from __future__ import annotations

import re
from typing import Any

from refcheck.model import Author
from refcheck.text.fold import dashes, tight_dashes
from refcheck.text.identifiers import normalize_doi
from refcheck.text.names import initials as given_initials
from refcheck.text.pages import expand_pages


def person(family: str | None, given: str | None = None, initials: str | None = None,
           suffix: str | None = None) -> Author:
    """An Author with initials derived from the given names when not supplied."""
    family = (family or "").strip() or None
    given = (given or "").strip() or None
    only_initials = bool(given) and re.fullmatch(r"(?:[A-Z]\.?[\s-]*){1,4}", given or "") is not None
    return Author(family=family, given=None if only_initials else given,
                  initials=initials or given_initials(given) or None, suffix=(suffix or "").strip() or None)


def split_name(name: str) -> Author:
    """One name as written in BibTeX/RIS: 'Family, Given', 'Family, Jr, Given', 'Given Family', 'Family AB'."""
    name = " ".join(name.split())
    parts = [p.strip() for p in name.split(",")]
    if len(parts) >= 3:
        return person(parts[0], parts[2], suffix=parts[1])
    if len(parts) == 2:
        return person(parts[0], parts[1])
    tokens = name.split()
    if not tokens:  # RIS 'AU  - ' with nothing after it
        return person("")
    if len(tokens) >= 2 and re.fullmatch(r"[A-Z]{1,4}", tokens[-1]):  # Vancouver 'Smith JA'
        return person(" ".join(tokens[:-1]), initials=tokens[-1])
    if len(tokens) == 1:
        return person(tokens[0])
    # 'Given von Family': family starts at the first lower-case particle, else last token.
    for i, tok in enumerate(tokens[1:], start=1):
        if tok[0].islower():
            return person(" ".join(tokens[i:]), " ".join(tokens[:i]))
    return person(tokens[-1], " ".join(tokens[:-1]))


def set_pages(fields: dict[str, Any], pages: str | None) -> None:
    """Store pages as printed (dashes normalised) plus the expanded first/last page."""
    if not pages:
        return
    pages = tight_dashes(dashes(str(pages)).strip())
    fields["pages"] = pages
    first, last = expand_pages(pages)
    if first:
        fields["first_page"] = first
    if last:
        fields["last_page"] = last


def set_year(fields: dict[str, Any], value: object) -> None:
    """The first four-digit year in a date-ish value."""
    m = re.search(r"(1[5-9]|20)\d\d", str(value or ""))
    if m:
        fields["year"] = int(m.group(0))


def set_doi(fields: dict[str, Any], value: object) -> None:
    doi = normalize_doi(str(value or ""))
    if doi:
        fields["doi"] = doi


def clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values and trailing periods on titles so that absent means unknown."""
    out: dict[str, Any] = {}
    for k, v in fields.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, str):
            v = " ".join(v.split())
            if k == "title":
                v = v.rstrip(".")
        out[k] = v
    return out


def render(fields: dict[str, Any]) -> str:
    """A one-line Vancouver rendering of structured fields (for display and as parser input)."""
    pieces: list[str] = []
    names = [a.display() for a in fields.get("authors", [])]
    if names:
        byline = ", ".join(names)
        if fields.get("et_al"):
            byline += ", et al"
        pieces.append(byline + ".")
    if fields.get("title"):
        pieces.append(str(fields["title"]).rstrip(".?!") + _end(str(fields["title"])))
    source = ""
    if fields.get("container"):
        source = str(fields["container"]).rstrip(".") + "."
    date = str(fields.get("year") or "")
    loc = ""
    if fields.get("volume"):
        loc += str(fields["volume"])
    if fields.get("issue"):
        loc += f"({fields['issue']})"
    if fields.get("pages"):
        loc += f":{fields['pages']}"
    if fields.get("kind") == "book" and fields.get("publisher"):
        place = f"{fields['place']}: " if fields.get("place") else ""
        source = f"{place}{fields['publisher']};"
    tail = " ".join(x for x in (source, f"{date};{loc}." if loc else (f"{date}." if date else "")) if x)
    if tail:
        pieces.append(tail)
    if fields.get("doi"):
        pieces.append(f"doi:{fields['doi']}")
    if fields.get("pmid"):
        pieces.append(f"PMID: {fields['pmid']}")
    return " ".join(pieces).strip()


def _end(title: str) -> str:
    """Keep a title's own '?' or '!' instead of adding a period after it."""
    return title[-1] if title and title[-1] in "?!" else "."


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text of a file in a structured format: UTF-8 (with or without BOM), else cp1252 with a note.

    These formats are almost always UTF-8; a legacy export (old EndNote RIS, Latin-1 .bib) is
    decoded as cp1252 rather than rejected, and the note tells the user so.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252", ["decoded as cp1252 (not valid UTF-8)"]


def line_starts(text: str) -> list[int]:
    """Offsets at which each line starts (index 0 = line 1)."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """1-based line number of a character offset."""
    import bisect

    return bisect.bisect_right(starts, offset)
