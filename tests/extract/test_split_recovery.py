"""Numbered lists come back as entries 1..N: each failure kind of issue #13, on our own examples."""

from __future__ import annotations

import random

from refcheck.extract.text import extract_text

BODY = "Introduction\n\nEarlier studies [1-3] disagree.\n\nReferences\n\n"

# Varied, realistic entries (not from the benchmark data).
PLAIN = [
    "Okafor N, Lindgren P. Renal outcomes after contrast exposure. Kidney Int. 2011;80:55-61.",
    "Mbeki T, Rossi A, Chen L. Sleep duration and blood pressure. Hypertension. 2015;66:1012-9.",
    "Varga Z, Haddad R. Statin use in the elderly. J Am Geriatr Soc. 2009;57:2186-93.",
    "Ishikawa Y, Dube M. Biomarkers of sepsis in children. Pediatrics. 2018;141:e20172350.",
    "Santos RM, Kim H. Vitamin D and fracture risk. Osteoporos Int. 2013;24:1431-40.",
    "Petrov A, Nwosu C. Antibiotic stewardship in primary care. BMJ. 2017;358:j3418.",
]


def _numbered(entries: list[str], sep: str = "\n") -> str:
    return BODY + sep.join(f"{i}. {e}" for i, e in enumerate(entries, 1)) + "\n"


def _numbers(text: str) -> list[int | None]:
    return [e.number for e in extract_text(text, "m.txt").entries]


def test_heading_phrase_inside_an_entry_does_not_start_the_list() -> None:
    inner = ("Brown K, Diaz F. Adherence to therapy. Division of Infectious Diseases, San Diego, CA, USA. "
             "References 1. Palella FJ, Delaney KM. Declining morbidity. N Engl J Med. 1998;338:853-60.")
    entries = [*PLAIN[:3], inner, *PLAIN[3:]]
    doc = extract_text(_numbered(entries), "m.txt")
    assert [e.number for e in doc.entries] == list(range(1, len(entries) + 1))
    assert doc.entries[0].text.startswith("Okafor N")


def test_references_line_inside_an_entry_does_not_start_the_list() -> None:
    entries = list(PLAIN)
    entries[2] = "Varga Z, Haddad R. Statin use in the elderly.\nReferences\nJ Am Geriatr Soc. 2009;57:2186-93."
    doc = extract_text(_numbered(entries), "m.txt")
    assert [e.number for e in doc.entries] == [1, 2, 3, 4, 5, 6]
    assert "Statin use" in doc.entries[2].text


def test_entries_may_start_with_a_year_a_digit_an_organisation_or_lower_case() -> None:
    odd = [
        "(1980). Covering abuse: a press study. Columbia Journalism Review, 19, 33-40.",
        "1000 Genomes Project Consortium. A map of human genome variation. Nature. 2010;467:1061-73.",
        "Schroeder , D. A., & Penner, L. A. (1995). Helping behaviour. Annual Review, 46, 1-30.",
        "de la Cruz M, Ortega P. Tuberculosis in prisons. Lancet. 2004;363:1221-8.",
        "van den Berg J. Cohort attrition. Epidemiology. 2001;12:1-9.",
        "World Health Organization. Global tuberculosis report 2019. Geneva: WHO; 2019.",
        "3M Company. Filtration performance data sheet. St Paul: 3M; 2020.",
        "[Anonymous]. Editorial: the value of replication. Lancet. 2003;361:1.",
    ]
    for layout in ("\n", " "):  # one entry per line, and the whole list on one line
        entries = [x for pair in zip(PLAIN + PLAIN[:2], odd, strict=True) for x in pair]
        assert _numbers(_numbered(entries, layout)) == list(range(1, len(entries) + 1)), layout


def test_every_number_of_a_long_list_is_an_entry() -> None:
    rng = random.Random(7)
    entries = [rng.choice(PLAIN).replace("2011", str(1950 + i % 70)) for i in range(2600)]
    assert _numbers(_numbered(entries)) == list(range(1, 2601))


def test_numbers_that_look_like_years_are_still_entries() -> None:
    entries = [PLAIN[i % 6] for i in range(2100)]
    numbers = _numbers(_numbered(entries, " "))
    assert numbers == list(range(1, 2101))


def test_false_end_inside_an_entry_does_not_end_the_list() -> None:
    entries = list(PLAIN)
    entries[1] = "Shaw JW, Reardon G. Erection duration. Poster presented at ESSM 2007, Lisbon. Poster # MP-02091."
    entries[3] = "Ishikawa Y, Dube M. Biomarkers of sepsis.\nTables\nPediatrics. 2018;141:e20172350."
    assert _numbers(_numbered(entries)) == [1, 2, 3, 4, 5, 6]


def test_one_unusual_start_costs_at_most_that_entry() -> None:
    """A marker the text layer mangled ('4 .') next to an entry starting with a year must not
    let entry 3 swallow every entry after it: the numbering resumes at 5."""
    entries = PLAIN + PLAIN
    entries[4] = "(1980). Covering abuse: a press study. Columbia Journalism Review, 19, 33-40."
    text = _numbered(entries).replace("\n4. ", "\n4 .")
    assert _numbers(text) == [1, 2, 3, *range(5, 13)]


def test_stray_number_glued_into_an_entry_does_not_split_it() -> None:
    """A PDF column break glues '15.' of another page into entry 24 at a line start."""
    entries = [PLAIN[i % 6] for i in range(30)]
    entries[23] = "Ishikawa Y, Dube M, Harding PE,\n15.\nChatterton BE. Biomarkers. Pediatrics. 2018;141:1-9."
    assert _numbers(_numbered(entries)) == list(range(1, 31))


def test_journal_lines_repeated_with_other_volumes_are_not_running_headers() -> None:
    entries = [
        f"Author{c} A, Other B. Title number {i}. Biochem\nPharmacol {40 + i}:{100 * i}-{100 * i + 9}"
        for i, c in enumerate("ABCDE", 1)
    ]
    doc = extract_text(_numbered(entries), "m.txt")
    assert all("Pharmacol" in e.text for e in doc.entries)


def test_a_real_running_header_is_still_removed() -> None:
    entries = [f"Author{c} A. Title {i}.\nSkeletal Radiol (2007) 36:1101-1104 {1100 + i}\nJ Foo 2001;{i}:1-9." for i, c in
               enumerate("ABCD", 1)]
    doc = extract_text(_numbered(entries), "m.txt")
    assert [e.number for e in doc.entries] == [1, 2, 3, 4]
    assert not any("Skeletal" in e.text for e in doc.entries)


def test_a_lone_numbered_entry_keeps_its_number() -> None:
    doc = extract_text(BODY + "1. 24. Scarff RW. Histological typing. Geneva: WHO; 1968. Version 2.0.\n", "m.txt")
    assert [e.number for e in doc.entries] == [1]


def test_numbered_sections_after_a_contents_line_do_not_capture_the_list() -> None:
    """'3. References' in a table of contents, then numbered sections: the real list still wins."""
    prose = "We measured outcomes in a cohort of adults over ten years of follow-up. " * 30
    text = ("Contents\n1. Introduction\n2. Methods\n3. References\n\n"
            f"1. Introduction\n{prose}\n\n2. Methods\n{prose}\n\nReferences\n\n"
            + "\n".join(f"{i}. {r}" for i, r in enumerate(PLAIN, 1)) + "\n")
    doc = extract_text(text, "m.txt")
    assert [e.number for e in doc.entries] == [1, 2, 3, 4, 5, 6]
    assert doc.entries[0].text.startswith("Okafor N")
