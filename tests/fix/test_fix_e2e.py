"""End to end: real registry records, injected errors, ``fix --write``, then ``check`` again.

For each style ``fix`` supports (Vancouver, AMA), a 24-reference manuscript is rendered from real
Crossref records (``shared/data/crossref/records.jsonl.gz``) served by the local fake Crossref;
every other reference carries one injected error (surname typo, title typo, wrong year, volume,
issue, first page, journal). Then:

* every reference the first check found no error in is byte-identical after ``fix --write``;
* the second check finds no error in any reference;
* only the injected field changed in the fixed ones (the rest of each line is as printed).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.render import render_reference
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.shared import CROSSREF_RECORDS

N_REFS = 24
KINDS = ("surname", "title", "year", "volume", "issue", "first_page", "journal")


def _usable(message: dict) -> bool:
    work = work_from_crossref(message)
    return bool(
        work.type == "journal-article" and work.title and len(work.title.split()) >= 4 and work.year
        and work.volume and work.volume.isdigit() and work.issue and work.issue.isdigit()
        and work.first_page and work.first_page.isdigit() and work.container
        and 1 <= len(work.authors) <= 6 and all(a.family and len(a.family) >= 4 and a.family.isalpha()
                                                and not a.group for a in work.authors)
        and not (work.doi or "").startswith("10.5555/")
    )


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        usable = [m for m in map(json.loads, fh) if _usable(m)]
    rng = random.Random(18)
    # distinct first authors and containers, so one record's error never names another record
    picked, seen = [], set()
    for m in rng.sample(usable, len(usable)):
        key = (m["author"][0]["family"].lower(), m["container-title"][0].lower())
        if key[0] in seen or key[1] in seen:
            continue
        seen.update(key)
        picked.append(m)
        if len(picked) == N_REFS:
            break
    return picked


def _inject(kind: str, text: str, message: dict, other: dict) -> str:
    """``text`` with one error of ``kind``; the replaced part is a whole token of that field."""
    work = work_from_crossref(message)
    if kind == "surname":
        fam = work.authors[0].family or ""
        return text.replace(fam, fam[:2] + fam[3] + fam[2] + fam[4:], 1)
    if kind == "title":
        word = max(re.findall(r"[A-Za-z]{6,}", work.title or ""), key=len)
        return text.replace(word, word[:3] + word[4] + word[3] + word[5:], 1)
    locator = re.search(r"(\d{4});(\d+)\((\d+)\):(\d+)", text)
    assert locator, text
    year, vol, iss, first = locator.groups()
    swap = {"year": (1, str(int(year) - 3)), "volume": (2, str(int(vol) + 7)), "issue": (3, str(int(iss) + 2)),
            "first_page": (4, str(int(first) + 10))}
    if kind in swap:
        group, value = swap[kind]
        return text[:locator.start(group)] + value + text[locator.end(group):]
    journal = render_reference(work_from_crossref(other), "vancouver").split(". ")[-2]
    mine = text[:locator.start()].rstrip().rstrip(".").split(". ")[-1]
    return text.replace(f". {mine}. {year}", f". {journal}. {year}", 1)


def _manuscript(records: list[dict], style: str) -> tuple[str, list[str], list[str]]:
    clean = [render_reference(work_from_crossref(m), style) for m in records]
    lines = []
    for i, (text, message) in enumerate(zip(clean, records, strict=True)):
        if i % 2:
            text = _inject(KINDS[(i // 2) % len(KINDS)], text, message, records[(i + 3) % len(records)])
        lines.append(f"{i + 1}. {text}")
    cites = " ".join(f"Finding {i} ({i})." for i in range(1, len(records) + 1))
    return f"# Report\n\n{cites}\n\n## References\n\n" + "\n".join(lines) + "\n", lines, clean


def _errors(payload: dict) -> dict[int, list[str]]:
    return {r["number"]: [f["code"] for f in r["findings"] if f["severity"] == "error"]
            for r in payload["references"]}


@pytest.mark.parametrize("style", ["vancouver", "ama"])
def test_fix_write_edits_only_wrong_references(style: str, records: list[dict], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFCHECK_NO_RATE_LIMIT", "1")  # a local server: no pacing needed
    text, lines, clean = _manuscript(records, style)
    paper = tmp_path / "paper.md"
    paper.write_text(text, encoding="utf-8")
    (tmp_path / "pubmed").mkdir()
    runner = CliRunner()
    with FakeCrossref(records=records) as cr, FakeEutils(pubmed_xml_dir=tmp_path / "pubmed") as eu:
        opts = ["--crossref-url", cr.url, "--eutils-url", eu.url, "--cache-dir", str(tmp_path / "c"),
                "--source", "crossref"]
        before = runner.invoke(main, ["check", str(paper), "-f", "json", *opts])
        errors_before = _errors(json.loads(before.stdout))
        pending = runner.invoke(main, ["fix", "--check", str(paper), *opts])
        applied = runner.invoke(main, ["fix", "--write", str(paper), *opts])
        after = runner.invoke(main, ["check", str(paper), "-f", "json", *opts])
    wrong = [n for n, codes in errors_before.items() if codes]
    assert len(wrong) >= N_REFS // 2 - 2, errors_before  # nearly every injected error is an error finding
    assert pending.exit_code == 1 and applied.exit_code == 0, applied.output
    fixed = paper.read_text(encoding="utf-8").split("## References\n\n")[1].splitlines()
    for n, (old, new) in enumerate(zip(lines, fixed, strict=True), 1):
        if n not in wrong:
            assert new == old, f"reference {n} had no error but changed"
        else:
            assert new != old
            # the fix restores the rendered record, so the line equals the clean rendering
            assert new == f"{n}. {clean[n - 1]}", (old, new)
    assert after.exit_code == 0 and not any(_errors(json.loads(after.stdout)).values()), after.stdout[:2000]
    assert text.split("## References")[0] == paper.read_text(encoding="utf-8").split("## References")[0]
