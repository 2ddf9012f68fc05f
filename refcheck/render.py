"""Render one reference (a registered :class:`Work` or a parsed :class:`Citation`) in a citation style.

Used by ``refcheck fix`` (rewrite a reference in the manuscript's own style with the registered
values), by the accuracy benchmark (compare a registry record rendered in the gold string's style
with the gold string) and by the text report (show what the registered reference looks like).

Styles (field notes §4): ``vancouver`` (NLM/ICMJE: first 6 then ``et al.``, elided pages),
``ama`` (AMA 11th: >6 authors -> first 3 + ``et al.``, full page ranges, ``doi:``), ``apa``
(APA 7: full journal title, ``https://doi.org/``), ``harvard`` (Cite Them Right), ``ieee``
(initials first, quoted title, ``vol.``/``no.``/``pp.``) and ``nature`` (year last, >5 authors ->
first author + ``et al.``). Output is plain text: no italics or bold markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refcheck.model import Author, Citation, Work
from refcheck.text.fold import fold
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages

STYLES: tuple[str, ...] = ("vancouver", "ama", "apa", "harvard", "ieee", "nature")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EN_DASH = "\u2013"


@dataclass(frozen=True, slots=True)
class StyleRules:
    """The knobs that differ between styles; ``et_al_after`` authors or fewer are all listed."""

    et_al_after: int
    et_al_keep: int
    doi: bool
    abbreviate: bool
    dash: str


STYLE_RULES: dict[str, StyleRules] = {
    "vancouver": StyleRules(et_al_after=6, et_al_keep=6, doi=False, abbreviate=True, dash="-"),
    "ama": StyleRules(et_al_after=6, et_al_keep=3, doi=True, abbreviate=True, dash="-"),
    "apa": StyleRules(et_al_after=20, et_al_keep=19, doi=True, abbreviate=False, dash=_EN_DASH),
    "harvard": StyleRules(et_al_after=3, et_al_keep=1, doi=True, abbreviate=False, dash=_EN_DASH),
    "ieee": StyleRules(et_al_after=6, et_al_keep=1, doi=True, abbreviate=True, dash=_EN_DASH),
    "nature": StyleRules(et_al_after=5, et_al_keep=1, doi=False, abbreviate=True, dash=_EN_DASH),
}


@dataclass(slots=True)
class _Ref:
    """The fields a style needs, taken from either a Work or a Citation."""

    kind: str = "article"
    authors: list[Author] = field(default_factory=list)
    truncated: bool = False  # the source list itself ends with "et al."
    title: str | None = None
    journal: str | None = None  # full title
    journal_abbrev: str | None = None  # NLM / short title, no periods
    journal_iso: str | None = None  # ISO 4 with periods ("Mod. Pathol."), when known
    year: int | None = None
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    editors: list[Author] = field(default_factory=list)
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class _Opts:
    style: str
    et_al_after: int
    et_al_keep: int
    doi: bool
    pmid: bool
    abbreviate: bool
    dash: str


def render_reference(
    item: Work | Citation,
    style: str,
    number: int | None = None,
    *,
    et_al_after: int | None = None,
    et_al_keep: int | None = None,
    include_doi: bool | None = None,
    include_pmid: bool = False,
    abbreviate: bool | None = None,
) -> str:
    """One reference in ``style``, prefixed with ``"{number}. "`` (``"[n] "`` for IEEE) when given.

    ``et_al_after``: list every author when there are at most this many, else ``et_al_keep``
    then ``et al.`` (style defaults: ``STYLE_RULES``). ``include_doi``/``include_pmid`` add the
    identifiers; ``abbreviate`` picks the journal abbreviation over the full title.
    """
    style = style.lower()
    if style not in STYLE_RULES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    rules = STYLE_RULES[style]
    after = et_al_after if et_al_after is not None else rules.et_al_after
    keep = et_al_keep if et_al_keep is not None else (min(rules.et_al_keep, after))
    opts = _Opts(
        style=style,
        et_al_after=after,
        et_al_keep=keep,
        doi=rules.doi if include_doi is None else include_doi,
        pmid=include_pmid,
        abbreviate=rules.abbreviate if abbreviate is None else abbreviate,
        dash=rules.dash,
    )
    ref = _from_work(item) if isinstance(item, Work) else _from_citation(item)
    if style in ("vancouver", "ama") and ref.title:
        # NLM and AMA print article titles in sentence case, whatever case the registry holds
        from refcheck.casing import sentence_case

        ref.title = sentence_case(ref.title, item.titles if isinstance(item, Work) else ())
    body = _RENDERERS[style](ref, opts)
    body = re.sub(r"\s+", " ", body).strip()
    if number is None:
        return body
    return f"[{number}] {body}" if style == "ieee" else f"{number}. {body}"


# --------------------------------------------------------------------------- input views


def _clean(text: str | None) -> str | None:
    """Strip markup (Crossref JATS ``<i>``), collapse whitespace; None for empty."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", _TAG.sub("", text)).strip()
    return text or None


