"""The parts every layout is built from: pages, title, journal, identifiers, publisher, sentences."""

from __future__ import annotations

import re

from refcheck.styles.model import Opts, Ref
from refcheck.text.fold import fold


def elide_pages(first: str | None, last: str | None) -> str:
    """NLM elision: ``728``/``734`` -> ``728-34``; ``1199``/``1205`` -> ``1199-205``.

    Letter-suffixed pages (``17S-21S``) and non-numeric locators stay in full.
    """
    if not first:
        return ""
    if not last:
        return first
    m1 = re.fullmatch(r"([A-Za-z]*)(\d+)", first)
    m2 = re.fullmatch(r"([A-Za-z]*)(\d+)", last)
    if not (m1 and m2) or (m2.group(1) and m2.group(1) != m1.group(1)):
        return f"{first}-{last}"
    d1, d2 = m1.group(2), m2.group(2)
    if len(d1) == len(d2):
        i = 0
        while i < len(d1) - 1 and d1[i] == d2[i]:
            i += 1
        d2 = d2[i:]
    return f"{first}-{d2}"


def pages(ref: Ref, opts: Opts) -> str:
    """The page range, elided where the style elides, else joined with its dash."""
    if opts.style.elide:
        return elide_pages(ref.first_page, ref.last_page)
    if not ref.first_page:
        return ""
    return f"{ref.first_page}{opts.dash}{ref.last_page}" if ref.last_page else ref.first_page


def title(ref: Ref) -> str:
    """The title with a terminal period unless it ends with its own punctuation."""
    text = (ref.title or "").strip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else text + "."


def _dotted_abbrev(abbrev: str, full: str | None) -> str:
    """ISO-style periods on an NLM abbreviation: ``Mod Pathol`` -> ``Mod. Pathol.``.

    A word is abbreviated when it is a proper prefix of a word of the full title; without the
    full title only single-letter words (``J``) are dotted, so nothing is invented.
    """
    full_words = [fold(w) for w in re.findall(r"[\w']+", full or "")]
    out = []
    for word in abbrev.split():
        f = fold(word)
        shortened = any(fw.startswith(f) and fw != f for fw in full_words) if full_words else len(word) == 1
        if full_words and f in full_words:
            shortened = False
        out.append(word + "." if shortened and word.isalpha() else word)
    return " ".join(out)


def journal(ref: Ref, opts: Opts) -> str:
    """The full title, or the abbreviation (with ISO periods where the style dots it)."""
    if not opts.abbreviate:
        return ref.journal or ref.journal_abbrev or ""
    if opts.style.dotted_journal:
        if ref.journal_iso:
            return ref.journal_iso
        if ref.journal_abbrev:
            return _dotted_abbrev(ref.journal_abbrev, ref.journal if ref.journal != ref.journal_abbrev else None)
        return ref.journal or ""
    return ref.journal_abbrev or ref.journal or ""


def ids(ref: Ref, opts: Opts, doi_form: str) -> str:
    """Identifiers appended after the last period (a DOI never takes a trailing period)."""
    out = []
    if opts.doi and ref.doi:
        out.append(doi_form.format(ref.doi))
    if opts.pmid and ref.pmid:
        out.append(f"PMID: {ref.pmid}")
    return " ".join(out)


def join(parts: list[str], identifiers: str = "") -> str:
    """Sentences joined with single spaces, each ending in one period, then the identifiers."""
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        out.append(part if part[-1] in ".?!" else part + ".")
    if identifiers:
        out.append(identifiers)
    return " ".join(out)


def publisher(ref: Ref) -> str:
    """``Place: Publisher``, or whichever of the two is known."""
    if ref.place and ref.publisher:
        return f"{ref.place}: {ref.publisher}"
    return ref.publisher or ref.place or ""
