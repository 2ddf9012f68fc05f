"""``refcheck bib`` and ``refcheck fix``: clean BibTeX, and a corrected reference list as a diff."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import click

from refcheck import __version__
from refcheck.cli import main
from refcheck.cli.check import lookup_options, settings_for
from refcheck.errors import EXIT_FINDINGS
from refcheck.model import Report, Severity, Status


def check_path(path: str, lookups: bool, flags: dict[str, object]):  # type: ignore[no-untyped-def]
    """(document, report) for one file: the same pipeline as ``refcheck check``."""
    from refcheck.pipeline import check_citations, load

    settings = settings_for(path, **flags)
    doc, citations = load(path, settings)
    return doc, check_citations(doc, citations, settings, lookups=lookups)


def _counts(report: Report) -> str:
    verified = sum(1 for r in report.references
                   if r.match.work is not None and r.status in (Status.VERIFIED, Status.MISMATCH))
    return f"{verified} from registry records, {len(report.references) - verified} unverified"


def _upgrade(report: Report) -> None:
    """Re-link published preprints to their journal version (``--upgrade-preprints``)."""
    from refcheck.upgrade import upgrade_report

    n = upgrade_report(report)
    if n:
        click.echo(f"refcheck: {n} preprint(s) cited as their published version", err=True)


@main.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write the BibTeX here (default: standard output).")
@click.option("--utf8", is_flag=True, help="Keep non-ASCII characters (biber/biblatex) instead of LaTeX accents.")
@click.option("--keys", type=click.Choice(["name", "number"]), default="name", show_default=True,
              help="Cite keys: family+year+title word, or ref1, ref2, ... after the reference numbers.")
@click.option("--abbrev", is_flag=True, help="Journal as NLM abbreviation instead of the full title.")
@click.option("--no-lookup", is_flag=True,
              help="Do not consult any registry: every entry comes from the parsed reference (unverified).")
@click.option("--upgrade-preprints", is_flag=True,
              help="Cite the published journal version of every preprint that has one (RC606).")
@lookup_options
def bib(file: str, output: str, utf8: bool, keys: str, abbrev: bool, no_lookup: bool, upgrade_preprints: bool,
        **flags: object) -> None:
    """Write the reference list of FILE as BibTeX, in reference-list order.

    Matched references are written from the registered record (Crossref/PubMed); the others
    from the manuscript's text, marked `refcheck = {unverified}`. Each entry is preceded by a
    comment saying where its data came from.
    """
    from refcheck.bibtex import to_bibtex

    _doc, report = check_path(file, not no_lookup, flags)
    if upgrade_preprints:
        _upgrade(report)
    name = "standard input" if file == "-" else Path(file).name
    header = f"BibTeX written by refcheck {__version__} from {name}"
    checked = None if no_lookup else datetime.date.today().isoformat()
    mirror = settings_for(file, **flags).mirror_path
    text = to_bibtex(report.references, utf8=utf8, keys=keys, abbrev=abbrev, header=header, checked=checked,
                     mirror=mirror.name if mirror else "mirror.sqlite")
    from refcheck.fileio import write_output

    write_output(output, text)  # atomic; an existing file is kept as FILE.bak
    where = "" if output == "-" else f" to {output}"
    n = len(report.references)
    click.echo(f"refcheck: wrote {n} {'entry' if n == 1 else 'entries'}{where} ({_counts(report)})", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--write", "apply", is_flag=True,
              help="Apply the changes (atomically; the original is kept as FILE.bak).")
@click.option("--check", "check_only", is_flag=True,
              help="Only say which references would change; exit 1 when some would (like black --check).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the changes as a unified diff (the default); exit 1 when there are some.")
@click.option("--restyle", type=click.Choice(["vancouver", "ama"]), default=None,
              help="Re-render every matched reference from its record in this style "
                   "(default: edit only the wrong fields, in the list's own conventions).")
@click.option("--style", type=click.Choice(["vancouver", "ama"]), default=None,
              help="The list's style, for its et al. rule (default: detected from the list).")
@click.option("--severity", "min_severity", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Fix findings of this severity and above.")
@click.option("--include-info", is_flag=True, help="Same as --severity info.")
@click.option("--upgrade-preprints", is_flag=True,
              help="Cite the published journal version of every preprint that has one (RC606).")
@click.option("--format", "-f", "fmt", type=click.Choice(["diff", "json"]), default="diff", show_default=True,
              help="json: the edits (old and new text of each reference) and what could not be placed.")
@lookup_options
def fix(files: tuple[str, ...], apply: bool, check_only: bool, show_diff: bool, restyle: str | None,
        style: str | None, min_severity: str, include_info: bool, upgrade_preprints: bool, fmt: str,
        **flags: object) -> None:
    """Correct the wrong fields of each FILE's reference list with the registered values.

    Each fixable finding becomes an edit of exactly that field, written in the list's own
    conventions (page elision, title case, journal form, name form); every other character,
    and every reference without such a finding, stays byte-identical. Without --write the
    changes are shown as a diff and the exit code is 1 when some are pending (0 when none).
    FILE may be a directory: its supported files are fixed, honouring .gitignore.
    """
    from refcheck.cli.paths import expand_paths
    from refcheck.fix.run import fix_file

    severity = Severity.INFO if include_info else Severity(min_severity)
    pending = 0
    payloads = []
    for path in expand_paths(files, writable=True):
        doc, report = check_path(path, True, flags)
        if upgrade_preprints:
            _upgrade(report)
        changed, payload = fix_file(path, doc, report, apply=apply, check_only=check_only and not show_diff,
                                    style=style, restyle=restyle, min_severity=severity, fmt=fmt)
        pending += changed
        payloads.append(payload)
    if fmt == "json":
        click.echo(json.dumps({"files": payloads}, indent=2, ensure_ascii=False))
    if pending and not apply:
        sys.exit(EXIT_FINDINGS)
