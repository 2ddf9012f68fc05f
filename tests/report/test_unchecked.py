"""Unchecked references are never silent: one line per cause, --show-unchecked, and the
pre-commit hook's "not checked" message and exit code (refcheck.report.unchecked, check --hook)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from refcheck.cli import main
from refcheck.model import CheckedReference, Citation, Match, Reason, ReasonCode, Report, Status
from refcheck.report import render
from refcheck.report.unchecked import hook_message, unchecked_cause
from tests.fakes.outage import refused_url

DOWN = Reason(ReasonCode.UNAVAILABLE, "crossref: unreachable (connection refused)")
GAP = Reason(ReasonCode.NOT_COVERED, "not in the local mirror's coverage (crossref: a subset of 7,995 records)")


def _ref(n: int, status: Status, *reasons: Reason) -> CheckedReference:
    return CheckedReference(Citation(text=f"ref {n}", number=n), Match(status, reasons=reasons))


def _report() -> Report:
    refs = [_ref(1, Status.UNCHECKED, DOWN), _ref(2, Status.UNCHECKED, DOWN, Reason(ReasonCode.NO_CANDIDATE, "x")),
            _ref(3, Status.VERIFIED), _ref(4, Status.UNCHECKED, GAP),
            _ref(5, Status.UNCHECKED, Reason(ReasonCode.DOI_OTHER_AGENCY, "doi 10.5061/dryad.1 is registered with datacite, not crossref"))]
    return Report(file="p.md", references=refs)


def test_causes_group_references_whatever_the_details() -> None:
    causes = [unchecked_cause(r.match) for r in _report().references if r.status is Status.UNCHECKED]
    assert causes[0] == causes[1] == "crossref: unreachable (connection refused)"
    assert causes[2] == "not in the local mirror's coverage (crossref: a subset of 7,995 records)"
    assert causes[3] == "DOI registered with datacite, not crossref"


def test_text_collapses_a_shared_cause_and_lists_a_lone_one() -> None:
    lines = render([_report()], "text").splitlines()
    assert ("p.md: 2 references unchecked: crossref: unreachable (connection refused) "
            "(--show-unchecked lists them)") in lines
    status = re.compile(r"reference (\d+) \(line \d+\): unchecked")
    listed = set(status.findall("\n".join(lines)))
    assert "4" in listed and not listed & {"1", "2"}  # one reference for its cause: its own line
    shown = render([_report()], "text", show_unchecked=True).splitlines()
    assert {"1", "2"} <= set(status.findall("\n".join(shown)))
    assert not any("2 references" in x for x in shown)


def test_hook_message_only_for_what_could_not_be_checked() -> None:
    message = hook_message([_report()]) or ""
    assert message.startswith("refcheck: 3 of 5 references were NOT checked")  # the DataCite DOI is not counted
    assert "p.md: 2 unchecked: crossref: unreachable (connection refused)" in message
    assert "SKIP=refcheck" in message and "allow-unchecked = true" in message and "mirror build" in message
    agency_only = Report(file="q.md", references=[_ref(1, Status.UNCHECKED, Reason(ReasonCode.DOI_OTHER_AGENCY, "doi x is registered"))])
    assert hook_message([agency_only]) is None
    everything = Report(file="r.md", references=[_ref(1, Status.UNCHECKED, DOWN)])
    assert (hook_message([everything]) or "").startswith("refcheck: NOTHING WAS CHECKED")


def test_check_hook_exit_codes(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("# P\n\n## References\n\n1. Doe J. A title of a study. J Test. 2001;1:1-2.\n", encoding="utf-8")
    url = refused_url()
    args = ["check", str(paper), "--cache-dir", str(tmp_path / "c"), "--crossref-url", url, "--eutils-url", url]
    runner = CliRunner()
    plain = runner.invoke(main, args)
    assert plain.exit_code == 0 and "NOTHING WAS CHECKED" not in plain.output
    hooked = runner.invoke(main, [*args, "--hook"])
    assert hooked.exit_code == 3 and "NOTHING WAS CHECKED" in hooked.output
    (tmp_path / ".refcheck.toml").write_text("allow-unchecked = true\n", encoding="utf-8")
    allowed = runner.invoke(main, [*args, "--hook"])
    assert allowed.exit_code == 0 and "NOTHING WAS CHECKED" in allowed.output
