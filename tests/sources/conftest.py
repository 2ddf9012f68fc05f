"""Fixtures for registry-client tests: local fakes only, never the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refcheck.sources.cache import Cache
from refcheck.sources.crossref import CrossrefSource
from refcheck.sources.pubmed import PubMedSource
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils


@pytest.fixture(scope="session")
def crossref_fake(shared_data: Path) -> Iterator[FakeCrossref]:
    with FakeCrossref() as fake:
        yield fake


@pytest.fixture(scope="session")
def eutils_fake(shared_data: Path) -> Iterator[FakeEutils]:
    with FakeEutils() as fake:
        yield fake


@pytest.fixture
def crossref(crossref_fake: FakeCrossref) -> Iterator[CrossrefSource]:
    """A client on the shared fake, with tiny backoff so retry tests stay fast."""
    crossref_fake.reset()
    source = CrossrefSource(crossref_fake.url, mailto="test@example.org", backoff_base=0.001, timeout=2.0,
                            limits=(1000.0, 1000.0, 3))
    yield source
    source.close()


@pytest.fixture
def pubmed(eutils_fake: FakeEutils) -> Iterator[PubMedSource]:
    eutils_fake.reset()
    source = PubMedSource(eutils_fake.url, email="test@example.org", backoff_base=0.001, timeout=2.0, rate=1000.0)
    yield source
    source.close()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    store = Cache(tmp_path / "cache")
    yield store
    store.close()
