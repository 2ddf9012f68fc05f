"""``refcheck mirror build`` and ``refcheck mirror info``: ingest paths, describe a mirror."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from refcheck.mirror.coverage import META_KEY as COVERAGE_KEY
from refcheck.mirror.coverage import Coverage, Declared, coverage_report, merge
from refcheck.mirror.coverage import dumps as dumps_coverage
from refcheck.mirror.coverage import loads as load_coverage
from refcheck.mirror.db import Codec, connect, get_meta, make_zdict, set_meta
from refcheck.mirror.readers import (
    RawRecord,
    Skipped,
    iter_files,
    jsonl_blocks,
    read_path,
    records_from_lines,
)
from refcheck.mirror.store import BuildStats, MirrorWriter, Row, to_row

Progress = Callable[[BuildStats, str], None]
Unit = tuple[str, str, bytes | None]  # ("block", path, whole lines) | ("file", path, None) | ("error", ...)
Packed = tuple[list[Row], list[Skipped]]
PARALLEL_MIN_BYTES = 64 << 20  # below this, worker start-up costs more than it saves
# Units queued per worker: the writer's commit of 20,000 rows takes ~0.25 s, during which it
# hands out no new unit; with 2 units each (~0.1 s of parsing) the workers sat idle through
# every commit (1,000,000-record benchmark: 21,968/s with 2, 24,128/s with 8). Memory stays
# bounded: 8 x 2 MB blocks of lines plus their packed rows per worker.
IN_FLIGHT = 8
FILE_BATCH = 2000  # records per message from a file-reading worker
FILE_QUEUE = 16  # messages buffered per worker (~40 MB): bounds memory whatever the file sizes
# Whole-file workers only when no JSON-lines file is bigger than this (gzip ~25,000 records):
# worker k must be able to finish file i+1 while the writer still drains worker j's file i,
# or it stalls on its full queue and only one worker parses at a time. Bigger files are cut
# into 2 MB blocks of whole lines by the writer instead (which then pays the gunzip, ~8 µs/record).
FILE_PATH_MAX_BYTES = 16 << 20

_codec: Codec | None = None  # per worker process


def _units(files: Iterable[Path]) -> Iterator[Unit]:
    """Work units: JSON-lines files in blocks of whole lines (so one huge file still spreads over
    workers), every other file whole (a data-file chunk or XML file is already bounded)."""
    for file in files:
        if file.name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson")):
            try:
                for block in jsonl_blocks(file):
                    yield ("block", str(file), block)
            except (OSError, EOFError) as exc:
                yield ("error", str(file), str(exc).encode())
        else:
            yield ("file", str(file), None)


def _items(unit: Unit) -> Iterator[RawRecord | Skipped]:
    kind, path, data = unit
    if kind == "error":
        yield Skipped(path, f"unreadable: {(data or b'').decode()}")
    elif kind == "block":
        yield from records_from_lines((data or b"").split(b"\n"), path)
    else:
        yield from read_path(Path(path))


def _pack(unit: Unit, codec: Codec) -> Packed:
    """Parse and compress one unit (runs in a worker process when building in parallel)."""
    return _pack_items(_items(unit), codec)


def _pack_items(items: Iterable[RawRecord | Skipped], codec: Codec) -> Packed:
    packed: list[Row] = []
    skipped: list[Skipped] = []
    for item in items:
        if isinstance(item, RawRecord):
            packed.append(to_row(item.fields, codec.compress(item.payload)))
        else:
            skipped.append(item)
    return packed, skipped


def _init_worker(zdict: bytes) -> None:
    global _codec
    _codec = Codec(zdict)


def _pack_in_worker(unit: Unit) -> Packed:
    assert _codec is not None
    return _pack(unit, _codec)


def _auto_workers(files: list[Path]) -> int:
    size = 0
    for f in files:
        size += f.stat().st_size
        if size >= PARALLEL_MIN_BYTES:
            return min(os.cpu_count() or 1, 4)
    return 1


def build_mirror(
    paths: Iterable[Path], db_path: Path, *, workers: int | None = None, progress: Progress | None = None,
    bulk: bool | None = None, declared: Declared | None = None,
) -> BuildStats:
    """Ingest every record file under ``paths`` into ``db_path`` (created or upserted).

    Streams file by file and block by block: memory is bounded by the units in flight plus
    one write batch, whatever the total size. With ``workers > 1`` parsing and compression
    run in worker processes and the main process only writes SQLite (the single writer); when
    there are at least as many files as workers, each worker reads and gunzips whole files
    itself. A new or empty DB is bulk-loaded (``bulk=None``: automatic; ``False`` forces the
    upsert path, which stores the same rows — see :class:`MirrorWriter`). ``declared`` is what
    this build's input covers (``--complete``); it is added to the mirror's recorded coverage
    (:mod:`refcheck.mirror.coverage`), without which a mirror is a subset.
    """
    paths = list(paths)
    started = time.perf_counter()
    files = [f for f in iter_files(paths)
             if not (f.resolve() == db_path.resolve() or f.name.startswith(db_path.name))]
    writer = MirrorWriter(db_path, bulk=bulk)
    stats = writer.stats
    stats.files = len(files)
    try:
        n = workers or _auto_workers(files)
        if not writer.codec.zdict and files:
            # The first records fix the compression dictionary; the rest can then go in parallel.
            writer.set_zdict(make_zdict(_first_payloads(files)))
        if n > 1 and _whole_files(files, n):
            batches = _run_files(files, writer.codec, n)
        else:
            batches = ((packed, unit[1]) for packed, unit in _run(_units(files), writer.codec, n))
        for packed, path in batches:
            _consume(writer, stats, packed)
            if progress is not None:
                progress(stats, path)
    finally:
        stats.seconds = time.perf_counter() - started
        writer.close([str(p.resolve()) for p in paths])
    record_coverage(db_path, declared or Declared())
    stats.seconds = time.perf_counter() - started
    return stats


def record_coverage(db_path: Path, declared: Declared) -> dict[str, Coverage]:
    """Add this build's declared coverage to ``meta['coverage']`` (with record counts)."""
    conn = connect(db_path)
    try:
        counts = dict(conn.execute("SELECT source, count(*) FROM works GROUP BY source").fetchall())
        coverage = merge(load_coverage(get_meta(conn, COVERAGE_KEY)), declared, counts)
        with conn:
            set_meta(conn, COVERAGE_KEY, dumps_coverage(coverage))
    finally:
        conn.close()
    return coverage


