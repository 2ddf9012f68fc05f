"""Streaming readers for every record layout the mirror ingests.

Each reader yields :class:`RawRecord` (one work: its stored payload and index fields) or
:class:`Skipped` (a file, or a record, that is not a work record, with the reason) and never
holds more than one file's worth of records — JSON-lines and XML are read record by record,
so memory stays bounded whatever the size of the input.

Layouts (sniffed from content, not trusted from names):

* Crossref public data file: ``*.json.gz`` holding ``{"items": [...]}`` (one chunk, ~5,000 works);
* JSON-lines (``.jsonl``/``.jsonl.gz``/``.ndjson``): one work ``message`` or one envelope per line;
* ``/works/{doi}`` envelopes, bare ``message`` objects, and ``work-list`` responses (their items);
* PubMed XML (``PubmedArticleSet``: efetch output or annual baseline files, plain or gzip, and
  bare ``<PubmedArticle>`` fragments), parsed with ``iterparse`` on the stream;
* MEDLINE text (``.txt``/``.nbib`` starting with ``PMID-``), translated to PubMed XML.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml.ElementTree import iterparse

from refcheck.formats.medline import looks_like_medline, medline_records
from refcheck.mirror.jsonio import dumps, parse
from refcheck.mirror.keys import IndexFields, crossref_fields, pubmed_fields

# Heavy fields no check reads (deposited reference lists, abstracts): dropped before storage,
# as biblio-glutton does, because they are most of a record's bytes.
CROSSREF_DROP = ("reference", "abstract")
PUBMED_DROP = ("MedlineCitation/Article/Abstract", "MedlineCitation/OtherAbstract", "PubmedData/ReferenceList",
               "BookDocument/Abstract", "PubmedBookData/ReferenceList")
PUBMED_ROOTS = {"PubmedArticleSet", "PubmedArticle", "PubmedBookArticle"}
PUBMED_RECORDS = {"PubmedArticle", "PubmedBookArticle"}


@dataclass(slots=True)
class RawRecord:
    """One work as it will be stored: ``payload`` is the record's JSON or XML (UTF-8)."""

    fields: IndexFields
    payload: bytes
    path: str


@dataclass(slots=True)
class Skipped:
    """Something that was not ingested, and why (shown by ``refcheck mirror build``)."""

    path: str
    reason: str
    records: int = 0  # number of records skipped when the skip is inside a file


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every regular file under ``paths`` (directories walked in sorted order, dot-files skipped)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


@contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    """The file's bytes, gunzipped when it is gzip (sniffed by magic number, not by name)."""
    with path.open("rb") as raw:
        if raw.peek(2)[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            yield raw


def _is_medline(path: Path) -> bool:
    with _open(path) as fh:
        head = fh.read(256)
    return looks_like_medline(head.decode("utf-8", "replace"))


def _base_suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def read_path(path: Path) -> Iterator[RawRecord | Skipped]:
    """Records in one file, chosen by its layout; unrecognised files yield one Skipped."""
    suffix = _base_suffix(path)
    try:
        if suffix in {"jsonl", "ndjson"}:
            yield from _read_jsonl(path)
        elif suffix == "json":
            yield from _read_json(path)
        elif suffix == "xml":
            yield from _read_pubmed_xml(path)
        elif suffix in {"txt", "nbib", "medline"} and _is_medline(path):
            yield from _read_medline(path)
        else:
            yield Skipped(str(path), f"not a record file (.{suffix or 'no extension'})")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Skipped(str(path), f"unreadable: {exc}")


# ---- Crossref JSON ----------------------------------------------------------------------------


def crossref_record(message: dict[str, Any], path: str, raw: bytes | None = None, *,
                    exact: bool = False) -> RawRecord | Skipped:
    """A stored Crossref record from a ``message``; ``raw`` is reused when nothing is dropped.

    ``exact``: the message was read by orjson (see :func:`refcheck.mirror.jsonio.parse`)."""
    if not isinstance(message.get("DOI"), str):
        return Skipped(path, "item without DOI", 1)
    if not isinstance(message.get("type"), str):
        # `select=DOI,title` work-list items: too partial to check anything against.
        return Skipped(path, "partial item (no type; a select= response)", 1)
    fields = crossref_fields(message)
    # A search hit's relevance `score` is not part of the record (live /works/{doi} has none).
    if raw is None or any(k in message for k in CROSSREF_DROP) or message.get("score") is not None:
        slim = {k: v for k, v in message.items()
                if k not in CROSSREF_DROP and not (k == "score" and v is not None)}
        raw = dumps(slim, exact=exact)
    return RawRecord(fields, raw, path)


def _messages(doc: Any) -> tuple[list[Any] | None, str | None]:
    """The work messages inside one parsed JSON document, or the reason it holds none."""
    if isinstance(doc, dict):
        kind = doc.get("message-type")
        if kind == "work" and isinstance(doc.get("message"), dict):
            return [doc["message"]], None
        if kind == "work-list" and isinstance(doc.get("message"), dict):
            return list(doc["message"].get("items") or []), None
        if kind is not None:
            return None, f"Crossref {kind!r} response, not work records"
        if isinstance(doc.get("items"), list):  # public data file chunk
            return doc["items"], None
        if "DOI" in doc and ("title" in doc or "type" in doc):
            if isinstance(doc.get("title"), str):
                return None, "CSL-JSON, not a Crossref work record"
            return [doc], None
        return None, "JSON without Crossref work records"
    return None, "JSON without Crossref work records"


def _read_json(path: Path) -> Iterator[RawRecord | Skipped]:
    """A whole-document JSON file (data-file chunk, envelope, bare message)."""
    with _open(path) as fh:
        data = fh.read()
    try:
        doc, exact = parse(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        # e.g. a two-line JSON-lines file named .json
        yield from _read_jsonl(path)
        return
    messages, reason = _messages(doc)
    if messages is None:
        yield Skipped(str(path), reason or "no records")
        return
    for message in messages:
        yield crossref_record(message, str(path), exact=exact) if isinstance(message, dict) else Skipped(
            str(path), "item is not an object", 1)


JSONL_BLOCK = 2 << 20  # bytes of whole lines per block (~1,200 Crossref records)


def jsonl_blocks(path: Path, size: int | None = None) -> Iterator[bytes]:
    """A JSON-lines file, gunzipped, in blocks of whole lines (what parallel ingest hands to
    its workers). Cutting at the last newline of a big read, instead of iterating lines, keeps
    the single writer's share of the work to the gunzip; a line longer than ``size`` is
    carried over until it is complete, so memory is bounded by ``size`` plus the longest line."""
    size = size or JSONL_BLOCK
    with _open(path) as fh:
        pending: list[bytes] = []  # the start of a line not yet complete (joined once: linear)
        while True:
            data = fh.read(size)
            if not data:
                break
            cut = data.rfind(b"\n") + 1
            if not cut:
                pending.append(data)
                continue
            if pending:
                pending.append(data[:cut])
                yield b"".join(pending)
                pending = []
            else:
                yield data[:cut] if cut < len(data) else data
            if cut < len(data):
                pending.append(data[cut:])
        if pending:
            yield b"".join(pending)


def jsonl_chunks(path: Path, size: int | None = None) -> Iterator[list[bytes]]:
    """The lines of :func:`jsonl_blocks`, block by block."""
    for block in jsonl_blocks(path, size):
        yield block.split(b"\n")


def records_from_lines(lines: Iterable[bytes], path: str) -> Iterator[RawRecord | Skipped]:
    """One JSON value per line, each a work message or an envelope; bad lines are counted."""
    bad = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            doc, exact = parse(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            bad += 1
            continue
        if isinstance(doc, dict) and "message-type" not in doc and "DOI" in doc:
            yield crossref_record(doc, path, line, exact=exact)
            continue
        messages, reason = _messages(doc)
        if messages is None:
            yield Skipped(path, reason or "no records", 1)
            continue
        for message in messages:
            if isinstance(message, dict):
                yield crossref_record(message, path, exact=exact)
    if bad:
        yield Skipped(path, "lines that are not JSON", bad)


def _read_jsonl(path: Path) -> Iterator[RawRecord | Skipped]:
    for chunk in jsonl_chunks(path):
        yield from records_from_lines(chunk, str(path))


# ---- PubMed XML -------------------------------------------------------------------------------


def _slim_pubmed(elem: Element) -> None:
    """Drop abstracts and reference lists in place (see ``PUBMED_DROP``)."""
    for path in PUBMED_DROP:
        parent_path, _, tag = path.rpartition("/")
        parent = elem.find(parent_path) if parent_path else elem
        if parent is not None:
            for child in parent.findall(tag):
                parent.remove(child)


def _read_pubmed_xml(path: Path) -> Iterator[RawRecord | Skipped]:
    """``PubmedArticleSet`` records streamed with iterparse; other XML is skipped."""
    root: Element | None = None
    without_pmid = 0
    with _open(path) as fh:
        try:
            for event, elem in iterparse(fh, events=("start", "end")):
                if root is None:
                    root = elem
                    if elem.tag not in PUBMED_ROOTS:
                        yield Skipped(str(path), f"XML <{elem.tag}> is not PubMed records")
                        return
                    continue
                if event != "end" or elem.tag not in PUBMED_RECORDS:
                    continue
                record = _pubmed_record(elem, str(path))
                if record is None:
                    without_pmid += 1
                else:
                    yield record
                if root is not elem and len(root) and root[-1] is elem:
                    root.remove(elem)  # keep memory bounded on baseline files
        except ParseError as exc:
            yield Skipped(str(path), f"XML error: {exc}")
        except LookupError as exc:  # the declaration names an encoding Python does not know
            yield Skipped(str(path), f"XML error: {str(exc)[:80]}")
    if without_pmid:
        yield Skipped(str(path), "PubMed records without PMID", without_pmid)


def _read_medline(path: Path) -> Iterator[RawRecord | Skipped]:
    """MEDLINE text records, translated to PubMed XML (see :mod:`refcheck.mirror.medline`)."""
    from refcheck.mirror.medline import medline_to_xml

    skipped = 0
    with _open(path) as fh:
        lines = io.TextIOWrapper(fh, encoding="utf-8", errors="replace")
        for fields in medline_records(lines):
            elem = medline_to_xml(fields)
            record = _pubmed_record(elem, str(path)) if elem is not None else None
            if record is None:
                skipped += 1
            else:
                yield record
    if skipped:
        yield Skipped(str(path), "MEDLINE book records or records without PMID", skipped)


def _pubmed_record(elem: Element, path: str) -> RawRecord | None:
    fields = pubmed_fields(elem)
    if not fields.pmid:
        return None
    _slim_pubmed(elem)
    elem.tail = None
    return RawRecord(fields, tostring(elem, encoding="unicode").encode("utf-8"), path)
