"""What a mirror covers, recorded at build time: where its "absent" means "not registered".

A live registry holds everything it holds, so its 404 is a verdict. A mirror holds what it was
built from: the whole Crossref public data file of some date, a PubMed baseline, or a subset
(the 8k-record sample, one publisher's DOI prefix, some years). Answering "absent" outside
that coverage would turn every correct reference the subset lacks into "possibly fabricated"
(seed 004 against the sample mirror: 19 of 19 references). So each build records, per
registry, what it covers, in ``meta['coverage']``, and the mirror source answers absence
only within it (:meth:`Coverage.gap`).

Declared by whoever builds the mirror, because only they know what the files are::

    refcheck mirror build crossref-2025-04/ --complete crossref --as-of 2025-04-30
    refcheck mirror build pubmed-baseline/ --complete pubmed
    refcheck mirror build elsevier.jsonl.gz --complete crossref:prefix=10.1016
    refcheck mirror build recent/ --complete crossref:years=2020-2025
    refcheck mirror build jama.jsonl.gz --complete crossref:issn=0098-7484,1538-3598

Nothing declared (the default) means a *subset*: records found are used, absences are never
a verdict. Builds accumulate: a registry is complete once any build declared it complete; the
prefixes, ISSNs and year ranges of several builds add up.

Which question each scope answers: a DOI (or PMID) look-up's "absent" is a verdict ("not
registered") only in a complete registry or within a declared DOI prefix — a DOI missing from
one journal or one decade may be registered elsewhere. A search's "no such work" (RC801) is a
verdict in a complete registry, or for a reference whose year is in a declared range or whose
journal is one of the declared ISSNs' journals.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from refcheck.errors import InputError
from refcheck.text.identifiers import DOI_PREFIX

REGISTRIES = ("crossref", "pubmed")
META_KEY = "coverage"


@dataclass
class Coverage:
    """One registry's coverage in one mirror."""

    complete: bool = False  # every record of the registry (as of ``as_of``)
    prefixes: list[str] = field(default_factory=list)  # complete for these DOI prefixes
    years: list[list[int]] = field(default_factory=list)  # complete for these [first, last] years
    issns: list[str] = field(default_factory=list)  # complete for these journals
    as_of: str | None = None  # date of the snapshot, when known
    records: int = 0  # records of this registry in the mirror (for messages)

    @property
    def partial(self) -> bool:
        return not (self.complete or self.prefixes or self.years or self.issns)

    def gap(self, *, doi: str | None = None, pmid: str | None = None, year: int | None = None,
            journal_issns: frozenset[str] = frozenset()) -> str | None:
        """None when an absence is a verdict, else why not: for a ``doi``/``pmid`` look-up, or
        (neither given) for a search of a reference of ``year`` in a journal with ``journal_issns``."""
        if self.complete:
            return None
        if doi is not None or pmid is not None:
            if doi and doi.split("/", 1)[0].lower() in self.prefixes:
                return None
        elif (year and any(lo <= year <= hi for lo, hi in self.years)) or journal_issns & set(self.issns):
            return None
        return f"not in the local mirror's coverage ({self.describe()})"

    def describe(self) -> str:
        """``a subset of 7,995 records`` / ``complete as of 2025-04-30`` / ``complete for DOI prefix 10.1016``."""
        if self.complete:
            return "complete" + (f" as of {self.as_of}" if self.as_of else "")
        parts = []
        if self.prefixes:
            parts.append("complete for DOI prefix " + ", ".join(self.prefixes))
        if self.years:
            parts.append("complete for " + ", ".join(f"{lo}-{hi}" if lo != hi else str(lo) for lo, hi in self.years))
        if self.issns:
            parts.append("complete for ISSN " + ", ".join(self.issns))
        if parts:
            return "; ".join(parts) + (f" as of {self.as_of}" if self.as_of else "")
        return f"a subset of {self.records:,} records" if self.records else "a subset"


