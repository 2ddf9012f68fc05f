"""The byline: a run of personal names (and possibly a group) at the start of a reference.

The scanner reads one name at a time from the start of the string and stops at the first token
that is not a name, so the author block needs no terminator (Vancouver ``.``, BMC ``:``,
Springer ``(1998)``, Nature ``Title`` all work). The *form* of the first name fixes the form of
the rest, which is what keeps title words from being read as names:

* ``V`` Vancouver/AMA/NLM: ``Family INITIALS`` (``Smith JA``, ``de Mestier P``, ``Bykov A.M.``);
* ``I`` inverted: ``Family, I. I.`` / ``Family, Given`` (APA, Harvard, Nature, Chicago first name);
* ``N`` natural order: ``J. A. Smith`` (IEEE, some Chicago).

Particles stay in ``family`` with their case as printed; 1-3 letter surnames (``Li``, ``Wu``) are
ordinary surnames, never particles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.model import Author
from refcheck.parse.name_patterns import (
    CAP,
    FAMILY_ONLY,
    NAME_FULL,
    NAME_I,
    NAME_N,
    NAME_U,
    NAME_V,
    PARTICLE,
    SUFFIX,
)
from refcheck.text.chars import LOWER, UPPER

_AND_END = re.compile(r"\b(?:and|&)\s+$")
_QUOTE_NEXT = re.compile(r",\s?[\"“]")
_SEP = re.compile(r"\s*(?:[,;]\s*(?:(?:and|&)\s+)?|\s(?:and|&)\s+)")
_ETAL = re.compile(r"\.?\s*,?\s*(?:et\.?\s*al\b\.?|and others\b\.?|\.\s?\.\s?\.|…)", re.I)
_GROUP_WORDS = re.compile(
    r"\b(?:Group|Committee|Consortium|Association|Society|Organi[sz]ation|Investigators|Collaborat\w*|"
    r"Institute|Council|Network|Team|Working|Task Force|Trialists|Cent(?:er|re)s?|Agency|Department|"
    r"Ministry|Board|Panel|Federation|College|Academy|Foundation|Office|Bureau|Registry|Program(?:me)?|"
    r"Study|Writing|Project|Commission|Services?|Authority|Coalition|Alliance|Health|Administration|Survey|"
    r"Consensus|Force|Agency|Unit|Union|Partnership|Initiative|Trial|Trialists|Statistics|Staff|Editors)\b"
)
_GROUP_TAIL = re.compile(
    r"(?:[Tt]he\s+)?([^.:;()\[\]\"“]{3,150}?(?:\s?\([A-Z][A-Za-z]{1,10}\))?)"
    r"(?=\s*[.:;]\s|\s*[.:;]?$|\s?\((?:1[5-9]|20)\d\d[a-z]?\)|,\s?[\"“]|,\s[A-Z][\w'’-]+\s[A-Z]{1,3}[,.])"
)
_GROUP_LEAD = re.compile(r"(?:for|on behalf of)\s+(?=(?:the\s+)?[A-Z])")
_CONNECTIVES = frozenset(
    ["of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "des", "la", "le", "et", "für", "und", "&", "van", "der"]
)
# "Ch." is one initial; a lone lower-case "d." (a particle's initial, "T.M.d.M.") is one too.
_INITIAL_LETTERS = re.compile(rf"[{UPPER}][{LOWER}]?|(?<![{UPPER}{LOWER}])[{LOWER}](?=\.)")


@dataclass(slots=True)
class Byline:
    authors: list[Author]
    end: int  # offset in the text just after the byline
    mode: str | None  # V | I | N | G (group only) | None
    et_al: bool = False
    dotted: bool = False  # initials printed with periods
    ampersand: bool = False


def _initials(raw: str) -> str:
    """``J. A.`` / ``J.-L.`` / ``JA`` -> ``JA`` / ``JL``; ``Ch.`` keeps its digraph as ``C``."""
    if "." not in raw and "-" not in raw:
        return raw.strip()
    return "".join(m.group(0)[0].upper() for m in _INITIAL_LETTERS.finditer(raw))


_GIVEN_SPLIT = re.compile(r"[\s.\-]+")
_LOOSE_HYPHEN = re.compile(r"\s?-\s?")


def _family(raw: str) -> str:
    # A PDF line break inside a hyphenated name leaves "Martin- Facklam": rejoin it.
    raw = " ".join(raw.split())
    return _LOOSE_HYPHEN.sub("-", raw) if "- " in raw or " -" in raw else raw


def read_person(m: re.Match[str]) -> Author:
    gd = m.groupdict()
    given = gd.get("given")
    init = gd.get("init")
    initials = _initials(init) if init else None
    if given:
        initials = "".join(p[0] for p in _GIVEN_SPLIT.split(given) if p)
        given = " ".join(given.split())
    return Author(
        family=_family(gd["family"]),
        given=given,
        initials=initials,
        suffix=(gd.get("suffix") or gd.get("suffix0") or gd.get("suffix1") or gd.get("suffix2") or "").rstrip(".")
        or None,
    )


def _group_at(text: str, pos: int) -> tuple[Author, int] | None:
    """A collective name (must contain a word like Group/Committee/Consortium) at ``pos``.

    A lead-in ('for the Collaborative Transplant Study:', 'on behalf of the …') is not part of it.
    """
    lead = _GROUP_LEAD.match(text, pos)
    m = _GROUP_TAIL.match(text, lead.end() if lead else pos)
    if not m or not _GROUP_WORDS.search(m.group(1)):
        return None
    name = m.group(1).strip(" ,")
    words = name.split()
    if len(words) > 14 or not name[:1].isupper():
        return None
    # A collective name is in title case ("Diabetes Prevention Program Research Group"); a
    # sentence-case title that happens to contain "trial" or "study" is not an author.
    content = [w for w in words if w.lower() not in _CONNECTIVES]
    if sum(1 for w in content if w[:1].isupper()) < 0.75 * len(content):
        return None
    return Author(group=name), m.end()


def _other_form(text: str, sep: re.Match[str], mode: str) -> re.Match[str] | None:
    """A name in another form than the first one, where styles legitimately mix forms.

    Chicago/MLA/JCB invert only the first author (``Falta, M.T., A.P. Fontenot, and B.L.
    Kotzin``; ``Stravinsky, Igor, and Robert Craft``); hand-made lists mix ``Loken, S, Jakobsen
    RB``. Full given names in natural order are accepted only after ``and`` or with a middle
    initial, so title words are not read as names.
    """
    at = sep.end()
    if mode != "N":
        m = NAME_N.match(text, at)
        if m:
            return m
    if mode == "I":
        full = NAME_FULL.match(text, at)
        if full and (_AND_END.search(sep.group(0)) or "." in full.group("given")):
            return full
    if mode == "N":
        # IEEE prints a registry's full given name as is ("J. L. Mehta and Dayuan Li, "Title,"");
        # only the last name, right before the quoted title, so title words never qualify.
        full = NAME_FULL.match(text, at)
        if full and _AND_END.search(sep.group(0)) and _QUOTE_NEXT.match(text, full.end()):
            return full
    if mode in ("I", "N", "U"):
        m = NAME_V.match(text, at)
        if m:
            return m
    if mode in ("V", "U"):
        m = NAME_I.match(text, at)
        if m and m.group("init"):
            return m
    return FAMILY_ONLY.match(text, at)


_MODES = (("V", NAME_V), ("I", NAME_I), ("N", NAME_N), ("U", NAME_U))


def _more_after_group(text: str, group: Author, pos: int) -> Byline:
    """``DECODA Study Group; International Diabetes Epidemiology Group (2002)``: groups (or
    people) may follow a leading group after a separator."""
    authors = [group]
    while True:
        sep = _SEP.match(text, pos)
        if not sep or sep.group(0).strip() not in (";", ",", "&", "and", ", and", "; and"):
            break
        nxt = NAME_V.match(text, sep.end())
        if nxt:
            authors.append(read_person(nxt))
            pos = nxt.end()
            continue
        g = _group_at(text, sep.end())
        if not g:
            break
        authors.append(g[0])
        pos = g[1]
    return Byline(authors, pos, "G")


_SPACES = re.compile(r"\s*")


def _after_ellipsis(text: str, e: re.Match[str], rx: re.Pattern[str]) -> re.Match[str] | None:
    """APA 7 with 21+ authors: first 19, ``. . .``, then the last author, who is kept.

    The list is still truncated (``et_al``), but the last name is a real author to compare.
    Only a name in the byline's own form is taken, so a title after ``...`` stays a title.
    """
    if "al" in e.group(0).lower() or "others" in e.group(0).lower():
        return None
    return rx.match(text, _SPACES.match(text, e.end()).end())  # type: ignore[union-attr]


_MONONYM = re.compile(rf"(?P<family>{CAP}),\s(?=[{UPPER}][{LOWER}]?\.)")


def _mononym_first(text: str, inverted: re.Match[str]) -> tuple[list[Author], int] | None:
    """IEEE ``Vandana, S. Kantipudi, N. Maheshwari``: a one-word name (a registry record with no
    given name) before natural-order names. Read as inverted, ``Vandana, S.`` would leave
    ``Kantipudi`` dangling with no separator, so that reading is taken only when one follows."""
    if _SEP.match(text, inverted.end()) or _ETAL.match(text, inverted.end()):
        return None
    mono = _MONONYM.match(text)
    nxt = NAME_N.match(text, mono.end()) if mono else None
    if mono is None or nxt is None:
        return None
    sep = _SEP.match(text, nxt.end())
    if not (_ETAL.match(text, nxt.end()) or (sep and NAME_N.match(text, sep.end()))):
        return None  # "Sussman, A. Psoriasis, methotrexate": a one-author Nature byline
    return [Author(family=mono.group("family")), read_person(nxt)], nxt.end()


def scan_byline(text: str) -> Byline:
    """Read the authors at the start of ``text``; an empty byline when none is recognised."""
    mode, m = None, None
    for name, rx in _MODES:
        m = rx.match(text)
        if m:
            mode = name
            break
    if m is None or mode is None:
        only = FAMILY_ONLY.match(text)
        if only:
            return Byline([Author(family=_family(only.group("family")))], only.end(), "V")
        g = _group_at(text, 0)
        if g:
            return _more_after_group(text, g[0], g[1])
        return _anchored_byline(text) or Byline([], 0, None)
    rx = dict(_MODES)[mode]
    authors = [read_person(m)]
    dotted = "." in (m.groupdict().get("init") or "")
    pos = m.end()
    if mode == "I" and (mono := _mononym_first(text, m)) is not None:
        mode, rx, dotted = "N", NAME_N, True
        authors, pos = mono
    et_al = amp = False
    while True:
        e = _ETAL.match(text, pos)
        if e:
            et_al = True
            pos = e.end()
            last = _after_ellipsis(text, e, rx)
            if last is not None:
                authors.append(read_person(last))
                pos = last.end()
            break
        sep = _SEP.match(text, pos)
        if not sep:
            break
        amp = amp or "&" in sep.group(0)
        nxt = None
        if mode == "I" and authors[0].given and _AND_END.search(sep.group(0)):
            # Chicago: "Stravinsky, Igor, and Robert Craft" -- the last name is in natural order.
            nxt = NAME_FULL.match(text, sep.end())
        nxt = nxt or rx.match(text, sep.end()) or _other_form(text, sep, mode)
        if nxt is None:
            g = _group_at(text, sep.end())
            if g:
                authors.append(g[0])
                pos = g[1]
            break
        authors.append(read_person(nxt))
        pos = nxt.end()
    if not et_al:
        pos, et_al = _extend_to_terminator(text, pos, mode, authors)
    return Byline(authors, pos, mode, et_al, dotted, amp)


# Where a byline certainly ends: Springer/APA "(1998)", BMC "Names: Title", IEEE's quoted title
# (``Names, "Title,"``) or an ``et al.`` (which is consumed and marks the list truncated).
_BYLINE_END = re.compile(r"\s?\((?:1[5-9]|20)\d\d[a-z]?\)|:\s|,\s?(?=[\"“])|(?P<etal>,?\s(?:et\.?\s?al\b\.?))")
# Abbreviated name parts that end in a full stop inside a surname ("St. Louis JD", "Ste. Marie").
_ABBREVIATED_PARTICLE = re.compile(r"(?:^|[\s,;])(?:St|Ste|Sta|Mt|Mc)$")
_V_END = re.compile(rf"(?<=\w)\.\s(?=[\"“{UPPER}0-9\[])")
CHUNK_SPLIT = re.compile(r"\s*(?:[,;]\s*(?:(?:and|&)\s+)?|\s(?:and|&)\s+)")
_LOOSE_INITIALS = re.compile(rf"[{UPPER}][{UPPER}.\-]{{0,5}}")
_BARE_SUFFIX = re.compile(rf"{SUFFIX}")
_NAMEISH = re.compile(rf"[{UPPER}][\w'’.\-]*|{PARTICLE}")


def _loose_name(chunk: str) -> Author | None:
    """One comma-separated chunk of a damaged byline ("Joyce", "DE Geest S", "Hannich H-")."""
    tokens = chunk.split()
    if not tokens or len(tokens) > 5 or not all(_NAMEISH.fullmatch(t) for t in tokens):
        return None
    if len(tokens) > 1 and _LOOSE_INITIALS.fullmatch(tokens[-1]):
        letters = "".join(ch for ch in tokens[-1] if ch.isalpha())
        return Author(family=_family(" ".join(tokens[:-1])), initials=letters or None)
    return Author(family=_family(" ".join(tokens)))


def _vancouver_stop(text: str, pos: int, limit: int) -> re.Match[str] | None:
    """Vancouver ends the byline at its first full stop after a name: names the strict patterns
    miss ("Mehta JL, Dayuan Li. Title", "Zheng C, A. ALsakran M, Bakir M. Title") are still
    authors. A stop inside a name ("A. ALsakran") is skipped: the chunk before it must be a
    whole name (two words, or a surname in lower case)."""
    for stop in _V_END.finditer(text, pos, limit):
        stretch = text[pos : stop.start()].strip()
        chunks = [c for c in CHUNK_SPLIT.split(stretch.lstrip(",;& ")) if c]
        if not stretch.startswith((",", ";")) or not chunks or len(chunks) > 6:
            return None
        last = chunks[-1].split()
        if len(last) < 2 and not any(ch.islower() for ch in last[0]):
            continue
        if _ABBREVIATED_PARTICLE.search(stretch) or NAME_V.match(text, stop.end()):
            continue  # "St. Mary CM": the stop is inside a name, a Vancouver name follows
        return stop if all(_loose_name(c) for c in chunks) else None
    return None


def _extend_to_terminator(text: str, pos: int, mode: str, authors: list[Author]) -> tuple[int, bool]:
    """Finish a byline the strict scanner gave up on, when its end is unambiguous.

    PDF damage ("Joyce, Hoekstra M", "Hannich H-", "DE Geest S") stops the strict scan midway,
    which would push the rest of the names into the title. If a ``(1998)`` or a BMC ``:`` closes
    the byline shortly after, and every chunk up to it reads as a name, the chunks are taken
    as (loosely parsed) names. Returns the new end and whether an ``et al.`` closed the list.
    """
    if mode not in ("V", "U", "I", "N"):
        return pos, False
    m = _BYLINE_END.search(text, pos, pos + 160)
    if mode in ("V", "U"):
        stop = _vancouver_stop(text, pos, m.start() if m else pos + 120)
        m = stop or m
    if not m or m.start() == pos:
        return pos, False
    stretch = text[pos : m.start()].strip()
    if not stretch.startswith((",", ";", "&", "and ")):
        return pos, False
    extra: list[Author] = []
    for chunk in CHUNK_SPLIT.split(stretch.lstrip(",;& ").removeprefix("and ")):
        if not chunk:
            continue
        if _BARE_SUFFIX.fullmatch(chunk) and (extra or authors):
            (extra or authors)[-1].suffix = chunk.rstrip(".")
            continue
        a = _loose_natural(chunk) if mode == "N" else _loose_name(chunk)
        if a is None:
            return pos, False
        extra.append(a)
    authors.extend(extra)
    if m.groupdict().get("etal"):
        return m.end(), True
    return m.start(), False


# Ends a byline whatever its names look like: "et al.", an author-date "(1998)", IEEE's quoted title.
_ANCHOR = re.compile(r"(?P<etal>,?\s(?:et\.?\s?al\b\.?))|(?P<year>\s?\((?:1[5-9]|20)\d\d[a-z]?\))|(?P<quote>,\s?(?=[\"“]))")
_HAS_INITIAL = re.compile(rf"(?:^|\s)[{UPPER}](?:\.|[{UPPER}]{{0,2}}(?:\s|$))")


def _anchored_byline(text: str) -> Byline | None:
    """A byline no name pattern reads, where the end is certain (``A.F. A, M. HG, R. MK, et al.``,
    ``W. E. W. (1962)``, ``Chun-Li Chang, Jalal SI, Wanfeng Huang, et al.``).

    Registry records with swapped or unsplit name parts get copied into manuscripts as printed;
    without this the whole byline lands in the title and the title check cries wolf. Every
    chunk must still read as a name; before a year or a quote (which also close an author-less
    title: "Diabetes care guidelines (2008)") each chunk must also be two words with an initial.
    """
    m = _ANCHOR.search(text, 0, 150)
    if not m or m.start() == 0:
        return None
    chunks = [c for c in CHUNK_SPLIT.split(text[: m.start()].strip()) if c]
    if not chunks or len(chunks) > 12:
        return None
    # A lone "S" before "Tan C (2010)" is the tail of a cut name, not a name; before IEEE's
    # quoted title (where nothing but a byline can stand) initials alone are a name ("T.J.C").
    shortest = 1 if m.group("quote") else 2
    if not m.group("etal") and not all(_HAS_INITIAL.search(c) and len(c.split()) >= shortest for c in chunks):
        return None
    authors = [_loose_name(c) for c in chunks]
    if any(a is None for a in authors):
        return None
    mode = "N" if m.group("quote") or _QUOTE_NEXT.match(text, m.end()) else "I" if m.group("year") else "V"
    return Byline([a for a in authors if a], m.end() if m.group("etal") else m.start(), mode, bool(m.group("etal")))


_LOOSE_NATURAL = re.compile(rf"(?P<init>(?:[{UPPER}][{LOWER}]?\.\s?-?\s?){{1,6}})\s*(?P<family>\S.*)")


def _loose_natural(chunk: str) -> Author | None:
    """One chunk of a damaged natural-order byline: ``G. Castaño-Vinyals``, ``Dayuan Li``."""
    m = _LOOSE_NATURAL.fullmatch(chunk)
    if m and all(_NAMEISH.fullmatch(t) for t in m.group("family").split()):
        return Author(family=_family(m.group("family")), initials=_initials(m.group("init")))
    tokens = chunk.split()
    if len(tokens) == 2 and all(_NAMEISH.fullmatch(t) and t[:1].isupper() for t in tokens):
        return Author(family=tokens[1], given=tokens[0], initials=tokens[0][0])
    return None
