"""Books and chapters: editors, edition, publisher, place, chapter pages."""

from __future__ import annotations

from refcheck.parse import parse_reference


def test_vancouver_chapter() -> None:
    c = parse_reference(
        "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human solid tumors. In: Vogelstein B, "
        "Kinzler KW, editors. The genetic basis of human cancer. 2nd ed. New York: McGraw-Hill; 2002. p. 93-113."
    )
    assert c.kind == "chapter"
    assert [a.family for a in c.authors] == ["Meltzer", "Kallioniemi", "Trent"]
    assert c.title == "Chromosome alterations in human solid tumors"
    assert [e.display() for e in c.editors] == ["Vogelstein B", "Kinzler KW"]
    assert c.container == "The genetic basis of human cancer"
    assert (c.edition, c.place, c.publisher, c.year) == ("2nd", "New York", "McGraw-Hill", 2002)
    assert (c.pages, c.first_page, c.last_page) == ("93-113", "93", "113")


def test_vancouver_book() -> None:
    c = parse_reference(
        "Murray PR, Rosenthal KS, Kobayashi GS, Pfaller MA. Medical microbiology. 4th ed. St. Louis: Mosby; 2002."
    )
    assert c.kind == "book"
    assert c.title == "Medical microbiology"
    assert (c.edition, c.place, c.publisher, c.year) == ("4th", "St. Louis", "Mosby", 2002)
    assert c.container is None


def test_apa_chapter() -> None:
    c = parse_reference(
        "Cochran, S. D., & Mays, V. M. (2006). Estimating prevalence of disorders. In A. M. Omoto & "
        "H. S. Kurtzman (Eds.), Sexual orientation and mental health (pp. 143-165). Washington, DC: "
        "American Psychological Association."
    )
    assert c.kind == "chapter"
    assert c.title == "Estimating prevalence of disorders"
    assert [e.family for e in c.editors] == ["Omoto", "Kurtzman"]
    assert c.container == "Sexual orientation and mental health"
    assert (c.first_page, c.last_page, c.year) == ("143", "165", 2006)
    assert c.publisher == "American Psychological Association"
    assert c.place == "Washington, DC"


def test_apa_book_edition() -> None:
    c = parse_reference(
        "Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). "
        "Hillsdale: Lawrence Erlbaum Associates."
    )
    assert c.kind == "book"
    assert c.title == "Statistical power analysis for the behavioral sciences"
    assert (c.edition, c.place, c.publisher, c.year) == (
        "2nd",
        "Hillsdale",
        "Lawrence Erlbaum Associates",
        1988,
    )


def test_chicago_book() -> None:
    c = parse_reference(
        "Carroll, Joseph. Evolution and Literary Theory. Columbia: University of Missouri Press, 1995."
    )
    assert c.kind == "book"
    assert [a.family for a in c.authors] == ["Carroll"]
    assert c.title == "Evolution and Literary Theory"
    assert (c.place, c.publisher, c.year) == ("Columbia", "University of Missouri Press", 1995)


def test_isbn() -> None:
    c = parse_reference("Doe J. A handbook. London: Routledge; 2010. ISBN 978-0-415-12345-6.")
    assert c.isbn == "9780415123456"
    assert c.kind == "book"


def test_web_page() -> None:
    c = parse_reference(
        "World Health Organization. Global tuberculosis report 2020 [Internet]. Geneva: WHO; 2020 "
        "[cited 2021 Jan 5]. Available from: https://www.who.int/publications/i/item/9789240013131"
    )
    assert c.authors and c.authors[0].is_group
    assert c.url == "https://www.who.int/publications/i/item/9789240013131"
    assert c.year == 2020


def test_chicago_notes_book_with_parenthesised_imprint() -> None:
    c = parse_reference(
        "Stravinsky, Igor, and Robert Craft, Memories and Commentaries (Berkeley, CA: University of California "
        "Press, 1959)."
    )
    assert [(a.family, a.given) for a in c.authors] == [("Stravinsky", "Igor"), ("Craft", "Robert")]
    assert c.title == "Memories and Commentaries"
    assert (c.place, c.publisher, c.year, c.kind, c.style) == (
        "Berkeley, CA",
        "University of California Press",
        1959,
        "book",
        "chicago",
    )


def test_edited_book() -> None:
    c = parse_reference(
        "Gilstrap LC 3rd, Cunningham FG, VanDorsten JP, editors. Operative obstetrics. 2nd ed. New York: McGraw-Hill; 2002."
    )
    assert c.authors == []
    assert [e.display() for e in c.editors] == ["Gilstrap LC 3rd", "Cunningham FG", "VanDorsten JP"]
    assert c.title == "Operative obstetrics"
    assert (c.edition, c.place, c.publisher, c.year, c.kind) == (
        "2nd",
        "New York",
        "McGraw-Hill",
        2002,
        "book",
    )


def test_apa_edited_book() -> None:
    c = parse_reference("Doe, J., & Roe, P. (Eds.). (2010). Handbook of things. Wiley.")
    assert [e.family for e in c.editors] == ["Doe", "Roe"]
    assert (c.title, c.year, c.publisher) == ("Handbook of things", 2010, "Wiley")


def test_thesis() -> None:
    c = parse_reference(
        "Smith J. The title of a thesis [dissertation]. Boston (MA): Harvard University; 2010."
    )
    assert (c.title, c.place, c.publisher, c.year, c.kind) == (
        "The title of a thesis",
        "Boston (MA)",
        "Harvard University",
        2010,
        "other",
    )
    assert "thesis" in c.notes


def test_apa_date_with_month() -> None:
    c = parse_reference(
        "Doe, J. (2020, March 5). Title of the blog post. Blog Name. https://example.org/post"
    )
    assert (c.year, c.month, c.title, c.url, c.kind) == (
        2020,
        "Mar",
        "Title of the blog post",
        "https://example.org/post",
        "web",
    )
