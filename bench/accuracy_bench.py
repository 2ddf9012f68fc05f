"""Matching and checks accuracy, end to end through the real CLI.

    python bench/accuracy_bench.py [--n 500] [--seed 2026] [--per-file 50] [--json out.json]
    python bench/accuracy_bench.py --messy ...   # the same cases, typed carelessly

What it does (deterministic for a given seed):

1. takes real journal articles from ``shared/data/crossref/records.jsonl.gz`` and renders them in
   Vancouver, AMA, APA, Harvard and IEEE (``refcheck.styles.render.render_reference``), injecting one
   error of every kind or one tolerated variant per reference (``bench/_refgen.py``), plus held-out
   records (removed from the fake registry) and fabricated references;
2. writes them as manuscripts (``References`` then a numbered list; APA/Harvard unnumbered, one
   reference per paragraph) of ``--per-file`` references;
3. runs ``refcheck check FILES --format json --source crossref --crossref-url <FakeCrossref>
   --cache-dir <tmp>`` (``REFCHECK_NO_RATE_LIMIT=1``: the fake is local, pacing would only add
   idle time) and scores the JSON report against the truth.

Scores:

* link precision / recall / F1: a reference is linked when its report ``match`` names a DOI and
  its status is verified or mismatch; the truth is the record it was rendered from (none for held
  out and fabricated references);
* detection recall per error kind: a warning/error finding on the injected field;
* correct-suggestion rate: among detected errors, the finding's ``suggestion`` carries the
  registered value (retractions have no suggestion and are left out; for an extra author, a
  finding of kind ``extra`` naming exactly that author counts: deleting it is the correction);
* false alarms per 100 clean references: warning/error findings on references rendered as
  registered or with a tolerated variant (diacritics, particle case, journal form, online-first
  year, elided pages, et al.);
* not-found rate on held-out and fabricated references.

``--messy`` renders every reference of every style roughened the ways real lists are
(``bench/_messy.py``: lower-casing, dropped field punctuation, ``2019 31(10)``, double spaces,
wrapped lines with or without indentation, missing separators, PDF ligatures and hyphenation,
all-caps surnames) and reports it as a separate "messy" run: same cases, same scoring, same targets.

``--throughput`` instead measures the matcher alone against the local mirror (built from the
same records into a temporary SQLite file with ``refcheck mirror build``): references/s of
``match_citations`` on pre-parsed citations, and how much of it is validation (the matcher's
own work) versus mirror look-ups.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _repo  # noqa: F401  (puts the repository root on sys.path)
from _messy import messify
from _refgen import ERRORS, NEGATIVES, Case, generate, load_records
from rapidfuzz import fuzz

from refcheck.text.fold import key
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages, same_page

REFCHECK = Path(sys.executable).with_name("refcheck")
TARGETS = {"precision": 0.995, "recall": 0.98, "per_kind": 0.95, "suggestions": 0.95, "false_alarms": 0.5}
SERIOUS = {"warning", "error"}


# --------------------------------------------------------------------------- manuscripts


def write_manuscripts(cases: list[Case], folder: Path, per_file: int) -> list[tuple[Path, list[int]]]:
    """Group cases by style into files; returns (file, case indices in list order)."""
    by_style: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        by_style[case.style].append(i)
    files: list[tuple[Path, list[int]]] = []
    for style, idx in sorted(by_style.items()):
        for k in range(0, len(idx), per_file):
            chunk = idx[k:k + per_file]
            lines = ["Generated manuscript for the refcheck accuracy benchmark.", "", "References", ""]
            for n, i in enumerate(chunk, 1):
                text = cases[i].text
                if style == "ieee":
                    lines.append(f"[{n}] {text}")
                elif style in ("apa", "harvard"):
                    lines.extend([text, ""])
                else:
                    lines.append(f"{n}. {text}")
            path = folder / f"ms_{style}_{k // per_file + 1:02d}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            files.append((path, chunk))
    return files


def run_cli(files: list[Path], url: str, cache: Path, out: Path) -> float:
    """Run the real CLI once over every manuscript; returns wall seconds."""
    env = {**os.environ, "REFCHECK_NO_RATE_LIMIT": "1"}
    env.pop("REFCHECK_MIRROR", None)
    cmd = [str(REFCHECK), "check", *map(str, files), "--format", "json", "--output", str(out),
           "--source", "crossref", "--crossref-url", url, "--cache-dir", str(cache), "--fail-on", "never"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1) or not out.exists():
        sys.exit(f"refcheck failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed


def align(report_refs: list[dict], chunk: list[int], cases: list[Case]) -> dict[int, dict]:
    """Case index -> report reference: by position when the counts agree, else by text similarity."""
    if len(report_refs) == len(chunk):
        return dict(zip(chunk, report_refs, strict=True))
    out: dict[int, dict] = {}
    for ref in report_refs:
        best = max(chunk, key=lambda i: fuzz.ratio(cases[i].text, ref.get("text") or ""))
        if fuzz.ratio(cases[best].text, ref.get("text") or "") >= 80:
            out[best] = ref
    return out


# --------------------------------------------------------------------------- scoring


def linked_doi(ref: dict) -> str | None:
    match = ref.get("match") or {}
    if ref.get("status") in ("verified", "mismatch") and match.get("doi"):
        return str(match["doi"]).lower()
    return None


def relevant(case: Case, finding: dict) -> bool:
    """Is ``finding`` a report of the injected error?"""
    fld = finding.get("field")
    if finding.get("severity") not in SERIOUS:
        return False
    if case.field == "pages":
        return fld in ("pages", "page")
    if case.field == "authors":
        return fld in ("authors", "author")
    return fld == case.field


def suggestion_ok(case: Case, finding: dict) -> bool:
    """Does the suggestion carry the registered value?"""
    sug = finding.get("suggestion") or ""
    kind, exp = case.kind, case.expected
    if kind == "extra_author" and not sug:
        # "delete this name" is the correction: the finding must name exactly the extra author
        return finding.get("kind") == "extra" and key(exp or "") in key(finding.get("cited") or "")
    if not sug or exp is None:
        return False
    if kind == "extra_author":
        return key(exp) not in key(sug).split()
    if kind == "wrong_initials":
        return key(exp) in key(sug).split() or key(exp) in key(sug).replace(" ", "")
    if kind in ("author_typo", "missing_author", "swapped_authors"):
        return key(exp) in key(sug)
    if kind in ("title_typo", "missing_title_word"):
        return fuzz.ratio(key(exp), key(sug)) >= 95
    if kind == "wrong_journal":
        work = case.work
        forms = [work.container or "", *work.container_abbrevs] if work else [exp]
        return any(fuzz.ratio(key(f), key(sug)) >= 85 for f in forms if f)
    if kind == "wrong_doi":
        return normalize_doi(sug) == (exp or "").lower()
    if kind in ("wrong_first_page", "wrong_last_page"):
        first, last = expand_pages(sug.replace("pp.", "").replace("p.", "").strip())
        return same_page(first, exp) if kind == "wrong_first_page" else same_page(last, exp) or same_page(first, exp)
    return key(exp) == key(sug) or key(exp) in key(sug).split()


def score(cases: list[Case], refs: dict[int, dict]) -> dict:
    tp = fp = fn = 0
    detected: Counter[str] = Counter()
    total: Counter[str] = Counter()
    sugg_ok = sugg_n = 0
    sugg_kind: Counter[str] = Counter()
    clean_refs = clean_alarms = clean_flagged = 0
    alarm_kinds: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    missing = 0
    for i, case in enumerate(cases):
        ref = refs.get(i)
        if ref is None:
            missing += 1
            ref = {"status": "missing", "findings": []}
        statuses[case.kind][ref.get("status", "?")] += 1
        got, want = linked_doi(ref), (case.work.doi.lower() if case.work and case.work.doi else None)
        if got and got == want:
            tp += 1
        elif got:
            fp += 1
            fn += bool(want)
        elif want:
            fn += 1
        findings = ref.get("findings") or []
        if case.kind in ERRORS:
            total[case.kind] += 1
            hits = [f for f in findings if relevant(case, f)]
            if hits:
                detected[case.kind] += 1
                if case.kind != "retracted":
                    good = any(suggestion_ok(case, f) for f in hits)
                    sugg_n += 1
                    sugg_ok += good
                    sugg_kind[case.kind] += good
        elif case.kind in NEGATIVES:
            negatives[f"{case.kind}:{ref.get('status')}"] += 1
        else:  # clean and tolerated variants
            clean_refs += 1
            serious = [f for f in findings if f.get("severity") in SERIOUS]
            clean_alarms += len(serious)
            clean_flagged += ref.get("status") != "verified"
            for f in serious:
                alarm_kinds[f"{case.kind}:{f.get('code')}:{f.get('field')}"] += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "references": len(cases), "unaligned": missing,
        "link": {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                 "tp": tp, "fp": fp, "fn": fn},
        "detection": {k: {"detected": detected[k], "total": total[k], "suggested": sugg_kind[k],
                          "recall": detected[k] / total[k] if total[k] else None} for k in ERRORS},
        "suggestions": {"correct": sugg_ok, "total": sugg_n, "rate": sugg_ok / sugg_n if sugg_n else None},
        "clean": {"references": clean_refs, "alarms": clean_alarms,
                  "alarms_per_100": 100 * clean_alarms / clean_refs if clean_refs else 0.0,
                  "not_verified": clean_flagged, "top_alarms": alarm_kinds.most_common(15)},
        "negatives": dict(negatives),
        "status_by_kind": {k: dict(v) for k, v in sorted(statuses.items())},
    }


def show(result: dict, cmd: str) -> None:
    link = result["link"]
    mode = "MESSY lists" if result.get("messy") else "clean lists"
    print(f"# refcheck accuracy benchmark ({mode}): {result['references']} references, seed {result['seed']}, "
          f"{result['cli_seconds']:.1f}s in the CLI ({result['unaligned']} unaligned)")
    print(f"command: {cmd}")
    if "calls_per_reference" in result:
        print(f"registry calls per reference (cold cache): {result['calls_per_reference']:.3f}")
    print(f"link precision {link['precision']:.4f}  recall {link['recall']:.4f}  F1 {link['f1']:.4f}  "
          f"(tp {link['tp']}, wrong {link['fp']}, missed {link['fn']})  targets P>={TARGETS['precision']} "
          f"R>={TARGETS['recall']}")
    print("| error kind | detected | recall | correct suggestion |")
    print("|---|---|---|---|")
    for k, d in result["detection"].items():
        rec = "n/a" if d["recall"] is None else f"{d['recall']:.3f}"
        sug = "n/a" if k == "retracted" else f"{d['suggested']}/{d['detected']}"
        print(f"| {k} | {d['detected']}/{d['total']} | {rec} | {sug} |")
    s = result["suggestions"]
    rate = "n/a" if s["rate"] is None else f"{s['rate']:.3f}"
    print(f"correct suggestions {s['correct']}/{s['total']} = {rate} (target >= {TARGETS['suggestions']})")
    c = result["clean"]
    print(f"false alarms: {c['alarms']} warning/error findings on {c['references']} clean/variant references "
          f"= {c['alarms_per_100']:.2f} per 100 (target <= {TARGETS['false_alarms']}); "
          f"{c['not_verified']} not verified")
    for item, n in c["top_alarms"]:
        print(f"    {n:3d}  {item}")
    print("negatives:", json.dumps(result["negatives"], sort_keys=True))
    print("status by kind:")
    for k, v in result["status_by_kind"].items():
        print(f"    {k:22s} {json.dumps(v, sort_keys=True)}")


def show_cases(kind: str, cases: list[Case], refs: dict[int, dict]) -> None:
    """The cases of ``kind`` the run got wrong (missed, wrongly linked, or alarmed on)."""
    alarms = kind == "false-alarms"
    for i, case in enumerate(cases):
        if alarms:
            if case.kind in ERRORS or case.kind in NEGATIVES:
                continue
        elif case.kind != kind and kind != "links":
            continue
        ref = refs.get(i, {})
        want = case.work.doi.lower() if case.work and case.work.doi else None
        findings = ref.get("findings") or []
        bad = linked_doi(ref) != want
        if kind == "links":  # every linking error, whatever the case kind
            if not bad:
                continue
            kind_shown = case.kind
        elif alarms:  # serious findings on clean/tolerated references only
            bad = any(f.get("severity") in SERIOUS for f in findings)
            kind_shown = case.kind
        else:
            kind_shown = kind
        if case.kind in ERRORS and kind != "links":
            hits = [f for f in findings if relevant(case, f)]
            bad = bad or not hits or (kind != "retracted" and not any(suggestion_ok(case, f) for f in hits))
        elif case.kind not in NEGATIVES and kind != "links":
            bad = bad or any(f.get("severity") in SERIOUS for f in findings)
        if not bad:
            continue
        print(f"--- {kind_shown} [{case.style}] expected {case.field}={case.expected!r} doi={want}")
        print(f"    {case.text}")
        print(f"    status={ref.get('status')} match={json.dumps(ref.get('match'))[:300]}")
        for f in findings:
            print(f"    {f.get('severity')} {f.get('code')} {f.get('field')}/{f.get('kind')}: "
                  f"cited={f.get('cited')!r} registered={f.get('registered')!r} suggestion={f.get('suggestion')!r}")


def throughput(n: int, seed: int) -> None:
    """References/s of match_citations against the local mirror (median of 3 runs)."""
    import statistics

    from _corpus import CorpusSource
    from _refgen import load_records as _load

    from refcheck.config import Settings
    from refcheck.match import match_citations
    from refcheck.model import RawEntry, Span
    from refcheck.parse import parse_entry
    from refcheck.sources.mirror import MirrorSource
    from tests.shared import CROSSREF_RECORDS

    messages, works = _load()
    cases, _held = generate(n, seed, works)
    citations = [parse_entry(RawEntry(number=i + 1, text=c.text, span=Span(1, 1))) for i, c in enumerate(cases)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "mirror.sqlite"
        subprocess.run([str(REFCHECK), "mirror", "build", "--db", str(db), "-q", str(CROSSREF_RECORDS)], check=True,
                       capture_output=True)
        rates = []
        for _ in range(3):
            source = MirrorSource(db)
            t0 = time.perf_counter()
            matches = match_citations(citations, [source], Settings())
            rates.append(len(citations) / (time.perf_counter() - t0))
            source.close()
    corpus = CorpusSource(messages, works)
    t0 = time.perf_counter()
    searched = [corpus.search(c) for c in citations]
    search_s = time.perf_counter() - t0

    class _Replay(CorpusSource):
        def __init__(self) -> None:
            self.answers = {id(c): r for c, r in zip(citations, searched, strict=True)}
            self.works = corpus.works

        def search(self, citation, rows=5):  # type: ignore[no-untyped-def]
            # the rare second (structured) query is not replayed: searched for real
            return self.answers.get(id(citation)) or corpus.search(citation, rows)

    replay = _Replay()
    t0 = time.perf_counter()
    match_citations(citations, [replay], Settings())
    validate_rate = len(citations) / (time.perf_counter() - t0)
    linked = sum(m.work is not None for m in matches)
    print(f"# matcher throughput, {len(citations)} parsed references (seed {seed})")
    print(f"command: python bench/accuracy_bench.py --throughput --n {n} --seed {seed}")
    print(f"mirror (MirrorSource, max_concurrency {MirrorSource.max_concurrency}): "
          f"median {statistics.median(rates):.0f} refs/s over 3 runs ({', '.join(f'{r:.0f}' for r in rates)}); "
          f"{linked} linked")
    print(f"matcher alone (candidates replayed from memory, validation + choice): {validate_rate:.0f} refs/s; "
          f"in-process BM25 search for comparison: {len(citations) / search_s:.0f} refs/s")


def roughen(cases: list[Case], seed: int) -> None:
    """Every case's text made messy (its own generator: the clean draw of cases is unchanged)."""
    import random

    rng = random.Random(f"messy-{seed}")
    for case in cases:
        case.text = messify(case.text, case.rendered, case.style, rng)


