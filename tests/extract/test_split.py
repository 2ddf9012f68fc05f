"""Splitting a reference section into entries, numbered and unnumbered."""

from __future__ import annotations

import pytest

from refcheck.extract.split import numbered_chain
from refcheck.extract.text import extract_text

REFS = [
    "Smith J, Doe A. A first title. J Foo 2001;1:2-3.",
    "Roe B. A second title. J Bar 2002;4:5-6.",
    "van der Berg K, Lee C. A third title. Lancet 2003;7:8-9.",
]


@pytest.mark.parametrize(
    "fmt", ["{n}. ", "{n}) ", "[{n}] ", "({n}) ", "{n} ", "{n}.", "  {n}. ", "{n}\\. ", "{n}.\t", "{n}.\u00a0"]
)
def test_numbering_styles_one_per_line(fmt):
    text = "References\n\n" + "".join(fmt.format(n=i + 1) + ref + "\n" for i, ref in enumerate(REFS))
    doc = extract_text(text)
    assert [e.number for e in doc.entries] == [1, 2, 3]
    assert [e.text for e in doc.entries] == REFS


@pytest.mark.parametrize("fmt", ["{n}. ", "[{n}] ", "({n}) "])
def test_numbering_styles_all_on_one_line(fmt):
    text = "References " + " ".join(fmt.format(n=i + 1) + ref for i, ref in enumerate(REFS))
    doc = extract_text("Body. " + text)
    assert [e.text for e in doc.entries] == REFS


def test_sequence_evidence_beats_look_alike_numbers():
    # '2000;8:510 11.' and a volume '12. Tables' must not break entry 10; '2. B' inside an entry
    # is not entry 2 because entry 2 must come after entry 1 *and* before entry 3.
    refs = [f"Author{i} A. Title {i}. J 2001;{i}:1-2." for i in range(1, 13)]
    refs[1] = "Weill A. Spinal metastases 2. Better title. Radiology 1996;199:241–247"
    refs[9] = "Marcy PY. Cementoplasty. Support Care Cancer 2000;8:500–503; erratum 2000;8:510"
    text = "## References " + " ".join(f"{i}. {r}" for i, r in enumerate(refs, 1))
    doc = extract_text(text)
    assert [e.number for e in doc.entries] == list(range(1, 13))
    assert doc.entries[1].text == refs[1]
    assert doc.entries[9].text == refs[9]


def test_chain_prefers_line_starts_for_ambiguous_numbers():
    text = "1. Smith J. Title with 2. Odd phrase. J 2001;1:2.\n2. Doe A. Real second. J 2002;3:4.\n"
    chain = numbered_chain(text, 0, len(text))
    assert [c.number for c in chain] == [1, 2]
    assert chain[1].pos == text.index("\n2.") + 1


def test_list_may_start_after_one():
    text = "References\n\n5. Smith J. Title. J 2001;1:2.\n6. Doe A. Title. J 2002;3:4.\n"
    assert [e.number for e in extract_text(text).entries] == [5, 6]


def test_wrapped_entries_are_joined():
    text = "References\n\n1. Smith J, Doe A. A long title that\n   wraps onto a second line. J Foo\n   2001;1:2-3.\n2. Roe B. Short. J 2002;4:5.\n"
    doc = extract_text(text)
    assert doc.entries[0].text == "Smith J, Doe A. A long title that wraps onto a second line. J Foo 2001;1:2-3."
    assert doc.entries[0].source_text.count("\n") == 2


def test_unnumbered_paragraphs():
    text = "References\n\n" + "\n\n".join(r[:20] + "\n" + r[20:] for r in REFS) + "\n"
    doc = extract_text(text)
    assert [e.number for e in doc.entries] == [None, None, None]
    assert [e.text.replace(" ", "") for e in doc.entries] == [r.replace(" ", "") for r in REFS]


def test_unnumbered_one_per_line():
    text = "Works Cited\n" + "\n".join(REFS) + "\n"
    doc = extract_text(text)
    assert [e.text for e in doc.entries] == REFS


def test_markdown_bullets():
    text = "## References\n\n" + "\n".join(f"- {r}" for r in REFS) + "\n"
    doc = extract_text(text, "x.md")
    assert [e.text for e in doc.entries] == REFS
    assert all(e.source_text.startswith("- ") for e in doc.entries)


def test_hanging_indent_without_blank_lines():
    text = (
        "Bibliography\n"
        "Smith J, Doe A. A first title that is long and\n"
        "    wraps. J Foo 2001;1:2-3.\n"
        "Roe B. A second title. J Bar 2002;4:5-6.\n"
        "Lee C. A third title that also\n"
        "    wraps. Lancet 2003;7:8-9.\n"
    )
    doc = extract_text(text)
    assert [e.text for e in doc.entries] == [
        "Smith J, Doe A. A first title that is long and wraps. J Foo 2001;1:2-3.",
        "Roe B. A second title. J Bar 2002;4:5-6.",
        "Lee C. A third title that also wraps. Lancet 2003;7:8-9.",
    ]


