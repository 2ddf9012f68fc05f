"""`refcheck rules` and `refcheck rule CODE`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from refcheck.cli import main


def test_rules_table_lists_codes() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    assert "RC101" in result.output and "author-typo" in result.output and "error" in result.output


def test_rules_json() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    data = json.loads(result.output)
    assert {"RC101", "RC601", "RC801"} <= {r["code"] for r in data}


def test_rule_page_by_code_and_name() -> None:
    by_code = CliRunner().invoke(main, ["rule", "RC503"])
    by_name = CliRunner().invoke(main, ["rule", "doi-wrong-work"])
    assert by_code.exit_code == 0 and by_code.output == by_name.output
    assert "doi-wrong-work" in by_code.output


def test_unknown_rule_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(main, ["rule", "RC999"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "unknown rule" in result.output
