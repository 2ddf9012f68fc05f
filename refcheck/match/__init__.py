"""Stage 4, match: decide which registered work each citation means.

``match_citations(citations, sources, settings, progress=None) -> list[Match]`` returns one
:class:`~refcheck.model.Match` per citation, in order. The checks stage reads it as follows
(the contract between the two stages):

``status``
    * ``VERIFIED``  a work is linked (``work`` set) and the cited identifiers are sound. Whether
      the reference ends up verified or mismatch is decided by the checks' findings.
    * ``MISMATCH``  a work is linked but a cited identifier is wrong: it points to another work,
      is not registered, or is malformed (see reason codes). ``work`` is the RIGHT work, so
      ``work.doi``/``work.pmid`` are the identifiers to suggest.
    * ``NOT_FOUND`` every consulted registry answered and nothing validated. ``work`` is None.
    * ``AMBIGUOUS`` two or more validated candidates are too close to call; ``candidates`` holds
      them, best first; ``work`` is None.
    * ``UNCHECKED`` a registry failed (:class:`~refcheck.errors.SourceUnavailable`) and no other
      registry gave a validated answer. An outage is never reported as NOT_FOUND.
``work`` / ``source`` / ``score``
    The linked record, the name of the source it came from (``crossref`` | ``pubmed`` |
    ``mirror``) and its validation similarity in [0, 1].
``method``
    How ``work`` was found: ``doi`` (the cited DOI resolved to it and it validated), ``pmid``
    (same for the cited PMID), ``search`` (bibliographic search), ``ecitmatch`` (a PubMed
    ECitMatch hit, re-verified on author and year).
``candidates``
    * wrong identifier (reason ``doi_other_work`` / ``pmid_other_work``): the work(s) the cited
      identifier points to, DOI's first then PMID's, whatever the status;
    * ``AMBIGUOUS``: the close rivals;
    * ``NOT_FOUND``/``UNCHECKED``: after any pointed works, the best *rejected* search candidate
      (reason ``rejected``), for transparency only, never a suggestion.
``other``
    ``{source_name: Work}``: the same work from another registry (``other["pubmed"]`` when the
    work came from Crossref). A PubMed record whose DOI differs from the cited DOI is a finding
    for the checks.
``related``
    ``{role: Work}``, other versions of the cited work (:mod:`refcheck.match.related`): ``published``
    (the journal version of a linked preprint, fetched through ``is-preprint-of``); for NOT_FOUND, the
    candidate that fits in everything but its kind: ``preprint``, ``published``, ``notice``, ``article``.
``reasons``
    :class:`~refcheck.model.Reason` records (a :class:`~refcheck.model.ReasonCode` and a text;
    ``Match.reason`` joins them as ``"<code>: <text>; ..."`` for the reports); the codes
    (:func:`reason_codes` gives their values):
    ``doi_other_work``, ``doi_not_registered``, ``doi_malformed``, ``pmid_other_work``,
    ``pmid_not_found`` (identifier problems: status MISMATCH when a work is linked),
    ``doi_other_agency`` (a DataCite/mEDRA DOI: not an error; UNCHECKED when nothing else links),
    ``unavailable``, ``not_covered`` (a partial mirror lacks it), ``no_candidate``, ``rejected``,
    ``ambiguous``; ``lookups_disabled`` and ``note`` print as their text alone.

How a candidate is accepted (thresholds in :mod:`refcheck.match.validate`, calibrated by
``bench/calibrate_match.py``): a cited identifier's record must agree on the title (>= 0.7) or
on the first author plus two locator fields, or on year+volume+first page; a searched record
needs >= 3 supporting fields and either title AND first author >= 0.7 (biblio-glutton), a strong
title (>= 0.85) with two agreeing locator fields and no clash, or volume+first page+year with a
resembling title and the first author — and never two clashing locator fields (a same-title
work in another volume is another work). A DOI registered with another agency (DataCite...) is
not an error: the reference is searched, and UNCHECKED if nothing links. A typo in one field therefore still links the reference, so that the checks
can report the typo. Between accepted candidates the score decides; two within
``AMBIGUITY_MARGIN`` that agree on the same locator fields are separated by the issue number,
else reported AMBIGUOUS. Titles that differ in a number ("quiz case 1"/"2") or a reply/correction
marker are different items; another issue on top of another locator clash is another item of a
recurring column. When the whole-string search finds nothing acceptable, one structured query
(first author, title, journal, year, volume, page) is tried before giving up.

Type and container are identity evidence (:mod:`refcheck.match.kinds`): a journal citation never
validates against a preprint, a preprint citation never against the journal version, a notice
(correction, reply, comment...) never for its article nor the reverse; between versions that both
fit, the one whose kind answers the citation wins whatever its rank. When every candidate was
rejected, their own links (``is-preprint-of``, ``update-to``, ``is-comment-on``...) are followed
(two DOI look-ups at most): look-alikes ranked first can push the article out of the rows.

PubMed (when configured) costs a handful of requests per manuscript: one ECitMatch batch for
every citation with journal+volume+page, one batched fetch of every cited or ECitMatch PMID;
each hit is re-verified (author and year) before it is trusted, and a PubMed record that knows
its DOI is completed by a Crossref DOI look-up instead of a search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from refcheck.config import Settings
from refcheck.match.engine import run
from refcheck.model import Citation, Match
from refcheck.sources.base import Source

__all__ = ["match_citations", "reason_codes"]


def match_citations(
    citations: Sequence[Citation],
    sources: Sequence[Source],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> list[Match]:
    """One Match per citation, in order; ``progress(done, total)`` is called as each completes."""
    return run(citations, sources, progress=progress)


def reason_codes(match: Match) -> set[str]:
    """The machine-readable codes of ``match`` as strings (e.g. ``{"doi_other_work"}``)."""
    return {r.code.value for r in match.reasons}
