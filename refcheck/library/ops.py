"""The library operations behind ``add``, ``import`` and ``sync``.

Entries are built with the same BibTeX writer as ``refcheck bib`` (registered values only),
plus provenance fields that make every entry traceable to its record:

* ``refcheck-source``  the registry the values come from (``crossref``, ``pubmed``, ``mirror``);
* ``refcheck-checked`` the date the entry was last verified against it;
* ``refcheck-updates`` editorial notices on the work (retraction, correction, expression of
  concern, published version of a preprint), so a retraction stays visible in the .bib.

A ``refcheck-keep`` field lists fields the author pinned (``refcheck-keep = {pages, title}``):
``sync`` never overwrites them. Cite keys follow one scheme (:func:`cite_key`), are unique in
the library, and are never changed for an existing entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeGuard

from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from refcheck.bibtex.entries import to_entry
from refcheck.bibtex.keys import key_suffix, name_key
from refcheck.bibtex.model import from_citation, from_work
from refcheck.library.dedupe import Identity, strip_notice_prefix
from refcheck.library.resolve import Resolution
from refcheck.library.tidy import insert_ranked, tidy_entry, to_utf8
from refcheck.model import Work
from refcheck.text.fold import fold

PROVENANCE_FIELDS = ("refcheck-source", "refcheck-checked", "refcheck-updates")
KEEP_FIELD = "refcheck-keep"
MERGED_FIELD = "refcheck-merged"
# Fields sync leaves alone: the author's own bookkeeping, never something a registry says.
_OWN_FIELDS = frozenset({KEEP_FIELD, MERGED_FIELD, "refcheck-checked", "note", "annote", "abstract",
                         "keywords", "file", "groups"})


def today() -> str:
    return dt.date.today().isoformat()


def unique_key(base: str, used: set[str]) -> str:
    """``base``, else ``base`` + a, b, … — the first not in ``used``."""
    if base not in used:
        return base
    n = 0
    while (candidate := base + key_suffix(n)) in used:
        n += 1
    return candidate


def cite_key(work: Work) -> str:
    """``family + year + first significant title word``, lower-case ASCII (``wakefield1998ileal``).

    Words are split at hyphens (``Ileal-lymphoid-nodular`` gives ``ileal``) and a
    ``RETRACTED:`` title prefix is skipped. The family is the first author's (a group's first
    significant word), else the first editor's (an edited book), else ``anon``; ``nd`` stands
    for a missing year.
    """
    people = work.authors or work.editors
    first = people[0] if people else None
    family = (first.family or first.group or "") if first else ""
    title = re.sub(r"[-\u2010\u2011\u2013/]", " ", strip_notice_prefix(work.title or ""))
    return name_key(family, str(work.year or ""), title)


def updates_note(work: Work) -> str | None:
    """Editorial notices on the work, e.g. ``retraction doi:10.1016/x (publisher)``."""
    notes = []
    for u in work.updates:
        ident = f"doi:{u.doi}" if u.doi else (f"pmid:{u.pmid}" if u.pmid else "")
        notes.append(" ".join(x for x in (u.kind, ident, f"({u.source})") if x))
    notes += [f"published-version doi:{doi}" for doi in work.relations.get("is-preprint-of", [])]
    return "; ".join(dict.fromkeys(notes)) or None


def entry_from_work(work: Work, key: str, *, utf8: bool = False, checked: str | None = None) -> Entry:
    """A library entry for a registered work, with provenance fields, already tidy.

    Tidy form (:func:`~refcheck.library.tidy.tidy_entry`) means ``refcheck tidy --check``
    passes on a library that only refcheck has written.
    """
    entry = to_entry(from_work(work, 0), key, utf8=utf8)
    entry.set_field(Field("refcheck-source", work.source))
    entry.set_field(Field("refcheck-checked", checked or today()))
    if note := updates_note(work):
        entry.set_field(Field("refcheck-updates", note))
    return tidy_entry(entry, utf8=utf8)


@dataclass(slots=True)
class AddOutcome:
    """What happened to one input: added (new key), merged into / already an existing key, or refused."""

    label: str
    action: str  # added | unverified | exists | merged | refused
    key: str | None = None
    detail: str | None = None
    candidates: list[Work] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # findings on the cited text, retractions


def find_same(entries: Iterable[Entry], entry: Entry) -> Entry | None:
    """The library entry that is the same work as ``entry`` (same DOI/PMID or near-identical)."""
    identity = Identity.of(entry)
    return next((e for e in entries if Identity.of(e).same_work(identity)), None)


class _Index:
    """The library's identities, computed once per batch (an import checks every input against all)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.items = [(e, Identity.of(e)) for e in entries]

    def same(self, entry: Entry) -> Entry | None:
        identity = Identity.of(entry)
        return next((e for e, known in self.items if known.same_work(identity)), None)

    def add(self, entry: Entry) -> None:
        self.items.append((entry, Identity.of(entry)))


