"""``refcheck bib`` from a local mirror of real records: ranges, title case, provenance."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.mirror.build import build_mirror
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from refcheck.text.case import is_all_caps, is_title_case
from refcheck.text.pages import expand_pages
from tests.mirror.conftest import real_records


def _ranged(message: dict) -> bool:
    work = work_from_crossref(message)
    return bool(work.type == "journal-article" and work.authors and all(a.family for a in work.authors)
                and work.title and work.year and work.volume and work.container
                and work.first_page and work.last_page and work.last_page != work.first_page
                and work.first_page.isdigit())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    records = real_records()
    ranged = [m for m in records if _ranged(m)]
    shouting = [m for m in ranged if is_all_caps(m["title"][0]) or is_title_case(m["title"][0])]
    picked = random.Random(7).sample(shouting, 6) + random.Random(8).sample(
        [m for m in ranged if m not in shouting], 6)
    root = tmp_path_factory.mktemp("bib")
    (root / "records").mkdir()
    with (root / "records" / "crossref.jsonl").open("w", encoding="utf-8") as fh:
        for m in picked:
            fh.write(json.dumps(m) + "\n")
    build_mirror([root / "records"], root / "refs.sqlite")
    return root, picked


def test_bib_keeps_ranges_sentence_cases_titles_and_names_the_mirror(corpus: tuple[Path, list[dict]]) -> None:
    root, picked = corpus
    works = [work_from_crossref(m) for m in picked]
    refs = [f"{i}. {render_reference(w, 'vancouver')}" for i, w in enumerate(works, 1)]
    paper = root / "paper.md"
    paper.write_text("# P\n\nText (1-12).\n\n## References\n\n" + "\n".join(refs) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["bib", str(paper), "--source", "mirror", "--mirror", str(root / "refs.sqlite"),
                                       "--offline", "--cache-dir", str(root / "cache"), "-o", str(root / "out.bib")])
    assert result.exit_code == 0, result.output
    text = (root / "out.bib").read_text(encoding="utf-8")
    entries = bibtexparser.parse_string(text).entries
    assert len(entries) == len(works)
    for entry, work in zip(entries, works, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        first, last = expand_pages(work.pages)
        assert fields["pages"] == f"{first}--{last}"  # the registered range, never a first page alone
        plain = re.sub(r"[{}]", "", fields["title"])
        assert not is_all_caps(plain) and not is_title_case(plain), fields["title"]
        for acronym in re.findall(r"\b[A-Z]{2,}[0-9]*\b", work.title or ""):
            if not is_all_caps(work.title or ""):
                assert "{" + acronym + "}" in fields["title"]
    stamps = re.findall(r"local mirror refs\.sqlite \(crossref record, snapshot (\d{4}-\d\d-\d\d)\)", text)
    assert len(stamps) == len(works) and "% crossref doi" not in text
