"""RC4xx: year, volume, issue, supplement and pages.

Representation is tolerated: online-first vs print year (noted), NLM page elision (``728-34`` ==
``728-734``), zero-padded and ``e``-prefixed article numbers (``e0123`` == ``e123`` == ``123``),
``Vol.``/``No.`` labels, ``Suppl 2``/``S2``/``Supplement_2``. A wrong first page is an error, a
wrong last page a warning (field notes §4.6).
"""

from __future__ import annotations

import re
from functools import lru_cache

from refcheck.checks.registry import field_check, make_finding, rule
from refcheck.config import Settings
from refcheck.model import Citation, Finding, Severity, Work
from refcheck.text.fold import dashes, fold
from refcheck.text.pages import expand_pages, same_page

YEAR_MISMATCH = rule(
    "RC401", "year-mismatch", "year", Severity.ERROR,
    "The cited year matches neither the issued, print nor online year.",
    "The registered record was published in another year. Online-first and print years are "
    "both accepted. Example: cited `2019`, registered `2018` (print and online)."
)
YEAR_ONLINE_PRINT = rule(
    "RC402", "year-online-print", "year", Severity.INFO,
    "The cited year is the print (or online) year, not the earliest issued year.",
    "Tolerated: the article appeared online in one year and in print the next, and the "
    "reference gives the later one (or the other way round). Example: online 2019, print 2020, "
    "cited 2020."
)
VOLUME_MISMATCH = rule(
    "RC403", "volume-mismatch", "volume", Severity.ERROR,
    "The cited volume differs from the registered volume.",
    "Example: cited `2005;12(3)`, registered volume `13`. Labels (`Vol.`), leading zeros and "
    "supplement markers are ignored when comparing."
)
ISSUE_MISMATCH = rule(
    "RC404", "issue-mismatch", "issue", Severity.ERROR,
    "The cited issue differs from the registered issue.",
    "Example: cited `11(8)`, registered issue `9`. A cited issue that is one part of a "
    "registered combined issue (`1` for `1-2`) is a warning."
)
ISSUE_MISSING = rule(
    "RC405", "issue-missing", "issue", Severity.INFO,
    "The citation gives no issue; the registry has one.",
    "Continuously paginated journals may omit the issue (Citing Medicine), so this is "
    "informational. The registered issue is given as the fix."
)
FIRST_PAGE_MISMATCH = rule(
    "RC406", "first-page-mismatch", "pages", Severity.ERROR,
    "The first page (or article number) differs from the registry.",
    "Compared strictly after undoing NLM elision and zero-padding. Example: cited `728-34`, "
    "registered `782-790`. A first page differing only in a letter prefix (`S93` vs `93`) is "
    "a warning."
)
LAST_PAGE_MISMATCH = rule(
    "RC407", "last-page-mismatch", "pages", Severity.WARNING,
    "The last page differs from the registry.",
    "The first page agrees but the range ends elsewhere, after expanding elided ranges "
    "(`728-34` = `728-734`). Example: cited `728-36`, registered `728-734`."
)
PAGES_MISSING = rule(
    "RC408", "pages-missing", "pages", Severity.INFO,
    "The citation gives no pages (or no last page); the registry has them.",
    "The registered pages or article number are given as the fix, e.g. `e297` or `728-34`."
)
SUPPLEMENT_MISMATCH = rule(
    "RC409", "supplement-mismatch", "issue", Severity.WARNING,
    "The cited supplement differs from the registered supplement.",
    "Both sides name a supplement and the numbers differ, e.g. cited `Suppl 2`, registered "
    "`Suppl 1`. A supplement given on one side only is not reported (registries often omit it)."
)
VOLUME_MISSING = rule(
    "RC410", "volume-missing", "volume", Severity.INFO,
    "The citation gives no volume; the registry has one.",
    "Vancouver references give the volume after the year (`1998;11(8):728-34`). Example: "
    "`Mod Pathol. 1998;(8):728-34.` for a record in volume 11; the registered volume is the fix."
)

