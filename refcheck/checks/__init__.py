"""Stage 5, checks: field-by-field rules producing findings. (placeholder)"""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.config import Settings
from refcheck.model import CheckedReference, Citation, Document, Finding, Match


def run_checks(citation: Citation, match: Match, settings: Settings) -> list[Finding]:
    """Findings for one reference."""
    return []


def check_file_level(refs: Sequence[CheckedReference], doc: Document, settings: Settings) -> list[Finding]:
    """Findings about the list as a whole (numbering, duplicates)."""
    return []
