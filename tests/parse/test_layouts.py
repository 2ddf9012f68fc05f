"""Layouts from outside biomedicine that the parser used to misread (issue #13)."""

from __future__ import annotations

from refcheck.parse import parse_reference


def _names(text: str) -> list[tuple[str | None, str | None]]:
    return [(a.family or a.group, a.initials) for a in parse_reference(text).authors]


def test_acm_natural_order_names_then_year() -> None:
    text = ("Ananya Rao, Tomas Berg, and Maria J. Ortiz. 2019. Learning sparse graph filters for traffic "
            "forecasting. In Proceedings of KDD. 1021–1030.")
    cit = parse_reference(text)
    assert _names(text) == [("Rao", "A"), ("Berg", "T"), ("Ortiz", "MJ")]
    assert cit.year == 2019 and cit.title == "Learning sparse graph filters for traffic forecasting"
    assert (cit.container, cit.first_page, cit.last_page) == ("Proceedings of KDD", "1021", "1030")
    two = parse_reference("Lena Park and Ivo Stein. 2021. Robust depth estimation. In CVPR.")
    assert [(a.family, a.initials) for a in two.authors] == [("Park", "L"), ("Stein", "I")]
    assert two.title == "Robust depth estimation" and two.container == "CVPR"


def test_nature_style_with_doi_url_between_pages_and_year() -> None:
    cit = parse_reference("Okoro, B. et al. Wetland loss in river deltas. Glob Change Biol 27, 340–352, "
                          "https://doi.org/10.1111/gcb.15412 (2021).")
    assert (cit.container, cit.volume, cit.first_page, cit.last_page, cit.year) == ("Glob Change Biol", "27", "340",
                                                                                    "352", 2021)
    assert cit.doi == "10.1111/gcb.15412"


def test_volume_range() -> None:
    cit = parse_reference("Haas K, Lind O. Bone density in rowers. Bone 2010;46–47:212-9.")
    assert (cit.container, cit.volume, cit.first_page, cit.last_page) == ("Bone", "46–47", "212", "219")


def test_chapter_or_proceedings_pages_without_volume() -> None:
    cit = parse_reference("Banks J, Carson JS (1999) Discrete-event simulation. In: Proceedings of the simulation "
                          "conference. ACM, pp 301–309")
    assert (cit.year, cit.first_page, cit.last_page) == (1999, "301", "309")


def test_journal_name_with_a_full_stop() -> None:
    cit = parse_reference("Moreno P, Quist L. Enhancer variation in disease. Nature reviews. Immunology "
                          "2015;15:77-85.")
    assert cit.title == "Enhancer variation in disease" and cit.container == "Nature reviews. Immunology"


def test_lower_case_initial_in_a_vancouver_byline() -> None:
    text = "Ferri c, Bianchi M, Neri G. Renal denervation outcomes. J Hypertens. 2016;34:1-8."
    assert _names(text) == [("Ferri", "C"), ("Bianchi", "M"), ("Neri", "G")]
    assert parse_reference(text).title == "Renal denervation outcomes"


def test_group_after_a_lead_in() -> None:
    text = ("Ruiz A, Holm K; on behalf of the European Renal Registry: Dialysis vintage and survival. "
            "Kidney Int 2012;81:1-9.")
    assert _names(text) == [("Ruiz", "A"), ("Holm", "K"), ("European Renal Registry", None)]
    assert parse_reference(text).title == "Dialysis vintage and survival"


def test_eight_digit_electronic_page() -> None:
    cit = parse_reference("Ishikawa Y, Dube M. Biomarkers of sepsis in children. Pediatrics. 2018;141:e20172350.")
    assert (cit.container, cit.volume, cit.first_page) == ("Pediatrics", "141", "e20172350")
