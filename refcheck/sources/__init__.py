"""Stage 3, sources: registries behind one interface (:mod:`refcheck.sources.base`). (placeholder)"""

from __future__ import annotations

from pathlib import Path

from refcheck.config import Settings
from refcheck.sources.base import Source


def open_sources(settings: Settings, project_dir: Path) -> tuple[list[Source], list[str]]:
    """The registries to consult for this run, and notes for the report."""
    return [], ["no registry configured"]
