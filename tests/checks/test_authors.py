"""RC1xx: author rules. Tolerated variants must produce no warning/error; real errors are caught."""

from __future__ import annotations

import pytest

from refcheck.config import Settings
from refcheck.model import Author, Severity
from tests.checks.helpers import au, authors, check, cite, codes, group, only, serious, work


def test_identical_vancouver_citation_is_clean() -> None:
    assert check(cite()) == []


@pytest.mark.parametrize(
    ("cited", "registered"),
    [
        ("Muller K", "Müller K"),  # diacritics dropped (NLM style)
        ("Mueller K", "Müller K"),  # German transliteration
        ("Müller K", "Mueller K"),
        ("De Mestier L", "de Mestier L"),  # particle case
        ("Oord A", "van den Oord A"),  # particle filed differently
        ("van den Oord A", "Oord A"),
        ("Ray Coquard I", "Ray-Coquard I"),  # hyphen vs space
        ("Foltyn\u2010Dumitru M", "Foltyn-Dumitru M"),  # Unicode hyphen
        ("OBrien P", "O'Brien P"),  # apostrophe
        ("Chapelon FC", "Clavel-Chapelon FC"),  # compound filed by one part
        ("Gómez J", "GÃ³mez J"),  # registry mojibake
    ],
)
def test_name_representation_variants_never_alarm(cited: str, registered: str) -> None:
    w = work(authors=authors("Doe JF", registered, "Roe JP"))
    c = cite(authors=authors("Doe JF", cited, "Roe JP"), et_al=False)
    assert serious(check(c, w)) == []


def test_initials_vs_full_given_names_are_equal() -> None:
    w = work(authors=[Author(family="Doe", given="John F."), Author(family="Stone", given="Henry S.")])
    c = cite(authors=authors("Doe JF", "Stone HS"), et_al=False)
    assert check(c, w) == []


def test_hyphenated_given_name_gives_two_initials() -> None:
    w = work(authors=[Author(family="Lagrot", given="Jean-Louis")])
    c = cite(authors=authors("Lagrot JL"), et_al=False)
    assert check(c, w) == []


def test_particle_in_crossref_given_name_is_moved_to_the_surname() -> None:
    w = work(authors=[Author(family="Kamp", given="Jan M. van de")])
    c = cite(authors=authors("van de Kamp JM"), et_al=False)
    assert check(c, w) == []


def test_surname_typo_reported_with_registered_spelling() -> None:
    c = cite(authors=authors("Doe JF", "Roe JP", "Fukumot T", "Müller K", "van den Oord A", "Ray-Coquard I"))
    f = only(check(c), "RC101")
    assert (f.kind, f.severity, f.suggestion) == ("typo", Severity.ERROR, "Fukumoto T")
    assert f.cited == "Fukumot T"


def test_transposition_in_long_name_is_a_typo() -> None:
    c = cite(authors=authors("Doe JF", "Roe JP", "Fukuomto T", "Müller K", "van den Oord A", "Ray-Coquard I"))
    assert only(check(c), "RC101").suggestion == "Fukumoto T"


@pytest.mark.parametrize(("cited", "registered"), [("Lin Y", "Liu Y"), ("Chan K", "Chang K")])
def test_one_edit_on_short_surname_is_a_different_name(cited: str, registered: str) -> None:
    w = work(authors=authors("Doe JF", registered, "Roe JP"))
    c = cite(authors=authors("Doe JF", cited, "Roe JP"), et_al=False)
    f = only(check(c, w), "RC102")
    assert f.severity is Severity.ERROR and f.suggestion == registered


def test_different_compound_surnames_sharing_a_part_differ() -> None:
    w = work(authors=authors("Doe JF", "Davey Smith G", "Roe JP"))
    c = cite(authors=authors("Doe JF", "Krebs-Smith G", "Roe JP"), et_al=False)
    assert "RC102" in codes(check(c, w))


def test_particle_pushed_into_initials_is_reported() -> None:
    w = work(authors=authors("Doe JF", "van de Kamp JM"))
    c = cite(authors=authors("Doe JF", "Kamp JMV"), et_al=False)
    f = only(check(c, w), "RC112")
    assert f.suggestion == "van de Kamp JM"


