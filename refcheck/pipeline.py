"""Wires the stages together: extract -> parse -> sources -> match -> checks -> Report.

Each stage lives in its own package and exposes one function; this module is the only place
that knows their order, so the CLI, the pre-commit hook, the library manager and the
benchmarks all run the same path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from refcheck.config import Settings
from refcheck.errors import NoReferencesError
from refcheck.extract import extract_file
from refcheck.ignores import apply_ignores
from refcheck.model import LOOKUPS_DISABLED, CheckedReference, Citation, Document, Match, Report, Status
from refcheck.parse import parse_entry

ProgressCallback = Callable[[int, int], None]


def parse_document(doc: Document) -> list[Citation]:
    """Parse every raw entry of an extracted document."""
    return [parse_entry(entry) for entry in doc.entries]


def load(path: str, settings: Settings | None = None) -> tuple[Document, list[Citation]]:
    """Extract and parse ``path``; raises NoReferencesError when no list is found."""
    doc = extract_file(path)
    if not doc.entries:
        # The extractor's notes say why when it saw something it could not use (a broken .bib block).
        why = f" ({'; '.join(doc.notes[:2])})" if doc.notes else ""
        raise NoReferencesError(
            f"{path}: no reference list found (looked for a 'References'/'Bibliography' "
            f"section or a numbered list at the end){why}"
        )
    return doc, parse_document(doc)


def check_path(
    path: str,
    settings: Settings,
    *,
    lookups: bool = True,
    progress: ProgressCallback | None = None,
) -> Report:
    """Run the whole pipeline on one file and return its report."""
    doc, citations = load(path, settings)
    return check_citations(doc, citations, settings, lookups=lookups, progress=progress)


def check_citations(
    doc: Document,
    citations: list[Citation],
    settings: Settings,
    *,
    lookups: bool = True,
    progress: ProgressCallback | None = None,
) -> Report:
    """Match and check already-parsed citations (the library manager enters here)."""
    from refcheck.checks import check_file_level, linked_citation, run_checks

    report = Report(file=doc.path, encoding=doc.encoding, notes=list(doc.notes))
    if lookups:
        from refcheck.match import match_citations
        from refcheck.sources import open_sources

        if settings.deadline is None:  # --timeout not given: scaled to the list's length
            from refcheck.sources.breaker import default_deadline

            settings = dataclasses.replace(settings, deadline=default_deadline(len(citations)))
        sources, notes = open_sources(settings, Path(doc.path).parent if doc.path != "-" else Path.cwd())
        report.notes.extend(notes)
        # A mirror standing in for PubMed is named "pubmed" for the matcher but reported as the mirror.
        report.sources = list(dict.fromkeys(s.name for s in sources))
        try:
            matches = match_citations(citations, sources, settings, progress=progress)
        finally:
            for source in sources:
                source.close()
    else:
        matches = [Match(Status.UNCHECKED, reasons=(LOOKUPS_DISABLED,)) for _ in citations]
    for parsed, match in zip(citations, matches, strict=True):
        citation = linked_citation(parsed, match, settings)
        findings = run_checks(citation, match, settings)
        report.references.append(CheckedReference(citation, match, findings))
    report.findings.extend(check_file_level(report.references, doc, settings))
    apply_ignores(report, doc, settings)
    return report
