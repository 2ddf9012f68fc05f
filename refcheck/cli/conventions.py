"""Command-line conventions shared by the reporting commands, as users know them from ruff.

* ``--select``/``--ignore`` take rule codes or prefixes (``RC1`` = every author rule);
  ``--ignore`` wins over ``--select``, and both apply on top of the config file's ``ignore``;
* ``--exit-zero``: exit 0 even when findings are reported (input errors still exit 2/4);
* ``--quiet``: print the findings and nothing else (no notes, summaries or progress);
* colour: ``--color``/``--no-color`` decide; otherwise ``NO_COLOR`` (https://no-color.org)
  turns it off, ``FORCE_COLOR`` on, and a terminal on standard output turns it on. The choice
  is passed to ``click.echo(color=...)``, which would otherwise strip the escapes off a pipe.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence

import click

from refcheck.model import Finding, Report

_FINDING_LINE = re.compile(r"^\S.*?: (?:\x1b\[[\d;]*m)*RC\d{3}\b")


def report_options(func):  # type: ignore[no-untyped-def]
    """``--select/--ignore/--exit-zero/--quiet/--color`` for a reporting command."""
    options = [
        click.option("--select", "select", multiple=True, metavar="CODE",
                     help="Report only these rule codes or prefixes (repeatable, comma-separated: RC1,RC4)."),
        click.option("--ignore", "ignore", multiple=True, metavar="CODE",
                     help="Do not report these rule codes or prefixes (repeatable, comma-separated)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported."),
        click.option("--quiet", "-q", is_flag=True, help="Print the findings only (no notes, summary or progress)."),
        click.option("--color/--no-color", default=None,
                     help="Force colour on or off (default: NO_COLOR / FORCE_COLOR, else on a terminal)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def codes(values: Iterable[str]) -> tuple[str, ...]:
    """``("RC1,RC4", "rc302")`` -> ``("RC1", "RC4", "RC302")``."""
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def _matches(code: str, prefixes: Sequence[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _kept(findings: list[Finding], select: Sequence[str], ignore: Sequence[str]) -> list[Finding]:
    return [f for f in findings if (not select or _matches(f.code, select)) and not _matches(f.code, ignore)]


def select_findings(reports: Sequence[Report], select: Sequence[str], ignore: Sequence[str]) -> None:
    """Keep only the selected, not ignored, findings in each (finished) report."""
    if not select and not ignore:
        return
    for report in reports:
        report.findings = _kept(report.findings, select, ignore)
        for ref in report.references:
            ref.findings = _kept(ref.findings, select, ignore)


def use_color(flag: bool | None, output: str = "-") -> bool:
    """The colour decision (see module docstring)."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output == "-" and sys.stdout.isatty()


def quiet_text(text: str) -> str:
    """Only the ``file:line:col: CODE`` lines of a text report."""
    kept = [line for line in text.splitlines() if _FINDING_LINE.match(line)]
    return "\n".join(kept) + ("\n" if kept else "")
