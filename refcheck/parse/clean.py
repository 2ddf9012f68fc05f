"""Turn a raw reference string (PDF/HTML/Markdown debris included) into one clean line.

Emphasis is not thrown away blindly: Markdown ``**bold**`` and ``*italic*`` often mark exactly
the title and the journal (publisher HTML exported to Markdown), so their texts are returned as
hints for segmentation. Link debris such as ``[PubMed](...access_num=2593110&link_type=MED...)``
is mined for identifiers before it is removed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from refcheck.text.identifiers import DOI_START, identifiers_from_url
from refcheck.text.repair import (
    join_line_hyphens,
    join_spaced_hyphens,
    repair_accents,
    repair_mojibake,
    strip_inline_tags,
)

_LINK = re.compile(r"\[([^\[\]\n]{0,80})\]\((\S{0,2000}?)\)(?=\s|$|[.,;])")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_ITALIC = re.compile(
    r"(?<![\w*])\*(?!\s)([^*\n]{1,300}?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]{1,300}?)(?<!\s)_(?![\w_])"
)
_DEBRIS = re.compile(
    r"\[(?:PubMed|PMC free article|Google Scholar|Cross[Rr]ef|Web of Science|Medline|MEDLINE|CAS|ISI|"
    r"Ref list|Abstract|Full Text|Free Full Text|Abstract/FREE Full Text|Article|PMC|DOI|Scopus|"
    r"Europe PMC|Semantic Scholar)\]",
)
_ARTICLE_IN = re.compile(r"\[\s*Article in ([A-Z][a-z]+(?:,? (?:and )?[A-Z][a-z]+)*)\s*\]")
# A reference number alone on its line, from the neighbouring column of a two-column PDF
# ("Merrick \n19. \nMV. Smoking delays..."): it belongs to no field of this reference.
_STRAY_NUMBER_LINE = re.compile(r"\n[ \t]*\d{1,3}\.[ \t]*\n")
_SLASH_BREAK = re.compile(r"/[ \t]*\n\s*")
_WS = re.compile(r"\s+")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.,](?: |$))")
# A section heading glued to the first entry by PDF extraction ("References Achleitner, G.").
_HEADING = re.compile(
    r"^(?:References|REFERENCES|Bibliography|BIBLIOGRAPHY|Literature [Cc]ited)\s*:?\s+(?=\S)"
)
# "12.", "[12]", "(12)", "12)"; never a year ("2001. Title" is an author-less reference).
_LEADING_NUMBER = re.compile(
    r"^\s*(?!(?:1[5-9]|20)\d\d\b)(?:\[\s*(\d{1,4})\s*\]|\(\s*(\d{1,4})\s*\)|(\d{1,4})\s*[.)]\s|(\d{1,4})\.(?=[A-Z]))\s*"
)


@dataclass(slots=True)
class Cleaned:
    """The cleaned line plus what the cleaning learnt on the way."""

    text: str
    bold: list[str] = field(default_factory=list)
    italic: list[str] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)
    number: int | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)


def _strip_links(text: str, ids: dict[str, str]) -> str:
    """Drop Markdown links, keeping what their URLs identify (the extract stage's own miner)."""

    def repl(m: re.Match[str]) -> str:
        for kind, value in identifiers_from_url(m.group(2)).items():
            ids.setdefault(kind, value)
        return " "

    return _LINK.sub(repl, text)


def _unemphasise(text: str, bold: list[str], italic: list[str]) -> str:
    def rb(m: re.Match[str]) -> str:
        inner = m.group(1) or m.group(2) or ""
        bold.append(_WS.sub(" ", inner).strip())
        return inner

    def ri(m: re.Match[str]) -> str:
        inner = m.group(1) or m.group(2) or ""
        italic.append(_WS.sub(" ", inner).strip())
        return inner

    text = _BOLD.sub(rb, text) if "**" in text or "__" in text else text
    return _ITALIC.sub(ri, text) if "*" in text or "_" in text else text


_DOI_TOKEN = re.compile(DOI_START + r"\S*$")


def _single_stop(m: re.Match[str]) -> str:
    """``Title.. Journal`` -> one stop; but a DOI may contain ``..`` (``10.24302/x.esp..3107``)."""
    start = m.string.rfind(" ", 0, m.start()) + 1
    return m.group(0) if _DOI_TOKEN.search(m.string, start, m.start()) else "."


def clean(raw: str) -> Cleaned:
    """Normalise one raw reference string; never raises on garbage."""
    ids: dict[str, str] = {}
    text = raw
    text = repair_mojibake(text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = repair_accents(text)
    text = text.replace("\u00ad", "")
    if "](" in text:
        text = _strip_links(text, ids)
    text = strip_inline_tags(text)
    if "``" in text:  # LaTeX quotes: ``Title,''
        text = text.replace("``", "“").replace("''", "”")
    if "\n" in text:
        text = _STRAY_NUMBER_LINE.sub(" ", text)
        text = join_line_hyphens(text)
        text = _SLASH_BREAK.sub("/", text)
    text = join_spaced_hyphens(text)
    bold: list[str] = []
    italic: list[str] = []
    text = _unemphasise(text, bold, italic)
    notes: list[str] = []
    language = None
    if "[" in text:
        text = _DEBRIS.sub(" ", text)
        m = _ARTICLE_IN.search(text)
        if m:
            language = m.group(1)
            notes.append(f"article in {language}")
            text = text[: m.start()] + " " + text[m.end() :]
    text = _WS.sub(" ", text).strip()
    if " ." in text or " ," in text:
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    if ".." in text:
        text = _DOUBLE_STOP.sub(_single_stop, text)
    if text[:1] in "RBL":
        text = _HEADING.sub("", text)
    number = None
    m = _LEADING_NUMBER.match(text)
    if m:
        number = int(next(g for g in m.groups() if g))
        text = text[m.end() :]
    return Cleaned(text, bold, italic, ids, number, language, notes)
