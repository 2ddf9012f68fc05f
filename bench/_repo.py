"""Put the repository root first on ``sys.path`` for a bench run as ``python bench/<name>.py``.

Python then puts only ``bench/`` on the path, yet the benches need this checkout's ``refcheck`` and
the fake registries and generators in ``tests/fakes/`` (test code, never installed with the
package). Every bench imports this module before anything from ``refcheck`` or ``tests``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
