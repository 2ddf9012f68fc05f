"""Stage 5, checks: field-by-field rules producing findings.

``run_checks(citation, match, settings)`` compares one parsed reference with the registry
record the matcher linked (``match.work``), field by field, and returns findings with rule
codes (see :mod:`refcheck.checks.registry` for the codes and the registration API).
``check_file_level(refs, doc, settings)`` runs the list-level rules (numbering, duplicates).

When the same work is known from a second registry (``match.other``) and the reference
disagrees with the primary record on a field but agrees with the other, the field's findings
are replaced by one RC001 "registries disagree" info: the manuscript is not wrong.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Sequence

from refcheck.checks import (  # noqa: F401 - importing registers the rules
    authors,
    duplicates,
    identifiers,
    journal,
    numbers,
    outcome,
    splitting,
    title,
    updates,
)
from refcheck.checks.align import align_reference, aligned_citation
from refcheck.checks.recover import recover_byline
from refcheck.checks.registry import (
    FILE_CHECKS,
    RULES,
    Rule,
    apply_policy,
    file_check,
    get_rule,
    ignored_for_path,
    make_finding,
    rule,
)
from refcheck.config import Settings
from refcheck.model import CheckedReference, Citation, Document, Finding, Match, Severity, Status, Work

__all__ = [
    "RULES", "Rule", "apply_policy", "check_file_level", "file_check", "get_rule", "linked_citation",
    "load_all_rules", "make_finding", "read_against_record", "rule", "run_checks",
]

FieldCheck = Callable[[Citation, Work, Settings, str, list[Work]], list[Finding]]

_OPTIONAL_MODULES = ("refcheck.checks.numbering",)
_loaded = False


def load_all_rules() -> dict[str, Rule]:
    """Import rule modules owned by others (numbering) so that every rule is registered."""
    global _loaded
    if not _loaded:
        for name in _OPTIONAL_MODULES:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
        _loaded = True
    return RULES


def _authors(c: Citation, w: Work, s: Settings, src: str, others: list[Work]) -> list[Finding]:
    return authors.check_authors(c, w, s, src)


def _title(c: Citation, w: Work, s: Settings, src: str, others: list[Work]) -> list[Finding]:
    return title.check_title(c, w, src)


def _journal(c: Citation, w: Work, s: Settings, src: str, others: list[Work]) -> list[Finding]:
    return journal.check_journal(c, w, src, others)


def _year(c: Citation, w: Work, s: Settings, src: str, others: list[Work]) -> list[Finding]:
    return numbers.check_year(c, w, src)


def _volume_issue(c: Citation, w: Work, s: Settings, src: str, others: list[Work]) -> list[Finding]:
    return numbers.check_volume_issue(c, w, src)


def _pages(c: Citation, w: Work, s: Settings, src: str, others: list[Work]) -> list[Finding]:
    return numbers.check_pages(c, w, src)


FIELD_CHECKS: tuple[tuple[str, FieldCheck], ...] = (
    ("authors", _authors),
    ("title", _title),
    ("journal", _journal),
    ("year", _year),
    ("volume/issue", _volume_issue),
    ("pages", _pages),
)


def _serious(findings: Sequence[Finding]) -> bool:
    return any(f.severity.rank >= Severity.WARNING.rank for f in findings)


def _field_findings(citation: Citation, work: Work, settings: Settings, source: str,
                    others: list[Work]) -> list[Finding]:
    """Every field check against the primary work, with the registries-disagree fallback."""
    out: list[Finding] = []
    for name, check in FIELD_CHECKS:
        primary = check(citation, work, settings, source, others)
        if _serious(primary) and others:
            for other in others:
                alt = check(citation, other, settings, other.source, [work])
                if not _serious(alt) and _comparable(name, other):
                    primary = [outcome.disagreement(name, [f for f in primary if f.severity.rank >= 1],
                                                    work, other)]
                    break
        out.extend(primary)
    return out


def _comparable(name: str, other: Work) -> bool:
    """The other record must actually carry the field, else "no finding" means "not compared"."""
    present = {
        "authors": bool(other.authors), "title": bool(other.title or other.titles),
        "journal": bool(other.container or other.container_abbrevs), "year": other.year is not None,
        "volume/issue": bool(other.volume or other.issue),
        "pages": bool(other.pages or other.first_page or other.article_number),
    }
    return present.get(name, False)


def _linked_work(match: Match) -> Work | None:
    """The record the matcher linked, if any (verified or mismatch)."""
    return match.work if match.status in (Status.VERIFIED, Status.MISMATCH) else None


def linked_citation(citation: Citation, match: Match, settings: Settings | None = None) -> Citation:
    """The citation as the checks read it: with a byline the linked record confirms recovered
    (:mod:`refcheck.checks.recover`) and, given ``settings``, each field read against the record
    where that removes a discrepancy the parse made (:mod:`refcheck.checks.align`); the pipeline
    reports this form too."""
    work = _linked_work(match)
    citation = recover_byline(citation, work) or citation
    if work is not None and settings is not None:
        citation = read_against_record(citation, work, settings, work.source or match.source or "")
    return citation


def _findings_of(citation: Citation, work: Work, settings: Settings, source: str) -> list[Finding]:
    """The field checks and the parse check (no second registry): what a reading is judged by."""
    found = outcome.check_parse(citation, work)
    for _name, check in FIELD_CHECKS:
        found += check(citation, work, settings, source, [])
    return found


def _discrepancies(citation: Citation, work: Work, settings: Settings, source: str) -> int:
    """Warning/error findings of the field checks and the parse check."""
    return sum(_serious([f]) for f in _findings_of(citation, work, settings, source))


# the fields ``Citation.reading`` reports once a record is linked
REPORTED_FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")
# aligned field -> the Citation attributes it sets
_READ_FIELDS = {"title": ("title",), "journal": ("container",), "authors": ("authors", "et_al"), "year": ("year",)}


def read_against_record(citation: Citation, work: Work, settings: Settings, source: str) -> Citation:
    """Cited values taken from the record-guided alignment (:mod:`refcheck.checks.align`) field
    by field, where the parse's boundaries, not the manuscript, made the difference.

    A parse the record confirms is left alone (no alignment is run). An aligned value is used
    when the parse found nothing for the field, or (title) when it is closer to the registered
    title than the parse's, or (other fields) when it leaves fewer warnings and errors. Each
    aligned value is the raw text found where the record's field is, so a real difference
    inside it is still reported. ``citation.reading`` says, per field, which reading was used
    and where the aligned one sits in ``citation.text``.
    """
    if citation.reading:
        return citation  # already read
    found = _findings_of(citation, work, settings, source)
    if not _serious(found) and not any(f.field == "title" for f in found):
        return dataclasses.replace(citation, reading={name: {"from": "parse"} for name in REPORTED_FIELDS})
    alignment = align_reference(citation, work)
    aligned = aligned_citation(citation, work, alignment)
    current = sum(_serious([f]) for f in found)
    reading: dict[str, dict] = {}
    for name, attrs in _READ_FIELDS.items():
        if all(getattr(aligned, a) == getattr(citation, a) for a in attrs):
            continue
        trial = dataclasses.replace(citation, **{a: getattr(aligned, a) for a in attrs})
        score = _discrepancies(trial, work, settings, source)
        if not getattr(citation, attrs[0]):
            better = True  # the parse found nothing there
        elif name == "title":
            better = title.distance(trial.title, work) < title.distance(citation.title, work)
        else:
            better = score < current
        if better:
            citation, current = trial, score
            reading[name] = {"from": "alignment"}
    for name, located in alignment.fields.items():
        reading.setdefault(name, {"from": "parse"}).update(start=located.start, end=located.end)
    for name in REPORTED_FIELDS:
        reading.setdefault(name, {"from": "parse"})
    return dataclasses.replace(citation, reading=reading)


def _raw_checks(citation: Citation, match: Match, settings: Settings) -> list[Finding]:
    work = _linked_work(match)
    citation = linked_citation(citation, match, settings)
    out = outcome.check_parse(citation, work)
    out += identifiers.check_syntax(citation, work)
    out += identifiers.check_identifier_outcome(citation, match)
    if work is None:
        out += outcome.check_outcome(citation, match)
        out += updates.check_unlinked(match)
        return out
    source = work.source or match.source or ""  # the registry, also when the mirror served its record
    others = [w for w in match.other.values() if w is not None and w is not work]
    out += identifiers.check_identifiers(citation, match, work, others, source)
    out += updates.check_updates(work, others, source, match.related)
    out += updates.check_pointed_notice(match)
    out += _field_findings(citation, work, settings, source, others)
    return out


def run_checks(citation: Citation, match: Match, settings: Settings) -> list[Finding]:
    """Findings for one reference, after the user's ignores and severity overrides."""
    return apply_policy(_raw_checks(citation, match, settings), settings, citation.number)


def check_file_level(refs: Sequence[CheckedReference], doc: Document, settings: Settings) -> list[Finding]:
    """Findings about the list as a whole (numbering, duplicates).

    Also applies ``per-file-ignores`` to the per-reference findings, since only this stage sees
    the document path (``run_checks`` has no path).
    """
    load_all_rules()
    per_file = ignored_for_path(settings, doc.path)
    if per_file:
        for ref in refs:
            ref.findings = apply_policy(ref.findings, settings, ref.citation.number, per_file)
    found: list[Finding] = []
    for check in FILE_CHECKS:
        found.extend(check(refs, doc, settings))
    return apply_policy(found, settings, None, per_file)
