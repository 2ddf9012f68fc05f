"""Reference-manager benchmark: registry requests per added reference, and local operation times.

Part 1, lookups (local fake registries, never the internet; ``REFCHECK_NO_RATE_LIMIT=1`` so the
figures measure refcheck, not the pacing): ``refcheck add`` of ``--refs`` real DOIs, of the same
references as free text, ``import`` of a manuscript listing them, and ``sync`` of the resulting
library. Each is run cold (empty cache) and warm (same cache); reported: wall time (median of
``--repeat`` runs) and requests per reference sent to each fake.

Part 2, local (no lookups): ``tidy``, ``dedupe`` and ``export`` of a library of ``--size``
entries built from the shared Crossref records. Reported: median wall time.

    python bench/library_bench.py                  # 20 refs, 5000-entry library
    python bench/library_bench.py --refs 50 --size 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _repo import REPO
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from tests.fakes.crossref import FakeCrossref
from tests.fakes.data import crossref_records
from tests.fakes.eutils import FakeEutils

OUT = REPO / "bench" / "out" / "library_bench.json"


def articles(count: int) -> list:
    """``count`` complete journal articles spread evenly over the shared Crossref corpus."""
    works = [work_from_crossref(r) for r in crossref_records().values()]
    works = [w for w in works if w.type == "journal-article" and w.authors and w.title and w.volume
             and w.first_page and w.doi and w.year]
    step = max(1, len(works) // count)
    return works[::step][:count]


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    elapsed = time.perf_counter() - start
    if result.exit_code not in (0, 1):
        raise SystemExit(f"refcheck {' '.join(argv[:2])} failed: {result.output[-500:]}")
    return elapsed


def timed(repeat: int, make: Callable[[int], list[str]]) -> float:
    return statistics.median(run(make(i)) for i in range(repeat))


def lookups(refs: int, repeat: int, work_dir: Path) -> dict:
    works = articles(refs)
    manuscript = work_dir / "paper.md"
    manuscript.write_text("## References\n\n" + "".join(
        f"{i}. {render_reference(w, 'vancouver')}\n" for i, w in enumerate(works, 1)), encoding="utf-8")
    texts = work_dir / "refs.txt"
    texts.write_text("\n".join(render_reference(w, "vancouver") for w in works) + "\n", encoding="utf-8")
    dois = [w.doi for w in works]
    results: dict[str, dict] = {}
    with FakeCrossref() as cr, FakeEutils() as eu:
        def flags(cache: Path) -> list[str]:
            return ["--crossref-url", cr.url, "--eutils-url", eu.url, "--cache-dir", str(cache), "--mailto",
                    "bench@example.org"]

        cases = {
            "add DOIs": lambda lib, cache: ["add", *dois, "--to", str(lib), *flags(cache)],
            "add free text (--from)": lambda lib, cache: ["add", "--from", str(texts), "--to", str(lib), *flags(cache)],
            "import manuscript": lambda lib, cache: ["import", str(manuscript), "--to", str(lib), *flags(cache)],
        }
        for name, argv in cases.items():
            cold_times = []
            calls = {}
            for i in range(repeat):
                cache, lib = work_dir / f"{name}-cache-{i}", work_dir / f"{name}-{i}.bib"
                cr.reset()
                eu.reset()
                cold_times.append(run(argv(lib, cache)))
                calls = {"crossref": len(cr.requests) / refs, "eutils": len(eu.requests) / refs}
            cache = work_dir / f"{name}-cache-0"
            warm = timed(repeat, lambda i, argv=argv, name=name, cache=cache: argv(work_dir / f"{name}-w{i}.bib", cache))
            results[name] = {"cold_s": round(statistics.median(cold_times), 3), "warm_s": round(warm, 3),
                             "requests_per_ref": {k: round(v, 2) for k, v in calls.items()}}
        lib = work_dir / "add DOIs-0.bib"
        cr.reset()
        eu.reset()
        sync_cold = run(["sync", str(lib), *flags(work_dir / "sync-cache")])
        sync_calls = {"crossref": len(cr.requests) / refs, "eutils": len(eu.requests) / refs}
        sync_warm = timed(repeat, lambda i: ["sync", str(lib), *flags(work_dir / "sync-cache")])
        results["sync"] = {"cold_s": round(sync_cold, 3), "warm_s": round(sync_warm, 3),
                           "requests_per_ref": {k: round(v, 2) for k, v in sync_calls.items()}}
    return results


def local(size: int, repeat: int, work_dir: Path) -> dict:
    from bibtexparser.library import Library

    from refcheck.library.ops import cite_key, entry_from_work, unique_key
    from refcheck.library.store import save_library

    works = articles(size)
    library, used = Library(), set()
    for work in works:
        key = unique_key(cite_key(work), used)
        used.add(key)
        library.add(entry_from_work(work, key))
    path = work_dir / "big.bib"
    save_library(library, path, backup=False)
    out = {"entries": len(works)}
    for name, argv in {
        "tidy --check": ["tidy", "--check", str(path)],
        "dedupe": ["dedupe", str(path)],
        "export csl-json": ["export", "--library", str(path), "--format", "csl-json", "-o", str(work_dir / "x.json")],
        "export ris": ["export", "--library", str(path), "--format", "ris", "-o", str(work_dir / "x.ris")],
        "list": ["list", "--library", str(path), "--format", "json"],
    }.items():
        out[name + "_s"] = round(timed(repeat, lambda i, argv=argv: argv), 3)
    return out


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refs", type=int, default=20)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["REFCHECK_NO_RATE_LIMIT"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        work_dir = Path(tmp)
        os.chdir(work_dir)
        report = {"refs": args.refs, "repeat": args.repeat, "lookups": lookups(args.refs, args.repeat, work_dir),
                  "local": local(args.size, args.repeat, work_dir)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main_()
