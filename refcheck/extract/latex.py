"""LaTeX (.tex) input: ``thebibliography`` lists and the ``.bib`` files a document names.

Two ways a LaTeX manuscript carries its references:

* a hand-written (or pasted ``.bbl``) ``thebibliography`` with ``\\bibitem{key}`` entries; the
  entry text is decoded to Unicode with pylatexenc and numbered in list order, which is how
  LaTeX numbers it;
* ``\\bibliography{refs}`` / ``\\addbibresource{refs.bib}``: the .bib files (resolved relative to
  the .tex) supply structured entries, numbered as a numbered style (unsrt/Vancouver) would:
  cited keys by first ``\\cite``, then never-cited entries.

Every ``\\cite``-like command becomes an :class:`InTextCitation` with its keys, so the numbering
checks can report keys missing from the bibliography and entries never cited. Files pulled in
with ``\\input``/``\\include``/``\\subfile`` (relative to the main .tex, cycles ignored) are
scanned too: a thesis cites mostly from its chapter files, and missing those citations would
report every entry as never cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
_INCLUDE = re.compile(r"\\(?:input|include|subfile)\s*\{([^}]*)\}")
_MAX_DEPTH = 8  # levels of \input nesting followed; deeper is almost certainly a cycle we did not catch


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


def bib_commands(masked: str, starts: list[int]) -> list[tuple[list[str], Span]]:
    """The .bib names of every \\bibliography / \\addbibresource command, with its place."""
    return [([n.strip() for n in m.group(2).split(",") if n.strip()], _span(starts, m.start(), m.end()))
            for m in _BIBFILES.finditer(masked)]


def bib_entries(base: Path, commands: list[tuple[list[str], Span]]) -> tuple[list[RawEntry], list[str]]:
    """Entries of the .bib files named by the commands (relative to the main .tex), and notes."""
    entries: list[RawEntry] = []
    notes: list[str] = []
    for names, _ in commands:
        for name in names:
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
    return entries, notes


def _number_by_citation(entries: list[RawEntry], cites: list[InTextCitation], fallback: Span) -> None:
    """Number bib entries like a numbered style: first-cited first, then uncited in file order.

    A bib-backed entry is placed at its first \\cite in the .tex (its line in the .bib stays in
    ``fields['_source']``), so that ``file:line`` in reports always points into the .tex.
    """
    by_key: dict[str, RawEntry] = {}
    for e in entries:
        if e.key:
            by_key.setdefault(e.key, e)
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
    chosen = {id(e) for e in by_key.values()}
    extra = [e for e in entries if id(e) not in chosen]  # keyless or repeated keys (RC706 reports them)
    for n, entry in enumerate(extra, start=len(order) + len(uncited) + 1):
        entry.number = n
        entry.span = first_span.get(entry.key or "", fallback)
    if nocite_all:
        for cite in cites:
            if "*" in cite.keys:
                cite.keys = [k for k in cite.keys if k != "*"] + uncited
    entries.sort(key=lambda e: e.number or 0)


@dataclass
class _Scan:
    """What one .tex file (with the files it includes) contributes."""

    cites: list[InTextCitation] = field(default_factory=list)
    bibitems: list[RawEntry] = field(default_factory=list)
    bib_commands: list[tuple[list[str], Span]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _scan(text: str, base: Path, anchor: Span | None, seen: set[Path], depth: int = 0,
          name: str | None = None) -> _Scan:
    """Citations, bibitems and \\bibliography commands of a file and of what it \\input{}s.

    Things found in an included file are placed at the \\input command of the main file (their
    own file:line is kept in the citation text / ``fields['_source']``), so that every line in
    the report points into the file the user checked.
    """
    masked = mask_comments(text)
    starts = st.line_starts(text)
    out = _Scan(bibitems=bibitem_entries(text, masked, starts), bib_commands=bib_commands(masked, starts))
    placed: list[tuple[int, list[InTextCitation]]] = [(c.span.start, [c]) for c in cite_commands(masked, starts)]
    if anchor is not None:
        for _, (cite,) in placed:
            cite.text = f"{cite.text} ({name}:{cite.span.line})"
            cite.span = anchor
        for entry in out.bibitems:
            entry.fields["_source"] = f"{name}:{entry.span.line}"
            entry.span = anchor
        out.bib_commands = [(names, anchor) for names, _ in out.bib_commands]
    for m in _INCLUDE.finditer(masked):
        target = base / m.group(1).strip()
        if not target.suffix:
            target = target.with_suffix(".tex")
        here = anchor or _span(starts, m.start(), m.end())
        if depth >= _MAX_DEPTH or target.resolve() in seen:
            continue
        try:
            child_text, _, child_notes = st.decode(target.read_bytes())
        except OSError:
            out.notes.append(f"included file {target} not found")
            continue
        seen.add(target.resolve())
        child = _scan(child_text, base, here, seen, depth + 1, target.name)
        placed.append((m.start(), child.cites))
        out.bibitems.extend(child.bibitems)
        out.bib_commands.extend(child.bib_commands)
        out.notes.extend(child_notes + child.notes)
    out.cites = [c for _, group in sorted(placed, key=lambda item: item[0]) for c in group]
    return out


def extract(path: str, data: bytes) -> Document:
    """A LaTeX manuscript: its bibliography entries and its \\cite commands (with \\input files)."""
    text, encoding, notes = st.decode(data)
    base = Path(path).parent if path != "-" else Path.cwd()
    seen = {Path(path).resolve()} if path != "-" else set()
    scan = _scan(text, base, None, seen)
    notes.extend(scan.notes)
    entries, cites = scan.bibitems, scan.cites
    if entries and any(e.fields.get("_source") for e in entries):
        for n, entry in enumerate(entries, start=1):  # lists split over files: number in reading order
            entry.number = n
    section = entries[0].span if entries else None
    heading = "thebibliography" if entries else None
    if not entries:
        entries, more = bib_entries(base, scan.bib_commands)
        notes.extend(more)
        if entries:
            where = scan.bib_commands[0][1]
            _number_by_citation(entries, cites, where)
            section, heading = where, "bibliography"
    numbers = {e.key: e.number for e in entries if e.key and e.number is not None}
    for cite in cites:
        cite.numbers = [numbers[k] for k in cite.keys if k in numbers]
    return Document(path=path, text=text, format="latex", entries=entries, encoding=encoding,
                    section=section, heading=heading, in_text=cites, notes=notes)
