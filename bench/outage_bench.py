"""How long ``refcheck check`` takes when the registries are refused, black-holed or slow, how
fast Ctrl-C acts, and what the sample mirror says about seed 004. Real processes, real sockets
on 127.0.0.1 (:mod:`tests.fakes.outage`, the local fakes), wall-clock per run.

    python bench/outage_bench.py                      # this tree
    python bench/outage_bench.py --code /tmp/base     # another tree (e.g. `git archive` of a base commit)
    python bench/outage_bench.py --only refused,ctrl-c --repeat 3

Scenarios (each with a fresh, empty cache unless said otherwise):

* ``parse-only``: ``--no-lookup`` on the 100-reference manuscript (the floor: start-up + parsing);
* ``refused``: 100 references, nothing listens on either registry's port;
* ``refused-again``: the same, second run with the same cache (the memo says "down");
* ``black-hole-15`` / ``black-hole-100``: connections accepted and never answered, default timeouts;
* ``slow``: 15 references, both fakes answering each request after 0.3 s;
* ``ctrl-c``: seconds from SIGINT to exit, while waiting on a black hole (Crossref polite pool: 3 worker threads);
* ``seed-004-mirror``: seed 004 against a mirror of shared/data, registries refused: statuses.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from _repo import REPO

from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.fakes.outage import BlackHole, manuscript, refused_url
from tests.shared import DATA, SEED_004


def _default_sigint() -> None:
    """A user's Ctrl-C reaches refcheck even when this runs in the background (nohup ... &),
    where the shell makes its children ignore SIGINT and Python would then never see it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Bench:
    def __init__(self, code: Path, work: Path) -> None:
        self.code = code
        self.work = work
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("REFCHECK_")}
        self.env.update({"PYTHONPATH": str(code), "NO_COLOR": "1", "XDG_CACHE_HOME": str(work / "xdg")})
        self.paper100 = manuscript(100, work / "paper100.md")
        self.paper15 = manuscript(15, work / "paper15.md")
        self.n = 0

    def cache(self) -> str:
        self.n += 1
        return str(self.work / f"cache{self.n}")

    def run(self, *args: str, timeout: float = 900) -> tuple[float, subprocess.CompletedProcess[str]]:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "refcheck", *args], cwd=self.work, env=self.env,
                                capture_output=True, text=True, timeout=timeout, check=False)
        return time.perf_counter() - started, result

    @staticmethod
    def statuses(result: subprocess.CompletedProcess[str]) -> str:
        try:
            refs = json.loads(result.stdout)["references"]
        except (ValueError, KeyError):
            return f"exit {result.returncode}: {result.stderr.strip()[-120:]}"
        return ", ".join(f"{n} {s}" for s, n in Counter(r["status"] for r in refs).most_common())

    # -- scenarios -------------------------------------------------------------------------------
    def parse_only(self) -> tuple[float, str]:
        seconds, result = self.run("check", str(self.paper100), "--no-lookup", "--format", "json")
        return seconds, self.statuses(result)

    def refused(self) -> tuple[float, str]:
        url = refused_url()
        seconds, result = self.run("check", str(self.paper100), "--cache-dir", self.cache(), "--crossref-url", url,
                                   "--eutils-url", url, "--format", "json")
        return seconds, self.statuses(result)

    def refused_again(self) -> tuple[float, str]:
        url, cache = refused_url(), self.cache()
        args = ("check", str(self.paper100), "--cache-dir", cache, "--crossref-url", url, "--eutils-url", url,
                "--format", "json")
        self.run(*args)
        seconds, result = self.run(*args)
        return seconds, self.statuses(result)

    def _black_hole(self, paper: Path) -> tuple[float, str]:
        with BlackHole() as hole:
            seconds, result = self.run("check", str(paper), "--cache-dir", self.cache(), "--crossref-url", hole.url,
                                       "--eutils-url", hole.url, "--format", "json")
            return seconds, f"{self.statuses(result)}; {hole.accepted} connections"

    def black_hole_15(self) -> tuple[float, str]:
        return self._black_hole(self.paper15)

    def black_hole_100(self) -> tuple[float, str]:
        return self._black_hole(self.paper100)

    def slow(self) -> tuple[float, str]:
        with FakeCrossref(latency=0.3) as crossref, FakeEutils(latency=0.3) as eutils:
            seconds, result = self.run("check", str(self.paper15), "--cache-dir", self.cache(), "--crossref-url",
                                       crossref.url, "--eutils-url", eutils.url, "--mailto", "bench@example.org",
                                       "--format", "json")
            return seconds, f"{self.statuses(result)}; {crossref.count()} + {eutils.count()} requests"

    def ctrl_c(self) -> tuple[float, str]:
        with BlackHole() as hole:
            proc = subprocess.Popen([sys.executable, "-m", "refcheck", "check", str(self.paper15), "--source",
                                     "crossref", "--mailto", "t@example.org", "--cache-dir", self.cache(), "--crossref-url", hole.url],
                                    cwd=self.work, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=_default_sigint,
                                    text=True)
            deadline = time.monotonic() + 60
            while hole.accepted == 0 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.5)  # let the worker threads block on their sockets
            sent = time.perf_counter()
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=300)
            last = (err.strip().splitlines() or ["(nothing on stderr)"])[-1][:60]
            return time.perf_counter() - sent, f"exit {proc.returncode}: {last}"

    def seed_004_mirror(self) -> tuple[float, str]:
        db = self.work / "sample-mirror.sqlite"
        if not db.exists():
            self.run("mirror", "build", str(DATA), "--db", str(db), "-q")
        url = refused_url()
        seconds, result = self.run("check", str(SEED_004), "--mirror", str(db), "--cache-dir", self.cache(),
                                   "--crossref-url", url, "--eutils-url", url, "--format", "json")
        return seconds, self.statuses(result)


SCENARIOS: dict[str, Callable[[Bench], tuple[float, str]]] = {
    "parse-only": Bench.parse_only, "refused": Bench.refused, "refused-again": Bench.refused_again,
    "black-hole-15": Bench.black_hole_15, "black-hole-100": Bench.black_hole_100, "slow": Bench.slow,
    "ctrl-c": Bench.ctrl_c, "seed-004-mirror": Bench.seed_004_mirror,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="tree whose refcheck is run (PYTHONPATH)")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"code: {args.code}   load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    print("| scenario | seconds (each run) | outcome |\n|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="outage-bench-") as tmp:
        bench = Bench(args.code.resolve(), Path(tmp))
        for name in args.only.split(","):
            runs = [SCENARIOS[name](bench) for _ in range(args.repeat)]
            times = " / ".join(f"{s:.1f}" for s, _ in runs)
            print(f"| {name} | {times} | {runs[-1][1]} |", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
