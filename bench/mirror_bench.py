"""Local-mirror benchmark: ingest rate, DOI look-ups/s, search and matching throughput.

    python bench/mirror_bench.py                    # 1,000,000 records (several minutes)
    python bench/mirror_bench.py --records 50000    # quick run

The corpus is generated HERE, at run time, from the 7,995 real Crossref records of
``../shared/data/crossref/records.jsonl.gz`` by perturbation (never committed; written to a
temporary directory and deleted afterwards unless ``--keep``): record *i* copies real record
``i mod 7995`` with a new DOI suffix, a title whose words are shuffled and partly substituted
from a vocabulary of the real titles, surnames drawn from the real bylines, and new
volume/pages/year. Deposited reference lists and abstracts are kept, so record sizes (and
the work of dropping them at ingest) are realistic.

Phases, each in a fresh process so that peak RSS (``resource.getrusage``) is that phase's own:

1. ingest: ``build_mirror`` over the JSON-lines files (``--workers`` parse processes + one writer);
2. DOI look-ups: ``MirrorSource.get_doi`` -> Work (converted with the live converter), 90% hits,
   in 1 and in 2 processes each opening the SQLite file read-only;
3. search: ``MirrorSource.search`` for rendered citations (FTS5 bm25 + volume/page block);
4. matching: Vancouver strings rendered from sampled records with realistic errors, parsed,
   then ``match_citations`` + ``run_checks`` against the mirror over 2 worker processes.

Anchors (field notes 3.2): biblio-glutton ~15 matched refs/s (incl. GROBID), 6,270 DOI look-ups/s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)

from tests.shared import CROSSREF_RECORDS as RECORDS

PER_FILE = 100_000
SEED = 20260


# ---------------------------------------------------------------------------- corpus


def load_templates() -> tuple[list[dict], list[str], list[str]]:
    """Real records, plus the title-word and surname vocabularies drawn from them."""
    with gzip.open(RECORDS, "rt", encoding="utf-8") as fh:
        templates = [json.loads(line) for line in fh]
    vocab = sorted({w for t in templates for title in t.get("title") or [] for w in title.split() if w.isalpha()})
    families = sorted({a["family"] for t in templates for a in t.get("author") or [] if a.get("family")})
    return templates, vocab, families


def perturb(i: int, templates: list[dict], vocab: list[str], families: list[str]) -> dict:
    """Record ``i`` of the synthetic corpus (deterministic in ``i``)."""
    rng = random.Random(SEED * 1_000_003 + i)
    t = templates[i % len(templates)]
    rec = dict(t)
    rec["DOI"] = f"{t['DOI']}.b{i}"
    words = " ".join(t.get("title") or []).split() or ["untitled", "work"]
    for _ in range(max(1, len(words) // 3)):
        words[rng.randrange(len(words))] = rng.choice(vocab)
    if rng.random() < 0.5:
        rng.shuffle(words)
    rec["title"] = [" ".join(words)]
    rec["author"] = [dict(a, family=rng.choice(families)) if "family" in a else a for a in t.get("author") or []]
    year = rng.randint(1950, 2025)
    rec["issued"] = {"date-parts": [[year, rng.randint(1, 12)]]}
    rec["volume"] = str(rng.randint(1, 400))
    if t.get("page"):
        start = rng.randint(1, 3000)
        rec["page"] = f"{start}-{start + rng.randint(0, 15)}"
    return rec


def _write_files(args: tuple[int, int, str]) -> int:
    first, count, path = args
    templates, vocab, families = load_templates()
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for i in range(first, first + count):
            fh.write(json.dumps(perturb(i, templates, vocab, families), separators=(",", ":")) + "\n")
    return count


def generate(n: int, out: Path, workers: int) -> float:
    jobs = [(s, min(PER_FILE, n - s), str(out / f"records-{s // PER_FILE:04d}.jsonl.gz"))
            for s in range(0, n, PER_FILE)]
    started = time.perf_counter()
    with mp.get_context("spawn").Pool(workers) as pool:
        sum(pool.map(_write_files, jobs))
    return time.perf_counter() - started


# ---------------------------------------------------------------------------- phases


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def phase_ingest(corpus: str, db: str, workers: int, queue: mp.Queue) -> None:
    from refcheck.mirror.build import build_mirror

    load_before = os.getloadavg()[0]
    stats = build_mirror([Path(corpus)], Path(db), workers=workers)
    queue.put({"records": stats.records, "inserted": stats.inserted, "seconds": stats.seconds,
               "writer_peak_rss_mb": _peak_rss_mb(), "worker_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
               "writer_cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime
               + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
               "workers_cpu_s": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
               + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime,
               "load_avg_1min_before": load_before, "load_avg_1min_after": os.getloadavg()[0],
               "db_bytes": sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))})


def _lookup_worker(args: tuple[str, list[str], bool]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, found): ``raw`` = stored record only (what biblio-glutton's
    look-up returns), else ``MirrorSource.get_doi`` -> Work through the live converter."""
    from refcheck.sources.mirror import MirrorSource

    db, dois, raw = args
    source = MirrorSource(Path(db))
    started, cpu = time.perf_counter(), time.process_time()
    if raw:
        found = sum(bool(source.reader.by_doi(d.lower())) for d in dois)
    else:
        found = sum(source.get_doi(d) is not None for d in dois)
    return time.perf_counter() - started, time.process_time() - cpu, found


