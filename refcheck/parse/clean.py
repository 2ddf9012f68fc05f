"""Turn a raw reference string (PDF/HTML/Markdown debris included) into one clean line.

Emphasis is not thrown away blindly: Markdown ``**bold**`` and ``*italic*`` often mark exactly
the title and the journal (publisher HTML exported to Markdown), so their texts are returned as
hints for segmentation. Link debris such as ``[PubMed](...access_num=2593110&link_type=MED...)``
is mined for identifiers before it is removed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from refcheck.parse.chars import LETTER, LOWER, UPPER
from refcheck.text.identifiers import DOI_START, identifiers_from_url

# Words that are themselves the first half of a hyphenated compound: "early-\nonset" keeps its
# hyphen, "Endo-\nscopic" does not. A short list of productive English prefixes is enough.
_COMPOUND_HEADS = frozenset(
    [
        "non",
        "self",
        "well",
        "long",
        "short",
        "high",
        "low",
        "early",
        "late",
        "cross",
        "semi",
        "anti",
        "co",
        "full",
        "half",
        "open",
        "time",
        "dose",
        "age",
        "sex",
        "cell",
        "type",
        "state",
        "large",
        "small",
        "alpha",
        "beta",
        "gamma",
        "delta",
        "kappa",
        "single",
        "double",
        "two",
        "three",
        "down",
        "up",
        "all",
        "of",
        "and",
        "to",
        "in",
        "on",
        "or",
        "by",
        "for",
    ]
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
_HYPHEN_BREAK = re.compile(rf"([{LETTER}0-9]+)-[ \t]*\n\s*(?=[{LOWER}])")
# The same break after extraction joined the lines with a space: "hyperos- molarity".
_HYPHEN_SPACE = re.compile(rf"(?<![{LETTER}0-9-])([{LETTER}0-9]+)- (?=[{LOWER}])")
# A reference number alone on its line, from the neighbouring column of a two-column PDF
# ("Merrick \n19. \nMV. Smoking delays..."): it belongs to no field of this reference.
_STRAY_NUMBER_LINE = re.compile(r"\n[ \t]*\d{1,3}\.[ \t]*\n")
_SLASH_BREAK = re.compile(r"/[ \t]*\n\s*")
_UPPER_HYPHEN_BREAK = re.compile(rf"(?<=[{LETTER}.])-[ \t]*\n\s*(?=[{UPPER}])")
_WS = re.compile(r"\s+")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.,](?: |$))")
_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|span|italic|bold)(?:\s[^<>]{0,100})?>", re.I)
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


# Second halves of compounds that biomedical titles break across lines ("lead-\ninduced").
_COMPOUND_TAILS = frozenset(
    [
        "induced",
        "inducible",
        "dependent",
        "independent",
        "specific",
        "related",
        "based",
        "mediated",
        "associated",
        "derived",
        "like",
        "type",
        "free",
        "term",
        "scale",
        "wide",
        "level",
        "resistant",
        "sensitive",
        "positive",
        "negative",
        "controlled",
        "blind",
        "linked",
        "bound",
        "containing",
        "treated",
        "deficient",
        "activated",
        "regulated",
        "only",
        "old",
        "year",
        "month",
        "week",
        "day",
        "risk",
        "income",
        "cell",
        "cells",
        "world",
        "control",
        "reported",
        "matched",
        "binding",
        "rich",
        "poor",
        "stimulated",
        "infected",
        "exposed",
        "life",
        "care",
        "response",
        "directed",
        "guided",
        "assisted",
        "weighted",
        "operative",
        "impaired",
        "protein",
        "receptor",
        "factor",
        "and",
        "or",
        "to",
        "analysis",
        "producing",
        "expressing",
        "enhanced",
        "targeted",
        "loaded",
        "coated",
        "labeled",
        "labelled",
        "mapping",
        "dose",
        "time",
        "face",
        "disturbed",
        "web",
        "membrane",
        "brain",
        "spectrum",
        "acting",
        "term",
        "up",
        "down",
        "dimensional",
        "strand",
        "driven",
        "being",
    ]
)
_WORD_AFTER = re.compile(rf"[{LETTER}]+")
# "pre-\nand post-operative", "2- or 3-year": a suspended hyphen, kept with its space.
_SUSPENDED = frozenset(["and", "or", "to", "nor", "und", "et", "ou"])


def _word_file(name: str) -> frozenset[str]:
    """One word a line from the package's ``data/`` folder (``#`` lines are comments)."""
    text = resources.files("refcheck").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


