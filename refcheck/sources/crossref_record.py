"""Crossref REST ``message`` object -> :class:`~refcheck.model.Work` (pure, no I/O).

Shared by the live Crossref client, the cache (which stores raw JSON and converts on read) and
the local mirror, so that a record means the same thing whichever way it arrived. Crossref
records drift across 2018-2026 (fields appear and disappear, ``issued`` can be
``[[null]]``, lists can be empty), so every field access here tolerates absence and odd
shapes instead of trusting the schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from refcheck.model import Author, UpdateNotice, Work
from refcheck.text.locators import clean_text, number_field, page_range
from refcheck.text.names import initials as given_initials
from refcheck.text.pages import expand_pages
from refcheck.text.repair import strip_markup

# Crossref update types -> UpdateNotice.kind (identity except spelling variants seen in deposits).
_UPDATE_KINDS = {
    "retraction": "retraction",
    "partial_retraction": "partial_retraction",
    "partial-retraction": "partial_retraction",
    "withdrawal": "retraction",
    "removal": "retraction",
    "correction": "correction",
    "corrigendum": "correction",
    "erratum": "erratum",
    "expression_of_concern": "expression_of_concern",
    "expression-of-concern": "expression_of_concern",
    "new_version": "new_version",
    "new-version": "new_version",
}
# The lead-in of a group deposited as a person's given name ("for the" + "ARDS Task Force").
_ON_BEHALF = re.compile(r"(?:for|on behalf of)(?: the)?", re.IGNORECASE)
# Academic degrees some publishers deposit as a name suffix.
_DEGREE = re.compile(r"(?:Ph\.?\s?D|M\.?\s?D|M\.?\s?Sc?|B\.?\s?Sc?|MPH|MBBS|FRCS|FRCP|DDS|DVM|RN|MA|BA)\.?",
                     re.IGNORECASE)
# A generational suffix deposited inside the family name ("Raimundo, Jr.", "King III").
_GLUED_SUFFIX = re.compile(r",?\s+(Jr|Sr|II|III|IV)\.?$")




def _strings(value: Any, *, markup: bool = False) -> list[str]:
    """Crossref list-of-strings fields (``title``, ``ISSN``...), tolerating a bare string;
    ``markup``: text fields whose entities and inline tags are decoded (``&amp;``, ``<i>``)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for item in value:
        text = clean_text(strip_markup(item) if markup and isinstance(item, str) else item)
        if text and text not in out:
            out.append(text)
    return out


