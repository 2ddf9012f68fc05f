"""Command-line interface (click).

One module per command family, each registering itself on :data:`main`:
``check`` and ``parse`` (this package's ``check.py``), ``rules``/``rule`` (``rules.py``),
``bib``/``fix`` (``output.py``), ``cache`` (``cache.py``), ``mirror`` (``mirror.py``), ``batch``
(``batch.py``) and the reference-manager commands (``library.py`` without look-ups,
``library_lookup.py`` with them).

Errors a user can cause end in one line on stderr and a documented exit code
(:mod:`refcheck.errors`); set ``REFCHECK_DEBUG=1`` to see a traceback instead.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from typing import Any

import click

from refcheck import __version__
from refcheck.errors import EXIT_INTERNAL, EXIT_USAGE, RefcheckError

# OS errors a user causes (full or read-only disk, permissions, special files): exit 2, one line.
USER_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.ELOOP,
                         errno.ENOENT, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.EFBIG})


class RefcheckGroup(click.Group):
    """A click group that turns refcheck errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RefcheckError as exc:
            click.echo(f"refcheck: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("refcheck: interrupted", err=True)
            _exit_now_if_threads_linger(130)
            ctx.exit(130)
        except BrokenPipeError:
            # `refcheck parse big.txt | head`: stop quietly, like other Unix tools.
            sys.stderr.close()
            ctx.exit(0)
        except OSError as exc:
            if exc.errno not in USER_ERRNOS:
                _internal(ctx, exc)
            # disk full, read-only, permissions: the user's condition, not a bug (issue #17)
            name = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"refcheck: error: {name}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except Exception as exc:  # a bug: still one line unless debugging
            _internal(ctx, exc)


def _internal(ctx: click.Context, exc: Exception) -> None:
    """Exit 70 for a bug; REFCHECK_DEBUG adds the traceback but never changes the exit code."""
    if os.environ.get("REFCHECK_DEBUG"):
        traceback.print_exception(exc)
    else:
        click.echo(
            f"refcheck: internal error: {type(exc).__name__}: {exc} "
            "(set REFCHECK_DEBUG=1 for a traceback and please report it)",
            err=True,
        )
    ctx.exit(EXIT_INTERNAL)


def _exit_now_if_threads_linger(code: int) -> None:
    """After Ctrl-C, leave at once even if registry worker threads still wait on a socket.

    A normal exit joins them (each up to its read timeout: ~20 s measured before this); the
    guard already cancelled their later requests and nothing they could still write matters.
    Only in a real ``refcheck`` process (not under click's test runner in a test process)."""
    import threading

    lingering = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()]
    program = sys.argv[0] if sys.argv else ""
    if lingering and (os.path.basename(program) == "refcheck"
                      or program.endswith(os.path.join("refcheck", "__main__.py"))):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@click.group(cls=RefcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="refcheck")
def main() -> None:
    """Check the reference list of a manuscript against Crossref and PubMed.

    \b
    Typical use:
      refcheck check paper.md            report every reference problem
      refcheck parse paper.md            show how the references were parsed
      refcheck bib paper.md -o refs.bib  write clean BibTeX
      refcheck rules                     list the rule codes

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error,
    3 some references unchecked (with --strict or --hook), 4 no reference list found.
    """


def _register() -> None:
    """Import the command modules so that they attach themselves to ``main``."""
    import importlib

    for name in ("check", "rules", "output", "cache", "mirror", "library", "library_lookup", "batch"):
        importlib.import_module(f"refcheck.cli.{name}")


_register()
