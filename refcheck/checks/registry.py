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

A rule is an object, declared once as a module-level constant next to the check that emits
it; findings are made from the object, never from a code string, and other modules compare
``finding.code`` with ``RULE.code``. Checks are registered by decorators, in the order their
findings are reported::

    from refcheck.checks.registry import CheckInput, Stage, make_finding, reference_check, rule
    from refcheck.model import Severity

    MISSING_YEAR = rule(
        "RC902", "missing-year", "parse", Severity.WARNING,
        "No publication year could be found in the reference.",
        "Doc paragraph with an example."
    )

    @reference_check(Stage.PARSE)
    def check_parse(ref: CheckInput) -> list[Finding]:
        return [make_finding(MISSING_YEAR, "missing", "no year found")]

Per-reference checks run by :class:`Stage` (a stage says which references it applies to), in
registration order within a stage (the import order of ``refcheck/checks/__init__.py``, then
definition order); field checks (:func:`field_check`) run in the order a reference prints its
fields; list-level checks (:func:`file_check`) by :class:`ListStage`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar

from refcheck.errors import ConfigError
from refcheck.model import Finding, Severity

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.model import CheckedReference, Citation, Document, Match, Work

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
    # the user setting that replaces the default severity ("off" drops), e.g. journal-abbrev-policy
    policy: Callable[[Settings], str] | None = None


RULES: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    field: str,
    severity: Severity,
    summary: str,
    doc: str,
    *,
    enabled: bool = True,
    policy: Callable[[Settings], str] | None = None,
) -> Rule:
    """Declare (register) a rule. Re-registering the same code with a different name is a bug."""
    existing = RULES.get(code)
    if existing is not None and existing.name != name:
        raise ValueError(f"rule code {code} already registered as {existing.name}")
    if not (code.startswith("RC") and code[2:].isdigit() and len(code) == 5):
        raise ValueError(f"rule code must look like RC123, not {code!r}")
    if field not in FIELDS:
        raise ValueError(f"rule {code}: field must be one of {', '.join(FIELDS)} (JSON schema 1)")
    new = Rule(code, name, field, severity, summary, doc, enabled, policy)
    RULES[code] = new
    _BY_NAME[name] = new
    return new


def get_rule(code_or_name: str) -> Rule | None:
    """The rule for a code (any case) or a kebab-case name."""
    return RULES.get(code_or_name.upper()) or _BY_NAME.get(code_or_name.lower())


