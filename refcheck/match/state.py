"""What the matcher learns about one citation while it asks the sources (:class:`State`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from refcheck.errors import SourceUnavailable
from refcheck.match.profile import CitationProfile
from refcheck.match.validate import Validation
from refcheck.model import Reason, ReasonCode, Work
from refcheck.sources.base import Capability, Source


@dataclass(slots=True)
class State:
    """Everything learnt about one citation while matching it."""

    profile: CitationProfile
    linked: Validation | None = None
    linked_source: str | None = None
    method: str | None = None
    pointed: list[Work] = field(default_factory=list)  # works a wrong cited identifier points to
    reasons: list[Reason] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    ambiguous: list[Validation] = field(default_factory=list)
    rejected: Validation | None = None
    other: dict[str, Work] = field(default_factory=dict)
    checked: Validation | None = None  # validated cross-check record (cited PMID or ECitMatch)
    checked_method: str | None = None
    gaps: int = 0  # absences from a source that does not cover the reference (partial mirror)
    searched_complete: bool = False  # a source covering the reference searched it and answered

    def reason(self, code: ReasonCode, text: str) -> None:
        item = Reason(code, text)
        if item not in self.reasons:
            self.reasons.append(item)

    def drop(self, code: ReasonCode) -> None:
        self.reasons = [r for r in self.reasons if r.code is not code]

    def outage(self, exc: SourceUnavailable) -> None:
        self.unavailable.append(exc.source)
        self.reason(ReasonCode.UNAVAILABLE, f"{exc.source}: {exc.reason}")

    def absent(self, source: Source, *, doi: str | None = None, pmid: str | None = None) -> bool:
        """Whether ``source`` having nothing is a verdict (it covers this reference); when not,
        the gap is noted and the reference can at most be UNCHECKED on that source's word."""
        gap = (source.coverage_gap(doi=doi, pmid=pmid, citation=self.profile.citation)
               if source.can(Capability.COVERAGE) else None)
        if gap is None:
            if doi is None and pmid is None:
                self.searched_complete = True
            return True
        self.gaps += 1
        self.reason(ReasonCode.NOT_COVERED, gap)
        return False

    def keep_rejected(self, rejected: Validation | None) -> None:
        """Remember the best rejected candidate so far (shown for transparency, never proposed)."""
        if rejected is not None and (self.rejected is None or rejected.score > self.rejected.score):
            self.rejected = rejected
