"""Limits on what an input may expand into: decompressed size, nesting depth, entry size.

A small file can stand for a huge one: a 746 KB .docx held a 200 MB ``document.xml`` (2 GB of
memory), a PDF a 1 GB Flate stream, a CSL-JSON file 100,000 nested arrays (RecursionError, exit
70) (issue #17). These checks run *before* the expensive step, in linear time, and end in one
:class:`~refcheck.errors.InputError` line (exit 2). The caps sit far above real manuscripts:
the largest .docx in the test corpus inflates to a few MB, and CSL-JSON is 4-5 levels deep.
"""

from __future__ import annotations

import io
import zipfile

from refcheck.errors import InputError

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024  # all members of a .docx together (images included), as declared
MAX_XML_PART_BYTES = 32 * 1024 * 1024  # one XML part: lxml needs ~10x its size in memory
MAX_ZIP_MEMBERS = 10_000
MAX_JSON_DEPTH = 200


def check_zip(data: bytes, what: str = "the package") -> None:
    """Refuse a zip package whose members would inflate past the caps (:data:`MAX_XML_PART_BYTES`
    for one XML part, :data:`MAX_UNZIPPED_BYTES` for all).

    The declared sizes are what zipfile enforces when reading (a member cannot yield more than
    its declared size), so checking them is enough and costs no decompression.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
        return  # not a zip (or one zipfile cannot read): the format's own reader reports it
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(f"{what} has {len(infos):,} parts (the limit is {MAX_ZIP_MEMBERS:,})")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART_BYTES:
            raise InputError(f"{what} part {info.filename} would unpack to {_mb(info.file_size)} MB "
                             f"(the limit is {_mb(MAX_XML_PART_BYTES)} MB)")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(f"{what} would unpack to {_mb(total)} MB (the limit is {_mb(MAX_UNZIPPED_BYTES)} MB)")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}"


def check_json_depth(path: str, text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` (one pass; strings and escapes skipped)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                raise InputError(f"{path}: JSON nested more than {limit} levels deep")
        elif ch in "]}":
            depth -= 1
