"""The look-alike generator: what it makes from real records, and how the fake ranks it."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import lru_cache

import pytest

from refcheck.match.kinds import ARTICLE, NOTICE, PREPRINT, work_kind
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from tests.fakes.crossref import FakeCrossref
from tests.fakes.lookalikes import KINDS, generate, make
from tests.shared import CROSSREF_RECORDS

EXPECTED_KIND = {"preprint": PREPRINT, "correction": NOTICE, "reply": NOTICE, "comment": NOTICE,
                 "reprint": ARTICLE, "same_title": ARTICLE}


@lru_cache(maxsize=1)
def _records() -> tuple[dict, ...]:
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        return tuple(json.loads(line) for _, line in zip(range(600), fh, strict=False))


def test_generate_reaches_the_target_with_every_kind_and_keeps_the_truth_outside_the_records() -> None:
    records = list(_records())
    before = json.dumps(records, sort_keys=True)
    looks = generate(records, target=3000, seed=5)
    assert len(looks.records) >= 3000 and looks.originals  # 600 real records alone yield fewer
    assert set(looks.kind.values()) == set(KINDS)
    dois = [r["DOI"] for r in looks.records]
    assert len(set(dois)) == len(dois) and set(dois) == set(looks.kind) == set(looks.source)
    real = {str(r["DOI"]).lower() for r in records} | {r["DOI"].lower() for r in looks.originals}
    assert not set(dois) & real and set(looks.source.values()) <= real
    assert json.dumps(records, sort_keys=True) == before  # the corpus itself is never modified
    assert all(not k.startswith(("look", "fake")) for r in looks.records for k in r)  # nothing marks them
    by_doi = {str(r["DOI"]).lower(): r for r in [*records, *looks.originals]}
    for record in looks.records[:400]:
        expected = EXPECTED_KIND[looks.kind[record["DOI"]]]
        if expected == ARTICLE:  # a reprint of a letter is a letter (some real articles are replies)
            expected = work_kind(work_from_crossref(by_doi[looks.source[record["DOI"]]]))
        assert work_kind(work_from_crossref(record)) == expected, record["title"]


def test_generate_is_deterministic() -> None:
    records = list(_records())[:200]
    a, b = generate(records, target=0, seed=9), generate(records, target=0, seed=9)
    assert a.records == b.records and a.kind == b.kind


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_differs_from_its_article_as_real_ones_do(kind: str) -> None:
    article = next(r for r in _records() if r.get("type") == "journal-article" and r.get("volume")
                   and r.get("page") and r.get("author") and r.get("container-title"))
    made = make(kind, article, seed=1, pool=list(_records())[:50])
    work, source = work_from_crossref(made), work_from_crossref(article)
    if kind == "preprint":
        assert made["type"] == "posted-content" and made["subtype"] == "preprint"
        assert not (work.container or work.volume or work.pages)
    elif kind == "correction":
        assert made["update-to"][0]["DOI"] == article["DOI"] and work.container == source.container
    elif kind in ("reply", "comment"):
        assert work.title != source.title and source.title in (work.title or "")
    elif kind == "reprint":
        assert work.title == source.title and work.container != source.container
    else:
        assert work.title == source.title and work.authors[0].family != source.authors[0].family


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown look-alike kind"):
        make("translation-into-klingon", dict(_records()[0]))


def test_fake_often_ranks_a_lookalike_above_its_article() -> None:
    """Share of Vancouver references whose article has a look-alike ranked above it (>= 30 %)."""
    records = [r for r in _records() if r.get("type") == "journal-article" and r.get("author") and r.get("title")]
    looks = generate(records, seed=3, share=1.0)
    with FakeCrossref(records=records) as fake:
        looks.install(fake)
        above = total = 0
        for doi in sorted(set(looks.source.values()))[:120]:
            query = render_reference(work_from_crossref(fake.get(doi) or {}), "vancouver")
            ranked = [d for d, _ in fake._search(query)[:10]]
            if doi in ranked:
                total += 1
                above += any(looks.source.get(d) == doi for d in ranked[: ranked.index(doi)])
    assert total >= 100 and above / total >= 0.3, (above, total)
    assert Counter(looks.kind.values())["preprint"] > 0
