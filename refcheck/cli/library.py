"""Reference-manager commands: add, import, dedupe, sync, tidy, list, show, search, export.

The library is a BibTeX file (``bib/library.bib`` by default, ``--library`` to name another).
Every write is atomic and keeps a backup (:mod:`refcheck.library.store`).
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from refcheck.cli import main
from refcheck.cli.check import lookup_options
from refcheck.errors import EXIT_FINDINGS, EXIT_OK, InputError
from refcheck.library.convert import entry_to_work, value
from refcheck.library.dedupe import dedupe as dedupe_entries
from refcheck.library.store import DEFAULT_LIBRARY, dump_library, load_library, save_library
from refcheck.library.tidy import tidy_library

library_option = click.option(
    "--library", "-l", "library_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_LIBRARY,
    show_default=True, help="The library file.")


def _echo_diff(old: str, new: str, path: Path) -> bool:
    """Print a unified diff; True when there is a difference."""
    diff = list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
    for line in diff:
        click.echo(line, nl=not line.endswith("\n"))
    return bool(diff)


@main.command()
@click.argument("library_path", required=False, type=click.Path(dir_okay=False, path_type=Path),
                default=DEFAULT_LIBRARY)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if tidy would change the file.")
@click.option("--diff", "show_diff", is_flag=True, help="Show what would change, change nothing.")
@click.option("--utf8", is_flag=True, help="Keep non-ASCII as UTF-8 (biber) instead of LaTeX escapes.")
@click.option("--sort", type=click.Choice(["none", "key"]), default="none", show_default=True,
              help="Entry order: as is, or by cite key.")
def tidy(library_path: Path, check: bool, show_diff: bool, utf8: bool, sort: str) -> None:
    """Normalise a .bib without lookups (field order and case, `--` pages, braced acronyms).

    Idempotent: running it twice changes nothing the second time. With --check it is a
    pre-commit gate.
    """
    if not library_path.exists():
        raise InputError(f"{library_path}: no such library")
    old = library_path.read_text(encoding="utf-8")
    new = dump_library(tidy_library(load_library(library_path, missing_ok=False), utf8=utf8, sort=sort))
    if check or show_diff:
        changed = _echo_diff(old, new, library_path) if show_diff else old != new
        if check and changed:
            click.echo(f"{library_path}: would be changed by refcheck tidy", err=True)
        sys.exit(EXIT_FINDINGS if check and changed else EXIT_OK)
    if old == new:
        click.echo(f"{library_path}: already tidy", err=True)
        return
    backup = save_library(tidy_library(load_library(library_path), utf8=utf8, sort=sort), library_path)
    click.echo(f"{library_path}: tidied (backup: {backup})", err=True)


@main.command()
@click.argument("library_path", required=False, type=click.Path(dir_okay=False, path_type=Path),
                default=DEFAULT_LIBRARY)
@click.option("--write", is_flag=True, help="Merge the duplicates in the file (keeps a backup).")
def dedupe(library_path: Path, write: bool) -> None:
    """Find entries that are the same work (same DOI/PMID, or near-identical citation)."""
    library = load_library(library_path, missing_ok=False)
    kept, merged = dedupe_entries(library.entries)
    for key, others in merged:
        click.echo(f"{key}: same work as {', '.join(others)}")
    if not merged:
        click.echo(f"{library_path}: no duplicates", err=True)
        return
    if write:
        library.remove(library.entries)
        library.add(kept)
        backup = save_library(library, library_path)
        click.echo(f"{library_path}: merged {sum(len(o) for _, o in merged)} entries (backup: {backup})", err=True)
    else:
        sys.exit(EXIT_FINDINGS)


def _row(entry) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    work = entry_to_work(entry)
    first = work.authors[0].display() if work.authors else ""
    return {"key": entry.key, "type": entry.entry_type, "first_author": first, "year": str(work.year or ""),
            "title": work.title, "journal": work.container, "doi": work.doi, "pmid": work.pmid,
            "source": value(entry, "refcheck-source")}


def _print_rows(rows: list[dict[str, str | None]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        ident = f"doi:{r['doi']}" if r["doi"] else (f"pmid:{r['pmid']}" if r["pmid"] else "-")
        click.echo(f"{r['key']:<28} {r['year'] or '':<5} {(r['first_author'] or '')[:20]:<20} "
                   f"{(r['title'] or '')[:50]:<50} {ident}")


@main.command(name="list")
@library_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_(library_path: Path, fmt: str) -> None:
    """List the library's entries."""
    _print_rows([_row(e) for e in load_library(library_path, missing_ok=False).entries], fmt)


