"""Layout debris removed from entry text: hyphenation, page furniture, Markdown."""

from __future__ import annotations

import pytest

from refcheck.extract.clean import clean_entry, join_hyphenation, strip_markdown
from refcheck.extract.text import extract_text


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("Endo-\nscopic", "Endoscopic"),
        ("Endo-  \n   scopic", "Endoscopic"),
        ("Ray-\nCoquard", "Ray-Coquard"),
        ("728-\n34", "728-34"),
        ("Endo\u00ad\nscopic", "Endoscopic"),
        ("non-hyphenated\nline", "non-hyphenated\nline"),
        ("Malnutrition-\ninflammation", "Malnutrition-inflammation"),
        ("lead-\ninduced", "lead-induced"),
    ],
)
def test_join_hyphenation(raw, joined):
    assert join_hyphenation(raw) == joined


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("*Mod Pathol* 1998", "Mod Pathol 1998"),
        ("**A bold title.** J 2001", "A bold title. J 2001"),
        ("__Bold__ and _italic_ words", "Bold and italic words"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2 * 3 * 4 stays", "2 * 3 * 4 stays"),
        (r"Smith J\. \[Suppl\]", "Smith J. [Suppl]"),
        ("<i>Lancet</i> 2001", "Lancet 2001"),
        ("SICI 10.1002/(SICI)1097<1753::AID>3.0.CO;2-N", "SICI 10.1002/(SICI)1097<1753::AID>3.0.CO;2-N"),
    ],
)
def test_strip_markdown(raw, clean):
    assert strip_markdown(raw) == clean


def test_clean_entry_removes_links_keeps_real_labels():
    text, ids = clean_entry(
        "Smith J. [A linked title](https://example.org/a). *J Foo* 2001;1:2. "
        "[PubMed](http://x/lookup?access_num=123&link_type=MED) ![img](http://x/i.png)"
    )
    assert text == "Smith J. A linked title. J Foo 2001;1:2."
    assert ids == {"pmid": "123"}


def test_running_headers_and_page_numbers_are_removed():
    header = "Skeletal Radiol (2007) 36:1101–1104"
    body = f"{header}\n1101\n\nIntro text citing [1].\n\f{header}\n1102\n\nMore text.\n"
    refs = (
        "References\n\n1. Smith J, Doe A. A title that goes over a page\n"
        f"\f{header}\n1103\n"
        "break. J Foo 2001;1:2-3.\n2. Roe B. Another. J 2002;4:5.\n"
    )
    doc = extract_text(body + refs)
    assert doc.entries[0].text == "Smith J, Doe A. A title that goes over a page break. J Foo 2001;1:2-3."
    assert header in doc.entries[0].source_text  # source_text stays the exact slice


def test_duplicate_entries_are_not_taken_for_running_headers():
    entry = "Smith J, Doe A. A title. J Foo 2001;1:2-3."
    doc = extract_text(f"Works Cited\n{entry}\n{entry}\n{entry}\n")
    assert [e.text for e in doc.entries] == [entry] * 3


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("doi:10.1016/j.\njcv.2004.01.001", "doi:10.1016/j.jcv.2004.01.001"),
        ("https://doi.org/10.1007/s00270-\nabc", "https://doi.org/10.1007/s00270-abc"),
        ("Available at https://www.who.int/\nreport.pdf", "Available at https://www.who.int/report.pdf"),
        ("J 2001;1:2.\nNext line", "J 2001;1:2.\nNext line"),
    ],
)
def test_join_broken_identifiers(raw, joined):
    from refcheck.extract.clean import join_broken_identifiers

    assert join_broken_identifiers(raw) == joined


def test_broken_doi_is_recovered_whole():
    text, _ = clean_entry("Smith J. Title. J Clin Virol 2004;30:1-2. doi:10.1016/j.\n   jcv.2004.01.001")
    assert text.endswith("doi:10.1016/j.jcv.2004.01.001")


def test_lone_numbers_that_continue_an_entry_are_kept():
    text, _ = clean_entry("Smith J. Title. Arch Ophthalmol 122:750-\n757")
    assert text.endswith("122:750-757")
    text, _ = clean_entry("Coplen T. Nitrates containing mass-independent\n17\nO. Anal Chem 2004")
    assert "mass-independent 17 O" in text


def test_short_repeated_lines_are_not_furniture():
    refs = "".join(f"{i}. Author{i} A. Title {i}. J 2001;{i}:1-2.\n   doi:\n" for i in range(1, 5))
    doc = extract_text("References\n\n" + refs)
    assert all(e.text.endswith("doi:") for e in doc.entries)


def test_line_end_hyphen_agrees_with_the_parser_through_the_cli(tmp_path):
    """The extract stage and ``parse_reference`` share one hyphen rule (regression: the list
    path gave ``Malnutritioninflammation`` while the single-string path kept the hyphen)."""
    import json

    from click.testing import CliRunner

    from refcheck.cli import main
    from refcheck.parse import parse_reference

    entry = ("Smith J, Doe A. Malnutrition-\ninflammation complex syndrome in dialysis. "
             "Kidney Int. 2003;63(3):793-808.")
    paper = tmp_path / "paper.md"
    paper.write_text(f"# Paper\n\nText [1].\n\n## References\n\n1. {entry}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(paper), "-f", "json"])
    assert result.exit_code == 0, result.output
    title = json.loads(result.stdout)["references"][0]["title"]
    assert title == "Malnutrition-inflammation complex syndrome in dialysis"
    assert parse_reference(entry).title == title
