"""Building a mirror: mixed layouts, upserts, info counts, parallel ingest."""

from __future__ import annotations

import copy
import gzip
import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from refcheck.mirror.build import build_mirror, mirror_info
from refcheck.mirror.db import MirrorError, connect
from refcheck.model import Author, Citation
from refcheck.sources.mirror import MirrorSource


def _corpus(tmp_path: Path, records: list[dict], pubmed_dir: Path) -> Path:
    """A directory holding each layout: a data-file chunk, JSON-lines, an envelope, PubMed XML."""
    root = tmp_path / "corpus"
    (root / "chunks").mkdir(parents=True)
    (root / "chunks" / "0.json.gz").write_bytes(gzip.compress(json.dumps({"items": records[:30]}).encode()))
    (root / "records.jsonl").write_text("".join(json.dumps(m) + "\n" for m in records[30:60]))
    envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": records[60]}
    (root / "work.envelope.json").write_text(json.dumps(envelope))
    shutil.copy(pubmed_dir / "baseline-style_pmid-729652_4-records.xml.gz", root)
    shutil.copy(pubmed_dir / "pmid-11618220.xml", root)
    (root / "notes.txt").write_text("not records")
    return root


def _rows(db: Path) -> set[tuple]:
    conn = sqlite3.connect(db)
    try:
        return set(conn.execute("SELECT source, doi, pmid, year, volume, first_page, data FROM works"))
    finally:
        conn.close()


def test_build_all_layouts_and_info(tmp_path: Path, crossref_records: list[dict], pubmed_dir: Path) -> None:
    db = tmp_path / "m.sqlite"
    stats = build_mirror([_corpus(tmp_path, crossref_records, pubmed_dir)], db)
    assert (stats.inserted, stats.updated) == (61 + 5, 0)
    assert "not a record file (.txt)" in stats.skipped
    info = mirror_info(db)
    assert info["by_source"] == {"crossref": 61, "pubmed": 5}
    assert info["by_type"]["crossref"] == dict(Counter(m["type"] for m in crossref_records[:61]))
    assert info["records"] == 66 and info["size_bytes"] > 0 and info["built"]
    assert info["builds"][0]["paths"] == [str(tmp_path / "corpus")]


def test_rebuild_is_an_upsert(tmp_path: Path, crossref_records: list[dict], pubmed_dir: Path) -> None:
    corpus = _corpus(tmp_path, crossref_records, pubmed_dir)
    db = tmp_path / "m.sqlite"
    build_mirror([corpus], db)
    before = _rows(db)
    again = build_mirror([corpus], db)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 66)
    assert _rows(db) == before
    assert len(mirror_info(db)["builds"]) == 2


def test_newer_copy_replaces_record_and_its_index_entry(tmp_path: Path, crossref_records: list[dict]) -> None:
    original = next(m for m in crossref_records if m.get("type") == "journal-article" and m.get("author"))
    db = tmp_path / "m.sqlite"
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps(original) + "\n" + json.dumps(crossref_records[5]) + "\n")
    build_mirror([first], db)

    newer = copy.deepcopy(original)
    newer["title"] = ["Quintessential zymography of xerodermic keratinocytes"]
    newer["indexed"] = {"timestamp": original["indexed"]["timestamp"] + 1}
    older = copy.deepcopy(original)
    older["title"] = ["An outdated title nobody should see"]
    older["indexed"] = {"timestamp": 1}
    update = tmp_path / "b.jsonl"
    update.write_text(json.dumps(newer) + "\n" + json.dumps(older) + "\n")
    stats = build_mirror([update], db)
    assert (stats.inserted, stats.updated) == (0, 1)

    source = MirrorSource(db)
    try:
        assert source.get_doi(original["DOI"]).title == newer["title"][0]
        found = source.search(Citation(text="", title="zymography xerodermic keratinocytes"))
        assert [w.doi for w in found][:1] == [original["DOI"].lower()]
        stale = source.search(Citation(text="", title=original["title"][0]))
        assert all(w.title != original["title"][0] for w in stale)
        assert not source.search(Citation(text="", title="outdated title nobody should see"))
    finally:
        source.close()