def _month_number(month: str | int | None) -> int | None:
    if month is None:
        return None
    if isinstance(month, int):
        return month if 1 <= month <= 12 else None
    text = month.strip()[:3].title()
    if text.isdigit():
        return _month_number(int(text))
    return _MONTHS.index(text) + 1 if text in _MONTHS else None


def _from_work(work: Work) -> _Ref:
    abbrevs = [a for a in work.container_abbrevs if a]
    iso = next((a for a in abbrevs if "." in a), None)
    nlm = next((a for a in abbrevs if "." not in a), None)
    if nlm is None and iso is not None:
        nlm = iso.replace(".", "")
    first, last = work.first_page, work.last_page
    if work.pages and (not first or not last):  # the registered range, not a first page alone
        r_first, r_last = expand_pages(re.split(r"\s*[,;]\s*", work.pages.strip())[0])
        if r_first and (not first or r_first == first):
            first, last = r_first, last or r_last
    if not first and work.article_number:
        first = work.article_number
    kind = {
        "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
        "book-chapter": "chapter", "book-section": "chapter", "book-part": "chapter",
        "proceedings-article": "conference", "posted-content": "preprint",
    }.get(work.type or "", "article")
    return _Ref(
        kind=kind,
        authors=list(work.authors),
        truncated=not work.authors_complete,
        title=_clean(work.title),
        journal=_clean(work.container),
        journal_abbrev=_clean(nlm),
        journal_iso=_clean(iso),
        year=work.year,
        month=work.month,
        volume=work.volume,
        issue=work.issue,
        first_page=first,
        last_page=last if last != first else None,
        doi=normalize_doi(work.doi) or work.doi,
        pmid=work.pmid,
        editors=list(work.editors),
        publisher=work.publisher,
        url=work.url,
    )


def _from_citation(cit: Citation) -> _Ref:
    first, last = cit.first_page, cit.last_page
    if not first and cit.pages:
        first, last = expand_pages(cit.pages)
    issue = cit.issue
    if cit.supplement:
        supp = cit.supplement if cit.supplement.lower().startswith("suppl") else f"Suppl {cit.supplement}"
        issue = f"{issue} {supp}" if issue else supp
    return _Ref(
        kind=cit.kind,
        authors=list(cit.authors),
        truncated=cit.et_al,
        title=_clean(cit.title),
        journal=_clean(cit.container),
        journal_abbrev=_clean(cit.container),
        year=cit.year,
        month=_month_number(cit.month),
        volume=cit.volume,
        issue=issue,
        first_page=first,
        last_page=last if last != first else None,
        doi=normalize_doi(cit.doi) or cit.doi,
        pmid=cit.pmid,
        editors=list(cit.editors),
        edition=cit.edition,
        publisher=cit.publisher,
        place=cit.place,
        url=cit.url,
    )


# --------------------------------------------------------------------------- names


def initials_of(author: Author) -> str:
    """Initial letters without periods: ``JF`` from ``John F.``/``Jean-François``/``J.F.``."""
    if author.initials:
        return re.sub(r"[^\w]", "", author.initials)
    if not author.given:
        return ""
    return "".join(tok[0] for tok in re.split(r"[\s.\-\u2010]+", author.given) if tok and tok[0].isalpha())


