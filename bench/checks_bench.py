"""Checks-stage benchmark on real Crossref records: false alarms, error detection, speed.

For every eligible journal article in ``shared/data/crossref/records.jsonl.gz`` a Citation is
built by hand the way a Vancouver reference list prints it (NLM author form with diacritics
dropped and at most two initials, first six authors + et al., NLM/short journal title, print
year, elided pages), i.e. a *legitimate variant* of the registered record. Then:

* **false alarms**: warnings/errors the checks raise on those legitimate variants (should be 0);
* **detection**: one controlled error is injected per case (surname typo, short-name change,
  swapped/missing/appended author, wrong first/last page, volume, issue, year, title word typo,
  missing title word, sibling journal) and we count how often the expected rule fires;
* **speed**: ``run_checks`` calls per second (median of 5 passes over all cases).

No parser and no matcher are involved: this isolates the rules. Run:

    python bench/checks_bench.py [--limit N] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)
from unidecode import unidecode

from refcheck.checks import run_checks
from refcheck.checks.names import initials_of
from refcheck.config import Settings
from refcheck.model import Author, Citation, Match, Status, Work
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.text.pages import expand_pages
from refcheck.text.repair import repair_mojibake
from tests.shared import CROSSREF_RECORDS

RECORDS = CROSSREF_RECORDS
SETTINGS = Settings()
STOP = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "by", "at", "from"}


def load(limit: int | None) -> list[Work]:
    works: list[Work] = []
    with gzip.open(RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            w = work_from_crossref(json.loads(line))
            if (w.type == "journal-article" and w.authors and w.title and w.year and w.volume
                    and (w.pages or w.article_number) and (w.container or w.container_abbrevs)):
                works.append(w)
            if limit and len(works) >= limit:
                break
    return works


def elide(first: str, last: str | None) -> str:
    """NLM elision: print only the digits of the last page that change (728-734 -> 728-34)."""
    if (not last or not first.isdigit() or not last.isdigit() or len(first) != len(last)
            or int(last) <= int(first)):
        return f"{first}-{last}" if last else first
    i = 0
    while i < len(first) - 1 and first[i] == last[i]:
        i += 1
    return f"{first}-{last[i:]}"


def nlm_author(a: Author) -> Author:
    if a.is_group:
        return Author(group=a.group)
    return Author(family=unidecode(repair_mojibake(a.family or "")), initials=initials_of(a)[:2] or None)


def vancouver(w: Work) -> Citation:
    """The registered record as a Vancouver list prints it."""
    people = [nlm_author(a) for a in w.authors]
    et_al = len(people) > 6
    first, last = (w.first_page, w.last_page) if w.first_page else expand_pages(w.pages)
    pages = elide(first, last) if first else w.article_number
    title = re.sub(r"<[^>]+>", "", w.title or "")
    if w.subtitle:
        title = f"{title}: {w.subtitle}"
    return Citation(
        text=f"{people[0].display()} {title}", number=1, authors=people[:6] if et_al else people, et_al=et_al,
        title=title, container=(w.container_abbrevs or [w.container])[0], year=w.year_print or w.year,
        volume=w.volume, issue=w.issue, pages=pages, doi=w.doi,
    )


def check(c: Citation, w: Work, settings: Settings = SETTINGS) -> list:
    return run_checks(c, Match(Status.VERIFIED, work=w, source=w.source, method="doi"), settings)


def serious(findings: list) -> list:
    """Warnings/errors about the citation (RC6xx are facts about the work: retractions, EoC)."""
    return [f for f in findings if f.severity.value in ("warning", "error") and not f.code.startswith("RC6")]


# --- mutations: (name, expected code, function(citation, work, rng, pool) -> Citation | None) ------

def _people(c: Citation) -> list[int]:
    return [i for i, a in enumerate(c.authors) if not a.is_group and a.family]


def m_surname_typo(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    idx = [i for i in _people(c) if len(c.authors[i].family or "") >= 6 and (c.authors[i].family or "").isalpha()]
    if not idx:
        return None
    i = rng.choice(idx)
    fam = c.authors[i].family or ""
    k = rng.randrange(1, len(fam) - 1)
    authors = list(c.authors)
    authors[i] = dataclasses.replace(authors[i], family=fam[:k] + fam[k + 1:])
    return dataclasses.replace(c, authors=authors)


def m_short_name(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    idx = [i for i in _people(c) if 3 <= len(c.authors[i].family or "") <= 5 and (c.authors[i].family or "").isalpha()]
    if not idx:
        return None
    i = rng.choice(idx)
    fam = c.authors[i].family or ""
    k = rng.randrange(1, len(fam))
    ch = "u" if fam[k] != "u" else "o"
    authors = list(c.authors)
    authors[i] = dataclasses.replace(authors[i], family=fam[:k] + ch + fam[k + 1:])
    return dataclasses.replace(c, authors=authors)


def m_swap(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    p = _people(c)
    if len(p) < 2 or c.authors[p[0]].family == c.authors[p[1]].family:
        return None
    authors = list(c.authors)
    authors[p[0]], authors[p[1]] = authors[p[1]], authors[p[0]]
    return dataclasses.replace(c, authors=authors)


def m_drop_middle(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    p = _people(c)
    if len(p) < 3 or c.et_al:
        return None
    authors = list(c.authors)
    del authors[p[1]]
    return dataclasses.replace(c, authors=authors)


def m_append(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    if c.et_al or not c.authors:
        return None
    fake = Author(family=rng.choice(["Harrington", "Okonkwo", "Lindqvist", "Ferreira", "Nakamura"]), initials="QZ")
    return dataclasses.replace(c, authors=[*c.authors, fake])


def _bump(value: str | None, by: int = 1) -> str | None:
    if not value or not re.fullmatch(r"\d+", value):
        return None
    return str(int(value) + by)


def m_first_page(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    first, last = expand_pages(c.pages)
    new = _bump(first, rng.choice([1, 10, 100]))
    if new is None or (last and not last.isdigit()):
        return None
    return dataclasses.replace(c, pages=f"{new}-{last}" if last and int(last) >= int(new) else new)


def m_last_page(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    first, last = expand_pages(c.pages)
    new = _bump(last, 1)
    if new is None or first is None or not first.isdigit():
        return None
    return dataclasses.replace(c, pages=f"{first}-{new}")


def m_volume(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    new = _bump(c.volume, 1)
    return dataclasses.replace(c, volume=new) if new else None


def m_issue(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    new = _bump(c.issue, 1)
    return dataclasses.replace(c, issue=new) if new else None


def m_year(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    years = {w.year, w.year_print, w.year_online}
    new = (c.year or 0) + 2
    return None if new in years else dataclasses.replace(c, year=new)


def m_title_typo(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    words = (c.title or "").split()
    idx = [i for i, x in enumerate(words) if len(x) >= 6 and x.isalpha() and x[2] != x[3]]
    if not idx:
        return None
    i = rng.choice(idx)
    x = words[i]
    words[i] = x[:2] + x[3] + x[2] + x[4:]
    return dataclasses.replace(c, title=" ".join(words))


def m_title_drop(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    words = (c.title or "").split()
    idx = [i for i, x in enumerate(words[:-1]) if i and x.isalpha() and x.lower() not in STOP and len(x) > 3]
    if len(words) < 5 or not idx:
        return None
    del words[rng.choice(idx)]
    return dataclasses.replace(c, title=" ".join(words))


def m_journal(c: Citation, w: Work, rng: random.Random, pool: list[Work]) -> Citation | None:
    mine = {x.lower() for x in [w.container or "", *w.container_abbrevs]}
    for _ in range(20):
        other = rng.choice(pool)
        name = (other.container_abbrevs or [other.container])[0]
        if name and name.lower() not in mine and other.container != w.container:
            return dataclasses.replace(c, container=name)
    return None


# --- tolerated variants: each must raise no warning/error ------------------------------------

def v_full_journal(c: Citation, w: Work) -> Citation | None:
    return dataclasses.replace(c, container=w.container) if w.container else None


def v_iso_periods(c: Citation, w: Work) -> Citation | None:
    if not c.container or " " not in c.container:
        return None
    return dataclasses.replace(c, container=". ".join(c.container.split()) + ".")


def v_full_given_names(c: Citation, w: Work) -> Citation | None:
    people = [Author(family=a.family, given=a.given) if a.given and not a.is_group else nlm_author(a)
              for a in w.authors]
    return dataclasses.replace(c, authors=people[: len(c.authors)])


def v_name_case_hyphen(c: Citation, w: Work) -> Citation | None:
    def vary(a: Author) -> Author:
        fam = a.family or ""
        if not re.search(r"[A-Za-z]", fam):
            return a
        fam = fam.replace("-", " ") if "-" in fam else fam
        return dataclasses.replace(a, family=fam[:1].upper() + fam[1:]) if fam else a
    return dataclasses.replace(c, authors=[vary(a) for a in c.authors])


def v_diacritics_kept(c: Citation, w: Work) -> Citation | None:
    people = [Author(family=repair_mojibake(a.family or ""), initials=initials_of(a)[:2] or None)
              if not a.is_group else Author(group=a.group) for a in w.authors]
    return dataclasses.replace(c, authors=people[: len(c.authors)])


def v_ama(c: Citation, w: Work) -> Citation | None:
    people = [nlm_author(a) for a in w.authors]
    if len(people) <= 6:
        return None
    return dataclasses.replace(c, authors=people[:3], et_al=True)


def v_title_case(c: Citation, w: Work) -> Citation | None:
    return dataclasses.replace(c, title=(c.title or "").upper().rstrip(".") + ".")


def v_online_year(c: Citation, w: Work) -> Citation | None:
    return dataclasses.replace(c, year=w.year_online) if w.year_online else None


def v_full_pages(c: Citation, w: Work) -> Citation | None:
    first, last = (w.first_page, w.last_page) if w.first_page else expand_pages(w.pages)
    return dataclasses.replace(c, pages=f"{first}-{last}") if first and last else None


VARIANTS = [
    ("full_journal_title", v_full_journal, SETTINGS),
    ("iso_abbrev_with_periods", v_iso_periods, SETTINGS),
    ("full_given_names", v_full_given_names, SETTINGS),
    ("surname_case_hyphen_space", v_name_case_hyphen, SETTINGS),
    ("diacritics_kept", v_diacritics_kept, SETTINGS),
    ("ama_3_et_al", v_ama, Settings(et_al_after=3)),
    ("title_upper_case", v_title_case, SETTINGS),
    ("online_year", v_online_year, SETTINGS),
    ("full_page_range", v_full_pages, SETTINGS),
]


MUTATIONS = [
    ("surname_typo", "RC101", m_surname_typo),
    ("short_surname_changed", "RC102", m_short_name),
    ("authors_swapped", "RC107", m_swap),
    ("middle_author_dropped", "RC105", m_drop_middle),
    ("person_appended", "RC106", m_append),
    ("first_page", "RC406", m_first_page),
    ("last_page", "RC407", m_last_page),
    ("volume", "RC403", m_volume),
    ("issue", "RC404", m_issue),
    ("year", "RC401", m_year),
    ("title_word_typo", "RC201", m_title_typo),
    ("title_word_dropped", "RC202", m_title_drop),
    ("other_journal", "RC301", m_journal),
]


def parsed_run(n: int, seed: int, show: int) -> None:
    """Parser + checks on ``bench/_refgen.py`` strings, each checked against the record it came
    from (the match is assumed right): what the rules report once parse noise is included."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _refgen import ERRORS, generate, load_records

    from refcheck.model import RawEntry, Span
    from refcheck.parse import parse_entry

    _, pool = load_records()
    cases, _ = generate(n, seed, pool)
    alarms: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    total: Counter[str] = Counter()
    clean = 0
    for i, case in enumerate(cases):
        if case.work is None or case.kind == "wrong_doi":
            continue  # negatives and wrong DOIs are the matcher's business
        citation = parse_entry(RawEntry(number=i + 1, text=case.text, span=Span(1, 1)))
        found = serious(check(citation, case.work)) if case.kind != "retracted" else [
            f for f in check(citation, case.work) if f.severity.value != "info"]
        if case.kind in ERRORS:
            total[case.kind] += 1
            detected[case.kind] += any(f.field == case.field for f in found)
        else:
            clean += 1
            for f in found:
                alarms[f"{case.kind}:{f.code}"] += 1
                if show > 0:
                    show -= 1
                    print(f"  {case.kind} {f.code} {f.message}\n    {case.text}")
    print(f"parsed strings (seed {seed}): {clean} clean/variant references, {sum(alarms.values())} "
          f"warning/error findings: {dict(alarms.most_common(8))}")
    for kind in total:
        print(f"  {kind:22s} detected on the right field {detected[kind]:4d} / {total[kind]:4d}")


