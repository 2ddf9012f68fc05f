"""``refcheck check`` and ``refcheck parse``: the main job and the parser's debugging view."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from refcheck.cli import main
from refcheck.cli.conventions import codes, quiet_text, report_options, select_findings, use_color
from refcheck.cli.paths import expand_paths
from refcheck.config import Settings, load_settings
from refcheck.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNCHECKED, NoReferencesError
from refcheck.model import Report, Severity, Status

REPORT_FORMATS = ["text", "json", "sarif", "junit", "github", "csl-json"]


def lookup_options(func):  # type: ignore[no-untyped-def]
    """Options shared by every command that talks to the registries."""
    options = [
        click.option("--mailto", help="Contact e-mail for Crossref's polite pool and NCBI (env REFCHECK_MAILTO)."),
        click.option("--crossref-url", help="Crossref REST API base URL (env REFCHECK_CROSSREF_URL)."),
        click.option("--eutils-url", help="NCBI E-utilities base URL (env REFCHECK_EUTILS_URL)."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Lookup cache directory (env REFCHECK_CACHE_DIR)."),
        click.option("--mirror", "mirror_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Local mirror database to use (env REFCHECK_MIRROR)."),
        click.option("--source", "sources", multiple=True,
                     type=click.Choice(["crossref", "pubmed", "mirror"]),
                     help="Registry to consult (repeatable). Default: crossref and pubmed, "
                          "or the local mirror when they are unreachable."),
        click.option("--offline", is_flag=True, default=None,
                     help="Use only the cache and the local mirror; misses are 'unchecked'."),
        click.option("--refresh", is_flag=True, default=None,
                     help="Ignore cached answers (and registries remembered unreachable)."),
        click.option("--timeout", "deadline", type=click.FloatRange(min=0), default=None,
                     help="Stop asking the registries after this many seconds; what is left is "
                          "'unchecked' (default: 120, or 2 per reference for longer lists; 0: no limit; "
                          "env REFCHECK_TIMEOUT, config 'deadline')."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_for(path: str, **flags: object) -> Settings:
    """Settings for one input file: config found next to it, then env, then flags."""
    start = Path.cwd() if path == "-" else Path(path).parent
    if flags.get("sources") == ():
        flags["sources"] = None
    elif flags.get("sources"):
        flags["sources"] = tuple(flags["sources"])  # type: ignore[arg-type]
    return load_settings(start if start.exists() else Path.cwd(), **flags)


def exit_code(reports: list[Report], settings: Settings) -> int:
    """0 clean, 1 findings at/above --fail-on, 3 (with --strict) unchecked references."""
    if settings.fail_on != "never":
        threshold = Severity(settings.fail_on).rank
        for report in reports:
            findings = [f for r in report.references for f in r.findings] + report.findings
            if any(f.severity.rank >= threshold for f in findings):
                return EXIT_FINDINGS
    if settings.strict and any(r.status is Status.UNCHECKED for rep in reports for r in rep.references):
        return EXIT_UNCHECKED
    return EXIT_OK


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "-f", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write the report here instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--strict", is_flag=True, default=None,
              help="Exit 3 when some references could not be checked (registry down, offline miss).")
@click.option("--et-al-after", type=click.IntRange(1, 50), default=None,
              help="List this many authors, then 'et al.' (6 Vancouver, 3 some journals). "
                   "Default: the rule of the style each reference is written in (AMA: 3 of >6).")
@click.option("--no-lookup", is_flag=True, help="Parse-level checks only; do not consult any registry.")
@click.option("--skip-no-references", is_flag=True,
              help="Skip (with a note) files that have no reference list instead of exiting 4 "
                   "(for pre-commit hooks that see every staged Markdown file).")
@click.option("--fix", "apply_fix", is_flag=True,
              help="Apply `refcheck fix --write` to each file first, then report what is left.")
@click.option("--show-info", is_flag=True,
              help="List info findings in the text report too (default: one line counts them; "
                   "always listed with --fail-on info; machine formats always carry them).")
# -- issue 16: unchecked references are never silent -------------------------------------------
@click.option("--show-unchecked", is_flag=True,
              help="List every unchecked reference (default: one line per cause, e.g. "
                   "'42 references unchecked: crossref: unreachable (connection refused)').")
@click.option("--hook", is_flag=True,
              help="Pre-commit mode: references that could not be checked (registry unreachable, "
                   "outside the mirror's coverage) fail the run (exit 3) with instructions, unless "
                   "config 'allow-unchecked = true'; the instructions are printed either way.")
@report_options
@lookup_options
def check(files: tuple[str, ...], fmt: str, output: str, no_lookup: bool, skip_no_references: bool,
          color: bool | None, show_info: bool, show_unchecked: bool, hook: bool, apply_fix: bool,
          select: tuple[str, ...], ignore: tuple[str, ...], exit_zero: bool, quiet: bool,
          **flags: object) -> None:
    """Check the reference list of each FILE against the registries.

    FILE is a manuscript (.md, .txt, .tex, .bib, .docx, JATS .xml, .pdf, .ris, CSL .json),
    a directory (its supported files, honouring .gitignore)
    or '-' for standard input. Prints one line per finding,
    `file:line:col: CODE message`, then a summary.
    """
    from refcheck.pipeline import check_path
    from refcheck.report import render

    reports: list[Report] = []
    settings: Settings | None = None
    for path in expand_paths(files):
        settings = settings_for(path, **flags)
        if apply_fix:
            _fix_first(path, no_lookup, flags)
        try:
            with _progress(fmt, output, quiet) as progress:
                reports.append(check_path(path, settings, lookups=not no_lookup, progress=progress))
        except NoReferencesError:
            if not skip_no_references:
                raise
            if not quiet:
                click.echo(f"refcheck: {path}: no reference list, skipped", err=True)
    if settings is None:
        settings = settings_for(".", **flags)
    select_findings(reports, codes(select), codes(ignore))
    colored = use_color(color, output)
    text = render(reports, fmt, color=colored, show_info=show_info or settings.fail_on == "info",
                  show_unchecked=show_unchecked)
    if quiet and fmt == "text":
        text = quiet_text(text)
    from refcheck.fileio import write_output

    write_output(output, text if text.endswith("\n") else text + "\n", color=colored)
    code = exit_code(reports, settings)
    if hook:
        code = _hook_verdict(reports, settings, code)
    sys.exit(EXIT_OK if exit_zero else code)


def _hook_verdict(reports: list[Report], settings: Settings, code: int) -> int:
    """``--hook``: print why references were not checked and fail unless the config allows it."""
    from refcheck.report.unchecked import hook_message

    message = hook_message(reports)
    if message is None:
        return code
    click.echo(message, err=True)
    return code if code != EXIT_OK or settings.allow_unchecked else EXIT_UNCHECKED


def _fix_first(path: str, no_lookup: bool, flags: dict[str, object]) -> None:
    """``check --fix``: ``fix --write`` on a writable file (others are checked as they are)."""
    from refcheck.cli.output import check_path
    from refcheck.fix import WRITABLE_FORMATS
    from refcheck.fix.run import fix_file

    if no_lookup or path == "-":
        return
    doc, report = check_path(path, True, dict(flags))
    if doc.format in WRITABLE_FORMATS:
        fix_file(path, doc, report, apply=True, check_only=False, style=None, restyle=None,
                 min_severity=Severity.ERROR)


class _progress:
    """A click progress bar on a terminal for text output; a no-op otherwise."""

    def __init__(self, fmt: str, output: str, quiet: bool = False) -> None:
        self.enabled = fmt == "text" and sys.stderr.isatty() and not quiet
        self.bar: Any = None  # click's ProgressBar once the first update arrives

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.enabled:
            return None

        def update(done: int, total: int) -> None:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="checking", file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.bar.pos)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def parse(file: str, fmt: str) -> None:
    """Show how the reference list of FILE was found and parsed (no lookups).

    The table shows, per reference: number, line, first author (+ 'et al.'), year, journal,
    volume(issue):pages and identifiers. `--format json` prints every parsed field.
    """
    from refcheck.pipeline import load

    doc, citations = load(file)
    if fmt == "json":
        payload = {
            "file": doc.path,
            "format": doc.format,
            "encoding": doc.encoding,
            "heading": doc.heading,
            "notes": doc.notes,
            "references": [c.to_dict() for c in citations],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    from refcheck.report.safe import one_line, printable

    for note in doc.notes:
        click.echo(f"note: {printable(note)}", err=True)
    rows = [("#", "line", "first author", "year", "journal", "vol(issue):pages", "ids", "title")]
    for c in citations:
        first = c.authors[0].display() if c.authors else ""
        if c.et_al or len(c.authors) > 1:
            first += " et al." if c.et_al else f" +{len(c.authors) - 1}"
        where = (c.volume or "") + (f"({c.issue})" if c.issue else "") + (f":{c.pages}" if c.pages else "")
        ids = " ".join(x for x in (c.doi and f"doi:{c.doi}", c.pmid and f"pmid:{c.pmid}") if x)
        rows.append((str(c.number or ""), str(c.span.line), first, str(c.year or ""), c.container or "",
                     where, ids, (c.title or "")[:60]))
    widths = [min(max(len(r[i]) for r in rows), 40) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(one_line(cell)[:40].ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    click.echo(f"{len(citations)} references ({doc.format}, {doc.encoding or 'utf-8'})", err=True)