class _Vocabulary:
    """Words attested in real Crossref metadata (``data/hyphen-*.txt``), read on first use only.

    Generated by ``bench/build_parse_words.py``; read lazily because only references with a
    line-end hyphen need it, so import time is unaffected.
    """

    words: frozenset[str] | None = None
    prefer_hyphen: frozenset[str] = frozenset()

    @classmethod
    def get(cls) -> frozenset[str]:
        if cls.words is None:
            cls.words = _word_file("hyphen-words.txt")
            cls.prefer_hyphen = _word_file("hyphen-compounds.txt")
        return cls.words


def attested_words() -> frozenset[str]:
    """The folded words attested in real Crossref titles (loaded on first use)."""
    return _Vocabulary.get()


def _keeps_hyphen(word: str, nxt: str, text: str, chained: bool) -> bool:
    """Whether ``word-`` + line break + ``nxt`` is a hyphenated compound rather than one word.

    Evidence in order: the same string spelling the word elsewhere; the vocabulary (a joined
    form that is a word is joined, unless the compound is usually printed hyphenated; two
    halves that are both words keep the hyphen: ``malnutrition-inflammation``, and so does a
    word that continues a longer hyphenated chain: ``nap-of-the-earth``); then short lists
    of productive compound heads/tails. With no evidence, join: on PDF-extracted biomedical
    strings line-end hyphens are word breaks about 3 times in 4.
    """
    low = word.lower()
    joined = low + nxt
    lowered = text.lower()
    if f"{low}-{nxt}" in lowered:
        return True
    if joined in lowered:
        return False
    vocab = _Vocabulary.get()
    if joined in _Vocabulary.prefer_hyphen or f"{low}-{nxt}" in _Vocabulary.prefer_hyphen:
        return True
    if joined in vocab:
        return False
    if chained and low in vocab:  # "Nap-\nof-the-Earth": part of a longer hyphenated chain
        return True
    if len(low) >= 3 and len(nxt) >= 4 and low in vocab and nxt in vocab:
        return True
    if (
        len(low) >= 5
        and len(nxt) >= 5
        and nxt in vocab
        and nxt.endswith(("ed", "ing", "ive", "ible", "able"))
    ):
        return True  # "strychnine-insensitive", "laboratory-denatured": an unknown word + a modifier
    return low in _COMPOUND_HEADS or nxt in _COMPOUND_TAILS


def _join_hyphen(m: re.Match[str]) -> str:
    """Undo line-end hyphenation only when it split one word, not a compound.

    ``Endo-\nscopic`` -> ``Endoscopic``; ``lead-\ninduced``, ``BMP-\ninduced``, ``alpha-\nsynuclein``
    keep their hyphen (see :func:`_keeps_hyphen`; an upper-case/digit left part always keeps it),
    and ``pre-\nand post-`` keeps its space too. The same applies to a break that PDF extraction
    already turned into a space (``hyperos- molarity``).
    """
    word = m.group(1)
    nxt_m = _WORD_AFTER.match(m.string, m.end())
    nxt = nxt_m.group(0).lower() if nxt_m else ""
    vocab = _Vocabulary.get()
    if nxt in _SUSPENDED and (word.lower() + nxt) not in vocab:
        return word + "- "
    if word[-1].isupper() or word[-1].isdigit() or len(word) == 1:  # "X-ray", "e-health", "5-HT"
        return word + "-"
    chained = nxt_m is not None and m.string.startswith("-", nxt_m.end())
    return word + "-" if _keeps_hyphen(word, nxt, m.string, chained) else word