def test_missing_initial_is_info_and_wrong_initial_is_error() -> None:
    w = work(authors=authors("Smith JA", "Doe JF"))
    partial = check(cite(authors=authors("Smith J", "Doe JF"), et_al=False), w)
    assert only(partial, "RC103").severity is Severity.INFO
    wrong = check(cite(authors=authors("Smith JB", "Doe JF"), et_al=False), w)
    f = only(wrong, "RC104")
    assert f.severity is Severity.ERROR and f.suggestion == "Smith JA"


def test_missing_author_in_the_middle() -> None:
    w = work(authors=authors("Doe JF", "Kowalski P", "Tanaka E"))
    f = only(check(cite(authors=authors("Doe JF", "Tanaka E"), et_al=False), w), "RC105")
    assert f.registered == "Kowalski P"


def test_fabricated_author_appended_past_the_registry_is_an_error() -> None:
    w = work(authors=authors("Doe JF", "Roe JP"))
    f = only(check(cite(authors=authors("Doe JF", "Roe JP", "Smith K"), et_al=False), w), "RC106")
    assert f.severity is Severity.ERROR and "last author" in f.message


def test_extra_author_inside_the_list() -> None:
    w = work(authors=authors("Doe JF", "Kowalski P", "Tanaka E"))
    found = check(cite(authors=authors("Doe JF", "Wong K", "Kowalski P", "Tanaka E"), et_al=False), w)
    assert codes(found) == ["RC106"]


def test_extra_author_tolerated_when_registry_list_is_truncated() -> None:
    w = work(authors=authors("Doe JF", "Roe JP"), authors_complete=False)
    assert serious(check(cite(authors=authors("Doe JF", "Roe JP", "Smith K"), et_al=False), w)) == []


def test_swapped_similar_short_names_are_an_order_finding() -> None:
    w = work(authors=authors("Doe JF", "Roe JP", "Poe E"))
    found = check(cite(authors=authors("Roe JP", "Doe JF", "Poe E"), et_al=False), w)
    assert set(codes(found)) == {"RC107"}


def test_swapped_authors_are_an_order_finding() -> None:
    w = work(authors=authors("Doe JF", "Kowalski P", "Tanaka E"))
    found = check(cite(authors=authors("Kowalski P", "Doe JF", "Tanaka E"), et_al=False), w)
    assert set(codes(found)) == {"RC107"}
    assert all(f.kind == "order" for f in found)


def test_order_finding_suggests_the_registered_order() -> None:
    w = work(authors=authors("Doe JF", "Kowalski P", "Tanaka E", "Ueda K"))
    found = check(cite(authors=authors("Kowalski P", "Doe JF", "Tanaka E"), et_al=True), w)
    assert {f.suggestion for f in found if f.code == "RC107"} == {"Doe JF, Kowalski P, Tanaka E, et al."}


def test_author_far_down_the_registered_list_is_an_order_finding() -> None:
    registered = [f"{name} {initial}" for name in ("Abbott", "Barker", "Castillo", "Dimitrov", "Eriksson",
                                                   "Fontaine") for initial in "ABCDE"]
    w = work(authors=authors(*registered))
    c = cite(authors=authors(registered[0], registered[25]), et_al=True)
    assert "RC107" in codes(check(c, w))


def test_truncated_list_without_et_al() -> None:
    w = work(authors=authors("Doe JF", "Roe JP", "Poe E", "Wong K"))
    f = only(check(cite(authors=authors("Doe JF", "Roe JP"), et_al=False), w), "RC108")
    assert f.severity is Severity.WARNING and "2 of 4" in f.message


def test_vancouver_six_then_et_al_is_clean() -> None:
    assert check(cite()) == []  # 6 of 8 + et al.


def test_et_al_threshold_and_unneeded() -> None:
    three = check(cite(authors=authors("Doe JF", "Roe JP", "Fukumoto T")))
    assert only(three, "RC110").severity is Severity.INFO
    assert "RC110" not in codes(check(cite(authors=authors("Doe JF", "Roe JP", "Fukumoto T")),
                                      settings=Settings(et_al_after=3)))
    w = work(authors=authors("Doe JF", "Roe JP"))
    assert only(check(cite(authors=authors("Doe JF", "Roe JP")), w), "RC109").severity is Severity.INFO


