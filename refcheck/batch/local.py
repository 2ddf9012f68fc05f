"""Run a batch on this machine: in this process (``--jobs 1``) or in N worker processes.

Workers are plain :class:`concurrent.futures.ProcessPoolExecutor` processes; each opens the
mirror read-only on its own (SQLite readers need no coordination). With live registries every
worker routes its request starts through one shared budget (:mod:`refcheck.batch.rate`).

A worker that dies (killed by the OOM killer, a segfault in a C extension) breaks the whole
pool. The manuscripts that were in flight are then *suspects*: each is re-run alone in a fresh
pool, so the one that kills its worker again gets a ``failed`` row ("worker process died") and
the innocent ones are checked normally.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from refcheck.batch.rate import install_proxy_gate, start_local_budget
from refcheck.batch.task import Item, JobSpec, check_one, failed_row

IN_FLIGHT_PER_WORKER = 2  # enough to keep workers busy; a million-manuscript batch holds few futures


def run_in_process(items: list[Item], spec: JobSpec) -> Iterator[dict[str, Any]]:
    """``--jobs 1``: no pool, no coordinator (this process's own limiter is the budget)."""
    for item in items:
        yield check_one(item, spec)


def _context() -> Any:
    """Fork where it exists (workers start in milliseconds), else the platform default."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class _Pool:
    """A process pool that can be replaced after a worker dies."""

    def __init__(self, jobs: int, pacer: Any) -> None:
        self.jobs, self.pacer = jobs, pacer
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        if self.pacer is None:
            return ProcessPoolExecutor(self.jobs, mp_context=_context())
        return ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=install_proxy_gate,
                                   initargs=(self.pacer,))

    def replace(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self, cancel: bool) -> None:
        self.executor.shutdown(wait=not cancel, cancel_futures=cancel)


def run_processes(items: list[Item], spec: JobSpec, jobs: int, *, shared_budget: bool) -> Iterator[dict[str, Any]]:
    """Check ``items`` in ``jobs`` processes; yield each row as its manuscript finishes."""
    manager, pacer = start_local_budget() if shared_budget else (None, None)
    pool = _Pool(jobs, pacer)
    queue: deque[Item] = deque(items)
    suspects: deque[Item] = deque()
    running: dict[Future, tuple[Item, bool]] = {}  # future -> (item, running alone as a suspect)
    finished = False
    try:
        while queue or suspects or running:
            _fill(pool, spec, queue, suspects, running)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken: list[tuple[Item, bool]] = []
            for future in done:
                item, alone = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append((item, alone))
            if broken:
                for future in list(running):  # the rest of the pool went down with it
                    item, alone = running.pop(future)
                    if future.done() and not future.cancelled() and future.exception() is None:
                        yield future.result()
                    else:
                        broken.append((item, alone))
                pool.replace()
                for item, alone in broken:
                    if alone:
                        yield failed_row(item, "failed", "worker process died while checking it", None)
                    else:
                        suspects.append(item)
        finished = True
    finally:
        pool.close(cancel=not finished)
        if manager is not None:
            manager.shutdown()


def _fill(pool: _Pool, spec: JobSpec, queue: deque[Item], suspects: deque[Item],
          running: dict[Future, tuple[Item, bool]]) -> None:
    """Submit work: suspects one at a time with nothing else running, else keep workers busy."""
    if suspects:
        if not running:
            item = suspects.popleft()
            running[pool.executor.submit(check_one, item, spec)] = (item, True)
        return
    while queue and len(running) < pool.jobs * IN_FLIGHT_PER_WORKER:
        item = queue.popleft()
        running[pool.executor.submit(check_one, item, spec)] = (item, False)
