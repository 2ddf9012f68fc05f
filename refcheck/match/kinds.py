"""What kind of item a citation and a record are: article, preprint or notice.

Why: next to nearly every article the registries hold look-alikes that share its title and often
its authors (field notes §5 "same title, different work"): its preprint, corrections and errata,
replies and comments, reprints. Title and author similarity cannot tell them apart; the *type*
and the *container* can. A citation that names a journal with a volume or pages is not a
preprint (posted-content has no journal, volume or pages), a citation of a preprint server is
not the journal version, and a correction, reply or comment is not the article it is about.
These kinds are identity evidence in :mod:`refcheck.match.validate`.
"""

from __future__ import annotations

import re

from refcheck.model import Citation, Work

ARTICLE = "article"
PREPRINT = "preprint"
NOTICE = "notice"
UNKNOWN = "unknown"

# A preprint server as a container (PubMed files bioRxiv preprints under a "journal").
_SERVER = re.compile(r"\b(?:bioRxiv|medRxiv|arXiv|ChemRxiv|PsyArXiv|SSRN|Research Square|Preprints)\b",
                     re.IGNORECASE)
# DOI prefixes that only preprint servers use (bioRxiv/medRxiv, Research Square, SSRN, arXiv).
_SERVER_DOI = ("10.1101/", "10.21203/", "10.2139/ssrn", "10.48550/")
# Titles of notices and letters about an article: "Correction: X", "Erratum to: X", "Erratum",
# "Re: X", "Comment on: X", "Reply to: X", "Retraction—X", "X—Reply". The lead word must be
# followed by punctuation so that "Response to treatment in ..." or "Correction of hypokalaemia"
# stay articles.
_NOTICE_HEAD = re.compile(
    r"^\s*(?:(?:notice\s+of\s+|editorial\s+)?(?:correction|erratum|errata|corrigendum|retraction|withdrawal"
    r"|expression\s+of\s+concern)|re|in\s+reply|reply|response|comments?|commentary|letter\s+to\s+the\s+editor"
    r"(?:\s+re)?)(?:\s+(?:to|on|re|of|regarding))?\s*[:\u201c\"'\u2014\u2013.]", re.IGNORECASE)
_NOTICE_ALONE = re.compile(r"^\s*(?:correction|erratum|errata|corrigendum|retraction(?:\s+notice)?"
                           r"|expression\s+of\s+concern)\s*\.?\s*$", re.IGNORECASE)
_NOTICE_TAIL = re.compile(r"(?:[\u2014\u2013]|\s-)\s*(?:(?:the\s+)?authors?'?\s+)?(?:reply|response|in\s+reply)\s*\.?\s*$",
                          re.IGNORECASE)


def notice_title(title: str | None) -> bool:
    """Is this the title of a notice or a letter about another work?"""
    if not title:
        return False
    return bool(_NOTICE_HEAD.match(title) or _NOTICE_ALONE.match(title) or _NOTICE_TAIL.search(title))


def work_kind(work: Work) -> str:
    """preprint (posted-content, or filed under a server), notice (updates another work: Crossref
    ``update-to``, PubMed ``ErratumFor``/``RetractionOf``..., or has a notice title), else article.

    A link to a commented work (Crossref ``is-comment-on``, PubMed ``CommentOn``) alone does not
    make a notice: an editorial comment with its own title is cited as a work in its own right.
    """
    if work.type == "posted-content" or _SERVER.search(work.container or ""):
        return PREPRINT
    own = (work.doi or "").lower()
    # a new version (Crossref new_version, PubMed UpdateOf) updates its predecessor but is an article
    if any((n.doi or "").lower() != own and n.kind != "new_version" for n in work.update_to):
        return NOTICE
    if notice_title(work.title):
        return NOTICE
    return ARTICLE


def citation_kind(citation: Citation) -> str:
    """notice (a notice title), preprint (a server named, or a server's DOI), article (a journal
    with a volume or pages), else unknown (nothing says which version is meant)."""
    if notice_title(citation.title):
        return NOTICE
    if citation.kind == "preprint" or _SERVER.search(citation.container or ""):
        return PREPRINT
    if citation.container and (citation.volume or citation.first_page or citation.pages):
        return ARTICLE  # a journal and its locator outweigh a preprint's DOI (then the wrong DOI)
    if (citation.doi or "").lower().startswith(_SERVER_DOI):
        return PREPRINT
    return UNKNOWN


def kind_clash(cited: str, registered: str, *, title_known: bool) -> str | None:
    """Why a record of kind ``registered`` cannot be the cited item, or None.

    A notice never stands for its article nor the article for the notice (the citation's side
    is only known when the parser found a title). A journal citation is not the preprint; a
    preprint citation is not the journal version.
    """
    if title_known and (cited == NOTICE) != (registered == NOTICE):
        return "notice" if registered == NOTICE else "article"
    if registered == NOTICE and cited != NOTICE and cited != UNKNOWN:
        return "notice"
    if cited == ARTICLE and registered == PREPRINT:
        return "preprint"
    if cited == PREPRINT and registered == ARTICLE:
        return "version of record"
    return None


def fits(cited: str, registered: str) -> bool:
    """Does the record's kind answer the citation's? An unspecific citation is taken to mean
    the version of record, so between a preprint and its article that both fit, the article."""
    if cited == UNKNOWN:
        return registered == ARTICLE
    return cited == registered
