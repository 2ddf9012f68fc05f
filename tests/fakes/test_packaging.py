"""The fakes stay test code: the installed package neither ships nor imports anything under tests/.

The fake registries once lived in ``refcheck/testing`` and resolved ``../shared/data`` from the
source tree, which an installed copy does not have; these checks keep them out.
"""

from __future__ import annotations

import ast
import sys
from fnmatch import fnmatchcase
from pathlib import Path

from tests.shared import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def _imported_modules(path: Path) -> set[str]:
    """Absolute module names a source file imports (relative imports stay inside refcheck)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_installed_packages_hold_no_test_code() -> None:
    """The top-level packages ``[tool.setuptools.packages.find]`` selects (setuptools matches names
    with fnmatch) are refcheck alone, and refcheck has no test-helper subpackage any more."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    top = [d.name for d in REPO.iterdir() if (d / "__init__.py").is_file()]
    shipped = [name for name in top if any(fnmatchcase(name, pat) for pat in find.get("include", ["*"]))
               and not any(fnmatchcase(name, pat) for pat in find.get("exclude", []))]
    assert "tests" in top and shipped == ["refcheck"]
    assert not (REPO / "refcheck" / "testing").exists()


def test_package_imports_no_test_code() -> None:
    offenders = [f"{path.relative_to(REPO)}: {module}" for path in sorted((REPO / "refcheck").rglob("*.py"))
                 for module in sorted(_imported_modules(path)) if module.split(".")[0] == "tests"]
    assert not offenders
