"""One DOI look-up against a hostile fake registry: how it ends, how long, how much memory.

    /usr/bin/time -f "%e s wall %M KB peak" python bench/hostile_registry_bench.py huge|endless|html|truncated|redirect

``tests/fakes/hostile.py``'s ``HostileServer`` (a 200 MB body for ``huge``) in front of a
``CrossrefSource`` with its default limits and retries; prints the "unchecked" reason, the time
and the number of requests the server saw.
"""

from __future__ import annotations

import sys
import time

import _repo  # noqa: F401  (puts the repository root on sys.path)

from refcheck.errors import SourceUnavailable
from refcheck.sources.crossref import CrossrefSource
from tests.fakes.hostile import HostileServer


def main(mode: str) -> None:
    with HostileServer(mode, size=200 * 1024 * 1024) as bad:
        source = CrossrefSource(bad.url, backoff_base=0.01, check_agency=False, limits=(1000.0, 1000.0, 3))
        start = time.perf_counter()
        try:
            source.get_doi("10.1000/x")
            print(mode, "answered (unexpected)")
        except SourceUnavailable as exc:
            print(f"{mode}: unchecked: {exc.reason}; {time.perf_counter() - start:.1f} s, {bad.hits} requests")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "huge")
