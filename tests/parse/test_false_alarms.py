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
