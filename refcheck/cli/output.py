"""``refcheck bib`` and ``refcheck fix``: clean BibTeX, and a corrected reference list as a diff."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from refcheck import __version__
from refcheck.cli import main
from refcheck.cli.check import lookup_options, settings_for
from refcheck.model import Report, Status


def _check(path: str, lookups: bool, flags: dict[str, object]):  # type: ignore[no-untyped-def]
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

    _doc, report = _check(file, not no_lookup, flags)
    if upgrade_preprints:
        _upgrade(report)
    name = "standard input" if file == "-" else Path(file).name
    header = f"BibTeX written by refcheck {__version__} from {name}"
    checked = None if no_lookup else datetime.date.today().isoformat()
    text = to_bibtex(report.references, utf8=utf8, keys=keys, abbrev=abbrev, header=header, checked=checked)
    with click.open_file(output, "w", encoding="utf-8") as fh:
        fh.write(text)
    where = "" if output == "-" else f" to {output}"
    n = len(report.references)
    click.echo(f"refcheck: wrote {n} {'entry' if n == 1 else 'entries'}{where} ({_counts(report)})", err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--write", "apply", is_flag=True,
              help="Apply the changes to FILE (atomically; the original is kept as FILE.bak).")
@click.option("--style", type=click.Choice(["vancouver", "ama"]), default=None,
              help="Style of the rewritten references (default: detected from the list).")
@click.option("--include-info", is_flag=True, help="Also fix info-level findings (e.g. journal abbreviation).")
@click.option("--upgrade-preprints", is_flag=True,
              help="Cite the published journal version of every preprint that has one (RC606).")
@lookup_options
def fix(file: str, apply: bool, style: str | None, include_info: bool, upgrade_preprints: bool,
        **flags: object) -> None:
    """Show (or apply with --write) corrections of FILE's reference list as a unified diff.

    Only references with findings that have a registered value are rewritten, in the
    manuscript's own style, keeping their numbers; text outside the reference list is
    never touched.
    """
    from refcheck.fix import (
        WRITABLE_FORMATS,
        FixError,
        apply_edits,
        plan,
        read_original,
        unified_diff,
        write_atomic,
    )
    from refcheck.model import Severity

    doc, report = _check(file, True, flags)
    if upgrade_preprints:
        _upgrade(report)
    if doc.format not in WRITABLE_FORMATS:
        raise FixError(f"{file}: refcheck fix rewrites text, Markdown and LaTeX files, not {doc.format}")
    edits = plan(doc, report, style=style, min_severity=Severity.INFO if include_info else Severity.WARNING)
    if not edits:
        click.echo("refcheck: nothing to fix", err=True)
        return
    path = Path(file)
    original = read_original(path, doc.encoding)
    fixed = apply_edits(original, edits)
    if not apply:
        click.echo(unified_diff(file, original, fixed), nl=False)
        click.echo(f"refcheck: {len(edits)} reference(s) would change; run with --write to apply", err=True)
        return
    saved = write_atomic(path, fixed, doc.encoding or "utf-8")
    click.echo(f"refcheck: rewrote {len(edits)} reference(s) in {file} (backup: {saved})", err=True)
