"""Stage 5, checks: field-by-field rules producing findings.

``run_checks(citation, match, settings)`` reads one parsed reference against the registry record
the matcher linked (``match.work``) and runs every registered per-reference check on it,
returning findings with rule codes (see :mod:`refcheck.checks.registry` for the rules, the
stages and the registration API). ``check_file_level(refs, doc, settings)`` runs the list-level
rules (numbering, duplicates).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from refcheck.checks import (  # noqa: F401 - importing registers the rules and the checks
    authors,
    duplicates,
    fields,
    identifiers,
    journal,
    numbering,
    numbers,
    outcome,
    splitting,
    title,
    updates,
)
from refcheck.checks.align import align_reference, aligned_citation
from refcheck.checks.recover import recover_byline
from refcheck.checks.registry import (
    RULES,
    CheckInput,
    Rule,
    apply_policy,
    field_checks,
    file_check,
    file_checks,
    get_rule,
    ignored_for_path,
    make_finding,
    reference_checks,
    rule,
)
from refcheck.config import Settings
from refcheck.model import CheckedReference, Citation, Document, Finding, Match, Status, Work

__all__ = [
    "RULES", "Rule", "apply_policy", "check_file_level", "file_check", "get_rule", "linked_citation",
    "make_finding", "read_against_record", "rule", "run_checks",
]


def _linked_work(match: Match) -> Work | None:
    """The record the matcher linked, if any (verified or mismatch)."""
    return match.work if match.status in (Status.VERIFIED, Status.MISMATCH) else None


def _check_input(citation: Citation, match: Match, settings: Settings) -> CheckInput:
    """What the checks read: the linked record, its registry and the same work elsewhere."""
    work = _linked_work(match)
    if work is None:
        return CheckInput(citation, match, settings)
    others = [w for w in match.other.values() if w is not None and w is not work]
    # the registry, also when the mirror served its record
    return CheckInput(citation, match, settings, work, others, work.source or match.source or "")


def linked_citation(citation: Citation, match: Match, settings: Settings | None = None) -> Citation:
    """The citation as the checks read it: with a byline the linked record confirms recovered
    (:mod:`refcheck.checks.recover`) and, given ``settings``, each field read against the record
    where that removes a discrepancy the parse made (:mod:`refcheck.checks.align`); the pipeline
    reports this form too. A citation already read (``citation.reading``) is returned as is, so
    the byline is recovered once however often the citation is checked."""
    work = _linked_work(match)
    if work is None or citation.reading:
        return citation
    citation = recover_byline(citation, work) or citation
    if settings is not None:
        citation = read_against_record(_check_input(citation, match, settings))
    return citation


def _findings_of(ref: CheckInput) -> list[Finding]:
    """The field checks and the parse check (no second registry): what a reading is judged by."""
    work = ref.record()
    found = outcome.check_parse(ref)
    for _name, check in field_checks():
        found += check(ref.citation, work, ref.settings, ref.source, [])
    return found


def _discrepancies(ref: CheckInput) -> int:
    """Warning/error findings of the field checks and the parse check."""
    return sum(fields.serious([f]) for f in _findings_of(ref))


# the fields ``Citation.reading`` reports once a record is linked
REPORTED_FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")
# aligned field -> the Citation attributes it sets
_READ_FIELDS = {"title": ("title",), "journal": ("container",), "authors": ("authors", "et_al"), "year": ("year",)}


def read_against_record(ref: CheckInput) -> Citation:
    """Cited values taken from the record-guided alignment (:mod:`refcheck.checks.align`) field
    by field, where the parse's boundaries, not the manuscript, made the difference.

    A parse the record confirms is left alone (no alignment is run). An aligned value is used
    when the parse found nothing for the field, or (title) when it is closer to the registered
    title than the parse's, or (other fields) when it leaves fewer warnings and errors. Each
    aligned value is the raw text found where the record's field is, so a real difference
    inside it is still reported. ``citation.reading`` says, per field, which reading was used
    and where the aligned one sits in ``citation.text``.
    """
    citation, work = ref.citation, ref.record()
    found = _findings_of(ref)
    if not fields.serious(found) and not any(f.field == "title" for f in found):
        return dataclasses.replace(citation, reading={name: {"from": "parse"} for name in REPORTED_FIELDS})
    alignment = align_reference(citation, work)
    aligned = aligned_citation(citation, work, alignment)
    current = sum(fields.serious([f]) for f in found)
    reading: dict[str, dict] = {}
    for name, attrs in _READ_FIELDS.items():
        if all(getattr(aligned, a) == getattr(citation, a) for a in attrs):
            continue
        trial = dataclasses.replace(citation, **{a: getattr(aligned, a) for a in attrs})
        score = _discrepancies(dataclasses.replace(ref, citation=trial))
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
    """Every per-reference check that applies, in report order (before the user's policy)."""
    ref = _check_input(linked_citation(citation, match, settings), match, settings)
    out: list[Finding] = []
    for check in reference_checks(linked=ref.work is not None):
        out += check(ref)
    return out


def run_checks(citation: Citation, match: Match, settings: Settings) -> list[Finding]:
    """Findings for one reference, after the user's ignores and severity overrides."""
    return apply_policy(_raw_checks(citation, match, settings), settings, citation.number)


def check_file_level(refs: Sequence[CheckedReference], doc: Document, settings: Settings) -> list[Finding]:
    """Findings about the list as a whole (numbering, duplicates).

    Also applies ``per-file-ignores`` to the per-reference findings, since only this stage sees
    the document path (``run_checks`` has no path).
    """
    per_file = ignored_for_path(settings, doc.path)
    if per_file:
        for ref in refs:
            ref.findings = apply_policy(ref.findings, settings, ref.citation.number, per_file)
    found: list[Finding] = []
    for check in file_checks():
        found.extend(check(refs, doc, settings))
    return apply_policy(found, settings, None, per_file)
