"""work_from_crossref on the real Crossref corpus and the recorded update/works responses."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from refcheck.sources.crossref_record import date_parts, work_from_crossref
from refcheck.text.pages import expand_pages
from refcheck.text.repair import strip_markup


@pytest.fixture(scope="module")
def records(shared_data: Path) -> list[dict]:
    with gzip.open(shared_data / "crossref" / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _message(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("message", data) if "message-type" in data else data


def test_every_record_converts_and_keeps_its_identity(records: list[dict]) -> None:
    records = records
    assert len(records) == 7995
    for record in records:
        work = work_from_crossref(record)
        assert work.source == "crossref"
        assert work.doi == record["DOI"].lower()
        assert work.type == record.get("type")
        people = [a for a in record.get("author", []) if a.get("family") or a.get("given") or a.get("name")]
        assert len(work.authors) == len(people)
        if record.get("page") and work.pages is not None:
            assert (work.first_page, work.last_page) == expand_pages(record["page"])
        titles = [" ".join(strip_markup(t).split()) for t in record.get("title", []) if t.strip()]
        if titles:
            assert work.title == titles[0]
            assert all(t in work.titles for t in titles)
            assert "<i>" not in work.title and "&amp;" not in work.title


def test_markup_and_entities_are_decoded_in_titles_and_journals(records: list[dict]) -> None:
    """Deposits carry HTML entities, inline tags and MathML; the Work holds the printed text."""
    marked = [r for r in records if any("&amp; " in t for t in r.get("container-title", []))]
    assert marked, "the corpus has journal names deposited with &amp;"
    for record in marked:
        assert "&" in work_from_crossref(record).container and "&amp;" not in work_from_crossref(record).container
    tagged = [r for r in records if any("<i>" in t for t in r.get("title", []))]
    assert tagged
    for record in tagged:
        title = work_from_crossref(record).title
        assert "<i>" not in title and "</i>" not in title
    assert work_from_crossref({"DOI": "10.1/x", "container-title": ["G3&amp;#58; Genes|Genomes|Genetics"]}) \
        .container == "G3: Genes|Genomes|Genetics"  # escaped twice in the deposit
    message = {"DOI": "10.1/x", "title": ["ANEMIA&lt;subtitle&gt;Treated with ACTH&lt;/subtitle&gt;"],
               "page": "no-no"}
    work = work_from_crossref(message)
    assert work.title == "ANEMIA: Treated with ACTH"
    assert work.pages is None and work.first_page is None


@pytest.mark.parametrize("pages", ["IFC", "ii", "v-vi", "123-45", "e0123"])
def test_real_page_labels_are_kept(pages: str) -> None:
    assert work_from_crossref({"DOI": "10.1/x", "page": pages}).pages == pages


def test_null_issued_gives_no_year_and_no_crash(records: list[dict]) -> None:
    nulls = [r for r in records if r.get("issued", {}).get("date-parts") == [[None]]]
    assert nulls, "the corpus documents 88 records with issued [[null]]"
    for record in nulls:
        work = work_from_crossref(record)
        assert work.year == (date_parts(record.get("published"))[0] or date_parts(record.get("published-print"))[0]
                             or date_parts(record.get("published-online"))[0])


def test_group_authors_come_from_name(records: list[dict]) -> None:
    record = next(r for r in records if any("name" in a for a in r.get("author", [])))
    work = work_from_crossref(record)
    groups = [a.group for a in work.authors if a.is_group]
    assert groups == [a["name"] for a in record["author"] if "name" in a and not a.get("family")]


def test_wakefield_updates_are_retraction_and_correction_from_retraction_watch(shared_data: Path) -> None:
    path = next((shared_data / "crossref" / "responses" / "updates").glob("retracted-article_wakefield*"))
    work = work_from_crossref(_message(path))
    assert work.title and work.title.startswith("RETRACTED:")
    assert {(u.kind, u.source) for u in work.updates} == {("retraction", "retraction-watch"),
                                                           ("correction", "retraction-watch")}
    retraction = next(u for u in work.updates if u.kind == "retraction")
    assert retraction.doi == "10.1016/s0140-6736(10)60175-4"
    assert retraction.date == "2010-02-06"
    assert (work.volume, work.issue, work.first_page, work.last_page) == ("351", "9103", "637", "641")
    assert work.container == "The Lancet"


def test_notice_points_at_the_retracted_work(shared_data: Path) -> None:
    path = next((shared_data / "crossref" / "responses" / "updates").glob("retraction-notice_wakefield*"))
    work = work_from_crossref(_message(path))
    assert [(u.kind, u.doi) for u in work.update_to] == [("retraction", "10.1016/s0140-6736(97)11096-0")]
    assert work.updates == []


def test_duplicate_update_entries_are_merged_but_sources_kept(shared_data: Path) -> None:
    path = next((shared_data / "crossref" / "responses" / "updates").glob("expression-of-concern-target*"))
    message = _message(path)
    work = work_from_crossref(message)
    distinct = {(u["type"], u["DOI"].lower(), u["source"]) for u in message["updated-by"]}
    assert len(work.updates) == len(distinct)
    assert all(u.kind == "expression_of_concern" for u in work.updates)


@pytest.mark.parametrize("path_glob", ["*.json"])
def test_all_recorded_work_responses_convert(shared_data: Path, path_glob: str) -> None:
    folder = shared_data / "crossref" / "responses" / "works"
    converted = 0
    for path in sorted(folder.glob(path_glob)):
        work = work_from_crossref(_message(path))
        assert work.doi
        converted += 1
    for line in next(folder.glob("*.jsonl")).read_text(encoding="utf-8").splitlines():
        assert work_from_crossref(json.loads(line)["message"]).doi
    assert converted >= 38


def test_short_container_titles_and_series_are_abbrevs(records: list[dict]) -> None:
    record = next(r for r in records
                  if r.get("short-container-title") and r.get("container-title")
                  and r["short-container-title"][0] != r["container-title"][0])
    work = work_from_crossref(record)
    assert work.container == record["container-title"][0]
    assert record["short-container-title"][0] in work.container_abbrevs


def test_search_score_is_kept_and_subtitle_forms_added() -> None:
    work = work_from_crossref({"DOI": "10.1/X", "title": ["Main"], "subtitle": ["A sub"], "score": 12.5,
                               "issued": {"date-parts": [[2001, 5]]}, "published-online": {"date-parts": [[2000]]},
                               "article-number": "e123"})
    assert work.score == 12.5
    assert "Main: A sub" in work.titles and work.subtitle == "A sub"
    assert (work.year, work.month, work.year_online) == (2001, 5, 2000)
    assert work.article_number == "e123" and work.doi == "10.1/x"


def test_group_deposited_with_a_for_the_given_name(records: list[dict]) -> None:
    """JAMA deposits "for the PROMMTT Study Group" as given "for the", family "PROMMTT Study Group"."""
    record = next(r for r in records if any(a.get("given") == "for the" for a in r.get("author", [])))
    work = work_from_crossref(record)
    deposited = next(a for a in record["author"] if a.get("given") == "for the")
    assert deposited["family"] in [a.group for a in work.authors if a.is_group]
    assert all(a.given != "for the" for a in work.authors)


def test_glued_suffix_degree_and_labelled_volume() -> None:
    work = work_from_crossref({"DOI": "10.1/x", "volume": "Volume 13", "issue": "null",
                               "author": [{"family": "Raimundo, Jr.", "given": "Ivo M."},
                                          {"family": "Rahim", "given": "N. M.", "suffix": "Ph.D"}]})
    assert work.authors[1].suffix is None
    assert (work.volume, work.issue) == ("13", None)
    assert (work.authors[0].family, work.authors[0].suffix, work.authors[0].initials) == ("Raimundo", "Jr", "IM")


def test_a_given_name_and_is_a_person() -> None:
    work = work_from_crossref({"DOI": "10.1/x", "author": [{"family": "Smith", "given": "And"}]})
    assert work.authors[0].family == "Smith" and not work.authors[0].is_group


def test_markup_stripping_of_an_unclosed_tag_with_many_attributes() -> None:
    """Such a tag once backtracked exponentially (2^n: 22 attributes took 1.5 s, 30 would take
    minutes); an unquoted attribute value can no longer start with a quote, so there is one way
    to match. An unclosed tag is text, kept as deposited."""
    from refcheck.text.repair import strip_markup

    text = "Foo <span" + ' class="x"' * 30 + " bar"
    assert strip_markup(text) == text
    assert strip_markup('<span class="a" id=b>Foo</span> &amp; <i>bar</i>') == "Foo & bar"
