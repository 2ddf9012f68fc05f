"""RC2xx: title rules."""

from __future__ import annotations

import pytest

from refcheck.model import Severity
from tests.checks.helpers import check, cite, codes, only, serious, work

REG = "Tumour necrosis factor-α and outcome after sepsis: a randomised trial"


@pytest.mark.parametrize(
    "cited",
    [
        "TUMOUR NECROSIS FACTOR-ALPHA AND OUTCOME AFTER SEPSIS: A RANDOMISED TRIAL",  # case, Greek
        "Tumor necrosis factor-alpha and outcome after sepsis - a randomized trial",  # US spelling, punctuation
        "Tumour necrosis factor alpha and outcome after sepsis; a randomised trial.",
        "[Tumour necrosis factor-α and outcome after sepsis: a randomised trial]",  # PubMed translation brackets
        "Tumour necrosis factor-α and outcome after sepsis: a randomised trial [Article in French]",
    ],
)
def test_representation_differences_are_silent(cited: str) -> None:
    assert check(cite(title=cited), work(title=REG)) == []


def test_retracted_prefix_and_markup_on_the_registered_title_are_ignored() -> None:
    w = work(title="RETRACTED: <i>Tumour</i> necrosis factor-&alpha; and outcome after sepsis: a randomised trial")
    assert check(cite(title=REG), w) == []


def test_compares_against_every_registered_title() -> None:
    w = work(title="Facteur de nécrose tumorale et sepsis", titles=["Facteur de nécrose tumorale et sepsis", REG])
    assert check(cite(title=REG), w) == []


def test_hyphenation_variants_are_equal() -> None:
    w = work(title="Long-term follow-up of sepsis survivors")
    assert check(cite(title="Long term followup of sepsis survivors"), w) == []


def test_word_typo_names_the_word() -> None:
    found = check(cite(title="Tumour necrosis factor-alpha and outcome after sepsis: a randomised trail"), work())
    f = only(found, "RC201")
    assert (f.kind, f.cited, f.registered, f.severity) == ("typo", "trail", "trial", Severity.WARNING)


def test_missing_word_names_the_word() -> None:
    f = only(check(cite(title="Tumour necrosis factor-alpha and outcome after sepsis: a trial"), work()), "RC202")
    assert "'randomised'" in f.message and f.kind == "missing"


def test_extra_word_names_the_word() -> None:
    found = check(cite(title="Tumour necrosis factor-alpha and mortality outcome after sepsis: a randomised trial"))
    assert "'mortality'" in only(found, "RC203").message


def test_missing_article_is_only_info() -> None:
    found = check(cite(title="Tumour necrosis factor-alpha and outcome after sepsis: randomised trial"))
    assert only(found, "RC202").severity is Severity.INFO


def test_subtitle_on_one_side_is_info() -> None:
    omitted = check(cite(title="Tumour necrosis factor-alpha and outcome after sepsis"))
    assert codes(omitted) == ["RC205"] and serious(omitted) == []
    w = work(title="Tumour necrosis factor-α and outcome after sepsis")
    added = check(cite(title=REG), w)
    assert codes(added) == ["RC205"] and serious(added) == []


def test_registered_subtitle_field_is_used() -> None:
    w = work(title="Tumour necrosis factor-α and outcome after sepsis", subtitle="a randomised trial")
    assert check(cite(title=REG), w) == []


def test_truncated_title() -> None:
    w = work(title="Tumour necrosis factor-α and outcome after sepsis in elderly intensive care patients")
    f = only(check(cite(title="Tumour necrosis factor-alpha and outcome after sepsis in elderly"), w), "RC202")
    assert f.kind == "truncated"


def test_different_title_is_an_error_with_the_registered_title() -> None:
    f = only(check(cite(title="Statins for the prevention of stroke in atrial fibrillation"), work()), "RC204")
    assert f.severity is Severity.ERROR and f.suggestion and f.suggestion.startswith("Tumour")


def test_word_split_by_a_line_end_hyphen_is_not_a_difference() -> None:
    w = work(title="Prednisolone inhibits hyperosmolarity-induced expression of MCP-1")
    assert check(cite(title="Prednisolone inhibits hyperos- molarity-induced expression of MCP-1"), w) == []
    w = work(title="Molecular identification of pseudouridine-metabolizing enzymes")
    assert check(cite(title="Molecular identification of pseudour- idine-metabolizing enzymes"), w) == []


def test_missing_preposition_is_a_warning() -> None:
    w = work(title="Multiple osteolytic lesions in a patient with mycosis fungoides")
    f = only(check(cite(title="Multiple osteolytic lesions in a patient mycosis fungoides"), w), "RC202")
    assert f.severity is Severity.WARNING and "'with'" in f.message


def test_printed_isbn_filed_apart_is_not_missing_from_a_review_title() -> None:
    w = work(title="Book reviews: Radiology Basics. 2nd edn. £24.00. ISBN 0 12 088642 1")
    c = cite(title="Book reviews: Radiology Basics. 2nd edn. £24.00", isbn="0120886421")
    assert serious(check(c, w)) == []
    other = cite(title="Book reviews: Radiology Basics. 2nd edn. £24.00", isbn="0904181723")
    assert "RC202" in codes(check(other, w))


def test_missing_space_between_two_title_words_is_a_typo_with_the_fix() -> None:
    reg = work(title="Injections in malignant acetabular osteolyses")
    f = only(check(cite(title="Injections in malignant acetabularosteolyses"), reg), "RC201")
    assert (f.cited, f.registered, f.severity) == ("acetabularosteolyses", "acetabular osteolyses", Severity.WARNING)
    assert f.suggestion == "Injections in malignant acetabular osteolyses"


def test_attested_compounds_and_hyphenated_words_are_not_space_typos() -> None:
    for cited, registered in (("Costs of healthcare in Europe", "Costs of health care in Europe"),
                              ("Longterm followup of bloodstream infections",
                               "Long-term follow-up of blood stream infections")):
        assert serious(check(cite(title=cited), work(title=registered))) == []


def test_suppl_after_the_title_is_title_debris_with_the_fix() -> None:
    text = "1. Deramond H. Temperature elevation during vertebroplasty [Suppl]. Bone 1999;25:17-21."
    f = only(check(cite(text=text, title="Temperature elevation during vertebroplasty"),
                   work(title="Temperature elevation during vertebroplasty")), "RC206")
    assert (f.severity, f.cited, f.suggestion) == (Severity.WARNING, "[Suppl]",
                                                    "Temperature elevation during vertebroplasty")
    letter = "1. Deramond H. Temperature elevation during vertebroplasty [letter]. Bone 1999;25(2 Suppl):17S-21S."
    assert "RC206" not in codes(check(cite(text=letter, title="Temperature elevation during vertebroplasty"),
                                      work(title="Temperature elevation during vertebroplasty")))
