"""Title/journal boundaries and locator layouts found while iterating on the dev set."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_reference


@pytest.mark.parametrize(
    "text, title, container",
    [
        (
            "Marsh, R. L. (1998). Activation of intentions. Journal of Experimental Psychology. "
            "Learning, Memory, and Cognition, 24, 350-361.",
            "Activation of intentions",
            "Journal of Experimental Psychology. Learning, Memory, and Cognition",
        ),
        (
            "McDonald, M. (2009). Prevalence of hypertension. Journals of Gerontology. Series A, "
            "Biological Sciences and Medical Sciences, 64(2), 256-263.",
            "Prevalence of hypertension",
            "Journals of Gerontology. Series A, Biological Sciences and Medical Sciences",
        ),
        (
            "Smith, J. (2010). Innate immunity and vaccines. Nature Reviews. Immunology, 5(2), 1-10.",
            "Innate immunity and vaccines",
            "Nature Reviews. Immunology",
        ),
        (
            "Smith J, Roe P (2008) Exact solutions of a model. J. Phys. A: Math. Theor. 41:1-10",
            "Exact solutions of a model",
            "J. Phys. A: Math. Theor.",
        ),
        (
            'J. Smith, "Exact solutions," J. Phys. A: Math. Theor., vol. 41, pp. 1-10, 2008.',
            "Exact solutions",
            "J. Phys. A: Math. Theor.",
        ),
        (
            "Zhao GY: Hydrolysis of collagen from Pseudoalteromonas sp. SM9913. J Biol Chem 2008, 283:36100-36107.",
            "Hydrolysis of collagen from Pseudoalteromonas sp. SM9913",
            "J Biol Chem",
        ),
        (
            "Smith J. Aspirin vs. placebo in pain. Lancet. 2008;41:1-10.",
            "Aspirin vs. placebo in pain",
            "Lancet",
        ),
        (
            "Smith J, Roe P (2008) Common drugs, e.g. aspirin, and pain. Lancet 41:1-10",
            "Common drugs, e.g. aspirin, and pain",
            "Lancet",
        ),
        (
            "Smith J, Roe P (2008) What is it? A study of things. Lancet 41:1-10",
            "What is it? A study of things",
            "Lancet",
        ),
    ],
)
def test_title_and_journal_boundaries(text: str, title: str, container: str) -> None:
    cit = parse_reference(text)
    assert (cit.title, cit.container) == (title, container)


@pytest.mark.parametrize(
    "text, title, container",
    [
        (
            "Doe JF, Roe JP. Effect of X on Y vs. Z. JAMA. 2020;15(2):123-145.",
            "Effect of X on Y vs. Z",
            "JAMA",
        ),
        ("Doe JF, Roe JP (2020) Drug A vs. B. JAMA 15:123-145", "Drug A vs. B", "JAMA"),
        # "spp." can end a title: the boundary after it stays.
        (
            "Mian MAR: Genetic markers for Medicago spp. Theoretical and Applied Genetics 2004, 108:414-422.",
            "Genetic markers for Medicago spp",
            "Theoretical and Applied Genetics",
        ),
    ],
)
def test_abbreviations_inside_titles(text: str, title: str, container: str) -> None:
    cit = parse_reference(text)
    assert (cit.title, cit.container) == (title, container)


def test_a_one_word_title_is_not_an_abbreviation_piece() -> None:
    cit = parse_reference("Smith J. Gout. Lancet. 2008;41:1-10.")
    assert (cit.title, cit.container) == ("Gout", "Lancet")


def test_a_title_named_like_a_journal_stays_a_title() -> None:
    cit = parse_reference("Smith J. The Journal of Things. Lancet. 2008;41:1-10.")
    assert (cit.title, cit.container) == ("The Journal of Things", "Lancet")


@pytest.mark.parametrize(
    "text, container, volume, issue, first_page, year",
    [
        (
            "Chabinyc, M. L. et al., J. Am. Chem. Soc. 2007, 129, 3226–3237.",
            "J. Am. Chem. Soc.",
            "129",
            None,
            "3226",
            2007,
        ),
        ("E. Garnett, P. Yang, Nano Lett. 2010, 10, 1082.", "Nano Lett", "10", None, "1082", 2010),
        (
            "Zhou, W.; Smalley, R. E., Single wall carbon nanotube fibers. Journal of Applied Physics 2004, 95, (2), 649-655.",
            "Journal of Applied Physics",
            "95",
            "2",
            "649",
            2004,
        ),
        (
            "Grieve, R. A. F., Head, J. W., Impact structure dimensions. Meteoritics, v. 16, pp. 320-321. 1981.",
            "Meteoritics",
            "16",
            None,
            "320",
            1981,
        ),
        (
            "D. J. Burr. Elastic matching of line drawings. IEEE Trans. Pattern Analysis, 3(6), 708-713, 1981.",
            "IEEE Trans. Pattern Analysis",
            "3",
            "6",
            "708",
            1981,
        ),
    ],
)
def test_chemistry_and_physics_locators(
    text: str, container: str, volume: str, issue: str | None, first_page: str, year: int
) -> None:
    cit = parse_reference(text)
    assert (cit.container, cit.volume, cit.issue, cit.first_page, cit.year) == (
        container,
        volume,
        issue,
        first_page,
        year,
    )


def test_acs_reference_without_a_title_has_no_title() -> None:
    assert parse_reference("Chabinyc, M. L. et al., J. Am. Chem. Soc. 2007, 129, 3226–3237.").title is None


def test_latex_quotes_mark_the_title() -> None:
    cit = parse_reference(
        "J. B. Kam and J. D. Ullman, ``Monotone data flow analysis frameworks,'' Acta Informatica, "
        "vol. 7, no. 3, pp. 305-317, Jul. 1977."
    )
    assert (cit.title, cit.container, cit.volume, cit.issue, cit.first_page) == (
        "Monotone data flow analysis frameworks",
        "Acta Informatica",
        "7",
        "3",
        "305",
    )


def test_month_inside_the_closing_year_parentheses() -> None:
    cit = parse_reference(
        "R. R. Jueneman and C. H. Meyer, Message authentication. IEEE Communications 23(9), pp. 29-40 (September 1985)."
    )
    assert (cit.volume, cit.issue, cit.first_page, cit.year) == ("23", "9", "29", 1985)


@pytest.mark.parametrize(
    "text",
    [
        "Vahia I, Depp C, Jeste D (in press) Correlates of spirituality in older women. Aging Ment Health 12:1-9",
        "Vahia, I., & Jeste, D. (in press). Correlates of spirituality in older women. Aging Ment Health, 12, 1-9.",
    ],
)
def test_in_press_in_the_place_of_the_year(text: str) -> None:
    cit = parse_reference(text)
    assert cit.year is None
    assert (cit.title, cit.container) == ("Correlates of spirituality in older women", "Aging Ment Health")
