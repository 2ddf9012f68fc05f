"""The rule registry and the single place where user policy is applied."""

from __future__ import annotations

import pytest

from refcheck.checks import RULES, apply_policy, get_rule, make_finding, rule
from refcheck.checks.docs import rule_page, rules_markdown, rules_table
from refcheck.checks.registry import FIELDS, ignored_for_path
from refcheck.config import Settings
from refcheck.errors import ConfigError
from refcheck.model import Severity
from tests.shared import REPO

SCHEMA = REPO / "refcheck" / "report" / "schema-1.json"


def _schema_fields() -> set[str]:
    import json

    def walk(node: object) -> set[str]:
        if isinstance(node, dict):
            if isinstance(node.get("field"), dict) and "enum" in node["field"]:
                return set(node["field"]["enum"])
            return set().union(*(walk(v) for v in node.values())) if node else set()
        if isinstance(node, list):
            return set().union(*(walk(v) for v in node)) if node else set()
        return set()

    return walk(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_registry_fields_are_the_report_schema_fields() -> None:
    assert set(FIELDS) == _schema_fields()


def test_every_rule_is_well_formed() -> None:
    rules = RULES
    names = [r.name for r in rules.values()]
    assert len(names) == len(set(names))
    for code, r in rules.items():
        assert code == r.code and r.name == r.name.lower() and " " not in r.name
        assert r.field in FIELDS, r
        assert r.summary and "\n" not in r.summary
        assert len(r.doc) > len(r.summary)


def test_lookup_by_code_or_name() -> None:
    assert get_rule("rc101") is get_rule("author-typo") is RULES["RC101"]
    assert get_rule("nope") is None


def test_reregistering_a_code_under_another_name_fails() -> None:
    with pytest.raises(ValueError):
        rule("RC101", "something-else", "authors", Severity.ERROR, "x", "y")
    with pytest.raises(ValueError):
        rule("X1", "bad-code", "authors", Severity.ERROR, "x", "y")
    with pytest.raises(ValueError):
        rule("RC998", "bad-field", "spelling", Severity.ERROR, "x", "y")


def _f(code: str) -> list:
    return [make_finding(RULES[code], "mismatch", "m")]


def test_make_finding_takes_field_and_severity_from_the_rule() -> None:
    f = make_finding(RULES["RC407"], "mismatch", "m")
    assert (f.field, f.severity) == ("pages", Severity.WARNING)


@pytest.mark.parametrize("selector", ["RC401", "RC4", "rc40", "year-mismatch"])
def test_ignore_selectors(selector: str) -> None:
    assert apply_policy(_f("RC401"), Settings(ignore=[selector])) == []


def test_ignore_refs_only_for_that_reference() -> None:
    s = Settings(ignore_refs={12: ["RC401"]})
    assert apply_policy(_f("RC401"), s, 12) == []
    assert len(apply_policy(_f("RC401"), s, 11)) == 1


def test_most_specific_severity_override_wins() -> None:
    s = Settings(severity={"RC4": "info", "RC401": "warning"})
    assert apply_policy(_f("RC401"), s)[0].severity is Severity.WARNING
    assert apply_policy(_f("RC403"), s)[0].severity is Severity.INFO
    assert apply_policy(_f("RC401"), Settings(severity={"RC401": "off"})) == []


def test_invalid_severity_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        apply_policy(_f("RC401"), Settings(severity={"RC401": "fatal"}))


def test_per_file_ignores_match_by_glob() -> None:
    s = Settings(per_file_ignores={"drafts/*.md": ["RC8"], "*.txt": ["RC1"]})
    assert ignored_for_path(s, "drafts/paper.md") == ["RC8"]
    assert ignored_for_path(s, "/home/x/paper.txt") == ["RC1"]
    assert ignored_for_path(s, "paper.md") == []


def test_docs_render_every_rule() -> None:
    rules = RULES
    md = rules_markdown(rules)
    table = rules_table(rules)
    for code in rules:
        assert f"### {code}" in md and code in table
    assert "Default severity: error" in rule_page(rules["RC101"])


def test_docs_rules_md_is_up_to_date() -> None:
    page = REPO / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == rules_markdown(RULES), (
        "regenerate with: refcheck rules --format markdown > docs/rules.md")
