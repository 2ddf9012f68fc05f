"""Generated manuscripts for batch tests and benchmarks: Markdown papers citing registry records.

Each manuscript is a short Markdown paper whose numbered Vancouver reference list is rendered
(:func:`refcheck.styles.render.render_reference`) from Crossref records sampled from ``records`` - the
real shared records in tests, the synthetic mirror corpus in ``bench/batch_bench.py`` - so
every reference has a true answer in the registry. A share of references carries one planted
error (a year off by one, a first page shifted) so reports contain findings, as real ones do.
Deterministic in ``seed``.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Sequence
from pathlib import Path

from refcheck.model import Work
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference


def renderable(work: Work) -> bool:
    """A journal article with everything a Vancouver reference shows."""
    return bool(work.type == "journal-article" and work.authors and work.title and work.year and work.volume
                and work.first_page and work.container
                and all(re.search(r"[^\W\d_]", a.family or "") for a in work.authors))


def _planted_error(work: Work, rng: random.Random) -> Work:
    if rng.random() < 0.5 and work.year:
        return dataclasses.replace(work, year=work.year + 1)
    if work.first_page and work.first_page.isdigit():
        first = str(int(work.first_page) + 10)
        last = work.last_page if work.last_page and work.last_page.isdigit() and int(work.last_page) > int(first) else None
        return dataclasses.replace(work, first_page=first, last_page=last, pages=f"{first}-{last}" if last else first)
    return work


def manuscript_text(works: Sequence[Work], title: str, rng: random.Random, error_share: float,
                    with_doi: bool = False) -> str:
    """A Markdown paper citing ``works`` in order, with a numbered Vancouver reference list."""
    cites = " ".join(f"Finding {i} was reported before [{i}]." for i in range(1, len(works) + 1))
    refs = []
    for i, work in enumerate(works, 1):
        shown = _planted_error(work, rng) if rng.random() < error_share else work
        refs.append(render_reference(shown, "vancouver", number=i, include_doi=with_doi))
    return f"# {title}\n\n## Introduction\n\n{cites}\n\n## References\n\n" + "\n".join(refs) + "\n"


def write_manuscripts(records: Sequence[dict], out_dir: Path, count: int, *, refs: tuple[int, int] = (5, 25),
                      seed: int = 0, error_share: float = 0.1, with_doi: bool = False) -> list[Path]:
    """Write ``count`` manuscripts (``paper-00000.md``...) citing records sampled from ``records``.

    ``records`` only needs ``len`` and indexing, so a generator of synthetic records can be
    passed without materialising it. Records that cannot be rendered are skipped. ``with_doi``
    ends each reference with its DOI (a registry is then asked by DOI, not searched)."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        works: list[Work] = []
        wanted = rng.randint(*refs)
        while len(works) < wanted:
            work = work_from_crossref(records[rng.randrange(len(records))])
            if renderable(work):
                works.append(work)
        path = out_dir / f"paper-{n:05d}.md"
        path.write_text(manuscript_text(works, f"Generated manuscript {n}", rng, error_share, with_doi), encoding="utf-8")
        paths.append(path)
    return paths
