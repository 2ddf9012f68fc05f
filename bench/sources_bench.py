"""Registry-lookup benchmark: API calls per reference, cold time vs the rate-limit floor, warm time.

Runs against the local fake registries (:mod:`tests.fakes`) with a configurable network
latency and the REAL client-side rate limits (Crossref polite pool: 10 single-record req/s,
3 list req/s, 3 in flight; public pool: 5/s, 1/s, 1; PubMed: 3/s). Never touches the internet.

Manuscript: ``--refs`` (default 100) real journal articles from ``shared/data/crossref/records.jsonl.gz``
(seeded choice), rendered in Vancouver style; every second reference carries its DOI.

Part 1, sources only (always runs): each reference is looked up the way the matcher does --
DOI -> ``get_doi``; no DOI -> ``search`` and the top hit is used as is (no re-fetch) -- on a
thread pool of the source's concurrency. Reports calls/reference, cold time, the rate-limit
floor for the calls made, and the warm (cached) time.

Part 2, whole CLI (``--cli``, default on): ``refcheck check manuscript.md --crossref-url ...
--eutils-url ... --cache-dir ...`` as a subprocess, cold once, then warm ``--repeat`` times
(median). Skipped with a message when the pipeline cannot run yet.

    python bench/sources_bench.py                 # defaults: 100 refs, 50 ms latency
    python bench/sources_bench.py --pool public --refs 40 --latency 0.1
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)

from refcheck.model import Citation, Work
from refcheck.sources.cache import Cache
from refcheck.sources.crossref import POLITE_LIMITS, PUBLIC_LIMITS, CrossrefSource
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from tests.fakes.crossref import FakeCrossref
from tests.fakes.data import crossref_records
from tests.fakes.eutils import FakeEutils

PUBMED_RATE = 3.0


def pick_works(n: int, seed: int) -> list[Work]:
    """``n`` complete journal articles, chosen reproducibly."""
    works = [work_from_crossref(r) for r in crossref_records().values()]
    eligible = [w for w in works if w.type == "journal-article" and w.authors and w.title and w.year
                and w.volume and w.first_page and w.container and all(a.family or a.group for a in w.authors)]
    return random.Random(seed).sample(eligible, n)


def manuscript(works: list[Work]) -> tuple[str, list[str]]:
    """A Markdown manuscript (half the references with DOI) and the reference strings."""
    refs = [render_reference(w, "vancouver", include_doi=(i % 2 == 0)) for i, w in enumerate(works)]
    body = ["# A benchmark manuscript", "", f"Text citing everything [1-{len(refs)}].", "", "## References", ""]
    body += [f"{i}. {text}" for i, text in enumerate(refs, start=1)]
    return "\n".join(body) + "\n", refs


def floor_seconds(counts: dict[str, int], rates: dict[str, float], latency: float) -> float:
    """The least time the observed calls can take under the rate limits (first call at t=0)."""
    spans = [(n - 1) / rates[k] for k, n in counts.items() if n > 0]
    return (max(spans) if spans else 0.0) + latency


def crossref_counts(fake: FakeCrossref) -> dict[str, int]:
    single = sum(1 for r in fake.requests if r.path.startswith("/works/"))
    listing = sum(1 for r in fake.requests if r.path.rstrip("/") == "/works")
    return {"crossref-single": single, "crossref-list": listing}


def run_sources(works: list[Work], refs: list[str], cr: FakeCrossref, cache_dir: Path, mailto: str | None) -> dict:
    """Look every reference up through CrossrefSource, cold then warm."""
    results: dict = {}
    for phase in ("cold", "warm"):
        cr.reset()
        cache = Cache(cache_dir)
        source = CrossrefSource(cr.url, mailto=mailto, cache=cache)

        def lookup(i: int, source: CrossrefSource = source) -> bool:
            truth = works[i].doi
            if i % 2 == 0:
                work = source.get_doi(truth or "")
                return work is not None and work.doi == truth
            hits = source.search(Citation(text=refs[i]), rows=5)
            return bool(hits) and hits[0].doi == truth

        start = time.perf_counter()
        with ThreadPoolExecutor(source.max_concurrency) as pool:
            correct = sum(pool.map(lookup, range(len(works))))
        elapsed = time.perf_counter() - start
        counts = crossref_counts(cr)
        results[phase] = {"seconds": round(elapsed, 3), "requests": counts,
                          "calls_per_reference": round(sum(counts.values()) / len(works), 3),
                          "top_hit_correct": correct, "peak_in_flight": cr.max_in_flight,
                          "peak_requests_per_s": cr.peak_rate(1.0)}
        source.close()
    return results


def run_cli(text: str, cr: FakeCrossref, eu: FakeEutils, workdir: Path, repeat: int) -> dict:
    """Whole-process ``refcheck check`` cold once, then warm ``repeat`` times."""
    path = workdir / "manuscript.md"
    path.write_text(text, encoding="utf-8")
    cmd = [str(Path(sys.executable).parent / "refcheck"), "check", str(path), "--format", "json",
           "--crossref-url", cr.url, "--eutils-url", eu.url, "--cache-dir", str(workdir / "cache"),
           "--mailto", "bench@example.org", "--fail-on", "never"]
    out: dict = {"command": " ".join([*cmd[:2], "manuscript.md", *cmd[3:]]).replace(cr.url, "<fake-crossref>")
                 .replace(eu.url, "<fake-eutils>").replace(str(workdir / "cache"), "<tmp>/cache")}
    cr.reset()
    eu.reset()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir, check=False)
    cold = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        out["error"] = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        return out
    report = json.loads(proc.stdout)
    counts = {**crossref_counts(cr), "pubmed": eu.count()}
    refs = len(text.split("## References", 1)[1].strip().splitlines())
    out["cold"] = {"seconds": round(cold, 3), "requests": counts,
                   "calls_per_reference": round(sum(counts.values()) / refs, 3),
                   "crossref_calls_per_reference": round((counts["crossref-single"] + counts["crossref-list"]) / refs, 3),
                   "summary": _summary(report)}
    warm_times = []
    for _ in range(repeat):
        cr.reset()
        eu.reset()
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, text=True, cwd=workdir, check=False)
        warm_times.append(time.perf_counter() - start)
    out["warm"] = {"median_seconds": round(statistics.median(warm_times), 3),
                   "runs": [round(t, 3) for t in warm_times], "requests": cr.count() + eu.count()}
    return out


def _summary(report: object) -> object:
    if isinstance(report, dict):
        files = report.get("files") or [report]
        return [f.get("summary") for f in files if isinstance(f, dict)]
    if isinstance(report, list):
        return [r.get("summary") for r in report if isinstance(r, dict)]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refs", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05, help="fake network latency per request (s)")
    parser.add_argument("--pool", choices=["polite", "public"], default="polite")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5, help="warm CLI runs (median reported)")
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-process part")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    mailto = "bench@example.org" if args.pool == "polite" else None
    single, listing, concurrency = POLITE_LIMITS if mailto else PUBLIC_LIMITS
    rates = {"crossref-single": single, "crossref-list": listing, "pubmed": PUBMED_RATE}
    works = pick_works(args.refs, args.seed)
    text, refs = manuscript(works)
    results: dict = {"refs": args.refs, "latency_s": args.latency, "pool": args.pool,
                     "limits": {"single_per_s": single, "list_per_s": listing, "concurrency": concurrency}}
    with FakeCrossref(latency=args.latency) as cr, FakeEutils(latency=args.latency) as eu, \
            tempfile.TemporaryDirectory() as tmp:
        src = run_sources(works, refs, cr, Path(tmp) / "src-cache", mailto)
        src["cold"]["floor_seconds"] = round(floor_seconds(src["cold"]["requests"], rates, args.latency), 3)
        src["cold"]["ratio_to_floor"] = round(src["cold"]["seconds"] / src["cold"]["floor_seconds"], 3)
        results["sources"] = src
        if not args.no_cli:
            cli = run_cli(text, cr, eu, Path(tmp), args.repeat)
            if "cold" in cli:
                cli["cold"]["floor_seconds"] = round(floor_seconds(cli["cold"]["requests"], rates, args.latency), 3)
                cli["cold"]["ratio_to_floor"] = round(cli["cold"]["seconds"] / max(cli["cold"]["floor_seconds"], 1e-9), 3)
            results["cli"] = cli
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