def _dotted_initials(author: Author, *, space: bool = True) -> str:
    """``J. F.`` (APA/IEEE/Nature) or ``J.F.`` (Harvard); hyphenated given names keep the hyphen."""
    sep = " " if space else ""
    if author.given and re.search(r"\w", author.given):
        words = [w for w in re.split(r"[\s.]+", author.given) if w]
        out = []
        for w in words:
            parts = [p for p in re.split(r"[-\u2010]", w) if p]
            out.append("-".join(f"{p[0]}." for p in parts if p[0].isalpha()))
        return sep.join(o for o in out if o)
    return sep.join(f"{ch}." for ch in initials_of(author))


def _suffix(author: Author, style: str) -> str:
    if not author.suffix:
        return ""
    suffix = author.suffix.strip().rstrip(".")
    if style in ("vancouver", "ama"):
        return f" {suffix}"
    if suffix in ("Jr", "Sr"):
        suffix += "."
    return f", {suffix}" if style in ("apa", "harvard") else f" {suffix}"


def _name(author: Author, style: str) -> str:
    """One author as the style prints it."""
    if author.is_group:
        return (author.group or "").strip().rstrip(".")
    family = (author.family or "").strip()
    if style in ("vancouver", "ama"):
        ini = initials_of(author)
        return f"{family} {ini}".strip() + _suffix(author, style)
    if style == "ieee":
        return f"{_dotted_initials(author)} {family}".strip() + _suffix(author, style)
    ini = _dotted_initials(author, space=style != "harvard")
    return (f"{family}, {ini}" if ini else family) + _suffix(author, style)


def _shown(ref: _Ref, opts: _Opts) -> tuple[list[Author], bool]:
    """The authors to print and whether ``et al.`` follows."""
    authors = ref.authors
    if len(authors) > opts.et_al_after:
        return authors[: opts.et_al_keep], True
    return authors, ref.truncated and bool(authors)


def _byline(ref: _Ref, opts: _Opts) -> str:
    """The author list with the style's separators (no final period)."""
    style = opts.style
    authors, et_al = _shown(ref, opts)
    names = [_name(a, style) for a in authors]
    if not names:
        return ""
    if style in ("vancouver", "ama"):
        return ", ".join(names) + (", et al" if et_al else "")
    if style == "apa":
        if len(ref.authors) > opts.et_al_after and opts.et_al_after >= 2:  # APA 7: first 19, ..., last
            return ", ".join(names) + ", . . . " + _name(ref.authors[-1], style)
        if et_al:
            return ", ".join(names) + ", et al."
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    if et_al:
        return ", ".join(names) + (" et al." if style in ("harvard", "nature", "ieee") else ", et al.")
    if len(names) == 1:
        return names[0]
    if style == "nature":
        return ", ".join(names[:-1]) + " & " + names[-1]
    if style == "ieee":
        return " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + ", and " + names[-1]
    return ", ".join(names[:-1]) + " and " + names[-1]  # harvard


# --------------------------------------------------------------------------- pieces


def elide_pages(first: str | None, last: str | None) -> str:
    """NLM elision: ``728``/``734`` -> ``728-34``; ``1199``/``1205`` -> ``1199-205``.

    Letter-suffixed pages (``17S-21S``) and non-numeric locators stay in full.
    """
    if not first:
        return ""
    if not last:
        return first
    m1 = re.fullmatch(r"([A-Za-z]*)(\d+)", first)
    m2 = re.fullmatch(r"([A-Za-z]*)(\d+)", last)
    if not (m1 and m2) or (m2.group(1) and m2.group(1) != m1.group(1)):
        return f"{first}-{last}"
    d1, d2 = m1.group(2), m2.group(2)
    if len(d1) == len(d2):
        i = 0
        while i < len(d1) - 1 and d1[i] == d2[i]:
            i += 1
        d2 = d2[i:]
    return f"{first}-{d2}"


