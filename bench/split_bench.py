"""Splitting benchmark: is every reference of a numbered list found as its own entry?

    python bench/split_bench.py [--out bench/out] [--size 1000] [--show 5]

Every string we have is laid out as a manuscript prints a numbered list (``N. <string>``) under a
``References`` heading after a short body, in two layouts -- ``lines``: one entry per line, the
string's own PDF line wraps kept; ``one-line``: the whole list on one line, as text pasted from
HTML -- and run through ``extract_text`` (locate the section, split, clean):

* ``glutton``: all 8,554 strings of ``refstrings/glutton-pmc-dev.json.gz`` (PDF-extracted PMC
  references, *including* those that carry a stray number or heading of their own) in lists of
  ``--size`` in file order, and once as a single list of 8,554;
* ``anystyle-gold`` / ``anystyle-core``: the 1,669 and 1,514 AnyStyle strings (many disciplines),
  in lists of ``--size`` and as one list each;
* ``crossref-deposited``: the 5,243 unstructured reference strings deposited with the 410
  Crossref records of ``crossref/records.jsonl.gz`` that have any: each record's own list as
  its article prints it, all in lists of ``--size``, and one list; fields scored against the
  structured values deposited next to them (author, year, journal, volume, first page), where
  the string prints that value (many deposits keep the author apart from the string);
* ``render <style>``: 1,000 Crossref journal articles (seed 0, as in ``parse_bench``) rendered by
  ``refcheck.styles`` in each of its six styles, numbered as the style numbers (``[N]`` for IEEE).

Entry ``i`` is *found* when the list has an entry numbered ``i`` whose cleaned text is the
source string (Levenshtein ratio >= 0.9 after removing whitespace and hyphens, so that cleaning
choices do not count and boundaries do; XML/HTML tags in Crossref deposits are dropped from both
sides first (cleaning drops some of them); ``exact`` counts entries equal outright). Otherwise it is
*lost* (no entry numbered ``i`` or an entry that is not it) or *merged* (entry ``i`` holds it
and more: swallowed followers). Per-field accuracy is over ALL strings: the entry found for
number ``i`` is parsed (a lost entry parses as the empty string, so counts as wrong) and scored
exactly as ``bench/parse_bench.py`` scores the bare strings; the bare-string figure is printed
next to it, so the difference is what splitting costs.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from parse_bench import (
    _TAGS,
    DATA,
    _eq,
    _first_family,
    bench_anystyle,
    bench_glutton,
    load_anystyle,
    load_glutton,
)
from rapidfuzz.distance import Levenshtein

from refcheck.checks.splitting import split_findings
from refcheck.extract.text import extract_text
from refcheck.parse import parse_reference
from refcheck.text.fold import key

BODY = "Introduction\n\nPrior work [1] and more [2-4] reported effects in 2004 (800 mg).\n\nReferences\n\n"
SHOW = 0  # --show: print this many lost/merged entries per list to stderr
_SQUASH = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
# XML/HTML tags ('<i>', '<ext-link xlink:href=…>'), not '<http://…>' or '<www.x.org>'.
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text)


def _dot(i: int) -> str:
    return f"{i}. "


def numbered(strings: Sequence[str], marker: Callable[[int], str] = _dot, layout: str = "lines") -> str:
    """The list as printed: one entry per line (its own line wraps kept), or all on one line."""
    if layout == "one-line":
        return BODY + " ".join(f"{marker(i)}{' '.join(s.split())}" for i, s in enumerate(strings, 1)) + "\n"
    return BODY + "".join(f"{marker(i)}{s.strip()}\n" for i, s in enumerate(strings, 1))


LAYOUTS = ("lines", "one-line")


def split_list(strings: Sequence[str], marker: Callable[[int], str] = _dot, layout: str = "lines") -> tuple[list[str], Counter]:
    """Extract a numbered list of ``strings``; return entry text per number ('' when lost) and tallies."""
    doc = extract_text(numbered(strings, marker, layout), "bench.txt")
    by_number: dict[int, str] = {}
    for entry in doc.entries:
        if entry.number is not None:
            by_number.setdefault(entry.number, entry.text)
    tally: Counter[str] = Counter(entries=len(doc.entries), findings=len(split_findings(doc.entries)))
    found: list[str] = []
    for i, source in enumerate(strings, 1):
        got = by_number.get(i)
        want = _squash(_MARKUP.sub("", source))
        squashed = _squash(_MARKUP.sub("", got)) if got is not None else ""
        if squashed == want:
            tally["exact"] += 1
        if got is not None and Levenshtein.normalized_similarity(squashed, want) >= 0.9:
            tally["found"] += 1
            found.append(got)
            continue
        following = _squash(strings[i])[:40] if i < len(strings) else ""
        merged = got is not None and squashed.startswith(want[:40]) and following and following in squashed
        tally["merged" if merged else "lost"] += 1
        if SHOW and tally["lost"] + tally["merged"] <= SHOW:
            print(f"--- {i} {'merged' if merged else 'lost'}\n want {source[:300]!r}\n got  {(got or '')[:300]!r}", file=sys.stderr)
        found.append("")
    return found, tally


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_corpus(strings: list[str], size: int) -> tuple[dict, dict[str, list[str]]]:
    """Tallies for lists of ``size`` and for one whole list; the entry texts of both."""
    out, texts = {}, {}
    for layout in LAYOUTS:
        for name, lists in ((f"lists_of_{size}", _chunks(strings, size)), (f"one_list_of_{len(strings)}", [strings])):
            tally: Counter[str] = Counter()
            found: list[str] = []
            t0 = time.perf_counter()
            for chunk in lists:
                got, t = split_list(chunk, layout=layout)
                tally.update(t)
                found.extend(got)
            tally["seconds"] = round(time.perf_counter() - t0, 2)
            out[f"{layout} {name}"] = _summary(tally, len(strings))
            texts[f"{layout} {name}"] = found
    return out, texts


def _summary(tally: Counter, n: int) -> dict:
    return {
        "n": n,
        "found": tally["found"],
        "lost": tally["lost"],
        "merged": tally["merged"],
        "exact": tally["exact"],
        "split_findings": tally["findings"],
        "seconds": tally["seconds"],
    }


def glutton(size: int) -> dict:
    rows = load_glutton()
    result, texts = run_corpus([r["reference"] for r in rows], size)
    result["fields_bare_strings"] = bench_glutton(rows, None)
    for name, found in texts.items():
        result[name]["fields"] = bench_glutton([{**r, "reference": t} for r, t in zip(rows, found, strict=True)], None)
    return result


def anystyle(name: str, size: int) -> dict:
    rows = load_anystyle(name)
    result, texts = run_corpus([text for text, _ in rows], size)
    result["fields_bare_strings"] = bench_anystyle(rows)
    for part, found in texts.items():
        result[part]["fields"] = bench_anystyle([(t, gold) for t, (_, gold) in zip(found, rows, strict=True)])
    return result


def load_deposited() -> list[list[dict]]:
    """Reference lists deposited with Crossref: per record, the references with an unstructured string."""
    lists = []
    with gzip.open(DATA.parent / "crossref" / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            refs = [r for r in json.loads(line).get("reference", []) if (r.get("unstructured") or "").strip()]
            if refs:
                lists.append(refs)
    return lists


_DEPOSIT_FIELDS = {
    "first_author": ("author", _first_family),
    "year": ("year", lambda c: str(c.year) if c.year else None),
    "journal": ("journal-title", lambda c: c.container),
    "volume": ("volume", lambda c: c.volume),
    "first_page": ("first-page", lambda c: c.first_page),
}


def _deposit_gold(ref: dict, name: str, field: str) -> str | None:
    value = ref.get(field)
    if not value:
        return None
    if name == "first_author":  # deposited as 'Smith', 'Smith J', 'Smith, J.' or 'J Smith'
        tokens = value.replace(",", " ").split()
        if len(tokens) > 1 and re.fullmatch(r"[A-Z][A-Z.\-]{0,5}", tokens[0]):
            return tokens[-1]
        return re.split(r"[ ,]+(?=[A-Z][A-Z.\-]{0,5}$)|,", value.strip())[0]
    if name == "year":
        m = re.search(r"\d{4}", value)
        return m.group(0) if m else None
    return value


def score_deposited(refs: list[dict], texts: list[str]) -> dict:
    """Per-field agreement of the parse of each text with the fields deposited next to it."""
    counts: Counter[str] = Counter()
    for ref, text in zip(refs, texts, strict=True):
        cit = parse_reference(text)
        printed = key(ref["unstructured"])
        for name, (field, get) in _DEPOSIT_FIELDS.items():
            gold = _deposit_gold(ref, name, field)
            if gold and key(gold) in printed:  # many deposits split the author off the string
                counts[name + ":n"] += 1
                counts[name + ":ok"] += _eq(get(cit), gold)
    return {n: {"n": counts[n + ":n"], "strict": round(counts[n + ":ok"] / counts[n + ":n"], 4)}
            for n in _DEPOSIT_FIELDS if counts[n + ":n"]}


def deposited(size: int) -> dict:
    """Each record's own list as the article prints it, then all strings in lists of ``size`` and one list."""
    lists = load_deposited()
    refs = [r for refs in lists for r in refs]
    strings = [r["unstructured"] for r in refs]
    result, texts = run_corpus(strings, size)
    tally: Counter[str] = Counter()
    found: list[str] = []
    t0 = time.perf_counter()
    for own in lists:
        got, t = split_list([r["unstructured"] for r in own])
        tally.update(t)
        found.extend(got)
    tally["seconds"] = round(time.perf_counter() - t0, 2)
    result[f"lines own_lists_{len(lists)}"] = _summary(tally, len(strings))
    texts[f"lines own_lists_{len(lists)}"] = found
    result["fields_bare_strings"] = score_deposited(refs, strings)
    for part, got in texts.items():
        result[part]["fields"] = score_deposited(refs, got)
    return result


