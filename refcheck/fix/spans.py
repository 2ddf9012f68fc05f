"""Where each field of a reference is printed in its own source text.

``refcheck fix`` edits only the characters of the field a finding is about, so it needs the
field's span inside the entry's exact file slice (``RawEntry.source_text``). :func:`field_span`
is the one place that answers that question; it works from the parse (the citation's printed
values and the parser's own locator patterns) and can later be switched to a record-guided
alignment without touching the edit logic.

Every span is ``(start, end)`` in the source text, end exclusive; ``None`` means "not found
unambiguously" and the caller then leaves the field alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.model import Citation
from refcheck.parse import locator as _locator

# Markup that may sit between the words of a printed field (Markdown emphasis, soft breaks).
_GAP = r"[\s*_]+"


@dataclass(frozen=True, slots=True)
class LocatorSpans:
    """Spans of the year/volume/issue/pages inside the printed locator (``2005;26(3):493-5``)."""

    start: int
    end: int
    parts: dict[str, tuple[int, int]]


def _flexible(value: str) -> re.Pattern[str]:
    """A pattern for ``value`` that tolerates re-wrapping and emphasis between its words."""
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"(?<![\w])" + _GAP.join(words) + r"(?![\w])") if words else re.compile(r"(?!)")


def find_unique(text: str, value: str | None, start: int = 0, end: int | None = None,
                *, ignore_case: bool = False) -> tuple[int, int] | None:
    """The one occurrence of ``value`` as whole tokens in ``text[start:end]`` (None if 0 or 2+)."""
    if not value or not value.strip():
        return None
    rx = _flexible(value.strip())
    if ignore_case:
        rx = re.compile(rx.pattern, re.IGNORECASE)
    hits = list(rx.finditer(text, start, len(text) if end is None else end))
    if len(hits) != 1:
        return None
    return hits[0].start(), hits[0].end()


def locator_spans(text: str) -> LocatorSpans | None:
    """The locator as the parser finds it, with a span per part (``year``/``volume``/...)."""
    loc = _locator.find_locator(text)
    if loc is None:
        return None
    for _tier, layout, rx in _locator.LAYOUTS:  # the parser's own layouts, group spans kept
        if layout != loc.layout:
            continue
        m = rx.match(text, loc.start)
        if m is None:
            continue
        names = {"year": "year", "vol": "volume", "iss": "issue", "pages": "pages"}
        parts = {field: m.span(group) for group, field in names.items()
                 if group in rx.groupindex and m.group(group)}
        return LocatorSpans(m.start(), m.end(), parts)
    return None


def title_span(text: str, citation: Citation) -> tuple[int, int] | None:
    """The printed title (without its closing period)."""
    return find_unique(text, citation.title)


def container_span(text: str, citation: Citation) -> tuple[int, int] | None:
    """The printed journal name: after the title when the title is found, before the locator."""
    title = title_span(text, citation)
    loc = locator_spans(text)
    lo = title[1] if title else 0
    hi = loc.start if loc and loc.start > lo else len(text)
    container = (citation.container or "").rstrip(".")
    if re.search(r"\b(?:1[5-9]|20)\d\d\b|;", container):
        return None  # the parse ran into the locator: not a journal name to replace
    return find_unique(text, container, lo, hi)


def byline_span(text: str, body_start: int, citation: Citation) -> tuple[int, int] | None:
    """The author list: from the start of the reference to the title, trailing period excluded."""
    if not citation.authors:
        return None
    title = title_span(text, citation)
    if title is None:
        return None
    end = title[0]
    while end > body_start and text[end - 1] in " \t\r\n.*_":
        end -= 1
    return (body_start, end) if end > body_start else None


def field_span(text: str, citation: Citation, field: str, *, body_start: int = 0,
               cited: str | None = None) -> tuple[int, int] | None:
    """The span of ``field`` (a :class:`~refcheck.model.Finding` field name) in ``text``.

    ``text`` is the entry's exact source slice; ``body_start`` skips its number prefix.
    ``cited`` is the finding's cited value, used as a last resort (whole-token, unique).
    """
    span: tuple[int, int] | None = None
    if field == "title":
        span = title_span(text, citation)
    elif field == "journal":
        span = container_span(text, citation)
    elif field == "authors":
        span = byline_span(text, body_start, citation)
    elif field in ("year", "volume", "issue", "pages"):
        loc = locator_spans(text)
        if loc is not None and field in loc.parts:
            span = loc.parts[field]
    elif field == "doi":
        span = find_unique(text, citation.doi or cited, ignore_case=True)
    elif field == "pmid":
        span = find_unique(text, citation.pmid or cited)
    if span is None and cited and field in ("year", "volume", "issue", "pages", "doi", "pmid"):
        span = find_unique(text, cited, body_start)
    return span
