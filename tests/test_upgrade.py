"""A cited preprint since published: ``fix``/``bib --upgrade-preprints`` and library ``sync``.

End to end through the CLI against a local fake Crossref holding a real article and a
preprint of it derived by :mod:`tests.fakes.lookalikes` (``is-preprint-of`` the article).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from refcheck.cli import main
from refcheck.model import CheckedReference, Citation, Match, Report, Status
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.upgrade import upgrade_report
from tests.fakes.crossref import FakeCrossref
from tests.fakes.lookalikes import make
from tests.shared import CROSSREF_RECORDS


def _article() -> dict:
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            w = work_from_crossref(r)
            if (w.type == "journal-article" and w.title and len(w.title) > 40 and w.container and w.volume
                    and w.first_page and w.year and len(w.authors) >= 2 and all(a.family for a in w.authors)
                    and not w.update_to and ":" not in w.title):
                return r
    raise AssertionError("no article in the shared corpus")


ARTICLE = _article()
PREPRINT = make("preprint", ARTICLE, seed=3)
PREPRINT["title"] = list(ARTICLE["title"])
PREPRINT["author"] = list(ARTICLE["author"])
PREPRINT["relation"] = {"is-preprint-of": [{"id-type": "doi", "id": ARTICLE["DOI"], "asserted-by": "subject"}]}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeCrossref]:
    with FakeCrossref(records=[ARTICLE, PREPRINT]) as cr:
        yield cr


def _cli(fake: FakeCrossref, tmp_path: Path, *args: str) -> Result:
    flags = ["--source", "crossref", "--crossref-url", fake.url, "--cache-dir", str(tmp_path / "cache")]
    return CliRunner().invoke(main, [*args, *flags], catch_exceptions=False)


def _manuscript(tmp_path: Path) -> Path:
    work = work_from_crossref(PREPRINT)
    names = ", ".join(a.display() for a in work.authors[:6])
    server = PREPRINT["institution"][0]["name"]
    path = tmp_path / "paper.txt"
    path.write_text(f"Text [1].\n\nReferences\n\n1. {names}. {work.title}. {server} [Preprint]. {work.year}. "
                    f"doi:{work.doi}\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFCHECK_NO_RATE_LIMIT", "1")


def test_check_warns_with_the_published_version(fake: FakeCrossref, tmp_path: Path) -> None:
    out = _cli(fake, tmp_path, "check", str(_manuscript(tmp_path)), "--format", "json")
    ref = json.loads(out.output)["references"][0]
    [warn] = [f for f in ref["findings"] if f["code"] == "RC606"]
    assert warn["severity"] == "warning" and ARTICLE["DOI"].lower() in warn["message"]
    assert ARTICLE["container-title"][0] in warn["message"]


def test_fix_upgrade_preprints_rewrites_the_reference_as_the_article(fake: FakeCrossref, tmp_path: Path) -> None:
    path = _manuscript(tmp_path)
    before = path.read_text(encoding="utf-8")
    plain = _cli(fake, tmp_path, "fix", str(path))
    assert ARTICLE["container-title"][0] not in plain.output  # not without the flag
    shown = _cli(fake, tmp_path, "fix", str(path), "--upgrade-preprints")
    assert shown.exit_code == 1, shown.output  # a change is pending (as black --check)
    assert "+1. " in shown.output and "cited as their published version" in shown.output
    written = _cli(fake, tmp_path, "fix", str(path), "--upgrade-preprints", "--write")
    assert written.exit_code == 0, written.output
    after = path.read_text(encoding="utf-8")
    article = work_from_crossref(ARTICLE)
    assert after != before and article.volume in after and article.first_page in after
    assert PREPRINT["DOI"] not in after and PREPRINT["institution"][0]["name"] not in after
    assert after.startswith("Text [1].\n\nReferences\n\n1. ")


def test_bib_upgrade_preprints_writes_the_article(fake: FakeCrossref, tmp_path: Path) -> None:
    path = _manuscript(tmp_path)
    plain = _cli(fake, tmp_path, "bib", str(path))
    assert "@misc" in plain.output and PREPRINT["DOI"] in plain.output
    upgraded = _cli(fake, tmp_path, "bib", str(path), "--upgrade-preprints")
    assert "@article" in upgraded.output and ARTICLE["DOI"].lower() in upgraded.output.lower()
    assert PREPRINT["DOI"] not in upgraded.output


def test_sync_proposes_then_applies_the_published_version(fake: FakeCrossref, tmp_path: Path) -> None:
    lib = tmp_path / "library.bib"
    added = _cli(fake, tmp_path, "add", PREPRINT["DOI"], "--to", str(lib))
    assert added.exit_code == 0, added.output
    assert PREPRINT["DOI"] in lib.read_text(encoding="utf-8")
    shown = _cli(fake, tmp_path, "sync", str(lib))
    assert shown.exit_code == 1, shown.output  # out of date: the preprint was published
    assert "preprint since published" in shown.output and ARTICLE["DOI"].lower() in shown.output.lower()
    written = _cli(fake, tmp_path, "sync", str(lib), "--write")
    assert written.exit_code == 0, written.output
    text = lib.read_text(encoding="utf-8")
    assert "@article{" in text and ARTICLE["DOI"].lower() in text.lower() and PREPRINT["DOI"] not in text
    assert "howpublished" not in text


def test_upgrade_report_leaves_other_references_alone() -> None:
    article = work_from_crossref(ARTICLE)
    untouched = CheckedReference(Citation(text="x"), Match(Status.VERIFIED, work=article))
    report = Report("paper.txt", references=[untouched])
    assert upgrade_report(report) == 0 and report.references[0] is untouched
