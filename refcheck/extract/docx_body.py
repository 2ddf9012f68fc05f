"""Word's body XML to text lines: one line per paragraph, automatic numbers written in.

Two things Word hides from a naive ``paragraph.text``, both common in reference lists:

* **automatic numbering**: the "1." of a numbered list is not in the text but computed from
  ``w:numPr`` (numId, ilvl) and the numbering part's level definitions (start, format, lvlText);
  we count per list and level and write the number into the line (:class:`Numbering`);
* **reference-manager fields** (Zotero ``ADDIN ZOTERO_BIBL``, EndNote ``ADDIN EN.REFLIST``,
  Mendeley content controls): the field *instruction* (``w:instrText``, often a JSON blob) is
  skipped and the displayed *result* text is kept; paragraphs inside block-level content
  controls (``w:sdt``) are included, which ``Document.paragraphs`` misses.

Each paragraph becomes one line, so a finding's line number is the paragraph number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{W}instrText", f"{W}delText", f"{W}del", f"{W}rPr", f"{W}pPr", f"{W}fldData"}
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def attr(el: Any, name: str) -> str | None:
    """A ``w:``-namespaced attribute of ``el``; None when ``el`` itself is missing (optional child)."""
    return None if el is None else el.get(f"{W}{name}")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Counters for Word's automatic list numbering (``numbering.xml``)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, numbering_el: Any) -> Numbering:
        """Read abstract definitions and num instances (with their start overrides)."""
        out = cls()
        if numbering_el is None:
            return out
        abstract: dict[str, dict[int, _Level]] = {}
        for absn in numbering_el.iter(f"{W}abstractNum"):
            abstract[attr(absn, "abstractNumId") or ""] = {
                int(attr(lvl, "ilvl") or 0): _read_level(lvl) for lvl in absn.iter(f"{W}lvl")
            }
        for num in numbering_el.iter(f"{W}num"):
            abs_id = attr(num.find(f"{W}abstractNumId"), "val") or ""
            levels = {k: _Level(v.start, v.fmt, v.text) for k, v in abstract.get(abs_id, {}).items()}
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(attr(override, "ilvl") or 0)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    levels[ilvl] = _read_level(lvl)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    levels.setdefault(ilvl, _Level()).start = int(attr(start, "val") or 1)
            out.levels[attr(num, "numId") or ""] = levels
        return out

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (list, level) and return the rendered label ('3.', '[3]')."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return None
        level = levels.get(ilvl, _Level())
        if level.fmt in ("bullet", "none"):
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts its sub-levels

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            return _format(counters.get(k, lvl.start), lvl.fmt)

        return re.sub(r"%(\d)", render, level.text)


def _read_level(lvl: Any) -> _Level:
    return _Level(
        start=int(attr(lvl.find(f"{W}start"), "val") or 1),
        fmt=attr(lvl.find(f"{W}numFmt"), "val") or "decimal",
        text=attr(lvl.find(f"{W}lvlText"), "val") or "%1.",
    )


def _style_numpr(styles_el: Any) -> dict[str, tuple[str, int]]:
    """Style id -> (numId, ilvl) for paragraph styles that number their paragraphs (List Number)."""
    if styles_el is None:
        return {}
    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    for style in styles_el.iter(f"{W}style"):
        sid = attr(style, "styleId") or ""
        numpr = style.find(f"{W}pPr/{W}numPr")
        num_id = attr(numpr.find(f"{W}numId"), "val") if numpr is not None else None
        ilvl = attr(numpr.find(f"{W}ilvl"), "val") if numpr is not None else None
        raw[sid] = (num_id, int(ilvl) if ilvl else None, attr(style.find(f"{W}basedOn"), "val"))
    out: dict[str, tuple[str, int]] = {}
    for sid in raw:
        seen, cur = set(), sid
        while cur in raw and cur not in seen:  # follow basedOn until a style defines numbering
            seen.add(cur)
            num_id, level, based = raw[cur]
            if num_id:
                out[sid] = (num_id, level or 0)
                break
            cur = based or ""
    return out


def paragraph_text(p: Any) -> str:
    """Visible text of one w:p: runs, hyperlinks, field results; not instructions or deletions."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}p":
                continue  # a nested paragraph (text box) is its own line
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def body_lines(document: Any) -> list[str]:
    """One line per body paragraph (tables, content controls too), automatic numbers written in."""
    part = document.part
    try:
        numbering = Numbering.from_part(part.numbering_part.element)
    except (NotImplementedError, KeyError):
        numbering = Numbering()
    style_numbers = _style_numpr(document.styles.element)
    lines: list[str] = []
    body = document.element.body
    for p in body.iter(f"{W}p"):
        text = paragraph_text(p)
        label = _auto_label(p, numbering, style_numbers)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        lines.extend(text.split("\n") if "\n" in text else [text])
    return lines


def _auto_label(p: Any, numbering: Numbering, style_numbers: dict[str, tuple[str, int]]) -> str | None:
    """The automatic number of a paragraph, from its own numPr or its style's."""
    ppr = p.find(f"{W}pPr")
    numpr = ppr.find(f"{W}numPr") if ppr is not None else None
    num_id: str | None = None
    ilvl = 0
    if numpr is not None:
        num_id = attr(numpr.find(f"{W}numId"), "val")
        ilvl = int(attr(numpr.find(f"{W}ilvl"), "val") or 0)
    if num_id is None and ppr is not None:
        style = attr(ppr.find(f"{W}pStyle"), "val")
        if style in style_numbers:
            num_id, ilvl = style_numbers[style]
    return numbering.label(num_id, ilvl) if num_id else None
