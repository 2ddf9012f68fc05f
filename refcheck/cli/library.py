"""Reference-manager commands that need no lookup: tidy, dedupe, list, show, search, export.

The library is a BibTeX file (``bib/library.bib`` by default). Every write is atomic and keeps
a backup (:mod:`refcheck.library.store`); see ``docs/library.md``.

Exit codes: 0 done; 1 something needs the user (an input refused, ``sync``/``dedupe``/``tidy
Exit codes: 0 done; 1 something needs the user (an input refused, ``sync``/``dedupe``/``tidy
--check`` found changes to make, ``search`` found nothing); 2 usage or input error. The commands
that ask the registries (add, import, sync) are in :mod:`refcheck.cli.library_lookup`.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click
from bibtexparser.model import Block, Entry

from refcheck.cli import main
from refcheck.cli.library_options import (
    echo,
    echo_diff,
    entry_text,
    format_option,
    library_argument,
    library_option,
    saved,
    utf8_option,
)
from refcheck.errors import EXIT_FINDINGS, EXIT_OK, InputError
from refcheck.library.convert import entry_to_work, value
from refcheck.library.dedupe import find_duplicates, merge
from refcheck.library.store import dump_library, load_library
from refcheck.library.tidy import tidy_library
from refcheck.styles.registry import STYLES

# --------------------------------------------------------------------------- tidy / dedupe


@main.command()
@library_argument
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if tidy would change the file.")
@click.option("--diff", "show_diff", is_flag=True, help="Show what would change, change nothing.")
@utf8_option
@click.option("--sort", type=click.Choice(["none", "key"]), default="none", show_default=True,
              help="Entry order: as is, or by cite key.")
@format_option
def tidy(library_path: Path, check: bool, show_diff: bool, utf8: bool, sort: str, fmt: str) -> None:
    """Normalise a .bib without lookups (field order and case, `--` pages, braced acronyms).

    Idempotent: running it twice changes nothing the second time. With --check it is a
    pre-commit gate.
    """
    library = load_library(library_path, missing_ok=False)
    old = library_path.read_text(encoding="utf-8")
    tidied = tidy_library(library, utf8=utf8, sort=sort)
    new = dump_library(tidied)
    if fmt == "json":
        diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                            f"a/{library_path}", f"b/{library_path}", n=1))
        written = old != new and not (check or show_diff)
        if written:
            saved(tidied, library_path, "tidied")
        echo(json.dumps({"library": str(library_path), "changed": old != new, "written": written,
                         "diff": diff}, indent=2, ensure_ascii=False))
        sys.exit(EXIT_FINDINGS if check and old != new else EXIT_OK)
    if check or show_diff:
        changed = echo_diff(old, new, f"a/{library_path}", f"b/{library_path}") if show_diff else old != new
        if check and changed:
            echo(f"{library_path}: would be changed by refcheck tidy", err=True)
        sys.exit(EXIT_FINDINGS if check and changed else EXIT_OK)
    if old == new:
        echo(f"{library_path}: already tidy", err=True)
        return
    saved(tidied, library_path, "tidied")


@main.command()
@library_argument
@click.option("--write", is_flag=True, help="Merge the duplicates in the file (keeps a backup).")
@format_option
def dedupe(library_path: Path, write: bool, fmt: str) -> None:
    """Find entries that are the same work (same DOI/PMID, or near-identical citation).

    Each group is reported as `KEPT: same work as OTHER…`; with --write they are merged into the
    first entry (its key is kept, fields only the others have are added, the merged keys are
    recorded in `refcheck-merged`). Without --write, exit 1 when there are duplicates.
    """
    library = load_library(library_path, missing_ok=False)
    groups = find_duplicates(library.entries)
    if fmt == "json":
        echo(json.dumps({"library": str(library_path), "written": write and bool(groups),
                         "groups": [[e.key for e in g] for g in groups]}, indent=2))
    for group in groups if fmt == "text" else ():
        echo(f"{group[0].key}: same work as {', '.join(e.key for e in group[1:])}")
    if not groups:
        echo(f"{library_path}: no duplicates", err=True)
        return
    if not write:
        sys.exit(EXIT_FINDINGS)
    for group in groups:  # in place: the kept entry stays where it was, comments too
        library.replace(group[0], merge(group))
        library.remove(list[Block](group[1:]))
    saved(library, library_path, f"merged {sum(len(g) - 1 for g in groups)} entries")


# --------------------------------------------------------------------------- list / show / search


def _row(entry: Entry) -> dict[str, str | None]:
    work = entry_to_work(entry)
    people = work.authors or work.editors
    return {"key": entry.key, "type": entry.entry_type, "first_author": people[0].display() if people else "",
            "year": str(work.year or ""), "title": work.title, "journal": work.container, "doi": work.doi,
            "pmid": work.pmid, "pmcid": work.pmcid, "source": value(entry, "refcheck-source"),
            "checked": value(entry, "refcheck-checked"), "updates": value(entry, "refcheck-updates")}


def _print_rows(rows: list[dict[str, str | None]], fmt: str) -> None:
    if fmt == "json":
        echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max([len(r["key"] or "") for r in rows] + [4])
    for r in rows:
        ident = f"doi:{r['doi']}" if r["doi"] else (f"pmid:{r['pmid']}" if r["pmid"] else "-")
        flag = "!" if r["updates"] and "retraction" in (r["updates"] or "") else " "
        echo(f"{flag}{r['key']:<{width}}  {r['year'] or '':<4}  {(r['first_author'] or '')[:20]:<20}  "
             f"{(r['title'] or '')[:50]:<50}  {ident}")


@main.command(name="list")
@library_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_(library_path: Path, fmt: str) -> None:
    """List the library's entries (`!` marks a retracted work)."""
    _print_rows([_row(e) for e in load_library(library_path, missing_ok=False).entries], fmt)


