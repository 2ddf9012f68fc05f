"""The rule registry: every finding refcheck can emit has a code, a name and a default severity.

Ruff-like: a rule is declared once (:func:`rule`), documented from the registry
(``refcheck rules``, ``refcheck rule CODE``, ``docs/rules.md``), and every finding is built with
:func:`make_finding` so that its field and default severity come from the declaration. User
configuration (``severity``, ``ignore``, ``ignore-refs``, ``per-file-ignores``,
``journal-abbrev-policy``) is applied in exactly one place, :func:`apply_policy`, so no check
has to know about it.

Code families::

    RC0xx  cross-registry notes           RC5xx  identifiers (DOI, PMID)
    RC1xx  authors                        RC6xx  editorial updates (retraction, EoC, correction)
    RC2xx  title                          RC7xx  list-level: numbering (RC701-RC709), duplicates
    RC3xx  journal                        RC8xx  matching outcome (not found, ambiguous, unchecked)
    RC4xx  year, volume, issue, pages     RC9xx  parse-level problems

API for other modules (e.g. ``refcheck/checks/numbering.py``)::

    from refcheck.checks.registry import file_check, make_finding, rule
    from refcheck.model import Severity

    rule("RC701", "numbering-gap", "numbering", Severity.WARNING,
         "A number is skipped in the reference list.",
         "Doc paragraph... Example: references 1, 2, 4 (3 is missing).")

    @file_check
    def numbering(refs, doc, settings):          # -> list[Finding]
        return [make_finding("RC701", "missing", "reference 3 is missing")]

``check_file_level`` imports ``refcheck.checks.numbering`` (when it exists) and runs every
function registered with :func:`file_check`; it applies the user's policy afterwards.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from refcheck.errors import ConfigError
from refcheck.model import Finding, Severity

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.model import CheckedReference, Document

# Finding.field values allowed by the JSON report schema (refcheck/report/schema-1.json)
FIELDS = (
    "authors", "title", "journal", "year", "volume", "issue", "pages", "doi", "pmid",
    "retraction", "duplicate", "numbering", "match", "parse", "registries",
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: the stable code users put in config files, and how it is documented."""

    code: str  # "RC101"
    name: str  # kebab-case, also accepted wherever a code is
    field: str  # default Finding.field
    severity: Severity  # default severity (before user overrides)
    summary: str  # one line, shown by `refcheck rules`
    doc: str  # one paragraph with an example, shown by `refcheck rule CODE`
    enabled: bool = True  # False: only emitted when the user sets a severity for it


RULES: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}
FileCheck = Callable[["Sequence[CheckedReference]", "Document", "Settings"], list[Finding]]
FILE_CHECKS: list[FileCheck] = []


def rule(
    code: str,
    name: str,
    field: str,
    severity: Severity,
    summary: str,
    doc: str,
    *,
    enabled: bool = True,
) -> Rule:
    """Declare (register) a rule. Re-registering the same code with a different name is a bug."""
    existing = RULES.get(code)
    if existing is not None and existing.name != name:
        raise ValueError(f"rule code {code} already registered as {existing.name}")
    if not (code.startswith("RC") and code[2:].isdigit() and len(code) == 5):
        raise ValueError(f"rule code must look like RC123, not {code!r}")
    if field not in FIELDS:
        raise ValueError(f"rule {code}: field must be one of {', '.join(FIELDS)} (JSON schema 1)")
    new = Rule(code, name, field, severity, summary, doc, enabled)
    RULES[code] = new
    _BY_NAME[name] = new
    return new


def file_check(func: FileCheck) -> FileCheck:
    """Decorator: run ``func(refs, doc, settings)`` as part of :func:`check_file_level`."""
    if func not in FILE_CHECKS:
        FILE_CHECKS.append(func)
    return func


def get_rule(code_or_name: str) -> Rule | None:
    """The rule for a code (any case) or a kebab-case name."""
    return RULES.get(code_or_name.upper()) or _BY_NAME.get(code_or_name.lower())


def make_finding(
    code: str,
    kind: str,
    message: str,
    *,
    cited: str | None = None,
    registered: str | None = None,
    suggestion: str | None = None,
    source: str = "refcheck",
    severity: Severity | None = None,
    field: str | None = None,
) -> Finding:
    """A Finding whose field and default severity come from the registered rule."""
    declared = RULES[code]
    return Finding(
        code=code,
        field=field or declared.field,
        kind=kind,
        severity=severity or declared.severity,
        message=message,
        cited=cited,
        registered=registered,
        suggestion=suggestion,
        source=source or "refcheck",
    )


# --- user policy -------------------------------------------------------------------------

_OFF = {"off", "ignore", "none", "disabled"}


def _selector_matches(selector: str, code: str) -> bool:
    """``RC1`` selects RC1xx (ruff-style prefixes); ``author-typo`` selects by name."""
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper().startswith("RC"):
        return code.startswith(sel.upper())
    found = _BY_NAME.get(sel.lower())
    return found is not None and found.code == code


def _override(settings: Settings, code: str) -> str | None:
    """The user's severity for ``code``: the most specific matching selector wins."""
    best: tuple[int, str] | None = None
    for selector, value in settings.severity.items():
        if _selector_matches(selector, code):
            weight = len(selector) if selector.upper().startswith("RC") else 99
            if best is None or weight > best[0]:
                best = (weight, value)
    return None if best is None else best[1].strip().lower()


def _parse_severity(value: str, code: str) -> Severity | None:
    if value in _OFF:
        return None
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"severity for {code} must be error, warning, info or off, not {value!r}"
        ) from None


def ignored_for_path(settings: Settings, path: str | None) -> list[str]:
    """Selectors from ``per-file-ignores`` whose glob matches ``path`` (name or full path)."""
    if not path or not settings.per_file_ignores:
        return []
    out: list[str] = []
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for pattern, codes in settings.per_file_ignores.items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(name, pattern):
            out.extend(codes)
    return out


def apply_policy(
    findings: Iterable[Finding],
    settings: Settings,
    number: int | None = None,
    extra_ignores: Sequence[str] = (),
) -> list[Finding]:
    """Apply ignores and severity overrides; the single place where user policy is enforced.

    Order: ignored codes (global, per reference, per file) are dropped; then an explicit
    ``severity`` override (``off`` drops); then ``journal-abbrev-policy`` for RC302; then rules
    that are disabled by default are dropped unless the user gave them a severity.
    """
    ignores = list(settings.ignore) + list(extra_ignores)
    if number is not None:
        ignores.extend(settings.ignore_refs.get(number, []))
    out: list[Finding] = []
    for f in findings:
        if any(_selector_matches(sel, f.code) for sel in ignores):
            continue
        override = _override(settings, f.code)
        if override is not None:
            sev = _parse_severity(override, f.code)
            if sev is None:
                continue
            f.severity = sev
        else:
            declared = RULES.get(f.code)
            if declared is not None and not declared.enabled:
                continue
            if f.code == "RC302":
                policy = (settings.journal_abbrev_policy or "info").lower()
                if policy in _OFF:
                    continue
                f.severity = _parse_severity(policy, f.code) or f.severity
        out.append(f)
    return out
