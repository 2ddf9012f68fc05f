"""DOIs, PMIDs and PMCIDs: the one definition of each pattern, and the miners that read them.

Every stage meets identifiers in another shape (a field value, a printed ``doi:`` label, a
``https://doi.org/`` link, publisher link debris such as ``[PubMed](…/external-ref?
access_num=2593110&link_type=MED…)``); they must agree on where a DOI ends, or one stage keeps
the ``)`` that another trims and the two no longer compare equal. The link URL holds the
registry's own identifier for the reference: the most reliable evidence there is.
:func:`strip_link_debris` removes such links and keeps what they identify;
:func:`find_identifiers` also reads the plain-text forms (``doi:``, ``PMID:``, …).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# Pattern pieces for callers that embed a DOI in a larger pattern of their own.
DOI_PREFIX = r"10\.\d{4,9}"  # directory indicator and registrant code: a Crossref "prefix"
DOI_START = DOI_PREFIX + "/"
# A DOI runs to the next blank or quote. "<" and ">" end it (an autolink, an HTML tag such as
# "</a>"), except for the bracketed part of a SICI DOI, which holds a colon:
# 10.1002/1097-0142(19891015)64:8<1753::AID-CNCR2820640833>3.0.CO;2-N
DOI_SUFFIX = r"(?:[^\s\"<>]|<[^\s\"<>/:]*:[^\s\"<>]{0,40}>)+"
DOI_RESOLVER = r"https?://(?:dx\.)?doi\.org/"
PMCID = r"PMC\d{3,9}"
# "PMID: 123", "PubMed PMID 123", "PubMed ID: 123"; group 1 is the number.
PMID_LABELLED = r"\b(?:(?:PubMed\s+)?PMID|PubMed\s+ID)\s*[:=]?\s*(\d{1,9})\b"
PMCID_LABELLED = rf"\b(?:PMCID\s*[:=]?\s*)?({PMCID})\b"  # the label is optional: "PMC" says it

_DOI_ANYWHERE = re.compile(DOI_START + r"\S+", re.IGNORECASE)
_DOI_SYNTAX = re.compile(DOI_START + r"\S+")
_DOI_PREFIX = re.compile(rf"^(?:doi:|{DOI_RESOLVER})\s*", re.IGNORECASE)
_PMID_SYNTAX = re.compile(r"[1-9]\d{0,8}")

# A Markdown link or image. The URL may hold one level of parentheses, as SICI DOIs do.
_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,300})\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")

# Words that make up the labels of publisher link debris ("Abstract/FREE Full Text", "Web of
# Science", "PMC free article"...): a label made only of these is navigation, not content.
_DEBRIS_WORDS = frozenset({
    "pubmed", "crossref", "cross", "ref", "list", "web", "of", "science", "google", "scholar",
    "medline", "abstract", "free", "full", "text", "fulltext", "pmc", "article", "central",
    "scopus", "cas", "openurl", "link", "view", "europe", "isi", "pdf", "html", "doi", "search",
    "in", "sfx", "publisher", "site", "wiley", "online", "library", "order", "summary", "extract",
})

# Bare labels left when HTML links are copied as text ('… 2001;12:3-4. [PubMed] [Google
# Scholar]'). Only labels naming a database go: '[abstract]' or '[Internet]' mean something.
_BARE_LABEL = re.compile(r"\[([A-Za-z][A-Za-z /]{1,40})\](?!\()")
_DATABASE_WORDS = frozenset({"pubmed", "crossref", "scholar", "medline", "pmc", "scopus", "isi", "science", "cas", "full", "ref"})
_ACCESS_NUM = re.compile(r"access_num=([^&\s]+)(?:&amp;|&)link_type=([A-Za-z]+)")
_DOI_URL = re.compile(
    rf"{DOI_RESOLVER}({DOI_START}{DOI_SUFFIX})"
    rf"|https?://\S+?/doi/(?:(?:abs|full|pdf|epdf|book|reader)/)?({DOI_START}[^\s?#\]]+)",  # publisher pages
    re.IGNORECASE,
)
_DOI_LABEL = re.compile(rf"\bdoi\b\s*[:.]?\s*(?:{DOI_RESOLVER})?({DOI_START}{DOI_SUFFIX})", re.IGNORECASE)
_DOI_BARE = re.compile(rf"(?<![\w/.])({DOI_START}{DOI_SUFFIX})")
_PMID = re.compile(PMID_LABELLED, re.IGNORECASE)
_PMID_URL = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|[?&]list_uids=)(\d{1,9})\b", re.IGNORECASE
)
_PMCID = re.compile(PMCID_LABELLED, re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_ID_URL = re.compile(r"doi\.org/|/doi/(?:\w+/)?10\.|ncbi\.nlm\.nih\.gov|/lookup/|europepmc\.org", re.IGNORECASE)

_CLOSERS = {")": "(", "]": "[", ">": "<", "}": "{"}


def _trim(value: str, punctuation: str) -> str:
    """Drop trailing ``punctuation`` and closing brackets the identifier did not open.

    ``(doi:10.1/x)`` ends with a sentence bracket, but ``10.1016/s0002-9440(10)65266-2`` and
    ``…2022.1(2)`` keep theirs, as SICI DOIs keep their ``<…>``.
    """
    while value:
        last = value[-1]
        if last in punctuation or (last in _CLOSERS and value.count(last) > value.count(_CLOSERS[last])):
            value = value[:-1]
        else:
            break
    return value


def trim_identifier(value: str) -> str:
    """An identifier cut out of running text without the sentence around it.

    ``10.1016/S0002-9440(10)65266-2).`` -> ``10.1016/S0002-9440(10)65266-2``; quotes and
    Markdown emphasis marks (``*``, ``_``) that close on it go too.
    """
    return _trim(value, ".,;:'\"*_")


def normalize_doi(doi: str | None) -> str | None:
    """Bare lower-case DOI from ``doi:``/``https://doi.org/`` forms; None if not a DOI."""
    if not doi:
        return None
    m = _DOI_ANYWHERE.search(doi.strip())
    if not m:
        return None
    return _trim(m.group(0), ".,;").lower()


