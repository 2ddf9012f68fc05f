"""How rules and checks are wired: report order, and no rule code written outside its declaration."""

from __future__ import annotations

import re

from refcheck.checks.registry import field_checks, file_checks, reference_checks
from tests.shared import REPO


def _names(funcs: list) -> list[str]:
    return [f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}" for f in funcs]


def test_per_reference_checks_run_in_report_order() -> None:
    """The order findings are reported in (pinned: reports and their tests depend on it)."""
    assert _names(reference_checks(linked=True)) == [
        "outcome.check_parse", "identifiers.check_syntax", "identifiers.check_identifier_outcome",
        "identifiers.check_identifiers", "updates.check_updates", "updates.check_pointed_notice",
        "fields.field_findings",
    ]
    assert _names(reference_checks(linked=False)) == [
        "outcome.check_parse", "identifiers.check_syntax", "identifiers.check_identifier_outcome",
        "outcome.check_outcome", "updates.check_unlinked",
    ]


def test_field_checks_run_in_the_order_a_reference_prints_its_fields() -> None:
    assert [name for name, _check in field_checks()] == [
        "authors", "title", "journal", "year", "volume/issue", "pages"]


def test_list_checks_run_in_report_order() -> None:
    assert _names(file_checks()) == ["duplicates.duplicate_findings", "splitting.splitting", "numbering.numbering"]


_DECLARATION = re.compile(r'^\s+"RC\d{3}", "[a-z-]+", ')
_CODE = re.compile(r'"RC\d{3}"')


def test_rule_codes_are_written_only_where_the_rule_is_declared() -> None:
    """Findings are made from rule objects and compared with ``RULE.code``, never with a literal."""
    stray = []
    for path in sorted((REPO / "refcheck").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _CODE.search(code) and not _DECLARATION.match(line) and '"""' not in line and "``" not in line:
                stray.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert stray == []
