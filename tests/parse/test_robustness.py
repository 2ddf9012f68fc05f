"""Raw strings from PDF/HTML/Markdown extraction, and garbage that must not hang or crash."""

from __future__ import annotations

import random
import time

import pytest

from refcheck.model import RawEntry, Span
from refcheck.parse import parse_entry, parse_reference


def test_pdf_line_breaks_and_hyphenation() -> None:
    c = parse_reference(
        "Ikeda S, Tanaka M, Matsumoto S, Yoshimoto H, Itoh H. Endo-\nscopic sphincterotomy: Long-term "
        "results in 408 patients with \ncomplete follow-up. Endoscopy. 1988;20:13-7."
    )
    assert c.title == "Endoscopic sphincterotomy: Long-term results in 408 patients with complete follow-up"
    assert (c.container, c.year, c.volume, c.first_page, c.last_page) == ("Endoscopy", 1988, "20", "13", "17")


def test_hyphen_kept_before_capital_and_in_compounds() -> None:
    c = parse_reference(
        "Ray-\nCoquard I, Goto-\nAzuma K (2007) Curcumin reduces lead-\ninduced deficits. J Agric Food Chem 55:1039-1044"
    )
    assert [a.family for a in c.authors] == ["Ray-Coquard", "Goto-Azuma"]
    assert c.title == "Curcumin reduces lead-induced deficits"


def test_ligatures_and_markdown() -> None:
    c = parse_reference("Doe JF. **Signiﬁcance of ﬂow cytometry.** *Cytometry* 2001;45:1-9.")
    assert c.title == "Significance of flow cytometry"
    assert c.container == "Cytometry"


def test_bracket_debris_and_language_note() -> None:
    c = parse_reference(
        "Dupont J, Martin P. Les tumeurs stromales [Article in French]. Bull Cancer. 2001;88(7):661-2. "
        "[PubMed] [Google Scholar] [CrossRef]"
    )
    assert c.title == "Les tumeurs stromales"
    assert (c.container, c.volume, c.issue, c.first_page, c.last_page) == (
        "Bull Cancer",
        "88",
        "7",
        "661",
        "662",
    )
    assert any("French" in n for n in c.notes)


def test_link_debris_identifiers() -> None:
    c = parse_reference(
        "Weill A, Kobaiter H. Acetabulum malignancies. Eur Radiol 1998;8:123-129 "
        "[CrossRef](http://www.ajnr.org/lookup/external-ref?access_num=10.1007/s003300050351&link_type=DOI) "
        "[PubMed](http://www.ajnr.org/lookup/external-ref?access_num=9442143&link_type=MED&atom=%2Fajnr)"
    )
    assert (c.doi, c.pmid) == ("10.1007/s003300050351", "9442143")
    assert (c.container, c.first_page) == ("Eur Radiol", "123")


def test_entry_identifiers_are_used() -> None:
    entry = RawEntry(
        4, "Doe JF. A study. J Clin Invest. 2001;108:1-9.", Span(10, 1), identifiers={"pmid": "123456"}
    )
    c = parse_entry(entry)
    assert (c.number, c.pmid, c.span) == (4, "123456", Span(10, 1))
    assert c.text == entry.text


def test_doi_broken_across_lines() -> None:
    c = parse_reference(
        "Bogdanov AM. Green proteins. Nat. Chem. Biol. 5, 459-461. (doi:10.1038/ \nnchembio.174)"
    )
    assert c.doi == "10.1038/nchembio.174"


def test_structured_fields_win() -> None:
    entry = RawEntry(
        1, "Doe J. Something", Span(1, 1), fields={"title": "Real title", "year": "2003", "pages": "12-9"}
    )
    c = parse_entry(entry)
    assert (c.title, c.year, c.first_page, c.last_page) == ("Real title", 2003, "12", "19")


def test_unknown_fields_stay_none() -> None:
    c = parse_reference("Doe JF. Some thoughts on things")
    assert c.container is None and c.volume is None and c.first_page is None and c.year is None
    assert any("no year" in n for n in c.notes)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "....", "12345", "[PubMed]"])
def test_empty_and_trivial(text: str) -> None:
    c = parse_reference(text)
    assert c.text == text
    assert c.authors == [] or c.authors is not None


_UNITS = [
    "Smith JA, ",
    "ABCD ",
    "Word ",
    "A. ",
    "1;2:3-4, ",
    "(",
    ")",
    "Smith, J. A., ",
    "van de van der ",
    "Endo-\nscopic ",
    '"',
    "*a* **b** ",
    "[PubMed](http://x.org/a(b)c ",
    "(2001) 2001; 2001, ",
    "In: ",
    "2nd ed. ",
    "New York: ",
    "SMITH ",
    "doi:10.1000/",
    "et al. ",
    "Group ",
]


@pytest.mark.parametrize("unit", _UNITS)
def test_garbage_5000_chars_parses_quickly(unit: str) -> None:
    """Guard against catastrophic backtracking: a 5,000-char repetitive string must not hang.

    The bound is deliberately loose (backtracking blow-ups take seconds to hours); real
    throughput is measured in bench/parse_bench.py, not here.
    """
    text = (unit * (5000 // len(unit) + 1))[:5000]
    t0 = time.process_time()  # CPU time: immune to other jobs sharing the machine
    c = parse_reference(text)
    assert time.process_time() - t0 < 2.0
    assert c.text == text


def test_random_garbage_never_raises() -> None:
    rng = random.Random(42)
    alphabet = "Aa .,;:()[]-'\"&*_\n0123456789éß"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        c = parse_reference(text)
        assert c.text == text
        assert c.style in {"vancouver", "ama", "apa", "harvard", "ieee", "nature", "chicago", "unknown"}


def test_mojibake_and_html_entities_are_repaired() -> None:
    c = parse_reference(
        "MarrÃ£o G, VerÃ\xadssimo A. Biofilms in hydrothermal areas. Arch Pediatr &amp; Adolesc Med. 1993;12(1):25-33."
    )
    assert [a.family for a in c.authors] == ["Marrão", "Veríssimo"]
    assert c.container == "Arch Pediatr & Adolesc Med"


def test_ieee_suffix_and_nested_quotes() -> None:
    c = parse_reference(
        '[1] J. G. Hodge Jr., E. D. Anderson, and G. D. Kelen, "Erratum to "Visual outcomes of keratoplasty"," '
        "Disaster Med. Public Health Prep., vol. 5, no. 1, pp. 54–61, Mar. 2011."
    )
    assert [(a.family, a.initials, a.suffix) for a in c.authors] == [
        ("Hodge", "JG", "Jr"),
        ("Anderson", "ED", None),
        ("Kelen", "GD", None),
    ]
    assert c.title == 'Erratum to "Visual outcomes of keratoplasty"'
    assert c.container == "Disaster Med. Public Health Prep."
    assert (c.volume, c.issue, c.first_page, c.year, c.month) == ("5", "1", "54", 2011, "Mar")
