"""refcheck.styles.render: one reference in each supported citation style."""

from __future__ import annotations

import pytest

from refcheck.model import Author, Citation, Work
from refcheck.styles.names import initials_of
from refcheck.styles.pieces import elide_pages
from refcheck.styles.registry import STYLES
from refcheck.styles.render import render_reference


def _work(n_authors: int = 2, **kw: object) -> Work:
    people = [Author(family="Doe", given="John F."), Author(family="Roe", given="Jean-Pierre")]
    people += [Author(family=f"Name{i}", given="Anna") for i in range(n_authors - 2)]
    base: dict[str, object] = dict(
        source="crossref", type="journal-article", authors=people[:n_authors],
        title="Percutaneous vertebroplasty", container="Modern Pathology",
        container_abbrevs=["Mod Pathol"], year=2020, volume="15", issue="2", pages="123-145",
        doi="10.1001/jama.2020.6774", pmid="12345678",
    )
    base.update(kw)
    return Work(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("vancouver", "Doe JF, Roe JP. Percutaneous vertebroplasty. Mod Pathol. 2020;15(2):123-45."),
        ("ama", "Doe JF, Roe JP. Percutaneous vertebroplasty. Mod Pathol. 2020;15(2):123-145. "
                "doi:10.1001/jama.2020.6774"),
        ("apa", "Doe, J. F., & Roe, J.-P. (2020). Percutaneous vertebroplasty. Modern Pathology, 15(2), "
                "123–145. https://doi.org/10.1001/jama.2020.6774"),
        ("harvard", "Doe, J.F. and Roe, J.-P. (2020) 'Percutaneous vertebroplasty', Modern Pathology, "
                    "15(2), pp. 123–145. doi:10.1001/jama.2020.6774"),
        ("ieee", 'J. F. Doe and J.-P. Roe, "Percutaneous vertebroplasty," Mod. Pathol., vol. 15, no. 2, '
                 "pp. 123–145, 2020, doi: 10.1001/jama.2020.6774"),
        ("nature", "Doe, J. F. & Roe, J.-P. Percutaneous vertebroplasty. Mod. Pathol. 15, 123–145 (2020)."),
    ],
)
def test_each_style_layout(style: str, expected: str) -> None:
    assert render_reference(_work(), style) == expected


def test_number_prefix() -> None:
    assert render_reference(_work(), "vancouver", 7).startswith("7. Doe JF")
    assert render_reference(_work(), "ieee", 7).startswith("[7] J. F. Doe")


@pytest.mark.parametrize(("style", "shown"), [("vancouver", 6), ("ama", 3), ("nature", 1), ("ieee", 1)])
def test_et_al_thresholds(style: str, shown: int) -> None:
    text = render_reference(_work(8), style)
    assert "et al" in text
    names = ["Doe", "Roe"] + [f"Name{i}" for i in range(6)]
    assert [n for n in names if n in text] == names[:shown]


def test_et_al_options_override_style() -> None:
    text = render_reference(_work(5), "vancouver", et_al_after=3, et_al_keep=3)
    assert text.startswith("Doe JF, Roe JP, Name0 A, et al. ")
    assert "et al" not in render_reference(_work(6), "vancouver")


def test_apa_lists_up_to_twenty_then_ellipsis() -> None:
    assert "et al" not in render_reference(_work(20), "apa")
    text = render_reference(_work(22), "apa")
    assert ", . . . Name19, A." in text and "Name16" in text and "Name17" not in text


def test_identifier_options() -> None:
    text = render_reference(_work(), "vancouver", include_doi=True, include_pmid=True)
    assert text.endswith("123-45. doi:10.1001/jama.2020.6774 PMID: 12345678")
    assert "doi" not in render_reference(_work(), "ama", include_doi=False)


def test_abbreviation_choice() -> None:
    assert "Modern Pathology" in render_reference(_work(), "vancouver", abbreviate=False)
    assert "Mod Pathol" in render_reference(_work(), "apa", abbreviate=True)
    iso = _work(container_abbrevs=["Mod Pathol", "Mod. Pathol."])
    assert " Mod. Pathol. 15," in render_reference(iso, "nature")


def test_citation_with_et_al_and_printed_pages() -> None:
    cit = Citation(
        text="", authors=[Author(family="Kaemmerlen", initials="P"), Author(family="Thiesse", initials="P")],
        et_al=True, title="Percutaneous vertebroplasty. Technic and results", container="J Radiol",
        year=1989, volume="70", pages="557–562",
    )
    assert render_reference(cit, "vancouver", 1) == (
        "1. Kaemmerlen P, Thiesse P, et al. Percutaneous vertebroplasty. Technic and results. "
        "J Radiol. 1989;70:557-62."
    )
    assert render_reference(cit, "ama").endswith("J Radiol. 1989;70:557-562.")


