"""Sentence case for ALL-CAPS and Title Case deposits, names and acronyms kept."""

from __future__ import annotations

from refcheck.text.case import has_case_problem, is_all_caps, is_title_case, sentence_case


def test_all_caps_deposit_takes_names_and_acronyms_from_a_sentence_case_printing() -> None:
    title = "SAFETY OF LONG-TERM USE OF METFORMIN IN HIV PATIENTS WITH CROHN DISEASE"
    assert is_all_caps(title) and has_case_problem(title)
    assert sentence_case(title, ["Safety of long-term use of metformin in HIV patients with Crohn disease"]) == \
        "Safety of long-term use of metformin in HIV patients with Crohn disease"
    # no printing to learn from: every word lowered but codes with digits
    assert sentence_case("T2 MAPPING OF THE KNEE") == "T2 mapping of the knee"


def test_title_case_deposit_keeps_acronyms_mixed_case_and_hinted_names() -> None:
    title = "The Role of MRI and mRNA Testing in Nevus of Ota: A Review"
    assert is_title_case(title)
    assert sentence_case(title, ["The role of MRI and mRNA testing in nevus of Ota: a review"]) == \
        "The role of MRI and mRNA testing in nevus of Ota: A review"


def test_sentence_case_titles_are_left_alone() -> None:
    for title in ("Embolism in Crohn disease", "Percutaneous sacroplasty for hemorrhagic metastases"):
        assert not has_case_problem(title)
        assert sentence_case(title) == title
    # a Title Case printing is no hint: it cannot tell names from words
    assert sentence_case("Nevus Of Ota With Cataract Surgery", ["Nevus Of Ota With Cataract Surgery"]) == \
        "Nevus of ota with cataract surgery"
