"""Stage 1, extract: read a manuscript and return its reference list as raw entries.

(placeholder until the extract stage lands)
"""

from __future__ import annotations

from refcheck.model import Document


def extract_file(path: str) -> Document:
    """Read ``path`` ('-' for stdin), locate the reference list and split it into entries."""
    raise NotImplementedError
