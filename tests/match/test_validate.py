"""Field-level validation rules (refcheck.match.validate) on small hand-built records."""

from __future__ import annotations

from refcheck.match.profile import profile_citation, profile_work
from refcheck.match.validate import (
    accept_ecitmatch,
    accept_identifier,
    accept_search,
    validate,
)
from refcheck.model import Author, Citation, Work


def work(**kw: object) -> Work:
    base = dict(source="crossref", type="journal-article", authors=[Author(family="Moreau", initials="JL")],
                title="Cutaneous pseudolymphoma at the site of resolving herpes zoster",
                container="Archives of Dermatology", year=1981, volume="117", issue="6",
                pages="377-379", first_page="377", last_page="379", doi="10.1001/x.1")
    base.update(kw)
    return Work(**base)  # type: ignore[arg-type]


def citation(**kw: object) -> Citation:
    base = dict(text="Moreau JL. Cutaneous pseudolymphoma at the site of resolving herpes zoster. "
                     "Arch Dermatol. 1981;117(6):377-9.",
                authors=[Author(family="Moreau", initials="JL")],
                title="Cutaneous pseudolymphoma at the site of resolving herpes zoster",
                container="Arch Dermatol", year=1981, volume="117", issue="6", pages="377-9",
                first_page="377", last_page="379")
    base.update(kw)
    return Citation(**base)  # type: ignore[arg-type]


def check(c: Citation, w: Work):  # type: ignore[no-untyped-def]
    return validate(profile_citation(c), profile_work(w))


def test_identical_reference_scores_one_and_is_accepted() -> None:
    v = check(citation(), work())
    assert v.score > 0.99 and v.agree == ["year", "volume", "page"] and not v.clash
    assert v.journal >= 0.95  # "Arch Dermatol" abbreviates "Archives of Dermatology" word by word
    assert accept_search(v) and accept_identifier(v) and accept_ecitmatch(v)


def test_online_first_year_is_half_support_not_clash() -> None:
    v = check(citation(year=1982), work())
    assert v.year_off_by_one and "year" not in v.clash and accept_search(v)


def test_same_title_other_volume_page_and_year_is_another_work() -> None:
    v = check(citation(), work(year=1975, volume="111", first_page="12", pages="12-14"))
    assert len(v.clash) == 3 and not accept_search(v) and not accept_identifier(v)


def test_numbers_and_reply_markers_separate_titles() -> None:
    quiz = check(citation(title="Pathology quiz case 1"), work(title="Pathology quiz case 2"))
    reply = check(citation(), work(title="Cutaneous pseudolymphoma at the site of resolving herpes zoster—Reply"))
    assert quiz.title <= 0.6 and reply.title <= 0.6


def test_letter_and_reply_on_one_page_by_other_authors_rejected() -> None:
    reply = work(title="Cutaneous pseudolymphoma at the site of resolving herpes zoster—Reply",
                 authors=[Author(family="Griffith", initials="K")])
    assert not accept_search(check(citation(), reply))


def test_registry_markup_and_volume_word_are_representation() -> None:
    w = work(title="&lt;p&gt;Cutaneous pseudolymphoma at the site of resolving herpes zoster&lt;/p&gt;",
             volume="Volume 117")
    v = check(citation(), w)
    assert v.title == 1.0 and "volume" in v.agree


def test_particles_and_umlauts_do_not_lower_author_similarity() -> None:
    v = check(citation(authors=[Author(family="Mueller", initials="K")]),
              work(authors=[Author(family="Müller", initials="K")]))
    p = check(citation(authors=[Author(family="Berg", initials="K")]),
              work(authors=[Author(family="van den Berg", initials="K")]))
    assert v.author == 1.0 and p.author == 1.0


def test_unparsed_reference_uses_the_whole_string() -> None:
    bare = Citation(text=citation().text)
    v = check(bare, work())
    assert v.title >= 0.85 and "page" in v.agree and "page" in v.weak
    assert accept_search(v)


def test_ecitmatch_hit_with_other_author_and_year_is_rejected() -> None:
    # ECitMatch keys on journal+volume+page: same locator, different first author and year
    hit = work(authors=[Author(family="Gerstein", initials="HC")], year=1979,
               title="Dulaglutide and cardiovascular outcomes in type 2 diabetes")
    assert not accept_ecitmatch(check(citation(), hit))


def test_title_that_swallowed_the_locator_still_identifies_the_work() -> None:
    # the parser left journal and locator inside the title: numbers differ, the title is long
    swallowed = citation(title="Cutaneous pseudolymphoma at the site of resolving herpes zoster. "
                               "Arch Dermatol (AD), 377-9 (1981)", container=None, volume=None, pages=None,
                         first_page=None, last_page=None)
    v = check(swallowed, work())
    assert v.title >= 0.85 and accept_search(v)


def test_reply_string_never_matches_the_letter_through_the_raw_text() -> None:
    reply = citation(text="Moreau JL. Cutaneous pseudolymphoma at the site of resolving herpes zoster—Reply. "
                          "Arch Dermatol. 1981;117(6):377-9.",
                     title="Cutaneous pseudolymphoma at the site of resolving herpes zoster—Reply")
    assert check(reply, work()).title <= 0.6


def test_retracted_prefix_ignored_but_retraction_notice_is_another_item() -> None:
    retracted = check(citation(), work(title="RETRACTED: Cutaneous pseudolymphoma at the site of resolving "
                                             "herpes zoster"))
    notice = check(citation(), work(title="Retraction: Cutaneous pseudolymphoma at the site of resolving "
                                          "herpes zoster"))
    assert retracted.title == 1.0 and notice.title <= 0.6


TEMPLATE = "Questions and answers: rating {} using the sixth edition"


def test_template_sibling_with_two_other_words_and_another_page_is_rejected() -> None:
    """Two newsletter columns share all but their subject; a page clash on top means another column."""
    cited = citation(title=TEMPLATE.format("auricular avulsion"), first_page="15", pages="15", last_page=None)
    sibling = work(title=TEMPLATE.format("spinal pain"), first_page="11", pages="11-12", last_page="12")
    v = check(cited, sibling)
    assert v.title >= 0.85 and v.clash == ["page"] and v.title_swaps == 2
    assert not accept_search(v)


def test_misspelt_words_and_a_wrong_page_stay_this_work() -> None:
    cited = citation(title=TEMPLATE.format("spinal pian"), first_page="15", pages="15", last_page=None)
    v = check(cited, work(title=TEMPLATE.format("spinal pain"), first_page="11", pages="11-12", last_page="12"))
    assert v.title_swaps == 0 and accept_search(v)  # a typo and a wrong page: errors to report


def test_two_swapped_words_without_a_clash_are_title_errors_to_report() -> None:
    v = check(citation(title=TEMPLATE.format("auricular avulsion")), work(title=TEMPLATE.format("spinal pain")))
    assert not v.clash and v.title_swaps == 0 and accept_search(v)  # only counted when a locator clashes
