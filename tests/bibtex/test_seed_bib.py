"""The committed ``bib/`` files are what ``refcheck bib --no-lookup`` makes of the two seeds.

Regenerate after a parser change (from the repository root)::

    refcheck bib --no-lookup ../shared/seeds/000_0e18af264f7435a1.txt -o bib/000_0e18af264f7435a1.bib
    refcheck bib --no-lookup ../shared/seeds/004_af48595f7d95eba4.txt -o bib/004_af48595f7d95eba4.bib

The comparison ignores the header comment and whitespace/punctuation inside names and titles
(``refcheck.text.fold.key``), but not the number, order, keys, types or numeric fields.
"""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.text.fold import key
from tests.shared import REPO, SEED_000, SEED_004

EXACT = ("year", "volume", "number", "pages", "doi", "pmid", "refcheck")
FOLDED = ("author", "title", "journal", "booktitle")


def _load(text: str) -> tuple[list, list[int]]:
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    numbers = [int(n) for n in re.findall(r"^% \[(\d+)\]", text, flags=re.MULTILINE)]
    return lib.entries, numbers


@pytest.mark.parametrize(("seed", "count"), [(SEED_000, 8), (SEED_004, 19)])
def test_committed_bib_matches_regenerated(seed: Path, count: int, tmp_path: Path) -> None:
    if not seed.exists():
        pytest.skip(f"seed {seed} not available")
    committed_path = REPO / "bib" / f"{seed.stem}.bib"
    out = tmp_path / "out.bib"
    result = CliRunner().invoke(main, ["bib", "--no-lookup", str(seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    fresh, fresh_numbers = _load(out.read_text(encoding="utf-8"))
    committed, committed_numbers = _load(committed_path.read_text(encoding="utf-8"))
    hint = f"regenerate {committed_path.name}: see this test's docstring"
    assert len(committed) == count, hint
    assert committed_numbers == list(range(1, count + 1)), hint
    assert len(fresh) == len(committed) and fresh_numbers == committed_numbers, hint
    assert [e.key for e in fresh] == [e.key for e in committed], hint
    for new, old in zip(fresh, committed, strict=True):
        assert new.entry_type == old.entry_type, f"{old.key}: {hint}"
        nf = {f.key: f.value for f in new.fields}
        of = {f.key: f.value for f in old.fields}
        assert set(nf) == set(of), f"{old.key}: {hint}"
        for name in EXACT:
            assert nf.get(name) == of.get(name), f"{old.key}.{name}: {hint}"
        for name in FOLDED:
            assert key(nf.get(name, "")) == key(of.get(name, "")), f"{old.key}.{name}: {hint}"
