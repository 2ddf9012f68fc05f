"""Calibrate the matcher's acceptance thresholds on data we can see.

    python bench/calibrate_match.py [--n 1500] [--seed 11] [--mode gold|parsed|text]

Two sets, both built from ``shared/data/crossref/records.jsonl.gz`` (never from the held-out
half of the glutton set):

1. *Rendered* references (``bench/_refgen.py``): real records rendered in five styles, with one
   injected error or tolerated variant each, plus held-out records (removed from the index) and
   fabricated references. Candidates come from an in-process BM25 index identical to
   ``FakeCrossref``'s. The true answer is known for every string.
2. *Deposited* references: the ``reference`` entries inside records that carry an
   ``unstructured`` string and a ``DOI`` whose target is in the corpus (real strings written by
   publishers).

For each threshold setting in a small grid it reports link precision / recall / F1 of the
search path (``choose`` over the top 5 candidates), and, for the identifier path, how often the
record a correct DOI points to is accepted and how often a wrong one is rejected. ``--mode``
says how citations are built: ``gold`` (fields as printed: isolates the matcher), ``parsed``
(the project's parser: the realistic setting) or ``text`` (no fields at all: SBMV's
unstructured worst case).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _repo  # noqa: F401  (puts the repository root on sys.path)
from _corpus import CorpusSource
from _refgen import Case, generate, load_records

from refcheck.match import choice, validate
from refcheck.match.profile import CitationProfile, profile_citation, profile_work
from refcheck.model import Citation, RawEntry, Span, Work
from tests.shared import DATA

GRID = {
    "TITLE_OK": (0.6, 0.7, 0.8),
    "AUTHOR_OK": (0.6, 0.7, 0.8),
    "TITLE_STRONG": (0.8, 0.85, 0.9),
}


def citation_for(text: str, rendered: Work | None, mode: str, number: int = 1) -> Citation:
    """A Citation for ``text`` built the way ``mode`` says."""
    if mode == "parsed":
        from refcheck.parse import parse_entry

        return parse_entry(RawEntry(number=number, text=text, span=Span(1, 1)))
    if mode == "gold" and rendered is not None:
        w = rendered
        return Citation(
            text=text, authors=list(w.authors), title=w.title,
            container=w.container_abbrevs[0] if w.container_abbrevs else w.container,
            year=w.year, volume=w.volume, issue=w.issue, pages=w.pages, first_page=w.first_page,
            last_page=w.last_page,
        )
    return Citation(text=text)


@dataclasses.dataclass(slots=True)
class Item:
    """One string with its candidate validations precomputed once per threshold-free feature set."""

    truth: str | None  # DOI it must link to (None: must not link)
    profile: CitationProfile
    candidates: list[Work]


def build_items(cases: list[Case], source: CorpusSource, mode: str) -> list[Item]:
    items = []
    for i, case in enumerate(cases):
        citation = citation_for(case.text, case.rendered, mode, i + 1)
        items.append(Item(case.work.doi if case.work else None, profile_citation(citation),
                          source.search(citation, rows=choice.SEARCH_ROWS)))
    return items


def deposited_items(messages: list[dict], source: CorpusSource, mode: str, limit: int) -> list[Item]:
    """Publisher-deposited (unstructured, DOI) pairs whose target record is in the corpus."""
    items = []
    for message in messages:
        for ref in message.get("reference") or []:
            doi = str(ref.get("DOI", "")).lower()
            text = ref.get("unstructured")
            if doi and text and doi in source.works and doi != str(message.get("DOI", "")).lower():
                citation = citation_for(text, None, "text" if mode == "gold" else mode, len(items) + 1)
                items.append(Item(doi, profile_citation(citation), source.search(citation, rows=5)))
                if len(items) >= limit:
                    return items
    return items


def glutton_items(source: CorpusSource, mode: str, limit: int) -> list[Item]:
    """Real PDF-extracted biomedical strings (biblio-glutton dev half) as a precision stress test.

    Their gold DOIs are almost never in the shared corpus, so every link to a corpus record is
    wrong unless it is the gold DOI: this measures false links on messy real strings.
    """
    import gzip
    import json

    path = DATA / "refstrings" / "glutton-pmc-dev.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        entries = json.load(fh)
    items = []
    for n, entry in enumerate(entries[:limit]):
        text = " ".join(entry["reference"].split())
        doi = str(entry.get("doi") or "").lower()
        citation = citation_for(text, None, "text" if mode == "gold" else mode, n + 1)
        items.append(Item(doi if doi in source.works else None, profile_citation(citation),
                          source.search(citation, rows=5)))
    return items


def score(items: list[Item]) -> dict[str, float]:
    """Link precision/recall/F1 and ambiguity count with the thresholds currently set."""
    tp = fp = fn = amb = 0
    for item in items:
        vals = [validate.validate(item.profile, profile_work(w)) for w in item.candidates]
        best, rivals = choice.choose(vals)
        got = best.work.doi if best else None
        amb += bool(rivals)
        if got and got == item.truth:
            tp += 1
        elif got:
            fp += 1
            if item.truth:
                fn += 1
        elif item.truth:
            fn += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "wrong": fp, "missed": fn, "ambiguous": amb}


def identifier_rates(cases: list[Case], works: list[Work], mode: str, seed: int) -> tuple[float, float]:
    """(share of right records accepted, share of other records rejected) on the DOI path."""
    rng = random.Random(seed)
    right = other = 0
    n = 0
    for i, case in enumerate(cases):
        if case.work is None:
            continue
        cp = profile_citation(citation_for(case.text, case.rendered, mode, i + 1))
        n += 1
        right += validate.accept_identifier(validate.validate(cp, profile_work(case.work)))
        decoy = rng.choice(works)
        while (decoy.title or "").lower() == (case.work.title or "").lower():
            decoy = rng.choice(works)
        other += not validate.accept_identifier(validate.validate(cp, profile_work(decoy)))
    return right / n, other / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--mode", choices=("gold", "parsed", "text"), default="gold")
    ap.add_argument("--deposited", type=int, default=600, help="deposited reference strings to use")
    ap.add_argument("--glutton", type=int, default=2000, help="real glutton strings for the false-link test")
    args = ap.parse_args()
    t0 = time.perf_counter()
    messages, works = load_records()
    cases, held = generate(args.n, args.seed, works)
    source = CorpusSource(messages, works, held)
    items = build_items(cases, source, args.mode)
    full = CorpusSource(messages, works)
    deposited = deposited_items(messages, full, args.mode, args.deposited)
    foreign = glutton_items(full, args.mode, args.glutton)
    print(f"# {len(items)} rendered strings ({len(held)} held out), {len(deposited)} deposited strings, "
          f"mode={args.mode}, seed={args.seed} ({time.perf_counter() - t0:.0f}s to build)")
    print(f"# {len(foreign)} real glutton strings ({sum(i.truth is not None for i in foreign)} with their "
          "target in the corpus): 'false' = links to a record that is not the gold DOI")
    header = ("TITLE_OK AUTHOR_OK TITLE_STRONG | rendered P R F1 wrong missed amb | deposited P R F1 wrong "
              "missed | glutton false")
    print(header)
    defaults = {k: getattr(validate, k) for k in GRID}
    for values in itertools.product(*GRID.values()):
        for k, v in zip(GRID, values, strict=True):
            setattr(validate, k, v)
        a, b, g = score(items), score(deposited), score(foreign)
        mark = " <- current" if dict(zip(GRID, values, strict=True)) == defaults else ""
        print(f"{values[0]:8.2f} {values[1]:9.2f} {values[2]:12.2f} | "
              f"{a['precision']:.4f} {a['recall']:.4f} {a['f1']:.4f} {a['wrong']:5d} {a['missed']:6d} "
              f"{a['ambiguous']:3d} | {b['precision']:.4f} {b['recall']:.4f} {b['f1']:.4f} {b['wrong']:5d} "
              f"{b['missed']:6d} | {g['wrong']:5d}{mark}")
    for k, v in defaults.items():
        setattr(validate, k, v)
    accepted, rejected = identifier_rates(cases, works, args.mode, args.seed)
    print(f"identifier path (current thresholds): right record accepted {accepted:.4f}, "
          f"random other record rejected {rejected:.4f}")
    print(f"# total {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
