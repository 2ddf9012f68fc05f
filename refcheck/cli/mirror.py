"""``refcheck mirror build`` / ``refcheck mirror info``: the local offline copy of the registries."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from refcheck.cli import main
from refcheck.cli.check import settings_for
from refcheck.errors import InputError
from refcheck.mirror import Located

_DB_HELP = ("Mirror database file (default: REFCHECK_MIRROR / config 'mirror', else an existing "
            "<cache dir>/mirror.sqlite, else the per-user mirror, found from any directory).")


def _locate(db: Path | None, cache_dir: Path | None) -> Located:
    """The mirror to build or show, and how ``refcheck check`` (run from here) will find it."""
    from refcheck.mirror import Located, locate
    from refcheck.paths import default_cache_dir

    settings = settings_for(".", cache_dir=cache_dir)
    found = locate(settings, default_cache_dir(Path.cwd(), settings.cache_dir))
    if db is None or (db.exists() and found.exists and db.resolve() == found.path.resolve()):
        return found
    return Located(db, "given with --db: refcheck check uses it only with --mirror PATH, "
                       "REFCHECK_MIRROR=PATH or config 'mirror'", db.is_file())



def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


@main.group()
def mirror() -> None:
    """Build and inspect the local mirror used to check references offline.

    \b
    refcheck mirror build ../shared/data      ingest record files (directories walked)
    refcheck mirror build dump/ --complete crossref --as-of 2025-04-30
                                              ... declaring a full snapshot
    refcheck mirror info                      what the mirror holds, and its coverage

    `refcheck check --offline` (or unreachable registries) then uses the mirror. A reference
    outside its coverage (a subset, by default) is 'unchecked', never 'not found'.
    """


@mirror.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--mirror", "--db", "db", type=click.Path(dir_okay=False, path_type=Path), help=_DB_HELP)
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache directory holding mirror.sqlite (env REFCHECK_CACHE_DIR).")
@click.option("--workers", "-j", type=click.IntRange(1, 64), default=None,
              help="Parse processes (default: 1 for small inputs, else up to 4 by CPU count).")
@click.option("--complete", "complete", multiple=True, metavar="REGISTRY[:SCOPE]",
              help="Declare what PATHS hold in full, so that a record missing from the mirror is a "
                   "verdict there: 'crossref' (a whole public data file), 'pubmed' (a baseline), "
                   "'crossref:prefix=10.1016[,...]', 'crossref:years=2000-2010', "
                   "'crossref:issn=0098-7484'. Repeatable. "
                   "Without it the input is a subset: missing records are 'unchecked', never 'not found'.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Date of the snapshot declared with --complete.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary line.")
def build(paths: tuple[Path, ...], db: Path | None, cache_dir: Path | None, workers: int | None,
          complete: tuple[str, ...], as_of: str | None, quiet: bool) -> None:
    """Ingest the record files under PATHS into the mirror (adds or updates records).

    Reads Crossref public-data-file chunks (*.json.gz with {"items": [...]}), JSON-lines
    of work records (.jsonl[.gz]), /works/{doi} envelopes and bare messages, work-list
    responses, PubMed XML (efetch or baseline PubmedArticleSet, .xml[.gz]) and MEDLINE text
    (.txt/.nbib). Everything else is skipped and listed. Memory stays bounded: files are streamed record by record.
    The first build into a new file is a bulk load (indexes built at the end); if it is killed,
    delete the file and build again. Later builds upsert (the newer copy of a record wins).
    """
    from refcheck.mirror.build import build_mirror
    from refcheck.mirror.coverage import Declared
    from refcheck.mirror.db import MirrorError

    declared = Declared.parse(complete, as_of)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    located = _locate(db, cache_dir)
    target = located.path
    show = not quiet and sys.stderr.isatty()

    def progress(stats, path: str) -> None:  # type: ignore[no-untyped-def]
        if show:
            click.echo(f"\r{stats.records:>12,} records  {stats.files:>6,} files", nl=False, err=True)

    try:
        stats = build_mirror(paths, target, workers=workers, progress=progress, declared=declared)
    except MirrorError as exc:
        raise InputError(str(exc)) from exc
    if show:
        click.echo("", err=True)
    rate = stats.records / stats.seconds if stats.seconds else 0.0
    click.echo(f"mirror: {target}")
    click.echo(f"found by refcheck check as: {located.how}")
    click.echo(f"coverage: {_coverage_line(target)}")
    click.echo(f"ingested {stats.records:,} records from {stats.files:,} files in {stats.seconds:.1f} s "
               f"({rate:,.0f} records/s): {stats.inserted:,} new, {stats.updated:,} updated, "
               f"{stats.unchanged:,} unchanged (already stored, or an older copy)")
    if stats.skipped and not quiet:
        skipped_files = sum(len(v) for v in stats.skipped.values())
        click.echo(f"skipped {skipped_files:,} files or parts of files ({stats.skipped_records:,} records):")
        for reason, where in sorted(stats.skipped.items(), key=lambda kv: -len(kv[1])):
            example = Path(where[0]).name
            more = f" and {len(where) - 1} more" if len(where) > 1 else ""
            click.echo(f"  {reason}: {example}{more}")


@mirror.command()
@click.option("--mirror", "--db", "db", type=click.Path(dir_okay=False, path_type=Path), help=_DB_HELP)
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache directory holding mirror.sqlite (env REFCHECK_CACHE_DIR).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def info(db: Path | None, cache_dir: Path | None, fmt: str) -> None:
    """Show what the mirror holds: records by registry and type, size, builds, coverage."""
    from refcheck.mirror.build import mirror_info
    from refcheck.mirror.db import MirrorError

    located = _locate(db, cache_dir)
    target = located.path
    try:
        data = mirror_info(target)
    except MirrorError as exc:
        raise InputError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"mirror: {data['path']}")
    click.echo(f"found by refcheck check as: {located.how}")
    click.echo(f"size: {_size(data['size_bytes'])} ({data['bytes_per_record'] or 0:.0f} bytes/record)")
    click.echo(f"built: {data['built'] or '-'}   last updated: {data['updated'] or '-'}")
    click.echo(f"records: {data['records']:,}")
    for source, count in data["by_source"].items():
        types = ", ".join(f"{t} {n:,}" for t, n in list(data["by_type"][source].items())[:8])
        click.echo(f"  {source}: {count:,} ({types})")
    click.echo(f"  DOIs with both a Crossref and a PubMed record: {data['dois_in_both']:,}")
    click.echo("coverage (where a missing record is a verdict; elsewhere references are 'unchecked'):")
    for source, cov in data["coverage"].items():
        click.echo(f"  {source}: {cov['describe']}")
    if any(not (c["complete"] or c["prefixes"] or c["years"] or c["issns"]) for c in data["coverage"].values()):
        click.echo("  (a full snapshot is declared with `refcheck mirror build ... --complete crossref`)")
    if data["builds"]:
        click.echo("builds:")
        for b in data["builds"][-5:]:
            click.echo(f"  {b['time']}  +{b['inserted']:,} new, {b['updated']:,} updated  "
                       f"from {', '.join(b['paths'])}")


def _coverage_line(path: Path) -> str:
    """``crossref: a subset of 7,995 records; pubmed: ...`` right after a build."""
    from refcheck.mirror.coverage import META_KEY, loads
    from refcheck.mirror.db import connect, get_meta

    conn = connect(path, readonly=True)
    try:
        coverage = loads(get_meta(conn, META_KEY))
    finally:
        conn.close()
    return "; ".join(f"{name}: {cov.describe()}" for name, cov in coverage.items() if cov.records) or "empty"