def test_duplicates_within_one_build_keep_the_newest(tmp_path: Path, crossref_records: list[dict]) -> None:
    record = crossref_records[100]
    newer = dict(record, volume="999", indexed={"timestamp": (record.get("indexed") or {}).get("timestamp", 0) + 5})
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps(newer) + "\n" + json.dumps(record) + "\n")
    db = tmp_path / "m.sqlite"
    stats = build_mirror([path], db)
    assert (stats.inserted, stats.unchanged) == (1, 1)
    source = MirrorSource(db)
    assert source.get_doi(record["DOI"]).volume == "999"
    source.close()


def test_parallel_build_stores_the_same_rows(tmp_path: Path, crossref_records: list[dict],
                                              pubmed_dir: Path) -> None:
    corpus = _corpus(tmp_path, crossref_records, pubmed_dir)
    big = corpus / "more.jsonl.gz"
    big.write_bytes(gzip.compress("".join(json.dumps(m) + "\n" for m in crossref_records[100:4500]).encode()))
    serial, parallel = tmp_path / "s.sqlite", tmp_path / "p.sqlite"
    build_mirror([corpus], serial, workers=1)
    stats = build_mirror([corpus], parallel, workers=2)
    assert stats.inserted == 66 + 4400
    assert _rows(serial) == _rows(parallel)


def test_not_a_mirror_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "x.sqlite"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(MirrorError):
        connect(bogus, readonly=True)
    with pytest.raises(MirrorError):
        mirror_info(tmp_path / "missing.sqlite")


def test_search_on_the_shared_mirror_uses_authors(shared_mirror: Path) -> None:
    source = MirrorSource(shared_mirror)
    try:
        hits = source.search(Citation(text="", title="Hemochromatosis and the skin",
                                      authors=[Author(family="Cawley", initials="EP")], year=1969))
        assert hits[0].doi == "10.1001/archderm.100.1.1"
        assert hits[0].source == "crossref" and hits[0].score and hits[0].score > 0
    finally:
        source.close()


def test_pubmed_upsert_keeps_the_latest_revision(tmp_path: Path, shared_data: Path) -> None:
    """Two MEDLINE copies of PMID 9500320: the 2024 revision (with its expression of concern)
    wins over the 2021 one, whichever order they are read in."""
    medline = shared_data / "ncbi" / "medline"
    newer = next(medline.glob("pmid-9500320_*newer-version*"))
    older = next(p for p in medline.glob("pmid-9500320_*") if p != newer)
    for order in ((older, newer), (newer, older)):
        db = tmp_path / f"{order[0].stem[:20]}.sqlite"
        for path in order:
            build_mirror([path], db)
        source = MirrorSource(db)
        try:
            work = source.get_pmid("9500320")
            assert work is not None and "expression_of_concern" in {u.kind for u in work.updates}
        finally:
            source.close()


def test_index_format_change_rebuilds_the_fts(tmp_path: Path, crossref_records: list[dict]) -> None:
    from refcheck.mirror.db import set_meta
    from refcheck.mirror.store import MirrorWriter

    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(m) + "\n" for m in crossref_records[:300]))
    db = tmp_path / "m.sqlite"
    build_mirror([path], db)
    conn = sqlite3.connect(db)
    with conn:
        set_meta(conn, "index_version", -1)
        conn.execute("INSERT INTO works_fts(works_fts) VALUES ('delete-all')")  # a stale index
    conn.close()
    MirrorWriter(db).close(["-"])  # opening for writing notices the version and re-indexes
    target = next(m for m in crossref_records[:300] if m.get("title") and len(m["title"][0].split()) > 3)
    source = MirrorSource(db)
    try:
        hits = source.search(Citation(text="", title=target["title"][0]))
        assert target["DOI"].lower() in {w.doi for w in hits}
    finally:
        source.close()