def _pages(ref: _Ref, opts: _Opts) -> str:
    if opts.style == "vancouver":
        return elide_pages(ref.first_page, ref.last_page)
    if not ref.first_page:
        return ""
    return f"{ref.first_page}{opts.dash}{ref.last_page}" if ref.last_page else ref.first_page


def _title(ref: _Ref) -> str:
    """The title with a terminal period unless it ends with its own punctuation."""
    title = (ref.title or "").strip()
    if not title:
        return ""
    return title if title[-1] in ".?!" else title + "."


def _dotted_abbrev(abbrev: str, full: str | None) -> str:
    """ISO-style periods on an NLM abbreviation: ``Mod Pathol`` -> ``Mod. Pathol.``.

    A word is abbreviated when it is a proper prefix of a word of the full title; without the
    full title only single-letter words (``J``) are dotted, so nothing is invented.
    """
    full_words = [fold(w) for w in re.findall(r"[\w']+", full or "")]
    out = []
    for word in abbrev.split():
        f = fold(word)
        shortened = any(fw.startswith(f) and fw != f for fw in full_words) if full_words else len(word) == 1
        if full_words and f in full_words:
            shortened = False
        out.append(word + "." if shortened and word.isalpha() else word)
    return " ".join(out)


def _journal(ref: _Ref, opts: _Opts) -> str:
    if not opts.abbreviate:
        return ref.journal or ref.journal_abbrev or ""
    if opts.style in ("ieee", "nature"):
        if ref.journal_iso:
            return ref.journal_iso
        if ref.journal_abbrev:
            return _dotted_abbrev(ref.journal_abbrev, ref.journal if ref.journal != ref.journal_abbrev else None)
        return ref.journal or ""
    return ref.journal_abbrev or ref.journal or ""


def _ids(ref: _Ref, opts: _Opts, doi_form: str) -> str:
    """Identifiers appended after the last period (a DOI never takes a trailing period)."""
    out = []
    if opts.doi and ref.doi:
        out.append(doi_form.format(ref.doi))
    if opts.pmid and ref.pmid:
        out.append(f"PMID: {ref.pmid}")
    return " ".join(out)


def _join(parts: list[str], ids: str = "") -> str:
    """Sentences joined with single spaces, each ending in one period, then the identifiers."""
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        out.append(part if part[-1] in ".?!" else part + ".")
    if ids:
        out.append(ids)
    return " ".join(out)


def _editors(ref: _Ref, style: str) -> str:
    if not ref.editors:
        return ""
    names = ", ".join(_name(a, style) for a in ref.editors)
    return f"{names}, editor{'s' if len(ref.editors) > 1 else ''}"


def _publisher(ref: _Ref) -> str:
    if ref.place and ref.publisher:
        return f"{ref.place}: {ref.publisher}"
    return ref.publisher or ref.place or ""


# --------------------------------------------------------------------------- styles


def _vancouver_source(ref: _Ref, opts: _Opts) -> str:
    """``1998;11(8):728-34`` with the documented omissions (no volume, no issue, no pages)."""
    out = str(ref.year or "")
    loc = ref.volume or ""
    if ref.issue:
        loc += f"({ref.issue})"
    if loc:
        out += f";{loc}"
    pages = _pages(ref, opts)
    if pages:
        out += f":{pages}"
    return out


def _render_vancouver(ref: _Ref, opts: _Opts) -> str:
    """Vancouver (NLM Citing Medicine / ICMJE) and AMA share this layout."""
    byline = _byline(ref, opts)
    if ref.kind in ("book", "chapter"):
        year = str(ref.year or "")
        edition = f"{ref.edition} ed" if ref.edition else ""
        pages = _pages(ref, opts)
        if ref.kind == "chapter":
            book = ref.journal or ""
            pub = f"{_publisher(ref)}; {year}" if _publisher(ref) else year
            parts = [byline, _title(ref), f"In: {_editors(ref, opts.style)}" if ref.editors else "In:", book,
                     edition, pub, f"p. {pages}" if pages else ""]
            if parts[2] == "In:":
                parts[2:4] = [f"In: {book}", ""]
            else:
                parts[2] = parts[2].rstrip(".")
        else:
            pub = f"{_publisher(ref)}; {year}" if _publisher(ref) else year
            parts = [byline, _title(ref), edition, pub]
        return _join([*parts], _ids(ref, opts, "doi:{}"))
    parts = [byline, _title(ref), _journal(ref, opts), _vancouver_source(ref, opts)]
    return _join([*parts], _ids(ref, opts, "doi:{}"))


