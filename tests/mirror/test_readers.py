"""Every input layout the mirror ingests, written as small temp files from the real records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from refcheck.mirror.keys import crossref_fields, pubmed_fields
from refcheck.mirror.readers import RawRecord, Skipped, read_path
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.sources.pubmed_record import article_elements, parse_pubmed_xml, work_from_pubmed_element
from refcheck.text.pages import expand_pages


def _read(path: Path) -> tuple[list[RawRecord], list[Skipped]]:
    items = list(read_path(path))
    return [i for i in items if isinstance(i, RawRecord)], [i for i in items if isinstance(i, Skipped)]


def test_public_data_file_chunk(tmp_path: Path, crossref_records: list[dict]) -> None:
    chunk = crossref_records[:40]
    path = tmp_path / "0.json.gz"
    path.write_bytes(gzip.compress(json.dumps({"items": chunk}).encode()))
    records, skipped = _read(path)
    assert [r.fields.doi for r in records] == [m["DOI"].lower() for m in chunk]
    assert not skipped
    stored = json.loads(records[0].payload)
    assert stored["title"] == chunk[0]["title"] and "reference" not in stored


def test_jsonl_plain_and_gzip_with_envelopes_and_bad_lines(tmp_path: Path, crossref_records: list[dict]) -> None:
    lines = [json.dumps(m) for m in crossref_records[40:60]]
    lines.append(json.dumps({"status": "ok", "message-type": "work", "message": crossref_records[60]}))
    lines.append("{not json")
    plain = tmp_path / "records.jsonl"
    plain.write_text("\n".join(lines) + "\n\n")
    packed = tmp_path / "records.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, packed):
        records, skipped = _read(path)
        assert len(records) == 21
        assert records[-1].fields.doi == crossref_records[60]["DOI"].lower()
        assert [(s.reason, s.records) for s in skipped] == [("lines that are not JSON", 1)]


def test_raw_line_kept_when_nothing_is_dropped(crossref_records: list[dict]) -> None:
    """Records without heavy fields are stored byte for byte (no re-serialisation cost)."""
    from refcheck.mirror.readers import records_from_lines

    message = next(m for m in crossref_records if "reference" not in m and "abstract" not in m
                   and m.get("score") is None)
    line = json.dumps(message, separators=(",", ":")).encode()
    (record,) = list(records_from_lines([line], "x"))
    assert record.payload == line


def test_envelope_bare_message_and_work_list(shared_data: Path) -> None:
    works = shared_data / "crossref" / "responses" / "works"
    envelope = next(works.glob("journal-article__*.envelope.json"))
    records, _ = _read(envelope)
    assert len(records) == 1 and records[0].fields.doi
    bare = next(works.glob("*.message.json"))
    records, _ = _read(bare)
    assert len(records) == 1
    search = shared_data / "crossref" / "responses" / "search"
    listing = json.loads((search / "works_query-ecology_rows-2.envelope.json").read_text())
    records, _ = _read(search / "works_query-ecology_rows-2.envelope.json")
    assert [r.fields.doi for r in records] == [i["DOI"].lower() for i in listing["message"]["items"]]
    assert all("score" not in json.loads(r.payload) for r in records)  # search relevance is not metadata


def test_partial_select_items_and_error_bodies_are_skipped(shared_data: Path) -> None:
    search = shared_data / "crossref" / "responses" / "search"
    records, skipped = _read(search / "works_query-ecology_select-DOI-title.envelope.json")
    assert not records and skipped and all("partial" in s.reason for s in skipped)
    errors = shared_data / "crossref" / "responses" / "errors"
    _, skipped = _read(errors / "500_works-cursor-5.exception.json")
    assert skipped[0].reason == "Crossref 'exception' response, not work records"
    _, skipped = _read(errors / "404_works-unknown-doi.txt")
    assert "not a record file" in skipped[0].reason


def test_pubmed_xml_sets_baseline_gzip_and_bare_article(pubmed_dir: Path) -> None:
    records, _ = _read(pubmed_dir / "medline-baseline-2019-sample_176-records.xml")
    assert len(records) == 176
    assert all(r.fields.source == "pubmed" and r.fields.pmid for r in records)
    records, _ = _read(pubmed_dir / "baseline-style_pmid-729652_4-records.xml.gz")
    assert len(records) == 4
    records, _ = _read(pubmed_dir / "pmid-19129924_bare-PubmedArticle.xml")
    assert [r.fields.pmid for r in records] == ["19129924"]
    records, skipped = _read(pubmed_dir / "edge_no-PMID_2019.xml.gz")
    assert not records and skipped[0].reason == "PubMed records without PMID"


def test_pubmed_payload_drops_abstract_and_references(pubmed_dir: Path) -> None:
    records = []
    for path in sorted(pubmed_dir.glob("pmid-*.xml")):
        records += _read(path)[0]
    assert records
    assert not any(b"<AbstractText" in r.payload or b"<ReferenceList" in r.payload for r in records)


def test_other_xml_is_skipped(shared_data: Path) -> None:
    _, skipped = _read(shared_data / "ncbi" / "pmc-xml" / "efetch-pmc_small-article.xml")
    assert skipped[0].reason.startswith("XML <pmc-articleset>")


def test_medline_text_becomes_pubmed_records(shared_data: Path) -> None:
    """MEDLINE is translated to PubMed XML, so the live converter reads it, retractions included."""
    from refcheck.mirror.query import Row
    from refcheck.sources.mirror import convert

    medline = shared_data / "ncbi" / "medline"
    (record,) = _read(next(medline.glob("pmid-9500320_retracted-publication_RIN.txt")))[0]
    work = convert(Row(1, "pubmed", record.fields.doi, record.fields.pmid, record.fields.year,
                       record.fields.volume, record.fields.first_page, record.payload))
    assert (work.pmid, work.doi, work.volume, work.first_page, work.year) == (
        "9500320", "10.1016/s0140-6736(97)11096-0", "351", "637", 1998)
    assert [a.display() for a in work.authors[:2]] == ["Wakefield AJ", "Murch SH"]
    assert [(u.kind, u.pmid) for u in work.updates] == [("retraction", "20137807")]
    assert work.container_abbrevs == ["Lancet"]

    notice = _read(next(medline.glob("pmid-34710116_eoc-notice_ECF.txt")))[0][0]
    notice_work = convert(Row(2, "pubmed", None, "34710116", None, None, None, notice.payload))
    assert [(u.kind, u.pmid) for u in notice_work.update_to] == [("expression_of_concern", "23741377")]

    records, _ = _read(medline / "pmids-16403221+16377612+14871861+14630660_pubmed-export.txt")
    assert [r.fields.pmid for r in records] == ["16403221", "16377612", "14871861", "14630660"]
    group = _read(next(medline.glob("pmid-7912306_AU-without-FAU.txt")))[0][0]
    assert b"<CollectiveName>Dutch Colorectal Cancer Group</CollectiveName>" in group.payload
    records, skipped = _read(next(medline.glob("pmid-20301295_book_BTI-FED.txt")))
    assert not records and skipped[0].reason.startswith("MEDLINE book records")


def test_crossref_index_keys_agree_with_the_converter(crossref_records: list[dict]) -> None:
    """The block keys must equal what the live converter registers, or blocking would miss."""
    for message in crossref_records:
        fields, work = crossref_fields(message), work_from_crossref(message)
        assert fields.doi == work.doi
        assert fields.volume == work.volume
        assert fields.first_page == (work.first_page or work.article_number), message["DOI"]
        if work.year is not None and fields.year is not None:
            assert fields.year == work.year


def test_pubmed_index_keys_agree_with_the_converter(pubmed_dir: Path) -> None:
    checked = 0
    for path in sorted(pubmed_dir.glob("*.xml*")):
        try:
            root = parse_pubmed_xml(path.read_bytes())
        except ValueError:
            continue
        for node in article_elements(root):
            fields, work = pubmed_fields(node), work_from_pubmed_element(node)
            assert (fields.pmid, fields.doi, fields.volume) == (work.pmid, work.doi, work.volume), path.name
            if work.pages:
                assert fields.first_page == (work.first_page or expand_pages(work.pages)[0]), path.name
            checked += 1
    assert checked > 350


def test_index_text_is_decoded_like_the_converter() -> None:
    """Entities and inline tags must not become search words ("amp", "i")."""
    fields = crossref_fields({"DOI": "10.1/x", "title": ["<i>Escherichia coli</i> &amp; biofilms"],
                              "container-title": ["Archives of Neurology &amp; Psychiatry"]})
    assert fields.title == "Escherichia coli & biofilms"
    assert "amp" not in fields.container.split()


def test_pubmed_xml_with_an_unknown_declared_encoding_is_skipped_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text('<?xml version="1.0" encoding="UT-8"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>\n',
                    encoding="utf-8")
    records, skipped = _read(path)
    assert not records
    assert [s.reason for s in skipped] == ["XML error: unknown encoding: UT-8"]
