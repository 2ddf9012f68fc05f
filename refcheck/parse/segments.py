"""Title and container: the text between the byline (and author-date year) and the locator.

The container is read backwards from the locator: the last sentence is the journal, and
single-token sentences before it (``Nat. Chem. Biol.``, ``Proc. Natl. Acad. Sci.``) are absorbed
as parts of a dotted abbreviation. Everything before is the title, so a title with an inner
full stop (``Technic and results.``, ``E. coli``) stays whole. Markdown emphasis, when the source
had it, overrides the heuristic (publishers italicise the journal and embolden the title).
"""

from __future__ import annotations

import re

from refcheck.text.chars import UPPER, YEAR

_BOUNDARY = re.compile(r"(?<=[^\s.])([.?!])(?:\s?[\"”’])?\s+(?=\S)")
_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»"}
_TRAIL = " .,;:"
_STRAIGHT_CLOSE = re.compile(r'[,.?!]"(?=\s|$)')
# One piece of a dotted abbreviation ("Nat", "Biol", "A: Math"); never a strain or clone name
# with digits ("Pseudoalteromonas sp. SM9913. J Biol Chem").
_ABBREV_PIECE = re.compile(rf"[{UPPER}](?:[^\W\d_]|[&'-]){{0,17}}(?::\s[{UPPER}][^\W\d_]{{0,9}})?")
# Abbreviations that end with a period inside a title, never a sentence ("A vs. B. JAMA",
# "e.g. aspirin"): no title/journal boundary after them. Not "sp."/"spp.", which end titles too.
_NO_BREAK = re.compile(r"(?<![\w.])(?:vs|e\.g|i\.e|cf|viz|approx)$")
# A dotted initialism that opens a journal name ("A.M.A. Archives of Neurology", "J.A.M.A.").
_INITIALISM = re.compile(rf"[{UPPER}](?:\.[{UPPER}])+")
# A long lower-case last word ends a sentence, not an abbreviation ("... material engineering.").
_SENTENCE_WORD = re.compile(r"(?<!\S)[a-z]{6,}\.$")
# A journal's series designation after its main title ("Ser. A", "Section D", "Part B").
_SERIES = re.compile(r"(?:Ser(?:ies)?|Sect(?:ion)?|Part)\.?\s[A-Z1-9]\b")
# A first piece so short that it can only open a dotted abbreviation ("J.", "Am.", "Proc.").
_ABBREV_LEAD = re.compile(rf"[{UPPER}][a-z]{{0,3}}")
# The head of a journal title that continues after a period: "Journal of Experimental
# Psychology. Learning, Memory, and Cognition", "Nature Reviews. Immunology".
_JOURNAL_HEAD = re.compile(
    r"(?:The\s)?(?:Journals?\sof|Annals\sof|Archives\sof|Proceedings\sof|Transactions\sof|Bulletin\sof|"
    r"Nature\s[Rr]eviews|Acta)(?:\s(?:[A-Z][\w&-]*|of|and|the|in|for|&))*"
)
# "Expert Rev." / "Trends Cogn." inside a dotted abbreviation: capitalised words, short last one.
_ABBREV_WORDS = re.compile(
    rf"(?:[{UPPER}][\w&'-]{{0,13}}\s){{1,2}}(?!(?:I|II|III|IV|V|VI)$)[{UPPER}][a-z]{{0,7}}"
)
_TRAILING_YEAR = re.compile(rf"[\s,;(]*\(?({YEAR})[a-z]?\)?[\s.,;:]*$")
_MEDIUM = re.compile(
    r"\s?\[(?:Preprint|Internet|Online|Epub|Epub ahead of print|serial online|CD-ROM|dissertation)\]", re.I
)
_CONF_TAIL = re.compile(rf";\s?{YEAR}\b.*$")
_IN_PREFIX = re.compile(r"^(?:In\s?:\s?|In\s+)", re.I)
_SUPPL_TAG = re.compile(r"\s?\[\s?Supp?l?(?:ement)?\.?\s?\d*\s?\]")


def _strip_quotes(t: str) -> str:
    """Drop enclosing or stray quote marks, keeping a quotation that belongs to the title."""
    if len(t) > 1 and t[0] in '"“‘' and t[-1] in '"”’':
        return t[1:-1].strip()
    if t.count('"') % 2 == 1:
        return t.strip('"').strip()
    if t.count("“") != t.count("”"):
        return t.strip("“”").strip()
    return t.strip("‘’").strip() if t.count("‘") != t.count("’") else t


