"""The mirror is a data store the sources read, never the reverse: nothing under
``refcheck/mirror/`` imports ``refcheck.sources`` (the mirror's Source lives in
``refcheck.sources.mirror``), so building a mirror never loads the live clients."""

from __future__ import annotations

import ast
from pathlib import Path

import refcheck

MIRROR = Path(refcheck.__file__).parent / "mirror"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_mirror_does_not_import_sources() -> None:
    offenders = {p.name: sorted(m for m in _imports(p) if m.startswith("refcheck.sources"))
                 for p in MIRROR.glob("*.py")}
    assert not {name: mods for name, mods in offenders.items() if mods}
