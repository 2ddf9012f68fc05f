"""One reference per citation style: the same fields come out whatever the layout."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_reference


def _families(c) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [a.family or a.group for a in c.authors]


def test_vancouver_full() -> None:
    c = parse_reference(
        "1. Doe JF, van der Berg K, Roe JP, et al. Imaging of the knee. Mod Pathol. 1998 Aug;11(8):728-34. "
        "doi: 10.1038/modpathol.3880123. PubMed PMID: 9720500."
    )
    assert c.number == 1
    assert _families(c) == ["Doe", "van der Berg", "Roe"]
    assert [a.initials for a in c.authors] == ["JF", "K", "JP"]
    assert c.et_al
    assert c.title == "Imaging of the knee"
    assert c.container == "Mod Pathol"
    assert (c.year, c.month, c.volume, c.issue) == (1998, "Aug", "11", "8")
    assert (c.pages, c.first_page, c.last_page) == ("728-34", "728", "734")
    assert c.doi == "10.1038/modpathol.3880123"
    assert c.pmid == "9720500"
    assert c.style == "vancouver"


def test_ama() -> None:
    c = parse_reference(
        "Doe JF, Roe JP. Outcomes after surgery. JAMA. 2020;323(15):1483-1492. doi:10.1001/jama.2020.6774"
    )
    assert _families(c) == ["Doe", "Roe"]
    assert c.title == "Outcomes after surgery"
    assert c.container == "JAMA"
    assert (c.year, c.volume, c.issue, c.first_page, c.last_page) == (2020, "323", "15", "1483", "1492")
    assert c.doi == "10.1001/jama.2020.6774"
    assert c.style == "ama"


def test_apa() -> None:
    c = parse_reference(
        "Doe, J. F., & Roe, J. P. (2020). Sleep and memory in adolescents. Journal of Sleep Research, "
        "15(2), 123–145. https://doi.org/10.1111/jsr.12345"
    )
    assert _families(c) == ["Doe", "Roe"]
    assert [a.initials for a in c.authors] == ["JF", "JP"]
    assert c.title == "Sleep and memory in adolescents"
    assert c.container == "Journal of Sleep Research"
    assert (c.year, c.volume, c.issue, c.first_page, c.last_page) == (2020, "15", "2", "123", "145")
    assert c.doi == "10.1111/jsr.12345"
    assert c.style == "apa"


def test_harvard() -> None:
    c = parse_reference(
        "Smith, J.A. and Roe, J. (2019) Community care for the elderly. Age and Ageing, 48(3), pp. 301-309."
    )
    assert _families(c) == ["Smith", "Roe"]
    assert c.title == "Community care for the elderly"
    assert c.container == "Age and Ageing"
    assert (c.year, c.volume, c.issue, c.first_page, c.last_page) == (2019, "48", "3", "301", "309")
    assert c.style == "harvard"


def test_springer_author_date() -> None:
    c = parse_reference(
        "Khan SR (1995) Calcium oxalate crystal interaction with renal tubular epithelium. Urol Res 23:71-79"
    )
    assert _families(c) == ["Khan"]
    assert c.title == "Calcium oxalate crystal interaction with renal tubular epithelium"
    assert (c.container, c.year, c.volume, c.first_page, c.last_page) == ("Urol Res", 1995, "23", "71", "79")


def test_bmc_year_comma_volume() -> None:
    c = parse_reference("Reuler JB, Broudy VC, Cooney TG: Adult scurvy. JAMA 1985, 253(6):805-807.")
    assert _families(c) == ["Reuler", "Broudy", "Cooney"]
    assert c.title == "Adult scurvy"
    assert (c.container, c.year, c.volume, c.issue, c.first_page) == ("JAMA", 1985, "253", "6", "805")
    assert c.style == "vancouver"


def test_ieee() -> None:
    c = parse_reference(
        '[3] J. F. Doe, K. L. van der Berg and J. P. Roe, "Deep learning for chest radiographs," '
        "IEEE Trans. Med. Imag., vol. 15, no. 2, pp. 123–145, Feb. 2020, doi: 10.1109/TMI.2020.1."
    )
    assert c.number == 3
    assert _families(c) == ["Doe", "van der Berg", "Roe"]
    assert [a.initials for a in c.authors] == ["JF", "KL", "JP"]
    assert c.title == "Deep learning for chest radiographs"
    assert c.container == "IEEE Trans. Med. Imag."
    assert (c.year, c.month, c.volume, c.issue, c.first_page, c.last_page) == (
        2020,
        "Feb",
        "15",
        "2",
        "123",
        "145",
    )
    assert c.doi == "10.1109/tmi.2020.1"
    assert c.style == "ieee"


def test_nature() -> None:
    c = parse_reference(
        "Doe, J. F. & Roe, J. P. Genome-wide maps of enhancers. Nat. Genet. 15, 123–145 (2020)."
    )
    assert _families(c) == ["Doe", "Roe"]
    assert c.title == "Genome-wide maps of enhancers"
    assert c.container == "Nat. Genet."
    assert (c.year, c.volume, c.first_page, c.last_page) == (2020, "15", "123", "145")
    assert c.style == "nature"


def test_chicago_notes_bibliography() -> None:
    c = parse_reference(
        'Doe, John F., and Jane P. Roe. "Hospital Mergers and Prices." Health Affairs 39, no. 2 (2020): 123–45.'
    )
    assert _families(c) == ["Doe", "Roe"]
    assert c.authors[0].given == "John F."
    assert c.title == "Hospital Mergers and Prices"
    assert c.container == "Health Affairs"
    assert (c.year, c.volume, c.issue, c.first_page, c.last_page) == (2020, "39", "2", "123", "145")
    assert c.style == "chicago"


def test_chicago_author_date() -> None:
    c = parse_reference(
        "Doe, John, and Jane Roe. 2020. Hospital mergers and prices. Health Affairs 39 (2): 123–45."
    )
    assert _families(c) == ["Doe", "Roe"]
    assert c.title == "Hospital mergers and prices"
    assert c.container == "Health Affairs"
    assert (c.year, c.volume, c.issue, c.first_page, c.last_page) == (2020, "39", "2", "123", "145")


@pytest.mark.parametrize(
    "text, journal",
    [
        (
            "Meyer E, Roe J (2009) Genetic variation in corals. Proc. Natl. Acad. Sci. USA 106:1-5",
            "Proc. Natl. Acad. Sci. USA",
        ),
        (
            "Haxby, J. V. & Gobbini, M. I. 2000 The distributed human neural system. Trends Cogn. Sci. 4, 223-233.",
            "Trends Cogn. Sci.",
        ),
        ("Roe J. Growth of E. coli in milk. J Dairy Sci. 2000;83:1-9.", "J Dairy Sci"),
    ],
)
def test_dotted_journal_abbreviations(text: str, journal: str) -> None:
    c = parse_reference(text)
    assert c.container == journal
    assert c.title and "." not in c.title[-1:]


def test_title_with_inner_full_stop() -> None:
    c = parse_reference("Roe J. Growth of E. coli in milk. J Dairy Sci. 2000;83:1-9.")
    assert c.title == "Growth of E. coli in milk"


def test_mla_is_read_like_chicago() -> None:
    c = parse_reference('Smith, John. "Hospital Mergers." Health Affairs, vol. 15, no. 2, 2020, pp. 123-45.')
    assert [a.display() for a in c.authors] == ["Smith J"]
    assert (c.title, c.container) == ("Hospital Mergers", "Health Affairs")
    assert (c.year, c.volume, c.issue, c.first_page, c.last_page) == (2020, "15", "2", "123", "145")
    assert c.style == "chicago"


def test_nature_et_al() -> None:
    c = parse_reference("Doe, J. F. et al. Genome maps of enhancers. Nature 580, 123–127 (2020).")
    assert [a.family for a in c.authors] == ["Doe"]
    assert c.et_al
    assert (c.container, c.volume, c.first_page, c.year) == ("Nature", "580", "123", 2020)


def test_science_natural_order() -> None:
    c = parse_reference("J. F. Doe, J. P. Roe, Genome maps of enhancers. Science 368, 123–127 (2020).")
    assert [a.display() for a in c.authors] == ["Doe JF", "Roe JP"]
    assert (c.title, c.container, c.volume, c.first_page, c.year) == (
        "Genome maps of enhancers",
        "Science",
        "368",
        "123",
        2020,
    )


def test_elsevier_numbered_comma_style() -> None:
    c = parse_reference("J.F. Doe, J.P. Roe, Genome maps, and enhancers, J. Clin. Invest. 108 (2001) 1–9.")
    assert c.title == "Genome maps, and enhancers"
    assert c.container == "J. Clin. Invest."
    assert (c.year, c.volume, c.first_page, c.last_page) == (2001, "108", "1", "9")


def test_physics_style_without_title() -> None:
    c = parse_reference("P. Kutter, Trends Anal. Chem. 19, 352 (2000)")
    assert c.title is None
    assert (c.container, c.volume, c.first_page, c.year) == ("Trends Anal. Chem.", "19", "352", 2000)


def test_acs_year_before_volume() -> None:
    c = parse_reference(
        "Doe, J. F.; Roe, J. P. Genome maps of enhancers. J. Am. Chem. Soc. 2020, 142, 123–130."
    )
    assert [a.family for a in c.authors] == ["Doe", "Roe"]
    assert c.container == "J. Am. Chem. Soc."
    assert (c.year, c.volume, c.first_page, c.last_page) == (2020, "142", "123", "130")


def test_preprint() -> None:
    c = parse_reference(
        "Doe JF, Roe JP. Genome maps of enhancers. bioRxiv [Preprint]. 2020. doi:10.1101/2020.01.01.123456"
    )
    assert c.kind == "preprint"
    assert (c.title, c.container, c.year) == ("Genome maps of enhancers", "bioRxiv", 2020)
    assert c.doi == "10.1101/2020.01.01.123456"


def test_article_without_locator_keeps_journal() -> None:
    c = parse_reference("Doe JF. Genome maps of enhancers. J Clin Invest. In press.")
    assert (c.title, c.container, c.volume, c.year) == (
        "Genome maps of enhancers",
        "J Clin Invest",
        None,
        None,
    )


def test_conference_paper() -> None:
    c = parse_reference(
        "Doe JF. Genome maps of enhancers. In: Proceedings of the 10th International Conference on Genomics; "
        "2019 May 1-3; Boston, MA. New York: ACM; 2019. p. 12-19."
    )
    assert c.kind == "conference"
    assert c.container == "Proceedings of the 10th International Conference on Genomics"
    assert (c.place, c.publisher, c.year, c.first_page, c.last_page) == ("New York", "ACM", 2019, "12", "19")


def test_harvard_web_page() -> None:
    c = parse_reference(
        "Smith, J. (2020) Title of page. Available at: https://example.org/x (Accessed: 5 May 2020)."
    )
    assert c.kind == "web"
    assert (c.title, c.url, c.year) == ("Title of page", "https://example.org/x", 2020)


def test_apa_month_survives_the_locator() -> None:
    c = parse_reference("Doe, J. (2020, March). Sleep and memory. Journal of Sleep Research, 15(2), 123–145.")
    assert (c.year, c.month, c.volume, c.first_page) == (2020, "Mar", "15", "123")
