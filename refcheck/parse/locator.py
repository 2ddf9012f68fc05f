"""The locator: year/volume/issue/pages as each style prints it.

One pattern per layout; every match is a candidate and the most specific layout wins (a pattern
that ties year, volume and pages together beats a bare ``vol, pages``), earliest first. Taking
the *earliest* strong match is what keeps a trailing ``; erratum J 2000;8:510`` from overriding
the main locator. Patterns are anchored on punctuation, never on open-ended ``.*``, so they run in
linear time on garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.text.chars import MONTHS, YEAR
from refcheck.text.pages import expand_pages

_DASH = r"\s?[-‐‑‒–—−]{1,2}\s?"
# Front-matter pages are roman ("III-318", "xii-xiv"): one case throughout, never a word.
_PG1 = r"(?:(?:[A-Za-z]{1,4})?\d{1,8}(?:[A-Z]{1,2}\d{1,4})?[A-Za-z]{0,2}|[IVXLC]{1,7}(?![a-z])|[ivxlc]{1,7}(?![a-z]))"
# One range, or several non-contiguous ones after a first range ("34-6, 87-91"; "1-3, 7, 12").
_PAGES = (
    rf"(?P<pages>{_PG1}(?:{_DASH}{_PG1}(?:,\s?(?!(?:1[5-9]|20)\d\d\b){_PG1}(?:{_DASH}{_PG1})?(?![\w/])){{0,4}})?)"
    rf"(?![\w/])"
)
# A volume may be a range ('2004;223–224:109-115', a double issue bound as one).
_VOL = r"(?P<vol>\d{1,5}(?:[-–]\d{1,5})?[A-Z]?(?:\s+Suppl\.?(?:\s?\d{1,3})?)?)"
# Roman volumes ("1914;LXII(16):1216") only where a year anchors the locator.
_VOL_R = r"(?P<vol>\d{1,5}(?:[-–]\d{1,5})?[A-Z]?(?:\s+Suppl\.?(?:\s?\d{1,3})?)?|[IVXLC]{1,7}(?=\s?[(:]))"
# IEEE also prints a roman volume as deposited ("vol. XXVI, no. 18").
_VOL_IEEE = _VOL[:-1] + r"|[IVXLC]{1,7}(?=\s?,))"
_ISS = r"(?:\s?\((?P<iss>[^()]{1,30})\))?"
# A numero label before a volume ("2024;n° 95(2):1-235"): printed as registered, not a container word.
_NUMERO = r"(?:[Nn]\s?[°º]\.?\s?)?"
# IEEE issue: "no. 3", "no. 1_suppl", "no. ed.esp." (dotted special-issue labels).
_ISS_IEEE = r"(?P<iss>[\w-]{1,12}(?:\.[\w-]{1,12}){0,2}\.?)"
_PP = r"(?:pp?\.?\s?)?"
_Y = rf"(?P<year>{YEAR})[a-z]?"
_MONTH = rf"(?:\s+(?P<month>{MONTHS}\.?(?:\s?[-/]\s?{MONTHS}\.?)?)(?:\s+\d{{1,2}}(?:\s?-\s?\d{{1,2}})?)?)?"

# (tier, name, regex): lower tier = more specific.
LAYOUTS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (
        1,
        "vancouver",
        re.compile(rf"{_Y}{_MONTH}\s?[;:]\s?{_NUMERO}{_VOL_R}?{_ISS}\s?(?::{{1,2}}|;(?=\s?\d))\s?{_PP}{_PAGES}"),
    ),
    (1, "bmc", re.compile(rf"{_Y}{_MONTH}\s?,\s?{_VOL}{_ISS}\s?:{{1,2}}\s?{_PP}{_PAGES}")),
    (
        1,
        "nature",
        # Nature may print the DOI URL between the pages and the year ('95, 1–11, https://doi… (2018)').
        re.compile(
            rf"(?<![\w.]){_VOL}{_ISS}\s?,\s?{_PP}{_PAGES}(?:\s?,\s?(?:(?:https?://|doi:\s?)[^\s()]+)?)?"
            rf"\s?\(\s?(?:{MONTHS}\.?\s)?{_Y}\s?\)"
        ),
    ),
    (
        1,
        "ieee",
        re.compile(
            rf"\b(?:[Vv]ol(?:ume)?\.?|[Vv]\.)\s?{_VOL_IEEE}\s?,?\s?(?:(?:[Nn]o|[Ii]ss(?:ue)?)\.?\s?{_ISS_IEEE}\s?,?\s?)?"
            rf"(?:(?:{MONTHS}\.?\s+)?{_Y}\s?,\s?)?[Pp]p?\.?\s?{_PAGES}"
        ),
    ),
    (
        1,
        "chicago",
        re.compile(
            rf"(?<![\w.]){_VOL}(?:\s?,\s?no\.\s?(?P<iss>[\w-]{{1,10}}))?\s?\((?:[^()0-9]{{0,20}}\s)?{_Y}\)\s?[:,]\s?{_PP}{_PAGES}"
        ),
    ),
    # Elsevier numbered: "J. Clin. Invest. 108 (2001) 1-9".
    (1, "elsevier", re.compile(rf"(?<![\w.]){_VOL}\s\({_Y}\)\s?{_PP}{_PAGES}")),
    (1, "vancouver", re.compile(rf"{_Y}{_MONTH}\s?;\s?{_VOL}?{_ISS}(?=\s?\.?\s?$)")),
    (2, "springer", re.compile(rf"(?<![\w.,;:/-]){_VOL}{_ISS}\s?:\s?{_PP}{_PAGES}")),
    # ACS/chemistry: "J. Am. Chem. Soc. 2007, 129, 3226-3237", "J Appl Phys 2004, 95, (2), 649-655".
    (
        2,
        "acs",
        re.compile(
            rf"(?<=[^\W\d_]\s|\.\s){_Y}\s?,\s?{_VOL}(?:\s?,?\s?\((?P<iss>[^()]{{1,30}})\))?\s?,\s?{_PP}{_PAGES}(?=\s?(?:[.;]|$))"
        ),
    ),
    # "Journal 12(3) 345-367": no punctuation between the issue and the pages.
    (
        2,
        "springer",
        re.compile(rf"(?<![\w.,;:/-]){_VOL}\s?\((?P<iss>[^()]{{1,30}})\)\s{_PP}{_PAGES}(?=\s?(?:[.;,]|$))"),
    ),
    (
        3,
        "apa",
        re.compile(
            rf"(?:,\s?|\s){_VOL_R}{_ISS}\s?,\s?{_PP}{_PAGES}(?=\s?(?:[.;]|$|\(\s?{YEAR}|,\s?(?:{MONTHS}\.?\s)?{YEAR}\.?$))"
        ),
    ),
    (4, "apa", re.compile(rf"(?:,\s?|\s){_VOL}\s?\((?P<iss>[^()]{{1,30}})\)(?=\s?\.?\s?$)")),
    # Chapter or proceedings pages with no volume: 'In: Winter simulation conference. IEEE, pp 708–717'.
    (5, "chapter", re.compile(rf"(?<![\w.])(?:pp\.?|pages)\s?(?P<pages>{_PG1}{_DASH}{_PG1})(?![\w/])")),
    # ACM proceedings end on a bare page range: '… In Proceedings of CVPR. 5505–5514.' (not a year span).
    (6, "chapter", re.compile(rf"(?<=\.\s)(?!(?:1[5-9]|20)\d\d\b)(?P<pages>\d{{1,6}}{_DASH}\d{{1,6}})\.?\s*$")),
)

_SUPPL = re.compile(r"\b(?:Suppl(?:ement)?|Supp|Sup)\.?(?:\s?(?P<n>[\w-]{1,6}))?", re.I)


@dataclass(slots=True)
class Locator:
    layout: str
    start: int
    end: int
    year: int | None = None
    month: str | None = None
    volume: str | None = None
    issue: str | None = None
    supplement: str | None = None
    pages: str | None = None
    first_page: str | None = None
    last_page: str | None = None


def _split_supplement(value: str | None) -> tuple[str | None, str | None]:
    """``2 Suppl`` -> (``2``, ``Suppl``); ``Suppl 1`` -> (None, ``Suppl 1``); ``8`` -> (``8``, None)."""
    if not value:
        return None, None
    m = _SUPPL.search(value)
    if not m:
        return value.strip() or None, None
    rest = (value[: m.start()] + value[m.end() :]).strip(" ,.")
    suppl = "Suppl" + (f" {m.group('n')}" if m.group("n") else "")
    return rest or None, suppl


def _build(layout: str, m: re.Match[str]) -> Locator:
    gd = m.groupdict()
    loc = Locator(layout, m.start(), m.end())
    if gd.get("year"):
        loc.year = int(gd["year"])
    loc.month = (gd.get("month") or None) and gd["month"].rstrip(".")
    vol, vsup = _split_supplement(gd.get("vol"))
    iss, isup = _split_supplement(gd.get("iss"))
    loc.volume, loc.issue, loc.supplement = vol, iss, vsup or isup
    if gd.get("pages"):
        loc.pages = gd["pages"].strip()
        # Non-contiguous pages: first and last page of the first range.
        loc.first_page, loc.last_page = expand_pages(loc.pages.split(",")[0])
    return loc


def find_locator(text: str, pos: int = 0) -> Locator | None:
    """The best locator in ``text[pos:]`` (see module docstring), or None."""
    best: tuple[int, int, str, re.Match[str]] | None = None
    for tier, layout, rx in LAYOUTS:
        if best is not None and tier > best[0]:
            break
        if tier >= 3:
            # Weak ", 12, 34-56" shapes also occur inside titles ("September 11, 2001."): the
            # real one is the last.
            m = None
            for m in rx.finditer(text, pos):  # noqa: B007 -- keep the last match
                pass
        else:
            m = rx.search(text, pos)
        if m and (best is None or tier < best[0] or (tier == best[0] and m.start() < best[1])):
            best = (tier, m.start(), layout, m)
    if best is None:
        return None
    return _build(best[2], best[3])
