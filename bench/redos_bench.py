"""Scaling of extract+parse on pathological runs: does the time grow linearly with the input?

    python bench/redos_bench.py [--sizes 4000 16000 64000] [--out bench/out]

For each of the fuzz corpus' run characters (blanks, tabs, capitals, Latin Extended letters that
are in both case classes, dots, braces, control characters...) and each of five places in a
reference list (after the heading, at the start of an entry, inside a title, inside an author
list, after the last entry), a run of n characters is inserted and the document extracted and
parsed. CPU time (``time.process_time``, best of 2) is taken at each size; the growth exponent
between the smallest and largest size is ``log(t_large / t_small) / log(n_large / n_small)``:
1 is linear, 2 quadratic. The static checks in ``tests/hardening/test_redos.py`` cover every
pattern; this measures the pipeline as a user runs it. Writes ``<out>/redos.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

from _repo import REPO as ROOT

LIST = ("References\n{HEAD}\n1. Smith JA, Jones B{AUTH}, Roe C. A title of {TITLE}some study. N Engl J Med. "
        "2001;345(3):123-9.\n{START}2. Doe J. Another title. Lancet. 2002;1:1-2.\n{TAIL}")
PLACES = ("HEAD", "START", "TITLE", "AUTH", "TAIL")


def document(place: str, run: str) -> bytes:
    text = LIST
    for name in PLACES:
        text = text.replace("{" + name + "}", run if name == place else "")
    return text.encode("utf-8")


def cpu(data: bytes) -> float:
    from tests.hardening.fuzz_corpus import run_one

    best = math.inf
    for _ in range(2):
        start = time.process_time()
        run_one(".txt", data)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    from tests.hardening.fuzz_corpus import RUN_CHARS

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = ap.parse_args()
    base = cpu(document("TAIL", ""))
    rows = []
    for ch in RUN_CHARS:
        for place in PLACES:
            times = [max(cpu(document(place, ch * n)) - base, 1e-4) for n in args.sizes]
            exponent = math.log(times[-1] / times[0]) / math.log(args.sizes[-1] / args.sizes[0])
            rows.append({"char": f"U+{ord(ch):04X}", "place": place, "cpu_s": [round(t, 4) for t in times],
                         "exponent": round(exponent, 2)})
    rows.sort(key=lambda r: -r["cpu_s"][-1])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result = {"sizes": args.sizes, "baseline_cpu_s": round(base, 4), "cases": len(rows),
              "max_exponent": max(r["exponent"] for r in rows), "max_cpu_s": rows[0]["cpu_s"][-1], "rows": rows}
    (out / "redos.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}))
    for row in rows[:12]:
        print(row)


if __name__ == "__main__":
    main()