def date_parts(value: Any) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a Crossref partial date; ``[[null]]`` and garbage give Nones."""
    if not isinstance(value, dict):
        return None, None, None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None, None, None
    out: list[int | None] = []
    for item in parts[0][:3]:
        try:
            out.append(int(item) if item is not None else None)
        except (TypeError, ValueError):
            out.append(None)
    out += [None] * (3 - len(out))
    return out[0], out[1], out[2]


def _iso_date(value: Any) -> str | None:
    year, month, day = date_parts(value)
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def person(data: Any) -> Author | None:
    """One Crossref contributor: a person (family/given) or an organisation (``name``)."""
    if not isinstance(data, dict):
        return None
    family = clean_text(data.get("family"))
    given = clean_text(data.get("given"))
    if not family and not given:
        name = clean_text(data.get("name"))
        return Author(group=name) if name else None
    if not family:  # a lone given name is how some publishers deposit mononyms
        family, given = given, None
    assert family  # one of the two is set (returned above otherwise)
    if given and _ON_BEHALF.fullmatch(given):  # JAMA: given "for the", family "PROMMTT Study Group"
        return Author(group=family)
    suffix = clean_text(data.get("suffix"))
    if suffix and _DEGREE.fullmatch(suffix):
        suffix = None  # "Ph.D" deposited as a suffix: citations never print degrees
    glued = _GLUED_SUFFIX.search(family)
    if glued and not suffix and glued.start() > 0:  # deposited as family "Raimundo, Jr."
        family, suffix = family[: glued.start()], glued.group(1)
    return Author(
        family=family,
        given=given,
        initials=given_initials(given) or None,
        suffix=suffix,
    )


def _people(value: Any) -> list[Author]:
    if not isinstance(value, list):
        return []
    return [a for a in (person(item) for item in value) if a is not None]


def _titles(message: dict) -> tuple[str | None, str | None, list[str]]:
    """Main title, subtitle and every title form (translated, original, title: subtitle)."""
    titles = _strings(message.get("title"), markup=True)
    subtitles = _strings(message.get("subtitle"), markup=True)
    title = titles[0] if titles else None
    subtitle = subtitles[0] if subtitles else None
    forms: list[str] = []
    for text in [*titles, *_strings(message.get("original-title"), markup=True), *_strings(message.get("short-title"), markup=True)]:
        if text not in forms:
            forms.append(text)
    if title and subtitle and not title.lower().endswith(subtitle.lower()):
        for combined in (f"{title}: {subtitle}", f"{title}. {subtitle}"):
            forms.append(combined)
    for sub in subtitles:
        if sub not in forms:
            forms.append(sub)
    return title, subtitle, forms


def update_notices(value: Any) -> list[UpdateNotice]:
    """``updated-by`` / ``update-to`` entries as notices, de-duplicated (deposits repeat them)."""
    if not isinstance(value, list):
        return []
    out: list[UpdateNotice] = []
    seen: set[tuple[str, str | None, str]] = set()
    for item in value:
        if not isinstance(item, dict):
            continue
        raw_type = str(item.get("type") or "").strip().lower()
        kind = _UPDATE_KINDS.get(raw_type, raw_type.replace("-", "_") or "correction")
        doi = clean_text(item.get("DOI"))
        doi = doi.lower() if doi else None
        source = clean_text(item.get("source")) or "publisher"
        ident = (kind, doi, source)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(UpdateNotice(kind=kind, doi=doi, date=_iso_date(item.get("updated")),
                                source=source, label=clean_text(item.get("label"))))
    return out


def _relations(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    out: dict[str, list[str]] = {}
    for rel_type, items in value.items():
        entries = items if isinstance(items, list) else [items]
        ids = []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id"):
                ident = str(entry["id"])
                ids.append(ident.lower() if entry.get("id-type") == "doi" else ident)
        if ids:
            out[str(rel_type)] = ids
    return out


def _containers(message: dict) -> tuple[str | None, list[str]]:
    """Full container title and its other forms (series titles, abbreviations)."""
    full = _strings(message.get("container-title"), markup=True)
    short = _strings(message.get("short-container-title"), markup=True)
    container = full[0] if full else None
    abbrevs: list[str] = []
    for text in [*full[1:], *short]:
        if text != container and text not in abbrevs:
            abbrevs.append(text)
    return container, abbrevs


def _first(*values: int | None) -> int | None:
    for value in values:
        if value is not None:
            return value
    return None


def _pmid_from_relation(value: Any) -> str | None:
    """A PMID asserted through ``relation.is-identical-to`` (rare, but free when present)."""
    items = value.get("is-identical-to") if isinstance(value, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("id-type") == "pmid" and str(item.get("id", "")).isdigit():
            return str(item["id"])
    return None


def work_from_crossref(message: dict, *, source: str = "crossref") -> Work:
    """Convert one Crossref work ``message`` (not the envelope) into a :class:`Work`."""
    title, subtitle, titles = _titles(message)
    container, abbrevs = _containers(message)
    y_issued, m_issued, _ = date_parts(message.get("issued"))
    y_print = date_parts(message.get("published-print"))[0]
    y_online = date_parts(message.get("published-online"))[0]
    y_published = date_parts(message.get("published"))[0]
    pages = page_range(message.get("page"))
    first, last = expand_pages(pages)
    doi = clean_text(message.get("DOI"))
    score = message.get("score")
    relations = _relations(message.get("relation"))
    return Work(
        source=source,
        type=clean_text(message.get("type")),
        authors=_people(message.get("author")),
        title=title,
        titles=titles,
        subtitle=subtitle,
        container=container,
        container_abbrevs=abbrevs,
        year=_first(y_issued, y_published, y_print, y_online),
        year_print=y_print,
        year_online=y_online,
        month=m_issued,
        volume=number_field(message.get("volume")),
        issue=number_field(message.get("issue")),
        pages=pages,
        first_page=first,
        last_page=last,
        article_number=clean_text(message.get("article-number")),
        doi=doi.lower() if doi else None,
        pmid=_pmid_from_relation(message.get("relation")),
        issn=_strings(message.get("ISSN")),
        isbn=_strings(message.get("ISBN")),
        publisher=clean_text(message.get("publisher")),
        url=clean_text(message.get("URL")),
        editors=_people(message.get("editor")),
        updates=update_notices(message.get("updated-by")),
        update_to=update_notices(message.get("update-to")),
        relations=relations,
        score=float(score) if isinstance(score, int | float) else None,
    )


def works_from_crossref(messages: Iterable[dict], *, source: str = "crossref") -> list[Work]:
    """Convenience: convert a work-list's ``items``."""
    return [work_from_crossref(m, source=source) for m in messages if isinstance(m, dict)]
