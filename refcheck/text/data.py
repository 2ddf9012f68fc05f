"""Word lists shipped in ``refcheck/data/``: data, not code, so they can be read and extended."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def word_file(name: str) -> frozenset[str]:
    """The words of ``refcheck/data/<name>``: blank-separated, ``#`` lines are comments.

    Cached: each list is read once per process, on first use, so import time is unaffected.
    """
    text = resources.files("refcheck").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
