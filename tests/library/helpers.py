"""Test data for the library end-to-end tests, chosen from the real shared records at run time."""

from __future__ import annotations

from pathlib import Path

import bibtexparser

from refcheck.model import Work
from refcheck.sources.crossref_record import work_from_crossref

_POOLS: dict[int, list[Work]] = {}


def journal_articles(records: list[dict], count: int, *, skip: int = 0) -> list[Work]:
    """``count`` distinct, fully described journal articles, spread over the corpus.

    Fully described = authors with family names, a title of at least four words, journal,
    year, volume and a page range; taken at a fixed stride so the choice is deterministic but
    not tuned to any one record. ``skip`` moves to other records, so tests don't share one.
    """
    works = _POOLS.get(id(records))
    if works is None:
        works = _POOLS[id(records)] = _complete_articles(records)
    stride = max(1, len(works) // 64)
    chosen = works[stride * skip * 3 + stride:: stride][:count]
    assert len(chosen) == count, "skip too large for the corpus"
    return chosen


def _complete_articles(records: list[dict]) -> list[Work]:
    """Complete articles whose title is registered once (some works have two DOIs in the
    corpus; a reference to those is rightly ambiguous, which other tests cover)."""
    from collections import Counter

    from refcheck.text.fold import key

    titles = Counter(key(t) for m in records for t in m.get("title", [])[:1])
    works = []
    for message in records:
        if message.get("type") != "journal-article":
            continue
        work = work_from_crossref(message)
        if (work.authors and all(a.family for a in work.authors[:3]) and work.title
                and len(work.title.split()) >= 4 and work.container and work.year and work.volume
                and work.first_page and work.last_page and work.doi and not work.updates
                and titles[key(work.title)] == 1):
            works.append(work)
    return works


def crossref_message(work: Work) -> dict:
    """A Crossref ``message`` registering ``work`` (used to put one real PubMed record in both fakes).

    The recorded corpora share no work between Crossref and PubMed, so the DOI-vs-PMID test
    registers the PubMed record's own metadata in the fake Crossref.
    """
    message: dict = {
        "DOI": work.doi, "type": "journal-article", "title": [work.title],
        "container-title": [work.container] if work.container else [],
        "author": [{"family": a.family, "given": a.given or a.initials or ""} for a in work.authors if a.family],
        "issued": {"date-parts": [[work.year]]},
    }
    for name, value in (("volume", work.volume), ("issue", work.issue), ("page", work.pages)):
        if value:
            message[name] = value
    return message


def entries(path: Path) -> dict[str, dict[str, str]]:
    """The library's entries as ``key -> {field: value}`` (fails on any unparsable block)."""
    library = bibtexparser.parse_file(str(path))
    assert not library.failed_blocks, library.failed_blocks
    return {e.key: {f.key: str(f.value) for f in e.fields} for e in library.entries}
