"""``refcheck fix``: rewrite wrong references with the registered values, as a reviewable diff.

Only references whose findings carry a registered value are touched, and only inside their
own text span: the rest of the manuscript is never modified. Two strategies, tried in order:

* **targeted** — every fixable finding has a ``suggestion`` (already in the manuscript's
  style) and its ``cited`` text occurs exactly once in the entry: replace just those strings,
  keeping the entry's markup, links and punctuation byte for byte;
* **render** — otherwise the entry is re-rendered from the registered record in the
  manuscript's style (:mod:`refcheck.render`), keeping its number prefix, any trailing link
  debris (``[PubMed](…)``) and its line layout (one line stays one line; a wrapped entry is
  re-wrapped to its old width and indent).

Applying (``--write``) is atomic: the new text goes to a temporary file in the same directory,
which then replaces the original; the original is kept as ``FILE.bak`` (``FILE.bak.1``, … if
that exists).
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from refcheck.bibtex.latex import encode
from refcheck.errors import InputError
from refcheck.fileio import atomic_write
from refcheck.model import CheckedReference, Document, Finding, RawEntry, Report, Severity
from refcheck.render import render_reference

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


def detect_style(citations: Sequence[object]) -> str:
    """The manuscript's style: the majority of parsed ``Citation.style`` among vancouver/ama.

    Per-entry guesses are noisy (a short list without DOIs looks the same in both), so one
    style for the whole list keeps the rewritten entries consistent with each other.
    """
    votes = Counter(getattr(c, "style", None) for c in citations)
    ama, van = votes.get("ama", 0), votes.get("vancouver", 0)
    return "ama" if ama > van else "vancouver"


def fixable(ref: CheckedReference, min_severity: Severity = Severity.WARNING) -> list[Finding]:
    """Findings of ``ref`` that a registered value can correct."""
    if ref.match.work is None:
        return []
    return [
        f for f in ref.findings
        if f.field in FIXABLE_FIELDS and f.severity.rank >= min_severity.rank
        and (f.registered is not None or f.suggestion)
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


def _is_insertion(f: Finding) -> bool:
    """A missing identifier the registry knows (``add doi:…``): appended, not substituted."""
    return f.cited is None and f.field in ("doi", "pmid") and bool(f.suggestion)


def _targeted(old: str, findings: list[Finding]) -> str | None:
    """Replace each finding's cited text by its suggestion when every one is unambiguous.

    Missing identifiers are appended after the entry's last sentence (before link debris).
    """
    if not findings or any(not f.suggestion or (not f.cited and not _is_insertion(f)) for f in findings):
        return None
    new = old
    for f in findings:
        if _is_insertion(f):
            continue
        assert f.cited is not None and f.suggestion is not None
        # whole tokens only: volume "26" must not match inside "1926" or pages "126-9"
        hits = list(re.finditer(rf"(?<!\w){re.escape(f.cited)}(?!\w)", new))
        if len(hits) != 1:
            return None
        new = new[:hits[0].start()] + f.suggestion + new[hits[0].end():]
    additions = [f.suggestion for f in findings if _is_insertion(f) and f.suggestion not in new]
    if additions:
        prefix, body, tail = _split_entry(new)
        new = prefix + body + "".join(f" {a}" for a in additions) + tail
    return new


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


def _conventions(ref: CheckedReference) -> dict[str, object]:
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


def plan(doc: Document, report: Report, *, style: str | None = None,
         min_severity: Severity = Severity.WARNING) -> list[Edit]:
    """The edits that would correct ``report``'s fixable findings in ``doc`` (nothing is written)."""
    if len(doc.entries) != len(report.references):
        raise FixError(f"{doc.path}: the report does not match the file's reference list")
    style = style or detect_style([r.citation for r in report.references])
    edits: list[Edit] = []
    for i, (entry, ref) in enumerate(zip(doc.entries, report.references, strict=True)):
        findings = fixable(ref, min_severity)
        if not findings:
            continue
        start, end, old = _entry_text(doc, entry)
        number = ref.citation.number if ref.citation.number is not None else i + 1
        new = _targeted(old, findings)
        strategy = "targeted"
        if new is None:
            assert ref.match.work is not None
            prefix, _body, tail = _split_entry(old)
            rendered = render_reference(ref.match.work, style, **_conventions(ref))
            if doc.format == "latex":
                rendered = encode(rendered, utf8=True)
            new = _layout(rendered, old, prefix, tail)
            strategy = "render"
        if new != old:
            edits.append(Edit(number, start, end, old, new, strategy, [f.code for f in findings]))
    return edits


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


# Kept under its historical name: `refcheck fix --write` and the library share one writer.
write_atomic = atomic_write


def read_original(path: Path, encoding: str | None) -> str:
    """The file's text exactly as on disk (newlines untranslated), for applying edits."""
    try:
        with path.open(encoding=encoding or "utf-8", newline="") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise FixError(f"{path}: cannot re-read the file: {exc}") from exc
