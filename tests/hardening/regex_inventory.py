"""Every regular expression refcheck compiles, and two static ReDoS checks on each.

Run as ``python -m tests.hardening.regex_inventory`` it imports every module of the package,
parses the shared seed manuscripts and a few hostile inputs, and prints as JSON each distinct
``(pattern, flags)`` that went through ``re`` (module-level patterns, patterns built inside
functions, and the strings passed to ``re.sub``/``re.search``...). Recording at ``re._compile``
rather than scanning source catches patterns assembled from fragments (``_CAP``, ``HEADING_WORDS``).

The checks (used by ``test_redos.py`` and ``bench/redos_bench.py``):

* :func:`regexploit_findings` - regexploit's analysis (runs of overlapping stars: cubic or worse).
  Python 3.11's possessive repeats and atomic groups, which regexploit predates, are modelled
  as what they are for backtracking: a possessive repeat never gives characters back, so it is
  dropped from the sequence (its neighbours' stars are still counted); an atomic group's body is
  analysed as an ordinary sequence (conservative).
* :func:`ambiguous_repeats` - what regexploit misses: an unbounded repeat of an alternation whose
  single-character branches can match the same character (``(?:[a-zŠ]|[A-ZŠ](?=…))+`` took
  9.8 s on 24 letters, exponential). Characters are compared over U+0000-U+05FF.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Iterator

try:  # Python >= 3.11
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

PROBE = [chr(c) for c in range(0x600)]
HOSTILE = [
    "References" + " " * 200 + "12\n1. Smith J. Title. J Med. 2001;1:1-2.\n",
    "References\n1. " + "Š" * 30 + ")\n",
    "References\n" + "A" * 3000,
    "References\n1. " + "\t" * 300 + "doi " * 50 + "\n",
]


def collect() -> list[tuple[str, int]]:
    """Import every refcheck module and parse sample inputs, recording each pattern compiled."""
    seen: dict[tuple[str, int], None] = {}
    original = re._compile  # type: ignore[attr-defined]

    def record(pattern, flags):  # type: ignore[no-untyped-def]
        if not _compiled_by_refcheck():  # third-party modules imported on the way (dask, numpy...)
            return original(pattern, flags)
        if isinstance(pattern, bytes):  # analysed as the same pattern over Latin-1 text
            seen.setdefault((pattern.decode("latin-1"), int(flags) & ~re.LOCALE), None)
        elif isinstance(pattern, str):
            seen.setdefault((pattern, int(flags)), None)
        return original(pattern, flags)

    re._compile = record  # type: ignore[attr-defined]
    try:
        import refcheck

        for info in pkgutil.walk_packages(refcheck.__path__, "refcheck."):
            importlib.import_module(info.name)
        _exercise()
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return list(seen)


def _compiled_by_refcheck() -> bool:
    """Whether the nearest caller outside the ``re`` machinery is a refcheck module."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("re", "sre_compile",
                                                                                       "functools"):
        frame = frame.f_back
    return frame is not None and frame.f_globals.get("__name__", "").startswith("refcheck")


def _exercise() -> None:
    """Run extract+parse on the seeds and hostile inputs so function-built patterns get compiled."""
    from refcheck.extract import extract_bytes
    from refcheck.pipeline import parse_document
    from tests.shared import SEEDS

    samples = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    samples += [(f"hostile{i}.txt", text.encode()) for i, text in enumerate(HOSTILE)]
    for name, data in samples:
        parse_document(extract_bytes(name, data))


# -- regexploit ----------------------------------------------------------------------------------
def regexploit_findings(pattern: str, flags: int, min_starriness: int = 3) -> list[str]:
    """regexploit's ReDoS examples for ``pattern`` (empty when it is safe by that analysis)."""
    from regexploit.ast.sre import SreOpParser
    from regexploit.redos import find

    class Parser(SreOpParser):  # possessive repeats and atomic groups (Python 3.11+)
        def from_POSSESSIVE_REPEAT(self, data):  # type: ignore[no-untyped-def]
            return None

        def from_ATOMIC_GROUP(self, data):  # type: ignore[no-untyped-def]
            return self.sequence_or_singleton(data)

    parsed = Parser().parse_sre(pattern, flags)
    return [r.example() for r in find(parsed) if r.starriness >= min_starriness]


# -- ambiguous alternation in a repeat -------------------------------------------------------------
def _charset(items: list) -> frozenset[str] | None:  # type: ignore[type-arg]
    """The characters a branch of width exactly one can match (lookarounds ignored), else None."""
    consuming = [(op, av) for op, av in items if op not in (C.ASSERT, C.ASSERT_NOT, C.AT)]
    if len(consuming) != 1:
        return None
    op, av = consuming[0]
    if op is C.SUBPATTERN:
        return _charset(list(av[3]))
    probe = "(?s)" + _op_source(op, av)
    if probe is None:
        return None
    rx = re.compile(probe)
    return frozenset(c for c in PROBE if rx.fullmatch(c))


def _op_source(op, av) -> str:  # type: ignore[no-untyped-def]
    """A one-character pattern equivalent to a LITERAL/IN/ANY/NOT_LITERAL/CATEGORY op."""
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is C.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is C.ANY:
        return "."
    if op is C.IN:
        parts, negate = [], ""
        for sub, val in av:
            if sub is C.NEGATE:
                negate = "^"
            elif sub is C.LITERAL:
                parts.append(re.escape(chr(val)))
            elif sub is C.RANGE:
                parts.append(re.escape(chr(val[0])) + "-" + re.escape(chr(val[1])))
            elif sub is C.CATEGORY:
                parts.append(_CATEGORIES[val])
        return "[" + negate + "".join(parts) + "]"
    return "(?!)"


_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
               C.CATEGORY_UNI_DIGIT: r"\d", C.CATEGORY_UNI_NOT_DIGIT: r"\D", C.CATEGORY_UNI_SPACE: r"\s",
               C.CATEGORY_UNI_NOT_SPACE: r"\S", C.CATEGORY_UNI_WORD: r"\w", C.CATEGORY_UNI_NOT_WORD: r"\W"}


def _walk(items) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    for op, av in items:
        yield op, av
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            yield from _walk(av[2])
        elif op is C.SUBPATTERN:
            yield from _walk(av[3])
        elif op is C.BRANCH:
            for branch in av[1]:
                yield from _walk(branch)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _walk(av[1])
        elif op is C.ATOMIC_GROUP:
            yield from _walk(av)


def _branches(body: list) -> list | None:  # type: ignore[type-arg]
    """The alternatives of a repeat body that is one alternation (or a class-merged one)."""
    while len(body) == 1 and body[0][0] is C.SUBPATTERN:
        body = list(body[0][1][3])
    if len(body) == 1 and body[0][0] is C.BRANCH:
        return [list(b) for b in body[0][1][1]]
    return None


def ambiguous_repeats(pattern: str, flags: int) -> list[str]:
    """Descriptions of unbounded backtracking repeats whose one-character branches overlap."""
    found = []
    for op, av in _walk(P.parse(pattern, flags)):
        if op not in (C.MAX_REPEAT, C.MIN_REPEAT) or av[1] is not C.MAXREPEAT:
            continue
        branches = _branches(list(av[2]))
        if not branches:
            continue
        sets = [s for s in (_charset(b) for b in branches) if s]
        for i, a in enumerate(sets):
            for b in sets[i + 1:]:
                if a & b:
                    found.append(f"branches overlap on {''.join(sorted(a & b))[:12]!r}")
    return found


if __name__ == "__main__":
    json.dump(collect(), sys.stdout)