def doi_key(doi: str) -> str:
    """The form a registry is asked and caches a DOI under: :func:`normalize_doi`, or the value
    lower-cased when it does not read as a DOI (the registry's answer, not ours, says it is wrong)."""
    return normalize_doi(doi) or doi.strip().lower()


def strip_doi_prefix(value: str) -> str:
    """``doi: 10.1/x`` or ``https://doi.org/10.1/x`` -> ``10.1/x`` (nothing else changed)."""
    return _DOI_PREFIX.sub("", value.strip())


def is_doi(value: str) -> bool:
    """True for a DOI as :func:`normalize_doi` returns it: ``10.<registrant>/<suffix>``, no blank."""
    return bool(_DOI_SYNTAX.fullmatch(value))


def is_pmid(value: str) -> bool:
    """True for a PubMed identifier: a positive integer of at most nine digits."""
    return bool(_PMID_SYNTAX.fullmatch(value))


def is_debris_label(label: str) -> bool:
    """True for link labels such as ``PubMed``, ``CrossRef``, ``Abstract/FREE Full Text``."""
    words = re.findall(r"[a-z]+", label.lower())
    return bool(words) and all(w in _DEBRIS_WORDS for w in words)


def _is_database_label(label: str) -> bool:
    words = re.findall(r"[a-z]+", label.lower())
    return is_debris_label(label) and any(w in _DATABASE_WORDS for w in words)


def identifiers_from_url(url: str) -> dict[str, str]:
    """Identifiers a single URL carries (publisher lookup links, doi.org, PubMed, PMC).

    Web of Science accession numbers (``link_type=ISI``) identify nothing refcheck can look up
    and are ignored.
    """
    found: dict[str, str] = {}
    m = _ACCESS_NUM.search(url)
    if m:
        value, kind = unquote(m.group(1)), m.group(2).upper()
        if kind == "DOI" and value.startswith("10."):
            found["doi"] = trim_identifier(value)
        elif kind in ("MED", "PUBMED") and value.isdigit():
            found["pmid"] = value
        elif kind == "PMC":
            found["pmcid"] = value if value.upper().startswith("PMC") else f"PMC{value}"
        return found
    m = _DOI_URL.search(url)
    if m:
        found["doi"] = trim_identifier(unquote(m.group(1) or m.group(2)))
    m = _PMID_URL.search(url)
    if m:
        found["pmid"] = m.group(1)
    m = _PMCID.search(url)
    if m:
        found["pmcid"] = m.group(1).upper()
    return found


def strip_link_debris(text: str) -> tuple[str, dict[str, str]]:
    """Remove Markdown link debris from ``text``; return ``(clean text, identifiers found)``.

    Images and links with a navigation label are dropped whole; a link with a real label keeps
    the label (the URL goes). Identifiers found in any removed URL are returned; the first one
    of each kind wins, as publisher pages list the canonical link first.
    """
    found: dict[str, str] = {}
    if "[" in text:
        text = _BARE_LABEL.sub(lambda m: " " if _is_database_label(m.group(1)) else m.group(0), text)
    if "](" not in text and "<http" not in text:
        return text, found

    def replace(m: re.Match[str]) -> str:
        image, label, url = m.group(1), m.group(2), m.group(3)
        for key, value in identifiers_from_url(url).items():
            found.setdefault(key, value)
        if image or is_debris_label(label) or not label.strip():
            return " "
        return label

    text = _LINK.sub(replace, text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    return text, found


def plain_identifiers(text: str) -> dict[str, str]:
    """Identifiers printed in plain text: ``doi:10…``, ``https://doi.org/…``, ``PMID: 123``…"""
    found: dict[str, str] = {}
    m = _DOI_LABEL.search(text) or _DOI_URL.search(text) or _DOI_BARE.search(text)
    if m:
        doi = trim_identifier(unquote(m.group(1) or m.group(2)))
        if "/" in doi and len(doi) > doi.index("/") + 1:
            found["doi"] = doi
    m = _PMID.search(text) or _PMID_URL.search(text)
    if m:
        found["pmid"] = m.group(1)
    m = _PMCID.search(text)
    if m:
        found["pmcid"] = m.group(1).upper()
    m = _ACCESS_NUM.search(text)  # a raw lookup URL outside Markdown link syntax
    if m:
        for key, value in identifiers_from_url(m.group(0)).items():
            found.setdefault(key, value)
    for m in _URL.finditer(text):
        if not _ID_URL.search(m.group(0)):
            found["url"] = trim_identifier(m.group(0))
            break
    return found


def find_identifiers(text: str) -> dict[str, str]:
    """All identifiers of one reference: keys among ``doi``, ``pmid``, ``pmcid``, ``url``.

    What the author printed wins over what a link carries (the parser reads the printed form
    too, and a disagreement is for the checker to report); links fill the gaps.
    """
    clean, from_links = strip_link_debris(text)
    found = plain_identifiers(clean)
    for key, value in from_links.items():
        found.setdefault(key, value)
    return found
