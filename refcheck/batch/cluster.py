"""Run a batch on a Dask distributed cluster (optional extra: ``pip install 'refcheck-biomed[dask]'``).

Each manuscript is one task (:func:`refcheck.batch.task.check_one`), submitted a bounded number
at a time so that a corpus of a million manuscripts never sits in the scheduler's memory at
once. Workers read the manuscripts and write the reports into the output directory when these are
paths they share with the client; with ``--no-shared-fs`` each manuscript's bytes travel with
its task and the report comes back to the client, which writes it. Every node needs refcheck installed and its own read-only copy of the
mirror at the path given (see docs/scaling.md).

Live registries: :class:`RateBudgetPlugin` puts one :class:`refcheck.batch.rate.Pacer` on the
scheduler and each worker process asks it for every request start, so the whole cluster keeps
to one registry's limit. A task that keeps killing its worker ends as Dask's ``KilledWorker``
after ``distributed.scheduler.allowed-failures`` retries; its row says so.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import SchedulerPlugin

from refcheck.batch.rate import HANDLER, Pacer, install_client_gate
from refcheck.batch.task import Item, JobSpec, check_one, failed_row
from refcheck.sources.http import set_shared_gate

IN_FLIGHT_PER_THREAD = 4  # tasks queued per worker thread: keeps workers busy, bounds scheduler memory


class RateBudgetPlugin(SchedulerPlugin):
    """The batch's shared rate budget, kept on the scheduler behind one extra handler."""

    name = "refcheck-rate-budget"
    idempotent = True

    def __init__(self) -> None:
        self.pacer: Pacer | None = None  # made on the scheduler: the plugin travels pickled, a lock cannot

    async def start(self, scheduler: Any) -> None:
        self.pacer = Pacer()
        scheduler.handlers[HANDLER] = self.reserve

    def reserve(self, key: str, interval: float) -> float:
        assert self.pacer is not None, "handler registered by start()"
        return self.pacer.reserve(key, interval)


_gate_installed = False


def dask_task(item: Item, spec: JobSpec, shared_budget: bool) -> dict[str, Any]:
    """One manuscript on a worker; installs the scheduler-backed gate once per worker process."""
    global _gate_installed
    if shared_budget and not _gate_installed:
        from distributed import get_client

        install_client_gate(get_client())
        _gate_installed = True
    return check_one(item, spec)


def local_cluster(workers: int, *, processes: bool = True) -> LocalCluster:
    """``--dask-local N``: N single-threaded worker processes on this machine, no dashboard."""
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None)


def run_dask(items: list[Item], spec: JobSpec, *, scheduler: str | None = None, local_workers: int | None = None,
             shared_budget: bool, processes: bool = True) -> Iterator[dict[str, Any]]:
    """Check ``items`` as Dask tasks; yield each row as its task finishes (any order)."""
    cluster = local_cluster(local_workers or 1, processes=processes) if scheduler is None else None
    client = Client(scheduler if scheduler is not None else cluster)
    try:
        if shared_budget:
            client.register_plugin(RateBudgetPlugin())
        yield from _stream(client, items, spec, shared_budget)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if cluster is not None and not processes:  # the workers were threads of this process
            _uninstall_gate()


def _uninstall_gate() -> None:
    global _gate_installed
    set_shared_gate(None)
    _gate_installed = False


def _with_bytes(item: Item) -> Item:
    """The item with its file's bytes (an unreadable file goes as is: the worker's row says why)."""
    try:
        return Item(item.id, item.path, Path(item.path).read_bytes())
    except OSError:
        return item


def _stream(client: Client, items: list[Item], spec: JobSpec, shared_budget: bool) -> Iterator[dict[str, Any]]:
    """Bounded submission; with no shared file system (``spec.out_dir`` None) the manuscripts
    travel with their tasks and the reports come back in the rows."""
    ship = spec.out_dir is None
    threads = max(1, sum(client.nthreads().values()))
    pending = iter(items)
    by_key: dict[str, Item] = {}
    run = uuid.uuid4().hex[:8]  # keys unique to this run: a long-lived cluster may still hold an old one

    def submit(item: Item) -> Any:
        key = f"refcheck-{run}-{item.id}"
        by_key[key] = item
        if ship:
            item = _with_bytes(item)
        return client.submit(dask_task, item, spec, shared_budget, pure=False, key=key)

    first = [submit(item) for item in itertools.islice(pending, threads * IN_FLIGHT_PER_THREAD)]
    stream = as_completed(first)
    for future in stream:
        item = by_key.pop(future.key)
        try:
            yield future.result()
        except Exception as exc:  # KilledWorker, a worker lost with the task: the row says so
            yield failed_row(item, "failed", f"task failed on the cluster: {type(exc).__name__}: {exc}", None)
        future.release()
        nxt = next(pending, None)
        if nxt is not None:
            stream.add(submit(nxt))
