"""Batch benchmark: references per second for a corpus of manuscripts against the 1M-record mirror.

    python bench/mirror_bench.py --records 1000000 --ingest-only --keep --dir /tmp/b   # once, minutes
    python bench/batch_bench.py --mirror /tmp/b/mirror-bench-*/mirror.sqlite            # this benchmark

The manuscripts are generated here, at run time (never committed; a temporary directory):
Markdown papers whose numbered Vancouver reference lists (``--refs``: 4-12 references, one in ten with a
planted error) cite records of the synthetic mirror corpus - the same deterministic records
``bench/mirror_bench.py`` loaded (``perturb(i)`` over ``--records``), so every reference has
its answer in the mirror. The batch then runs, each time into a fresh output directory, with

1. one local process (``--jobs 1``, in-process),
2. two local worker processes (``--jobs 2``),
3. a two-worker Dask ``LocalCluster`` (``--dask-local 2``, worker processes),

and reports wall time, manuscripts/s and references/s; the rows of every configuration must
agree. The Dask overhead per task is measured apart: no-op tasks streamed through the same
bounded submission (``IN_FLIGHT_PER_THREAD`` per worker) on the same two-worker cluster, as
worker-milliseconds per task; and as the difference between the Dask and the two-process run.
The mirror file is read once before timing (page cache warm, as on a node that holds it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)
from mirror_bench import load_templates, perturb

from refcheck.batch.inputs import collect
from refcheck.batch.local import run_in_process, run_processes
from refcheck.batch.runner import run_batch
from refcheck.batch.task import JobSpec
from tests.fakes.manuscripts import write_manuscripts


class SyntheticRecords:
    """Record ``i`` of mirror_bench's corpus on demand (the corpus is never held in memory)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.templates, self.vocab, self.families = load_templates()

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> dict:
        return perturb(i, self.templates, self.vocab, self.families)


def warm(db: Path) -> None:
    with open(db, "rb") as fh:
        while fh.read(1 << 24):
            pass


def _own_cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _cpu_seconds() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _noop(i: int) -> int:
    return i


def dask_overhead(workers: int, tasks: int) -> dict:
    """Worker-milliseconds per no-op task streamed like the batch's tasks."""
    from distributed import Client, as_completed

    from refcheck.batch.cluster import IN_FLIGHT_PER_THREAD, local_cluster

    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.submit(_noop, -1).result()  # workers up and connected
        started = time.perf_counter()
        numbers = iter(range(tasks))
        stream = as_completed([client.submit(_noop, i, pure=False)
                               for i in itertools.islice(numbers, workers * IN_FLIGHT_PER_THREAD)])
        for future in stream:
            future.result()
            nxt = next(numbers, None)
            if nxt is not None:
                stream.add(client.submit(_noop, nxt, pure=False))
        wall = time.perf_counter() - started
    return {"tasks": tasks, "workers": workers, "wall_s": wall, "tasks_per_s": tasks / wall,
            "worker_ms_per_task": wall * workers / tasks * 1000}


def run_config(name: str, items: list, spec_flags: dict, out: Path, executor) -> dict:  # type: ignore[no-untyped-def]
    load = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    result = run_batch(items, JobSpec(str(out), spec_flags), out, executor)
    cpu = _cpu_seconds() - cpu_before  # this process + the pool's workers (reaped at the pool's end)
    refs = sum(r["references"] for r in result.rows)
    outcome = {
        "config": name, "manuscripts": len(result.rows), "references": refs, "wall_s": result.seconds,
        "manuscripts_per_s": len(result.rows) / result.seconds, "references_per_s": refs / result.seconds,
        "failed": sum(r["outcome"] != "ok" for r in result.rows),
        "statuses": {k: sum(r["statuses"][k] for r in result.rows) for k in result.rows[0]["statuses"]},
        "load_avg_1min_before": load, "load_avg_1min_after": os.getloadavg()[0],
        "cpu_s": cpu,
        "references_per_cpu_s": refs / cpu,
    }
    if name.startswith("dask"):  # its workers are grandchildren, not reaped yet: run_on_dask adds them
        outcome["client_scheduler_cpu_s"] = outcome.pop("cpu_s")
        outcome.pop("references_per_cpu_s")
    print(f"{name}: {outcome['manuscripts']} manuscripts, {refs} references in {result.seconds:.1f} s = "
          f"{outcome['references_per_s']:.1f} references/s ({outcome['manuscripts_per_s']:.2f} manuscripts/s); "
          f"statuses {outcome['statuses']}; load {load:.1f} -> {outcome['load_avg_1min_after']:.1f}"
          + (f"; {outcome['references_per_cpu_s']:.0f} references per CPU-second" if "cpu_s" in outcome else ""),
          flush=True)
    outcome["rows"] = [{k: v for k, v in r.items() if k != "seconds"} for r in result.rows]
    return outcome


