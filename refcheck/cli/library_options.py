"""Options and output helpers shared by the reference-manager commands (:mod:`refcheck.cli.library`,
:mod:`refcheck.cli.library_lookup`): one ``--library`` option, one way to print text that may come
from a user's library or a registry record, one way to save with a backup.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from bibtexparser.library import Library
from bibtexparser.model import Entry

from refcheck.library.store import DEFAULT_LIBRARY, dump_library, save_library

if TYPE_CHECKING:
    from refcheck.config import Settings

library_option = click.option(
    "--library", "-l", "library_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_LIBRARY,
    show_default=True, help="The library file.")
to_option = click.option("--library", "-l", "--to", "library_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=DEFAULT_LIBRARY, show_default=True,
                         help="The library to add to (--to is an alias).")


def echo(message: str, **kwargs: Any) -> None:
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


def echo_diff(old: str, new: str, old_name: str, new_name: str) -> bool:
    """Print a unified diff; True when there is a difference."""
    diff = list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), old_name, new_name, n=1))
    for line in diff:
        echo(line, nl=not line.endswith("\n"))
    return bool(diff)


def entry_text(entry: Entry) -> str:
    """One entry as the library file shows it (for ``show`` and the per-entry diffs of ``sync``)."""
    one = Library()
    one.add(entry)
    return dump_library(one)


def library_settings(library_path: Path, flags: dict[str, Any]) -> Settings:
    """The lookup settings ``check`` would use, with the project configuration found from the library."""
    from refcheck.cli.check import settings_for

    return settings_for(str(library_path), **flags)


def plural(n: int, one: str, many: str) -> str:
    """``1 entry`` / ``2 entries``."""
    return f"{n} {one if n == 1 else many}"


def project_dir(library_path: Path) -> Path:
    """The directory whose mirror and cache serve this library's look-ups."""
    return library_path.resolve().parent


def saved(library: Library, library_path: Path, what: str, expected: str | object | None = ...) -> None:
    """Write the library atomically (refused if the file changed since ``expected`` was read) and say so."""
    backup = save_library(library, library_path, expected=expected)
    echo(f"{library_path}: {what}" + (f" (backup: {backup})" if backup else ""), err=True)

