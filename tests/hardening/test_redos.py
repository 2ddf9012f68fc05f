"""Issue #17 item 1: no regular expression in the package backtracks super-linearly.

The inventory is recorded in a child process (a fresh interpreter, so that every module-level
pattern is compiled while the recorder is installed). Scaling timings live in
``bench/redos_bench.py``; these checks are static and take no measurements.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hardening.regex_inventory import ambiguous_repeats, regexploit_findings
from tests.shared import REPO

pytest.importorskip("regexploit")


@pytest.fixture(scope="module")
def patterns() -> list[tuple[str, int]]:
    out = subprocess.run([sys.executable, "-m", "tests.hardening.regex_inventory"], cwd=REPO,
                         capture_output=True, text=True, check=True, timeout=300)
    return [(p, f) for p, f in json.loads(out.stdout)]


def test_inventory_covers_the_package(patterns: list[tuple[str, int]]) -> None:
    sources = {p for p, _ in patterns}
    assert len(sources) > 250  # module-level and function-built patterns
    from refcheck.extract import section
    from refcheck.parse import name_patterns

    assert section._LINE_HEADING.pattern in sources
    assert name_patterns.NAME_V.pattern in sources


def test_no_pattern_is_flagged_by_regexploit(patterns: list[tuple[str, int]]) -> None:
    flagged = {p[:120]: found[:1] for p, f in patterns if (found := regexploit_findings(p, f))}
    assert flagged == {}


def test_no_repeat_has_overlapping_branches(patterns: list[tuple[str, int]]) -> None:
    flagged = {p[:120]: found[:1] for p, f in patterns if (found := ambiguous_repeats(p, f))}
    assert flagged == {}


def test_the_checks_catch_the_patterns_reported_in_issue_17() -> None:
    """The detectors do find the two shapes that hung refcheck before the rewrite."""
    from refcheck.text.chars import LOWER, UPPER

    old_heading_tail = r"\nreferences[ \t]*:?[ \t]*(?:\*\*|__|\*|_)?[ \t]*:?[ \t]*#*[ \t]*$"
    old_capitalised = rf"[{UPPER}](?:[{LOWER}]|['’`][{UPPER}{LOWER}]|[{UPPER}](?=[{LOWER}]))+"
    assert regexploit_findings(old_heading_tail, 0)
    assert ambiguous_repeats(old_capitalised, 0)
    assert not regexploit_findings(old_heading_tail.replace("]*", "]*+"), 0)
