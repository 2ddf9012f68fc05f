"""Reference-manager commands: add, import, dedupe, sync, tidy, list, show, search, export.

The library is a BibTeX file (``bib/library.bib`` by default). Every write is atomic and keeps
a backup (:mod:`refcheck.library.store`); see ``docs/library.md``.

Exit codes: 0 done; 1 something needs the user (an input refused, ``sync``/``dedupe``/``tidy
--check`` found changes to make, ``search`` found nothing); 2 usage or input error.
"""

from __future__ import annotations

import difflib
import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from bibtexparser.library import Library
from bibtexparser.model import Block, Entry

from refcheck.cli import main
from refcheck.cli.check import lookup_options
from refcheck.errors import EXIT_FINDINGS, EXIT_OK, InputError
from refcheck.library.convert import entry_to_work, value
from refcheck.library.dedupe import find_duplicates, merge
from refcheck.library.store import (
    DEFAULT_LIBRARY,
    dump_library,
    load_library,
    read_text_or_none,
    save_library,
)
from refcheck.library.tidy import tidy_library
from refcheck.styles.registry import STYLES

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.library.inputs import UserInput
    from refcheck.library.ops import AddOutcome, SyncChange

library_option = click.option(
    "--library", "-l", "library_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_LIBRARY,
    show_default=True, help="The library file.")
to_option = click.option("--library", "-l", "--to", "library_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=DEFAULT_LIBRARY, show_default=True,
                         help="The library to add to (--to is an alias).")


def _echo(message: str, **kwargs: Any) -> None:
    """``click.echo`` of text that may come from a user's library or a registry record: control
    characters (terminal escape sequences, bidi overrides) are dropped, newlines and tabs kept."""
    from refcheck.report.safe import printable

    click.echo(printable(message), **kwargs)


def library_argument(func):  # type: ignore[no-untyped-def]
    """The library as an optional argument (``refcheck tidy refs.bib``) or ``--library/-l``.

    Every library command takes ``--library``; the commands that always took the file as an
    argument keep accepting it there.
    """
    @functools.wraps(func)
    def wrapper(*args: Any, library_arg: Path | None = None, library_opt: Path | None = None,
                **kwargs: Any) -> Any:
        if library_arg and library_opt and library_arg != library_opt:
            raise click.UsageError(f"two libraries given: {library_arg} and --library {library_opt}")
        kwargs["library_path"] = library_opt or library_arg or DEFAULT_LIBRARY
        return func(*args, **kwargs)

    path = click.Path(dir_okay=False, path_type=Path)
    wrapper = click.option("--library", "-l", "library_opt", type=path, default=None,
                           help=f"The library file (default: {DEFAULT_LIBRARY}).")(wrapper)
    return click.argument("library_arg", metavar="[LIBRARY]", required=False, type=path)(wrapper)
format_option = click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="json: what was found or changed, for programs.")
utf8_option = click.option("--utf8", is_flag=True, help="Write non-ASCII as UTF-8 (biber) instead of LaTeX escapes.")
unverified_option = click.option(
    "--keep-unverified", is_flag=True,
    help="Add references no registry confirms (books, web pages) from their own text, marked "
         "`refcheck = {unverified}`, instead of refusing them; `sync` verifies them later.")


def _echo_diff(old: str, new: str, old_name: str, new_name: str) -> bool:
    """Print a unified diff; True when there is a difference."""
    diff = list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), old_name, new_name, n=1))
    for line in diff:
        _echo(line, nl=not line.endswith("\n"))
    return bool(diff)


def _entry_text(entry: Entry) -> str:
    one = Library()
    one.add(entry)
    return dump_library(one)


def _settings(library_path: Path, flags: dict[str, Any]) -> Settings:
    from refcheck.cli.check import settings_for

    return settings_for(str(library_path), **flags)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _project_dir(library_path: Path) -> Path:
    return library_path.resolve().parent


