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