_SUPPL = re.compile(r"\b(?:suppl(?:ement)?|supp|sup)\b\.?[\s_]*([0-9]+[a-z]?|[a-z](?![a-z]))?")
_PART = re.compile(r"\b(?:pt|part)\b\.?\s*([0-9a-z]+)")
_LABEL = re.compile(r"\b(?:vol(?:ume)?|no|num(?:ber)?|issue|iss|nr)\b\.?")
# The numero sign ("n° 95", "Nº 3") is a label like "No." (folding would spell it "n deg").
_NUMERO = re.compile(r"\b[Nn]\s?[°º]\.?")


@lru_cache(maxsize=8192)
def split_issue(text: str | None) -> tuple[str | None, str | None, str | None]:
    """``"1 Suppl 2"`` -> ("1", "2", None); ``"S2"`` -> (None, "2", None); ``"986 Pt 1"`` -> ("986", None, "1").

    The supplement is ``""`` when a supplement is named without a number.
    """
    if not text:
        return None, None, None
    t = _LABEL.sub(" ", fold(dashes(_NUMERO.sub(" ", text))))
    suppl: str | None = None
    part: str | None = None
    m = _SUPPL.search(t)
    if m:
        suppl = m.group(1) or ""
        t = t[: m.start()] + " " + t[m.end():]
    else:
        m2 = re.fullmatch(r"\s*s(\d+)\s*", t)
        if m2:
            suppl, t = m2.group(1), ""
    m = _PART.search(t)
    if m:
        part = m.group(1)
        t = t[: m.start()] + " " + t[m.end():]
    tokens = [(tok.lstrip("0") or "0") if tok.isdigit() else tok for tok in re.findall(r"[0-9a-z]+", t)]
    main = "-".join(tokens) or None
    if suppl:
        suppl = suppl.lstrip("0") or "0"
    return main, suppl, part


def _parts(main: str) -> set[str]:
    return set(main.split("-"))


@field_check("year")
def check_year(citation: Citation, work: Work, settings: Settings, source: str, others: list[Work]) -> list[Finding]:
    """RC401/RC402: the issued year, else the print or online year (both accepted)."""
    issued = work.year or work.year_print or work.year_online
    if citation.year is None or issued is None or citation.year == issued:
        return []
    alt = [y for y in (work.year_print, work.year_online) if y is not None]
    if citation.year in alt:
        which = "print" if citation.year == work.year_print else "online"
        return [make_finding(YEAR_ONLINE_PRINT, "mismatch",
                             f"{citation.year} is the {which} year; first published {issued}",
                             cited=str(citation.year), registered=_years(work), source=source)]
    right = work.year_print or issued
    return [make_finding(YEAR_MISMATCH, "mismatch", f"year {citation.year}, registered {_years(work)}",
                         cited=str(citation.year), registered=_years(work), suggestion=str(right),
                         source=source)]


def _years(work: Work) -> str:
    ys = sorted({y for y in (work.year, work.year_print, work.year_online) if y is not None})
    return "/".join(map(str, ys))


