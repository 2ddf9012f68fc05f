"""PDF-extraction debris that used to leak into fields: detached accents, stray column numbers,
two references glued into one string."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_reference
from refcheck.parse.clean import clean


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("Kamin´ski M, Blinowska KJ", "Kamiński M, Blinowska KJ"),
        ("S ´ wia ˛tek P, Klag J", "Świątek P, Klag J"),
        ("Rijavec M, Z ˇ gur-Bertok D", "Rijavec M, Žgur-Bertok D"),
        ("Correas JM, Benoıˆt G", "Correas JM, Benoît G"),
        # GROBID repeats such names around their initials.
        (
            "Popovic R, Markovic´MMarkovic´Markovic´M, Kostic´DKostic´Kostic´D",
            "Popovic R, Marković M, Kostić D",
        ),
        ("Kotlin´skaKotlin´ska J, Liljequist S", "Kotlińska J, Liljequist S"),
        ("Müller H, Ødegaard S", "Müller H, Ødegaard S"),
    ],
)
def test_detached_accents_are_reattached(raw: str, cleaned: str) -> None:
    assert clean(raw).text == cleaned


def test_accented_first_author_is_found() -> None:
    cit = parse_reference("Kamin´skiKamin´ski M, Blinowska KJ (1991) A new method. Biol Cybern 65:203-210")
    assert cit.authors[0].family == "Kamiński"
    assert cit.title == "A new method"


def test_reference_number_from_the_other_column_is_dropped() -> None:
    cit = parse_reference(
        "Miller G, Palmer KR, Smith B, Merrick \n19. \nMV. Smoking delays gastric emptying of solids. \nGut. 1989;30:50-53."
    )
    assert [a.family for a in cit.authors][-1] == "Merrick"
    assert cit.authors[-1].initials == "MV"
    assert cit.title == "Smoking delays gastric emptying of solids"


BOOK_THEN_ARTICLE = (
    "Urey HC (1952) The planets: their origin and development. University of Chicago Press, Chicago \n"
    "Van Trump JE, Miller SL (1972) Prebiotic synthesis of methionine. Science 178:859-860"
)


def test_glued_book_and_article_parse_as_the_article() -> None:
    cit = parse_reference(BOOK_THEN_ARTICLE)
    assert cit.authors[0].family == "Van Trump"
    assert cit.title == "Prebiotic synthesis of methionine"
    assert (cit.container, cit.volume, cit.first_page, cit.year) == ("Science", "178", "859", 1972)
    assert cit.text == BOOK_THEN_ARTICLE
    assert any("glued" in n for n in cit.notes)


def test_glued_place_name_line_is_not_a_surname() -> None:
    cit = parse_reference(
        "Kahneman D (1973) Attention and Effort. Prentice-Hall, Engelwood \nCliffs \n"
        "Kahneman D, Beatty J (1966) Pupil diameter and load on memory. Science 154:1583-1585"
    )
    assert [a.family for a in cit.authors] == ["Kahneman", "Beatty"]
    assert cit.title == "Pupil diameter and load on memory"


def test_article_followed_by_a_glued_book_stays_the_article() -> None:
    # The first part has a journal locator, so the second reference does not take over.
    cit = parse_reference(
        "Festinger, L. (1954). A theory of social comparison processes. Human Relations, 7(2), 117-140. \n"
        "Goldstein, H. (2003). Multilevel statistical models (3rd ed.). London: Arnold."
    )
    assert cit.authors[0].family == "Festinger"
    assert cit.first_page == "117"


def test_issue_in_parentheses_is_not_a_second_year() -> None:
    cit = parse_reference(
        "Volz E, Meyers LA (2007) Susceptible-infected-recovered epi-\ndemics in dynamic contact networks. "
        "Proceedings of the Royal \nSociety B Biological Sciences 274(1628):2925-2933"
    )
    assert cit.authors[0].family == "Volz"
    assert (cit.volume, cit.first_page) == ("274", "2925")
    assert cit.title == "Susceptible-infected-recovered epidemics in dynamic contact networks"


def test_bare_list_number_before_a_byline() -> None:
    cit = parse_reference(
        "8 Belgado, B. S., Hatton, R. C. & Doering, P. L. Evaluation of drug information resources. "
        "American Journal of Health System Pharmacy 1997, 54, 259-266."
    )
    assert cit.number == 8
    assert [a.family for a in cit.authors] == ["Belgado", "Hatton", "Doering"]
    assert cit.title == "Evaluation of drug information resources"


def test_leading_number_of_a_title_is_kept() -> None:
    cit = parse_reference("100 years of insulin. Lancet. 2021;397:1-2.")
    assert cit.number is None
    assert cit.title == "100 years of insulin"


def test_repeated_author_dash() -> None:
    cit = parse_reference(
        "———. 1788. Theory of the earth. Transactions of the Royal Society of Edinburgh 1: 209–304."
    )
    assert cit.authors == []
    assert (cit.year, cit.title, cit.first_page) == (1788, "Theory of the earth", "209")
    assert any("dash" in n for n in cit.notes)


def test_given_name_with_hyphenated_initials() -> None:
    cit = parse_reference(
        "Au, Terry K.-F., & Markman, Ellen M. 1987. Acquiring word meanings via linguistic contrast. "
        "Cognitive Development 2, 217–236."
    )
    assert [(a.family, a.initials) for a in cit.authors] == [("Au", "TKF"), ("Markman", "EM")]
    assert cit.title == "Acquiring word meanings via linguistic contrast"


def test_many_glued_entries_do_not_recurse() -> None:
    text = "Smith J (2001)\n" * 600 + "Roe P (2002) A title. Lancet 3:4-5"
    cit = parse_reference(text)
    assert cit.text == text
    assert any("glued" in n for n in cit.notes)