def run_on_dask(items: list, flags: dict, out: Path) -> dict:
    """The batch on a two-worker LocalCluster started beforehand (its start-up timed apart)."""
    from distributed import Client

    from refcheck.batch.cluster import local_cluster, run_dask

    started = time.perf_counter()
    with local_cluster(2) as cluster, Client(cluster) as client:
        startup = time.perf_counter() - started
        before = sum(client.run(_own_cpu_seconds).values())
        outcome = run_config("dask2", items, flags, out,
                             lambda i, s: run_dask(i, s, scheduler=cluster.scheduler_address, shared_budget=False))
        workers_cpu = sum(client.run(_own_cpu_seconds).values()) - before
    outcome["cluster_startup_s"] = startup
    # run_config saw this process (client + scheduler); add the worker processes' own CPU.
    outcome["cpu_s"] = outcome.pop("client_scheduler_cpu_s") + workers_cpu
    outcome["references_per_cpu_s"] = outcome["references"] / outcome["cpu_s"]
    print(f"dask2: {outcome['references_per_cpu_s']:.0f} references per CPU-second (workers {workers_cpu:.0f} s, "
          f"client + scheduler {outcome['cpu_s'] - workers_cpu:.0f} s)", flush=True)
    print(f"dask2: LocalCluster start-up {startup:.1f} s (not in the wall time above)", flush=True)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, required=True, help="mirror.sqlite kept by mirror_bench.py --keep")
    parser.add_argument("--records", type=int, default=1_000_000, help="records in that mirror (its --records)")
    parser.add_argument("--manuscripts", type=int, default=2000)
    parser.add_argument("--overhead-tasks", type=int, default=2000)
    parser.add_argument("--configs", default="local1,local2,dask2", help="comma-separated subset to run")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--refs", type=int, nargs=2, default=(4, 12), metavar=("MIN", "MAX"),
                        help="references per manuscript (uniform)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    results: dict = {"mirror": str(args.mirror), "records": args.records, "cpus": os.cpu_count(),
                     "python": sys.version.split()[0], "configs": []}
    try:
        started = time.perf_counter()
        write_manuscripts(SyntheticRecords(args.records), work / "corpus", args.manuscripts, refs=tuple(args.refs), seed=7)
        results["generate_s"] = time.perf_counter() - started
        results["refs_per_manuscript"] = list(args.refs)
        items = collect([str(work / "corpus")])
        print(f"generated {len(items)} manuscripts in {results['generate_s']:.1f} s", flush=True)
        warm(args.mirror)
        flags = {"sources": ("mirror",), "mirror_path": args.mirror, "cache_dir": work / "cache"}
        executors = {
            "local1": run_in_process,
            "local2": lambda i, s: run_processes(i, s, 2, shared_budget=False),
        }
        for name in args.configs.split(","):
            if name == "dask2":
                results["configs"].append(run_on_dask(items, flags, work / name))
            else:
                results["configs"].append(run_config(name, items, flags, work / name, executors[name]))
        rows = [c.pop("rows") for c in results["configs"]]
        results["rows_agree"] = all(r == rows[0] for r in rows)
        print(f"rows agree across configurations: {results['rows_agree']}", flush=True)
        overhead = dask_overhead(2, args.overhead_tasks)
        by_name = {c["config"]: c for c in results["configs"]}
        if "local2" in by_name and "dask2" in by_name:
            extra = (by_name["dask2"]["wall_s"] - by_name["local2"]["wall_s"]) * 2 / len(items)
            overhead["batch_extra_worker_ms_per_task_vs_local2"] = extra * 1000
            cpu_extra = (by_name["dask2"]["cpu_s"] - by_name["local2"]["cpu_s"]) / len(items)
            overhead["batch_extra_cpu_ms_per_task_vs_local2"] = cpu_extra * 1000
        results["dask_overhead"] = overhead
        print(f"dask overhead: {overhead['worker_ms_per_task']:.2f} worker-ms per no-op task "
              f"({overhead['tasks_per_s']:.0f} tasks/s on {overhead['workers']} workers)"
              + (f"; batch vs 2 local processes: {overhead['batch_extra_worker_ms_per_task_vs_local2']:+.1f} "
                 f"worker-ms, {overhead['batch_extra_cpu_ms_per_task_vs_local2']:+.1f} CPU-ms per manuscript"
                 if "batch_extra_worker_ms_per_task_vs_local2" in overhead else ""),
              flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
