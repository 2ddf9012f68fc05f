"""Cite the published version of a preprint: ``fix``/``bib --upgrade-preprints`` and ``sync``.

When a cited preprint has since been published, the matcher fetches the journal version
(``Match.related["published"]``, :mod:`refcheck.match.related`) and the checks warn (RC606).
On request the reference is then rewritten as that article: :func:`upgrade_report` swaps the
linked record for the published one, so ``fix`` re-renders the entry from it in the
manuscript's style and ``bib`` writes it as ``@article``. :func:`published_versions` does the
same for library entries in ``sync``, which proposes the change as a diff.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from refcheck.checks.registry import make_finding
from refcheck.checks.updates import PREPRINT_PUBLISHED, describe
from refcheck.config import Settings
from refcheck.fix import FIXABLE_FIELDS
from refcheck.model import CheckedReference, Finding, Report, Status, Work

# Fields of a preprint's BibTeX entry that say where it was posted: wrong once it is an article.
PREPRINT_FIELDS = ("howpublished", "eprint", "archiveprefix", "primaryclass", "institution")


def upgrade_finding(ref: CheckedReference, published: Work) -> Finding:
    """The correction 'cite the journal version', fixable by re-rendering from ``published``."""
    return make_finding(PREPRINT_PUBLISHED, "new_version",
                        f"preprint since published: {describe(published)}, doi:{published.doi}; "
                        "cited as the journal article",
                        cited=ref.citation.container, registered=published.container, source=published.source,
                        field="journal")


def upgrade_reference(ref: CheckedReference) -> CheckedReference | None:
    """The reference re-linked to its preprint's published version (None when there is none)."""
    published = ref.match.related.get("published")
    if published is None or ref.match.work is None:
        return None
    match = dataclasses.replace(ref.match, work=published, status=Status.VERIFIED, method="relation",
                                candidates=[ref.match.work], related={})
    kept = [f for f in ref.findings if f.field not in FIXABLE_FIELDS and f.code != PREPRINT_PUBLISHED.code]
    return CheckedReference(ref.citation, match, [*kept, upgrade_finding(ref, published)])


def upgrade_report(report: Report) -> int:
    """Re-link every published preprint of ``report`` to its journal version, in place.

    Returns how many references changed.
    """
    count = 0
    for i, ref in enumerate(report.references):
        upgraded = upgrade_reference(ref)
        if upgraded is not None:
            report.references[i] = upgraded
            count += 1
    return count


def published_dois(findings: Sequence[Finding]) -> str | None:
    """The published version's DOI named by an RC606 finding."""
    for f in findings:
        if f.code == PREPRINT_PUBLISHED.code and f.registered:
            return f.registered
    return None


def published_versions(dois: dict[int, str], settings: Settings, project_dir: Path) -> dict[int, Work]:
    """Index -> the registered journal version, resolved by DOI (one batch, cached by the sources)."""
    from refcheck.library.inputs import UserInput
    from refcheck.library.resolve import resolve

    if not dois:
        return {}
    order = sorted(dois)
    found = resolve([UserInput("doi", dois[i]) for i in order], settings, project_dir)
    return {i: res.work for i, res in zip(order, found, strict=True) if res.work is not None}
