"""Property-based fuzzing of extract+parse (issue #17): any mutation of a real manuscript, in any
input format, ends in references or a one-line user error - never another exception.

The budget is bounded (``max_examples`` below, no deadline flakiness: hypothesis' per-example
deadline is off because the shared CI machine's load, not refcheck, decides wall time). The long
run - 100,000 inputs, timings and the slowest inputs - is ``bench/fuzz_bench.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.hardening.fuzz_corpus import FRAGMENTS, RUN_CHARS, bases, mutate, run_one

_BASE = st.integers(min_value=0, max_value=len(bases()) - 1)
_OP = st.tuples(st.integers(0, 6), st.integers(0, 1000), st.integers(0, (1 << 16) - 1), st.integers(0, (1 << 16) - 1))
_FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@_FAST
@given(base=_BASE, ops=st.lists(_OP, min_size=1, max_size=6))
@example(base=8, ops=[(1, 44, 21, 0), (1, 44, 24, 0), (1, 43, 0, 91)])  # a PDF filter named /Fl (pypdf 7)
def test_mutated_manuscripts_never_crash(base: int, ops: list[tuple[int, int, int, int]]) -> None:
    suffix, data = mutate(*bases()[base], ops)
    assert run_one(suffix, data) >= 0


@_FAST
@given(lines=st.lists(st.one_of(st.sampled_from(FRAGMENTS),
                                st.builds(lambda c, n: c * n, st.sampled_from(RUN_CHARS), st.integers(1, 3000)),
                                st.text(max_size=80)), min_size=1, max_size=12),
       suffix=st.sampled_from([".txt", ".md", ".tex", ".bib", ".ris", ".json", ".xml"]))
def test_generated_reference_lists_never_crash(lines: list[str], suffix: str) -> None:
    text = "References\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)) + "\n"
    assert run_one(suffix, text.encode("utf-8", errors="surrogatepass")) >= 0
