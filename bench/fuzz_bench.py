"""Long fuzz run of extract+parse: crashes, hangs and the slowest inputs.

    python bench/fuzz_bench.py [--inputs 100000] [--workers 2] [--seed 17] [--out bench/out]

Each input is a base document (a shared seed manuscript, or the seed written as Markdown, LaTeX,
.bib, RIS, CSL-JSON, JATS, .docx or PDF) mutated by 1-6 operations from
``tests/hardening/fuzz_corpus.py`` (runs of up to 5,000 of one character, structural fragments,
control/bidi characters, deleted/duplicated/truncated spans, flipped bytes), drawn from
``random.Random(seed * 10**7 + i)`` so that input ``i`` is reproducible on its own:
``python bench/fuzz_bench.py --replay i``.

Outcome per input: references parsed, a one-line user error (``InputError``,
``NoReferencesError``: expected), or a crash (any other exception). Time is measured per input
as CPU time of the worker (``time.process_time``, not disturbed by other processes on a shared
machine) and wall time; an input still running after 20 s wall is stopped (SIGALRM) and counted
as a hang. The 10 slowest inputs are re-run alone at the end (wall time, best of 3) so that the
table does not depend on the load during the run. Writes ``<out>/fuzz.json`` and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import signal
import time
import traceback
from pathlib import Path

from _repo import REPO as ROOT

HANG_SECONDS = 20


def make_input(seed: int, index: int) -> tuple[str, bytes, str]:
    """(suffix, bytes, description) of input ``index``."""
    from tests.hardening.fuzz_corpus import bases, mutate, random_ops

    rng = random.Random(seed * 10**7 + index)
    pool = bases()
    weights = [{".pdf": 1, ".docx": 1, ".tex": 2, ".bib": 2}.get(suffix, 3) for suffix, _ in pool]
    base = rng.choices(range(len(pool)), weights)[0]
    ops = random_ops(rng)
    suffix, data = mutate(*pool[base], ops)
    return suffix, data, f"base {base} ({pool[base][0]}) ops {ops}"


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def run_range(args: tuple[int, int, int]) -> dict:  # type: ignore[type-arg]
    """Run inputs [start, stop) in this worker; returns counts, crashes and the slowest inputs."""
    from tests.hardening.fuzz_corpus import run_one

    seed, start, stop = args
    signal.signal(signal.SIGALRM, _alarm)
    out = {"inputs": 0, "with_refs": 0, "user_errors": 0, "crashes": [], "hangs": [], "slow": [], "bytes": 0,
           "cpu": 0.0}
    for i in range(start, stop):
        suffix, data, what = make_input(seed, i)
        out["inputs"] += 1
        out["bytes"] += len(data)
        cpu, wall = time.process_time(), time.perf_counter()
        signal.alarm(HANG_SECONDS)
        try:
            found = run_one(suffix, data)
            out["with_refs" if found else "user_errors"] += 1
        except Hang:
            out["hangs"].append({"index": i, "what": what})
        except Exception as exc:  # a crash: recorded with where it happened
            out["crashes"].append({"index": i, "what": what, "error": f"{type(exc).__name__}: {exc}"[:300],
                                   "at": traceback.format_exc().splitlines()[-3][:200]})
        finally:
            signal.alarm(0)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        out["cpu"] += cpu
        out["slow"].append((cpu, wall, i, suffix, len(data)))
        if len(out["slow"]) > 200:
            out["slow"] = sorted(out["slow"], reverse=True)[:20]
    out["slow"] = sorted(out["slow"], reverse=True)[:20]
    return out


def replay(seed: int, index: int) -> tuple[float, str]:
    """Best-of-3 wall time of one input, alone."""
    from tests.hardening.fuzz_corpus import run_one

    suffix, data, what = make_input(seed, index)
    best = min(_timed(run_one, suffix, data) for _ in range(3))
    return best, what


def _timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--replay", type=int, default=None, help="run one input and print it")
    args = ap.parse_args()
    if args.replay is not None:
        suffix, data, what = make_input(args.seed, args.replay)
        print(what, suffix, len(data), "bytes")
        print(f"{replay(args.seed, args.replay)[0]:.3f} s")
        return
    chunk = 500
    jobs = [(args.seed, s, min(s + chunk, args.inputs)) for s in range(0, args.inputs, chunk)]
    started = time.perf_counter()
    total = {"inputs": 0, "with_refs": 0, "user_errors": 0, "crashes": [], "hangs": [], "slow": [], "bytes": 0,
             "cpu": 0.0}
    with multiprocessing.Pool(args.workers) as pool:
        for n, part in enumerate(pool.imap_unordered(run_range, jobs), start=1):
            for key in ("inputs", "with_refs", "user_errors", "bytes", "cpu"):
                total[key] += part[key]
            for key in ("crashes", "hangs"):
                total[key] += part[key]
                for item in part[key]:
                    print(key[:-1].upper(), item, flush=True)
            total["slow"] = sorted(total["slow"] + part["slow"], reverse=True)[:20]
            if n % 20 == 0:
                print(f"{total['inputs']:,} inputs, {len(total['crashes'])} crashes, {len(total['hangs'])} hangs, "
                      f"slowest {total['slow'][0][0]:.3f} s CPU, {time.perf_counter() - started:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    slowest = []
    for cpu, wall, index, suffix, size in total["slow"][:10]:
        alone, what = replay(args.seed, index)
        slowest.append({"index": index, "suffix": suffix, "bytes": size, "cpu_s": round(cpu, 3),
                        "wall_in_run_s": round(wall, 3), "wall_alone_s": round(alone, 3), "what": what})
    result = {"inputs": total["inputs"], "with_references": total["with_refs"], "user_errors": total["user_errors"],
              "crashes": len(total["crashes"]), "hangs": len(total["hangs"]), "input_mb": round(total["bytes"] / 1e6, 1),
              "max_cpu_s": round(total["slow"][0][0], 3), "over_1s_cpu": sum(1 for s in total["slow"] if s[0] > 1.0),
              "mean_cpu_ms": round(1000 * total["cpu"] / max(1, total["inputs"]), 2), "elapsed_s": round(elapsed), "workers": args.workers, "seed": args.seed, "slowest": slowest,
              "crash_list": total["crashes"][:50], "hang_list": total["hangs"][:50]}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result.items() if k not in ("crash_list", "hang_list")}, indent=1,
                     ensure_ascii=False))
    for crash in total["crashes"][:10]:
        print("CRASH", crash)


if __name__ == "__main__":
    main()
