"""Test helpers shipped with the package: local fake Crossref / E-utilities servers.

They live in the package (not under ``tests/``) so that the test suite, the benchmarks and the
pre-commit end-to-end test can all start the same fakes. See :mod:`refcheck.testing.fake_registry`.
"""

from refcheck.testing.fake_registry import FakeCrossref, FakeEutils, FaultPlan, shared_data_dir

__all__ = ["FakeCrossref", "FakeEutils", "FaultPlan", "shared_data_dir"]
