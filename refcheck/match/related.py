"""Records' own links between versions: used to find the cited work and to explain a verdict.

Registries link a work to its look-alikes: Crossref ``relation`` (``is-preprint-of`` /
``has-preprint``, ``is-version-of``, ``is-identical-to``, ``is-translation-of``,
``is-comment-on``, ``is-reply-to``), ``update-to`` (a correction or retraction notice -> its
article), PubMed ``CommentsCorrections`` (``ErratumFor``... -> ``Work.update_to``). Two uses:

* :func:`follow`: when every searched candidate was rejected and the best ones are the cited
  work's look-alikes (a preprint, a correction, a reprint), the article they point to may have
  been pushed out of the search rows by them. Its DOI is in their links: one look-up each
  (at most :data:`MAX_FOLLOW` per reference; the source caches them).
* :func:`attach`: after matching, record what a report needs next to the linked work in
  ``Match.related``: ``published`` (the journal version of a linked preprint, fetched once per
  DOI), and for an unlinked reference the look-alike that fits all but its kind
  (``preprint``, ``published``, ``notice``, ``article``), so the report can name it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from refcheck.errors import SourceUnavailable
from refcheck.match.kinds import ARTICLE, NOTICE, PREPRINT, work_kind
from refcheck.match.profile import CitationProfile, profile_work
from refcheck.match.validate import (
    AUTHOR_OK,
    LOCATOR_TITLE,
    TITLE_OK,
    TITLE_STRONG,
    Validation,
    accept_search,
    validate,
)
from refcheck.model import Match, Status, Work
from refcheck.sources.base import Source

# Look-ups per reference when following links (a preprint and a notice of one article at most).
MAX_FOLLOW = 2
# Links from a record to the other versions of the same work, by the record's kind.
_TO_WORK = {
    PREPRINT: ("is-preprint-of", "is-version-of", "is-identical-to"),
    NOTICE: ("is-comment-on", "is-reply-to"),
    ARTICLE: ("is-identical-to", "is-translation-of", "is-version-of", "has-preprint"),
}


def related_dois(work: Work) -> list[str]:
    """DOIs of the works ``work`` says it is a version of, a notice about, or a letter about."""
    kind = work_kind(work)
    out: list[str] = []
    if kind == NOTICE:
        out += [n.doi for n in work.update_to if n.doi]
    for rel in _TO_WORK[kind]:
        out += [d for d in work.relations.get(rel, []) if d.startswith("10.")]
    own = (work.doi or "").lower()
    return [d for i, d in enumerate(out) if d != own and d not in out[:i]]


def follow(profile: CitationProfile, validations: Sequence[Validation], source: Source,
           seen: set[str]) -> list[Validation]:
    """Validated records that the rejected look-alike candidates link to (not yet in ``seen``).

    Only candidates whose title fits (or, for another kind of item, resembles) are followed:
    their links lead to versions of the cited work; a record that merely shares words with the
    citation leads nowhere useful.
    """
    out: list[Validation] = []
    fetched = 0
    for v in sorted(validations, key=lambda v: v.score, reverse=True):
        # a notice's title is capped for its marker ("Correction: X"): a resemblance is enough
        if v.title < (LOCATOR_TITLE if v.kind_clash else TITLE_OK):
            continue
        for doi in related_dois(v.work):
            if f"doi:{doi}" in seen or fetched >= MAX_FOLLOW:
                continue
            seen.add(f"doi:{doi}")
            fetched += 1
            work = source.get_doi(doi)
            if work is not None:
                out.append(validate(profile, profile_work(work)))
    return out


def lookalike(profile: CitationProfile, candidates: Iterable[Work]) -> tuple[str, Work] | None:
    """(role, record) of a candidate that is the cited work in every respect but its kind.

    A preprint has no journal or locator to agree with, and is often posted a year early: the
    title and first author (at most one clash, the year) are then the evidence.
    """
    for work in candidates:
        v = validate(profile, profile_work(work))
        if v.kind_clash and (accept_search(dataclasses.replace(v, kind_clash=None, journal_other=False))
                             or (v.title >= TITLE_STRONG and v.author >= AUTHOR_OK and len(v.clash) <= 1)):
            kind = work_kind(work)
            role = {PREPRINT: "preprint", NOTICE: "notice"}.get(kind) or (
                "published" if profile.kind == PREPRINT else "article")
            return role, work
    return None


def attach(profiles: Sequence[CitationProfile], matches: Sequence[Match], sources: Sequence[Source]) -> None:
    """Fill ``Match.related`` (see the module docstring); an outage just leaves it empty."""
    memo: dict[str, Work | None] = {}
    for profile, match in zip(profiles, matches, strict=True):
        work = match.work
        if work is not None and match.status in (Status.VERIFIED, Status.MISMATCH):
            if work_kind(work) == PREPRINT:
                published = _published(work, sources, memo)
                if published is not None:
                    match.related["published"] = published
        elif match.status is Status.NOT_FOUND and match.candidates:
            found = lookalike(profile, match.candidates)
            if found is not None:
                match.related[found[0]] = found[1]


def _published(preprint: Work, sources: Sequence[Source], memo: dict[str, Work | None]) -> Work | None:
    """The journal version a preprint links to (``is-preprint-of``), fetched once per DOI."""
    for doi in preprint.relations.get("is-preprint-of", []):
        if doi not in memo:
            memo[doi] = None
            for source in sources:
                try:
                    memo[doi] = source.get_doi(doi)
                except SourceUnavailable:
                    continue
                if memo[doi] is not None:
                    break
        found = memo[doi]
        if found is not None and work_kind(found) != PREPRINT:
            return found
    return None