def _render_apa(ref: _Ref, opts: _Opts) -> str:
    byline = _byline(ref, opts)
    year = f"({ref.year})" if ref.year else "(n.d.)"
    head = f"{byline} {year}" if byline else ""
    title = _title(ref)
    if ref.kind in ("book", "chapter"):
        return _apa_book(ref, opts, head, title)
    source = _journal(ref, opts)
    if ref.volume:
        source += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    pages = _pages(ref, opts)
    if pages:
        source += f", {pages}"
    if not byline:  # APA: the title moves to the author position
        return _join([title, year, source], _ids(ref, opts, "https://doi.org/{}"))
    return _join([head, title, source], _ids(ref, opts, "https://doi.org/{}"))


def _apa_book(ref: _Ref, opts: _Opts, head: str, title: str) -> str:
    """APA 7 book / chapter: ``In J. F. Holland (Ed.), Book (6th ed., pp. 12–34). Publisher.``"""
    ids = _ids(ref, opts, "https://doi.org/{}")
    if ref.kind == "book":
        edition = f" ({ref.edition} ed.)" if ref.edition else ""
        return _join([head, (ref.title or "").rstrip(".") + edition, ref.publisher or ""], ids)
    extras = [f"{ref.edition} ed." if ref.edition else "", f"pp. {_pages(ref, opts)}" if ref.first_page else ""]
    extra = ", ".join(x for x in extras if x)
    book = (ref.journal or "") + (f" ({extra})" if extra else "")
    if ref.editors:
        eds = ", ".join(_name_initials_first(a, dotted=True) for a in ref.editors)
        book = f"In {eds} ({'Eds.' if len(ref.editors) > 1 else 'Ed.'}), {book}"
    else:
        book = f"In {book}"
    return _join([head, title, book, ref.publisher or ""], ids)


def _name_initials_first(author: Author, *, dotted: bool) -> str:
    """``J. F. Holland`` (APA/IEEE editors)."""
    if author.is_group:
        return author.group or ""
    ini = _dotted_initials(author) if dotted else initials_of(author)
    return f"{ini} {author.family or ''}".strip()


def _render_harvard(ref: _Ref, opts: _Opts) -> str:
    byline = _byline(ref, opts)
    year = f"({ref.year})" if ref.year else "(no date)"
    title = (ref.title or "").strip().rstrip(".")
    head = f"{byline} {year}".strip()
    if ref.kind == "book":
        edition = f"{ref.edition} edn" if ref.edition else ""
        return _join([f"{head} {title}", edition, _publisher(ref)], _ids(ref, opts, "doi:{}"))
    if ref.kind == "chapter":
        eds = ""
        if ref.editors:
            names = ", ".join(_name(a, "harvard") for a in ref.editors)
            eds = f"{names} ({'eds' if len(ref.editors) > 1 else 'ed.'}) "
        pages = _pages(ref, opts)
        tail = ", ".join(x for x in (_publisher(ref), f"pp. {pages}" if pages else "") if x)
        edition = f"{ref.edition} edn" if ref.edition else ""
        return _join([f"{head} '{title}', in {eds}{ref.journal or ''}", edition, tail], _ids(ref, opts, "doi:{}"))
    source = f"'{title}', {_journal(ref, opts)}"
    if ref.volume:
        source += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    pages = _pages(ref, opts)
    if pages:
        source += f", {'pp' if ref.last_page else 'p'}. {pages}"
    return _join([f"{head} {source}"], _ids(ref, opts, "doi:{}"))


