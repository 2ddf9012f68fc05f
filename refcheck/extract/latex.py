"""LaTeX (.tex) input: ``thebibliography`` lists and the ``.bib`` files a document names.

Two ways a LaTeX manuscript carries its references:

* a hand-written (or pasted ``.bbl``) ``thebibliography`` with ``\\bibitem{key}`` entries; the
  entry text is decoded to Unicode with pylatexenc and numbered in list order, which is how
  LaTeX numbers it;
* ``\\bibliography{refs}`` / ``\\addbibresource{refs.bib}``: the .bib files (resolved relative to
  the .tex) supply structured entries, numbered as a numbered style (unsrt/Vancouver) would:
  cited keys by first ``\\cite``, then never-cited entries.

Every ``\\cite``-like command becomes an :class:`InTextCitation` with its keys, so the numbering
checks can report keys missing from the bibliography and entries never cited.
"""

from __future__ import annotations

import re
from pathlib import Path

from refcheck.extract import _structured as st
from refcheck.extract.bibtex_file import entries_from_bib, latex_to_text
from refcheck.model import Document, InTextCitation, RawEntry, Span

_COMMENT = re.compile(r"(?<!\\)%.*")
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}")
_THEBIB = re.compile(r"\\begin\{thebibliography\}(?:\{[^}]*\})?(.*?)(?:\\end\{thebibliography\}|\Z)", re.S)
_CITE = re.compile(r"\\((?:[a-zA-Z]*cite[a-zA-Z]*|cite)\*?)\s*(?:\[[^\]]*\]\s*){0,2}\{([^}]*)\}")
_BIBFILES = re.compile(r"\\(bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
_HREF = re.compile(r"\\href\s*\{([^}]*)\}\s*\{([^}]*)\}")
_URL = re.compile(r"\\(?:url|doi)\s*\{([^}]*)\}")


def mask_comments(text: str) -> str:
    """The text with ``%`` comments blanked (same length, so offsets and lines still agree)."""
    return _COMMENT.sub(lambda m: " " * len(m.group(0)), text)


def decode_entry(latex: str) -> str:
    """One \\bibitem body as plain Unicode text on one line."""
    latex = _HREF.sub(lambda m: m.group(1), latex)
    latex = _URL.sub(lambda m: m.group(1).replace("\\_", "_"), latex)  # keep URLs/DOIs verbatim
    return " ".join(latex_to_text(latex).split())


def _span(starts: list[int], offset: int, end: int | None = None) -> Span:
    line = st.line_of(starts, offset)
    return Span(line, offset - starts[line - 1] + 1, offset, offset if end is None else end)


def bibitem_entries(text: str, masked: str, starts: list[int]) -> list[RawEntry]:
    """Entries of every ``thebibliography`` environment, numbered in order."""
    entries: list[RawEntry] = []
    for env in _THEBIB.finditer(masked):
        items = list(_BIBITEM.finditer(masked, env.start(1), env.end(1)))
        for i, item in enumerate(items):
            body_end = items[i + 1].start() if i + 1 < len(items) else env.end(1)
            body = masked[item.end() : body_end]
            label = (item.group(1) or "").strip()
            number = int(label) if label.isdigit() else len(entries) + 1
            entries.append(RawEntry(
                number=number,
                text=decode_entry(body),
                span=_span(starts, item.start(), body_end),
                source_text=text[item.start() : body_end].strip(),
                key=item.group(2).strip(),
            ))
    return entries


def cite_commands(masked: str, starts: list[int]) -> list[InTextCitation]:
    """Every \\cite-like command with its keys (numbers filled in later)."""
    out: list[InTextCitation] = []
    for m in _CITE.finditer(masked):
        keys = [k.strip() for k in m.group(2).split(",") if k.strip()]
        if keys:
            out.append(InTextCitation(numbers=[], span=_span(starts, m.start(), m.end()),
                                      text=m.group(0), keys=keys))
    return out


def bib_entries(path: str, masked: str, starts: list[int]) -> tuple[list[RawEntry], list[str], Span | None]:
    """Entries of the .bib files named by \\bibliography / \\addbibresource, and notes."""
    base = Path(path).parent if path != "-" else Path.cwd()
    entries: list[RawEntry] = []
    notes: list[str] = []
    where: Span | None = None
    for m in _BIBFILES.finditer(masked):
        where = where or _span(starts, m.start(), m.end())
        for name in (n.strip() for n in m.group(2).split(",") if n.strip()):
            bib = base / (name if name.endswith(".bib") else f"{name}.bib")
            try:
                data = bib.read_bytes()
            except OSError:
                notes.append(f"bibliography file {bib} not found")
                continue
            text, _, decode_notes = st.decode(data)
            found, more = entries_from_bib(text)
            for entry in found:
                entry.fields["_source"] = f"{bib.name}:{entry.span.line}"
            entries.extend(found)
            notes.extend(f"{bib.name}: {n}" for n in decode_notes + more)
    return entries, notes, where


def _number_by_citation(entries: list[RawEntry], cites: list[InTextCitation], fallback: Span) -> None:
    """Number bib entries like a numbered style: first-cited first, then uncited in file order.

    A bib-backed entry is placed at its first \\cite in the .tex (its line in the .bib stays in
    ``fields['_source']``), so that ``file:line`` in reports always points into the .tex.
    """
    by_key = {e.key: e for e in entries if e.key}
    order: list[str] = []
    first_span: dict[str, Span] = {}
    nocite_all = any(k == "*" for c in cites for k in c.keys)
    for cite in cites:
        for key in cite.keys:
            if key in by_key and key not in first_span:
                order.append(key)
                first_span[key] = cite.span
    uncited = [e.key for e in entries if e.key and e.key not in first_span]
    for n, key in enumerate(order + uncited, start=1):
        entry = by_key[key]
        entry.number = n
        entry.span = first_span.get(key, fallback)
    if nocite_all:
        for cite in cites:
            if "*" in cite.keys:
                cite.keys = [k for k in cite.keys if k != "*"] + uncited
    entries.sort(key=lambda e: e.number or 0)


def extract(path: str, data: bytes) -> Document:
    """A LaTeX manuscript: its bibliography entries and its \\cite commands."""
    text, encoding, notes = st.decode(data)
    masked = mask_comments(text)
    starts = st.line_starts(text)
    entries = bibitem_entries(text, masked, starts)
    cites = cite_commands(masked, starts)
    section = entries[0].span if entries else None
    heading = "thebibliography" if entries else None
    if not entries:
        entries, more, where = bib_entries(path, masked, starts)
        notes.extend(more)
        if entries:
            _number_by_citation(entries, cites, where or Span(1, 1))
            section, heading = where, "bibliography"
    numbers = {e.key: e.number for e in entries if e.key and e.number is not None}
    for cite in cites:
        cite.numbers = [numbers[k] for k in cite.keys if k in numbers]
    return Document(path=path, text=text, format="latex", entries=entries, encoding=encoding,
                    section=section, heading=heading, in_text=cites, notes=notes)
