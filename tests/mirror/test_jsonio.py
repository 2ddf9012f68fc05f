"""orjson on the mirror's hot paths must give exactly what the stdlib json gave before."""

from __future__ import annotations

import gzip
import json
import math
import zlib
from pathlib import Path

import pytest

from refcheck.mirror.db import Codec, make_zdict
from refcheck.mirror.jsonio import dumps, loads, parse
from refcheck.mirror.readers import jsonl_blocks, records_from_lines


def _stdlib(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_real_records_parse_and_serialise_as_with_json(crossref_records: list[dict]) -> None:
    """Same values, and for every real record (slimmed as the build slims it) the same bytes."""
    for message in crossref_records:
        line = _stdlib(message)
        assert loads(line) == message
        slim = {k: v for k, v in message.items() if k not in ("reference", "abstract", "score")}
        assert dumps(slim) == _stdlib(slim)


@pytest.mark.parametrize("text", [
    '{"n": 123456789012345678901234567890}',   # beyond 64 bits: orjson would give a float
    '{"n": -9223372036854775809}',
    '{"n": 18446744073709551615, "m": [0.1, 1e-05]}',
    '{"x": NaN, "y": -Infinity, "z": 1e400}',   # accepted by json, refused by orjson
    '{"t": "lone \\ud800 surrogate"}',
    '\ufeff{"bom": true}',
    '{"a": 1, "a": 2}',
])
def test_loads_equals_json_loads_where_orjson_differs(text: str) -> None:
    for data in (text.encode("utf-8"), text):  # (json refuses a BOM in a str, not in bytes)
        assert _outcome(loads, data) == _outcome(json.loads, data)


def _outcome(parser: object, data: bytes | str) -> tuple[str, str]:
    """What a parser gives: repr of the value (NaN != NaN; an int must not pass for a float)
    or the exception type."""
    try:
        return "value", repr(parser(data))  # type: ignore[operator]
    except (ValueError, UnicodeDecodeError) as exc:
        return "error", type(exc).__name__


@pytest.mark.parametrize("data", [b"{not json", b'{"a": 1,}', b"\xff\xfe\x00", b'{"a": "\x01"}'])
def test_invalid_json_raises_as_json_does(data: bytes) -> None:
    outcome = _outcome(loads, data)
    assert outcome[0] == "error" and outcome == _outcome(json.loads, data)


def test_parse_says_when_orjson_read_it() -> None:
    assert parse(b'{"a": [1, 2.5, "x"]}') == ({"a": [1, 2.5, "x"]}, True)
    assert parse(b'{"a": 12345678901234567890123}')[1] is False
    assert parse(b'{"a": NaN}')[1] is False


@pytest.mark.parametrize("obj", [
    {"big": 2 ** 70, "neg": -(2 ** 65)},
    {"nan": math.nan, "inf": [math.inf, -math.inf]},
    {"title": ["null"], "v": None, "nested": {"x": [None, math.nan]}},
    {"s": "lone \ud800 surrogate"},
])
def test_dumps_falls_back_to_json_for_what_orjson_refuses_or_loses(obj: dict) -> None:
    """orjson raises on big ints and surrogates and writes NaN as null: the stdlib writes them."""
    out = dumps(obj)
    assert repr(json.loads(out)) == repr(obj)


def test_dumps_uses_orjson_output_when_it_is_exact() -> None:
    obj = {"title": ["Ünïcode — “quotes” \\ / \u2028"], "n": 10 ** 18, "f": 1.5, "none": None}
    assert dumps(obj) == _stdlib(obj)
    assert dumps(obj, exact=True) == _stdlib(obj)


def test_stored_record_keeps_a_big_integer(crossref_records: list[dict]) -> None:
    """A record re-serialised at ingest (it has a reference list) keeps an integer orjson would
    have turned into a float, and the read path gives it back as that integer."""
    message = dict(next(m for m in crossref_records if "reference" in m), **{"x-big": 2 ** 80})
    (record,) = list(records_from_lines([_stdlib(message)], "x"))
    stored = loads(record.payload)
    assert "reference" not in stored and stored["x-big"] == 2 ** 80 and isinstance(stored["x-big"], int)


def test_line_with_nan_is_still_ingested_and_round_trips(crossref_records: list[dict]) -> None:
    message = next(m for m in crossref_records if "reference" in m)
    line = _stdlib(message)[:-1] + b',"x-score":NaN}'
    (record,) = list(records_from_lines([line], "x"))
    assert math.isnan(loads(record.payload)["x-score"])


def test_blocks_hold_whole_lines(tmp_path: Path, crossref_records: list[dict]) -> None:
    lines = [_stdlib(m) for m in crossref_records[:300]]
    path = tmp_path / "r.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(lines)))  # no final newline
    longest = max(map(len, lines))
    for size in (1000, longest // 2, 1 << 20):  # blocks smaller than one line included
        blocks = list(jsonl_blocks(path, size))
        assert b"\n".join(blocks).replace(b"\n\n", b"\n").strip(b"\n").split(b"\n") == lines
        assert all(b.endswith(b"\n") for b in blocks[:-1])


def test_old_compression_settings_still_decompress(crossref_records: list[dict]) -> None:
    """Mirrors built before the 16 KiB window (zlib defaults) read back with today's Codec."""
    payloads = [_stdlib(m) for m in crossref_records[:50]]
    zdict = make_zdict(payloads)
    old = zlib.compressobj(1, zdict=zdict)
    blob = old.compress(payloads[-1]) + old.flush()
    codec = Codec(zdict)
    assert codec.decompress(blob) == payloads[-1]
    assert codec.decompress(codec.compress(payloads[-1])) == payloads[-1]