def _consume(writer: MirrorWriter, stats: BuildStats, packed: Packed) -> None:
    records, skipped = packed
    writer.add_rows(records)
    for item in skipped:
        stats.skip(item.reason, item.path, item.records)


def _whole_files(files: list[Path], workers: int) -> bool:
    """Whether whole-file workers keep every worker busy (see ``FILE_PATH_MAX_BYTES``)."""
    if len(files) < workers:
        return False
    for f in files:
        if f.name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson")):
            try:
                if f.stat().st_size > FILE_PATH_MAX_BYTES:
                    return False
            except OSError:
                continue
    return True


def _first_payloads(files: list[Path]) -> Iterator[bytes]:
    """Payloads of the first records, in input order (the preset-dictionary sample)."""
    for unit in _units(files):
        for item in _items(unit):
            if isinstance(item, RawRecord):
                yield item.payload
        return


def _run(units: Iterator[Unit], codec: Codec, workers: int) -> Iterator[tuple[Packed, Unit]]:
    """Packed units in input order; at most ``IN_FLIGHT * workers`` in flight (bounded memory)."""
    if workers <= 1:
        for unit in units:
            yield _pack(unit, codec), unit
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(codec.zdict,)) as pool:
        pending: deque = deque()
        for unit in units:
            pending.append((pool.apply_async(_pack_in_worker, (unit,)), unit))
            if len(pending) >= IN_FLIGHT * workers:
                result, unit = pending.popleft()
                yield result.get(), unit
        while pending:
            result, unit = pending.popleft()
            yield result.get(), unit


