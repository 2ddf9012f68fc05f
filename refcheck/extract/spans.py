"""Offsets -> 1-based line/column, in one linear pass.

Reports point at ``file:line:col``; computing each position with ``text.count('\\n', 0, pos)``
would be quadratic on a big file with many entries, so positions are resolved in sorted order,
counting only the newlines between consecutive offsets.
"""

from __future__ import annotations

from collections.abc import Iterable

from refcheck.model import Span


def working_copy(text: str) -> str:
    """A same-length copy of ``text`` with line breaks normalised to ``\\n``.

    CRLF becomes `` \\n``, a lone CR ``\\n``, form feed and vertical tab a space. Every offset
    in the copy is an offset in the original, so spans and ``source_text`` slices stay exact.
    """
    return text.replace("\r\n", " \n").replace("\r", "\n").replace("\f", " ").replace("\v", " ")


class LineIndex:
    """Resolve increasing offsets of one text to :class:`Span` objects.

    ``text`` must use ``\\n`` line breaks (see :func:`working_copy`). Offsets may be resolved in
    any order, but increasing order is linear overall; going backwards restarts the count.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._pos = 0
        self._line = 1
        self._line_start = 0

    def span(self, start: int, end: int | None = None) -> Span:
        if start < self._pos:
            self._pos, self._line, self._line_start = 0, 1, 0
        text = self.text
        newlines = text.count("\n", self._pos, start)
        if newlines:
            self._line += newlines
            self._line_start = text.rfind("\n", self._pos, start) + 1
        self._pos = start
        return Span(self._line, start - self._line_start + 1, start, start if end is None else end)

    def spans(self, ranges: Iterable[tuple[int, int]]) -> list[Span]:
        """Spans of several (start, end) ranges, in the order given."""
        return [self.span(start, end) for start, end in ranges]
