"""Parsing benchmark: per-field accuracy on gold reference strings, and throughput.

    python bench/parse_bench.py [--out bench/out] [--runs 5] [--failures FIELD]

Data (read from ``<repo>/../shared/data/refstrings``, never copied):

* ``glutton-pmc-dev.json.gz`` -- 8,554 PDF-extracted biomedical strings, gold atitle/firstAuthor/
  jtitle/volume/firstPage from the NLM XML. This file IS the dev half of biblio-glutton's split
  (the held-out half is not in shared/); the parser was tuned on it and on nothing else.
* ``anystyle-gold.xml`` / ``anystyle-core.xml`` -- field-labelled strings (many disciplines), not
  used for tuning: a second, style-diverse check.
* ``crossref/records.jsonl.gz`` -- 1,000 real journal-article records rendered by
  ``refcheck.styles`` in each style and parsed back (round trip; container = "found").

Comparison (documented, identical for every field): both sides go through
``refcheck.text.fold.key`` (case, diacritics, punctuation and whitespace insensitive). A field is
scored only where the gold has a value. ``strict`` = keys equal. For titles, ``prefix`` also
accepts a parsed title whose key *starts with* the gold key: ~7% of glutton gold titles were cut
at the first italic word by the NLM-XML alignment, so a correct full title would otherwise count
as wrong; ``contains`` (gold key is a substring of the parsed key) also covers gold cut at the
*start* (a leading italic species name). First author: ``particle_insensitive`` drops leading
particles on both sides (NLM gold files ``De Valk`` as ``Valk``; the parser keeps particles as
printed, by design). Pages compare first page only (gold has only firstPage); AnyStyle ``date`` compares the
4-digit year, ``author`` the first author's family name (the first surname-looking token of the
gold author string for inverted forms).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)

from refcheck.parse import parse_reference
from refcheck.text.fold import key
from tests.shared import DATA as SHARED_DATA

REPO = Path(__file__).resolve().parents[1]
DATA = SHARED_DATA / "refstrings"


def _eq(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and key(a) == key(b)


def _prefix(parsed: str | None, gold: str | None) -> bool:
    if parsed is None or gold is None:
        return False
    kp, kg = key(parsed), key(gold)
    return bool(kg) and kp.startswith(kg)


_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "del",
        "della",
        "des",
        "du",
        "da",
        "das",
        "dos",
        "di",
        "la",
        "le",
        "ten",
        "ter",
        "te",
        "y",
        "d",
        "l",
        "van't",
    ]
)


def _drop_particles(name: str | None) -> str | None:
    """``De Valk`` -> ``Valk``: NLM files some particles apart, so gold and print can differ."""
    if name is None:
        return None
    tokens = key(name).split()
    while len(tokens) > 1 and tokens[0] in _PARTICLES:
        tokens.pop(0)
    return " ".join(tokens)


def _contains(parsed: str | None, gold: str | None) -> bool:
    if parsed is None or gold is None:
        return False
    kg = key(gold)
    return bool(kg) and kg in key(parsed)


def _first_family(cit) -> str | None:  # type: ignore[no-untyped-def]
    if not cit.authors:
        return None
    a = cit.authors[0]
    return a.family or a.group


def load_glutton() -> list[dict]:
    with gzip.open(DATA / "glutton-pmc-dev.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def bench_glutton(rows: list[dict], failures: str | None, every: int = 1) -> dict:
    fields = {
        "title": ("atitle", lambda c: c.title),
        "first_author": ("firstAuthor", _first_family),
        "journal": ("jtitle", lambda c: c.container),
        "volume": ("volume", lambda c: c.volume),
        "first_page": ("firstPage", lambda c: c.first_page),
    }
    counts: Counter[str] = Counter()
    shown = 0
    for row in rows:
        cit = parse_reference(row["reference"])
        for name, (gold_key, get) in fields.items():
            gold = row.get(gold_key)
            if not gold:
                continue
            counts[name + ":n"] += 1
            value = get(cit)
            ok = _eq(value, gold)
            counts[name + ":strict"] += ok
            if name == "title":
                counts[name + ":prefix"] += ok or _prefix(value, gold)
                counts[name + ":contains"] += ok or _contains(value, gold)
            if name == "first_author":
                counts[name + ":particles"] += ok or _eq(_drop_particles(value), _drop_particles(gold))
            if failures == name and not (ok or (name == "title" and _prefix(value, gold))):
                shown += 1
                if shown % every == 0 and shown // every <= 40:
                    print(
                        f"--- {name}: gold={gold!r} got={value!r}\n    {row['reference']!r}", file=sys.stderr
                    )
    out: dict[str, dict] = {}
    for name in fields:
        n = counts[name + ":n"]
        entry = {"n": n, "strict": round(counts[name + ":strict"] / n, 4)}
        if name == "title":
            entry["prefix"] = round(counts[name + ":prefix"] / n, 4)
            entry["contains"] = round(counts[name + ":contains"] / n, 4)
        if name == "first_author":
            entry["particle_insensitive"] = round(counts[name + ":particles"] / n, 4)
        out[name] = entry
    return out


_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-[ \t]*\n\s*([a-z]+)")


def bench_hyphens(rows: list[dict]) -> dict:
    """How often a line-end hyphen is resolved as the gold title/journal prints the word.

    Only breaks whose word appears in the gold, joined (``hyperosmolarity``) or hyphenated
    (``long-term``), are scored; the cleaned string must contain the same form.
    """
    from refcheck.parse.clean import clean

    n = agree = 0
    for row in rows:
        gold = f"{row.get('atitle') or ''} {row.get('jtitle') or ''}".lower()
        text = row["reference"]
        if "-" not in text:
            continue
        cleaned = None
        for m in _LINE_END_HYPHEN.finditer(text):
            joined = (m.group(1) + m.group(2)).lower()
            hyphenated = f"{m.group(1)}-{m.group(2)}".lower()
            if re.search(r"\b" + re.escape(joined), gold):
                want, other = joined, hyphenated
            elif hyphenated in gold:
                want, other = hyphenated, joined
            else:
                continue
            cleaned = cleaned if cleaned is not None else clean(text).text.lower()
            n += 1
            agree += want in cleaned and (other not in cleaned or want == hyphenated)
    return {"n": n, "agree": round(agree / n, 4) if n else None}


_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")  # Crossref titles carry <i>/<sub> markup; print does not
_NUM = re.compile(r"[A-Za-z]{0,4}\d+[A-Za-z]{0,2}")
# AnyStyle's gold is the printed text, line-end hyphens included ("re- motely"); the parser
# repairs them. The hyphen-insensitive title reading drops "-" and the space after it on both sides.
_HYPHEN = re.compile(r"-\s?")


_GOLD_ETAL = re.compile(r"\s*,?\s*et\.?\s*al\b\.?", re.I)
_GOLD_SUFFIX = re.compile(r"(?:Jr|Sr)\.?")


def _gold_first_family(author: str) -> str | None:
    """The first author's surname in an AnyStyle author string, whatever its name order.

    ``Zhang L, Gu FX`` -> Zhang (Vancouver); ``Auner, Joseph`` / ``De Mestier, P.`` -> the part
    before the comma (inverted); ``John E. Owens`` / ``Kelvin Xu, Jimmy Ba`` -> the last token
    (natural order, the comma separates people). A trailing ``:`` (BMC), ``et al.`` and a
    ``Jr.`` after the surname are not part of it.
    """
    text = _GOLD_ETAL.sub("", author.strip()).rstrip(".,;: ")
    first = re.split(r"\s*(?:;|&|\band\b)\s*", text)[0]
    head, _, after = first.partition(",")
    tokens = [t for t in head.split() if not _GOLD_SUFFIX.fullmatch(t)]  # "Blyth Jr., C."
    if not tokens:
        return None
    if len(tokens) == 1:
        return tokens[0]
    if re.fullmatch(r"[A-Z][A-Z.\-]{0,5}", tokens[-1]):  # Vancouver "Zhang L", "Bykov A.M."
        return " ".join(tokens[:-1])
    if re.fullmatch(r"(?:[A-Z]\.-?)+", tokens[0]):  # "A. Demers, S. Keshav"
        return tokens[-1]
    # "van der Berg, K." / "De Mestier, P" (the final period may have been stripped above)
    if tokens[0][0].islower() or re.match(r"\s*[A-Z](?:\.|\b)", after):
        return head.strip()
    return tokens[-1]


def load_anystyle(name: str) -> list[tuple[str, dict[str, str]]]:
    root = ET.parse(DATA / name).getroot()
    out = []
    for seq in root.iter("sequence"):
        parts, fields = [], {}
        for child in seq:
            # A few AnyStyle gold values carry literal markup ("<italic>Water Research</italic>")
            # that key() would keep as words; the parser strips the same tags from its input.
            text = " ".join(_TAGS.sub("", child.text or "").split())
            parts.append(text)
            fields.setdefault(child.tag, text)
        out.append((" ".join(parts), fields))
    return out


def bench_anystyle(rows: list[tuple[str, dict[str, str]]]) -> dict:
    counts: Counter[str] = Counter()
    for text, gold in rows:
        cit = parse_reference(text)
        checks = {}
        if "author" in gold:
            checks["first_author"] = (_first_family(cit), _gold_first_family(gold["author"]))
        if "title" in gold:
            checks["title"] = (cit.title, gold["title"])
        cont = gold.get("journal") or gold.get("container-title")
        if cont:
            checks["container"] = (cit.container, re.sub(r"^In:?\s+", "", cont))
        if "date" in gold and _YEAR.search(gold["date"]):
            checks["year"] = (str(cit.year) if cit.year else None, _YEAR.search(gold["date"]).group(1))
        if "volume" in gold and _NUM.search(gold["volume"]):
            checks["volume"] = (cit.volume, _NUM.search(gold["volume"]).group(0))
        if "pages" in gold and _NUM.search(gold["pages"]):
            checks["first_page"] = (cit.first_page, _NUM.search(gold["pages"]).group(0))
        for name, (got, want) in checks.items():
            counts[name + ":n"] += 1
            counts[name + ":ok"] += _eq(got, want)
        if "title" in checks:
            got, want = checks["title"]
            counts["title:hyphen"] += got is not None and _eq(_HYPHEN.sub("", got), _HYPHEN.sub("", want))
    names = sorted({k.split(":")[0] for k in counts})
    out = {
        n: {"n": counts[n + ":n"], "strict": round(counts[n + ":ok"] / counts[n + ":n"], 4)} for n in names
    }
    if "title" in out:
        out["title"]["hyphen_insensitive"] = round(counts["title:hyphen"] / counts["title:n"], 4)
    return out


def worst_case(runs: int) -> dict:
    """Slowest parse (CPU ms, median of ``runs``) among repetitive 5,000-character garbage strings.

    A guard against catastrophic regex backtracking, which would show as seconds, not ms.
    """
    units = [
        "Smith JA, ",
        "(",
        "Smith, J. A., ",
        "1;2:3-4, ",
        "van de van der ",
        "In: ",
        "SMITH ",
        "A. ",
        "Smith J (2001)\n",  # the glued-references search
        "hyper- ",  # hyphen repair
    ]
    worst = 0.0
    for unit in units:
        text = (unit * (5000 // len(unit) + 1))[:5000]
        times = []
        for _ in range(runs):
            t0 = time.process_time()
            parse_reference(text)
            times.append(time.process_time() - t0)
        worst = max(worst, statistics.median(times))
    return {"garbage_5000_chars_worst_median_cpu_ms": round(worst * 1000, 2), "inputs": len(units)}


def bench_roundtrip(sample: int = 1000) -> dict:
    """Render real Crossref journal articles in every style of ``refcheck.styles`` and parse back.

    A synthetic but style-exact check (the renderer is another engineer's code, written from the
    field notes): how often each field survives render -> parse. Deterministic sample (seed 0).
    """
    import random

    from refcheck.sources.crossref_record import work_from_crossref
    from refcheck.styles.registry import STYLES
    from refcheck.styles.render import render_reference

    works = []
    with gzip.open(DATA.parent / "crossref" / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            m = json.loads(line)
            if m.get("type") == "journal-article" and all(
                m.get(k) for k in ("author", "title", "volume", "page")
            ):
                works.append(work_from_crossref(m))
    works = random.Random(0).sample(works, min(sample, len(works)))
    out: dict[str, dict] = {}
    for style in STYLES:
        counts: Counter[str] = Counter()
        for w in works:
            cit = parse_reference(render_reference(w, style, 1))
            first = w.authors[0].family or w.authors[0].group
            counts["first_author"] += _eq(_first_family(cit), first)
            counts["title"] += _eq(cit.title, _TAGS.sub("", w.title or ""))
            counts["container"] += cit.container is not None
            counts["year"] += cit.year == w.year
            counts["volume"] += _eq(cit.volume, w.volume)
            counts["first_page"] += _eq(cit.first_page, w.first_page)
            counts["style"] += cit.style == style
        out[style] = {k: round(v / len(works), 4) for k, v in sorted(counts.items())}
    return {"n": len(works), "styles": out}


def throughput(strings: list[str], runs: int) -> dict:
    """References per second of CPU time on one core (median of ``runs``), plus wall-clock.

    CPU time (``time.process_time``) is the primary figure because the benchmark may share the
    machine with other jobs; wall-clock is reported next to it.
    """
    cpu_rates, wall_rates = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        for s in strings:
            parse_reference(s)
        cpu_rates.append(len(strings) / (time.process_time() - c0))
        wall_rates.append(len(strings) / (time.perf_counter() - w0))
    return {
        "refs_per_cpu_s_median": round(statistics.median(cpu_rates)),
        "refs_per_wall_s_median": round(statistics.median(wall_rates)),
        "runs": runs,
        "n": len(strings),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="also write summary JSON to this directory")
    ap.add_argument("--runs", type=int, default=5, help="throughput runs (median reported)")
    ap.add_argument("--failures", help="print up to 40 glutton failures of this field to stderr")
    ap.add_argument("--every", type=int, default=1, help="with --failures: show every n-th failure")
    args = ap.parse_args(argv)
    glutton = load_glutton()
    summary = {
        "command": "python bench/parse_bench.py",
        "glutton_pmc_dev": {
            "n": len(glutton),
            "fields": bench_glutton(glutton, args.failures, args.every),
            "line_end_hyphens": bench_hyphens(glutton),
        },
    }
    for name in ("anystyle-gold.xml", "anystyle-core.xml"):
        rows = load_anystyle(name)
        articles = [r for r in rows if {"journal", "volume", "pages"} <= r[1].keys()]
        summary[name] = {
            "n": len(rows),
            "fields": bench_anystyle(rows),
            "journal_articles": {"n": len(articles), "fields": bench_anystyle(articles)},
        }
    summary["roundtrip_crossref_render"] = bench_roundtrip()
    summary["throughput"] = throughput([r["reference"] for r in glutton], args.runs)
    summary["throughput"].update(worst_case(args.runs))
    text = json.dumps(summary, indent=2)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "parse_bench.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
