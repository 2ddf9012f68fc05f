"""DOI/PMID/PMCID patterns, DOI normalisation, and recovery from plain text and link debris."""

from __future__ import annotations

import pytest

from refcheck.parse.clean import clean
from refcheck.parse.identifiers import take_identifiers
from refcheck.text.identifiers import (
    doi_key,
    find_identifiers,
    identifiers_from_url,
    is_doi,
    is_pmid,
    normalize_doi,
    plain_identifiers,
    strip_doi_prefix,
    strip_link_debris,
    trim_identifier,
)

LOOKUP = "http://www.ajnr.org/lookup/external-ref?access_num={}&link_type={}"


def test_pubmed_link():
    ids = find_identifiers(f"Title. J 1989;70:557 [PubMed]({LOOKUP.format(2593110, 'MED')}&atom=%2Fajnr%2F26.atom)")
    assert ids == {"pmid": "2593110"}


def test_crossref_link_with_sici_doi():
    sici = "10.1002/1097-0142(19891015)64:8<1753::AID-CNCR2820640833>3.0.CO;2-N"
    text, ids = strip_link_debris(f"Cancer 1989;64:1753 [CrossRef]({LOOKUP.format(sici, 'DOI')}) next")
    assert ids == {"doi": sici}
    assert text.split() == ["Cancer", "1989;64:1753", "next"]


def test_url_encoded_doi_is_decoded():
    assert identifiers_from_url(LOOKUP.format("10.1016%2FS0002-9440(10)65266-2", "DOI")) == {
        "doi": "10.1016/S0002-9440(10)65266-2"
    }


def test_web_of_science_and_ijlink_are_ignored_but_removed():
    text, ids = strip_link_debris(
        f"Bone 1999 [Web of Science]({LOOKUP.format('000077973800025', 'ISI')}) "
        "[Abstract/FREE Full Text](http://www.ajnr.org/lookup/ijlink/YTozOntzOjQ6InBhdGgi)"
    )
    assert ids == {}
    assert text.strip() == "Bone 1999"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J 2001;1:2. doi:10.1000/abc.def.", {"doi": "10.1000/abc.def"}),
        ("J 2001;1:2. doi: 10.1000/ABC", {"doi": "10.1000/ABC"}),
        ("J 2001;1:2. DOI 10.1000/x)", {"doi": "10.1000/x"}),
        ("J. https://doi.org/10.1016/S0002-9440(10)65266-2.", {"doi": "10.1016/S0002-9440(10)65266-2"}),
        ("J. http://dx.doi.org/10.1000/a%2Fb", {"doi": "10.1000/a/b"}),
        ("J 2001. PMID: 12345678", {"pmid": "12345678"}),
        ("J 2001. PubMed PMID: 123; PMCID: PMC4567.", {"pmid": "123", "pmcid": "PMC4567"}),
        ("J 2001. PubMed ID: 123.", {"pmid": "123"}),  # the parser's label, read by extract too
        ("Available from: https://www.who.int/report.pdf.", {"url": "https://www.who.int/report.pdf"}),
        ("https://pubmed.ncbi.nlm.nih.gov/9442143/", {"pmid": "9442143"}),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123456/", {"pmcid": "PMC123456"}),
        ("No identifiers in 2001;12:10.5-11.", {}),
    ],
)
def test_plain_text_identifiers(text, expected):
    assert find_identifiers(text) == expected


def test_printed_identifier_wins_over_link():
    ids = find_identifiers(f"PMID: 111 [PubMed]({LOOKUP.format(222, 'MED')})")
    assert ids["pmid"] == "111"


@pytest.mark.parametrize(
    ("raw", "trimmed"),
    [("10.1/a).", "10.1/a"), ("10.1/a(1)b", "10.1/a(1)b"), ("10.1/<x>", "10.1/<x>"), ("10.1/a>;", "10.1/a")],
)
def test_trim_identifier(raw, trimmed):
    assert trim_identifier(raw) == trimmed


def test_entry_keeps_plain_identifiers_in_text_but_not_link_debris():
    from refcheck.extract.text import extract_text

    doc = extract_text(
        "References\n\n1. Smith J. Title. J 2001;1:2. doi: 10.1000/xyz. PMID: 42\n"
        f"2. Doe A. Title. J 2002;3:4. [PubMed]({LOOKUP.format(77, 'MED')})\n"
    )
    first, second = doc.entries
    assert "doi: 10.1000/xyz" in first.text and "PMID: 42" in first.text
    assert first.identifiers == {"doi": "10.1000/xyz", "pmid": "42"}
    assert second.text == "Doe A. Title. J 2002;3:4."
    assert second.identifiers == {"pmid": "77"}


