"""``refcheck cache info`` / ``refcheck cache clear``: inspect or empty the lookup cache."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from refcheck.cli import main
from refcheck.cli.check import settings_for
from refcheck.errors import InputError


def _directory(cache_dir: Path | None) -> Path:
    """The cache directory of the current project (or ``--cache-dir``), as ``refcheck check`` uses it."""
    from refcheck.paths import default_cache_dir

    settings = settings_for(".", cache_dir=cache_dir)
    return default_cache_dir(Path.cwd(), settings.cache_dir)


def _open(directory: Path):  # type: ignore[no-untyped-def]
    import sqlite3

    from refcheck.sources.cache import Cache

    try:
        return Cache(directory)
    except (OSError, sqlite3.Error) as exc:
        raise InputError(f"cannot open the lookup cache in {directory}: {exc}") from exc


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def _age(then: float | None) -> str:
    if not then:
        return "-"
    days = (time.time() - then) / 86400
    return f"{days * 24:.0f} h" if days < 1 else f"{days:.0f} d"


@main.group()
def cache() -> None:
    """Inspect or clear the registry lookup cache.

    \b
    refcheck cache info            where the cache is and what it holds
    refcheck cache clear           delete every cached answer
    refcheck cache clear --expired delete only answers past their time-to-live

    Location: --cache-dir, env REFCHECK_CACHE_DIR, config 'cache-dir', else <project>/cache/
    when that folder exists, else the per-user cache folder.
    """


@cache.command()
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Lookup cache directory (env REFCHECK_CACHE_DIR).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
def info(cache_dir: Path | None, fmt: str, as_json: bool) -> None:
    """Show where the cache is, its size and what it holds per registry."""
    from refcheck.sources.cache import CACHE_FILE

    directory = _directory(cache_dir)
    as_json = as_json or fmt == "json"
    if not (directory / CACHE_FILE).is_file():
        if as_json:
            click.echo(json.dumps({"path": str(directory / CACHE_FILE), "entries": 0, "groups": []}, indent=2))
            return
        click.echo(f"cache: {directory / CACHE_FILE} (empty: nothing cached yet)")
        return
    store = _open(directory)
    try:
        data = store.info()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"cache: {data['path']} ({_size(float(data['bytes']))}, {data['entries']} entries)")
    for group in data["groups"]:  # type: ignore[attr-defined]
        kind = f"{group['source']} {group['kind']}" + (" (not found)" if group["negative"] else "")
        click.echo(f"  {kind:<32} {group['count']:>7}  newest {_age(group['newest'])} ago, "
                   f"oldest {_age(group['oldest'])} ago")


@cache.command()
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Lookup cache directory (env REFCHECK_CACHE_DIR).")
@click.option("--source", type=click.Choice(["crossref", "pubmed"]), help="Only this registry's answers.")
@click.option("--expired", is_flag=True, help="Only answers past their time-to-live.")
def clear(cache_dir: Path | None, source: str | None, expired: bool) -> None:
    """Delete cached answers (the local mirror, if any, is left alone)."""
    from refcheck.sources.cache import CACHE_FILE

    directory = _directory(cache_dir)
    if not (directory / CACHE_FILE).is_file():
        click.echo(f"nothing to clear: no cache at {directory / CACHE_FILE}")
        return
    store = _open(directory)
    try:
        removed = store.clear(source, expired_only=expired)
    finally:
        store.close()
    click.echo(f"removed {removed} cached answer(s) from {store.path}")