def test_broken_files_are_reported_not_fatal(tmp_path: Path, crossref_records: list[dict]) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    good = gzip.compress("".join(json.dumps(m) + "\n" for m in crossref_records[:50]).encode())
    (corpus / "a-truncated.jsonl.gz").write_bytes(good[: len(good) // 2])
    (corpus / "b-bad.json.gz").write_bytes(b"\x1f\x8b" + b"garbage" * 20)
    (corpus / "c-good.jsonl.gz").write_bytes(good)
    stats = build_mirror([corpus], tmp_path / "m.sqlite")
    assert stats.inserted >= 50
    unreadable = [r for r in stats.skipped if r.startswith("unreadable")]
    assert sum(len(stats.skipped[r]) for r in unreadable) == 2


def _versions(record: dict, stamps: list[int], volume_of: dict[int, str]) -> list[dict]:
    base = (record.get("indexed") or {}).get("timestamp", 0)
    return [dict(record, volume=volume_of.get(s, record.get("volume")), indexed={"timestamp": base + s})
            for s in stamps]


def test_bulk_load_stores_what_the_upsert_path_stores(tmp_path: Path, crossref_records: list[dict],
                                                      pubmed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build skips the per-record probe; copies of one DOI spread over files and
    batches must still end as the upsert leaves them: the newest copy's content, in the first
    copy's place (row ids may have gaps where copies were merged; their order is the same)."""
    corpus = _corpus(tmp_path, crossref_records, pubmed_dir)
    a, b = crossref_records[200], crossref_records[201]
    (corpus / "dups-1.jsonl").write_text("".join(
        json.dumps(m) + "\n" for m in [*_versions(a, [3], {3: "333"}), *crossref_records[300:400],
                                       *_versions(b, [0], {})]))
    (corpus / "dups-2.jsonl").write_text("".join(
        json.dumps(m) + "\n" for m in [*_versions(a, [7, 1], {7: "777", 1: "111"}), *_versions(b, [0], {})]))
    shutil.copy(pubmed_dir / "baseline-style_pmid-729652_4-records.xml.gz", corpus / "again.xml.gz")
    results = {}
    import refcheck.mirror.build as build_module
    import refcheck.mirror.readers as readers_module

    for bulk, workers, whole_files in ((True, 1, True), (True, 2, True), (True, 2, False), (False, 1, True)):
        # whole_files=False: JSON-lines "too big" for whole-file workers, so the writer cuts them
        # into blocks of lines — here blocks of 8 KB, so that the copies of one DOI land in
        # different blocks and lines longer than a block are carried over whole
        monkeypatch.setattr(build_module, "FILE_PATH_MAX_BYTES", 16 << 20 if whole_files else 0)
        monkeypatch.setattr(readers_module, "JSONL_BLOCK", (2 << 20) if whole_files else 8192)
        db = tmp_path / f"{bulk}-{workers}-{whole_files}.sqlite"
        stats = build_mirror([corpus], db, workers=workers, bulk=bulk)
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT source, doi, pmid, type, year, volume, first_page, indexed, data "
                            "FROM works ORDER BY id").fetchall()
        hits = conn.execute("SELECT w.source, w.doi, w.pmid FROM works_fts f JOIN works w ON w.id = f.rowid "
                            "WHERE works_fts MATCH ? ORDER BY rank", (a["title"][0].split()[0],)).fetchall()
        leftover = conn.execute("SELECT count(*) FROM meta WHERE key='bulk_load'").fetchone()[0]
        conn.close()
        assert leftover == 0
        results[(bulk, workers, whole_files)] = (rows, hits, stats.inserted, stats.records)
    first, *others = results.values()
    assert first[1] and all(other == first for other in others)
    source = MirrorSource(tmp_path / "True-2-True.sqlite")
    try:
        assert source.get_doi(a["DOI"]).volume == "777"
    finally:
        source.close()


def test_interrupted_bulk_load_is_refused(tmp_path: Path, crossref_records: list[dict]) -> None:
    from refcheck.mirror.db import set_meta
    from refcheck.mirror.store import MirrorWriter

    db = tmp_path / "m.sqlite"
    writer = MirrorWriter(db)
    assert writer.bulk
    set_meta(writer.conn, "bulk_load", 1)
    writer.conn.commit()
    writer.conn.close()  # as if the process had been killed mid-load
    with pytest.raises(MirrorError, match="interrupted"):
        build_mirror([tmp_path / "none"], db)
