"""Span edits in the list's own conventions: pages, title case, names, journal form."""

from __future__ import annotations

from refcheck.fix.conventions import format_journal, format_pages
from refcheck.fix.edits import apply_replacements, field_edits, retitle
from refcheck.fix.spans import field_span, locator_spans
from refcheck.model import Author, CheckedReference, Finding, Match, RawEntry, Severity, Span, Status, Work
from refcheck.parse import parse_entry
from refcheck.styles.detect import Conventions, read_conventions

SENTENCE = Conventions(title_case="sentence")


def _ref(text: str, work: Work, findings: list[Finding]) -> CheckedReference:
    cit = parse_entry(RawEntry(number=1, text=text, span=Span(1, 1)))
    return CheckedReference(cit, Match(Status.MISMATCH, work=work), findings)


def _work(**kw: object) -> Work:
    base = dict(source="crossref", title="Skin Closures with Nylon", container="Archives of Dermatology",
                container_abbrevs=["Arch. Dermatol."], year=1978, volume="114", issue="1",
                pages="1745-1751", first_page="1745", last_page="1751",
                authors=[Author(family="Ely", given="Paul H."), Author(family="Smith", given="John")])
    base.update(kw)
    return Work(**base)  # type: ignore[arg-type]


def test_pages_keep_the_entry_elision_and_dash() -> None:
    assert format_pages("1745-1751", "1747-51", Conventions()) == "1745-51"
    assert format_pages("1745-1751", "1747-1751", Conventions(elided=False)) == "1745-1751"
    assert format_pages("861-863", "861-3", Conventions()) == "861-3"
    assert format_pages("861-863", "870\u20139", Conventions()) == "861\u20133"
    # a full range printed where elision was possible: the entry does not elide
    assert format_pages("861-863", "870\u2013879", Conventions()) == "861\u2013863"
    assert format_pages("468", "475-468", Conventions()) == "468"
    # the registry has the first page only: the printed end is kept when it still fits
    assert format_pages("1745", "1747-51", Conventions()) == "1745-51"
    assert format_pages("1760", "1747-51", Conventions()) == "1760"


def test_title_fix_changes_only_the_wrong_word_in_the_printed_case() -> None:
    printed = "Nevus of Ota with ipsilateral congenital catarct"
    registered = "Nevus of Ota With Ipsilateral Congenital Cataract"
    assert retitle(printed, registered, SENTENCE) == "Nevus of Ota with ipsilateral congenital cataract"
    # a missing word is inserted in the list's case, never duplicating the rest
    assert retitle("Nevus of Ota with congenital cataract", registered, SENTENCE) == \
        "Nevus of Ota with ipsilateral congenital cataract"
    # an ALL-CAPS deposit: the printed words stay, the added ones follow the list's case
    assert retitle("Safety of long term use", "SAFETY OF LONG-TERM USE IN CHILDREN", SENTENCE) == \
        "Safety of long-term use in children"


def test_name_fix_keeps_the_byline_form() -> None:
    text = "1. Ely H.H., Smith J. Skin closures with nylon. Arch Dermatol. 1978;114(1):1747-51."
    f = Finding("RC104", "authors", "mismatch", Severity.ERROR, "initials", cited="Ely HH", registered="Ely PH",
                suggestion="Ely PH")
    ref = _ref(text[3:], _work(), [f])
    reps, unplaced = field_edits(text, 3, ref, [f], "vancouver", SENTENCE)
    assert not unplaced
    assert apply_replacements(text, reps).startswith("1. Ely P.H., Smith J. Skin")


def test_byline_rebuilt_only_when_names_are_missing_or_moved() -> None:
    text = "1. Smith J. Skin closures with nylon. Arch Dermatol. 1978;114(1):1745-51."
    f = Finding("RC105", "authors", "missing", Severity.ERROR, "missing", registered="Ely PH", suggestion="Ely PH")
    ref = _ref(text[3:], _work(), [f])
    reps, _ = field_edits(text, 3, ref, [f], "vancouver", SENTENCE)
    assert apply_replacements(text, reps) == "1. Ely PH, Smith J. Skin closures with nylon. Arch Dermatol. 1978;114(1):1745-51."


def test_journal_takes_the_list_form() -> None:
    assert format_journal("Arch. Dermatol.", Conventions()) == "Arch Dermatol"
    assert format_journal("Arch. Dermatol.", Conventions(dotted_journals=True)) == "Arch. Dermatol"


def test_locator_parts_are_spans_of_the_printed_locator() -> None:
    text = "Ely PH. Skin closures 2005 style. Arch Dermatol. 1978;114(1):1747-51."
    loc = locator_spans(text)
    assert loc is not None
    assert {k: text[a:b] for k, (a, b) in loc.parts.items()} == {
        "year": "1978", "volume": "114", "issue": "1", "pages": "1747-51"}
    cit = parse_entry(RawEntry(number=1, text=text, span=Span(1, 1)))
    span = field_span(text, cit, "journal")
    assert span and text[span[0]:span[1]] == "Arch Dermatol"


def test_conventions_are_read_from_the_list() -> None:
    refs = [_ref(f"Ely PH. Skin closures with nylon sutures number {i}. Arch Dermatol. 1978;114(1):1747-51.",
                 _work(container_abbrevs=["Arch Dermatol"]), []) for i in range(3)]
    conv = read_conventions(refs)
    assert conv.elided and conv.journal_abbreviated and conv.title_case == "sentence" and conv.dash == "-"


def test_new_words_in_a_latex_list_are_escaped() -> None:
    conv = Conventions(title_case="sentence", latex=True)
    assert retitle(r"Bone cement in the pelvis", "Bone cement & 50% of the pelvis", conv) == \
        r"Bone cement \& 50\% of the pelvis"
    assert retitle(r"Bone cement \& the pelvis", "Bone cement & the pelvis", conv) == r"Bone cement \& the pelvis"


def test_missing_proper_noun_keeps_its_capital_in_a_short_sentence_case_title() -> None:
    """A short registered title is read as sentence case by the one text-layer rule
    (:func:`refcheck.text.case.is_sentence_case`), so an inserted name keeps its capital."""
    fixed = retitle("Surgical training of dermatologists", "Surgical training of Danish dermatologists", SENTENCE)
    assert fixed == "Surgical training of Danish dermatologists"
