"""RC711/RC712: the same work listed twice under different numbers.

Two ways to know: the matched works share a DOI or PMID (or the cited identifiers do, when a
reference was not matched), or the two citation strings are near-identical. Reported once per
pair, at the later entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from refcheck.checks.registry import ListStage, file_check, make_finding, rule
from refcheck.model import CheckedReference, Finding, Severity, Status
from refcheck.text.fold import key
from refcheck.text.identifiers import normalize_doi

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.model import Document

DUPLICATE_WORK = rule(
    "RC711", "duplicate-work", "duplicate", Severity.WARNING,
    "The same work is listed under two reference numbers.",
    "Two entries resolve to the same DOI or PMID, e.g. references 4 and 17 both being "
    "doi:10.1038/modpathol.3880200. Merge them and renumber the citations."
)
DUPLICATE_CITATION = rule(
    "RC712", "duplicate-citation", "duplicate", Severity.WARNING,
    "Two entries of the list are near-identical citations.",
    "The citation strings agree at >= 95% (after folding case, accents and punctuation), "
    "e.g. the same reference pasted twice with a different page range."
)

_NUMBER = re.compile(r"^\s*\[?\(?\d{1,4}[.)\]]?\s+")
_SIMILAR = 95.0


def _label(ref: CheckedReference, index: int) -> str:
    return str(ref.citation.number) if ref.citation.number is not None else f"#{index + 1}"


def _identifiers(ref: CheckedReference) -> set[str]:
    ids: set[str] = set()
    work = ref.match.work if ref.match.status in (Status.VERIFIED, Status.MISMATCH) else None
    if work is not None:
        if work.doi:
            ids.add(f"doi:{work.doi.lower()}")
        for w in [work, *ref.match.other.values()]:
            if w is not None and w.pmid:
                ids.add(f"pmid:{w.pmid}")
        return ids
    if doi := normalize_doi(ref.citation.doi):
        ids.add(f"doi:{doi}")
    if ref.citation.pmid and ref.citation.pmid.strip().isdigit():
        ids.add(f"pmid:{ref.citation.pmid.strip()}")
    return ids


@file_check(ListStage.DUPLICATES)
def duplicate_findings(refs: Sequence[CheckedReference], doc: Document, settings: Settings) -> list[Finding]:
    """RC711 by identifier, then RC712 by near-identical text (pairs not already reported)."""
    out: list[Finding] = []
    reported: set[tuple[int, int]] = set()
    first_seen: dict[str, int] = {}
    for i, ref in enumerate(refs):
        for ident in sorted(_identifiers(ref)):
            j = first_seen.setdefault(ident, i)
            if j != i and (j, i) not in reported:
                reported.add((j, i))
                f = make_finding(DUPLICATE_WORK, "duplicate",
                                 f"references {_label(refs[j], j)} and {_label(ref, i)} are the same work ({ident})",
                                 registered=ident, suggestion=f"cite reference {_label(refs[j], j)} instead")
                f.span = ref.citation.span
                out.append(f)
    texts = [key(_NUMBER.sub("", r.citation.text)) for r in refs]
    by_year: dict[object, list[int]] = {}
    for i, ref in enumerate(refs):
        by_year.setdefault(ref.citation.year, []).append(i)
    for members in by_year.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                if (a, b) in reported or len(texts[a]) < 20:
                    continue
                if fuzz.ratio(texts[a], texts[b], score_cutoff=_SIMILAR):
                    reported.add((a, b))
                    f = make_finding(DUPLICATE_CITATION, "duplicate",
                                     f"references {_label(refs[a], a)} and {_label(refs[b], b)} are near-identical",
                                     suggestion=f"cite reference {_label(refs[a], a)} instead")
                    f.span = refs[b].citation.span
                    out.append(f)
    return out