def rendered(sample: int = 1000) -> dict:
    """The six styles of ``refcheck.styles``: one numbered list of ``sample`` articles each."""
    from refcheck.sources.crossref_record import work_from_crossref
    from refcheck.styles.registry import STYLES
    from refcheck.styles.render import render_reference

    works = []
    with gzip.open(DATA.parent / "crossref" / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            m = json.loads(line)
            if m.get("type") == "journal-article" and all(m.get(k) for k in ("author", "title", "volume", "page")):
                works.append(work_from_crossref(m))
    works = random.Random(0).sample(works, min(sample, len(works)))
    out = {}
    for style, layout in itertools.product(STYLES, LAYOUTS):
        strings = [render_reference(w, style) for w in works]
        marker = (lambda i: f"[{i}] ") if style == "ieee" else _dot
        t0 = time.perf_counter()
        found, tally = split_list(strings, marker, layout)
        tally["seconds"] = round(time.perf_counter() - t0, 2)
        fields: Counter[str] = Counter()
        for w, text in zip(works, found, strict=True):
            cit = parse_reference(text)
            fields["first_author"] += _eq(_first_family(cit), w.authors[0].family or w.authors[0].group)
            fields["title"] += _eq(cit.title, _TAGS.sub("", w.title or ""))
            fields["year"] += cit.year == w.year
            fields["volume"] += _eq(cit.volume, w.volume)
            fields["first_page"] += _eq(cit.first_page, w.first_page)
        out[f"{layout} {style}"] = _summary(tally, len(works)) | {"fields": {k: round(v / len(works), 4) for k, v in fields.items()}}
    return out


def _line(name: str, row: dict) -> str:
    return (
        f"{name:<46}{row['n']:>6}{row['found']:>7}{row['lost']:>6}{row['merged']:>7}"
        f"{row['exact']:>7}{row['split_findings']:>9}{row['seconds']:>8.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    global SHOW, LAYOUTS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="also write summary JSON to this directory")
    ap.add_argument("--size", type=int, default=1000, help="entries per list (besides the one whole list)")
    ap.add_argument("--show", type=int, default=0, help="print up to this many lost/merged entries per list")
    ap.add_argument("--layout", choices=LAYOUTS, action="append", help="only these layouts (default: all)")
    args = ap.parse_args(argv)
    SHOW = args.show
    LAYOUTS = tuple(args.layout or LAYOUTS)
    if not DATA.is_dir():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    summary: dict = {"command": "python bench/split_bench.py", "glutton": glutton(args.size)}
    for name in ("anystyle-gold.xml", "anystyle-core.xml"):
        summary[name.removesuffix(".xml")] = anystyle(name, args.size)
    summary["crossref-deposited"] = deposited(args.size)
    summary["rendered"] = rendered()
    print(f"{'corpus, layout, lists':<46}{'n':>6}{'found':>7}{'lost':>6}{'merged':>7}{'exact':>7}{'findings':>9}{'sec':>8}")
    total: Counter[str] = Counter()
    for corpus in ("glutton", "anystyle-gold", "anystyle-core", "crossref-deposited"):
        for part, row in summary[corpus].items():
            if "lists" in part or "list_of" in part:
                print(_line(f"{corpus} {part}", row))
                total.update({k: row[k] for k in ("n", "lost", "merged")})
    for style, row in summary["rendered"].items():
        print(_line(f"render {style} list_of_1000", row))
        total.update({k: row[k] for k in ("n", "lost", "merged")})
    print(f"\nall lists: {total['n']} entries, lost {total['lost']}, merged {total['merged']}")
    print(json.dumps(summary, indent=1))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "split_bench.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
