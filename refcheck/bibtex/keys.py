"""Step 2 of BibTeX output: cite keys.

``name`` keys are ``family + year + first significant title word`` in lower-case ASCII
(``mueller2020percutaneous`` is *not* produced: ``Müller`` folds to ``muller``, as NLM does), made
unique in list order: the first keeps the bare key, later ones get ``a``, ``b``, … ``number``
keys are ``ref1``, ``ref2``, … after the printed numbers, matching ``\\cite{ref3}`` habits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from string import ascii_lowercase

from unidecode import unidecode

from refcheck.bibtex.model import BibRecord

STOPWORDS = frozenset(
    ["a", "an", "the", "of", "on", "in", "at", "for", "and", "or", "to", "with", "by", "from", "as", "is", "are", "was", "were", "be", "via", "vs", "versus", "its", "their", "this", "that", "these", "those", "into", "over", "under", "between", "after", "before", "during"]
)


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unidecode(text).lower())


def name_key(family: str, year: str, title: str) -> str:
    """``family + year + first significant title word`` (``anon``/``nd`` when missing)."""
    parts = family.split()
    if len(parts) > 3:  # a group author: its first significant word, not the whole name
        parts = [next((p for p in parts if p.lower() not in STOPWORDS), parts[0])]
    fam = _ascii("".join(parts))
    words = [w for w in (_ascii(tok) for tok in title.split()) if w and w not in STOPWORDS]
    first = words[0] if words else ""
    return f"{fam or 'anon'}{year or 'nd'}{first}"


def key_suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa (never runs out)."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = ascii_lowercase[r] + out
    return out


def assign_keys(records: Sequence[BibRecord], scheme: str = "name") -> list[str]:
    """One unique key per record, in order."""
    if scheme == "number":
        base = [f"ref{r.number}" for r in records]
    elif scheme == "name":
        base = [name_key(*r.key_hint) for r in records]
    else:
        raise ValueError(f"unknown key scheme {scheme!r} (name or number)")
    used: set[str] = set()
    seen: dict[str, int] = {}
    out = []
    for key in base:
        candidate = key
        if key in used:
            n = seen.get(key, 0)
            while (candidate := key + key_suffix(n)) in used:
                n += 1
            seen[key] = n + 1
        used.add(candidate)
        out.append(candidate)
    return out
