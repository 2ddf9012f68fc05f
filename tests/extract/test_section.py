"""Locating the reference section: headings, languages, Markdown forms, where it ends."""

from __future__ import annotations

import pytest

from refcheck.extract.text import extract_text

ENTRIES = "1. Smith J, Doe A. A first title. J Foo 2001;1:2-3.\n2. Roe B. A second title. J Bar 2002;4:5-6.\n"
BODY = "Introduction\n\nSome prose citing [1] and [2].\n\n"


@pytest.mark.parametrize(
    "heading",
    [
        "References", "REFERENCES", "Reference list", "Bibliography", "Literature Cited", "Works Cited",
        "Literature", "Sources", "Références", "Bibliographie", "Literatur", "Literaturverzeichnis",
        "Referencias", "Bibliografía", "Riferimenti", "Referências", "References:", "7. References",
    ],
)
def test_heading_words(heading):
    doc = extract_text(BODY + heading + "\n\n" + ENTRIES)
    assert [e.number for e in doc.entries] == [1, 2]
    assert doc.heading == heading.split(". ")[-1].rstrip(":")


@pytest.mark.parametrize(
    "heading",
    ["## References", "# References #", "**References**", "__Bibliography__", "References\n==========",
     "References\n----------"],
)
def test_markdown_heading_forms(heading):
    doc = extract_text(BODY + heading + "\n\n" + ENTRIES, "paper.md")
    assert doc.format == "markdown"
    assert [e.number for e in doc.entries] == [1, 2]
    assert "=" not in doc.entries[0].text and "-----" not in doc.entries[0].text


def test_inline_heading_in_one_line_document():
    text = "Title ## Intro Body text (1). ## References 1. Kaemmerlen P, Thiesse P. A title. J Radiol 1989;70:557–562 2. Weill A. B title. Radiology 1996;199:241–247"
    doc = extract_text(text)
    assert [e.number for e in doc.entries] == [1, 2]
    assert doc.entries[0].text.startswith("Kaemmerlen P")
    assert doc.section.line == 1 and doc.section.column == text.index("## References") + 1


def test_last_heading_followed_by_a_list_wins():
    text = (
        "Contents\n\nReferences\n\nAppendix\n\n"  # a table of contents line, no list after it
        "Body (1).\n\nReferences\n\n1. Smith J. Real entry. J Foo 2001;1:2-3.\n2. Doe A. Another. J 2002;2:3.\n"
        "\nSupplementary references\n\nSee the online material.\n"
    )
    doc = extract_text(text)
    assert [e.text for e in doc.entries] == ["Smith J. Real entry. J Foo 2001;1:2-3.", "Doe A. Another. J 2002;2:3."]
    assert doc.section.line == 9


def test_word_references_in_prose_is_not_a_heading():
    doc = extract_text("We checked the references carefully.\nThe references were fine (2004).\n")
    assert doc.entries == [] and doc.heading is None


@pytest.mark.parametrize(
    "trailer",
    [
        "Acknowledgements\n\nWe thank the nurses.\n",
        "## Tables\n\n| a | b |\n",
        "Figure legends\n\nFig. 1 A picture of 2004.\n",
        "* Received May 24, 2004.\n* Accepted after revision July 2, 2004.\n",
        "Copyright © 2004 American Society of Neuroradiology\n",
        "Appendix\n\nMore text 1999.\n",
    ],
)
def test_section_stops_at_trailing_matter(trailer):
    doc = extract_text("## References\n\n" + ENTRIES + "\n" + trailer, "x.md")
    assert [e.number for e in doc.entries] == [1, 2]
    assert doc.entries[-1].text == "Roe B. A second title. J Bar 2002;4:5-6."


def test_section_stops_at_next_heading_of_same_level_but_not_deeper():
    text = "## References\n\n### Articles\n\n" + ENTRIES + "\n## Next section\n\nProse 2001.\n"
    doc = extract_text(text, "x.md")
    assert [e.number for e in doc.entries] == [1, 2]
    assert "Prose" not in doc.entries[-1].text and "Articles" not in doc.entries[0].text


def test_inline_trailing_matter_on_one_line():
    text = "## References 1. Smith J. A title. J 2001;1:2-3. 2. Doe A. B title. J 2002;2:3-4. * Received May 24, 2004. * Copyright © X"
    doc = extract_text(text)
    assert doc.entries[-1].text == "Doe A. B title. J 2002;2:3-4."


def test_no_reference_section_gives_no_entries():
    doc = extract_text("A title\n\nJust prose, written in 2004 (n = 5), with 800 mg (Fig 1).\n")
    assert doc.entries == [] and doc.section is None


def test_references_only_file_without_heading():
    doc = extract_text(ENTRIES)
    assert [e.number for e in doc.entries] == [1, 2]
    assert doc.heading is None


def test_weak_heading_after_the_list_does_not_win():
    text = BODY + "References\n\n" + ENTRIES + "\nSources\n\n- WHO mortality database, 2004 release.\n"
    doc = extract_text(text)
    assert doc.heading == "References"
    assert [e.number for e in doc.entries] == [1, 2]
