"""Field by field against the linked record, and RC001 when the registries disagree.

Every :func:`~refcheck.checks.registry.field_check` compares one field of the reference with the
linked record. When the same work is known from a second registry and the reference disagrees
with the primary record on a field but agrees with the other record, the field's findings are
replaced by one RC001 "registries disagree" info: the manuscript is not wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.checks.registry import CheckInput, Stage, field_checks, make_finding, reference_check, rule
from refcheck.model import Finding, Severity, Work

REGISTRIES_DISAGREE = rule(
    "RC001", "registries-disagree", "registries", Severity.INFO,
    "Crossref and PubMed disagree on a field; the reference follows one of them.",
    "The reference differs from the primary record but agrees with the same work in the other "
    "registry (e.g. Crossref issue `3`, PubMed issue `3-4`, cited `3-4`). The manuscript is not "
    "wrong; both values are shown."
)


def serious(findings: Sequence[Finding]) -> bool:
    """Any warning or error: what counts as a discrepancy."""
    return any(f.severity.rank >= Severity.WARNING.rank for f in findings)


@reference_check(Stage.FIELDS)
def field_findings(ref: CheckInput) -> list[Finding]:
    """Every field check against the linked record, with the registries-disagree fallback."""
    work = ref.record()
    out: list[Finding] = []
    for name, check in field_checks():
        primary = check(ref.citation, work, ref.settings, ref.source, ref.others)
        if serious(primary) and ref.others:
            for other in ref.others:
                alt = check(ref.citation, other, ref.settings, other.source, [work])
                if not serious(alt) and _comparable(name, other):
                    primary = [disagreement([f for f in primary if f.severity.rank >= 1], work, other)]
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


def disagreement(primary: list[Finding], work: Work, other: Work) -> Finding:
    """RC001: the reference agrees with ``other`` where it disagrees with ``work``."""
    first = primary[0]
    reg = first.registered or "?"
    return make_finding(
        REGISTRIES_DISAGREE, "registries_disagree",
        f"registries disagree on {first.field}: {work.source} has {reg}; the reference follows {other.source}",
        cited=first.cited, registered=reg, source=f"{work.source}+{other.source}", field=first.field)
