"""JSON for the mirror's hot paths: ``orjson`` where it is exact, the stdlib where it is not.

Ingest parses every Crossref record once and re-serialises the ~20 % that carry a deposited
reference list or an abstract; reading converts each stored record again. ``orjson`` does both
several times faster than :mod:`json`, but it is not a drop-in replacement, and a mirror must
hold what the registry said:

* ``orjson.loads`` turns an integer beyond 64 bits into a *float* (silently), and refuses
  ``NaN``/``Infinity``, a lone surrogate escape (``"\\ud800"``), a BOM or UTF-16 input — all of
  which :func:`json.loads` accepts. A record with a run of 19+ digits (the only way to write
  such an integer) or that ``orjson`` refuses is parsed by :mod:`json` instead, so both give
  the same Python values for every input; invalid JSON still raises ``json.JSONDecodeError``
  (``orjson.JSONDecodeError`` is a subclass) or ``UnicodeDecodeError``, as before.
* ``orjson.dumps`` refuses integers beyond 64 bits and lone surrogates (``TypeError``) and writes
  ``NaN``/``Infinity`` as ``null``: those records go through :mod:`json` as well. Otherwise it
  writes the same compact UTF-8 as ``json.dumps(ensure_ascii=False, separators=(",", ":"))``
  except for float spelling (``0.00001`` for ``1e-05``), which parses back to the same value.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import orjson

# Digits -> "0", everything else unchanged: a run of 19 zeros after translation is a run of
# 19+ digits, i.e. a number orjson might not hold exactly (i64 min has 19 digits). Checking
# with bytes.translate + `in` costs ~1 µs per record, a regex ~13 µs.
_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG = b"0" * 19
# A null *value* (not the word inside a string): the only place orjson may have put a NaN.
_NULL_VALUE = re.compile(rb"[:,\[]null[,\]}]")


def parse(data: bytes | str) -> tuple[Any, bool]:
    """``(value, exact)``: the value :func:`json.loads` would give, and whether orjson read it
    (then it holds no NaN/Infinity and no integer beyond 64 bits, so :func:`dumps` may write
    it back with orjson without looking for them). Raises what :func:`json.loads` raises."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if _LONG not in raw.translate(_DIGITS):
        try:
            return orjson.loads(data), True
        except orjson.JSONDecodeError:
            pass  # NaN, lone surrogates, BOM/UTF-16...: let json decide (and raise if invalid)
    return json.loads(data), False


def loads(data: bytes | str) -> Any:
    """Parse one JSON document exactly as :func:`json.loads` would, usually ~2x faster."""
    return parse(data)[0]


def dumps(obj: Any, *, exact: bool = False) -> bytes:
    """Compact UTF-8 JSON of ``obj`` (what the mirror stores), via orjson when it is lossless.

    ``exact``: ``obj`` comes from a :func:`parse` that said so (skips the NaN check, which
    walks the whole object when the output holds a ``null`` value)."""
    try:
        out = orjson.dumps(obj)
    except TypeError:  # integer beyond 64 bits, lone surrogate, non-str key
        return _stdlib_dumps(obj)
    if not exact and b"null" in out and _NULL_VALUE.search(out) and _has_non_finite(obj):
        return _stdlib_dumps(obj)
    return out


def _stdlib_dumps(obj: Any) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: keep it as a \\ud800 escape, which round-trips
        return json.dumps(obj, separators=(",", ":")).encode("ascii")


def _has_non_finite(obj: Any) -> bool:
    """Whether ``obj`` holds a NaN or infinite float (which orjson would write as ``null``)."""
    if isinstance(obj, float):
        return not math.isfinite(obj)
    if isinstance(obj, dict):
        return any(_has_non_finite(v) for v in obj.values())
    if isinstance(obj, list | tuple):
        return any(_has_non_finite(v) for v in obj)
    return False