@field_check("volume/issue")
def check_volume_issue(citation: Citation, work: Work, settings: Settings, source: str, others: list[Work]) -> list[Finding]:
    cv, cvs, _ = split_issue(citation.volume)
    ci, cis, _ = split_issue(citation.issue)
    rv, rvs, _ = split_issue(work.volume)
    ri, ris, _ = split_issue(work.issue)
    out: list[Finding] = []
    if cv and rv and cv != rv:
        out.append(make_finding(VOLUME_MISMATCH, "mismatch", f"volume {citation.volume}, registered {work.volume}",
                                cited=citation.volume, registered=work.volume, suggestion=work.volume,
                                source=source))
    elif not cv and rv and not (citation.issue and citation.volume is None and ci == rv):
        out.append(make_finding(VOLUME_MISSING, "missing", f"no volume; registered volume {work.volume}",
                                registered=work.volume, suggestion=work.volume, source=source))
    if ci and ri and ci != ri:
        overlap = bool(_parts(ci) & _parts(ri))
        out.append(make_finding(ISSUE_MISMATCH, "mismatch", f"issue {citation.issue}, registered {work.issue}",
                                cited=citation.issue, registered=work.issue, suggestion=work.issue,
                                source=source, severity=Severity.WARNING if overlap else None))
    elif not ci and ri and not cis:
        out.append(make_finding(ISSUE_MISSING, "missing", f"no issue; registered issue {work.issue}",
                                registered=work.issue, suggestion=work.issue, source=source))
    cited_s = _suppl(citation.supplement) or cvs or cis
    reg_s = rvs or ris
    if cited_s and reg_s and cited_s != reg_s:
        out.append(make_finding(SUPPLEMENT_MISMATCH, "mismatch", f"supplement {cited_s}, registered {reg_s}",
                                cited=f"Suppl {cited_s}", registered=f"Suppl {reg_s}",
                                suggestion=f"Suppl {reg_s}", source=source))
    return out


def _suppl(text: str | None) -> str | None:
    if not text:
        return None
    _, s, _ = split_issue(text if re.search(r"(?i)sup", text) else f"Suppl {text}")
    return s or None


def _strip_e(page: str) -> str:
    return re.sub(r"^[eE](?=\d)", "", page.strip())


def page_equal(a: str | None, b: str | None) -> bool:
    """Equal pages/article numbers: zero-padding and an ``e`` prefix ignored (e0123 == 123)."""
    if not a or not b:
        return False
    return same_page(a, b) or same_page(_strip_e(a), _strip_e(b))


def _digits(page: str) -> str:
    return re.sub(r"\D", "", page).lstrip("0")


def _first_range(pages: str | None, first: str | None, last: str | None) -> tuple[str | None, str | None]:
    """First and last page of the first range: ``1-4, 12`` -> (1, 4) (non-contiguous pages).

    Only the first range is compared: the first page identifies the article, and later
    ranges (``passim``, continuation pages) are printed inconsistently by registries.
    """
    if pages and "," in pages:
        return expand_pages(re.split(r"\s*[,;]\s*", pages.strip())[0])
    if first:
        if last and "," in last:
            last = re.split(r"\s*[,;]\s*", last)[0]
        return first, last
    return expand_pages(pages)


@field_check("pages")
def check_pages(citation: Citation, work: Work, settings: Settings, source: str, others: list[Work]) -> list[Finding]:
    """RC406-RC408: first page strict (or article number), last page weaker, missing pages."""
    cf, cl = _first_range(citation.pages, citation.first_page, citation.last_page)
    rf, rl = _first_range(work.pages, work.first_page, work.last_page)
    art = work.article_number
    registered = work.pages or art
    if not rf and not art:
        return []
    if not cf:
        return [make_finding(PAGES_MISSING, "missing", f"no pages; registered {registered}",
                             registered=registered, suggestion=registered, source=source)]
    if not (page_equal(cf, rf) or page_equal(cf, art)):
        near = any(x and _digits(x) and _digits(x) == _digits(cf) for x in (rf, art))
        return [make_finding(FIRST_PAGE_MISMATCH, "mismatch",
                             f"first page {cf}, registered {registered}",
                             cited=citation.pages or cf, registered=registered, suggestion=registered,
                             source=source, severity=Severity.WARNING if near else None)]
    if page_equal(cf, art) and not page_equal(cf, rf):
        return []  # an article number: no range to compare
    if cl and rl and not page_equal(cl, rl):
        return [make_finding(LAST_PAGE_MISMATCH, "mismatch", f"last page {cl}, registered {rl}",
                             cited=citation.pages or f"{cf}-{cl}", registered=registered,
                             suggestion=registered, source=source)]
    if not cl and rl and not page_equal(rl, rf):
        return [make_finding(PAGES_MISSING, "missing", f"no last page; registered {registered}",
                             cited=citation.pages or cf, registered=registered, suggestion=registered,
                             source=source)]
    return []
