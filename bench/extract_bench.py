"""Extraction benchmark: reference-list splitting accuracy and speed, small and huge inputs.

    python bench/extract_bench.py [--lists 200] [--size 30] [--big-mb 50] [--runs 3]

Accuracy. Real reference strings (``<repo>/../shared/data/refstrings/glutton-pmc-dev.json.gz``,
8,554 PDF-extracted biomedical references, with their original line wraps and line-end
hyphenation) are drawn at random (fixed seed) into lists of ``--size`` entries and laid out the
ways manuscripts do: numbered ``N.`` with indented wraps, ``[N]``, ``N)``, ``N.`` with flush
wraps, ``N`` + space, the whole numbered list on one line, Markdown bullets, and unnumbered:
blank-line paragraphs, one reference per line, hanging indents. Each layout goes under a ``References`` heading after a short body. An entry is
right when its cleaned text equals the source string ignoring whitespace and hyphens (so
hyphenation choices do not count, boundaries do); a list is right when every entry is.

Identifiers. Of the strings that print a DOI (often broken over two lines by the PDF text
layer), how many yield exactly the gold DOI after cleaning.

Speed. Median wall time of ``extract_text`` on a list, of ``extract_file`` on the two seed
manuscripts (``<repo>/../shared/seeds``), and of ``extract_file`` on generated
``--big-mb`` files: prose with citations + a list at the end, the same on one line, prose
with no list at all, and prose wrapped in 70-character lines + a list (each file written to
a temporary directory, then removed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)

from refcheck.extract import extract_file
from refcheck.extract.text import extract_text
from tests.shared import DATA, SEEDS

REPO = Path(__file__).resolve().parents[1]
GLUTTON = DATA / "refstrings" / "glutton-pmc-dev.json.gz"
BODY = "Introduction\n\nPrior work [1] and more [2-4] reported effects in 2004 (800 mg).\n\n"
_SQUASH = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text)


def _indent_wraps(ref: str, pad: str) -> str:
    return ref.replace("\n", "\n" + pad)


LAYOUTS: dict[str, Callable[[list[str]], str]] = {
    "numbered-dot": lambda refs: "".join(f"{i}. {_indent_wraps(r, '   ')}\n" for i, r in enumerate(refs, 1)),
    "bracket": lambda refs: "".join(f"[{i}] {_indent_wraps(r, '    ')}\n" for i, r in enumerate(refs, 1)),
    "paren": lambda refs: "".join(f"{i}) {_indent_wraps(r, '   ')}\n" for i, r in enumerate(refs, 1)),
    "numbered-flush": lambda refs: "".join(f"{i}. {r}\n" for i, r in enumerate(refs, 1)),
    "space-number": lambda refs: "".join(f"{i} {_indent_wraps(r, '  ')}\n" for i, r in enumerate(refs, 1)),
    "one-line": lambda refs: " ".join(f"{i}. {' '.join(r.split())}" for i, r in enumerate(refs, 1)) + "\n",
    "bullets": lambda refs: "".join(f"- {_indent_wraps(r, '  ')}\n" for r in refs),
    "paragraphs": lambda refs: "\n".join(f"{r}\n" for r in refs),
    "lines": lambda refs: "".join(" ".join(r.split()) + "\n" for r in refs),
    "hanging": lambda refs: "".join(_indent_wraps(r, "    ") + "\n" for r in refs),
}


# Strings that already hold an entry number ('18. Preto A…', '… 16. Lefebvre F…'): PDF
# extraction glued a neighbour's number on, so they are two references or a numbered one.
_EMBEDDED_NUMBER = re.compile(r"(?:^|\s)\[?\d{1,3}[.\])]\s+[^\W\d_]")


# Strings that begin with the list's heading ('References \n Achleitner G, …').
_HEADING_START = re.compile(r"\s*(?:references|bibliography)\b", re.IGNORECASE)


def load_refs() -> list[str]:
    """Gold strings, minus those carrying an entry number or a heading of their own."""
    with gzip.open(GLUTTON, "rt", encoding="utf-8") as handle:
        refs = [item["reference"].strip() for item in json.load(handle) if item.get("reference", "").strip()]
    return [r for r in refs if not _EMBEDDED_NUMBER.search(r) and not _HEADING_START.match(r)]


def accuracy(refs: list[str], lists: int, size: int, seed: int = 13) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    samples = [rng.sample(refs, size) for _ in range(lists)]
    out: dict[str, dict[str, float]] = {}
    for name, layout in LAYOUTS.items():
        entries_ok = lists_ok = 0
        times: list[float] = []
        for sample in samples:
            text = BODY + ("References " if name == "one-line" else "References\n\n") + layout(sample)
            start = time.perf_counter()
            doc = extract_text(text, "bench.md")
            times.append(time.perf_counter() - start)
            got = [_squash(e.text) for e in doc.entries]
            want = [_squash(r) for r in sample]
            good = sum(1 for g, w in zip(got, want, strict=False) if g == w) if len(got) == len(want) else 0
            entries_ok += good
            lists_ok += good == size
        out[name] = {
            "entries_exact": entries_ok / (lists * size),
            "lists_exact": lists_ok / lists,
            "median_ms": statistics.median(times) * 1000,
        }
    return out


def doi_recovery() -> tuple[int, int]:
    """(strings printing a DOI, of which the DOI found in the cleaned entry equals the gold)."""
    from refcheck.extract.clean import clean_entry
    from refcheck.text.identifiers import normalize_doi, plain_identifiers

    with gzip.open(GLUTTON, "rt", encoding="utf-8") as handle:
        items = json.load(handle)
    total = found = 0
    for item in items:
        raw, gold = item.get("reference", ""), item.get("doi")
        if not gold or not re.search(r"10\.\d{4,9}/", raw):
            continue
        total += 1
        text, _ = clean_entry(raw)
        found += normalize_doi(plain_identifiers(text).get("doi")) == normalize_doi(gold)
    return total, found


def seeds(runs: int) -> dict[str, float]:
    """Median ``extract_file`` time on the real manuscripts in shared/seeds (seconds)."""
    out: dict[str, float] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            extract_file(str(path))
            times.append(time.perf_counter() - start)
        out[path.name] = statistics.median(times)
    return out


def _wrap(text: str, width: int = 70) -> str:
    """Prose re-wrapped into short lines, like PDF text (a million lines in 50 MB)."""
    import textwrap

    return "\n\n".join(textwrap.fill(p, width) for p in text.split("\n\n") if p.strip()) + "\n\n"


def big_files(mb: int, runs: int) -> dict[str, float]:
    block = ("Body text citing [1] and (2), with doses (800 mg) and years (2004). " * 15 + "\n\n") * 200
    refs = "".join(f"{i}. Smith J, Doe A. Title number {i}. J Foo 2001;{i}:1-2.\n" for i in range(1, 31))
    target = mb * 1_000_000
    makers = {
        "list-at-end": lambda: (block, "\nReferences\n\n" + refs),
        "one-line": lambda: (block.replace("\n", " "), " ## References " + refs.replace("\n", " ")),
        "no-list": lambda: (block, ""),
        "short-lines": lambda: (_wrap(block), "\nReferences\n\n" + refs),
    }
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in makers.items():
            body, tail = make()
            path = Path(tmp) / f"{name}.txt"
            with path.open("w", encoding="utf-8") as handle:
                while handle.tell() < target:
                    handle.write(body)
                handle.write(tail)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                extract_file(str(path))
                times.append(time.perf_counter() - start)
            out[name] = statistics.median(times)
            path.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not GLUTTON.is_file():
        print(f"missing {GLUTTON}", file=sys.stderr)
        return 2
    refs = load_refs()
    print(f"pool: {len(refs)} glutton strings without an embedded entry number or heading")
    print(f"splitting: {args.lists} lists x {args.size} real references per layout")
    print(f"{'layout':<14}{'entries exact':>15}{'lists exact':>13}{'median ms':>11}")
    for name, row in accuracy(refs, args.lists, args.size).items():
        print(f"{name:<14}{row['entries_exact']:>15.4f}{row['lists_exact']:>13.3f}{row['median_ms']:>11.2f}")
    total, found = doi_recovery()
    print(f"\nprinted DOIs recovered equal to gold: {found}/{total}")
    print(f"\nseed manuscripts, median of {args.runs * 10} runs (extract_file, ms)")
    for name, seconds in seeds(args.runs * 10).items():
        print(f"{name:<30}{seconds * 1000:>8.2f}")
    if args.big_mb:
        print(f"\n{args.big_mb} MB files, median of {args.runs} runs (extract_file, seconds)")
        for name, seconds in big_files(args.big_mb, args.runs).items():
            print(f"{name:<14}{seconds:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