def merge_into(existing: Entry, new: Entry) -> list[str]:
    """Add to ``existing`` the fields only ``new`` has (a PMID next to a DOI); returns their names.

    Existing values are never changed here — correcting them is ``sync``'s job, shown as a diff.
    """
    added = [f.key for f in new.fields if f.key not in existing.fields_dict and f.key not in PROVENANCE_FIELDS]
    if "refcheck-updates" in new.fields_dict and "refcheck-updates" not in existing.fields_dict:
        added.append("refcheck-updates")  # a retraction must not be lost in a merge
    for name in added:
        insert_ranked(existing.fields, new.fields_dict[name])
    return added


def _notes(res: Resolution) -> list[str]:
    notes = [f"{f.code} {f.message}" for f in res.findings]
    if res.work is not None:
        notes += [f"{u.kind.replace('_', ' ')} notice {u.doi or u.pmid or ''}".strip()
                  for u in res.work.updates if u.kind in ("retraction", "partial_retraction",
                                                          "expression_of_concern", "withdrawal")]
    return notes


def _valid_key(key: str | None) -> TypeGuard[str]:
    return bool(key) and re.fullmatch(r"[A-Za-z0-9_:.\-+/]+", key or "") is not None


def unverified_entry(res: Resolution, key: str, *, utf8: bool = False) -> Entry:
    """An entry from the cited text itself, marked ``refcheck = {unverified}`` (``--keep-unverified``)."""
    assert res.citation is not None
    record = from_citation(res.citation, 0, res.status, res.reason)
    return tidy_entry(to_entry(record, key, utf8=utf8), utf8=utf8)


def add_resolutions(library: Library, resolutions: Sequence[Resolution], *, utf8: bool = False,
                    keep_keys: bool = False, keep_unverified: bool = False) -> list[AddOutcome]:
    """Add resolved works to ``library`` (in place), de-duplicating against what is there.

    An input that is the same work as an entry (already in the library, or added earlier in the
    same batch) is merged into that entry, whose key never changes. ``keep_keys`` keeps the key
    an imported entry already had (when free) instead of the :func:`cite_key` scheme.
    Unresolved inputs are refused, unless ``keep_unverified`` and the input was a reference
    (not a bare identifier): then its own fields are added, marked ``refcheck = {unverified}``.
    """
    used = {e.key for e in library.entries}
    index = _Index(library.entries)
    outcomes: list[AddOutcome] = []
    for res in resolutions:
        label = res.item.label
        if res.work is None and not (keep_unverified and res.citation is not None):
            detail = f"{res.status.value.replace('_', ' ')}" + (f": {res.reason}" if res.reason else "")
            outcomes.append(AddOutcome(label, "refused", detail=detail, candidates=list(res.candidates)))
            continue
        if res.work is None:
            assert res.citation is not None
            person = next(iter(res.citation.authors or res.citation.editors), None)
            hint = Work(source="manuscript", authors=[person] if person else [], title=res.citation.title,
                        year=res.citation.year)
            wanted = res.item.key if keep_keys and _valid_key(res.item.key) else cite_key(hint)
            key = unique_key(wanted, used)
            new = unverified_entry(res, key, utf8=utf8)
            action = "unverified"
        else:
            wanted = res.item.key if keep_keys and _valid_key(res.item.key) else cite_key(res.work)
            key = unique_key(wanted, used)
            new = entry_from_work(res.work, key, utf8=utf8)
            action = "added"
        same = index.same(new)
        if same is not None:
            added = merge_into(same, new)
            outcomes.append(AddOutcome(label, "merged" if added else "exists", key=same.key,
                                       detail=f"added {', '.join(added)}" if added else None, notes=_notes(res)))
            continue
        used.add(key)
        library.add(new)
        index.add(new)
        why = f"{res.status.value.replace('_', ' ')}: {res.reason}" if action == "unverified" else None
        outcomes.append(AddOutcome(label, action, key=key, detail=why, candidates=list(res.candidates)
                                   if action == "unverified" else [], notes=_notes(res)))
    return outcomes


