"""The ``csl-json`` report: the registered records of matched references as CSL-JSON items.

Feeds Pandoc/Zotero/citeproc directly. Only references with a registry record are
included (a parsed citation is not a verified record); ``id`` is ``ref<N>`` after the printed
number, prefixed with the file stem when several files are rendered together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from refcheck.model import Author, Report, Work
from refcheck.report.common import ref_number

_CSL_TYPES = {
    "journal-article": "article-journal",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "report": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
}


def csl_name(author: Author) -> dict[str, str]:
    if author.is_group:
        return {"literal": author.group or ""}
    out = {"family": author.family or ""}
    if author.given or author.initials:
        out["given"] = author.given or author.initials or ""
    if author.suffix:
        out["suffix"] = author.suffix
    return out


def csl_item(work: Work, item_id: str) -> dict[str, Any]:
    """One CSL-JSON item from a registry record; empty fields are left out."""
    item: dict[str, Any] = {"id": item_id, "type": _CSL_TYPES.get(work.type or "", "article-journal")}
    if work.authors:
        item["author"] = [csl_name(a) for a in work.authors]
    if work.editors:
        item["editor"] = [csl_name(a) for a in work.editors]
    date = [p for p in (work.year, work.month) if p]
    values = {
        "title": work.title,
        "container-title": work.container,
        "container-title-short": work.container_abbrevs[0] if work.container_abbrevs else None,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages or work.article_number,
        "DOI": work.doi,
        "PMID": work.pmid,
        "PMCID": work.pmcid,
        "ISSN": work.issn[0] if work.issn else None,
        "ISBN": work.isbn[0] if work.isbn else None,
        "publisher": work.publisher,
        "URL": work.url,
    }
    item.update({k: v for k, v in values.items() if v})
    if date:
        item["issued"] = {"date-parts": [date]}
    return item


def items(reports: Sequence[Report]) -> list[dict[str, Any]]:
    out = []
    for report in reports:
        prefix = f"{PurePath(report.file).stem}-" if len(reports) > 1 else ""
        for i, ref in enumerate(report.references):
            if ref.match.work is not None:
                out.append(csl_item(ref.match.work, f"{prefix}ref{ref_number(ref, i)}"))
    return out


def render(reports: Sequence[Report]) -> str:
    return json.dumps(items(reports), indent=2, ensure_ascii=False) + "\n"
