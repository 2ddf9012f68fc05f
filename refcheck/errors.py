"""User-facing errors and the documented exit codes.

Every error a user can cause (bad file, bad option, no reference list) is a
:class:`RefcheckError` subclass carrying its exit code; the CLI prints its message on one
line and exits with that code, never with a traceback.
"""

from __future__ import annotations

# Documented exit codes (README "Exit codes").
EXIT_OK = 0  # no finding at or above --fail-on
EXIT_FINDINGS = 1  # findings at or above --fail-on
EXIT_USAGE = 2  # usage error, unreadable or invalid input
EXIT_UNCHECKED = 3  # --strict and some references could not be checked
EXIT_NO_REFERENCES = 4  # the file has no recognisable reference list
EXIT_INTERNAL = 70  # a bug in refcheck (EX_SOFTWARE); please report it


class RefcheckError(Exception):
    """Base class of errors reported to the user as one line."""

    exit_code = EXIT_USAGE


class InputError(RefcheckError):
    """The input file cannot be read or is not text (binary, too large, missing)."""

    exit_code = EXIT_USAGE


class NoReferencesError(RefcheckError):
    """The input has no reference section."""

    exit_code = EXIT_NO_REFERENCES


class ConfigError(RefcheckError):
    """Invalid configuration (pyproject.toml / .refcheck.toml / flags)."""

    exit_code = EXIT_USAGE


class SourceUnavailable(Exception):
    """A registry could not answer (outage, 429 after retries, offline cache miss).

    Never a verdict: the matcher turns it into ``Status.UNCHECKED`` with ``reason``.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
