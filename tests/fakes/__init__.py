"""Fakes and generators for the tests and the benchmarks (never installed with the package).

Registries (real HTTP on 127.0.0.1, see :mod:`tests.fakes.server` for faults and the request log):
:mod:`~tests.fakes.crossref` (``FakeCrossref``, BM25 search in :mod:`~tests.fakes.search`) and
:mod:`~tests.fakes.eutils` (``FakeEutils``), serving the recorded data that
:mod:`~tests.fakes.data` reads from the shared data directory (:mod:`tests.shared`);
:mod:`~tests.fakes.outage` (refused ports, a black hole) and :mod:`~tests.fakes.hostile`
(huge, endless, dripping, redirecting answers).

Generators: :mod:`~tests.fakes.lookalikes` (preprints, notices, replies, reprints, namesakes of a
record), :mod:`~tests.fakes.manuscripts` (Markdown papers citing registry records) and
:mod:`~tests.fakes.bombs` (small files that inflate to huge ones).

Benchmarks run as ``python bench/<name>.py`` import these after ``bench/_repo.py`` has put the
repository root on ``sys.path``.
"""