def strip_title(title: str | None) -> str | None:
    """Trailing separators off; a final ``?``/``!`` is part of the title and stays."""
    if not title:
        return None
    t = title.strip().rstrip(" ,;:")
    if t.endswith(".") and not t.endswith("..."):
        t = t[:-1].rstrip()
    t = _strip_quotes(t.strip())
    t = t.rstrip(" ,;:")
    if t.endswith("?."):
        t = t[:-1]
    return t or None


def strip_container(container: str | None) -> str | None:
    """Keep a dotted abbreviation's final period only when it has other periods (``Nat. Med.``).

    Medium tags (``[Internet]``, ``[Preprint]``) and a proceedings' ``; 2019 May 1-3; Boston``
    tail are not part of the container's name.
    """
    if not container:
        return None
    c = container.strip(" ,;:").lstrip(". ")  # "'Title'. Journal": the stop after a quote
    if "[" in c:
        c = _MEDIUM.sub("", c)
    if ";" in c:
        c = _CONF_TAIL.sub("", c)
    c = _IN_PREFIX.sub("", c)
    if c.endswith(".") and (_dotted_body(c).count(".") == 1 or _SENTENCE_WORD.search(c)):
        c = c[:-1]  # keep "Nat. Med." and "Reg. deb." whole; "... material engineering." is no abbreviation
    c = c.strip(" ,;:")
    return c or None


def _dotted_body(container: str) -> str:
    """The container without a leading initialism ("A.M.A. Archives of Neurology.")."""
    m = _INITIALISM.match(container)
    return container[m.end() + 1 :] if m and container[m.end() : m.end() + 1] == "." else container


def take_suppl_tag(title: str | None) -> tuple[str | None, bool]:
    """``... vertebroplasty [Suppl]`` -> title without the tag, True (it is issue information)."""
    if not title or "[" not in title:
        return title, False
    new = _SUPPL_TAG.sub("", title)
    return new.strip(), new != title


def trailing_year(container: str) -> tuple[str, int | None]:
    """``Journal, 2003`` -> (``Journal``, 2003): BMC/APA variants put the year before the volume."""
    offset = max(0, len(container) - 40)  # the year is at the very end: never scan a long string
    m = _TRAILING_YEAR.search(container, offset)
    if not m or m.start() == 0 or (")" in m.group(0)) != ("(" in m.group(0)):
        return container, None
    return container[: m.start()], int(m.group(1))


# A closing single quote: after the title's own final punctuation, or right before the
# separator that follows the title. A bare "'" + space is only a fallback, because a possessive
# plural inside the title looks the same ("'Parents' views on vaccination',").
_SQ_CLOSE_STRONG = re.compile(r"(?<=[.?!])['’](?=\s|$)|['’](?=[,.;:](?:\s|$))")
_SQ_CLOSE_WEAK = re.compile(r"['’](?=\s|$)")


def _single_quote_close(text: str, start: int) -> int:
    """Offset of the quote closing a ``'Title'``/``‘Title’`` (Harvard), skipping apostrophes."""
    m = _SQ_CLOSE_STRONG.search(text, start, start + 600) or _SQ_CLOSE_WEAK.search(text, start)
    return m.start() if m else -1


def quoted_title(text: str, pos: int) -> tuple[str, int] | None:
    """A title in quotes at ``pos`` (IEEE, Chicago, MLA): its text and the offset after it."""
    if pos >= len(text) or text[pos] not in _QUOTE_OPEN:
        return None
    close = _QUOTE_CLOSE[text[pos]]
    end = text.find(close, pos + 1)
    if close == '"':
        # Straight quotes nest badly ("Erratum to "X","): prefer a quote closed after punctuation.
        m = _STRAIGHT_CLOSE.search(text, pos + 1)
        end = m.start() + 1 if m else end
    if close in "'’":  # the closing mark doubles as an apostrophe ("Children’s", "Parents’")
        end = _single_quote_close(text, pos + 1)
    if end < 0 or end - pos < 3:
        return None
    # A quoted phrase that only opens the title ("'Reading the Mind in the Eyes' Test") is not it.
    inner_end = text[end - 1]
    after = text[end + 1 : end + 2]
    if inner_end not in ",.?!" and after not in ("", ",", ".", ";"):
        return None
    return text[pos + 1 : end], end + 1


def emphasised_at(text: str, pos: int, spans: list[str], slack: int = 3) -> tuple[str, int] | None:
    """An emphasised span (Markdown bold/italic) that starts at ``pos`` (± ``slack``)."""
    for span in spans:
        if len(span) < 2:
            continue
        i = text.find(span, max(0, pos - slack), pos + slack + len(span))
        if 0 <= i <= pos + slack:
            return span, i + len(span)
    return None


