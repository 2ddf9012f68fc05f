"""LaTeX input: thebibliography, \\bibliography{} .bib files, \\cite keys and their numbering."""

from __future__ import annotations

from pathlib import Path

from refcheck.checks.numbering import numbering_findings
from refcheck.extract import extract_file
from refcheck.extract.latex import decode_entry, mask_comments
from refcheck.parse import parse_entry
from tests.extract.formats_seed import first_citation_order, key_fields, seed, write_tex


def test_thebibliography_gives_the_same_references_as_text(tmp_path: Path) -> None:
    doc = extract_file(str(write_tex(tmp_path / "seed.tex")))
    assert doc.format == "latex"
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert first_citation_order(doc) == first_citation_order(seed().doc)
    assert [e.key for e in doc.entries] == [f"ref{n}" for n in range(1, len(doc.entries) + 1)]


def test_bib_file_named_by_bibliography_gives_the_same_references(tmp_path: Path) -> None:
    doc = extract_file(str(write_tex(tmp_path / "seed.tex", bib=True)))
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    # every entry is placed at its first \cite in the .tex, and keeps its .bib line as provenance
    tex_lines = (tmp_path / "seed.tex").read_text().splitlines()
    for entry in doc.entries:
        assert r"\cite{" in tex_lines[entry.span.line - 1] and entry.key in tex_lines[entry.span.line - 1]
        assert entry.fields["_source"].startswith("refs.bib:")
    assert numbering_findings(doc) == []


def test_bib_entries_are_numbered_by_first_citation(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        "@article{a, author={Alpha, A.}, title={One}, journal={J}, year={2001}, volume={1}, pages={1--2}}\n"
        "@article{b, author={Beta, B.}, title={Two}, journal={J}, year={2002}, volume={2}, pages={3--4}}\n"
        "@article{c, author={Gamma, C.}, title={Three}, journal={J}, year={2003}, volume={3}, pages={5--6}}\n",
        encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text("See \\citep[p.~2]{c} and \\cite{a,nokey}.\n% \\cite{b} is commented out\n"
                   "\\addbibresource{refs.bib}\n", encoding="utf-8")
    doc = extract_file(str(tex))
    assert [(e.key, e.number) for e in doc.entries] == [("c", 1), ("a", 2), ("b", 3)]
    codes = sorted((f.code, f.cited) for f in numbering_findings(doc))
    assert codes == [("RC703", "nokey"), ("RC704", "3")]


def test_missing_bib_file_is_a_note_not_a_crash(tmp_path: Path) -> None:
    tex = tmp_path / "paper.tex"
    tex.write_text("Text \\cite{x}.\n\\begin{thebibliography}{9}\n\\bibitem{x} Smith J. T. J 2001;1:1.\n"
                   "\\end{thebibliography}\n\\bibliography{absent}\n", encoding="utf-8")
    doc = extract_file(str(tex))  # thebibliography wins; the absent .bib is not even needed
    assert len(doc.entries) == 1
    tex.write_text("Text \\cite{x}.\n\\bibliography{absent}\n", encoding="utf-8")
    doc = extract_file(str(tex))
    assert doc.entries == [] and any("absent.bib" in n for n in doc.notes)


def test_latex_markup_is_decoded() -> None:
    text = decode_entry(r"M{\"u}ller H, et~al. A \emph{title}. \textit{J Clin} 2001;1:10--12. "
                        r"\href{https://doi.org/10.1000/x_y}{link} 50\% \& more")
    assert text == "Müller H, et al. A title. J Clin 2001;1:10–12. https://doi.org/10.1000/x_y 50% & more"


def test_comment_masking_keeps_offsets() -> None:
    src = "a \\% b % comment\nnext"
    masked = mask_comments(src)
    assert len(masked) == len(src) and "comment" not in masked and "\\%" in masked


def test_citations_in_input_files_count_and_keep_their_order(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        "".join(f"@article{{{k}, author={{{k.title()}, A.}}, title={{T {k}}}, journal={{J}}, year={{200{i}}}}}\n"
                for i, k in enumerate(["a", "b", "c", "d"], start=1)), encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "intro.tex").write_text("Intro \\cite{b}.\n\\input{chapters/more}\n", encoding="utf-8")
    (tmp_path / "chapters" / "more.tex").write_text("More \\cite{c}.\n\\input{main}\n", encoding="utf-8")  # a cycle
    main = tmp_path / "main.tex"
    main.write_text("First \\cite{a}.\n\\input{chapters/intro}\nLast \\cite{d}.\n\\bibliography{refs}\n",
                    encoding="utf-8")
    doc = extract_file(str(main))
    assert [(e.key, e.number) for e in doc.entries] == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    assert numbering_findings(doc) == []  # b and c are cited, in the included files
    by_key = {c.keys[0]: c for c in doc.in_text}
    assert by_key["b"].span.line == by_key["c"].span.line == 2  # placed at the \input line of main.tex
    assert "intro.tex:1" in by_key["b"].text and "more.tex:1" in by_key["c"].text


def test_thebibliography_in_an_input_file(tmp_path: Path) -> None:
    (tmp_path / "refs.tex").write_text("\\begin{thebibliography}{9}\n\\bibitem{x} Smith J. One. J Clin 2001;1:1-2.\n"
                                       "\\bibitem{y} Brown A. Two. Lancet 2002;2:3-4.\n\\end{thebibliography}\n",
                                       encoding="utf-8")
    main = tmp_path / "main.tex"
    main.write_text("See \\cite{y}.\n\n\\input{refs}\n", encoding="utf-8")
    doc = extract_file(str(main))
    assert [(e.key, e.number, e.span.line, e.fields["_source"]) for e in doc.entries] == [
        ("x", 1, 3, "refs.tex:2"), ("y", 2, 3, "refs.tex:3")]
    assert sorted((f.code, f.cited) for f in numbering_findings(doc)) == [("RC704", "1")]