def _lookalikes(messages: list[dict], cases: list[Case], held: set[str], args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Look-alikes of a share of the corpus and of every cited or held-out record."""
    from tests.fakes.lookalikes import generate as generate_lookalikes

    cited = {c.work.doi for c in cases if c.work and c.work.doi} | set(held)
    t0 = time.perf_counter()
    looks = generate_lookalikes(messages, target=args.lookalikes, seed=args.seed, always=cited)
    print(f"# {len(looks.records)} look-alikes ({dict(Counter(looks.kind.values()))}) of "
          f"{len(set(looks.source.values()))} articles, {len(looks.originals)} synthetic articles; "
          f"generated in {time.perf_counter() - t0:.1f}s", flush=True)
    return looks


def _ranked_above(fake, cases: list[Case], looks, sample: int = 100) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(references whose article has a look-alike ranked above it, references whose article is
    in the top 10), over the first ``sample`` clean references: the fake's search on their text."""
    above = total = 0
    for case in [c for c in cases if c.kind == "clean" and c.work and c.work.doi][:sample]:
        doi = case.work.doi.lower()  # type: ignore[union-attr]
        ranked = [d for d, _ in fake._search(case.text)[:10]]
        if doi in ranked:
            total += 1
            above += any(looks.source.get(d) == doi for d in ranked[: ranked.index(doi)])
    return above, total


def score_lookalikes(cases: list[Case], refs: dict[int, dict], looks) -> dict:  # type: ignore[no-untyped-def]
    """Links drawn by look-alikes, per kind and per status; unregistered references not found."""
    drawn: Counter[str] = Counter()
    verified: Counter[str] = Counter()
    unregistered = not_found = 0
    for i, case in enumerate(cases):
        ref = refs.get(i) or {}
        doi = linked_doi(ref)
        kind = looks.kind.get(doi or "")
        if kind:
            drawn[kind] += 1
            verified[kind] += ref.get("status") == "verified"
        if case.kind in NEGATIVES:
            unregistered += 1
            not_found += ref.get("status") == "not_found"
    return {"records": len(looks.records), "kinds": dict(Counter(looks.kind.values())),
            "links_drawn": {k: drawn[k] for k in sorted(set(looks.kind.values()))},
            "verified_against_lookalike": sum(verified.values()),
            "unregistered": unregistered, "unregistered_not_found": not_found,
            "not_found_rate": not_found / unregistered if unregistered else None}


def show_lookalikes(result: dict) -> None:
    rate = result["not_found_rate"]
    print(f"look-alikes in the registry: {result['records']} {json.dumps(result['kinds'], sort_keys=True)}")
    print("links drawn per look-alike kind:", json.dumps(result["links_drawn"], sort_keys=True),
          f"(verified against a look-alike: {result['verified_against_lookalike']})")
    above, total = result["ranked_above"]
    print(f"search rank: on {total} clean references, a look-alike of the article ranked above it for {above} "
          f"({100 * above / total if total else 0:.0f} %)")
    print(f"unregistered (held-out + fabricated) reported not found: {result['unregistered_not_found']}/"
          f"{result['unregistered']} = {'n/a' if rate is None else f'{rate:.3f}'} (target >= 0.95)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500, help="references to generate")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--per-file", type=int, default=50, help="references per manuscript")
    ap.add_argument("--json", type=Path, help="also write the result here")
    ap.add_argument("--keep", type=Path, help="write manuscripts and the raw report here (kept)")
    ap.add_argument("--show", action="append", default=[],
                    help="print the misses of this case kind (repeatable; 'clean' shows false alarms, "
                         "'links' every linking error, 'false-alarms' every warning/error on "
                         "clean and tolerated-variant references)")
    ap.add_argument("--messy", action="store_true",
                    help="render every reference roughened (bench/_messy.py); reported as a separate messy run")
    ap.add_argument("--throughput", action="store_true", help="measure matcher speed against the local mirror")
    ap.add_argument("--lookalikes", type=int, default=0, metavar="N",
                    help="add at least N look-alike records (preprints, notices, replies, reprints, namesakes; "
                         "tests/fakes/lookalikes.py) to the registry, and score the links they draw")
    args = ap.parse_args()
    if args.throughput:
        throughput(args.n, args.seed)
        return
    from tests.fakes.crossref import FakeCrossref

    messages, works = load_records()
    cases, held = generate(args.n, args.seed, works)
    if args.messy:
        roughen(cases, args.seed)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="refcheck-acc-"))
    folder.mkdir(parents=True, exist_ok=True)
    files = write_manuscripts(cases, folder, args.per_file)
    out = folder / "report.json"
    looks = _lookalikes(messages, cases, held, args) if args.lookalikes else None
    with FakeCrossref() as fake:
        if looks is not None:
            looks.install(fake)
        for doi in held:
            fake.remove(doi)
        seconds = run_cli([f for f, _ in files], fake.url, folder / "cache", out)
        calls = fake.count()  # every registry request of the cold run (DOI look-ups, agency, searches)
        ranked_above = _ranked_above(fake, cases, looks) if looks is not None else None
    doc = json.loads(out.read_text(encoding="utf-8"))
    reports = doc.get("reports", [doc])
    by_file = {Path(r["file"]).name: r for r in reports}
    refs: dict[int, dict] = {}
    for path, chunk in files:
        report = by_file.get(path.name)
        if report is not None:
            refs.update(align(report["references"], chunk, cases))
    result = score(cases, refs)
    result.update(seed=args.seed, cli_seconds=seconds, kinds=Counter(c.kind for c in cases), messy=args.messy,
                  calls_per_reference=calls / max(len(cases), 1))
    cmd = f"python bench/accuracy_bench.py --n {args.n} --seed {args.seed} --per-file {args.per_file}"
    cmd += " --messy" if args.messy else ""
    if looks is not None:
        result["lookalikes"] = score_lookalikes(cases, refs, looks)
        result["lookalikes"]["ranked_above"] = ranked_above
        cmd += f" --lookalikes {args.lookalikes}"
    show(result, cmd)
    if looks is not None:
        show_lookalikes(result["lookalikes"])
    for kind in args.show:
        show_cases(kind, cases, refs)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
