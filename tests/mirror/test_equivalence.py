"""Mirror path == live path: for the same records, the same JSON report.

The live path talks real HTTP to the local fakes (:mod:`tests.fakes`) serving the records;
the mirror path reads a mirror built from the very same records. Everything except the fields
that *name* the path must be identical:

* ``sources`` / ``notes`` of the report (which registries were consulted, and how);
* ``match.source`` and ``findings[].source`` (``crossref`` vs ``mirror``: the matcher and the
  checks report the Source that answered), and that name inside reason texts;
* candidates' ``score`` (each search engine's own relevance scale: Crossref/fake BM25 vs FTS5 bm25).

With Crossref alone, the works that only PubMed has are ``not_found`` on both paths, and the
*closest rejected candidate* named for them is whatever each search engine ranked first among
wrong records (the fake's BM25 also indexes volume/pages, FTS5 does not): for ``not_found``
references the comparison keeps status and rule codes and drops that candidate. With both
registries every reference is found and the reports are compared whole.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from refcheck.config import Settings
from refcheck.mirror.build import build_mirror
from refcheck.mirror.coverage import Declared
from refcheck.pipeline import check_path
from refcheck.report import render
from refcheck.sources.mirror import mirror_sources
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.shared import CROSSREF_RECORDS, REPO

EXAMPLES = [REPO / "examples" / "example-vancouver.md", REPO / "examples" / "example-ama.md"]


# The matcher's reason texts name the Source that answered ("crossref has no record for doi ...").
_SOURCE_IN_TEXT = re.compile(r"\b(?:mirror|crossref)\b(?= has no record| search returned)")


def _comparable(report_json: str, *, nearest_miss: bool = True) -> dict[str, Any]:
    doc = json.loads(_SOURCE_IN_TEXT.sub("<source>", report_json))
    doc.pop("sources"), doc.pop("notes")
    for ref in doc["references"]:
        match = ref["match"] or {}
        if not nearest_miss and ref["status"] == "not_found":
            match.pop("candidates", None), match.pop("reason", None)
            ref["findings"] = [{"code": f["code"], "source": f["source"]} for f in ref["findings"]]
        match.pop("source", None)
        for cand in [*match.get("candidates", []), *match.get("other", {}).values()]:
            cand.pop("score", None)
        for finding in ref["findings"]:
            finding.pop("source")
    for finding in doc["findings"]:
        finding.pop("source")
    return doc


@pytest.fixture(scope="module")
def crossref_mirror(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A mirror of exactly the records FakeCrossref serves (records.jsonl.gz, nothing else)."""
    db = tmp_path_factory.mktemp("crossref-mirror") / "mirror.sqlite"
    # It holds all that the fake registry holds: declared complete, so absences are verdicts there too.
    build_mirror([CROSSREF_RECORDS], db, declared=Declared.parse(["crossref"]))
    return db


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.exists()], ids=lambda p: p.name)
def test_crossref_mirror_equals_live_crossref(tmp_path: Path, crossref_mirror: Path, example: Path) -> None:
    with FakeCrossref() as crossref:
        live = Settings(crossref_url=crossref.url, sources=("crossref",), cache_dir=tmp_path / "live",
                        mailto="tests@example.org", timeout=5.0, max_retries=1)
        live_report = check_path(str(example), live)
    mirrored = Settings(sources=("mirror",), mirror_path=crossref_mirror, cache_dir=tmp_path / "mirror")
    mirror_report = check_path(str(example), mirrored)

    assert mirror_report.sources == ["mirror"] and live_report.sources == ["crossref"]
    assert any(r.match.work is not None for r in live_report.references)  # a real comparison
    assert (_comparable(render([mirror_report], "json"), nearest_miss=False)
            == _comparable(render([live_report], "json"), nearest_miss=False))


@pytest.fixture(scope="module")
def served_mirror(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A mirror of what FakeCrossref + FakeEutils serve: records.jsonl.gz and ncbi/pubmed-xml/."""
    db = tmp_path_factory.mktemp("served-mirror") / "mirror.sqlite"
    build_mirror([CROSSREF_RECORDS, shared_data / "ncbi" / "pubmed-xml"], db,
                 declared=Declared.parse(["crossref", "pubmed"]))
    return db


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.exists()], ids=lambda p: p.name)
def test_full_mirror_equals_live_crossref_and_pubmed(
    tmp_path: Path, served_mirror: Path, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both registries: the mirror's Crossref view + PubMed view against FakeCrossref + FakeEutils."""
    with FakeCrossref() as crossref, FakeEutils() as eutils:
        live = Settings(crossref_url=crossref.url, eutils_url=eutils.url, sources=("crossref", "pubmed"),
                        cache_dir=tmp_path / "live", mailto="tests@example.org", timeout=5.0, max_retries=1)
        live_report = check_path(str(example), live)

    import refcheck.sources

    monkeypatch.setattr(refcheck.sources, "open_sources",
                        lambda settings, project_dir: (mirror_sources(served_mirror), ["local mirror"]))
    mirror_report = check_path(str(example), Settings(sources=("crossref", "pubmed")))
    assert _comparable(render([mirror_report], "json")) == _comparable(render([live_report], "json"))


def test_records_file_is_what_the_fake_serves(shared_data: Path) -> None:
    """Guard for the premise above: FakeCrossref's default corpus is records.jsonl.gz."""
    with gzip.open(CROSSREF_RECORDS, "rt") as fh:
        dois = {json.loads(line)["DOI"].lower() for line in fh}
    with FakeCrossref() as crossref:
        assert {d.lower() for d in crossref.records} == dois
