"""``refcheck rules`` (the rule table) and ``refcheck rule CODE`` (one rule's documentation)."""

from __future__ import annotations

import json
from typing import Any

import click

from refcheck.cli import main
from refcheck.errors import RefcheckError


@main.command("rules")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="table for reading, json for tools, markdown for docs/rules.md.")
def rules_command(fmt: str) -> None:
    """List every rule: code, name, default severity and summary."""
    from refcheck.checks import RULES as rules
    from refcheck.checks.docs import rules_markdown, rules_table

    if fmt == "json":
        payload = [_rule_dict(r) for r in sorted(rules.values(), key=lambda r: r.code)]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(rules_markdown(rules), nl=False)
    else:
        click.echo(rules_table(rules))


def _rule_dict(r: Any) -> dict[str, Any]:
    return {"code": r.code, "name": r.name, "field": r.field, "severity": r.severity.value,
            "enabled": r.enabled, "summary": r.summary, "doc": r.doc}


@main.command("rule")
@click.argument("code")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule_command(code: str, fmt: str) -> None:
    """Show the documentation of one rule, by CODE (RC101) or name (author-typo)."""
    from refcheck.checks import get_rule
    from refcheck.checks.docs import rule_page

    found = get_rule(code)
    if found is None:
        raise RefcheckError(f"unknown rule '{code}' (see `refcheck rules`)")
    if fmt == "json":
        click.echo(json.dumps({**_rule_dict(found), "documentation": rule_page(found)}, indent=2, ensure_ascii=False))
        return
    click.echo(rule_page(found))