def _ieee_book(ref: _Ref, opts: _Opts, byline: str) -> str:
    """IEEE book / chapter: ``J. Doe, "Ch," in Book, J. F. Holland, Ed. Place: Pub, 2003, pp. 12–34.``"""
    head = f"{byline}, " if byline else ""
    pub = _publisher(ref)
    year = str(ref.year or "")
    pages = _pages(ref, opts)
    if ref.kind == "book":
        tail = ", ".join(x for x in (pub, year) if x)
        edition = f", {ref.edition} ed" if ref.edition else ""
        return f"{head}{(ref.title or '').rstrip('.')}{edition}. {tail}.".replace(" .", ".")
    eds = ""
    if ref.editors:
        eds = ", " + ", ".join(_name_initials_first(a, dotted=True) for a in ref.editors)
        eds += ", Eds." if len(ref.editors) > 1 else ", Ed."
    tail = ", ".join(x for x in (pub, year, f"pp. {pages}" if pages else "") if x)
    title = (ref.title or "").strip().rstrip(".")
    return f'{head}"{title}," in {ref.journal or ""}{eds} {tail}.'.replace(" .", ".")


def _render_ieee(ref: _Ref, opts: _Opts) -> str:
    byline = _byline(ref, opts)
    if ref.kind in ("book", "chapter"):
        return _ieee_book(ref, opts, byline)
    title = (ref.title or "").strip().rstrip(".")
    quoted = f"\u201c{title}\u201d" if title and title[-1] in "?!" else (f"\u201c{title},\u201d" if title else "")
    quoted = quoted.replace("\u201c", '"').replace("\u201d", '"')
    bits = [_journal(ref, opts)]
    if ref.volume:
        bits.append(f"vol. {ref.volume}")
    if ref.issue:
        bits.append(f"no. {ref.issue}")
    pages = _pages(ref, opts)
    if pages:
        bits.append(f"{'pp' if ref.last_page else 'p'}. {pages}")
    date = f"{_MONTHS[ref.month - 1]}. {ref.year}" if ref.month and ref.year else str(ref.year or "")
    if date.startswith("May."):
        date = date.replace("May.", "May", 1)
    bits.append(date)
    ids = _ids(ref, opts, "doi: {}")
    bits.append(ids.replace(" PMID", ", PMID"))
    tail = ", ".join(b for b in bits if b)
    head = f"{byline}, " if byline else ""
    text = f"{head}{quoted} {tail}".strip()
    return text if ids else text.rstrip(".") + "."


def _render_nature(ref: _Ref, opts: _Opts) -> str:
    byline = _byline(ref, opts)
    if ref.kind in ("book", "chapter"):
        pub = ", ".join(x for x in (ref.publisher, str(ref.year or "")) if x)
        if ref.kind == "book":
            return _join([byline, f"{(ref.title or '').rstrip('.')} ({pub})"])
        eds = ""
        if ref.editors:
            eds = f" (ed{'s' if len(ref.editors) > 1 else ''}. " + " & ".join(_name(a, "nature") for a in ref.editors) + ")"
        pages = _pages(ref, opts)
        # Nature cites a chapter by its book: "Doe, J. in Book (ed. Roe, R.) 12–34 (Wiley, 2003)."
        where = f"in {ref.journal or ''}{eds} {pages} ({pub})".replace("  ", " ")
        return _join([f"{byline} {where}".strip()])
    source = _journal(ref, opts)
    if ref.volume:
        source += f" {ref.volume}"
    pages = _pages(ref, opts)
    if pages:
        source += f", {pages}" if ref.volume else f" {pages}"
    if ref.year:
        source += f" ({ref.year})"
    return _join([byline, _title(ref), source], _ids(ref, opts, "https://doi.org/{}"))


def _render_ama(ref: _Ref, opts: _Opts) -> str:
    return _render_vancouver(ref, opts)


_RENDERERS = {
    "vancouver": _render_vancouver,
    "ama": _render_ama,
    "apa": _render_apa,
    "harvard": _render_harvard,
    "ieee": _render_ieee,
    "nature": _render_nature,
}
