"""Stage 4, match: decide which registered work each citation means. (placeholder)"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from refcheck.config import Settings
from refcheck.model import Citation, Match, Status
from refcheck.sources.base import Source


def match_citations(
    citations: Sequence[Citation],
    sources: Sequence[Source],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> list[Match]:
    """One Match per citation, in order."""
    return [Match(Status.UNCHECKED, reason="no registry available") for _ in citations]
