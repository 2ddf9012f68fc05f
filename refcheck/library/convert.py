"""Library entries (BibTeX) back to typed records, so export and sync reuse the shared renderers."""

from __future__ import annotations

import re

from bibtexparser.model import Entry

from refcheck.library.tidy import MONTHS, month_macro, to_utf8
from refcheck.model import Author, Citation, Work
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages

_TYPES = {
    "article": "journal-article", "book": "book", "incollection": "book-chapter", "inbook": "book-chapter",
    "inproceedings": "proceedings-article", "conference": "proceedings-article", "phdthesis": "dissertation",
    "mastersthesis": "dissertation", "techreport": "report", "misc": "other", "online": "other",
}


# Work type -> Citation.kind, so sync matches a book as a book (the matcher weighs kinds).
_CITATION_KINDS = {"journal-article": "article", "book": "book", "book-chapter": "chapter",
                   "proceedings-article": "conference", "posted-content": "preprint"}


def value(entry: Entry, name: str) -> str | None:
    """A field as plain UTF-8 text without protective braces, or None."""
    field = entry.fields_dict.get(name)
    if field is None or not str(field.value).strip():
        return None
    return re.sub(r"\s+", " ", to_utf8(str(field.value)).replace("{", "").replace("}", "")).strip()


def _listed(text: str | None) -> list[str]:
    """A single-valued BibTeX field as the list a Work keeps."""
    return [text] if text else []


def split_names(raw: str | None) -> list[Author]:
    """BibTeX ``Family, Given and {Group Name} and Given Family`` -> Authors."""
    if not raw:
        return []
    out: list[Author] = []
    for part in re.split(r"\s+and\s+", raw):
        name = part.strip()
        if not name or name.lower() == "others":
            continue
        if "," in name:
            family, given = (s.strip() for s in name.split(",", 1))
        elif " " in name and not name.isupper():
            given, family = name.rsplit(" ", 1)
        else:
            out.append(Author(group=name))
            continue
        if re.fullmatch(r"[A-Z]{1,4}", given):  # Vancouver-style initials as given names: "AJ"
            initials = given
        else:
            initials = "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w and w[0].isalpha()).upper()
        out.append(Author(family=family, given=given or None, initials=initials or None))
    return out


def _raw_names(entry: Entry, name: str) -> str | None:
    """Names keep group braces until split: ``{Diabetes Prevention Program}`` is one group."""
    field = entry.fields_dict.get(name)
    if field is None:
        return None
    text = to_utf8(str(field.value))
    # A fully braced name is a group: mark it so the comma-less splitter keeps it whole.
    return re.sub(r"\{([^{}]*\s[^{}]*)\}", lambda m: m.group(1).replace(" ", "\u00a0"), text)


def entry_to_work(entry: Entry) -> Work:
    """The work a library entry describes (source = the registry it was taken from)."""
    authors = [
        Author(group=a.group.replace("\u00a0", " ")) if a.group else a
        for a in split_names(_raw_names(entry, "author"))
    ]
    pages = value(entry, "pages")
    first, last = expand_pages(pages.replace("--", "-") if pages else None)
    year = value(entry, "year")
    container = value(entry, "journal") or value(entry, "booktitle") or value(entry, "howpublished")
    month = month_macro(value(entry, "month") or "")
    abbrev = value(entry, "shortjournal") or value(entry, "journalabbrev")
    return Work(
        source=value(entry, "refcheck-source") or "library",
        type=_TYPES.get(entry.entry_type.lower(), "other"),
        authors=authors,
        title=value(entry, "title"),
        container=container,
        container_abbrevs=[abbrev] if abbrev else [],
        year=int(year) if year and year.isdigit() else None,
        month=MONTHS.index(month) + 1 if month else None,
        volume=value(entry, "volume"),
        issue=value(entry, "number"),
        pages=pages.replace("--", "-") if pages else None,
        first_page=first,
        last_page=last,
        doi=normalize_doi(value(entry, "doi")),
        pmid=value(entry, "pmid"),
        pmcid=value(entry, "pmcid"),
        issn=_listed(value(entry, "issn")),
        isbn=_listed(value(entry, "isbn")),
        publisher=value(entry, "publisher"),
        url=value(entry, "url"),
        editors=split_names(value(entry, "editor")),
    )


def entry_to_citation(entry: Entry, number: int | None = None) -> Citation:
    """A library entry as a citation, for the matcher (``sync`` re-checks entries this way)."""
    work = entry_to_work(entry)
    text = " ".join(x for x in (
        ", ".join(a.display() for a in work.authors), work.title, work.container,
        str(work.year or ""), work.volume, work.pages) if x)
    return Citation(
        text=text, number=number, authors=work.authors, title=work.title, container=work.container,
        year=work.year, volume=work.volume, issue=work.issue, pages=work.pages,
        first_page=work.first_page, last_page=work.last_page, doi=work.doi, pmid=work.pmid,
        pmcid=work.pmcid, publisher=work.publisher, url=work.url, editors=work.editors,
        kind=_CITATION_KINDS.get(work.type or "", "other"),
    )
