"""The accuracy benchmark over several seeds, pooled: the figure one seed cannot give.

    REFCHECK_NO_RATE_LIMIT=1 python bench/accuracy_seeds.py [--seeds 31,8675309,1234,...] [--n 1500] [--messy]

A seed decides which real records are drawn, in which style, and where the errors go; the
false-alarm rate in particular depends on whether a seed happens to draw the few hundred records
with defective deposits. Each seed runs ``bench/accuracy_bench.py`` in its own process (so the
figures are exactly that command's), then one markdown table and the pooled figures are printed.
About 70 s per seed of 1,500 references on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = "31,8675309,1234,2026,7,31337,555,4242,9001"


def run_seed(seed: int, n: int, out: Path, messy: bool = False) -> dict:
    """One accuracy_bench run; its JSON result."""
    env = {**os.environ, "REFCHECK_NO_RATE_LIMIT": "1"}
    subprocess.run([sys.executable, str(HERE / "accuracy_bench.py"), "--n", str(n), "--seed", str(seed),
                    "--json", str(out), *(["--messy"] if messy else [])], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def row(seed: int, d: dict) -> str:
    link, det, clean, sug = d["link"], d["detection"], d["clean"], d["suggestions"]
    kind, low = min(det.items(), key=lambda kv: kv[1]["recall"])
    found = sum(v for k, v in d["negatives"].items() if k.endswith(":not_found"))
    return (f"| {seed} | {link['precision']:.4f} ({link['fp']} wrong) | {link['recall']:.4f} ({link['fn']} missed) | "
            f"{low['recall']:.3f} ({kind.replace('_', ' ')}) | {sug['correct']}/{sug['total']} | "
            f"{clean['alarms']} = {clean['alarms_per_100']:.2f} | {found}/{sum(d['negatives'].values())} |")


def pooled(results: dict[int, dict]) -> list[str]:
    """The pool of every seed: link P/R, suggestions, false alarms, and each error kind."""
    tp = sum(d["link"]["tp"] for d in results.values())
    fp = sum(d["link"]["fp"] for d in results.values())
    fn = sum(d["link"]["fn"] for d in results.values())
    alarms = sum(d["clean"]["alarms"] for d in results.values())
    clean = sum(d["clean"]["references"] for d in results.values())
    right = sum(d["suggestions"]["correct"] for d in results.values())
    total = sum(d["suggestions"]["total"] for d in results.values())
    kinds: dict[str, list[int]] = {}
    for d in results.values():
        for kind, v in d["detection"].items():
            k = kinds.setdefault(kind, [0, 0])
            k[0] += v["detected"]
            k[1] += v["total"]
    lines = [f"| **pooled** | {tp / max(tp + fp, 1):.4f} ({fp} wrong of {tp + fp}) | {tp / max(tp + fn, 1):.4f} | "
             f"{min(a / b for a, b in kinds.values()):.3f} | {right}/{total} | "
             f"**{alarms} on {clean} = {100 * alarms / max(clean, 1):.2f}** | |", ""]
    lines.append("per kind, pooled: " + ", ".join(f"{k.replace('_', ' ')} {a}/{b}" for k, (a, b) in kinds.items()))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default=DEFAULT_SEEDS, help="comma-separated seeds")
    ap.add_argument("--n", type=int, default=1500, help="references per seed")
    ap.add_argument("--messy", action="store_true", help="messy lists (accuracy_bench.py --messy), reported apart")
    ap.add_argument("--dir", type=Path, help="keep each seed's JSON result here")
    args = ap.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="refcheck-seeds-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict] = {}
    for seed in (int(s) for s in args.seeds.split(",") if s.strip()):
        name = f"seed-{seed}{'-messy' if args.messy else ''}.json"
        results[seed] = run_seed(seed, args.n, folder / name, args.messy)
        print(f"seed {seed}: {results[seed]['clean']['alarms_per_100']:.2f} false alarms per 100", file=sys.stderr)
    print(f"## {'MESSY' if args.messy else 'clean'} lists, {args.n} references per seed")
    print("| seed | link precision | link recall | lowest error-kind recall | correct suggestions "
          "| false alarms (per 100 clean) | held-out + fabricated not_found |")
    print("|---|---|---|---|---|---|---|")
    for seed, d in results.items():
        print(row(seed, d))
    print("\n".join(pooled(results)))


if __name__ == "__main__":
    main()
