"""The SQLite lookup cache: offline replay, concurrent processes, kill mid-write."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from refcheck.errors import SourceUnavailable
from refcheck.model import Citation
from refcheck.paths import default_cache_dir, project_root
from refcheck.sources.cache import Cache
from refcheck.sources.crossref import CrossrefSource
from refcheck.sources.pubmed import PubMedSource
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils

DOIS = ["10.1016/s0140-6736(97)11096-0", "10.1001/archderm.100.1.1", "10.9999/missing"]


def _crossref(fake: FakeCrossref, cache: Cache) -> CrossrefSource:
    return CrossrefSource(fake.url, cache=cache, backoff_base=0.001, limits=(1000.0, 1000.0, 3))


def test_offline_after_warm_gives_identical_results(crossref_fake: FakeCrossref, eutils_fake: FakeEutils,
                                                    tmp_path: Path) -> None:
    citation = Citation(text="Cawley EP. Hemochromatosis and the skin. Arch Dermatol. 1969;100(1):1-6.")
    warm_cache = Cache(tmp_path)
    cr, pm = _crossref(crossref_fake, warm_cache), PubMedSource(eutils_fake.url, cache=warm_cache, rate=1000.0)
    warm = ([cr.get_doi(d) for d in DOIS], cr.search(citation), pm.get_pmid("27797938"), pm.get_pmid("1"),
            pm.get_doi("10.1136/gutjnl-2016-312510"))
    cr.close()
    pm.close()
    crossref_fake.reset()
    eutils_fake.reset()
    offline = Cache(tmp_path, offline=True)
    cr, pm = CrossrefSource(crossref_fake.url, cache=offline), PubMedSource(eutils_fake.url, cache=offline)
    cold = ([cr.get_doi(d) for d in DOIS], cr.search(citation), pm.get_pmid("27797938"), pm.get_pmid("1"),
            pm.get_doi("10.1136/gutjnl-2016-312510"))
    assert cold == warm
    assert crossref_fake.count() == 0 and eutils_fake.count() == 0
    with pytest.raises(SourceUnavailable, match="offline, not in cache"):
        cr.get_doi("10.1016/s0140-6736(10)60175-4")
    with pytest.raises(SourceUnavailable, match="offline"):
        pm.get_pmid("19129924")


def test_refresh_asks_again_and_ttl_expires(crossref_fake: FakeCrossref, tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    source = _crossref(crossref_fake, cache)
    crossref_fake.reset()
    source.get_doi(DOIS[1])
    source.get_doi(DOIS[1])
    assert crossref_fake.count() == 1
    refreshing = _crossref(crossref_fake, Cache(tmp_path, refresh=True))
    refreshing.get_doi(DOIS[1])
    assert crossref_fake.count() == 2
    expired = _crossref(crossref_fake, Cache(tmp_path, record_ttl=0.0))
    time.sleep(0.01)
    expired.get_doi(DOIS[1])
    assert crossref_fake.count() == 3


def test_negative_answers_are_cached(crossref_fake: FakeCrossref, tmp_path: Path) -> None:
    source = _crossref(crossref_fake, Cache(tmp_path))
    crossref_fake.reset()
    assert source.get_doi(DOIS[2]) is None
    assert source.get_doi(DOIS[2]) is None
    assert crossref_fake.count("/works/10.9999/missing") == 2  # record + agency, once
    info = Cache(tmp_path).info()
    assert any(g["negative"] for g in info["groups"])  # type: ignore[index]


def _writer(directory: str, worker: int, count: int) -> None:
    cache = Cache(Path(directory))
    for i in range(count):
        cache.put("crossref", "work", f"{worker}-{i}", 200, (f"payload {worker} {i} " * 50).encode())
        if i % 10 == 0:
            assert cache.get("crossref", "work", f"{worker}-{i}") is not None
    cache.close()


def test_two_processes_writing_at_once_do_not_corrupt(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, 150)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = Cache(tmp_path)
    assert cache.info()["entries"] == 300
    entry = cache.get("crossref", "work", "1-149")
    assert entry is not None and entry.payload == ("payload 1 149 " * 50).encode()
    assert cache._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_KILL_SCRIPT = """
import sys
from pathlib import Path
from refcheck.sources.cache import Cache
cache = Cache(Path(sys.argv[1]))
print("ready", flush=True)
i = 0
while True:
    cache.put("crossref", "work", f"k{i}", 200, b"x" * 20000)
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_mid_write_leaves_a_usable_database(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    cache = Cache(tmp_path)
    assert cache._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    written = cache.info()["entries"]
    assert isinstance(written, int) and written > 0
    entry = cache.get("crossref", "work", "k0")
    assert entry is not None and entry.payload == b"x" * 20000
    cache.put("crossref", "work", "after", 200, b"ok")
    assert cache.get("crossref", "work", "after") is not None


def test_clear_by_source_and_all(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("crossref", "work", "a", 200, b"1")
    cache.put("pubmed", "pmid", "1", 404, None)
    assert cache.clear("pubmed") == 1
    assert cache.clear() == 1
    assert cache.info()["entries"] == 0


def test_default_cache_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFCHECK_CACHE_DIR", raising=False)
    project = tmp_path / "paper"
    (project / "chapters").mkdir(parents=True)
    (project / ".refcheck.toml").write_text("")
    assert project_root(project / "chapters") == project
    assert default_cache_dir(project / "chapters", tmp_path / "explicit") == tmp_path / "explicit"
    user = default_cache_dir(project / "chapters")
    assert user != project / "cache" and "refcheck" in str(user)
    (project / "cache").mkdir()
    assert default_cache_dir(project / "chapters") == project / "cache"
    monkeypatch.setenv("REFCHECK_CACHE_DIR", str(tmp_path / "env"))
    assert default_cache_dir(project / "chapters") == tmp_path / "env"


def test_unusable_directory_disables_cache_without_failing(tmp_path: Path) -> None:
    from refcheck.sources.cache import open_cache

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache, note = open_cache(blocker / "sub")
    assert cache is None and note and "disabled" in note


def test_corrupt_database_file_is_reported_not_fatal(tmp_path: Path) -> None:
    from refcheck.sources.cache import CACHE_FILE, open_cache

    (tmp_path / CACHE_FILE).write_bytes(b"this is not sqlite" * 100)
    cache, note = open_cache(tmp_path)
    assert cache is None and note
    with pytest.raises(sqlite3.DatabaseError):
        Cache(tmp_path)
