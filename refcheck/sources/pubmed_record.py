"""PubMed EFetch XML -> :class:`~refcheck.model.Work` records (pure, no I/O).

Handles the shapes EFetch has produced across DTDs 2013-2025: a ``PubmedArticleSet`` (possibly
empty), a bare ``PubmedArticle`` cut from a larger file, gzip-compressed baseline files,
``PubmedBookArticle`` records, inline markup (``<i>``, ``<sup>``, MathML) inside titles,
``MedlineDate`` free-text dates and collective authors. Parsing goes through ``defusedxml``
because the bytes come from the network (or a cache that came from it).

Retractions follow NLM's vocabulary: the *work* carries PublicationType ``Retracted
Publication`` and ``CommentsCorrections[@RefType="RetractionIn"]`` pointers (-> ``Work.updates``);
a *notice* carries ``Retraction of Publication`` / ``Retraction Notice`` / ``Published Erratum`` /
``Expression of Concern`` and ``...Of``/``...For`` pointers (-> ``Work.update_to``).
"""

from __future__ import annotations

import gzip
import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from refcheck.model import Author, UpdateNotice, Work
from refcheck.text.identifiers import DOI_START
from refcheck.text.pages import expand_pages

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# Inline formatting that never joins words: a missing space around it is a serialisation bug
# (the biopython "at the<i>TERT</i>gene" case). Sub/superscripts DO join (CD4<sup>+</sup>, H<sub>2</sub>O).
_WORD_TAGS = {"i", "b", "u", "em", "strong", "italic", "bold"}

# CommentsCorrections RefType on a work -> notice kind (Work.updates).
_UPDATED_BY = {
    "RetractionIn": "retraction",
    "RetractedandRepublishedIn": "retraction",
    "PartialRetractionIn": "partial_retraction",
    "ErratumIn": "erratum",
    "CorrectedandRepublishedIn": "correction",
    "ExpressionOfConcernIn": "expression_of_concern",
    "UpdateIn": "new_version",
}
# RefType on a notice -> kind (Work.update_to).
_UPDATE_TO = {
    "RetractionOf": "retraction",
    "RetractedandRepublishedFrom": "retraction",
    "PartialRetractionOf": "partial_retraction",
    "ErratumFor": "erratum",
    "CorrectedandRepublishedFrom": "correction",
    "ExpressionOfConcernFor": "expression_of_concern",
    "UpdateOf": "new_version",
}
# PublicationType of a notice -> kind.
_NOTICE_TYPES = {
    "retraction of publication": "retraction",
    "retraction notice": "retraction",
    "published erratum": "erratum",
    "expression of concern": "expression_of_concern",
}


class PubmedXmlError(ValueError):
    """The bytes are not PubMed XML (e.g. the HTML error page EFetch sometimes returns)."""


