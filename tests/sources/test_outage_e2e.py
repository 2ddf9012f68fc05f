"""End to end, real processes and real sockets on 127.0.0.1: registries refused, black-holed
(connections accepted, never answered), slow, remembered down, interrupted; and a partial
mirror. Each test runs ``python -m refcheck check`` as a user would. No timing is asserted:
the timings are benchmark figures (``bench/outage_bench.py``, docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.fakes.outage import BlackHole, articles, manuscript, refused_url
from tests.shared import REPO, SEEDS

pytestmark = pytest.mark.slow
SEED_004 = SEEDS / "004_af48595f7d95eba4.txt"
HANG_GUARD = 180  # seconds: a hung process fails the test instead of hanging the suite


def _default_sigint() -> None:
    """A user's Ctrl-C reaches refcheck even when this runs in the background (nohup ... &),
    where the shell makes its children ignore SIGINT and Python would then never see it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFCHECK_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["NO_COLOR"] = "1"
    return env


def _check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "refcheck", "check", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=HANG_GUARD, check=False)


def _statuses(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [r["status"] for r in json.loads(result.stdout)["references"]]


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    # A short per-request timeout keeps the black-hole tests short (config key `timeout`).
    (tmp_path / ".refcheck.toml").write_text("timeout = 1.0\n", encoding="utf-8")
    return manuscript(15, tmp_path / "paper.md")


def test_refused_100_references_one_line_per_cause(tmp_path: Path) -> None:
    paper = manuscript(100, tmp_path / "paper.md")
    url = refused_url()
    result = _check(tmp_path, str(paper), "--cache-dir", str(tmp_path / "cache"),
                    "--crossref-url", url, "--eutils-url", url)
    assert result.returncode == 0, result.stderr  # an outage is not a finding
    lines = result.stdout.splitlines()
    assert lines[0] == (f"{paper}: all 100 references unchecked: crossref: unreachable (connection refused); "
                        "pubmed: unreachable (connection refused) (--show-unchecked lists them)")
    assert len(lines) == 2 and "100 unchecked" in lines[-1]
    listed = _check(tmp_path, str(paper), "--cache-dir", str(tmp_path / "cache"), "--crossref-url", url,
                    "--eutils-url", url, "--show-unchecked", "--strict")
    assert listed.returncode == 3
    assert sum(": reference " in line and "unchecked" in line for line in listed.stdout.splitlines()) == 100


def test_black_hole_is_asked_once_per_registry_not_per_reference(tmp_path: Path, paper: Path) -> None:
    with BlackHole() as hole:
        result = _check(tmp_path, str(paper), "--cache-dir", str(tmp_path / "cache"),
                        "--crossref-url", hole.url, "--eutils-url", hole.url, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert _statuses(result) == ["unchecked"] * 15
    reasons = {r["match"]["reason"] for r in json.loads(result.stdout)["references"]}
    assert all("unreachable (read timed out, no answer)" in r for r in reasons), reasons
    # The breaker: a handful of connections (one per request already in flight), not 15 x 5 attempts.
    assert 1 <= hole.accepted < 15


def test_an_unreachable_registry_is_remembered_across_runs(tmp_path: Path, paper: Path) -> None:
    url = refused_url()
    cache = tmp_path / "cache"
    first = _check(tmp_path, str(paper), "--cache-dir", str(cache), "--crossref-url", url, "--eutils-url", url)
    assert "connection refused" in first.stdout
    port = int(url.rsplit(":", 1)[1])
    with BlackHole(port) as hole:  # the same address now swallows connections
        second = _check(tmp_path, str(paper), "--cache-dir", str(cache), "--crossref-url", url, "--eutils-url", url)
        assert hole.accepted == 0  # not asked at all: the memo in the cache said it is down
        assert "remembered from an earlier run" in second.stdout and "--refresh" in second.stdout
        third = _check(tmp_path, str(paper), "--cache-dir", str(cache), "--crossref-url", url,
                       "--eutils-url", url, "--refresh")
        assert hole.accepted >= 1  # --refresh asks again
    assert "read timed out" in third.stdout


def test_slow_registries_still_check_and_the_deadline_leaves_the_rest_unchecked(tmp_path: Path) -> None:
    paper = manuscript(4, tmp_path / "paper.md")
    with FakeCrossref(records=articles(4), latency=0.15) as crossref, FakeEutils(latency=0.15) as eutils:
        urls = ("--crossref-url", crossref.url, "--eutils-url", eutils.url)
        slow = _check(tmp_path, str(paper), "--cache-dir", str(tmp_path / "c1"), *urls, "--format", "json")
        assert slow.returncode in (0, 1), slow.stderr
        assert "unchecked" not in _statuses(slow) and "verified" in _statuses(slow)  # slow is not down
        late = _check(tmp_path, str(paper), "--cache-dir", str(tmp_path / "c2"), *urls, "--timeout", "0.1",
                      "--format", "json")
    statuses = _statuses(late)
    assert "unchecked" in statuses and "not_found" not in statuses
    reasons = " ".join(r["match"]["reason"] or "" for r in json.loads(late.stdout)["references"])
    assert "run time limit reached (--timeout 0.1 s)" in reasons


def test_ctrl_c_stops_a_run_waiting_on_a_black_hole(tmp_path: Path, paper: Path) -> None:
    (tmp_path / ".refcheck.toml").write_text("timeout = 30.0\n", encoding="utf-8")  # long waits to cut short
    with BlackHole() as hole:
        proc = subprocess.Popen([sys.executable, "-m", "refcheck", "check", str(paper), "--source", "crossref", "--mailto", "t@example.org",
                                 "--cache-dir", str(tmp_path / "cache"), "--crossref-url", hole.url],
                                cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=_default_sigint, text=True)
        waited = 0.0
        while hole.accepted == 0 and waited < 60 and proc.poll() is None:
            time.sleep(0.1)
            waited += 0.1
        assert hole.accepted >= 1, "refcheck never connected"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 130, err
    assert "refcheck: interrupted" in err and "Traceback" not in err


def test_seed_004_against_the_sample_mirror_is_unchecked_never_not_found(tmp_path: Path,
                                                                          shared_mirror: Path) -> None:
    url = refused_url()
    common = (str(SEED_004), "--mirror", str(shared_mirror), "--cache-dir", str(tmp_path / "cache"),
              "--crossref-url", url, "--eutils-url", url)
    fallback = _check(tmp_path, *common, "--format", "json")
    offline = _check(tmp_path, *common, "--offline", "--format", "json")
    for result in (fallback, offline):
        assert result.returncode == 0, result.stderr
        statuses = _statuses(result)
        assert len(statuses) == 19 and "not_found" not in statuses
        codes = {f["code"] for r in json.loads(result.stdout)["references"] for f in r["findings"]}
        assert not codes & {"RC801", "RC502", "RC512"}, codes  # no "fabricated", no "not registered"
    assert _statuses(fallback) == _statuses(offline)  # the verdict does not depend on a flag
    text = _check(tmp_path, *common).stdout
    assert "references unchecked: not in the local mirror's coverage (crossref: a subset of 7,995 records" in text