def _file_worker(files: list[str], zdict: bytes, out: Any) -> None:
    """Read, gunzip, parse and compress whole files (file ``k`` of every ``workers``), sending
    batches of rows and then ``("end", path)`` per file, so the writer only writes SQLite."""
    codec = Codec(zdict)
    try:
        for path in files:
            items: list[RawRecord | Skipped] = []
            for item in read_path(Path(path)):
                items.append(item)
                if len(items) >= FILE_BATCH:
                    out.put(("rows", _pack_items(items, codec)))
                    items = []
            out.put(("rows", _pack_items(items, codec)))
            out.put(("end", path))
    except BaseException as exc:  # reported to (and re-raised by) the writer
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _run_files(files: list[Path], codec: Codec, workers: int) -> Iterator[tuple[Packed, str]]:
    """Packed batches in input order from ``workers`` processes that each read whole files.

    File ``i`` goes to worker ``i % workers`` and each worker has its own bounded queue, so
    the writer reads the files back in order without re-sorting and memory stays bounded at
    ``workers * FILE_QUEUE`` batches, whatever the file sizes.
    """
    ctx = mp.get_context("spawn")
    queues = [ctx.Queue(FILE_QUEUE) for _ in range(workers)]
    procs = [ctx.Process(target=_file_worker, daemon=True,
                         args=([str(f) for f in files[w::workers]], codec.zdict, queues[w]))
             for w in range(workers)]
    for proc in procs:
        proc.start()
    try:
        for i, file in enumerate(files):
            w = i % workers
            while True:
                kind, payload = _get(queues[w], procs[w])
                if kind == "end":
                    break
                if kind == "error":
                    raise RuntimeError(f"mirror build worker failed on {file}: {payload}")
                yield payload, str(file)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()


def _get(queue: Any, proc: Any) -> tuple[str, Any]:
    """The next message from a worker, noticing if it died without sending one."""
    import queue as queue_mod

    while True:
        try:
            return queue.get(timeout=5)
        except queue_mod.Empty:
            if not proc.is_alive():
                raise RuntimeError(f"mirror build worker exited with code {proc.exitcode}") from None


def mirror_info(db_path: Path) -> dict[str, Any]:
    """Counts by source and type, size on disk, build history (for ``refcheck mirror info``)."""
    conn = connect(db_path, readonly=True)
    try:
        by_source: dict[str, int] = {}
        by_type: dict[str, dict[str, int]] = {}
        for source, kind, count in conn.execute(
                "SELECT source, coalesce(type, '?'), count(*) FROM works GROUP BY 1, 2 ORDER BY 1, 3 DESC"):
            by_source[source] = by_source.get(source, 0) + count
            by_type.setdefault(source, {})[kind] = count
        with_both = conn.execute(
            "SELECT count(*) FROM works c WHERE c.source='crossref' AND EXISTS "
            "(SELECT 1 FROM works p WHERE p.doi=c.doi AND p.source='pubmed')").fetchone()[0]
        builds = json.loads(get_meta(conn, "builds") or "[]")
        coverage = load_coverage(get_meta(conn, COVERAGE_KEY))
    finally:
        conn.close()
    size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*") if p.is_file())
    total = sum(by_source.values())
    return {
        "path": str(db_path),
        "size_bytes": size,
        "records": total,
        "by_source": by_source,
        "by_type": by_type,
        "dois_in_both": with_both,
        "bytes_per_record": round(size / total, 1) if total else None,
        "built": builds[0]["time"] if builds else None,
        "updated": builds[-1]["time"] if builds else None,
        "builds": builds,
        "coverage": coverage_report(coverage, by_source),
    }
