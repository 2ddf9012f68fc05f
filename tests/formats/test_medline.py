"""The one MEDLINE reader that library import and the mirror share."""

from __future__ import annotations

from refcheck.formats.medline import article_id, looks_like_medline, medline_records, tag_values

EXPORT = """\
PMID- 111
TI  - A title that the export
      wraps onto a second line.
AU  - Smith J
AID - 10.1000/abc [doi]

PMID- 222
TI  - Second record.
PMID- 333
TI  - Third record, run into the second without a blank line.
"""


def test_records_split_at_blank_lines_and_at_a_second_pmid() -> None:
    records = list(medline_records(EXPORT.splitlines()))
    assert [tag_values(r)["PMID"] for r in records] == [["111"], ["222"], ["333"]]
    assert tag_values(records[0])["TI"] == ["A title that the export wraps onto a second line."]


def test_an_indented_line_after_stray_text_continues_nothing() -> None:
    [record] = medline_records(["PMID- 1", "TI  - Title.", "stray text", "      more stray text"])
    assert record == [("PMID", "1"), ("TI", "Title.")]


def test_article_ids_and_detection() -> None:
    assert article_id("10.1000/abc [doi]") == ("10.1000/abc", "doi")
    assert article_id("S0140-6736(97)11096-0 [PII]") == ("S0140-6736(97)11096-0", "pii")
    assert article_id("10.1000/abc") is None
    assert looks_like_medline("\nPMID- 9500320\nOWN - NLM\n") and not looks_like_medline("PMID: 9500320")