def test_group_author_on_one_side_is_only_info() -> None:
    w = work(authors=[au("Doe JF"), group("Alf-One Study Group"), au("Roe JP")])
    found = check(cite(authors=authors("Doe JF", "Roe JP"), et_al=False), w)
    assert serious(found) == [] and codes(found) == ["RC111"]
    c = cite(authors=[au("Doe JF"), au("Roe JP"), group("Alf-One Study Group")], et_al=False)
    assert serious(check(c, work(authors=authors("Doe JF", "Roe JP")))) == []


def test_group_author_on_both_sides_matches() -> None:
    w = work(authors=[au("Doe JF"), group("The ALF-ONE Study Group")])
    c = cite(authors=[au("Doe JF"), group("Alf-One Study Group")], et_al=False)
    assert check(c, w) == []


def test_one_finding_per_real_difference_on_a_long_list() -> None:
    registered = ["Doe JF", "Roe JP", "Fukumoto T", "Müller K", "Smith JA", "Wong K", "Lee S", "Kim H"]
    w = work(authors=authors(*registered))
    cited = ["Doe JF", "Roe JP", "Fukumoto T", "Muller K", "Smith JA", "Wang K"]
    found = check(cite(authors=authors(*cited)), w)
    assert codes(found) == ["RC102"] and found[0].suggestion == "Wong K"


def test_registry_name_filed_backwards_is_tolerated() -> None:
    w = work(authors=[Author(family="Doe", given="John F."), Author(family="Wei", given="Zhang")])
    assert check(cite(authors=authors("Doe JF", "Zhang W"), et_al=False), w) == []
    other = work(authors=[Author(family="Doe", given="John F."), Author(family="Wei", given="Zhang")])
    assert "RC102" in codes(check(cite(authors=authors("Doe JF", "Zhang K"), et_al=False), other))


def test_long_bylines_on_both_sides_are_aligned_cheaply_and_correctly() -> None:
    names = [f"{family} {initial}" for family in ("Abbott", "Barker", "Castillo", "Dimitrov", "Eriksson",
                                                  "Fontaine", "Gallagher", "Horvath", "Ivanova", "Jensen")
             for initial in "ABCDEFGHIJKLMNOPQRST"]
    w = work(authors=authors(*names))
    cited = list(names)
    del cited[57]
    cited[cited.index("Fontaine K")] = "Fontane K"
    found = check(cite(authors=authors(*cited), et_al=False), w)
    assert sorted(codes(found)) == ["RC101", "RC105"]


def test_a_mostly_different_byline_is_one_finding() -> None:
    w = work(authors=authors("Abbott A", "Barker B", "Castillo C", "Dimitrov D", "Eriksson E"))
    c = cite(authors=authors("Lee K", "Wong P", "Novak J", "Silva R", "Kowalski T"), et_al=False)
    found = check(c, w)
    f = only(found, "RC102")
    assert len(found) == 1 and "5 of 5" in f.message


def test_positions_in_messages_count_group_authors() -> None:
    w = work(authors=[group("Alf-One Study Group"), au("Doe JF"), au("Roe JP")])
    c = cite(authors=[group("Alf-One Study Group"), au("Doe JF"), au("Rowe JP")], et_al=False)
    assert "author 3" in only(check(c, w), "RC102").message


def test_apa_ellipsis_last_author_is_not_a_reordering() -> None:
    registered = [f"{name} {initial}" for name in ("Abbott", "Barker", "Castillo", "Dimitrov", "Eriksson")
                  for initial in "ABCDE"]
    w = work(authors=authors(*registered))
    c = cite(authors=authors(*registered[:19], registered[-1]), et_al=True, style="apa")
    assert serious(check(c, w)) == []
    # the same surname with other initials is not the final author: still judged
    wrong_last = cite(authors=authors(*registered[:19], "Eriksson A"), et_al=True, style="apa")
    assert serious(check(wrong_last, w)) != []