@dataclass(slots=True)
class SyncChange:
    """What the registry now says differently about one entry."""

    key: str
    changed: dict[str, tuple[str | None, str | None]]  # field -> (library value, registry value)
    pinned: dict[str, str]  # pinned fields the registry disagrees with -> registry value

    @property
    def retracted(self) -> bool:
        new = (self.changed.get("refcheck-updates") or (None, None))[1] or ""
        return "retraction" in new


def pinned_fields(entry: Entry, extra: Iterable[str] = ()) -> set[str]:
    """Fields ``sync`` must not overwrite: the entry's ``refcheck-keep`` plus ``extra`` (``--keep``)."""
    raw = entry.fields_dict.get(KEEP_FIELD)
    names = re.split(r"[\s,;]+", str(raw.value).strip("{} ")) if raw else []
    return {n.lower() for n in [*names, *extra] if n}


def comparable(value: str | None, name: str = "") -> str:
    """A field value as meaning, not spelling: LaTeX escapes, braces, spacing and case removed.

    Names compare as (family, initials) lists, so ``Wakefield, A. J.`` equals ``Wakefield, AJ``.
    """
    if value is None:
        return ""
    text = to_utf8(value)
    if name in ("author", "editor"):
        from refcheck.library.convert import split_names

        return "; ".join(f"{fold(a.family or a.group or '')} {(a.initials or '').lower()}"
                         for a in split_names(text.replace("{", "").replace("}", "")))
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text.replace("--", "-")).strip().lower()


def synced_entry(old: Entry, work: Work, *, utf8: bool = False, keep: Iterable[str] = ()) -> tuple[Entry, SyncChange]:
    """``old`` updated with the registry's values, except pinned fields; and the change list.

    A field whose value means the same (``M{\\"u}ller`` vs ``Müller``, ``{MRI}`` vs ``MRI``)
    keeps the library's spelling, so ``sync`` only shows real differences. Fields the registry
    does not have are kept; the key and the author's own fields are never touched.
    """
    pinned = pinned_fields(old, keep)
    fresh = entry_from_work(work, old.key, utf8=utf8)
    changed: dict[str, tuple[str | None, str | None]] = {}
    disagree: dict[str, str] = {}
    fields: list[Field] = []
    for name in [f.key for f in old.fields] + [f.key for f in fresh.fields if f.key not in old.fields_dict]:
        old_f, new_f = old.fields_dict.get(name), fresh.fields_dict.get(name)
        old_v = str(old_f.value) if old_f is not None else None
        new_v = str(new_f.value) if new_f is not None else None
        same = comparable(old_v, name) == comparable(new_v, name)
        if new_f is None or name in _OWN_FIELDS or same or name in pinned:
            if name in pinned and new_v is not None and not same:
                disagree[name] = new_v
            if old_f is not None:
                fields.append(old_f)
            continue
        if old_f is None:
            insert_ranked(fields, new_f)
        else:
            fields.append(new_f)
        changed[name] = (old_v, new_v)
    marker = old.fields_dict.get("refcheck")
    if marker is not None and str(marker.value).strip() == "unverified":
        fields = [f for f in fields if f.key != "refcheck"]  # now verified against a registry
        changed["refcheck"] = ("unverified", None)
    entry_type = old.entry_type if comparable(old.entry_type) == comparable(fresh.entry_type) else fresh.entry_type
    if entry_type != old.entry_type:
        changed["@type"] = (old.entry_type, entry_type)
    result = Entry(entry_type, old.key, fields)
    if changed or "refcheck-checked" not in old.fields_dict:
        checked = Field("refcheck-checked", today())
        if "refcheck-checked" in result.fields_dict:
            result.set_field(checked)
        else:
            insert_ranked(result.fields, checked)
    return result, SyncChange(old.key, changed, disagree)
