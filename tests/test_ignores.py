"""Ignores: inline comments (with mandatory reason), stale ignores, and config ignores."""

from __future__ import annotations

from pathlib import Path

from refcheck.config import Settings
from refcheck.extract import extract_file
from refcheck.ignores import apply_ignores, find_inline_ignores
from refcheck.model import CheckedReference, Document, Finding, Match, Report, Severity, Span, Status
from refcheck.parse import parse_entry

MANUSCRIPT = """# Title

Text cites [1], [2] and [3].

## References

1. Smith J, Jones K. First title. J Clin Oncol 2001;19:1-10.
<!-- refcheck: ignore[RC101] registry misspells the second author -->
2. Brown A. Second title. Lancet 2002;359:11-20.
3. Green B. Third title. BMJ 2003;326:21-30. <!-- refcheck: ignore[RC402] -->
"""


def _finding(code: str, span: Span | None = None) -> Finding:
    f = Finding(code=code, field="authors", kind="typo", severity=Severity.ERROR, message=code)
    f.span = span
    return f


def _report(doc: Document, codes: dict[int, list[str]], status: Status = Status.MISMATCH) -> Report:
    report = Report(file=doc.path)
    for entry in doc.entries:
        citation = parse_entry(entry)
        report.references.append(CheckedReference(
            citation, Match(status), [_finding(c) for c in codes.get(entry.number or 0, [])]))
    return report


def _doc(tmp_path: Path, text: str = MANUSCRIPT, name: str = "paper.md") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_file(str(path))


def _codes(report: Report) -> tuple[dict[int, list[str]], list[str]]:
    per_ref = {r.citation.number or 0: sorted(f.code for f in r.findings) for r in report.references}
    return per_ref, sorted(f.code for f in report.findings)


def test_inline_ignore_targets_the_following_and_the_containing_reference(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    ignores = find_inline_ignores(doc)
    assert [(i.codes, i.target, bool(i.reason)) for i in ignores] == [(["RC101"], 1, True), (["RC402"], 2, False)]


def test_reasoned_ignore_silences_only_its_reference(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = _report(doc, {1: ["RC101"], 2: ["RC101", "RC201"], 3: ["RC402"]})
    apply_ignores(report, doc, Settings())
    per_ref, file_level = _codes(report)
    assert per_ref == {1: ["RC101"], 2: ["RC201"], 3: ["RC402"]}  # RC402 ignore has no reason: not honoured
    assert file_level == ["RC708"]
    rc708 = report.findings[0]
    assert rc708.span is not None and rc708.span.line == 10 and "no reason" in rc708.message


def test_stale_ignore_is_reported(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = _report(doc, {1: ["RC101"]})  # nothing for reference 2 to silence
    apply_ignores(report, doc, Settings())
    assert _codes(report)[1] == ["RC708", "RC709"]
    stale = next(f for f in report.findings if f.code == "RC709")
    assert stale.span is not None and stale.span.line == 8 and stale.cited == "RC101"


def test_unchecked_reference_never_makes_an_ignore_stale(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = _report(doc, {}, status=Status.UNCHECKED)
    apply_ignores(report, doc, Settings())
    assert _codes(report)[1] == ["RC708"]


def test_prefix_and_rule_name_selectors(tmp_path: Path) -> None:
    text = MANUSCRIPT.replace("ignore[RC101]", "ignore[RC1, duplicate-number]")
    doc = _doc(tmp_path, text)
    report = _report(doc, {2: ["RC101", "RC102"]})
    apply_ignores(report, doc, Settings())
    per_ref, file_level = _codes(report)
    assert per_ref[2] == []
    assert file_level == ["RC708", "RC709"]  # duplicate-number silenced nothing
    assert next(f for f in report.findings if f.code == "RC709").cited == "duplicate-number"


def test_config_ignores_per_file_per_reference_and_global(tmp_path: Path) -> None:
    doc = _doc(tmp_path, name="chapter.md")
    report = _report(doc, {1: ["RC101", "RC301"], 2: ["RC201"], 3: ["RC402", "RC501"]})
    settings = Settings(ignore=["RC708"], ignore_refs={3: ["RC4"]}, per_file_ignores={"chap*.md": ["RC301"]})
    apply_ignores(report, doc, settings)
    per_ref, file_level = _codes(report)
    assert per_ref == {1: ["RC101"], 2: ["RC201"], 3: ["RC501"]}
    assert file_level == ["RC709"]  # RC708 silenced by the global ignore; RC709 for the unused RC101 ignore


def test_file_level_findings_follow_the_reference_they_point_at(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = _report(doc, {})
    report.findings.append(_finding("RC704", doc.entries[1].span))  # e.g. "reference 2 never cited"
    report.findings.append(_finding("RC704", doc.entries[0].span))
    text = MANUSCRIPT.replace("ignore[RC101]", "ignore[RC704]")
    doc2 = _doc(tmp_path, text)
    apply_ignores(report, doc2, Settings(ignore=["RC708"]))
    assert [(f.code, f.span.line if f.span else None) for f in report.findings] == [("RC704", doc.entries[0].span.line)]


def test_latex_comment_ignore_in_thebibliography(tmp_path: Path) -> None:
    tex = ("Text \\cite{a,b}.\n\\begin{thebibliography}{9}\n"
           "\\bibitem{a} Smith J. First. J Clin Oncol 2001;19:1-10.\n"
           "% refcheck: ignore[RC402] erratum moved the pages\n"
           "\\bibitem{b} Brown A. Second. Lancet 2002;359:11-20.\n\\end{thebibliography}\n")
    doc = _doc(tmp_path, tex, name="paper.tex")
    report = _report(doc, {1: ["RC402"], 2: ["RC402"]})
    apply_ignores(report, doc, Settings())
    assert _codes(report) == ({1: ["RC402"], 2: []}, [])


def test_escaped_percent_is_not_an_ignore(tmp_path: Path) -> None:
    doc = Document(path="x.tex", text="50\\% refcheck: ignore[RC101] not a comment\n", format="latex")
    assert find_inline_ignores(doc) == []


def test_bib_comment_before_an_entry(tmp_path: Path) -> None:
    bib = ("% refcheck: ignore[RC403] the print edition numbers this volume differently\n"
           "@article{a, author={Smith, J}, title={T}, journal={J}, year={2001}, volume={1}}\n"
           "@article{b, author={Brown, A}, title={U}, journal={J}, year={2002}, volume={2}}\n")
    doc = _doc(tmp_path, bib, name="refs.bib")
    report = _report(doc, {1: ["RC403"], 2: ["RC403"]})
    apply_ignores(report, doc, Settings())
    assert _codes(report) == ({1: [], 2: ["RC403"]}, [])


def test_per_file_glob_is_relative_to_the_config_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sub = tmp_path / "manuscript"
    sub.mkdir()
    doc = _doc(sub, name="paper.md")
    monkeypatch.chdir(sub)  # refcheck run from inside manuscript/ with a relative path
    doc.path = "paper.md"
    report = _report(doc, {1: ["RC101"], 2: ["RC301"]})
    report.file = "paper.md"
    settings = Settings(ignore=["RC708", "RC709"], per_file_ignores={"manuscript/*.md": ["RC3"]},
                        config_file=tmp_path / "pyproject.toml")
    apply_ignores(report, doc, settings)
    assert _codes(report)[0] == {1: ["RC101"], 2: [], 3: []}
