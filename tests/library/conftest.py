"""End-to-end fixtures for the library commands: local fake registries, never the network.

``run_cli`` invokes the real ``refcheck`` command group with click's CliRunner, pointing every
lookup at the session's :class:`FakeCrossref`/:class:`FakeEutils` and at a per-test cache
directory, so each test starts cold and no answer leaks between tests through the cache.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from refcheck.cli import main
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.shared import CROSSREF_RECORDS, DATA

UPDATES = DATA / "crossref" / "responses" / "updates"
WAKEFIELD_DOI = "10.1016/s0140-6736(97)11096-0"


def load_message(path: Path) -> dict:
    """A Crossref ``message`` from a recorded envelope or bare-message file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("message", data) if isinstance(data, dict) and "message-type" in data else data


@pytest.fixture(scope="session")
def crossref_records() -> list[dict]:
    """Every real Crossref record of the shared corpus (the fake's default corpus)."""
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def fakes(shared_data: Path) -> Iterator[tuple[FakeCrossref, FakeEutils]]:
    """One Crossref and one E-utilities fake for the whole library test session.

    The recorded Wakefield 1998 Lancet record (``updated-by`` a retraction) is added to the
    Crossref corpus, as the sync and MEDLINE tests need it.
    """
    with FakeCrossref() as cr, FakeEutils() as eu:
        wakefield = next(UPDATES.glob("retracted-article_wakefield-lancet-1998__*.json"))
        cr.add(load_message(wakefield))
        yield cr, eu


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli(fakes: tuple[FakeCrossref, FakeEutils], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``run_cli("add", "10.1/x", "--to", lib)`` -> click Result (lookup flags added for commands that look up)."""
    cr, eu = fakes
    monkeypatch.setenv("REFCHECK_NO_RATE_LIMIT", "1")
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    lookup_flags = ["--crossref-url", cr.url, "--eutils-url", eu.url, "--cache-dir", str(cache),
                    "--mailto", "test@example.org"]

    def run(*args: str, input: str | None = None, lookups: bool | None = None) -> Result:
        uses_lookups = args[0] in {"add", "import", "sync"} if lookups is None else lookups
        argv = [*args, *(lookup_flags if uses_lookups else [])]
        return CliRunner().invoke(main, argv, input=input, catch_exceptions=False)

    return run
