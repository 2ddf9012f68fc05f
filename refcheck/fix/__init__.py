"""``refcheck fix``: correct wrong fields of a reference list with the registered values.

Each fixable finding becomes an edit of exactly its field's span in the original text
(:mod:`refcheck.fix.edits`, spans from :func:`refcheck.fix.spans.field_span`), written in the
list's own conventions (:mod:`refcheck.fix.conventions`): page elision, title case, journal
form, name form and punctuation. References without a fixable finding are left byte-identical,
and a finding whose field cannot be located is reported, never guessed at.

Re-rendering whole references in a house style is a separate, explicit choice
(``--restyle STYLE``): every reference matched to a record is then rendered from it
(:mod:`refcheck.styles`), keeping its number prefix, trailing link debris and line layout.

Applying (``--write``) is atomic: the new text goes to a temporary file in the same directory,
which then replaces the original; the original is kept as ``FILE.bak`` (``FILE.bak.1``, … if
that exists).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refcheck.bibtex.latex import encode
from refcheck.checks.updates import PREPRINT_PUBLISHED
from refcheck.errors import InputError
from refcheck.fix.edits import apply_replacements, field_edits
from refcheck.model import CheckedReference, Document, Finding, RawEntry, Report, Severity
from refcheck.styles.detect import list_style, read_conventions
from refcheck.styles.render import render_reference

#: Findings about these fields can be corrected from the registered record.
FIXABLE_FIELDS = frozenset({"authors", "title", "journal", "year", "volume", "issue", "pages", "doi", "pmid"})
#: Formats whose text refcheck can write back.
WRITABLE_FORMATS = frozenset({"text", "markdown", "latex"})

# What precedes the reference proper: "1. ", "[1] ", "(1) ", a Markdown list marker, or a LaTeX
# "\bibitem[label]{key}".
_PREFIX = re.compile(r"^\s*(?:\\bibitem\s*(?:\[[^\]]*\])?\s*\{[^}]*\}\s*|(?:[-*+]\s+)?(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s+)")
# Markdown links left by HTML conversion ("[PubMed](http://…)"), URLs with one level of parentheses.
_LINK_TAIL = re.compile(r"(\s*(?:\[[^\]]*\]\((?:[^()\s]|\([^()\s]*\))*\)\s*)+)$")


class FixError(InputError):
    """The manuscript cannot be rewritten safely (changed on disk, binary format, …)."""


@dataclass(slots=True)
class Edit:
    """One reference's replacement: ``old`` at ``[start, end)`` of the document text."""

    number: int
    start: int
    end: int
    old: str
    new: str
    strategy: str  # targeted | render
    codes: list[str] = field(default_factory=list)


def fixable(ref: CheckedReference, min_severity: Severity = Severity.ERROR) -> list[Finding]:
    """Findings of ``ref`` that a registered value can correct."""
    if ref.match.work is None:
        return []
    has_byline = bool(ref.match.work.authors)
    return [
        f for f in ref.findings
        if f.field in FIXABLE_FIELDS and f.severity.rank >= min_severity.rank
        # an extra author has no registered value of its own: the registered byline is the fix
        and (f.registered is not None or f.suggestion or (f.field == "authors" and has_byline))
    ]


def _entry_text(doc: Document, entry: RawEntry) -> tuple[int, int, str]:
    """(start, end, text) of the entry in ``doc.text``, trusting offsets only when they agree."""
    start, end = entry.span.start, entry.span.end
    source = entry.source_text or entry.text
    if end > start and doc.text[start:end] == source:
        return start, end, source
    if source and doc.text.count(source) == 1:
        start = doc.text.index(source)
        return start, start + len(source), source
    if end > start and not entry.source_text:
        return start, end, doc.text[start:end]
    raise FixError(f"{doc.path}: cannot locate reference {entry.number} in the file text")


def _split_entry(old: str) -> tuple[str, str, str]:
    """(number prefix, body, trailing link debris) of an entry's source text."""
    prefix_match = _PREFIX.match(old)
    prefix = prefix_match.group(0) if prefix_match else ""
    rest = old[len(prefix):]
    tail_match = _LINK_TAIL.search(rest)
    tail = tail_match.group(1) if tail_match else ""
    trailing_ws = rest[len(rest.rstrip()):] if not tail else ""
    body = rest[: len(rest) - len(tail)] if tail else rest.rstrip()
    return prefix, body, tail + trailing_ws


