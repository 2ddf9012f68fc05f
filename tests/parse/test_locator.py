"""Volume/issue/supplement/pages layouts, elided ranges and electronic article numbers."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_reference

HEAD = "Doe JF, Roe JP. A study of things. J Clin Invest. "


@pytest.mark.parametrize(
    "locator, volume, issue, supplement, pages, first, last",
    [
        ("1998;11(8):728-34.", "11", "8", None, "728-34", "728", "734"),
        ("2002;102(Suppl 1):275-82.", "102", None, "Suppl 1", "275-82", "275", "282"),
        ("2002;42 Suppl 2:S93-9.", "42", None, "Suppl 2", "S93-9", "S93", "S99"),
        ("2000;25(2 Suppl):17S-21S.", "25", "2", "Suppl", "17S-21S", "17S", "21S"),
        ("2000;23(1 Suppl 2):89-97.", "23", "1", "Suppl 2", "89-97", "89", "97"),
        ("1995;(320):110-4.", None, "320", None, "110-4", "110", "114"),
        ("2005;2(10):e297.", "2", "10", None, "e297", "e297", None),
        ("2010;340:c207.", "340", None, None, "c207", "c207", None),
        ("2004;89:ECR32.", "89", None, None, "ECR32", "ECR32", None),
        ("1999;1199-205:1199-205.", "1199-205", None, None, "1199-205", "1199", "1205"),
        ("2001;107(986 Pt 1):377-8.", "107", "986 Pt 1", None, "377-8", "377", "378"),
        ("2002 Jul 25;347(4):284-7.", "347", "4", None, "284-7", "284", "287"),
        ("1998;11: 728–734.", "11", None, None, "728–734", "728", "734"),
        ("2001;74 :983–986.", "74", None, None, "983–986", "983", "986"),
    ],
)
def test_vancouver_locators(locator, volume, issue, supplement, pages, first, last) -> None:  # type: ignore[no-untyped-def]
    c = parse_reference(HEAD + locator)
    assert (c.volume, c.issue, c.supplement) == (volume, issue, supplement)
    assert (c.pages, c.first_page, c.last_page) == (pages, first, last)
    assert c.container == "J Clin Invest"
    assert c.title == "A study of things"


def test_month_is_read() -> None:
    c = parse_reference(HEAD + "2002 Jul 25;347(4):284-7.")
    assert (c.year, c.month) == (2002, "Jul")


def test_erratum_after_locator_is_ignored() -> None:
    c = parse_reference(
        "Marcy PY, Palussiere J. Percutaneous cementoplasty. Support Care Cancer 2000;8:500-503; "
        "erratum Support Care Cancer 2000;8:510"
    )
    assert (c.container, c.year, c.volume, c.first_page, c.last_page) == (
        "Support Care Cancer",
        2000,
        "8",
        "500",
        "503",
    )


def test_volume_only_online_first() -> None:
    c = parse_reference(HEAD + "2020;15(2).")
    assert (c.year, c.volume, c.issue, c.pages) == (2020, "15", "2", None)


def test_numbers_in_title_are_not_the_locator() -> None:
    c = parse_reference(
        "Kuczmarski RJ, Flegal KM: Increasing prevalence of overweight among US adults, 1960 to 1991. "
        "JAMA 1994, 272(3):205-211."
    )
    assert (c.year, c.volume, c.issue, c.first_page) == (1994, "272", "3", "205")
    assert c.title == "Increasing prevalence of overweight among US adults, 1960 to 1991"


def test_pmcid_and_url_are_read_and_removed() -> None:
    c = parse_reference(
        HEAD + "2019;10:e123. PMCID: PMC6543210. Available from: https://example.org/paper.pdf"
    )
    assert c.pmcid == "PMC6543210"
    assert c.url == "https://example.org/paper.pdf"
    assert c.first_page == "e123"


def test_roman_volume_with_year_anchor() -> None:
    c = parse_reference("Dyas FG. The treatment of acute osteomyelitis. JAMA. 1914;LXII(16):1216.")
    assert (c.container, c.volume, c.issue, c.first_page) == ("JAMA", "LXII", "16", "1216")


@pytest.mark.parametrize(
    "text",
    [
        "Brigham, C. R. (2005). Knee osteoarthritis. Guides Newsletter, 10(2), 1–3, 7, 12.",
        "Brigham, C. R. Knee osteoarthritis. Guides Newsletter 10, 1–3, 7, 12 (2005).",
    ],
)
def test_non_contiguous_pages(text: str) -> None:
    c = parse_reference(text)
    assert (c.container, c.volume, c.pages, c.first_page, c.last_page, c.year) == (
        "Guides Newsletter",
        "10",
        "1–3, 7, 12",
        "1",
        "3",
        2005,
    )


def test_year_after_pages_is_not_a_page() -> None:
    c = parse_reference("Doe, J. F.; Roe, J. P. Genome maps. J. Am. Chem. Soc. 2020, 142, 123–130.")
    assert (c.volume, c.pages, c.year) == ("142", "123–130", 2020)