_JOURNAL_WORD = re.compile(rf"(?:[{UPPER}][\w.&'’-]*|of|and|the|in|for|on|de|des|der|für|&|\(.*\))")


def _comma_split(region: str) -> tuple[str, str] | None:
    """``Title, J. Clin. Invest.`` (Elsevier/IEEE-without-quotes): split at the last comma whose
    tail reads like a journal name (capitalised words and connectives only)."""
    i = region.rfind(", ")
    if i <= 0:
        return None
    tail = region[i + 2 :].strip()
    words = tail.split()
    if not words or len(words) > 10 or not all(_JOURNAL_WORD.fullmatch(w) for w in words):
        return None
    if not words[0][0].isupper():
        return None
    return region[:i], tail


def split_title_container(
    region: str, italic: list[str], comma_style: bool = False
) -> tuple[str | None, str | None]:
    """Split ``Title. Journal`` (the text before the locator) into its two parts."""
    region = region.strip(" ,;:")
    if not region.strip(_TRAIL):
        return None, None
    if comma_style:
        words = region.split()
        if ", " not in region and len(words) <= 8 and all(_JOURNAL_WORD.fullmatch(w) for w in words):
            return None, strip_container(region)  # physics style: "P. Kutter, Trends Anal. Chem. 19, 352"
        title, container = _period_split(region, italic)
        last = (title or "").split()[-1:] or [""]
        if title is None or (len(last[0]) <= 3 and last[0][:1].isupper()):
            split = _comma_split(region)
            if split:
                return strip_title(split[0]), strip_container(split[1])
        return title, container
    return _period_split(region, italic)


def _period_split(region: str, italic: list[str]) -> tuple[str | None, str | None]:
    """The default split: at a sentence boundary, absorbing dotted-abbreviation pieces."""
    for span in italic:
        if len(span) > 1 and region.endswith(span.rstrip(_TRAIL)) and len(span) < len(region):
            head = region[: len(region) - len(span.rstrip(_TRAIL))]
            return strip_title(head), strip_container(span)
    bounds = [
        b
        for b in _BOUNDARY.finditer(region)
        if not _NO_BREAK.search(region, max(0, b.start() - 8), b.start())
    ]
    if not bounds:
        # One sentence only: a short run is a journal with no title (or vice versa); a long
        # one is a title whose journal we cannot separate. Don't guess.
        if len(region.split()) <= 6:
            return None, strip_container(region)
        return strip_title(region), None
    k = len(bounds) - 1
    # A journal that opens with a spelled-out head ("Archives of Dermatology", "Journal of
    # ...") is complete, not the tail of a dotted abbreviation, so the one-word sentences
    # before it ("... epidermis. I. Histogenesis.") belong to the title. ("IEEE Trans. on
    # Knowledge ...", "J. of Mult.-Valued Logic" do not open that way and are still absorbed.)
    opening = _JOURNAL_HEAD.match(region, bounds[k].end())
    full_name = opening is not None and " of " in opening.group(0)  # not "Acta", which ends "Biochim. Biophys. Acta"
    while k >= 1 and bounds[k].group(1) == "." and not full_name:
        piece = region[bounds[k - 1].end() : bounds[k].start()]
        if not (_ABBREV_PIECE.fullmatch(piece) or _ABBREV_WORDS.fullmatch(piece)):
            break
        k -= 1
    if full_name and k >= 1 and _INITIALISM.fullmatch(region, bounds[k - 1].end(), bounds[k].start()):
        k -= 1  # "Hereditary ataxia. A.M.A. Archives of Neurology": the initialism is the journal's
    if (
        k == 0
        and len(bounds) >= 2
        and bounds[0].group(1) == "."
        and _ABBREV_LEAD.fullmatch(region, 0, bounds[0].start())
    ):
        # "J. Am. Chem. Soc.": every piece is part of one dotted abbreviation, no title (ACS,
        # physics). A one-word title before a one-word journal ("Gout. Lancet") has one bound.
        return None, strip_container(region)
    if (
        k >= 1
        and bounds[k].group(1) == "."
        and _JOURNAL_HEAD.fullmatch(region, bounds[k - 1].end(), bounds[k].start())
    ):
        k -= 1
    if k >= 1 and bounds[k].group(1) == "." and _SERIES.match(region, bounds[k].end()):
        k -= 1  # "JSME international journal. Ser. A, Mechanics ...": the series is the journal's
    cut = bounds[k]
    title = region[: cut.start() + (0 if cut.group(1) == "." else 1)]
    return strip_title(title), strip_container(region[cut.end() :])
