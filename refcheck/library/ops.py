"""The library operations behind ``add``, ``import`` and ``sync``.

Entries are built with the same BibTeX writer as ``refcheck bib`` (registered values only),
plus two provenance fields that make every entry traceable to its record:
``refcheck-source`` (the registry) and ``refcheck-checked`` (the date it was last verified).
A ``refcheck-keep`` field lists fields the author pinned: ``sync`` never overwrites them.
Cite keys follow one scheme (``family`` + ``year`` + first significant title word, lower-case
ASCII, ``a``/``b``… on collisions), are unique in the library, and are never changed for an
existing entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from refcheck.bibtex.entries import to_entry
from refcheck.bibtex.keys import _suffix, name_key
from refcheck.bibtex.model import from_work
from refcheck.library.dedupe import Identity
from refcheck.library.resolve import Resolution
from refcheck.model import Work

PROVENANCE_FIELDS = ("refcheck-source", "refcheck-checked", "refcheck-updates")
KEEP_FIELD = "refcheck-keep"


def today() -> str:
    return dt.date.today().isoformat()


def unique_key(base: str, used: set[str]) -> str:
    """``base``, else ``base`` + a, b, … — the first not in ``used``."""
    if base not in used:
        return base
    n = 0
    while (candidate := base + _suffix(n)) in used:
        n += 1
    return candidate


def updates_note(work: Work) -> str | None:
    """Editorial notices on the work, e.g. ``retraction 10.1016/x (retraction-watch)``."""
    notes = [f"{u.kind} {u.doi or u.pmid or ''} ({u.source})".replace("  ", " ") for u in work.updates]
    return "; ".join(notes) or None


def entry_from_work(work: Work, key: str, *, utf8: bool = False, checked: str | None = None) -> Entry:
    """A library entry for a registered work, with provenance fields."""
    entry = to_entry(from_work(work, 0), key, utf8=utf8)
    entry.set_field(Field("refcheck-source", work.source))
    entry.set_field(Field("refcheck-checked", checked or today()))
    if note := updates_note(work):
        entry.set_field(Field("refcheck-updates", note))
    return entry


@dataclass(slots=True)
class AddOutcome:
    """What happened to one input: added (new key), merged into an existing key, or refused."""

    label: str
    action: str  # added | exists | merged | refused
    key: str | None = None
    detail: str | None = None
    candidates: list[Work] = field(default_factory=list)


def _find_same(entries: Sequence[Entry], work_entry: Entry) -> Entry | None:
    identity = Identity.of(work_entry)
    return next((e for e in entries if Identity.of(e).same_work(identity)), None)


def add_resolutions(library: Library, resolutions: Sequence[Resolution], *, utf8: bool = False) -> list[AddOutcome]:
    """Add resolved works to ``library`` (in place), de-duplicating against what is there."""
    used = {e.key for e in library.entries}
    outcomes: list[AddOutcome] = []
    for res in resolutions:
        label = res.item.value if len(res.item.value) < 70 else res.item.value[:67] + "..."
        if res.work is None:
            detail = res.reason or res.status.value
            outcomes.append(AddOutcome(label, "refused", detail=f"{res.status.value}: {detail}",
                                       candidates=list(res.candidates)))
            continue
        rec = from_work(res.work, 0)
        key = unique_key(name_key(*rec.key_hint), used)
        new = entry_from_work(res.work, key, utf8=utf8)
        same = _find_same(library.entries, new)
        if same is not None:
            added = [f.key for f in new.fields if f.key not in same.fields_dict and f.key not in PROVENANCE_FIELDS]
            for name in added:
                same.set_field(Field(name, new.fields_dict[name].value))
            outcomes.append(AddOutcome(label, "merged" if added else "exists", key=same.key,
                                       detail=f"added {', '.join(added)}" if added else None))
            continue
        used.add(key)
        library.add(new)
        outcomes.append(AddOutcome(label, "added", key=key))
    return outcomes


@dataclass(slots=True)
class SyncChange:
    """What the registry now says differently about one entry."""

    key: str
    changed: dict[str, tuple[str | None, str | None]]  # field -> (library value, registry value)
    pinned: list[str]
    status: str = "ok"
    reason: str | None = None


def synced_entry(old: Entry, work: Work, *, utf8: bool = False) -> tuple[Entry, SyncChange]:
    """``old`` updated with the registry's values, except pinned fields; and the change list."""
    keep_raw = old.fields_dict.get(KEEP_FIELD)
    pinned = [p.strip().lower() for p in str(keep_raw.value).split(",")] if keep_raw else []
    fresh = entry_from_work(work, old.key, utf8=utf8, checked=str(old.fields_dict["refcheck-checked"].value)
                            if "refcheck-checked" in old.fields_dict else None)
    changed: dict[str, tuple[str | None, str | None]] = {}
    result = Entry(fresh.entry_type, old.key, [])
    names = [f.key for f in fresh.fields] + [f.key for f in old.fields if f.key not in fresh.fields_dict]
    for name in names:
        old_v = str(old.fields_dict[name].value) if name in old.fields_dict else None
        new_v = str(fresh.fields_dict[name].value) if name in fresh.fields_dict else None
        if name in pinned or name == KEEP_FIELD or new_v is None or name == "refcheck-checked":
            if old_v is not None:
                result.set_field(Field(name, old_v))
            continue
        result.set_field(Field(name, new_v))
        if old_v != new_v:
            changed[name] = (old_v, new_v)
    if changed:
        result.set_field(Field("refcheck-checked", today()))
    return result, SyncChange(old.key, changed, pinned)
