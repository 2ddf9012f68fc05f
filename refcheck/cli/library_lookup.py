"""Reference-manager commands that ask the registries: add, import, sync.

Each input is resolved and validated exactly as ``check`` does (:mod:`refcheck.library.resolve`);
the library is written only when something changed, atomically and with a backup. Exit codes as
in :mod:`refcheck.cli.library`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from bibtexparser.model import Entry

from refcheck.cli import main
from refcheck.cli.check import lookup_options
from refcheck.cli.library_options import (
    echo,
    echo_diff,
    entry_text,
    format_option,
    library_argument,
    library_settings,
    plural,
    project_dir,
    saved,
    to_option,
    unverified_option,
    utf8_option,
)
from refcheck.errors import EXIT_FINDINGS, EXIT_OK, InputError
from refcheck.library.convert import value
from refcheck.library.store import dump_library, load_library, read_text_or_none

if TYPE_CHECKING:
    from refcheck.library.inputs import UserInput
    from refcheck.library.ops import AddOutcome, SyncChange


# --------------------------------------------------------------------------- add / import


def _candidate_line(cand: Any) -> str:
    who = cand.authors[0].display() if cand.authors else "?"
    ids = " ".join(x for x in (cand.doi and f"doi:{cand.doi}", cand.pmid and f"pmid:{cand.pmid}") if x)
    return f"  candidate: {who} ({cand.year or 'n.d.'}) {(cand.title or '')[:70]} {ids}".rstrip()


def _report_outcomes(outcomes: list[AddOutcome], fmt: str = "text") -> int:
    """Tell the user what happened to each input; exit 1 when something was not added."""
    if fmt == "json":
        echo(json.dumps([{"input": o.label, "action": o.action, "key": o.key, "detail": o.detail,
                          "candidates": [c.doi or c.pmid for c in o.candidates[:5]], "notes": o.notes}
                         for o in outcomes], indent=2, ensure_ascii=False))
        return EXIT_FINDINGS if any(o.action == "refused" for o in outcomes) else EXIT_OK
    refused = 0
    width = max([len(o.key or "-") for o in outcomes] + [8])
    for o in outcomes:
        if o.action == "added":
            echo(f"added    {o.key:<{width}}  {o.label}")
        elif o.action == "merged":
            echo(f"merged   {o.key:<{width}}  {o.label}: same work as {o.key}; {o.detail}")
        elif o.action == "exists":
            echo(f"exists   {o.key:<{width}}  {o.label}: already in the library")
        elif o.action == "unverified":
            echo(f"unverified {o.key:<{width - 2}}  {o.label}: {o.detail}; added as cited, "
                 "marked refcheck = {unverified}", err=True)
            for cand in o.candidates[:5]:
                echo(_candidate_line(cand), err=True)
        else:
            refused += 1
            echo(f"refused  {'-':<{width}}  {o.label}: {o.detail}", err=True)
            for cand in o.candidates[:5]:
                echo(_candidate_line(cand), err=True)
            if not o.candidates:
                echo("  no candidate: add it by DOI or PMID, or check the reference", err=True)
        for note in o.notes:
            echo(f"  note: {note}", err=True)
    return EXIT_FINDINGS if refused else EXIT_OK


def _add(items: list[UserInput], library_path: Path, utf8: bool, flags: dict[str, Any],
         keep_keys: bool = False, keep_unverified: bool = False, fmt: str = "text") -> int:
    from refcheck.library.ops import add_resolutions
    from refcheck.library.resolve import resolve

    library = load_library(library_path)  # before any lookup: a broken file fails fast
    as_read = read_text_or_none(library_path)
    settings = library_settings(library_path, flags)
    resolutions = resolve(items, settings, project_dir(library_path))
    before = dump_library(library), len(library.entries)
    outcomes = add_resolutions(library, resolutions, utf8=utf8, keep_keys=keep_keys,
                               keep_unverified=keep_unverified)
    code = _report_outcomes(outcomes, fmt)
    if dump_library(library) != before[0]:
        merged = sum(1 for o in outcomes if o.action == "merged")
        unverified = sum(1 for o in outcomes if o.action == "unverified")
        saved(library, library_path, f"{len(library.entries) - before[1]} added"
               + (f" ({unverified} unverified)" if unverified else "") + f", {merged} merged", expected=as_read)
    else:
        echo(f"{library_path}: unchanged", err=True)
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
    from refcheck.formats.medline import looks_like_medline
    from refcheck.library.inputs import UserInput
    from refcheck.library.medline import medline_citations_from_text
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
        echo_diff(entry_text(old), entry_text(new), f"{old.key} (library)", f"{old.key} ({source})")
    for name, registered in change.pinned.items():
        echo(f"{old.key}: {name} is pinned (refcheck-keep); the registry says {registered!r}", err=True)


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
    settings = library_settings(library_path, flags)
    # Project-wide pins from the configuration (``library-keep = ["pages"]``) add to --keep.
    keep = (*keep, *settings.library_keep)
    entries = list(library.entries)
    items = [UserInput("citation", e.key, citation=entry_to_citation(e, i + 1)) for i, e in enumerate(entries)]
    resolutions = resolve(items, settings, project_dir(library_path))
    published = _published_preprints(resolutions, settings, project_dir(library_path))
    changed = unchecked = 0
    rows: list[dict[str, Any]] = []
    for i, (entry, res) in enumerate(zip(entries, resolutions, strict=True)):
        if res.work is None:
            unchecked += 1
            rows.append({"key": entry.key, "checked": False, "status": res.status.value, "reason": res.reason})
            echo(f"{entry.key}: not checked ({res.status.value.replace('_', ' ')}"
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
            echo(f"{entry.key}: RETRACTED ({value(new_entry, 'refcheck-updates')})", err=True)
        if change.changed:
            changed += 1
            library.replace(entry, new_entry)
    note = f" ({unchecked} entries could not be checked)" if unchecked else ""
    if fmt == "json":
        echo(json.dumps({"library": str(library_path), "written": write and bool(changed), "entries": rows},
                        indent=2, ensure_ascii=False))
    if not changed:
        echo(f"{library_path}: up to date with the registries{note}", err=True)
    elif write:
        saved(library, library_path, f"{plural(changed, 'entry', 'entries')} updated{note}", expected=as_read)
    else:
        echo(f"{library_path}: {plural(changed, 'entry differs', 'entries differ')} from the registries{note}; "
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

    echo(f"{entry.key}: preprint since published as doi:{work.doi}; proposing the journal version", err=True)
    trimmed = Entry("article", entry.key, [f for f in entry.fields if f.key.lower() not in PREPRINT_FIELDS])
    return trimmed, work