def join_line_hyphens(text: str) -> str:
    """Undo line-end hyphenation with the word list; the one rule every stage uses.

    The extract stage (a whole reference list) and :func:`clean` (one string) must agree, or
    ``Malnutrition-\ninflammation`` comes out joined in one and hyphenated in the other.
    Breaks before an upper-case letter keep the hyphen (``Ray-\nCoquard``); other breaks
    (``728-\n34``) are left for the caller.
    """
    if "\n" not in text:
        return text
    text = _HYPHEN_BREAK.sub(_join_hyphen, text)
    return _UPPER_HYPHEN_BREAK.sub("-", text)


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


def _repair_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1/cp1252 (``MarrÃ£o`` -> ``Marrão``); unchanged when not repairable.

    The whole string is tried first; when it mixes mojibake with genuine non-Latin-1 text (a
    registry name ``CastaÃ±o`` next to a correct ``case–control``), each word is repaired alone.
    """
    whole = _decode_mojibake(text)
    if whole is not None:
        return whole
    return _MOJIBAKE_WORD.sub(lambda m: _decode_mojibake(m.group(0)) or m.group(0), text)


_MOJIBAKE_WORD = re.compile(r"\S*[ÃÂ]\S*")


def _decode_mojibake(text: str) -> str | None:
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return None


# PDF extraction prints accents as separate spacing characters ("Kamin´ski", "S ´ wia ˛tek");
# NFKC turns them into a space + combining mark, which splits the name in two. GROBID also
# repeats such names ("Markovic´MMarkovic´Markovic´M", "Kotlin´skaKotlin´ska J").
# Spacing accents that NFKC leaves alone (caron, circumflex): mapped to the same "space +
# combining mark" form that NFKC gives the others (´ ¨ ¸ ˛ ˚ ˜).
_SPACING_ACCENTS = str.maketrans({"\u02c7": " \u030c", "\u02c6": " \u0302"})
_SPACED_MARK = re.compile(rf"\s+([\u0300-\u036f])(?:\s+(?=[{LOWER}]))?")
_LOOSE_MARK = re.compile(r"[\u0300-\u036f]")
_ACCENT_REPEAT = re.compile(rf"([{UPPER}][{LOWER}]+[\u0300-\u036f][{LOWER}]*)([{UPPER}]{{0,3}})\1(?:\1)?\2")


def _repair_accents(text: str) -> str:
    """Reattach detached accents to their letter and undo the repeated-name debris."""
    if not any("\u0300" <= ch <= "\u036f" for ch in text):
        return text
    text = _SPACED_MARK.sub(r"\1", text)
    text = _ACCENT_REPEAT.sub(lambda m: m.group(1) + (" " + m.group(2) if m.group(2) else ""), text)
    text = unicodedata.normalize("NFC", text.replace("ı\u0302", "î").replace("ı\u0308", "ï"))
    # A mark that composes with nothing would split a word for the name and title patterns.
    return _LOOSE_MARK.sub("", text)


_DOI_TOKEN = re.compile(DOI_START + r"\S*$")


def _single_stop(m: re.Match[str]) -> str:
    """``Title.. Journal`` -> one stop; but a DOI may contain ``..`` (``10.24302/x.esp..3107``)."""
    start = m.string.rfind(" ", 0, m.start()) + 1
    return m.group(0) if _DOI_TOKEN.search(m.string, start, m.start()) else "."


def clean(raw: str) -> Cleaned:
    """Normalise one raw reference string; never raises on garbage."""
    ids: dict[str, str] = {}
    text = raw
    if "Ã" in text or "Â" in text:
        text = _repair_mojibake(text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = _repair_accents(unicodedata.normalize("NFKC", text.translate(_SPACING_ACCENTS)))
    text = text.replace("\u00ad", "")
    if "](" in text:
        text = _strip_links(text, ids)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "``" in text:  # LaTeX quotes: ``Title,''
        text = text.replace("``", "“").replace("''", "”")
    if "\n" in text:
        text = _STRAY_NUMBER_LINE.sub(" ", text)
        text = join_line_hyphens(text)
        text = _SLASH_BREAK.sub("/", text)
    if "- " in text:
        text = _HYPHEN_SPACE.sub(_join_hyphen, text)
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