def test_group_author_and_question_title() -> None:
    work = _work(authors=[Author(group="Diabetes Prevention Program Research Group")],
                 title="Does it work?")
    assert render_reference(work, "vancouver").startswith(
        "Diabetes Prevention Program Research Group. Does it work? Mod Pathol."
    )
    assert '"Does it work?" Mod. Pathol.' in render_reference(work, "ieee")


def test_markup_and_missing_fields() -> None:
    work = _work(title="<i>GIST</i> in the <sup>18</sup>F era", issue=None, pages=None, volume="3")
    assert render_reference(work, "vancouver") == "Doe JF, Roe JP. GIST in the 18F era. Mod Pathol. 2020;3."


def test_article_number_when_no_pages() -> None:
    work = _work(pages=None, article_number="e297")
    assert render_reference(work, "vancouver").endswith("2020;15(2):e297.")


def test_unknown_style_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        render_reference(_work(), "chicago")


def test_every_style_renders_a_sparse_citation() -> None:
    cit = Citation(text="x", title="Only a title")
    for style in STYLES:
        assert "Only a title" in render_reference(cit, style)


@pytest.mark.parametrize(
    ("first", "last", "elided"),
    [("12", "19", "12-9"), ("21", "30", "21-30"), ("304", "310", "304-10"), ("645", "648", "645-8"),
     ("1199", "1205", "1199-205"), ("S93", "S99", "S93-9"), ("17S", "21S", "17S-21S"), ("e12", None, "e12")],
)
def test_nlm_page_elision(first: str, last: str | None, elided: str) -> None:
    assert elide_pages(first, last) == elided


@pytest.mark.parametrize(
    ("author", "initials"),
    [(Author(family="X", given="Jean-Louis"), "JL"), (Author(family="X", given="J. F."), "JF"),
     (Author(family="X", initials="CJL"), "CJL"), (Author(family="X"), "")],
)
def test_initials(author: Author, initials: str) -> None:
    assert initials_of(author) == initials


_BOOK = Work(source="crossref", type="book", title="Harrison principles", publisher="McGraw-Hill", year=2015,
             authors=[Author(family="Kasper", given="Dennis L")])
_CHAPTER = Citation(text="", kind="chapter", title="Bone metastases", container="Cancer medicine", year=2003,
                    authors=[Author(family="Doe", initials="J")], editors=[Author(family="Holland", initials="JF")],
                    publisher="BC Decker", place="Hamilton", edition="6th", pages="12-34")


@pytest.mark.parametrize(
    ("style", "book", "chapter"),
    [
        ("vancouver", "Kasper DL. Harrison principles. McGraw-Hill; 2015.",
         "Doe J. Bone metastases. In: Holland JF, editor. Cancer medicine. 6th ed. Hamilton: BC Decker; 2003. "
         "p. 12-34."),
        ("apa", "Kasper, D. L. (2015). Harrison principles. McGraw-Hill.",
         "Doe, J. (2003). Bone metastases. In J. F. Holland (Ed.), Cancer medicine (6th ed., pp. 12–34). BC Decker."),
        ("harvard", "Kasper, D.L. (2015) Harrison principles. McGraw-Hill.",
         "Doe, J. (2003) 'Bone metastases', in Holland, J.F. (ed.) Cancer medicine. 6th edn. Hamilton: BC Decker, "
         "pp. 12–34."),
        ("ieee", "D. L. Kasper, Harrison principles. McGraw-Hill, 2015.",
         'J. Doe, "Bone metastases," in Cancer medicine, J. F. Holland, Ed. Hamilton: BC Decker, 2003, pp. 12–34.'),
        ("nature", "Kasper, D. L. Harrison principles (McGraw-Hill, 2015).",
         "Doe, J. in Cancer medicine (ed. Holland, J. F.) 12–34 (BC Decker, 2003)."),
    ],
)
def test_books_and_chapters(style: str, book: str, chapter: str) -> None:
    assert render_reference(_BOOK, style) == book
    assert render_reference(_CHAPTER, style) == chapter


def test_registry_title_with_final_period_is_not_doubled() -> None:
    work = _work(title="An electron microscopic study.")
    assert '"An electron microscopic study," Mod. Pathol.' in render_reference(work, "ieee")
    assert "Roe JP. An electron microscopic study. Mod Pathol." in render_reference(work, "vancouver")
    assert "'An electron microscopic study', Modern" in render_reference(work, "harvard")