def _local(tag: object) -> str:
    """Tag name without namespace ('{ns}math' -> 'math')."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _math_text(elem: Element) -> str:
    """MathML flattened to its token text (``<mi>V</mi><mo>̇</mo>`` -> ``V̇``)."""
    return "".join(t.strip() for t in elem.itertext())


def mixed_text(elem: Element | None) -> str | None:
    """Text of a mixed-content element with inline tags flattened and spacing repaired."""
    if elem is None:
        return None
    pieces: list[str] = [elem.text or ""]
    for child in elem:
        name = _local(child.tag)
        inner = _math_text(child) if name == "math" else (mixed_text(child) or "")
        if name in _WORD_TAGS and inner:
            before = "".join(pieces)
            if before and before[-1].isalnum() and inner[0].isalnum():
                pieces.append(" ")
            pieces.append(inner)
            tail = child.tail or ""
            if tail and tail[0].isalnum() and inner[-1].isalnum():
                pieces.append(" ")
        else:
            pieces.append(inner)
        pieces.append(child.tail or "")
    text = _SPACE.sub(" ", "".join(pieces)).strip()
    return text or None


def _text(elem: Element | None) -> str | None:
    if elem is None:
        return None
    return mixed_text(elem)


def _author(elem: Element) -> Author | None:
    if elem.get("ValidYN", "Y").upper() == "N":
        return None  # NLM keeps the invalid spelling next to the corrected one
    group = _text(elem.find("CollectiveName"))
    family = _text(elem.find("LastName"))
    if not family:
        return Author(group=group) if group else None
    initials = _text(elem.find("Initials"))
    return Author(
        family=family,
        given=_text(elem.find("ForeName")) or _text(elem.find("FirstName")),
        initials=initials.replace(" ", "").replace(".", "") if initials else None,
        suffix=_text(elem.find("Suffix")),
    )


def _authors(author_list: Element | None) -> tuple[list[Author], bool]:
    if author_list is None:
        return [], True
    people = [a for a in (_author(e) for e in author_list.findall("Author")) if a is not None]
    return people, author_list.get("CompleteYN", "Y").upper() != "N"


def _date(elem: Element | None) -> tuple[int | None, int | None]:
    """(year, month) of a PubDate/ArticleDate, with ``MedlineDate`` ('1998 Dec-1999 Jan') handled."""
    if elem is None:
        return None, None
    year_text = _text(elem.find("Year"))
    month_text = _text(elem.find("Month"))
    if year_text is None:
        medline = _text(elem.find("MedlineDate")) or ""
        m = _YEAR.search(medline)
        year_text = m.group(1) if m else None
        rest = re.match(r"\s*([A-Za-z]{3})", medline[m.end():]) if m else None
        month_text = rest.group(1) if rest else None
    year = int(year_text) if year_text and year_text.isdigit() else None
    month = None
    if month_text:
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
    return year, month


def _pages(pagination: Element | None) -> tuple[str | None, str | None, str | None]:
    """(pages as registered, first, last) from Pagination (MedlinePgn elided or Start/EndPage)."""
    if pagination is None:
        return None, None, None
    medline = _text(pagination.find("MedlinePgn"))
    start = _text(pagination.find("StartPage"))
    end = _text(pagination.find("EndPage"))
    if medline:
        # "1234-5; discussion 1236-7" or "12-4, 18": the article itself is the first range.
        first, last = expand_pages(re.split(r"[;,]", medline)[0])
        return medline, start or first, end or last
    if start:
        return (f"{start}-{end}" if end else start), start, end
    return None, None, None


def _article_ids(container: Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if container is None:
        return out
    for ident in container.findall("ArticleIdList/ArticleId"):
        kind = (ident.get("IdType") or "").lower()
        value = _text(ident)
        if kind and value and kind not in out:
            out[kind] = value
    return out


def _notice(ref: Element, kind: str) -> UpdateNotice:
    pmid = _text(ref.find("PMID"))
    label = _text(ref.find("RefSource"))
    doi_match = re.search(rf"doi:\s*({DOI_START}\S+?)\.?(?:\s|$)", label or "", re.IGNORECASE)
    return UpdateNotice(kind=kind, pmid=pmid, doi=doi_match.group(1).lower() if doi_match else None,
                        source="pubmed", label=label)


def _updates(citation: Element | None, pub_types: list[str]) -> tuple[list[UpdateNotice], list[UpdateNotice]]:
    """(updates about this work, works this notice updates)."""
    updates: list[UpdateNotice] = []
    update_to: list[UpdateNotice] = []
    refs = citation.findall("CommentsCorrectionsList/CommentsCorrections") if citation is not None else []
    for ref in refs:
        ref_type = ref.get("RefType", "")
        if ref_type in _UPDATED_BY:
            updates.append(_notice(ref, _UPDATED_BY[ref_type]))
        elif ref_type in _UPDATE_TO:
            update_to.append(_notice(ref, _UPDATE_TO[ref_type]))
    lowered = [p.lower() for p in pub_types]
    if "retracted publication" in lowered and not any(u.kind == "retraction" for u in updates):
        updates.append(UpdateNotice(kind="retraction", source="pubmed", label="Retracted Publication"))
    for pt in lowered:
        kind = _NOTICE_TYPES.get(pt)
        if kind and not any(u.kind == kind for u in update_to):
            update_to.append(UpdateNotice(kind=kind, source="pubmed", label=pt.title()))
    return updates, update_to


def _titles(title_elem: Element | None, vernacular: Element | None) -> tuple[str | None, list[str]]:
    """Main title (translation brackets removed) and every title form."""
    raw = _text(title_elem)
    forms: list[str] = []
    title = raw
    if raw:
        m = re.fullmatch(r"\[(.*)\]\.?", raw)
        if m:  # NLM's English translation of a non-English title
            title = m.group(1).strip()
        forms.append(title or raw)
        if raw != title:
            forms.append(raw)
    vern = _text(vernacular)
    if vern and vern not in forms:
        forms.append(vern)
    return title, forms


def _journal_article(node: Element) -> Work:
    citation = node.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    if citation is None or article is None:
        raise PubmedXmlError("PubmedArticle without MedlineCitation/Article")
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    pub_types = [t for t in (_text(e) for e in article.findall("PublicationTypeList/PublicationType")) if t]
    title, titles = _titles(article.find("ArticleTitle"), article.find("VernacularTitle"))
    authors, complete = _authors(article.find("AuthorList"))
    year, month = _date(issue.find("PubDate") if issue is not None else None)
    online = None
    for art_date in article.findall("ArticleDate"):
        if art_date.get("DateType", "Electronic").lower() == "electronic":
            online = _date(art_date)[0]
    pages, first, last = _pages(article.find("Pagination"))
    ids = _article_ids(node.find("PubmedData"))
    elocs = {(e.get("EIdType") or "").lower(): _text(e) for e in article.findall("ELocationID")}
    doi = ids.get("doi") or elocs.get("doi")
    article_number = elocs.get("pii") if elocs.get("pii") and re.fullmatch(r"[A-Za-z]{0,3}\d{1,9}", elocs["pii"] or "") else None
    abbrevs = []
    for text in (_text(journal.find("ISOAbbreviation")) if journal is not None else None,
                 _text(citation.find("MedlineJournalInfo/MedlineTA"))):
        if text and text not in abbrevs:
            abbrevs.append(text)
    issn = [t for t in (_text(e) for e in (journal.findall("ISSN") if journal is not None else [])) if t]
    linking = _text(citation.find("MedlineJournalInfo/ISSNLinking"))
    if linking and linking not in issn:
        issn.append(linking)
    updates, update_to = _updates(citation, pub_types)
    pmid = _text(citation.find("PMID"))
    return Work(
        source="pubmed",
        type="journal-article",
        authors=authors,
        authors_complete=complete,
        title=title,
        titles=titles,
        container=_text(journal.find("Title")) if journal is not None else None,
        container_abbrevs=abbrevs,
        year=year if year is not None else online,
        year_print=year,
        year_online=online,
        month=month,
        volume=_text(issue.find("Volume")) if issue is not None else None,
        issue=_text(issue.find("Issue")) if issue is not None else None,
        pages=pages,
        first_page=first,
        last_page=last,
        article_number=article_number,
        doi=doi.lower() if doi else None,
        pmid=pmid,
        pmcid=ids.get("pmc"),
        issn=issn,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        updates=updates,
        update_to=update_to,
    )


def _book_article(node: Element) -> Work:
    doc = node.find("BookDocument")
    if doc is None:
        raise PubmedXmlError("PubmedBookArticle without BookDocument")
    book = doc.find("Book")
    book_title = _text(book.find("BookTitle")) if book is not None else None
    chapter_title, titles = _titles(doc.find("ArticleTitle"), doc.find("VernacularTitle"))
    people: list[Author] = []
    editors: list[Author] = []
    complete = True
    for author_list in [*doc.findall("AuthorList"), *(book.findall("AuthorList") if book is not None else [])]:
        found, ok = _authors(author_list)
        if author_list.get("Type", "authors") == "editors":
            editors.extend(found)
        else:
            people.extend(found)
            complete = complete and ok
    year, month = _date(book.find("PubDate") if book is not None else None)
    ids = _article_ids(doc)
    ids.update({k: v for k, v in _article_ids(node.find("PubmedBookData")).items() if k not in ids})
    pub_types = [t for t in (_text(e) for e in doc.findall("PublicationType")) if t]
    updates, update_to = _updates(doc, pub_types)
    isbn = [t for t in (_text(e) for e in (book.findall("Isbn") if book is not None else [])) if t]
    pmid = _text(doc.find("PMID"))
    return Work(
        source="pubmed",
        type="book-chapter" if chapter_title else "book",
        authors=people,
        authors_complete=complete,
        title=chapter_title or book_title,
        titles=titles or ([book_title] if book_title else []),
        container=book_title if chapter_title else None,
        year=year,
        year_print=year,
        month=month,
        doi=ids["doi"].lower() if ids.get("doi") else None,
        pmid=pmid,
        pmcid=ids.get("pmc"),
        isbn=isbn,
        publisher=_text(book.find("Publisher/PublisherName")) if book is not None else None,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        editors=editors,
        updates=updates,
        update_to=update_to,
    )


def parse_pubmed_xml(data: bytes) -> Element:
    """The root element of EFetch output; gzip is undone; non-XML raises PubmedXmlError."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise PubmedXmlError("an HTML page where PubMed XML was expected")
    try:
        return SafeET.fromstring(data)
    except SafeET.ParseError as exc:
        raise PubmedXmlError(f"not well-formed PubMed XML: {exc}") from exc
    except Exception as exc:  # defusedxml's DTD/entity refusals
        raise PubmedXmlError(f"refused PubMed XML: {exc}") from exc


def works_from_pubmed_xml(data: bytes, *, source: str = "pubmed") -> list[Work]:
    """Every PubmedArticle / PubmedBookArticle in EFetch output, in document order."""
    root = parse_pubmed_xml(data)
    if _local(root.tag) not in {"PubmedArticleSet", "PubmedArticle", "PubmedBookArticle"}:
        raise PubmedXmlError(f"unexpected root element <{_local(root.tag)}> (not PubMed XML)")
    works: list[Work] = []
    for node in article_elements(root):
        work = work_from_pubmed_element(node)
        work.source = source
        works.append(work)
    return works


def article_elements(root: Element) -> list[Element]:
    """The PubmedArticle / PubmedBookArticle elements of a parsed EFetch document."""
    nodes = [root] if _local(root.tag) != "PubmedArticleSet" else list(root)
    return [n for n in nodes if _local(n.tag) in {"PubmedArticle", "PubmedBookArticle"}]


def work_from_pubmed_element(node: Element) -> Work:
    """One PubmedArticle or PubmedBookArticle element as a Work (``source="pubmed"``)."""
    if _local(node.tag) == "PubmedBookArticle":
        return _book_article(node)
    return _journal_article(node)