@main.command()
@click.argument("key")
@library_option
def show(key: str, library_path: Path) -> None:
    """Show one entry (BibTeX) by cite key."""
    library = load_library(library_path, missing_ok=False)
    entry = library.entries_dict.get(key)
    if entry is None:
        raise InputError(f"{library_path}: no entry with key '{key}'")
    from bibtexparser.library import Library

    one = Library()
    one.add(entry)
    click.echo(dump_library(one), nl=False)


@main.command()
@click.argument("query", nargs=-1, required=True)
@library_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def search(query: tuple[str, ...], library_path: Path, fmt: str) -> None:
    """Find entries whose author, title, journal, year or identifiers contain every QUERY word."""
    from refcheck.normalize import fold

    words = [fold(q) for q in query]
    rows = []
    for entry in load_library(library_path, missing_ok=False).entries:
        row = _row(entry)
        hay = fold(" ".join(str(v) for v in row.values() if v) + " " + " ".join(
            a.display() for a in entry_to_work(entry).authors))
        if all(w in hay for w in words):
            rows.append(row)
    _print_rows(rows, fmt)
    if not rows:
        sys.exit(EXIT_FINDINGS)


def _project_dir(library_path: Path) -> Path:
    return library_path.resolve().parent


def _report_outcomes(outcomes, library_path: Path) -> int:  # type: ignore[no-untyped-def]
    """Tell the user what happened to each input; exit 1 when something was not added."""
    refused = 0
    for o in outcomes:
        if o.action == "added":
            click.echo(f"added    {o.key:<28} {o.label}")
        elif o.action in ("exists", "merged"):
            extra = f" ({o.detail})" if o.detail else ""
            click.echo(f"{o.action:<8} {o.key:<28} {o.label}: already in the library{extra}")
        else:
            refused += 1
            click.echo(f"refused  {'-':<28} {o.label}: {o.detail}", err=True)
            for cand in o.candidates[:3]:
                who = cand.authors[0].display() if cand.authors else "?"
                click.echo(f"         candidate: {who} {cand.year or ''} {(cand.title or '')[:60]} "
                           f"doi:{cand.doi or '-'} pmid:{cand.pmid or '-'}", err=True)
    return EXIT_FINDINGS if refused else EXIT_OK


def _add(items: list[str], library_path: Path, utf8: bool, flags: dict) -> int:  # type: ignore[type-arg]
    from refcheck.cli.check import settings_for
    from refcheck.library.inputs import classify
    from refcheck.library.ops import add_resolutions
    from refcheck.library.resolve import resolve

    settings = settings_for(str(library_path), **flags)
    library = load_library(library_path)
    resolutions = resolve([classify(i) for i in items], settings, _project_dir(library_path))
    before = len(library.entries), dump_library(library)
    outcomes = add_resolutions(library, resolutions, utf8=utf8)
    if dump_library(library) != before[1]:
        backup = save_library(library, library_path)
        click.echo(f"{library_path}: {len(library.entries) - before[0]} added"
                   + (f" (backup: {backup})" if backup else ""), err=True)
    return _report_outcomes(outcomes, library_path)


@main.command()
@click.argument("items", nargs=-1)
@click.option("--to", "library_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_LIBRARY,
              show_default=True, help="The library to add to.")
@click.option("--from", "from_file", type=click.File("r", encoding="utf-8"),
              help="Read items from a file ('-' for stdin), one per line.")
@click.option("--utf8", is_flag=True, help="Write non-ASCII as UTF-8 instead of LaTeX escapes.")
@lookup_options
def add(items: tuple[str, ...], library_path: Path, from_file, utf8: bool, **flags: object) -> None:  # type: ignore[no-untyped-def]
    """Add references by DOI, PMID, PMCID, DOI/PubMed URL or free-text reference string.

    Each item is resolved and validated exactly as `check` does; an ambiguous or unmatched
    string is not added — you see the candidates instead. Duplicates of entries already in
    the library are reported (and their missing identifiers merged in), never added twice.
    """
    from refcheck.library.inputs import split_items

    all_items = list(items) + (split_items(from_file.read()) if from_file else [])
    if not all_items:
        raise InputError("nothing to add: give DOIs, PMIDs, PMCIDs or reference strings (or --from FILE)")
    sys.exit(_add(all_items, library_path, utf8, flags))


