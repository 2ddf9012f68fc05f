"""Look-alike records: a preprint, a notice, a letter, a reprint or a namesake is not the article.

Every case uses a real Crossref article of the shared corpus and look-alikes derived from it
(:mod:`tests.fakes.lookalikes`), served in the order a real engine often returns them:
look-alikes first. References are parsed from rendered strings by the real parser.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache

import pytest

from refcheck.checks import run_checks
from refcheck.config import Settings
from refcheck.match import match_citations
from refcheck.match.kinds import NOTICE, PREPRINT, citation_kind, notice_title, work_kind
from refcheck.model import Citation, Match, Status, UpdateNotice, Work
from refcheck.parse import parse_reference
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from tests.fakes.lookalikes import make
from tests.match.memory import MemorySource
from tests.shared import CROSSREF_RECORDS, DATA

SETTINGS = Settings()


@lru_cache(maxsize=1)
def _records() -> tuple[dict, ...]:
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh)


def _articles(n: int) -> list[dict]:
    """Complete journal articles (title, authors, journal, year, volume, pages), in file order."""
    out = []
    for r in _records():
        w = work_from_crossref(r)
        if (w.type == "journal-article" and w.title and len(w.title) > 30 and w.authors and w.container
                and w.volume and w.first_page and w.year and not w.update_to and work_kind(w) == "article"
                and all(a.family for a in w.authors)):
            out.append(r)
        if len(out) >= n:
            break
    return out


ARTICLES = _articles(6)
POOL = list(_records()[100:140])


class Ranked(MemorySource):
    """Search returns every record sharing a title word, look-alikes first (as Crossref often does)."""

    def __init__(self, works: list[Work], order: list[str]) -> None:
        super().__init__(works)
        self.order = order

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        self._check("search")
        return [self.by_doi[d] for d in self.order if d in self.by_doi][:rows]


def _run(text: str, records: list[dict], *, article_first: bool = False) -> tuple[Match, list]:
    """Match one parsed reference against ``records``; look-alikes ranked above the article."""
    works = [work_from_crossref(r) for r in records]
    order = [w.doi for w in (works if article_first else reversed(works)) if w.doi]
    source = Ranked(works, order)
    citation = parse_reference(text, number=1)
    [match] = match_citations([citation], [source], SETTINGS)
    return match, run_checks(citation, match, SETTINGS)


def _journal_ref(record: dict, style: str = "vancouver") -> str:
    return render_reference(work_from_crossref(record), style)


def _codes(findings: list) -> list[str]:
    return [f.code for f in findings]


@pytest.mark.parametrize("article", ARTICLES[:3], ids=lambda r: r["DOI"])
def test_journal_citation_links_the_article_not_its_preprint(article: dict) -> None:
    preprint = make("preprint", article, seed=1)
    match, _ = _run(_journal_ref(article), [article, preprint])
    assert match.status is Status.VERIFIED
    assert match.work is not None and match.work.doi == article["DOI"].lower()


@pytest.mark.parametrize("article", ARTICLES[:3], ids=lambda r: r["DOI"])
def test_journal_citation_with_only_its_preprint_registered_is_not_found_and_names_it(article: dict) -> None:
    preprint = make("preprint", article, seed=2)
    match, findings = _run(_journal_ref(article), [preprint])
    assert match.status is Status.NOT_FOUND and match.work is None
    assert match.related["preprint"].doi == preprint["DOI"]
    [named] = [f for f in findings if f.code == "RC607"]
    assert preprint["DOI"] in named.message and "preprint" in named.message


def _preprint_ref(article: dict, preprint: dict) -> str:
    work = work_from_crossref(preprint)
    names = ", ".join(a.display() for a in work.authors[:6])
    server = preprint["institution"][0]["name"]
    return f"{names}. {work.title}. {server} [Preprint]. {work.year}. doi:{preprint['DOI']}"


@pytest.mark.parametrize("article", ARTICLES[:3], ids=lambda r: r["DOI"])
def test_preprint_citation_links_the_preprint_and_warns_with_the_published_version(article: dict) -> None:
    preprint = make("preprint", article, seed=3)
    preprint["relation"] = {"is-preprint-of": [{"id-type": "doi", "id": article["DOI"]}]}
    text = _preprint_ref(article, preprint)
    assert citation_kind(parse_reference(text, number=1)) == PREPRINT
    match, findings = _run(text, [article, preprint], article_first=True)
    assert match.work is not None and match.work.doi == preprint["DOI"]
    assert match.related["published"].doi == article["DOI"].lower()  # fetched through the relation
    [warn] = [f for f in findings if f.code == "RC606"]
    assert warn.severity.value == "warning"
    assert article["container-title"][0] in warn.message and str(work_from_crossref(article).year) in warn.message
    assert warn.suggestion == f"doi:{article['DOI'].lower()}"


def test_preprint_citation_with_only_the_journal_version_registered_names_it() -> None:
    article = ARTICLES[0]
    preprint = make("preprint", article, seed=4)
    preprint.pop("relation", None)
    text = _preprint_ref(article, preprint).rsplit(" doi:", 1)[0]
    match, findings = _run(text, [article])
    assert match.status is Status.NOT_FOUND
    assert match.related["published"].doi == article["DOI"].lower()
    assert any(f.code == "RC607" and "journal version" in f.message for f in findings)


@pytest.mark.parametrize("kind", ["correction", "reply", "comment"])
@pytest.mark.parametrize("article", ARTICLES[:3], ids=lambda r: r["DOI"])
def test_article_citation_never_links_a_notice_or_letter_about_it(kind: str, article: dict) -> None:
    notice = make(kind, article, seed=5, pool=POOL)
    assert work_kind(work_from_crossref(notice)) == NOTICE
    match, _ = _run(_journal_ref(article), [article, notice])
    assert match.work is not None and match.work.doi == article["DOI"].lower()
    alone, _ = _run(_journal_ref(article), [notice])
    assert alone.status is Status.NOT_FOUND and alone.work is None


def test_unregistered_article_names_the_correction_about_it() -> None:
    article = ARTICLES[1]
    notice = make("correction", article, seed=6)
    match, findings = _run(_journal_ref(article), [notice])
    assert match.status is Status.NOT_FOUND
    if "notice" in match.related:  # a bare "Erratum" title does not fit the citation at all
        assert any(f.code == "RC608" and notice["DOI"] in f.message for f in findings)


@pytest.mark.parametrize("seed", range(4))
def test_notice_citation_links_the_notice_not_the_article(seed: int) -> None:
    article = ARTICLES[2]
    notice = make("correction", article, seed=seed)
    notice["title"] = [f"Correction: {article['title'][0]}"]
    work = work_from_crossref(notice)
    text = f"{work.title}. {work.container}. {work.year};{work.volume}:{work.pages}."
    assert notice_title(parse_reference(text, number=1).title)
    match, _ = _run(text, [article, notice], article_first=True)
    assert match.work is not None and match.work.doi == notice["DOI"]


def test_cited_doi_of_a_correction_is_said_to_be_the_notice_not_the_article() -> None:
    article = ARTICLES[3]
    notice = make("correction", article, seed=7)
    text = f"{_journal_ref(article)} doi:{notice['DOI']}"
    match, findings = _run(text, [article, notice])
    assert match.status is Status.MISMATCH and match.work is not None
    assert match.work.doi == article["DOI"].lower()
    said = [f for f in findings if f.code == "RC608"]
    assert said and "notice about this article" in said[0].message
    assert any(f.code == "RC503" and f.suggestion == article["DOI"].lower() for f in findings)


@pytest.mark.parametrize("article", ARTICLES[:3], ids=lambda r: r["DOI"])
def test_reprint_in_another_journal_is_not_the_cited_article(article: dict) -> None:
    reprint = make("reprint", article, seed=8, pool=POOL)
    assert reprint["container-title"] != article.get("container-title")
    match, _ = _run(_journal_ref(article), [article, reprint])
    assert match.work is not None and match.work.doi == article["DOI"].lower()
    alone, _ = _run(_journal_ref(article), [reprint])
    assert alone.status is Status.NOT_FOUND


def test_same_title_by_other_authors_is_not_linked() -> None:
    article = ARTICLES[4]
    namesake = make("same_title", article, seed=9, pool=POOL)
    match, _ = _run(_journal_ref(article), [namesake])
    assert match.status is Status.NOT_FOUND


def test_article_pushed_out_of_the_rows_is_reached_through_its_preprint_relation() -> None:
    article = ARTICLES[5]
    looks = [make("preprint", article, seed=s) for s in range(10, 15)]
    for p in looks:
        p["relation"] = {"is-preprint-of": [{"id-type": "doi", "id": article["DOI"]}]}
    works = [work_from_crossref(r) for r in [article, *looks]]
    source = Ranked(works, [p["DOI"] for p in looks])  # the article is not among the rows at all
    [match] = match_citations([parse_reference(_journal_ref(article), number=1)], [source], SETTINGS)
    assert match.work is not None and match.work.doi == article["DOI"].lower()
    assert source.calls["doi"] == 1  # one look-up through the relation


def test_unspecific_citation_prefers_the_version_of_record() -> None:
    """Authors, title and year only: both versions fit; the article wins whatever the rank."""
    article = ARTICLES[0]
    preprint = make("preprint", article, seed=16)
    work = work_from_crossref(article)
    preprint["title"] = [work.title]
    preprint["issued"] = {"date-parts": [[work.year]]}
    names = ", ".join(a.display() for a in work.authors[:6])
    match, _ = _run(f"{names}. {work.title}. {work.year}.", [article, preprint])
    assert match.work is not None and match.work.doi == article["DOI"].lower()


def test_cited_doi_of_the_preprint_on_a_journal_citation_links_the_article_and_says_so() -> None:
    article = ARTICLES[4]
    preprint = make("preprint", article, seed=17)
    preprint["relation"] = {"is-preprint-of": [{"id-type": "doi", "id": article["DOI"]}]}
    match, findings = _run(f"{_journal_ref(article)} doi:{preprint['DOI']}", [article, preprint])
    assert match.status is Status.MISMATCH and match.work is not None
    assert match.work.doi == article["DOI"].lower()
    assert any(f.code == "RC607" and "preprint" in f.message and preprint["DOI"] in f.message for f in findings)


def test_kinds_of_titles_and_records() -> None:
    assert notice_title("Correction: Effects of X on Y") and notice_title("Erratum")
    assert notice_title("Re: Effects of X on Y") and notice_title("Effects of X on Y—Reply")
    assert notice_title('Comment on "Effects of X on Y"')
    assert not notice_title("Response to treatment in advanced melanoma")
    assert not notice_title("Correction of hypokalaemia in the elderly")
    article = work_from_crossref(ARTICLES[0])
    newer = Work(**{**{k: getattr(article, k) for k in article.__dataclass_fields__},
                    "update_to": [UpdateNotice("new_version", doi="10.1/older")]})
    assert work_kind(newer) == "article"  # an updated version is an article, not a notice


def _update_record(prefix: str) -> dict:
    path = next((DATA / "crossref" / "responses" / "updates").glob(f"{prefix}__*.json"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    return doc.get("message", doc)


def test_real_retraction_notice_and_its_article_are_never_taken_for_each_other() -> None:
    """Wakefield 1998 and the Lancet's 2010 notice 'Retraction—Ileal-lymphoid-nodular ...'."""
    article = _update_record("retracted-article_wakefield-lancet-1998")
    notice = _update_record("retraction-notice_wakefield-lancet-2010")
    cited_article = ("Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, non-specific "
                     "colitis, and pervasive developmental disorder in children. Lancet. 1998;351(9103):637-41.")
    match, _ = _run(cited_article, [article, notice])
    assert match.work is not None and match.work.doi == article["DOI"].lower()
    alone, _ = _run(cited_article, [notice])
    assert alone.status is Status.NOT_FOUND
    cited_notice = ("The Editors of The Lancet. Retraction—Ileal-lymphoid-nodular hyperplasia, non-specific "
                    "colitis, and pervasive developmental disorder in children. Lancet. 2010;375(9713):445.")
    match, findings = _run(cited_notice, [notice, article], article_first=True)
    assert match.work is not None and match.work.doi == notice["DOI"].lower()
    assert any(f.code == "RC605" for f in findings)  # and the report says it is the notice
