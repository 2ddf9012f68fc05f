"""``export --manuscript`` round-trips a manuscript's whole list: every reference, its number, its order.

A 15-reference manuscript is rendered from real records with errors injected in some of them
(the reason it is being checked) plus one reference no registry has; it is imported into a
library, then exported in Vancouver and AMA. The export must list all 16 references with the
manuscript's numbers in its order, each library entry rendered from its record, and the one
the library lacks reported and printed as the manuscript has it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from tests.library.conftest import RunCli

FABRICATED = "Nobody A, Nowhere B. An uncatalogued paper on nothing at all. J Nothing. 2020;1(1):1-2."


def _usable(m: dict) -> bool:
    w = work_from_crossref(m)
    return bool(w.type == "journal-article" and w.title and len(w.title.split()) >= 5 and w.authors
                and all(a.family and not a.group for a in w.authors) and w.year and w.volume
                and w.volume.isdigit() and w.first_page and w.first_page.isdigit() and w.container
                and not (w.doi or "").startswith("10.5555/"))


def _inject(i: int, text: str) -> str:
    m = re.search(r"(\d{4});(\d+)", text)
    assert m
    if i % 3 == 0:  # wrong year
        return text[:m.start(1)] + str(int(m.group(1)) + 1) + text[m.end(1):]
    if i % 3 == 1:  # wrong volume
        return text[:m.start(2)] + str(int(m.group(2)) + 3) + text[m.end(2):]
    return text


@pytest.mark.parametrize("style", ["vancouver", "ama"])
def test_export_manuscript_round_trips_the_whole_list(run_cli: RunCli, crossref_records: list[dict],
                                                       tmp_path: Path, style: str) -> None:
    picked = random.Random(15).sample([m for m in crossref_records if _usable(m)], 15)
    works = [work_from_crossref(m) for m in picked]
    lines = [f"{i}. {_inject(i, render_reference(w, style))}" for i, w in enumerate(works, 1)]
    lines.insert(9, f"10. {FABRICATED}")
    lines = [re.sub(r"^\d+\.", f"{n}.", line) for n, line in enumerate(lines, 1)]
    paper = tmp_path / "paper.md"
    paper.write_text("# P\n\nText (1-16).\n\n## References\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    imported = run_cli("import", str(paper), "--to", "lib.bib")
    assert "lib.bib" in imported.output
    exported = run_cli("export", "--library", "lib.bib", "--style", style, "--manuscript", str(paper))
    assert exported.exit_code == 0, exported.output
    out = exported.stdout.splitlines()
    assert [line.split(".")[0] for line in out] == [str(n) for n in range(1, 17)]
    assert out[9] == f"10. {FABRICATED}"
    assert "reference 10: not in the library" in exported.stderr
    for line, work in zip(out[:9] + out[10:], works, strict=True):
        number = line.split(".")[0]
        assert line == render_reference(work, style, number=int(number)), line


def test_library_commands_speak_json(run_cli: RunCli, crossref_records: list[dict], tmp_path: Path) -> None:
    import json

    work = work_from_crossref(next(m for m in crossref_records if _usable(m)))
    paper = tmp_path / "one.md"
    paper.write_text(f"Text (1).\n\n## References\n\n1. {render_reference(work, 'vancouver')}\n", encoding="utf-8")
    imported = json.loads(run_cli("import", str(paper), "--library", "lib.bib", "-f", "json").stdout)
    assert [o["action"] for o in imported] == ["added"] and imported[0]["key"]
    synced = json.loads(run_cli("sync", "--library", "lib.bib", "-f", "json").stdout)
    assert [(e["checked"], e["changed"]) for e in synced["entries"]] == [(True, False)]
    assert json.loads(run_cli("dedupe", "-l", "lib.bib", "-f", "json").stdout)["groups"] == []
    tidied = json.loads(run_cli("tidy", "lib.bib", "--check", "-f", "json").stdout)
    assert tidied["changed"] is False and tidied["written"] is False