def journals_run() -> None:
    """The bounded abbreviation rule over every serial in the records: own short title accepted
    against the full title alone, and cross-serial pairs wrongly accepted (field notes §5)."""
    from refcheck.checks.journal import check_journal

    serials: dict[str, tuple[str, str | None]] = {}
    with gzip.open(RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = json.loads(line)
            full = (m.get("container-title") or [None])[0]
            if full and m.get("type") == "journal-article":
                serials.setdefault(full.lower(), (full, (m.get("short-container-title") or [None])[0]))
    items = list(serials.values())
    own = [(f, a) for f, a in items if a]
    own_ok = sum(not check_journal(Citation(text="", container=a), Work(source="crossref", container=f), SETTINGS, "crossref", [])
                 for f, a in own)
    accepted = tried = 0
    for i, (fa, sa) in enumerate(items):
        for j, (fb, sb) in enumerate(items):
            if i == j:
                continue
            registered = Work(source="crossref", container=fb, container_abbrevs=[sb] if sb else [])
            for cited in {fa, sa} - {None}:
                tried += 1
                found = check_journal(Citation(text="", container=cited), registered, SETTINGS, "crossref", [])
                accepted += not any(f.code == "RC301" for f in found)
    print(f"serials: {len(items)}; short title accepted against its full title alone: {own_ok} / {len(own)}; "
          f"cross-serial pairs not reported as RC301: {accepted} / {tried}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=5, help="print this many false alarms per rule")
    ap.add_argument("--misses", type=int, default=0, help="print this many missed/collateral cases per mutation")
    ap.add_argument("--parsed", type=int, default=0,
                    help="instead: generate N reference strings (bench/_refgen.py), parse and check them")
    ap.add_argument("--journals", action="store_true", help="instead: the abbreviation rule over all serials")
    args = ap.parse_args()
    if args.journals:
        journals_run()
        return
    if args.parsed:
        parsed_run(args.parsed, args.seed, args.show)
        return
    rng = random.Random(args.seed)
    works = load(args.limit)
    cases = [(vancouver(w), w) for w in works]

    alarms: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    flagged = 0
    for c, w in cases:
        bad = serious(check(c, w))
        flagged += bool(bad)
        for f in bad:
            alarms[f.code] += 1
            if shown[f.code] < args.show:
                shown[f.code] += 1
                print(f"  false alarm {f.code} [{w.doi}] {f.message} | cited={f.cited!r} registered={f.registered!r}")
    print(f"\nlegitimate variants: {len(cases)} references, {flagged} with a warning/error "
          f"({100 * flagged / max(1, len(cases)):.2f}%), by rule: {dict(alarms.most_common())}")

    print("\ntolerated variants: references with a warning/error / applicable")
    for name, make, settings in VARIANTS:
        total = bad_refs = 0
        by_rule: Counter[str] = Counter()
        for c, w in cases:
            varied = make(c, w)
            if varied is None:
                continue
            total += 1
            bad = serious(check(varied, w, settings))
            bad_refs += bool(bad)
            by_rule.update(f.code for f in bad)
            for f in bad:
                if shown[name] < args.show:
                    shown[name] += 1
                    print(f"    {name} [{w.doi}] {f.code} {f.message}")
        print(f"  {name:26s} {bad_refs:5d} / {total:5d}  {dict(by_rule.most_common(4))}")

    print("\ninjected errors: detected / applicable (expected rule)")
    for name, code, mutate in MUTATIONS:
        hit = total = collateral = 0
        for c, w in cases:
            mutated = mutate(c, w, rng, works)
            if mutated is None:
                continue
            total += 1
            found = check(mutated, w)
            codes = {f.code for f in found}
            hit += code in codes
            extra = {f.code for f in serious(found)} - {code}
            collateral += bool(extra)
            if (code not in codes or extra) and shown[name] < args.misses:
                shown[name] += 1
                print(f"    {name} [{w.doi}] got {[(f.code, f.message) for f in found]}")
        print(f"  {name:24s} {code}  {hit:5d} / {total:5d}  {100 * hit / max(1, total):6.2f}%"
              f"   other warnings/errors in {collateral}")

    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        for c, w in cases:
            check(c, w)
        timings.append(time.perf_counter() - t0)
    med = statistics.median(timings)
    print(f"\nspeed: {len(cases) / med:,.0f} run_checks/s (median of 5 passes over {len(cases)} references)")


if __name__ == "__main__":
    main()