def _saved(library: Library, library_path: Path, what: str, expected: str | object | None = ...) -> None:
    backup = save_library(library, library_path, expected=expected)
    _echo(f"{library_path}: {what}" + (f" (backup: {backup})" if backup else ""), err=True)


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
            _saved(tidied, library_path, "tidied")
        _echo(json.dumps({"library": str(library_path), "changed": old != new, "written": written,
                               "diff": diff}, indent=2, ensure_ascii=False))
        sys.exit(EXIT_FINDINGS if check and old != new else EXIT_OK)
    if check or show_diff:
        changed = _echo_diff(old, new, f"a/{library_path}", f"b/{library_path}") if show_diff else old != new
        if check and changed:
            _echo(f"{library_path}: would be changed by refcheck tidy", err=True)
        sys.exit(EXIT_FINDINGS if check and changed else EXIT_OK)
    if old == new:
        _echo(f"{library_path}: already tidy", err=True)
        return
    _saved(tidied, library_path, "tidied")


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
        _echo(json.dumps({"library": str(library_path), "written": write and bool(groups),
                               "groups": [[e.key for e in g] for g in groups]}, indent=2))
    for group in groups if fmt == "text" else ():
        _echo(f"{group[0].key}: same work as {', '.join(e.key for e in group[1:])}")
    if not groups:
        _echo(f"{library_path}: no duplicates", err=True)
        return
    if not write:
        sys.exit(EXIT_FINDINGS)
    for group in groups:  # in place: the kept entry stays where it was, comments too
        library.replace(group[0], merge(group))
        library.remove(list[Block](group[1:]))
    _saved(library, library_path, f"merged {sum(len(g) - 1 for g in groups)} entries")


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
        _echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max([len(r["key"] or "") for r in rows] + [4])
    for r in rows:
        ident = f"doi:{r['doi']}" if r["doi"] else (f"pmid:{r['pmid']}" if r["pmid"] else "-")
        flag = "!" if r["updates"] and "retraction" in (r["updates"] or "") else " "
        _echo(f"{flag}{r['key']:<{width}}  {r['year'] or '':<4}  {(r['first_author'] or '')[:20]:<20}  "
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
        _echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    _echo("\n".join(_entry_text(e) for e in found), nl=False)


@main.command()
@click.argument("query", nargs=-1, required=True)
@library_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def search(query: tuple[str, ...], library_path: Path, fmt: str) -> None:
    """Find entries whose key, authors, title, journal, year or identifiers contain every QUERY word.

    Matching ignores case and accents. Exit 1 when nothing matches.
    """
    from refcheck.normalize import fold

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
        _echo("no matching entry", err=True)
        sys.exit(EXIT_FINDINGS)


# --------------------------------------------------------------------------- add / import


def _candidate_line(cand: Any) -> str:
    who = cand.authors[0].display() if cand.authors else "?"
    ids = " ".join(x for x in (cand.doi and f"doi:{cand.doi}", cand.pmid and f"pmid:{cand.pmid}") if x)
    return f"  candidate: {who} ({cand.year or 'n.d.'}) {(cand.title or '')[:70]} {ids}".rstrip()


def _report_outcomes(outcomes: list[AddOutcome], fmt: str = "text") -> int:
    """Tell the user what happened to each input; exit 1 when something was not added."""
    if fmt == "json":
        _echo(json.dumps([{"input": o.label, "action": o.action, "key": o.key, "detail": o.detail,
                                "candidates": [c.doi or c.pmid for c in o.candidates[:5]], "notes": o.notes}
                               for o in outcomes], indent=2, ensure_ascii=False))
        return EXIT_FINDINGS if any(o.action == "refused" for o in outcomes) else EXIT_OK
    refused = 0
    width = max([len(o.key or "-") for o in outcomes] + [8])
    for o in outcomes:
        if o.action == "added":
            _echo(f"added    {o.key:<{width}}  {o.label}")
        elif o.action == "merged":
            _echo(f"merged   {o.key:<{width}}  {o.label}: same work as {o.key}; {o.detail}")
        elif o.action == "exists":
            _echo(f"exists   {o.key:<{width}}  {o.label}: already in the library")
        elif o.action == "unverified":
            _echo(f"unverified {o.key:<{width - 2}}  {o.label}: {o.detail}; added as cited, "
                       "marked refcheck = {unverified}", err=True)
            for cand in o.candidates[:5]:
                _echo(_candidate_line(cand), err=True)
        else:
            refused += 1
            _echo(f"refused  {'-':<{width}}  {o.label}: {o.detail}", err=True)
            for cand in o.candidates[:5]:
                _echo(_candidate_line(cand), err=True)
            if not o.candidates:
                _echo("  no candidate: add it by DOI or PMID, or check the reference", err=True)
        for note in o.notes:
            _echo(f"  note: {note}", err=True)
    return EXIT_FINDINGS if refused else EXIT_OK


def _add(items: list[UserInput], library_path: Path, utf8: bool, flags: dict[str, Any],
         keep_keys: bool = False, keep_unverified: bool = False, fmt: str = "text") -> int:
    from refcheck.library.ops import add_resolutions
    from refcheck.library.resolve import resolve

    library = load_library(library_path)  # before any lookup: a broken file fails fast
    as_read = read_text_or_none(library_path)
    settings = _settings(library_path, flags)
    resolutions = resolve(items, settings, _project_dir(library_path))
    before = dump_library(library), len(library.entries)
    outcomes = add_resolutions(library, resolutions, utf8=utf8, keep_keys=keep_keys,
                               keep_unverified=keep_unverified)
    code = _report_outcomes(outcomes, fmt)
    if dump_library(library) != before[0]:
        merged = sum(1 for o in outcomes if o.action == "merged")
        unverified = sum(1 for o in outcomes if o.action == "unverified")
        _saved(library, library_path, f"{len(library.entries) - before[1]} added"
               + (f" ({unverified} unverified)" if unverified else "") + f", {merged} merged", expected=as_read)
    else:
        _echo(f"{library_path}: unchanged", err=True)
    return code


@main.command()
@click.argument("items", nargs=-1)
@to_option
@click.option("--from", "from_file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read items from a file ('-' for stdin): one identifier or reference per line, "
                   "or a whole (numbered) reference list.")
@utf8_option
@unverified_option
@format_option
@lookup_options
def add(items: tuple[str, ...], library_path: Path, from_file: str | None, utf8: bool, keep_unverified: bool,
        fmt: str, **flags: Any) -> None:
    """Add references by DOI, PMID, PMCID, DOI/PubMed URL or free-text reference string.

    Each item is resolved and validated exactly as `check` does; an ambiguous or unmatched
    string is not added — you see the candidates instead (exit 1). An item that is the same
    work as an entry already in the library is merged into it (its missing identifiers are
    added; its key never changes), never added twice.
    """
    from refcheck.library.inputs import classify, split_items

    all_items = [classify(i) for i in items] + (split_items(_read_text(from_file)) if from_file else [])
    if not all_items:
        raise InputError("nothing to add: give DOIs, PMIDs, PMCIDs or reference strings (or --from FILE)")
    sys.exit(_add(all_items, library_path, utf8, flags, keep_unverified=keep_unverified, fmt=fmt))


def _read_text(path: str) -> str:
    """A text file (or stdin) decoded like `check` decodes manuscripts (BOMs, cp1252...)."""
    from refcheck.extract.reader import decode, is_binary, read_bytes

    data = read_bytes(path)
    if is_binary(data):
        raise InputError(f"{path}: not a text file")
    return decode(data, path)[0]


def _import_items(file: str) -> list[UserInput]:
    """The references of FILE as inputs: MEDLINE records, or entries of any format `check` reads.

    The bytes are read once, so standard input works for every format, MEDLINE included.
    """
    from refcheck.errors import NoReferencesError
    from refcheck.extract import extract_bytes
    from refcheck.extract.reader import read_bytes
    from refcheck.library.inputs import UserInput
    from refcheck.library.medline import looks_like_medline, medline_citations_from_text
    from refcheck.pipeline import parse_document

    data = read_bytes(file)
    head = data[:4096].decode("utf-8", "replace")
    if looks_like_medline(head):
        text = data.decode("utf-8", "replace")
        return [UserInput("citation", c.text, citation=c) for c in medline_citations_from_text(text)]
    doc = extract_bytes(file, data)
    if not doc.entries:
        raise NoReferencesError(f"{file}: no references found to import")
    return [UserInput("citation", c.text or raw.text, citation=c, key=raw.key)
            for raw, c in zip(doc.entries, parse_document(doc), strict=True)]


@main.command(name="import")
@click.argument("file", type=click.Path(allow_dash=True))
@to_option
@utf8_option
@click.option("--keep-keys", is_flag=True,
              help="Keep the cite keys the file already has (.bib, RIS ID, CSL id) instead of the "
                   "family+year+word scheme, when they are free.")
@unverified_option
@format_option
@lookup_options
def import_(file: str, library_path: Path, utf8: bool, keep_keys: bool, keep_unverified: bool, fmt: str,
            **flags: Any) -> None:
    """Import the references of FILE: a manuscript's list, a .bib, RIS, CSL-JSON or a PubMed/MEDLINE export.

    Every reference is resolved against the registries as `check` does and de-duplicated
    against the library; unmatched ones are listed with their candidates, not added (exit 1).
    """
    sys.exit(_add(_import_items(file), library_path, utf8, flags, keep_keys=keep_keys,
                  keep_unverified=keep_unverified, fmt=fmt))


# --------------------------------------------------------------------------- sync


def _sync_report(old: Entry, new: Entry, change: SyncChange, source: str) -> None:
    """One entry's difference with the registry, as a unified diff of its BibTeX."""
    if change.changed:
        _echo_diff(_entry_text(old), _entry_text(new), f"{old.key} (library)", f"{old.key} ({source})")
    for name, registered in change.pinned.items():
        _echo(f"{old.key}: {name} is pinned (refcheck-keep); the registry says {registered!r}", err=True)


@main.command()
@library_argument
@click.option("--write", is_flag=True, help="Apply the changes (keeps a backup).")
@click.option("--keep", "keep", multiple=True, metavar="FIELD",
              help="Never overwrite FIELD in any entry (repeatable), besides each entry's refcheck-keep.")
@utf8_option
@format_option
@lookup_options
def sync(library_path: Path, write: bool, keep: tuple[str, ...], utf8: bool, fmt: str, **flags: Any) -> None:
    """Re-check every entry against the registries and show what they now say differently.

    Shows a diff per entry (corrected pages, a retraction, a published version of a preprint);
    --write applies it, keeping a backup. Fields listed in an entry's `refcheck-keep` field
    (or given with --keep) are never overwritten. Without --write, exit 1 when the library is
    out of date.
    """
    from refcheck.library.convert import entry_to_citation
    from refcheck.library.inputs import UserInput
    from refcheck.library.ops import synced_entry
    from refcheck.library.resolve import resolve

    library = load_library(library_path, missing_ok=False)
    as_read = read_text_or_none(library_path)
    settings = _settings(library_path, flags)
    # Project-wide pins from the configuration (``library-keep = ["pages"]``), once config supports it.
    keep = (*keep, *settings.library_keep)
    entries = list(library.entries)
    items = [UserInput("citation", e.key, citation=entry_to_citation(e, i + 1)) for i, e in enumerate(entries)]
    resolutions = resolve(items, settings, _project_dir(library_path))
    published = _published_preprints(resolutions, settings, _project_dir(library_path))
    changed = unchecked = 0
    rows: list[dict[str, Any]] = []
    for i, (entry, res) in enumerate(zip(entries, resolutions, strict=True)):
        if res.work is None:
            unchecked += 1
            rows.append({"key": entry.key, "checked": False, "status": res.status.value, "reason": res.reason})
            _echo(f"{entry.key}: not checked ({res.status.value.replace('_', ' ')}"
                       f"{': ' + res.reason if res.reason else ''})", err=True)
            continue
        base = entry
        if i in published:  # a preprint since published: propose the journal version
            base, res.work = _as_published(entry, published[i])
        new_entry, change = synced_entry(base, res.work, utf8=utf8, keep=keep)
        ident = f"doi:{res.work.doi}" if res.work.doi else f"pmid:{res.work.pmid}"
        if fmt == "json":
            rows.append({"key": entry.key, "checked": True, "source": f"{res.work.source} {ident}",
                         "changed": bool(change.changed), "retracted": bool(change.retracted),
                         "fields": {k: list(v) for k, v in change.changed.items()}, "pinned": dict(change.pinned)})
        else:
            _sync_report(entry, new_entry, change, f"{res.work.source} {ident}")
        if change.retracted or (not change.changed and "retraction" in (value(entry, "refcheck-updates") or "")):
            _echo(f"{entry.key}: RETRACTED ({value(new_entry, 'refcheck-updates')})", err=True)
        if change.changed:
            changed += 1
            library.replace(entry, new_entry)
    note = f" ({unchecked} entries could not be checked)" if unchecked else ""
    if fmt == "json":
        _echo(json.dumps({"library": str(library_path), "written": write and bool(changed), "entries": rows},
                              indent=2, ensure_ascii=False))
    if not changed:
        _echo(f"{library_path}: up to date with the registries{note}", err=True)
    elif write:
        _saved(library, library_path, f"{_plural(changed, 'entry', 'entries')} updated{note}", expected=as_read)
    else:
        _echo(f"{library_path}: {_plural(changed, 'entry differs', 'entries differ')} from the registries{note}; "
                   "run with --write to apply", err=True)
    sys.exit(EXIT_FINDINGS if changed and not write else EXIT_OK)


def _published_preprints(resolutions: list[Any], settings: Any, project_dir: Path) -> dict[int, Any]:
    """Entry index -> journal version, for entries that cite a preprint since published (RC606)."""
    from refcheck.upgrade import published_dois, published_versions

    dois = {i: d for i, res in enumerate(resolutions) if res.work is not None
            and (d := published_dois(res.findings))}
    return published_versions(dois, settings, project_dir)


def _as_published(entry: Entry, work: Any) -> tuple[Entry, Any]:
    """The entry without its preprint-only fields, and the work to sync it with."""
    from refcheck.upgrade import PREPRINT_FIELDS

    _echo(f"{entry.key}: preprint since published as doi:{work.doi}; proposing the journal version", err=True)
    trimmed = Entry("article", entry.key, [f for f in entry.fields if f.key.lower() not in PREPRINT_FIELDS])
    return trimmed, work


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
        _echo(f"{manuscript}: {note}", err=True)
