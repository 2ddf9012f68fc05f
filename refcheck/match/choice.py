"""Choosing between validated candidates, and reading a citation again against one of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from refcheck.match.profile import CitationProfile, profile_citation, profile_work
from refcheck.match.validate import AMBIGUITY_MARGIN, Validation, accept_search, validate
from refcheck.model import Citation
from refcheck.text.fold import words

if TYPE_CHECKING:
    from refcheck.checks.align import Alignment

SEARCH_ROWS = 5  # candidates asked of a search (the matcher validates every one)


def _rank_key(v: Validation) -> tuple[bool, float, int]:
    """The record whose kind answers the citation first (the article, not its preprint, whatever
    the search rank), then higher score, then fewer locator clashes (they separate same-title works)."""
    return (v.fits, v.score, -len(v.clash))


def choose(validations: Sequence[Validation]) -> tuple[Validation | None, list[Validation]]:
    """Best accepted candidate, or (None, close rivals) when two are too close to call.

    Candidates with the same DOI (or PMID) are one work. A rival that agrees and clashes on
    exactly the same locator fields and scores within ``AMBIGUITY_MARGIN`` makes the choice
    ambiguous; any locator difference decides instead (preprint vs version of record, review vs
    article, quiz case 1 vs 2).
    """
    seen: set[str] = set()
    accepted: list[Validation] = []
    for v in sorted(validations, key=_rank_key, reverse=True):
        if v.work.key in seen or not accept_search(v):
            continue
        seen.add(v.work.key)
        accepted.append(v)
    if not accepted:
        return None, []
    best = accepted[0]
    rivals = [
        v for v in accepted[1:]
        if best.score - v.score < AMBIGUITY_MARGIN and v.fits == best.fits
        and sorted(v.agree) == sorted(best.agree)
        and sorted(v.clash) == sorted(best.clash)
    ]
    if not rivals:
        return best, []
    # the issue number is the last locator that separates two columns of one volume
    group = [best, *rivals]
    agreeing = [v for v in group if v.issue]
    if len(agreeing) == 1:
        return agreeing[0], []
    return None, agreeing or group


def best_rejected(validations: Sequence[Validation]) -> Validation | None:
    return max(validations, key=lambda v: v.score, default=None)


def reread(profile: CitationProfile, v: Validation) -> Validation:
    """``v`` again, with the citation read against the candidate's own record when that locates
    the record's title in the raw text (:mod:`refcheck.checks.align`): a parse that misplaced a
    boundary (the journal run into the title, a lower-cased byline taken for the title) is not
    evidence against the candidate. The aligned values are the raw text, so a real clash stays."""
    from refcheck.checks.align import align_reference, aligned_citation  # checks import match

    alignment = align_reference(profile.citation, v.work)
    if "title" not in alignment.fields:
        return v
    aligned = aligned_citation(profile.citation, v.work, alignment)
    if aligned is profile.citation or not _explained(profile.citation, aligned, alignment):
        return v
    again = validate(profile_citation(aligned), profile_work(v.work))
    return again if again.score > v.score else v


def _explained(parsed: Citation, aligned: Citation, alignment: Alignment) -> bool:
    """Every word the aligned title drops from the parsed one is another located field (the
    journal or byline the parse ran into the title): "Literature Review: Disability
    Evaluation" does not become another work's "Literature Review"."""
    dropped = set(words(parsed.title or "")) - set(words(aligned.title or ""))
    elsewhere = {w for name in ("journal", "authors", "year") if name in alignment.fields
                 for w in words(alignment.fields[name].value)}
    return dropped <= elsewhere


def compact_query(citation: Citation) -> Citation | None:
    """A second, structured query (SBMV's structured mode): first author, title, journal, locator.

    Used only when the whole-string search found nothing acceptable: long bylines or
    debris in the string can push the right record out of the top rows; the compact form
    weighs the identifying fields. None when the parse has no title to build it from.
    """
    if not citation.title:
        return None
    first = citation.authors[0] if citation.authors else None
    name = (first.family or first.group or "") if first else ""
    parts = [name, citation.title, citation.container or "", str(citation.year or ""),
             citation.volume or "", citation.first_page or ""]
    text = " ".join(p for p in parts if p)
    return dataclasses.replace(citation, text=text) if text != citation.text else None