def test_doi_in_a_publisher_url():
    ids = find_identifiers("Ergonomics 2002, 45:850-865 [http://www.tandfonline.com/doi/abs/10.1080/00140130210160920].")
    assert ids == {"doi": "10.1080/00140130210160920"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("J 2001;12:3-4. [PubMed] [Google Scholar] [CrossRef]", "J 2001;12:3-4."),
        ("J 2001;12:3-4. [PMC free article] [Ref list]", "J 2001;12:3-4."),
        ("Title [abstract]. J 2001", "Title [abstract]. J 2001"),
        ("Title [Article in French]. J 2001", "Title [Article in French]. J 2001"),
        ("Report [Internet]. 2001", "Report [Internet]. 2001"),
    ],
)
def test_bare_database_labels_are_removed(raw, clean):
    text, ids = strip_link_debris(raw)
    assert " ".join(text.split()) == clean and ids == {}


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("doi:10.1000/ABC.", "10.1000/abc"),
        ("https://doi.org/10.1000/abc", "10.1000/abc"),
        ("https://dx.doi.org/10.1000/abc;", "10.1000/abc"),
        ("(doi:10.1000/abc)", "10.1000/abc"),  # the sentence bracket goes
        ("10.1016/S0002-9440(10)65266-2", "10.1016/s0002-9440(10)65266-2"),  # its own bracket stays
        ("10.35609/gcbssproceeding.2022.1(2)", "10.35609/gcbssproceeding.2022.1(2)"),
        ("10.1002/(SICI)1097-4636(199706)35:4<433::AID-JBM5>3.0.CO;2-D", "10.1002/(sici)1097-4636(199706)35:4<433::aid-jbm5>3.0.co;2-d"),
        ("10.1/x", None),  # the registrant code has 4-9 digits
        ("", None),
        (None, None),
    ],
)
def test_normalize_doi(raw, doi):
    assert normalize_doi(raw) == doi


def test_doi_key_is_the_normal_form_or_the_raw_value_lower_cased():
    """What the sources ask and cache under: a DOI that does not parse is still asked as cited."""
    assert doi_key("https://doi.org/10.1016/S0002-9440(10)65266-2.") == "10.1016/s0002-9440(10)65266-2"
    assert doi_key(" 10.1/X ") == "10.1/x"


@pytest.mark.parametrize(
    ("raw", "bare"),
    [("doi: 10.1/x", "10.1/x"), ("DOI:10.1/x", "10.1/x"), ("https://doi.org/10.1/x", "10.1/x"),
     (" http://dx.doi.org/10.1/x", "10.1/x"), ("10.1/x", "10.1/x")],
)
def test_strip_doi_prefix(raw, bare):
    assert strip_doi_prefix(raw) == bare


def test_syntax_predicates():
    assert is_doi("10.1056/nejmoa2034577") and not is_doi("10.1056nejmoa2034577") and not is_doi("10.10/abc")
    assert is_pmid("9500320") and not is_pmid("0123") and not is_pmid("95-00320") and not is_pmid("1234567890")


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("See <https://doi.org/10.1000/xyz>.", "10.1000/xyz"),  # the autolink's '>' is not the DOI's
        ("J 2001. doi: 10.1000/abc<br>next", "10.1000/abc"),  # nor is an HTML tag
        ("doi:10.1002/(SICI)1097-4636(199706)35:4<433::AID-JBM5>3.0.CO;2-D.",
         "10.1002/(SICI)1097-4636(199706)35:4<433::AID-JBM5>3.0.CO;2-D"),
        ('"10.1000/abc"', "10.1000/abc"),
    ],
)
def test_plain_doi_ends_where_the_parser_ends_it(text, doi):
    """The extract stage and the parser read a printed DOI with the same pattern."""
    assert plain_identifiers(text)["doi"] == doi
    assert take_identifiers(text)[1].doi == doi.lower()


def test_parser_rejoins_a_doi_broken_after_its_slash():
    assert take_identifiers("J 2001;1:2. doi: 10.1038/\nnature123")[1].doi == "10.1038/nature123"


def test_parser_reads_a_three_digit_pmcid_as_the_extract_stage_does():
    assert take_identifiers("J 2001;1:2. PMCID: PMC123")[1].pmcid == "PMC123"
    assert find_identifiers("J 2001;1:2. PMCID: PMC123") == {"pmcid": "PMC123"}


def test_parser_mines_link_debris_with_the_extract_stage_miner():
    """``parse_reference`` alone and the pipeline read the same identifiers from link debris."""
    raw = (f"Smith J. A title here. J Biol 2001;12:3-4. [PubMed]({LOOKUP.format(123, 'PUBMED')}) "
           f"[CrossRef]({LOOKUP.format('10.1000%2Fabc.', 'DOI')})")
    cleaned = clean(raw)
    assert cleaned.identifiers == find_identifiers(raw) == {"pmid": "123", "doi": "10.1000/abc"}
    assert "access_num" not in cleaned.text
