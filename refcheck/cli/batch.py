"""``refcheck batch``: check a whole corpus, locally in N processes or on a Dask cluster."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import click

from refcheck.cli import main
from refcheck.cli.check import lookup_options, settings_for
from refcheck.errors import EXIT_OK, EXIT_USAGE, ConfigError


def _executor(jobs: int, scheduler: str | None, dask_local: int | None, shared_budget: bool):  # type: ignore[no-untyped-def]
    """The function that runs the manuscripts: in-process, a process pool, or Dask."""
    if scheduler or dask_local:
        try:
            from refcheck.batch.cluster import run_dask
        except ImportError as exc:
            if (exc.name or "").split(".")[0] not in {"dask", "distributed"}:
                raise
            raise ConfigError("--scheduler/--dask-local need Dask: pip install 'refcheck-biomed[dask]'") from None
        return lambda items, spec: run_dask(items, spec, scheduler=scheduler, local_workers=dask_local,
                                            shared_budget=shared_budget)
    from refcheck.batch.local import run_in_process, run_processes

    if jobs <= 1:
        return run_in_process
    return lambda items, spec: run_processes(items, spec, jobs, shared_budget=shared_budget)


def _uses_live_registries(first: str, lookups: bool, flags: dict[str, Any]) -> bool:
    settings = settings_for(first, **dict(flags))
    return lookups and not settings.offline and any(s != "mirror" for s in settings.sources)


class _Bar:
    """click's progress bar (with ETA) on stderr, created once the number to check is known."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=f"checking {total} manuscripts", file=sys.stderr,
                                         show_eta=True, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("refcheck-batch"),
              show_default=True, help="Output directory: reports/<id>.json, summary.jsonl, summary.csv.")
@click.option("--resume", is_flag=True, help="Skip manuscripts whose report in --out is complete.")
@click.option("--jobs", "-j", type=click.IntRange(1, 1024), default=None,
              help="Local worker processes (default: the number of CPUs).")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster, e.g. tcp://host:8786 (needs [dask]).")
@click.option("--dask-local", type=click.IntRange(1, 1024), metavar="N",
              help="Start a Dask LocalCluster of N worker processes and run on it (needs [dask]).")
@click.option("--no-shared-fs", "no_shared_fs", is_flag=True,
              help="Dask: the workers share no file system with this machine; send each manuscript "
                   "with its task and write the returned reports here.")
@click.option("--manuscript-timeout", "timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS",
              help="Give up on a manuscript after this long (its row says so; local runs only). "
                   "--timeout bounds the registry time within each manuscript.")
@click.option("--no-lookup", is_flag=True, help="Parse-level checks only; do not consult any registry.")
@click.option("--progress/--no-progress", default=None, help="Progress bar with ETA (default: on a terminal).")
@lookup_options
def batch(paths: tuple[str, ...], out_dir: Path, resume: bool, jobs: int | None, scheduler: str | None,
          dask_local: int | None, no_shared_fs: bool, timeout: float | None, no_lookup: bool, progress: bool | None,
          **flags: Any) -> None:
    """Check every manuscript named by PATHS; one JSON report each plus a summary table.

    PATHS are manuscripts, directories (searched recursively), list files (@FILE, .list, .lst:
    one path per line) or JSON-lines manifests (.jsonl: {"path": ..., "id": ...} per line).
    A manuscript that cannot be checked gets a summary row saying why; the others go on.

    Exit codes: 0 every manuscript was checked (findings are in the reports), 2 some could not
    be (no reference list, unreadable, corrupt: see the 'reason' column) or bad arguments.
    """
    from refcheck.batch.inputs import collect
    from refcheck.batch.runner import run_batch
    from refcheck.batch.task import JobSpec

    if scheduler and dask_local:
        raise ConfigError("give either --scheduler or --dask-local, not both")
    items = collect(paths)
    if not items:
        raise ConfigError("no manuscripts found in " + " ".join(paths))
    lookups = not no_lookup
    shared_budget = _uses_live_registries(items[0].path, lookups, flags)
    workers = jobs or os.cpu_count() or 1
    run = _executor(min(workers, len(items)), scheduler, dask_local, shared_budget)
    remote = bool(scheduler or dask_local) and no_shared_fs
    spec = JobSpec(out_dir=None if remote else str(out_dir.resolve()), flags=flags, lookups=lookups,
                   timeout=timeout)
    show = sys.stderr.isatty() if progress is None else progress
    # A batch system's SIGTERM (SLURM at the time limit) ends the run like ^C: the summary of what
    # finished is still written; --resume picks up the rest.
    signal.signal(signal.SIGTERM, _terminated)
    with _Bar(show) as bar:
        result = run_batch(items, spec, out_dir, run, resume=resume, progress=bar)
    _closing_line(result, out_dir)
    failed = result.count("failed") + result.count("no-references")
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


def _terminated(signum: int, frame: object) -> None:
    click.echo("refcheck: terminated; summary written, re-run with --resume to finish", err=True)
    sys.exit(128 + signum)


def _closing_line(result: Any, out_dir: Path) -> None:
    refs = result.references_checked
    rate = refs / result.seconds if result.seconds > 0 else 0.0
    click.echo(
        f"refcheck batch: {len(result.rows)} manuscripts ({result.resumed} resumed, {result.checked} checked"
        f" in {result.seconds:.1f} s, {refs} references, {rate:.1f} references/s); "
        f"{result.count('failed')} failed, {result.count('no-references')} without a reference list; "
        f"summary: {out_dir / 'summary.csv'}",
        err=True,
    )
