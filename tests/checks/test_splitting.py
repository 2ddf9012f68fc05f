"""RC707: an entry that still looks like several references is reported, per entry."""

from __future__ import annotations

from refcheck.checks import RULES
from refcheck.checks.splitting import split_findings
from refcheck.extract.text import extract_text

BODY = "Introduction\n\nAs shown before [1].\n\nReferences\n\n"
REFS = [
    "Okafor N, Lindgren P. Renal outcomes after contrast exposure. Kidney Int. 2011;80:55-61.",
    "Mbeki T, Rossi A. Sleep duration and blood pressure. Hypertension. 2015;66:1012-9.",
    "Varga Z, Haddad R. Statin use in the elderly. J Am Geriatr Soc. 2009;57:2186-93.",
    "Ishikawa Y, Dube M. Biomarkers of sepsis in children. Pediatrics. 2018;141:e20172350.",
    "Santos RM, Kim H. Vitamin D and fracture risk. Osteoporos Int. 2013;24:1431-40.",
    "Petrov A, Nwosu C. Antibiotic stewardship in primary care. BMJ. 2017;358:j3418.",
]


def test_rule_is_registered() -> None:
    assert RULES["RC707"].name == "entry-holds-several"


def test_entry_holding_unrecognised_numbers_is_reported() -> None:
    # Entries 4 and 5 lost their marker's full stop in a one-line paste; 3 swallows them.
    text = BODY + " ".join(f"{i}. {r}" for i, r in enumerate(REFS * 2, 1)).replace("4. Ishikawa", "4 Ishikawa")
    text = text.replace("5. Santos", "5 Santos")
    doc = extract_text(text, "m.txt")
    numbers = [e.number for e in doc.entries]
    assert numbers == list(range(1, 13))  # told apart at the numbers the numbering was missing
    assert doc.entries[3].text.startswith("Ishikawa Y") and doc.entries[4].text.startswith("Santos RM")
    (finding,) = split_findings(doc.entries)
    assert finding.code == "RC707" and finding.message.startswith("entry 3 appears to contain entries 4\u20135")
    assert "checked on their own" in finding.message
    assert finding.span == doc.entries[2].span


def test_entry_holding_numbers_that_cannot_be_told_apart_is_reported() -> None:
    # '4.' and '5.' glued to the previous word: printed, but no entry start can be found.
    text = BODY + "\n".join(f"{i}. {r}" for i, r in enumerate(REFS * 2, 1)) + "\n"
    text = text.replace("\n4. Ishikawa", " vol4. Ishikawa").replace("\n5. Santos", " p5. Santos")
    doc = extract_text(text, "m.txt")
    assert [e.number for e in doc.entries] == [1, 2, 3, *range(6, 13)]
    (finding,) = split_findings(doc.entries)
    assert finding.message.startswith("entry 3 appears to contain entries 4\u20135 (their numbers were not found")


def test_very_long_entry_with_many_years_is_reported() -> None:
    glued = " ".join(REFS) * 3
    text = BODY + "\n".join(f"{i}. {r}" for i, r in enumerate([*REFS, glued, *REFS], 1)) + "\n"
    doc = extract_text(text, "m.txt")
    findings = split_findings(doc.entries)
    assert [f.message.split(" is ")[0] for f in findings] == ["entry 7"]


def test_a_clean_list_has_no_finding() -> None:
    text = BODY + "\n".join(f"{i}. {r}" for i, r in enumerate(REFS * 3, 1)) + "\n"
    assert split_findings(extract_text(text, "m.txt").entries) == []


def test_a_plain_numbering_gap_is_left_to_rc701() -> None:
    entries = [f"{i}. {r}" for i, r in enumerate(REFS, 1)]
    del entries[3]  # number 4 is simply missing: nothing is hidden in entry 3
    doc = extract_text(BODY + "\n".join(entries) + "\n", "m.txt")
    assert [e.number for e in doc.entries] == [1, 2, 3, 5, 6]
    assert split_findings(doc.entries) == []