@main.command()
@click.argument("keys", nargs=-1, required=True)
@library_option
@click.option("--format", "-f", "fmt", type=click.Choice(["bibtex", "json"]), default="bibtex", show_default=True)
def show(keys: tuple[str, ...], library_path: Path, fmt: str) -> None:
    """Show entries by cite key (BibTeX, or every field with `--format json`)."""
    library = load_library(library_path, missing_ok=False)
    found = []
    for key in keys:
        entry = library.entries_dict.get(key)
        if entry is None:
            raise InputError(f"{library_path}: no entry with key '{key}'")
        found.append(entry)
    if fmt == "json":
        payload = [{"key": e.key, "type": e.entry_type, "fields": {f.key: str(f.value) for f in e.fields}}
                   for e in found]
        echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    echo("\n".join(entry_text(e) for e in found), nl=False)


@main.command()
@click.argument("query", nargs=-1, required=True)
@library_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def search(query: tuple[str, ...], library_path: Path, fmt: str) -> None:
    """Find entries whose key, authors, title, journal, year or identifiers contain every QUERY word.

    Matching ignores case and accents. Exit 1 when nothing matches.
    """
    from refcheck.text.fold import fold

    words = [fold(q) for q in query]
    rows = []
    for entry in load_library(library_path, missing_ok=False).entries:
        row = _row(entry)
        work = entry_to_work(entry)
        hay = fold(" ".join(str(v) for v in row.values() if v) + " "
                   + " ".join(a.display() for a in [*work.authors, *work.editors]))
        if all(w in hay for w in words):
            rows.append(row)
    _print_rows(rows, fmt)
    if not rows:
        echo("no matching entry", err=True)
        sys.exit(EXIT_FINDINGS)


# --------------------------------------------------------------------------- export


@main.command()
@library_option
@click.option("--format", "-f", "fmt", default="bibtex", show_default=True,
              type=click.Choice(["bibtex", "biblatex", "csl-json", "ris", "text"]))
@click.option("--style", type=click.Choice(list(STYLES)),
              default=None, help="A formatted reference list in this style (implies --format text).")
@click.option("--manuscript", type=click.Path(exists=True, dir_okay=False),
              help="Only the entries this manuscript cites, in its citation order.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def export(library_path: Path, fmt: str, style: str | None, manuscript: str | None, output: str) -> None:
    """Export the library: BibTeX, BibLaTeX, CSL-JSON, RIS, or a formatted list (--style vancouver).

    With --manuscript, every reference of its list is exported in its order; a formatted list
    keeps the manuscript's numbers, and a reference the library lacks is reported on stderr
    and, in a formatted list, printed as the manuscript has it rather than dropped.
    """
    from refcheck.library.export import export_library, numbered_text, order_by_manuscript

    entries = list(load_library(library_path, missing_ok=False).entries)
    missing: list[str] = []
    if manuscript and (style or fmt == "text"):
        text, missing = numbered_text(entries, manuscript, style or "vancouver")
    else:
        if manuscript:
            entries, not_found = order_by_manuscript(entries, manuscript)
            missing = [f"cited but not in the library: {t[:80]}" for t in not_found]
        text = export_library(entries, "text" if style else fmt, style or "vancouver")
    from refcheck.fileio import write_output

    write_output(output, text)  # atomic; an existing file is kept as FILE.bak
    for note in missing:
        echo(f"{manuscript}: {note}", err=True)