def make_finding(
    declared: Rule,
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
    """A Finding of ``declared``, whose field and default severity come from the rule."""
    return Finding(
        code=declared.code,
        field=field or declared.field,
        kind=kind,
        severity=severity or declared.severity,
        message=message,
        cited=cited,
        registered=registered,
        suggestion=suggestion,
        source=source or "refcheck",
    )


# --- check registration ------------------------------------------------------------------


class Stage(IntEnum):
    """When a per-reference check runs: the stages run in this order, which is the report's."""

    PARSE = 1  # every reference: fields the parse should have found
    CITED_IDS = 2  # every reference: identifier syntax, what the cited identifiers resolved to
    NOT_LINKED = 3  # nothing linked: why, and the other versions of the work that exist
    LINKED_IDS = 4  # a record linked: the reference's identifiers against it
    NOTICES = 5  # a record linked: retractions, corrections, notices, published versions
    FIELDS = 6  # a record linked: field by field (refcheck.checks.fields)

    def applies(self, linked: bool) -> bool:
        """Whether the stage runs for a reference with (or without) a linked record."""
        if self in (Stage.PARSE, Stage.CITED_IDS):
            return True
        return linked != (self is Stage.NOT_LINKED)


class ListStage(IntEnum):
    """When a list-level check runs (the report's order)."""

    DUPLICATES = 1
    ENTRIES = 2
    NUMBERING = 3


@dataclass(frozen=True, slots=True)
class CheckInput:
    """What a per-reference check reads: the reference, the matcher's verdict and the record."""

    citation: Citation
    match: Match
    settings: Settings
    work: Work | None = None  # the linked record (verified or mismatch), if any
    others: list[Work] = field(default_factory=list)  # the same work in the other registries
    source: str = ""  # the registry of ``work``

    def record(self) -> Work:
        """The linked record: only checks of a linked stage may ask for it."""
        if self.work is None:
            raise LookupError("no record is linked to this reference")
        return self.work


ReferenceCheck = Callable[[CheckInput], list[Finding]]
# (citation, work, settings, source, others): run against the linked record, and against the
# same work in another registry for the registries-disagree fallback
FieldCheck = Callable[["Citation", "Work", "Settings", str, "list[Work]"], list[Finding]]
FileCheck = Callable[["Sequence[CheckedReference]", "Document", "Settings"], list[Finding]]

# the fields a field check may compare, in the order a reference prints them (the report's order)
FIELD_ORDER = ("authors", "title", "journal", "year", "volume/issue", "pages")

K = TypeVar("K")
C = TypeVar("C")
_REFERENCE_CHECKS: list[tuple[Stage, ReferenceCheck]] = []
_FIELD_CHECKS: list[tuple[str, FieldCheck]] = []
_FILE_CHECKS: list[tuple[ListStage, FileCheck]] = []


def _registrar(checks: list[tuple[K, C]], when: K) -> Callable[[C], C]:
    """A decorator adding its function to ``checks`` under ``when`` (once, however often imported)."""
    def register(func: C) -> C:
        if (when, func) not in checks:
            checks.append((when, func))
        return func
    return register


def reference_check(stage: Stage) -> Callable[[ReferenceCheck], ReferenceCheck]:
    """Decorator: run ``func(CheckInput)`` for every reference the stage applies to."""
    return _registrar(_REFERENCE_CHECKS, stage)


def field_check(name: str) -> Callable[[FieldCheck], FieldCheck]:
    """Decorator: compare one field (``FIELD_ORDER``) of every linked reference with its record."""
    if name not in FIELD_ORDER:
        raise ValueError(f"field check {name!r}: must be one of {', '.join(FIELD_ORDER)}")
    return _registrar(_FIELD_CHECKS, name)


def file_check(stage: ListStage) -> Callable[[FileCheck], FileCheck]:
    """Decorator: run ``func(refs, doc, settings)`` on the whole list."""
    return _registrar(_FILE_CHECKS, stage)


def reference_checks(linked: bool) -> list[ReferenceCheck]:
    """The per-reference checks for a reference with (or without) a record, in report order."""
    ordered = sorted(_REFERENCE_CHECKS, key=lambda entry: entry[0])  # stable: registration order
    return [func for stage, func in ordered if stage.applies(linked)]


def field_checks() -> list[tuple[str, FieldCheck]]:
    """(field, check) in the order a reference prints its fields."""
    return sorted(_FIELD_CHECKS, key=lambda entry: FIELD_ORDER.index(entry[0]))


def file_checks() -> list[FileCheck]:
    """The list-level checks in report order."""
    return [func for _stage, func in sorted(_FILE_CHECKS, key=lambda entry: entry[0])]


# --- user policy -------------------------------------------------------------------------

_OFF = {"off", "ignore", "none", "disabled"}


def selects(selector: str, code: str) -> bool:
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
        if selects(selector, code):
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
    ``severity`` override (``off`` drops); then a rule's own policy setting (``journal-abbrev-policy``); then rules
    that are disabled by default are dropped unless the user gave them a severity.
    """
    ignores = list(settings.ignore) + list(extra_ignores)
    if number is not None:
        ignores.extend(settings.ignore_refs.get(number, []))
    out: list[Finding] = []
    for f in findings:
        if any(selects(sel, f.code) for sel in ignores):
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
            if declared is not None and declared.policy is not None:
                policy = declared.policy(settings).lower()
                if policy in _OFF:
                    continue
                f.severity = _parse_severity(policy, f.code) or f.severity
        out.append(f)
    return out
