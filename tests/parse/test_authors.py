"""Bylines: particles, compound names, short surnames, suffixes, groups, et al. variants."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_reference

TAIL = " A study of things. J Clin Invest. 2001;108:1-9."


def _names(text: str) -> list[str]:
    return [a.display() for a in parse_reference(text + TAIL).authors]


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("de Mestier P, des Guetz G, Le Cesne A.", ["de Mestier P", "des Guetz G", "Le Cesne A"]),
        (
            "van der Berg K, van de Kamp JM, von Kleist L.",
            ["van der Berg K", "van de Kamp JM", "von Kleist L"],
        ),
        (
            "Lopez Moreno S, Mier y Teran J, Halley des Fontaines V.",
            ["Lopez Moreno S", "Mier y Teran J", "Halley des Fontaines V"],
        ),
        (
            "Ray-Coquard I, Al Bassit L, O'Kennedy R, McHugh KP.",
            ["Ray-Coquard I", "Al Bassit L", "O'Kennedy R", "McHugh KP"],
        ),
        ("Li X, Wu Y, Ng KT, Yu J.", ["Li X", "Wu Y", "Ng KT", "Yu J"]),
        ("Müller H, Ødegaard S, Łukasik P.", ["Müller H", "Ødegaard S", "Łukasik P"]),
    ],
)
def test_vancouver_particles_and_short_names(byline: str, expected: list[str]) -> None:
    assert _names(byline) == expected


def test_particle_case_is_kept_as_printed() -> None:
    c = parse_reference("De Vries J, de Vries K." + TAIL)
    assert [a.family for a in c.authors] == ["De Vries", "de Vries"]


@pytest.mark.parametrize("suffix", ["Jr", "2nd", "III", "Sr"])
def test_suffixes(suffix: str) -> None:
    c = parse_reference(f"Smith AB {suffix}, Jones JG." + TAIL)
    assert c.authors[0].family == "Smith"
    assert c.authors[0].initials == "AB"
    assert c.authors[0].suffix == suffix
    assert c.authors[1].family == "Jones"


def test_inverted_suffix() -> None:
    c = parse_reference("Hershey, Robert D., Jr. Chemical taps paper funds. New York Times 1969, 12:1-2.")
    assert c.authors[0].family == "Hershey"
    assert c.authors[0].suffix == "Jr"


@pytest.mark.parametrize("marker", ["et al", "et al.", "et. al.", "and others", "et al"])
def test_et_al_variants(marker: str) -> None:
    c = parse_reference(f"Doe JF, Roe JP, {marker}." + TAIL)
    assert [a.family for a in c.authors] == ["Doe", "Roe"]
    assert c.et_al is True
    assert c.title == "A study of things"


def test_no_et_al_when_not_printed() -> None:
    c = parse_reference("Doe JF, Roe JP." + TAIL)
    assert c.et_al is False


def test_group_author_alone() -> None:
    c = parse_reference(
        "Diabetes Prevention Program Research Group. Hypertension, insulin, and proinsulin in participants "
        "with impaired glucose tolerance. Hypertension. 2002;40(5):679-86."
    )
    assert len(c.authors) == 1
    assert c.authors[0].is_group
    assert c.authors[0].group == "Diabetes Prevention Program Research Group"
    assert c.title == "Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance"
    assert (c.container, c.volume, c.issue, c.first_page, c.last_page) == (
        "Hypertension",
        "40",
        "5",
        "679",
        "686",
    )


def test_group_after_people() -> None:
    c = parse_reference("Doe JF, Roe JP; Laser ROP Study Group." + TAIL)
    assert [a.display() for a in c.authors] == ["Doe JF", "Roe JP", "Laser ROP Study Group"]
    assert c.authors[2].is_group


def test_upper_case_bylines() -> None:
    c = parse_reference(
        "ANDERSON DJ, VAN DER HEIJDEN M (1971) Temporal position of discharges. J Acoust Soc Am 49:1131-1139"
    )
    assert [a.family for a in c.authors] == ["ANDERSON", "VAN DER HEIJDEN"]
    assert c.title == "Temporal position of discharges"


def test_inverted_then_natural_order() -> None:
    c = parse_reference(
        "Falta, M.T., A.P. Fontenot, and B.L. Kotzin. 2005. Class II tetramer staining. Arthritis Rheum. 52:1885-1896."
    )
    assert [a.display() for a in c.authors] == ["Falta MT", "Fontenot AP", "Kotzin BL"]
    assert c.year == 2005
    assert c.title == "Class II tetramer staining"
    assert (c.volume, c.first_page) == ("52", "1885")


def test_dotted_vancouver_initials() -> None:
    c = parse_reference(
        "Suzuki A.; Zheng Y.; Kaneko S. Clonal stem cells in the liver. J. Cell Biol. 156: 173-184; 2002."
    )
    assert [a.display() for a in c.authors] == ["Suzuki A", "Zheng Y", "Kaneko S"]
    assert c.title == "Clonal stem cells in the liver"
    assert (c.volume, c.first_page, c.last_page, c.year) == ("156", "173", "184", 2002)


def test_hyphenated_initials() -> None:
    c = parse_reference("Bernardet J-F, Lagrot J.-L. Title of the work. Res Microbiol. 2000;151:1-9.")
    assert [a.initials for a in c.authors] == ["JF", "JL"]


def test_no_byline_means_no_authors() -> None:
    c = parse_reference(
        "Green fluorescent proteins are light-induced electron donors. Nat. Chem. Biol. 5, 459-461."
    )
    assert c.authors == []
    assert c.container == "Nat. Chem. Biol."
    assert any("no authors" in n for n in c.notes)


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("Le T, Do H, Van N.", ["Le T", "Do H", "Van N"]),
        ("Li, X., & Wu, Y. (2020).", ["Li X", "Wu Y"]),
        (
            "D'Angelo G, MacDonald JA, Al-Hassan A, El Khoury R.",
            ["D'Angelo G", "MacDonald JA", "Al-Hassan A", "El Khoury R"],
        ),
        ("da Silva JA, dos Santos P, ter Haar G.", ["da Silva JA", "dos Santos P", "ter Haar G"]),
    ],
)
def test_short_surnames_are_not_particles(byline: str, expected: list[str]) -> None:
    assert _names(byline) == expected


def test_group_after_and() -> None:
    c = parse_reference("Doe JF, Roe JP, and the SPRINT Investigators." + TAIL)
    assert [a.display() for a in c.authors] == ["Doe JF", "Roe JP", "SPRINT Investigators"]


def test_et_al_without_comma() -> None:
    c = parse_reference(
        "Chung S, Pelletier D, Sdika M et al (2008) Whole brain analysis. NeuroImage 39(4):1693-1705"
    )
    assert [a.family for a in c.authors] == ["Chung", "Pelletier", "Sdika"]
    assert c.et_al
    assert (c.year, c.title, c.container, c.volume, c.issue) == (
        2008,
        "Whole brain analysis",
        "NeuroImage",
        "39",
        "4",
    )


def test_year_at_start_is_not_a_reference_number() -> None:
    c = parse_reference("2001. Annual report of the registry. Oslo: Registry; 2001.")
    assert c.number is None


def test_suffix_before_initials_and_german_particles() -> None:
    assert _names("Figgie III HE, zur Hausen H, von dem Hagen E.") == [
        "Figgie HE III",
        "zur Hausen H",
        "von dem Hagen E",
    ]


def test_damaged_byline_is_closed_by_the_year() -> None:
    c = parse_reference(
        "Sivapalasingam S, Nelson JM, Joyce, Hoekstra M, Angulo FJ (2006) High prevalence of resistance. "
        "Antimicrob Agents Chemother 50:49-54"
    )
    assert [a.family for a in c.authors] == ["Sivapalasingam", "Nelson", "Joyce", "Hoekstra", "Angulo"]
    assert c.title == "High prevalence of resistance"


def test_comma_suffix() -> None:
    c = parse_reference(
        "Devous MD, Sr. Functional brain imaging in the dementias. Eur J Nucl Med 2002;29:1685-1696."
    )
    assert (c.authors[0].family, c.authors[0].suffix) == ("Devous", "Sr")
    assert c.title == "Functional brain imaging in the dementias"


def test_abbreviation_after_last_initial_stays_in_title() -> None:
    c = parse_reference("Hagan JM, Rodriguez N. U.S. deportation policy. Int Migr Rev. 2008;42(1):64-88.")
    assert [a.display() for a in c.authors] == ["Hagan JM", "Rodriguez N"]
    assert c.title == "U.S. deportation policy"


def test_sentence_case_title_is_not_a_group_author() -> None:
    c = parse_reference("Randomised trial of aspirin in the Health Study population. Lancet. 1998;351:1-5.")
    assert c.authors == []
    assert c.title == "Randomised trial of aspirin in the Health Study population"


def test_agency_as_group_author() -> None:
    c = parse_reference("Food and Drug Administration. Guidance for industry. Silver Spring (MD): FDA; 2019.")
    assert [a.group for a in c.authors] == ["Food and Drug Administration"]
    assert (c.title, c.place, c.publisher, c.year) == (
        "Guidance for industry",
        "Silver Spring (MD)",
        "FDA",
        2019,
    )


def test_two_groups_and_acronym() -> None:
    c = parse_reference(
        "DECODA Study Group; International Diabetes Epidemiology Group (2002) Cardiovascular risk profile. "
        "Diabetologia 45:1-9"
    )
    assert [a.group for a in c.authors] == ["DECODA Study Group", "International Diabetes Epidemiology Group"]
    assert (c.year, c.title) == (2002, "Cardiovascular risk profile")
    c = parse_reference(
        "Morice AH, European Respiratory Society (ERS): ERS guidelines on cough. Eur Respir J 2007, 29:1256-76."
    )
    assert [a.display() for a in c.authors] == ["Morice AH", "European Respiratory Society (ERS)"]
    assert c.title == "ERS guidelines on cough"


def test_title_case_title_with_acronym_is_not_a_group() -> None:
    c = parse_reference(
        "Executive Summary of The Third Report of The National Cholesterol Education Program (NCEP) Expert Panel. "
        "Jama 2001, 285:2486-2497."
    )
    assert c.authors == []
    assert (
        c.title
        == "Executive Summary of The Third Report of The National Cholesterol Education Program (NCEP) Expert Panel"
    )
