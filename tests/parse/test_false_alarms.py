"""Parse errors the checks engineer saw turn into false alarms downstream, one test per cause."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_reference
from refcheck.parse.clean import clean

APA_TAIL = " (2010). A new method. Radiology, 5(2), 1-10."
VANC_TAIL = " A new method. Radiology. 2010;5(2):1-10."


def _people(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(a.family, a.initials, a.suffix) for a in parse_reference(text).authors]


@pytest.mark.parametrize(
    "quoted, title",
    [
        ("'Children's health in the UK',", "Children's health in the UK"),
        ("'Parents' views on vaccination',", "Parents' views on vaccination"),
        ("'Parents' views on vaccination'.", "Parents' views on vaccination"),
        ("'Do parents' views matter?'", "Do parents' views matter?"),
        ("‘Children’s health in the UK’,", "Children’s health in the UK"),
        ("‘Parents’ views on vaccination’,", "Parents’ views on vaccination"),
        ("‘Do parents’ views matter?’", "Do parents’ views matter?"),
    ],
)
def test_harvard_single_quoted_title_with_apostrophe(quoted: str, title: str) -> None:
    cit = parse_reference(f"Brown, A. and Jones, B. (2015) {quoted} BMJ, 350, pp. 10-12.")
    assert cit.title == title
    assert cit.container == "BMJ"
    assert cit.first_page == "10"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'J. SMITH and K. JONES, "A new method," IEEE Trans. Med. Imaging, vol. 5, pp. 1-10, 2010.',
            [("SMITH", "J", None), ("JONES", "K", None)],
        ),
        (
            'J. A. SMITH, K. O\'NEIL, and P. JONES-BROWN, "A new method," Radiology, vol. 5, pp. 1-10, 2010.',
            [("SMITH", "JA", None), ("O'NEIL", "K", None), ("JONES-BROWN", "P", None)],
        ),
        ("SMITH J, O'NEIL K." + VANC_TAIL, [("SMITH", "J", None), ("O'NEIL", "K", None)]),
        ("SMITH, J. A., & JONES, K." + APA_TAIL, [("SMITH", "JA", None), ("JONES", "K", None)]),
    ],
)
def test_upper_case_names(text: str, expected: list[tuple[str, str, None]]) -> None:
    assert _people(text) == expected
    assert "new method" in (parse_reference(text).title or "")


def test_upper_case_initials_are_not_read_as_a_natural_order_name() -> None:
    # "HAO LF" is a Vancouver name, not initials "HAO" + surname "LF".
    cit = parse_reference("HAO LF, KHANNA SM (1996) Reissner's membrane vibrations. Hear Res 99:176-189")
    assert [a.family for a in cit.authors] == ["HAO", "KHANNA"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("du, Q., Smith, J." + APA_TAIL, [("du", "Q", None), ("Smith", "J", None)]),
        ("le PVV, Smith J." + VANC_TAIL, [("le", "PVV", None), ("Smith", "J", None)]),
        (
            "Smith J, le PVV, du Q." + VANC_TAIL,
            [("Smith", "J", None), ("le", "PVV", None), ("du", "Q", None)],
        ),
        ("van der Berg, K., & Smith, J." + APA_TAIL, [("van der Berg", "K", None), ("Smith", "J", None)]),
    ],
)
def test_lower_case_particle_surnames(text: str, expected: list[tuple[str, str, None]]) -> None:
    assert _people(text) == expected
    assert parse_reference(text).title == "A new method"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Giddings Jr, T. H., & Smith, J." + APA_TAIL, [("Giddings", "TH", "Jr"), ("Smith", "J", None)]),
        ("Langabeer II, J. R., & Smith, J." + APA_TAIL, [("Langabeer", "JR", "II"), ("Smith", "J", None)]),
        (
            "Smith, J., Langabeer II, J. R., & Giddings Jr., T. H." + APA_TAIL,
            [("Smith", "J", None), ("Langabeer", "JR", "II"), ("Giddings", "TH", "Jr")],
        ),
        ("Smith JA Jr, Roe P." + VANC_TAIL, [("Smith", "JA", "Jr"), ("Roe", "P", None)]),
        ("Jones JG 2nd, Roe P." + VANC_TAIL, [("Jones", "JG", "2nd"), ("Roe", "P", None)]),
        ("SMITH JA JR, ROE P." + VANC_TAIL, [("SMITH", "JA", "JR"), ("ROE", "P", None)]),
        ("SMITH, J. A., JR., & ROE, P." + APA_TAIL, [("SMITH", "JA", "JR"), ("ROE", "P", None)]),
        # Russian initials "II" stay initials when no dotted initials follow.
        ("Petrov II, Ivanov AA." + VANC_TAIL, [("Petrov", "II", None), ("Ivanov", "AA", None)]),
    ],
)
def test_suffixes_in_names(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _people(text) == expected
    assert parse_reference(text).title == "A new method"


SURNAMES = "Adams Brown Clark Davis Evans Frank Green Hall Irwin Jones King Lee Moore Nash Owen Price Quinn Reed Scott"


@pytest.mark.parametrize("ellipsis", [". . .", "...", "…"])
def test_apa7_twenty_one_or_more_authors(ellipsis: str) -> None:
    first19 = ", ".join(f"{s}, {s[0]}." for s in SURNAMES.split())
    cit = parse_reference(f"{first19}, {ellipsis} Zed, Z." + APA_TAIL)
    assert cit.et_al is True
    assert len(cit.authors) == 20
    assert cit.authors[0].family == "Adams"
    assert cit.authors[-1].family == "Zed"
    assert cit.title == "A new method"


def test_ellipsis_before_a_title_is_only_et_al() -> None:
    cit = parse_reference("Adams A, Brown B, Clark C, ... A New Method. Radiology. 2020;5(2):1-10.")
    assert [a.family for a in cit.authors] == ["Adams", "Brown", "Clark"]
    assert cit.et_al is True
    assert cit.title == "A New Method"


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("Effects of hyperos- molarity on cells", "Effects of hyperosmolarity on cells"),
        ("Effects of hyperos-\nmolarity on cells", "Effects of hyperosmolarity on cells"),
        ("long- term outcome", "long-term outcome"),
        ("a long-\nterm outcome", "a long-term outcome"),
        ("X-\nray and T-\ncell", "X-ray and T-cell"),
        ("X- linked, T- cell, BRCA1- associated, e- health", "X-linked, T-cell, BRCA1-associated, e-health"),
        ("Ray- Coquard I", "Ray- Coquard I"),  # names are rejoined by the byline reader
        ("malnutrition-\ninflammation complex", "malnutrition-inflammation complex"),
        ("pre-\nand post-operative care", "pre- and post-operative care"),
        (
            "pre- and post-operative care in 2- or 3-year olds",
            "pre- and post-operative care in 2- or 3-year olds",
        ),
        ("endo-\nscopic and endo- scopic", "endoscopic and endoscopic"),
    ],
)
def test_line_end_hyphens(raw: str, cleaned: str) -> None:
    assert clean(raw).text == cleaned


def test_hyphen_repair_uses_the_string_itself() -> None:
    # An invented word no vocabulary knows: the same string spelling it whole decides.
    assert clean("Zorbulation of zorbu-\nlation").text == "Zorbulation of zorbulation"
    assert clean("Zorbu-lation of zorbu-\nlation").text == "Zorbu-lation of zorbu-lation"


def test_hyphen_repair_in_a_full_reference() -> None:
    cit = parse_reference(
        "Smith J, Roe P. Effects of hyperos- molarity on long- term cells. Radiology. 2010;5:1-10."
    )
    assert cit.title == "Effects of hyperosmolarity on long-term cells"


# --- accuracy-benchmark false alarms (bench/accuracy_bench.py --show false-alarms) -------------


@pytest.mark.parametrize(
    "byline, families",
    [
        # four or five initials in natural order
        ('J. de Kort, M. A. G. J. Fischer, and G. H. Koek, "A title," ', ["de Kort", "Fischer", "Koek"]),
        ('F. M. Souza and J. D. F. C. L. Sausen, "A title," ', ["Souza", "Sausen"]),
        # a registry's full given name as the last IEEE author, right before the quoted title
        ('J. L. Mehta and Dayuan Li, "A title," ', ["Mehta", "Li"]),
        # mojibake next to genuine non-Latin-1 text; "et al." closing the list
        ('K. Papantoniou, G. CastaÃ±o-Vinyals, A. Espinosa et al., "A case–control title," ',
         ["Papantoniou", "Castaño-Vinyals", "Espinosa"]),
    ],
)
def test_ieee_byline_runs_to_the_quoted_title(byline: str, families: list[str]) -> None:
    cit = parse_reference(byline + "Radiology, vol. 5, no. 2, pp. 1–10, 2010.")
    assert [a.family for a in cit.authors] == families
    assert cit.title is not None and cit.title.startswith("A ")
    assert cit.container == "Radiology"


def test_ieee_full_name_is_not_taken_from_title_words() -> None:
    cit = parse_reference("J. Smith and Cancer Screening Revisited. Radiology, vol. 5, pp. 1–10, 2010.")
    assert [a.family for a in cit.authors] == ["Smith"]


def test_harvard_upper_case_surnames_with_a_capitalised_particle() -> None:
    cit = parse_reference("Von SALLMANN, L., GROSSO, A.E. and MARSH, M.G. (1946) 'OINTMENTS', Archives of "
                          "Ophthalmology, 36(3), pp. 284–292.")
    assert [a.family for a in cit.authors] == ["Von SALLMANN", "GROSSO", "MARSH"]
    assert cit.title == "OINTMENTS"


def test_staff_group_author() -> None:
    cit = parse_reference("The PLOS ONE Staff (2015) 'Correction: A title', PLOS ONE, 10(4), p. e0124730.")
    assert len(cit.authors) == 1 and "PLOS ONE Staff" in (cit.authors[0].group or "")
    assert cit.title == "Correction: A title"


def test_five_vancouver_initials_and_loose_name_before_et_al() -> None:
    cit = parse_reference("Chiari M, Costa WR, Senhuk APMDS. A title. CeN. 2020;42:e77.")
    assert [a.family for a in cit.authors] == ["Chiari", "Costa", "Senhuk"]
    cit = parse_reference("Gupta GD, Dey G, MG S, et al. A title. PLoS ONE. 2018;13(9):e0204770.")
    assert [a.family for a in cit.authors] == ["Gupta", "Dey", "MG"] and cit.et_al
    assert cit.title == "A title"


@pytest.mark.parametrize(
    "text, volume, pages",
    [
        ("Doe, J. (1919). A title. American Journal of Ophthalmology, 2(5), III–318.", "2", "III–318"),
        ("Doe, J. (1895). A TITLE. JAMA, XXV(18), 742.", "XXV", "742"),
        ("Doe, J. (1990). A title. Annals of Surgery, 12(1), xii–xiv.", "12", "xii–xiv"),
    ],
)
def test_apa_roman_volume_and_pages(text: str, volume: str, pages: str) -> None:
    cit = parse_reference(text)
    assert (cit.volume, cit.pages) == (volume, pages)
    assert cit.container in ("American Journal of Ophthalmology", "JAMA", "Annals of Surgery")


def test_spelled_out_journal_is_not_absorbed_into_an_abbreviation() -> None:
    cit = parse_reference("Reed, R. J. (1970). Porokeratosis. I. Histogenesis. Archives of Dermatology, 101(3), 340–347.")
    assert (cit.title, cit.container) == ("Porokeratosis. I. Histogenesis", "Archives of Dermatology")
    cit = parse_reference("Doe J. A title. Proc. Natl. Acad. Sci. 2001;98(2):1-10.")
    assert (cit.title, cit.container) == ("A title", "Proc. Natl. Acad. Sci.")


def test_doi_with_a_double_dot_is_kept_whole() -> None:
    cit = parse_reference("Doe J. A title.. Radiology. 2020;10:7-39. doi: 10.24302/drd.v10ied.esp..3107")
    assert cit.doi == "10.24302/drd.v10ied.esp..3107"
    assert cit.title == "A title"


def test_numero_label_and_dotted_ieee_issue() -> None:
    cit = parse_reference("Baniwa D. Icônes. Multitudes. 2024;n° 95(2):1-235.")
    assert (cit.container, cit.volume, cit.issue) == ("Multitudes", "95", "2")
    cit = parse_reference('A. Brito, "A title," Desenv. Reg. deb., vol. 10, no. ed.esp., pp. 7–39, Oct. 2020.')
    assert (cit.container, cit.volume, cit.issue) == ("Desenv. Reg. deb.", "10", "ed.esp.")
    cit = parse_reference('A. Brito, "A title," Radiology, vol. 10, no. 3, pp. 7–39, Oct. 2020.')
    assert (cit.container, cit.volume, cit.issue, cit.pages) == ("Radiology", "10", "3", "7–39")


def test_apa_suffix_between_surname_and_initials() -> None:
    people = _people("Doe, J. J. R., Raimundo, Jr., I. M., & Couto, C. M. C. M." + APA_TAIL)
    assert people == [("Doe", "JJR", None), ("Raimundo", "IM", "Jr"), ("Couto", "CMCM", None)]


def test_lower_case_particle_initial_and_hyphenated_arabic_article() -> None:
    assert _people("Steffens, T.M.d.M. and Roe, P." + APA_TAIL) == [("Steffens", "TMDM", None), ("Roe", "P", None)]
    assert _people("el-Zawahry, M. and al-Hashimi, K." + APA_TAIL) == [("el-Zawahry", "M", None),
                                                                    ("al-Hashimi", "K", None)]


def test_vancouver_unsplit_registry_name_before_the_title() -> None:
    """A registry name with no given part copied as printed ("Dayuan Li") is the last author."""
    cit = parse_reference(
        "Mehta JL, Dayuan Li. Facilitative interaction between angiotensin II and oxidised LDL. "
        "J Renin Angiotensin Aldosterone Syst. 2001;2(1):S70-S76."
    )
    assert [(a.family, a.initials) for a in cit.authors] == [("Mehta", "JL"), ("Dayuan Li", None)]
    assert cit.title == "Facilitative interaction between angiotensin II and oxidised LDL"


def test_vancouver_title_after_a_comma_is_not_a_name() -> None:
    cit = parse_reference("Smith JA, Cancer statistics in the world. JAMA. 2001;3:4.")
    assert [a.family for a in cit.authors] == ["Smith"]
    assert cit.title == "Cancer statistics in the world"


@pytest.mark.parametrize("tail", [" et al.,", ", and N. Maheshwari,"])
def test_ieee_one_word_first_author(tail: str) -> None:
    cit = parse_reference(
        f'Vandana, S. Kantipudi{tail} "Cloning and purification of a chimeric staphylokinase," '
        "Protein Expression and Purification, vol. 162, pp. 1–8, Oct. 2019."
    )
    assert [a.family for a in cit.authors][:2] == ["Vandana", "Kantipudi"]
    assert cit.authors[0].initials is None
    assert cit.title == "Cloning and purification of a chimeric staphylokinase"
    assert cit.container == "Protein Expression and Purification"


def test_inverted_name_with_initials_is_not_a_one_word_name() -> None:
    cit = parse_reference("Vandana, S., Kantipudi, N. (2019). Cloning. Protein Expr Purif, 162, 1-8.")
    assert [(a.family, a.initials) for a in cit.authors] == [("Vandana", "S"), ("Kantipudi", "N")]


def test_journal_opening_with_a_dotted_initialism() -> None:
    cit = parse_reference(
        "Schut JW. Hereditary ataxia. A.M.A. Archives of Neurology & Psychiatry. 1953;70(2):169."
    )
    assert cit.title == "Hereditary ataxia"
    assert cit.container == "A.M.A. Archives of Neurology & Psychiatry"


@pytest.mark.parametrize(
    "text, families",
    [
        # swapped name parts in the registry, copied as printed, closed by "et al."
        ("A.F. A, M. HG, R. MK, et al. A 3D risk model. Int J Perform Eng. 2019;15(10):2563.", ["A.F.", "M.", "R."]),
        ("Chun-Li Chang, Jalal SI, Wanfeng Huang, et al. Immunomagnetic detection. IEEE Sens J. 2014;14(9):3008-13.",
         ["Chun-Li Chang", "Jalal", "Wanfeng Huang"]),
        # initials only, closed by an author-date year
        ("W. E. W. (1962). Announcement regarding abstracts. Arch Pediatr Adolesc Med, 103(4), 533.", ["W. E."]),
    ],
)
def test_byline_closed_by_a_certain_end_is_read_loosely(text: str, families: list[str]) -> None:
    cit = parse_reference(text)
    assert [a.family for a in cit.authors] == families
    assert cit.title and cit.title[0].isupper() and "," not in cit.title


def test_a_title_before_the_year_is_not_read_as_a_loose_byline() -> None:
    cit = parse_reference("Diabetes care guidelines (2008). Title here. J Foo, 3, 4-5.")
    assert cit.authors == []


def test_upper_case_byline_with_a_capitalised_particle() -> None:
    cit = parse_reference("Von SALLMANN L, GROSSO AE. OPHTHALMIC OINTMENTS. Arch Ophthalmol. 1946;36(3):284-92.")
    assert [a.family for a in cit.authors] == ["Von SALLMANN", "GROSSO"]
    assert cit.title == "OPHTHALMIC OINTMENTS"


def test_apa_numeral_suffix_v() -> None:
    cit = parse_reference("Hardin, D. P., Northington, M. C., V, & Powell, A. M. (2018). A sharp principle. "
                          "Appl Comput Harmon Anal, 44(2), 294–311.")
    assert [(a.family, a.suffix) for a in cit.authors] == [("Hardin", None), ("Northington", "V"), ("Powell", None)]


def test_lower_case_particle_initials_in_apa() -> None:
    cit = parse_reference("Dos Santos, A. C. D., Marinho, V. H. d. S., & Sena, C. B. C. d. (2019). "
                          "Microenvironment of Mycobacterium. Oxid Med, 3, 4-5.")
    assert [(a.family, a.initials) for a in cit.authors] == [("Dos Santos", "ACD"), ("Marinho", "VHDS"),
                                                              ("Sena", "CBCD")]


def test_cyrillic_initial() -> None:
    cit = parse_reference("Tuberozova М, Ivanova M. School mediation. Stand Monit Educ. 2019;7(1):42-5.")
    assert [(a.family, a.initials) for a in cit.authors] == [("Tuberozova", "М"), ("Ivanova", "M")]


def test_group_author_before_an_ieee_quoted_title() -> None:
    cit = parse_reference('The PLOS ONE Staff, "Correction: Genome-wide association," PLOS ONE, vol. 10, '
                          "no. 4, p. e0122945, Apr. 2015.")
    assert [a.group for a in cit.authors] == ["PLOS ONE Staff"]
    assert cit.title == "Correction: Genome-wide association"


def test_ieee_roman_volume() -> None:
    cit = parse_reference('M. B. Ferguson, "A credit to America," JAMA, vol. XXVI, no. 18, p. 887, May 1896.')
    assert (cit.volume, cit.issue, cit.first_page) == ("XXVI", "18", "887")


def test_lower_case_particle_initials_in_natural_order() -> None:
    cit = parse_reference('S. G. Calderano, P. D. d. M. Godoy, and M. C. Elias, "Trypanosome prereplication '
                          'machinery," Enzyme Research, vol. 2011, pp. 1–8, May 2011.')
    assert [(a.family, a.initials) for a in cit.authors] == [("Calderano", "SG"), ("Godoy", "PDDM"),
                                                              ("Elias", "MC")]


def test_journal_series_after_a_full_stop() -> None:
    cit = parse_reference("Tobushi H, Hori T. Pseudoelasticity of TiNi alloy. JSME international journal. "
                          "Ser. A, Mechanics and material engineering. 1993;36(3):314-318.")
    assert cit.title == "Pseudoelasticity of TiNi alloy"
    assert cit.container == "JSME international journal. Ser. A, Mechanics and material engineering"


@pytest.mark.parametrize("doi", ["10.1175/1520-0493(1974)102<0736:wacoj>2.0.co;2",
                                 "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2"])
def test_sici_doi_keeps_its_bracketed_part(doi: str) -> None:
    cit = parse_reference(f"Wagner AJ. Weather of July 1974. Mon Wea Rev. 1974;102(10):736-742. https://doi.org/{doi}")
    assert cit.doi == doi
    assert (cit.volume, cit.first_page) == ("102", "736")


def test_autolinked_doi_stops_at_the_bracket() -> None:
    assert parse_reference("Smith J. A title. J Foo. 2001;3:4-5. <https://doi.org/10.1000/abc>").doi == "10.1000/abc"


def test_upper_case_surname_with_sharp_s() -> None:
    cit = parse_reference("ROSMEJ, F. B., GEIßEL, M., & BLAZEVIC, A. (2003). Ions. Laser Part Beams, 21(1), 117-123.")
    assert [a.family for a in cit.authors] == ["ROSMEJ", "GEIßEL", "BLAZEVIC"]


def test_initials_alone_before_an_ieee_quoted_title() -> None:
    cit = parse_reference('T.J.C, "Surgical reconstruction of the mandible," Oral Surgery, vol. 11, no. 5, '
                          "p. 564, May 1958.")
    assert [a.family for a in cit.authors] == ["T.J.C"]
    assert cit.title == "Surgical reconstruction of the mandible"


def test_group_inside_a_vancouver_byline_before_more_names() -> None:
    cit = parse_reference("Laine LA, Cunningham C, the NOTES Development Group, Long GL. Optimizing "
                          "electrocoagulation. Gastrointest Endosc. 2007;66(1):1-10.")
    assert [a.family or a.group for a in cit.authors] == ["Laine", "Cunningham", "NOTES Development Group", "Long"]
    assert cit.title == "Optimizing electrocoagulation"


def test_natural_order_particle_before_an_upper_case_surname() -> None:
    cit = parse_reference('M. O. Al HAMDANI, F. Kaplan, and S. B. RUFAIOGLU, "Methods used in the detection '
                          'of heavy metals," Int J Sci Res Manag, vol. 13, no. 3, pp. 592–608, Mar. 2025.')
    assert [(a.family, a.initials) for a in cit.authors] == [("Al HAMDANI", "MO"), ("Kaplan", "F"),
                                                              ("RUFAIOGLU", "SB")]


@pytest.mark.parametrize("text, second", [
    ("Smith J, St. Mary CM, Jones A. Reef fish ecology. Ecol Lett. 2002;5:715-21.", "St. Mary"),
    ("Hendrickson SC, St. Louis JD, Lowe JE (1997) Free fatty acid metabolism. J Mol Cell Cardiol 29:1-10",
     "St. Louis"),
])
def test_an_abbreviated_particle_does_not_end_a_vancouver_byline(text: str, second: str) -> None:
    cit = parse_reference(text)
    assert [a.family for a in cit.authors][1] == second
    assert cit.title in ("Reef fish ecology", "Free fatty acid metabolism")


def test_an_html_tag_after_a_doi_is_not_part_of_it() -> None:
    assert parse_reference("Smith J. T. Med. 2001. doi:10.1056/NEJM200101043440101</a>").doi == \
        "10.1056/nejm200101043440101"