def _layout(new_body: str, old: str, prefix: str, tail: str) -> str:
    """Keep a one-line entry on one line; re-wrap a wrapped one to its old width and indent."""
    text = prefix + new_body + tail
    newline = "\r\n" if "\r\n" in old else "\n"
    lines = old.split(newline)
    if len(lines) == 1:
        return text
    width = max(len(line) for line in lines)
    indent = re.match(r"[ \t]*", lines[1]).group(0)  # type: ignore[union-attr]
    wrapped = textwrap.fill(text.strip("\r\n"), width=width, subsequent_indent=indent,
                            break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\n", newline)


def _conventions(ref: CheckedReference) -> dict[str, Any]:
    """Render options that follow what this entry already does (et al. cut, DOI, PMID)."""
    cit = ref.citation
    work = ref.match.work
    n_registered = len(work.authors) if work else 0
    if cit.et_al and cit.authors:
        after = keep = len(cit.authors)
    else:
        after = keep = max(n_registered, len(cit.authors), 1)
    fields = {f.field for f in ref.findings}
    return {"et_al_after": after, "et_al_keep": keep, "include_doi": bool(cit.doi) or "doi" in fields,
            "include_pmid": bool(cit.pmid) or "pmid" in fields}


@dataclass(slots=True)
class FixPlan:
    """The edits, and the fixable findings whose field could not be located (left alone)."""

    edits: list[Edit] = field(default_factory=list)
    unplaced: list[tuple[int, Finding]] = field(default_factory=list)


def make_plan(doc: Document, report: Report, *, style: str | None = None, restyle: str | None = None,
              min_severity: Severity = Severity.ERROR) -> FixPlan:
    """What ``fix`` would change in ``doc`` (nothing is written).

    Without ``restyle``: span edits of the fields with a fixable finding at or above
    ``min_severity``. With ``restyle``: every reference matched to a record re-rendered in it.
    """
    if len(doc.entries) != len(report.references):
        raise FixError(f"{doc.path}: the report does not match the file's reference list")
    style = style or list_style([r.citation for r in report.references])
    conv = dataclasses.replace(read_conventions(report.references), latex=doc.format == "latex")
    out = FixPlan()
    for i, (entry, ref) in enumerate(zip(doc.entries, report.references, strict=True)):
        findings = fixable(ref, min_severity)
        upgraded = _upgraded(ref)
        if not findings and not upgraded and not (restyle and ref.match.work is not None):
            continue
        start, end, old = _entry_text(doc, entry)
        number = ref.citation.number if ref.citation.number is not None else i + 1
        if restyle or upgraded:
            new, strategy = _restyled(doc, ref, old, restyle or style), "restyle"
            findings = findings or [f for f in ref.findings if f.code == PREPRINT_PUBLISHED.code]
        else:
            prefix, _body, _tail = _split_entry(old)
            reps, unplaced = field_edits(old, len(prefix), ref, findings, style, conv)
            out.unplaced.extend((number, f) for f in unplaced)
            new, strategy = apply_replacements(old, reps), "span"
            findings = [f for f in findings if f not in unplaced]
        if new != old:
            out.edits.append(Edit(number, start, end, old, new, strategy, [f.code for f in findings]))
    return out


def _upgraded(ref: CheckedReference) -> bool:
    """A preprint re-linked to its journal version (``--upgrade-preprints``): another work is
    cited now, so the entry is rendered whole from it, in the list's style, not edited field by field."""
    return ref.match.method == "relation" and any(f.code == PREPRINT_PUBLISHED.code for f in ref.findings)


def _restyled(doc: Document, ref: CheckedReference, old: str, style: str) -> str:
    """The whole entry rendered from its record in ``style`` (number, links and layout kept)."""
    assert ref.match.work is not None
    prefix, _body, tail = _split_entry(old)
    rendered = render_reference(ref.match.work, style, **_conventions(ref))
    if doc.format == "latex":
        rendered = encode(rendered, utf8=True)
    return _layout(rendered, old, prefix, tail)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied (right to left, so earlier offsets stay valid)."""
    out = text
    crlf = "\r\n" in text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        start, end = edit.start, edit.end
        old, new = edit.old, edit.new
        if out[start:end] != old:
            if crlf and "\r\n" not in old and out.count(old.replace("\n", "\r\n")) == 1:
                # the extractor saw normalised newlines; the file on disk has CRLF
                old, new = old.replace("\n", "\r\n"), new.replace("\n", "\r\n")
            if out.count(old) != 1:
                raise FixError(f"reference {edit.number} changed since it was checked; run refcheck again")
            start = out.index(old)
            end = start + len(old)
        out = out[:start] + new + out[end:]
    return out


def unified_diff(path: str, before: str, after: str) -> str:
    """A ``git diff``-style patch of the change (empty when nothing changes)."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def read_original(path: Path, encoding: str | None) -> str:
    """The file's text exactly as on disk (newlines untranslated), for applying edits."""
    try:
        with path.open(encoding=encoding or "utf-8", newline="") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise FixError(f"{path}: cannot re-read the file: {exc}") from exc