@dataclass
class Declared:
    """What one build declares (from ``--complete`` / ``--as-of``)."""

    complete: dict[str, Coverage] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: tuple[str, ...] | list[str], as_of: str | None = None) -> Declared:
        """``crossref``, ``pubmed``, ``crossref:prefix=10.1016,10.1001``, ``crossref:years=2000-2010``,
        ``crossref:issn=0098-7484``."""
        if as_of is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
            raise InputError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}")
        out: dict[str, Coverage] = {}
        for spec in specs:
            registry, _, scope = spec.partition(":")
            registry = registry.strip().lower()
            if registry not in REGISTRIES:
                raise InputError(f"--complete {spec!r}: registry must be crossref or pubmed")
            cov = out.setdefault(registry, Coverage(as_of=as_of))
            if not scope:
                cov.complete = True
                continue
            kind, _, values = scope.partition("=")
            items = [v.strip() for v in values.split(",") if v.strip()]
            if kind == "prefix" and items and all(re.fullmatch(DOI_PREFIX, v) for v in items):
                cov.prefixes = sorted({*cov.prefixes, *(v.lower() for v in items)})
            elif kind == "years" and items:
                cov.years = _merge_years(cov.years + [_year_range(spec, v) for v in items])
            elif kind == "issn" and items and all(re.fullmatch(r"\d{4}-?\d{3}[\dXx]", v) for v in items):
                cov.issns = sorted({*cov.issns, *(normalize_issn(v) for v in items)})
            else:
                raise InputError(f"--complete {spec!r}: expected REGISTRY, REGISTRY:prefix=10.NNNN[,...], "
                                 "REGISTRY:years=YYYY[-YYYY][,...] or REGISTRY:issn=NNNN-NNNN[,...]")
        return cls(out)


def normalize_issn(text: str) -> str:
    """``00987484`` / ``0098-7484`` / ``0098-748x`` -> ``0098-7484`` / ``0098-748X``."""
    bare = text.replace("-", "").strip().upper()
    return f"{bare[:4]}-{bare[4:]}"


def _year_range(spec: str, text: str) -> list[int]:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text)
    if not m:
        raise InputError(f"--complete {spec!r}: {text!r} is not a year or a range YYYY-YYYY")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    if hi < lo:
        raise InputError(f"--complete {spec!r}: {text!r} ends before it starts")
    return [lo, hi]


def _merge_years(ranges: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def merge(stored: dict[str, Coverage], declared: Declared, counts: dict[str, int]) -> dict[str, Coverage]:
    """The mirror's coverage after a build: what it had, plus what this build declared."""
    out: dict[str, Coverage] = {}
    for registry in REGISTRIES:
        old = stored.get(registry, Coverage())
        new = declared.complete.get(registry)
        cov = Coverage(old.complete, list(old.prefixes), [list(r) for r in old.years], list(old.issns),
                       old.as_of, counts.get(registry, 0))
        if new is not None:
            cov.complete = cov.complete or new.complete
            cov.prefixes = sorted({*cov.prefixes, *new.prefixes})
            cov.years = _merge_years(cov.years + new.years)
            cov.issns = sorted({*cov.issns, *new.issns})
            cov.as_of = new.as_of or cov.as_of
        out[registry] = cov
    return out


def loads(text: str | bytes | None) -> dict[str, Coverage]:
    """Coverage from ``meta['coverage']``; a mirror built before coverage was recorded is a subset."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    out: dict[str, Coverage] = {}
    for registry, value in (data.items() if isinstance(data, dict) else []):
        if registry in REGISTRIES and isinstance(value, dict):
            known = {k: v for k, v in value.items() if k in Coverage.__dataclass_fields__}
            try:
                out[registry] = Coverage(**known)
            except TypeError:
                continue
    return out


def dumps(coverage: dict[str, Coverage]) -> str:
    return json.dumps({name: asdict(cov) for name, cov in coverage.items()})


def coverage_report(coverage: dict[str, Coverage], counts: dict[str, int]) -> dict[str, dict]:
    """Per registry held: the recorded coverage, the record count and the one-line description."""
    out: dict[str, dict] = {}
    for name, count in counts.items():
        stored = coverage.get(name, Coverage())
        cov = Coverage(stored.complete, stored.prefixes, stored.years, stored.issns, stored.as_of, count)
        out[name] = {**asdict(cov), "describe": cov.describe()}
    return out