@main.command(name="import")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--to", "library_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_LIBRARY,
              show_default=True, help="The library to import into.")
@click.option("--utf8", is_flag=True, help="Write non-ASCII as UTF-8 instead of LaTeX escapes.")
@lookup_options
def import_(file: str, library_path: Path, utf8: bool, **flags: object) -> None:
    """Import the references of FILE: a manuscript's list, a .bib, RIS, CSL-JSON or a PubMed/MEDLINE export.

    Every reference is resolved against the registries (as `check` does) and de-duplicated
    against the library; unmatched ones are listed, not added.
    """
    from refcheck.library.medline import is_medline, medline_pmids

    if file != "-" and Path(file).is_file() and is_medline(Path(file)):
        items = [f"PMID: {p}" for p in medline_pmids(Path(file))]
        sys.exit(_add(items, library_path, utf8, flags))
    from refcheck.pipeline import load

    _doc, citations = load(file)
    items = []
    for c in citations:
        items.append(f"doi:{c.doi}" if c.doi else (f"PMID: {c.pmid}" if c.pmid else c.text))
    sys.exit(_add(items, library_path, utf8, flags))


@main.command()
@click.argument("library_path", required=False, type=click.Path(dir_okay=False, path_type=Path),
                default=DEFAULT_LIBRARY)
@click.option("--write", is_flag=True, help="Apply the changes (keeps a backup).")
@lookup_options
def sync(library_path: Path, write: bool, **flags: object) -> None:
    """Re-check every entry against the registries and show what they now say differently.

    Shows a diff (corrected pages, a retraction, a published version of a preprint); --write
    applies it. Fields listed in an entry's `refcheck-keep` field are never overwritten.
    Exit 1 when the library is out of date (without --write).
    """
    from refcheck.cli.check import settings_for
    from refcheck.library.convert import entry_to_citation
    from refcheck.library.ops import synced_entry
    from refcheck.match import match_citations
    from refcheck.model import Status
    from refcheck.sources import open_sources

    library = load_library(library_path, missing_ok=False)
    settings = settings_for(str(library_path), **flags)
    entries = list(library.entries)
    sources, _ = open_sources(settings, _project_dir(library_path))
    try:
        matches = match_citations([entry_to_citation(e, i + 1) for i, e in enumerate(entries)], sources, settings)
    finally:
        for s in sources:
            s.close()
    old_text = dump_library(library)
    unchecked = 0
    for entry, match in zip(entries, matches, strict=True):
        if match.work is None or match.status not in (Status.VERIFIED, Status.MISMATCH):
            unchecked += 1
            click.echo(f"{entry.key}: {match.status.value} ({match.reason or 'no registered record'})", err=True)
            continue
        new_entry, change = synced_entry(entry, match.work)
        if change.changed:
            library.replace(entry, new_entry)
    new_text = dump_library(library)
    changed = _echo_diff(old_text, new_text, library_path)
    if write and changed:
        backup = save_library(library, library_path)
        click.echo(f"{library_path}: updated (backup: {backup})", err=True)
    elif not changed:
        click.echo(f"{library_path}: up to date with the registries"
                   + (f" ({unchecked} entries could not be checked)" if unchecked else ""), err=True)
    sys.exit(EXIT_FINDINGS if changed and not write else EXIT_OK)


@main.command()
@library_option
@click.option("--format", "-f", "fmt", default="bibtex", show_default=True,
              type=click.Choice(["bibtex", "biblatex", "csl-json", "ris", "text"]))
@click.option("--style", type=click.Choice(["vancouver", "ama", "apa", "harvard", "ieee", "nature"]),
              default=None, help="A formatted reference list in this style (implies --format text).")
@click.option("--manuscript", type=click.Path(exists=True, dir_okay=False),
              help="Order (and select) entries as this manuscript cites them.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def export(library_path: Path, fmt: str, style: str | None, manuscript: str | None, output: str) -> None:
    """Export the library: BibTeX, BibLaTeX, CSL-JSON, RIS, or a formatted list (--style vancouver)."""
    from refcheck.library.export import export_library, order_by_manuscript

    library = load_library(library_path, missing_ok=False)
    entries = list(library.entries)
    if manuscript:
        entries, missing = order_by_manuscript(entries, manuscript)
        for text in missing:
            click.echo(f"note: not in the library: {text[:80]}", err=True)
    if style:
        fmt = "text"
    text = export_library(entries, fmt, style or "vancouver")
    with click.open_file(output, "w", encoding="utf-8") as fh:
        fh.write(text)
