"""Finding entries that are the same work, and merging them into one.

Two entries are the same work when they share a DOI or a PMID, or when their citations are
near-identical: same first-author surname (folded), same year, and titles whose folded forms
have a token-sort similarity >= 95. That last rule catches the same paper added once by DOI and
once from a free-text reference with a small title variant, while distinct papers of one group
in one year (which differ by several words) stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibtexparser.model import Entry, Field
from rapidfuzz import fuzz

from refcheck.library.tidy import insert_ranked, to_utf8
from refcheck.text.fold import fold, key
from refcheck.text.identifiers import normalize_doi

TITLE_SIMILARITY = 95.0
# Registries prefix the title of a retracted work ("RETRACTED: ..."); it is the same work.
_NOTICE_PREFIX = re.compile(r"^\s*(?:retracted|withdrawn|retraction|expression of concern)\s*[:.\-]\s*", re.I)


def strip_notice_prefix(title: str) -> str:
    """``RETRACTED: Ileal-lymphoid…`` -> ``Ileal-lymphoid…`` (keys and identity name the work)."""
    return _NOTICE_PREFIX.sub("", title)


def _value(entry: Entry, name: str) -> str:
    """A field as plain text: LaTeX escapes decoded (``M{\\"u}ller`` and ``Müller`` compare equal)."""
    field = entry.fields_dict.get(name)
    return to_utf8(str(field.value)).strip() if field else ""


def first_author_family(entry: Entry) -> str:
    """Folded surname of the first author (``Müller, Anna and …`` -> ``muller``)."""
    authors = _value(entry, "author")
    if not authors:
        return ""
    first = authors.split(" and ")[0].strip().strip("{}")
    family = first.split(",")[0] if "," in first else first.split()[-1] if first.split() else ""
    return fold(family)


@dataclass(frozen=True, slots=True)
class Identity:
    """What refcheck compares to decide that two entries are one work."""

    doi: str | None
    pmid: str | None
    author: str
    year: str
    title: str

    @classmethod
    def of(cls, entry: Entry) -> Identity:
        return cls(
            doi=normalize_doi(_value(entry, "doi")),
            pmid=_value(entry, "pmid") or None,
            author=first_author_family(entry),
            year=_value(entry, "year"),
            title=key(strip_notice_prefix(_value(entry, "title").replace("{", "").replace("}", ""))),
        )

    def same_work(self, other: Identity) -> bool:
        if self.doi and other.doi:
            return self.doi == other.doi
        if self.pmid and other.pmid:
            return self.pmid == other.pmid
        return bool(
            self.title and other.title and self.author == other.author and self.year == other.year
            and fuzz.token_sort_ratio(self.title, other.title) >= TITLE_SIMILARITY
        )


def _buckets(identity: Identity) -> list[str]:
    """Every pair :meth:`Identity.same_work` can accept shares one of these buckets."""
    out = [f"ay:{identity.author}|{identity.year}"]
    if identity.doi:
        out.append(f"doi:{identity.doi}")
    if identity.pmid:
        out.append(f"pmid:{identity.pmid}")
    return out


def find_duplicates(entries: list[Entry]) -> list[list[Entry]]:
    """Groups (size >= 2) of entries that are the same work, in library order.

    Only entries sharing a DOI, a PMID or a (first author, year) bucket are compared, so a
    library of thousands of entries is not compared pair by pair.
    """
    identities = [Identity.of(e) for e in entries]
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[str, list[int]] = {}
    for i, identity in enumerate(identities):
        for name in _buckets(identity):
            buckets.setdefault(name, []).append(i)
    for members in buckets.values():
        for a, i in enumerate(members):
            for j in members[a + 1:]:
                if root(i) != root(j) and identities[i].same_work(identities[j]):
                    ri, rj = root(i), root(j)
                    parent[max(ri, rj)] = min(ri, rj)  # the earliest entry stays the group's head
    groups: dict[int, list[Entry]] = {}
    for i, entry in enumerate(entries):
        groups.setdefault(root(i), []).append(entry)
    return [g for g in groups.values() if len(g) > 1]


def merge(group: list[Entry]) -> Entry:
    """One entry from a duplicate group: the first entry's key, every field kept once.

    The first entry wins on conflicting values (it is the one the author cited first); fields
    only the others have (a PMID next to a DOI) are added, so nothing is lost.
    """
    keep = group[0]
    fields = list(keep.fields)
    for other in group[1:]:
        for f in other.fields:
            if f.key not in {x.key for x in fields}:
                insert_ranked(fields, Field(f.key, f.value, enclosing=f.enclosing))
    merged_keys = ", ".join(e.key for e in group[1:])
    note = next((f for f in fields if f.key == "refcheck-merged"), None)
    if note is not None:
        fields[fields.index(note)] = Field("refcheck-merged", f"{note.value}, {merged_keys}")
    else:
        insert_ranked(fields, Field("refcheck-merged", merged_keys))
    return Entry(keep.entry_type, keep.key, fields)


def dedupe(entries: list[Entry]) -> tuple[list[Entry], list[tuple[str, list[str]]]]:
    """The entries with duplicates merged, and (kept key, merged keys) for the user."""
    groups = find_duplicates(entries)
    drop = {id(e) for g in groups for e in g[1:]}
    replacement = {id(g[0]): merge(g) for g in groups}
    result = [replacement.get(id(e), e) for e in entries if id(e) not in drop]
    return result, [(g[0].key, [e.key for e in g[1:]]) for g in groups]