def phase_lookups(db: str, n_records: int, count: int, queue: mp.Queue) -> None:
    templates, _, _ = load_templates()
    rng = random.Random(7)
    dois = []
    for _ in range(count):
        i = rng.randrange(n_records)
        doi = f"{templates[i % len(templates)]['DOI']}.b{i}"
        dois.append(doi if rng.random() < 0.9 else doi + "x")  # 10% misses
    out = {}
    for raw in (True, False):
        kind = "raw record" if raw else "Work"
        elapsed, cpu, found = _lookup_worker((db, dois, raw))
        out[f"{kind}, 1 process"] = {"lookups": count, "seconds": elapsed, "per_s": count / elapsed,
                                     "per_cpu_s": count / cpu, "found": found}
        with mp.get_context("spawn").Pool(2) as pool:
            halves = [dois[: count // 2], dois[count // 2:]]
            results = pool.map(_lookup_worker, [(db, h, raw) for h in halves])
        slowest = max(r[0] for r in results)
        out[f"{kind}, 2 processes"] = {"lookups": count, "seconds": slowest, "per_s": count / slowest,
                                       "per_cpu_s": count / sum(r[1] for r in results),
                                       "found": sum(r[2] for r in results)}
    queue.put(out)


VARIANTS = ("exact", "exact", "exact", "author_typo", "wrong_page", "wrong_year", "with_doi", "missing_author")


def render(rec: dict, variant: str, rng: random.Random) -> str:
    """A Vancouver reference string for a record, with one realistic error per variant."""
    authors = [a for a in rec.get("author") or [] if a.get("family")]
    if variant == "missing_author" and len(authors) > 1:
        authors = authors[:1] + authors[2:]
    names = []
    for k, a in enumerate(authors[:6]):
        family = a["family"]
        if variant == "author_typo" and k == 0 and len(family) > 4:
            family = family[:-1]
        initials = "".join(p[0] for p in (a.get("given") or "").replace(".", " ").replace("-", " ").split() if p)
        names.append(f"{family} {initials}".strip())
    byline = ", ".join(names) + (", et al" if len(authors) > 6 else "")
    year = rec["issued"]["date-parts"][0][0]
    if variant == "wrong_year":
        year += 1
    pages = rec.get("page", "")
    if variant == "wrong_page" and pages:
        first, _, last = pages.partition("-")
        pages = f"{int(first) + 10}-{last}" if first.isdigit() and last.isdigit() else pages
    journal = (rec.get("short-container-title") or rec.get("container-title") or [""])[0]
    text = f"{byline}. {rec['title'][0]}. {journal}. {year};{rec.get('volume', '')}"
    if rec.get("issue"):
        text += f"({rec['issue']})"
    text += f":{pages}." if pages else "."
    if variant == "with_doi":
        text += f" doi:{rec['DOI']}"
    return text


def make_citations(n_records: int, count: int) -> list:
    """Parsed citations rendered from sampled corpus records; ``.expected_doi`` kept alongside."""
    from refcheck.model import RawEntry, Span
    from refcheck.parse import parse_entry

    templates, vocab, families = load_templates()
    rng = random.Random(11)
    out = []
    while len(out) < count:
        i = rng.randrange(n_records)
        rec = perturb(i, templates, vocab, families)
        if rec.get("type") != "journal-article" or not rec.get("author") or not rec.get("page"):
            continue
        text = render(rec, VARIANTS[len(out) % len(VARIANTS)], rng)
        citation = parse_entry(RawEntry(number=len(out) + 1, text=text, span=Span(len(out) + 1, 1)))
        out.append((citation, rec["DOI"].lower()))
    return out


def _match_worker(args: tuple[str, list]) -> dict:
    from refcheck.checks import run_checks
    from refcheck.config import Settings
    from refcheck.match import match_citations
    from refcheck.sources.mirror import MirrorSource

    db, pairs = args
    citations = [c for c, _ in pairs]
    settings = Settings(sources=("mirror",), offline=True, mirror_path=Path(db))
    source = MirrorSource(Path(db))
    started, cpu = time.perf_counter(), time.process_time()
    statuses: dict[str, int] = {}
    right = 0
    for start in range(0, len(citations), 50):  # manuscript-sized batches
        chunk = citations[start:start + 50]
        matches = match_citations(chunk, [source], settings)
        for (citation, expected), match in zip(pairs[start:start + 50], matches, strict=True):
            right += bool(match.work and match.work.doi == expected)
            findings = run_checks(citation, match, settings)
            status = match.status.value
            if status == "verified" and any(f.severity.rank >= 1 for f in findings):
                status = "mismatch"
            statuses[status] = statuses.get(status, 0) + 1
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "statuses": statuses,
            "right_doi": right, "rss_mb": _peak_rss_mb()}


def _search_worker(args: tuple[str, list]) -> list[float]:
    from refcheck.sources.mirror import MirrorSource

    db, pairs = args
    citations = [c for c, _ in pairs]
    source = MirrorSource(Path(db))
    times = []
    for citation in citations:
        t = time.perf_counter()
        source.search(citation, rows=5)
        times.append(time.perf_counter() - t)
    return times


def phase_match(db: str, n_records: int, count: int, queue: mp.Queue) -> None:
    citations = make_citations(n_records, count)
    times = _search_worker((db, citations[: min(500, count)]))
    out: dict = {"search": {"queries": len(times), "median_ms": statistics.median(times) * 1000,
                            "p95_ms": sorted(times)[int(len(times) * 0.95)] * 1000,
                            "per_s_1_process": len(times) / sum(times)}}
    halves = [citations[0::2], citations[1::2]]
    with mp.get_context("spawn").Pool(2) as pool:
        results = pool.map(_match_worker, [(db, h) for h in halves])
    slowest = max(r["seconds"] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        for k, v in r["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    out["match"] = {"references": count, "seconds": slowest, "per_s_2_processes": count / slowest,
                    "linked_to_source_record": sum(r["right_doi"] for r in results) / count,
                    "per_cpu_s": count / sum(r["cpu"] for r in results),
                    "statuses": statuses, "worker_rss_mb": max(r["rss_mb"] for r in results)}
    queue.put(out)


def _in_process(target, *args) -> dict:  # type: ignore[no-untyped-def]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def _report_lookups_and_match(results: dict, db: Path, args: argparse.Namespace) -> None:
    look = _in_process(phase_lookups, str(db), args.records, args.lookups)
    results["lookups"] = look
    for k, v in look.items():
        print(f"DOI look-ups ({k}): {v['per_s']:,.0f}/s wall, {v['per_cpu_s']:,.0f} per CPU-second "
              f"({v['found']:,} of {v['lookups']:,} found)", flush=True)
    match = _in_process(phase_match, str(db), args.records, args.references)
    results.update(match)
    s, m = match["search"], match["match"]
    print(f"search: median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms "
          f"({s['per_s_1_process']:,.0f} queries/s, 1 process)", flush=True)
    print(f"matching + checks: {m['references']:,} references in {m['seconds']:.1f} s = "
          f"{m['per_s_2_processes']:,.0f} references/s (2 processes), {m['per_cpu_s']:,.0f} per CPU-second; "
          f"linked to the record it was rendered from: {m['linked_to_source_record']:.1%}; "
          f"statuses {m['statuses']}", flush=True)
    results["load_avg_1min_end"] = os.getloadavg()[0]


def reuse(args: argparse.Namespace) -> None:
    """Re-run the read phases on a kept corpus + DB (``--records`` must match the kept run)."""
    results: dict = {"records": args.records, "reused": str(args.reuse)}
    _report_lookups_and_match(results, args.reuse / "mirror.sqlite", args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="ingest parse processes")
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--references", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and DB")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--reuse", type=Path, help="a --keep directory: skip generation and ingest")
    parser.add_argument("--corpus", type=Path,
                        help="a corpus directory kept from an earlier run (same --records): skip generation, "
                             "ingest it afresh (the corpus is never deleted)")
    parser.add_argument("--ingest-only", action="store_true", help="skip the read phases")
    args = parser.parse_args()
    if args.reuse:
        reuse(args)
        return

    work = Path(tempfile.mkdtemp(prefix="mirror-bench-", dir=args.dir))
    corpus, db = args.corpus or work / "corpus", work / "mirror.sqlite"
    results: dict = {"records": args.records, "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        if args.corpus is None:
            corpus.mkdir()
            secs = generate(args.records, corpus, 2)
            results["generate_seconds"] = secs
        results["corpus_bytes"] = sum(p.stat().st_size for p in corpus.iterdir())
        if args.corpus is None:
            print(f"generated {args.records:,} records in {secs:.1f} s "
                  f"({results['corpus_bytes'] / 1e6:.0f} MB gzip JSON-lines) in {corpus}", flush=True)

        ing = _in_process(phase_ingest, str(corpus), str(db), args.workers)
        ing["per_s"] = ing["records"] / ing["seconds"]
        ing["bytes_per_record"] = ing["db_bytes"] / ing["inserted"]
        ing["cpu_us_per_record"] = {"writer": ing["writer_cpu_s"] / ing["records"] * 1e6,
                                    "workers": ing["workers_cpu_s"] / ing["records"] * 1e6}
        results["ingest"] = ing
        print(f"ingest: {ing['records']:,} records in {ing['seconds']:.1f} s = {ing['per_s']:,.0f} records/s; "
              f"DB {ing['db_bytes'] / 1e6:.0f} MB ({ing['bytes_per_record']:.0f} B/record); peak RSS writer "
              f"{ing['writer_peak_rss_mb']:.0f} MB, parse workers {ing['worker_peak_rss_mb']:.0f} MB; CPU writer "
              f"{ing['writer_cpu_s']:.0f} s, workers {ing['workers_cpu_s']:.0f} s "
              f"({sum(ing['cpu_us_per_record'].values()):.0f} µs per record: writer "
              f"{ing['cpu_us_per_record']['writer']:.0f}, workers {ing['cpu_us_per_record']['workers']:.0f}); "
              f"load average {ing['load_avg_1min_before']:.1f} before, {ing['load_avg_1min_after']:.1f} after",
              flush=True)

        if not args.ingest_only:
            _report_lookups_and_match(results, db, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
