"""Real Crossref records (shared/data): a Vancouver rendering of the record must never alarm,
and one injected error must be caught. Guards the tolerance rules against real-world names,
titles, journals and page formats, not just hand-picked examples."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re

import pytest
from unidecode import unidecode

from refcheck.checks import run_checks
from refcheck.checks.names import initials_of
from refcheck.config import Settings
from refcheck.model import Author, Citation, Match, Severity, Status, Work
from refcheck.text.fold import fold
from refcheck.text.pages import expand_pages
from refcheck.text.repair import repair_mojibake
from tests.shared import CROSSREF_RECORDS


def _elide(first: str, last: str | None) -> str:
    if not last or not (first.isdigit() and last.isdigit()) or len(first) != len(last) or int(last) <= int(first):
        return f"{first}-{last}" if last else first
    i = 0
    while i < len(first) - 1 and first[i] == last[i]:
        i += 1
    return f"{first}-{last[i:]}"


def _vancouver(w: Work) -> Citation:
    people = [Author(group=a.group) if a.is_group else
              Author(family=unidecode(repair_mojibake(a.family or "")), initials=initials_of(a)[:2] or None)
              for a in w.authors]
    first, last = (w.first_page, w.last_page) if w.first_page else expand_pages(w.pages)
    title = re.sub(r"<[^>]+>", "", w.title or "") + (f": {w.subtitle}" if w.subtitle else "")
    return Citation(text=title, number=1, authors=people[:6] if len(people) > 6 else people, et_al=len(people) > 6,
                    title=title, container=(w.container_abbrevs or [w.container])[0],
                    year=w.year_print or w.year, volume=w.volume, issue=w.issue,
                    pages=_elide(first, last) if first else w.article_number, doi=w.doi)


@pytest.fixture(scope="module")
def articles(shared_data: object) -> list[Work]:
    from refcheck.sources.crossref_record import work_from_crossref

    works = []
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            w = work_from_crossref(json.loads(line))
            if (w.type == "journal-article" and w.authors and w.title and w.year and w.volume
                    and (w.pages or w.article_number) and (w.container or w.container_abbrevs)):
                works.append(w)
    assert len(works) > 5000
    return works


def _check(c: Citation, w: Work) -> list:
    return run_checks(c, Match(Status.VERIFIED, work=w, source="crossref", method="doi"), Settings())


def _citation_problems(findings: list) -> list:
    # RC6xx are facts about the registered work (retractions), not about how it was cited
    return [(f.code, f.message) for f in findings
            if f.severity.rank >= Severity.WARNING.rank and not f.code.startswith("RC6")]


def test_vancouver_rendering_of_real_records_never_alarms(articles: list[Work]) -> None:
    alarms = {w.doi: p for w in articles if (p := _citation_problems(_check(_vancouver(w), w)))}
    assert alarms == {}


def test_full_journal_titles_and_given_names_never_alarm(articles: list[Work]) -> None:
    alarms = {}
    for w in articles:
        c = _vancouver(w)
        people = [Author(family=a.family, given=a.given) if a.given else a for a in w.authors][: len(c.authors)]
        c = dataclasses.replace(c, container=w.container or c.container, authors=people)
        if p := _citation_problems(_check(c, w)):
            alarms[w.doi] = p
    assert alarms == {}


def test_one_letter_dropped_from_a_long_surname_is_caught_as_typo(articles: list[Work]) -> None:
    caught = tried = 0
    for w in articles:
        c = _vancouver(w)
        for i, a in enumerate(c.authors):
            fam = a.family or ""
            # skip ae/oe/ue: dropping the e is German transliteration (Huesch = Hüsch), tolerated
            if len(fam) >= 8 and fam.isalpha() and not re.search(r"[aou]e", fam.lower()):
                authors = list(c.authors)
                authors[i] = dataclasses.replace(a, family=fam[:4] + fam[5:])
                found = _check(dataclasses.replace(c, authors=authors), w)
                tried += 1
                caught += any(f.code == "RC101" and fold(f.suggestion or "").startswith(fold(fam)) for f in found)
                break
    assert tried > 1000 and caught == tried