def test_last_entry_does_not_swallow_unheaded_matter():
    text = "References\n\n" + "".join(f"{i}. {r}\n" for i, r in enumerate(REFS, 1)) + "\nThe authors declare no conflicts. 2004.\n"
    doc = extract_text(text)
    assert doc.entries[-1].text == REFS[-1]


def test_real_pdf_extracted_references_split_exactly(shared_data):
    """Real strings (with their PDF line wraps and hyphenation) in three layouts."""
    import gzip
    import json
    import random
    import re

    path = shared_data / "refstrings" / "glutton-pmc-dev.json.gz"
    if not path.is_file():
        pytest.skip("glutton reference strings not available")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        pool = [item["reference"].strip() for item in json.load(handle)]
    # strings that carry an entry number of their own are two references glued together
    pool = [r for r in pool if r and not re.search(r"(?:^|\s)\[?\d{1,3}[.\])]\s+[^\W\d_]", r)]
    squash = re.compile(r"[\s\-\u00ad]+")
    rng = random.Random(7)
    layouts = {
        "numbered": lambda refs: "".join(f"{i}. {r.replace(chr(10), chr(10) + '   ')}\n" for i, r in enumerate(refs, 1)),
        "one-line": lambda refs: " ".join(f"{i}. {' '.join(r.split())}" for i, r in enumerate(refs, 1)),
        "bullets": lambda refs: "".join(f"- {r.replace(chr(10), chr(10) + '  ')}\n" for r in refs),
    }
    total = exact = 0
    for _ in range(4):
        refs = rng.sample(pool, 20)
        for name, layout in layouts.items():
            doc = extract_text("Body [1].\n\nReferences\n\n" + layout(refs), "x.md")
            assert len(doc.entries) == len(refs), name
            total += len(refs)
            exact += sum(squash.sub("", e.text) == squash.sub("", r) for e, r in zip(doc.entries, refs, strict=True))
    assert exact / total >= 0.97


def test_number_alone_on_its_line():
    doc = extract_text("References\n\n1.\nSmith J. A title. J 2001;1:2.\n2.\nDoe A. B title.\nJ 2002;3:4.\n")
    assert [(e.number, e.text, e.span.line) for e in doc.entries] == [
        (1, "Smith J. A title. J 2001;1:2.", 3),
        (2, "Doe A. B title. J 2002;3:4.", 5),
    ]


def test_space_numbering_right_under_a_setext_heading():
    doc = extract_text("References\n==========\n1 Smith J. A title. J 2001;1:2.\n2 Doe A. B title. J 2002;3:4.\n")
    assert [e.number for e in doc.entries] == [1, 2]


def test_years_in_parentheses_are_not_a_numbering():
    refs = "".join(f"- Author{i} A ({2000 + i}) Title {i}. J 1:{i}.\n" for i in range(1, 5))
    doc = extract_text("References\n\n" + refs)
    assert [e.number for e in doc.entries] == [None] * 4


def test_runaway_lists_are_bounded(monkeypatch):
    import refcheck.extract.text as text_module

    monkeypatch.setattr(text_module, "MAX_ENTRIES", 3)
    doc = extract_text("References\n\n" + "".join(f"{i}. Smith J. T. J 2001;1:{i}.\n" for i in range(1, 8)))
    assert len(doc.entries) == 3 and "only the first 3" in doc.notes[0]

    monkeypatch.setattr(text_module, "MAX_SECTION_CHARS", 60)
    doc = extract_text("References\n\n" + "".join(f"{i}. Smith J. T. J 2001;1:{i}.\n" for i in range(1, 8)))
    assert 1 <= len(doc.entries) <= 3 and any("only its first part" in n for n in doc.notes)


def test_markdown_lazy_numbering_is_renumbered():
    text = "## References\n\n" + "".join(f"1. {r}\n" for r in REFS)
    doc = extract_text(text, "x.md")
    assert [e.number for e in doc.entries] == [1, 2, 3]
    assert [e.text for e in doc.entries] == REFS


def test_emphasised_numbers_and_annotated_heading():
    text = "## References (in order of citation)\n\n" + "".join(f"**{i}.** {r}\n" for i, r in enumerate(REFS, 1))
    doc = extract_text(text, "x.md")
    assert doc.heading == "References"
    assert [e.text for e in doc.entries] == REFS
    assert all(e.source_text.startswith(f"**{e.number}.**") for e in doc.entries)


@pytest.mark.parametrize("numbers", [[1, 2, 4], [1, 2, 2], [1, 3, 2], [1, 2, 5]])
def test_numbering_errors_keep_entries_apart(numbers):
    """A skipped, repeated or swapped number is for the checks to report: the split must not
    merge the entries around it, and each keeps the number it printed."""
    multi = "References\n\n" + "".join(f"{n}. {r}\n" for n, r in zip(numbers, REFS, strict=True))
    assert [(e.number, e.text) for e in extract_text(multi).entries] == list(zip(numbers, REFS, strict=True))


def test_skipped_number_on_one_line():
    text = "References " + " ".join(f"{n}. {r}" for n, r in zip([1, 2, 4], REFS, strict=True))
    assert [e.number for e in extract_text(text).entries] == [1, 2, 4]
