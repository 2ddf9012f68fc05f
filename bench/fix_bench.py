"""``refcheck fix`` on manuscripts with injected errors: what it repairs and what it leaves alone.

For each seed and style (Vancouver with NLM-elided pages, AMA with full ranges) a manuscript of
``--refs`` real Crossref records (``shared/data/crossref/records.jsonl.gz``, served by the local
``FakeCrossref``) is rendered; every other reference gets one error from ``_refgen.inject``
(surname typo, wrong initials, missing/extra/swapped author, title typo, missing title word,
wrong journal, year, volume, issue, first or last page). Then ``check`` -> ``fix --write
--severity S`` -> ``check`` again, in-process (click's CliRunner), and per reference:

* **untouched**: references with no finding at or above S before the fix: byte-identical after it?
* **repaired**: references with such findings: how many have none left after the fix;
* **unplaced**: findings ``fix`` could not locate in the text (reported, left alone);
* time of the ``fix`` step (registry answers cached by the first ``check``).

Run (about a minute on an idle core):

    python bench/fix_bench.py [--seeds 1 2 3 4 5] [--refs 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _repo  # noqa: F401  (puts the repository root on sys.path)
from _refgen import eligible, inject, load_records, render

from refcheck.cli import main
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils

KINDS = ("author_typo", "wrong_initials", "missing_author", "extra_author", "swapped_authors", "title_typo",
         "missing_title_word", "wrong_journal", "wrong_year", "wrong_volume", "wrong_issue", "wrong_first_page",
         "wrong_last_page")
RANK = {"info": 0, "warning": 1, "error": 2}


def _manuscript(seed: int, style: str, n: int, messages: list[dict], works: list) -> tuple[str, list[dict]]:
    rng = random.Random(seed)
    idx = rng.sample([i for i, w in enumerate(works) if eligible(w)], n)
    pool = [works[i] for i in idx]
    lines = []
    for k, i in enumerate(idx):
        work = works[i]
        if k % 2:
            made = inject(KINDS[(k // 2) % len(KINDS)], work, rng, pool, style)
            work = made[0] if made else work
        lines.append(f"{k + 1}. {render(work, style, doi=False, options={'elide': style == 'vancouver'})}")
    cites = " ".join(f"({k})" for k in range(1, n + 1))
    return f"# Paper\n\nText {cites}.\n\n## References\n\n" + "\n".join(lines) + "\n", [messages[i] for i in idx]


def _serious(payload: dict, severity: str) -> dict[int, int]:
    return {r["number"]: sum(1 for f in r["findings"] if RANK[f["severity"]] >= RANK[severity])
            for r in payload["references"]}


def run_one(seed: int, style: str, n: int, severity: str, messages: list[dict], works: list) -> dict:
    text, records = _manuscript(seed, style, n, messages, works)
    with tempfile.TemporaryDirectory() as tmp, FakeCrossref(records=records) as cr, \
            FakeEutils(pubmed_xml_dir=Path(tmp)) as eu:
        paper = Path(tmp) / "paper.md"
        paper.write_text(text, encoding="utf-8")
        opts = ["--crossref-url", cr.url, "--eutils-url", eu.url, "--cache-dir", str(Path(tmp) / "c"),
                "--source", "crossref"]
        runner = CliRunner()
        before = _serious(json.loads(runner.invoke(main, ["check", str(paper), "-f", "json", *opts]).stdout), severity)
        started = time.perf_counter()
        fixed = runner.invoke(main, ["fix", "--write", "--severity", severity, "-f", "json", str(paper), *opts])
        seconds = time.perf_counter() - started
        after = _serious(json.loads(runner.invoke(main, ["check", str(paper), "-f", "json", *opts]).stdout), severity)
        old = text.split("## References\n\n")[1].splitlines()
        new = paper.read_text(encoding="utf-8").split("## References\n\n")[1].splitlines()
    payload = json.loads(fixed.stdout)["files"][0]
    clean = [k for k, c in before.items() if not c]
    wrong = [k for k, c in before.items() if c]
    if os.environ.get("FIX_BENCH_SHOW"):  # the references left wrong, for a look
        for k in wrong:
            if after.get(k):
                print(f"  seed {seed} {style} #{k}:\n    {old[k - 1]}\n    {new[k - 1]}", file=sys.stderr)
    return {
        "untouched": sum(1 for k in clean if old[k - 1] == new[k - 1]), "clean": len(clean),
        "repaired": sum(1 for k in wrong if not after.get(k)), "wrong": len(wrong),
        "unplaced": len(payload["unplaced"]), "seconds": seconds,
    }


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--refs", type=int, default=30)
    args = parser.parse_args()
    os.environ["REFCHECK_NO_RATE_LIMIT"] = "1"
    messages, works = load_records()
    for severity in ("error", "warning"):
        for style in ("vancouver", "ama"):
            total: dict[str, float] = {}
            for seed in args.seeds:
                for k, v in run_one(seed, style, args.refs, severity, messages, works).items():
                    total[k] = total.get(k, 0) + v
            print(f"--severity {severity:7} {style:9} untouched {int(total['untouched'])}/{int(total['clean'])}"
                  f"  repaired {int(total['repaired'])}/{int(total['wrong'])}  unplaced {int(total['unplaced'])}"
                  f"  fix step {total['seconds'] / len(args.seeds):.2f} s/manuscript")


if __name__ == "__main__":
    main_()
