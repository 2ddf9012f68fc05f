"""The local mirror as a :class:`~refcheck.sources.base.Source` (``refcheck mirror build`` makes it).

Design decisions (see also ``docs/scaling.md``):

* **Same Works as the live path.** Records are stored raw and converted on read with the live
  converters (``work_from_crossref``, ``work_from_pubmed_element``), so the matcher and the
  checks see the same :class:`~refcheck.model.Work` whichever path answered, and give the
  same verdicts.
* **Provenance.** ``Work.source`` is the *original* registry (``crossref`` / ``pubmed``), so
  findings and reports are identical between the mirror and live paths; what names the path
  is the source's ``name`` (``"mirror"``, which the matcher puts in ``Match.source`` and the
  pipeline in ``Report.sources``) and ``Work.request`` (``mirror:crossref/doi/…``).
* **Registries.** ``MirrorSource(path)`` answers from both registries' records as one
  primary source: Crossref's record wins for a DOI (as the live Crossref look-up would), a
  PubMed-only record is still found. ``mirror_sources(path)`` instead returns a Crossref-only
  mirror plus :class:`PubmedMirrorSource`, which plays PubMed's part (role ``CROSS_CHECK``,
  ``serves = "pubmed"``: its record goes to ``Match.other["pubmed"]`` as live PubMed's would)
  and reproduces the live path's PubMed batch (ECitMatch + cross-check), while its ``name``
  stays ``"mirror"``: it never pretends to be the live registry.
* **Outages.** A mirror never raises ``SourceUnavailable`` for a miss: it *answers*, so a
  missing DOI is ``None`` (like a registry 404). A broken file raises it once, at open.
* **Coverage.** A miss is a verdict only within what the mirror was built from
  (:mod:`refcheck.mirror.coverage`, recorded by ``mirror build --complete``):
  :meth:`MirrorSource.coverage_gap` tells the matcher when it is not, and the reference is
  then ``unchecked`` ("not in the local mirror's coverage"), never ``not_found``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from defusedxml.ElementTree import fromstring

from refcheck.errors import SourceUnavailable
from refcheck.mirror.coverage import META_KEY as COVERAGE_KEY
from refcheck.mirror.coverage import Coverage, normalize_issn
from refcheck.mirror.coverage import loads as load_coverage
from refcheck.mirror.db import MirrorError, get_meta
from refcheck.mirror.jsonio import loads
from refcheck.mirror.query import MirrorReader, Row, container_query, fts_queries
from refcheck.model import Citation, Work
from refcheck.sources.base import Capability, Role, Source
from refcheck.text.fold import fold, key
from refcheck.text.identifiers import normalize_doi
from refcheck.text.pages import expand_pages

REGISTRIES = ("crossref", "pubmed")
FTS_POOL = 20  # bm25 hits re-ranked in Python with year/volume/page agreement
# Candidates scoring under this share of the best one are not returned: the matcher would
# convert and validate each for nothing (Crossref's matcher cuts at 0.4 of a normalised score).
CANDIDATE_RATIO = 0.5


def convert(row: Row) -> Work:
    """The stored record as the live converter sees it (``Work.source`` = original registry)."""
    if row.source == "crossref":
        from refcheck.sources.crossref_record import work_from_crossref

        work = work_from_crossref(loads(row.payload))
        work.request = f"mirror:crossref/doi/{row.doi}"
    else:
        from refcheck.sources.pubmed_record import work_from_pubmed_element

        work = work_from_pubmed_element(fromstring(row.payload))
        work.source = "pubmed"
        work.request = f"mirror:pubmed/pmid/{row.pmid}"
    work.score = round(row.rank, 4) if row.rank else None
    return work


def _locator_bonus(citation: Citation, row: Row) -> float:
    """Small re-ranking bonus for agreeing year/volume/first page (kept below one title word)."""
    bonus = 0.0
    if citation.year and row.year and abs(citation.year - row.year) <= 1:
        bonus += 0.5 if citation.year == row.year else 0.2
    if citation.volume and row.volume and fold(citation.volume) == fold(row.volume):
        bonus += 0.5
    first = citation.first_page or expand_pages(citation.pages)[0]
    if first and row.first_page and fold(first) == fold(row.first_page):
        bonus += 0.5
    return bonus


def journal_compatible(cited: str | None, names: Iterable[str]) -> bool:
    """Cited journal equal to, or an abbreviation of, one of the registered names.

    ``Arch Dermatol`` ~ ``Archives of Dermatology``: every cited word is a prefix of the next
    registered word (stop-words skipped), the NLM abbreviation rule; used to filter ECitMatch-
    style volume/page hits the way NCBI keys them on the journal.
    """
    if not cited:
        return True
    cited_words = key(cited).split()
    for name in names:
        reg = [w for w in key(name).split() if w not in {"of", "the", "and", "for", "de", "la", "in"}]
        if key(name) == key(cited):
            return True
        i = 0
        for word in cited_words:
            while i < len(reg) and not reg[i].startswith(word):
                i += 1
            if i == len(reg):
                break
            i += 1
        else:
            return True
    return False


class MirrorSource(Source):
    """Crossref and PubMed records from a local mirror file (read-only, thread-safe)."""

    name = "mirror"
    max_concurrency = 2

    def __init__(self, path: Path, *, registries: Sequence[str] = REGISTRIES) -> None:
        self.path = Path(path)
        self.registries = tuple(registries)
        self.capabilities = _capabilities(self.registries)
        try:
            self.reader = MirrorReader(self.path)
            builds = json.loads(get_meta(self.reader.conn, "builds") or "[]")
            self.coverage = load_coverage(get_meta(self.reader.conn, COVERAGE_KEY))
            self._issns: dict[str, frozenset[str]] = {}  # journal query -> ISSNs, per source
        except (MirrorError, sqlite3.Error, ValueError) as exc:
            raise SourceUnavailable(self.name, str(exc)) from exc
        # the last build/update of the mirror: what "retrieved" means for a record read from it
        self.snapshot: str | None = builds[-1].get("time") if builds else None

    def coverage_gap(self, *, doi: str | None = None, pmid: str | None = None,
                     citation: Citation | None = None) -> str | None:
        """None when a served registry's recorded coverage includes this DOI / publication year
        (a complete snapshot covers everything), else why the miss is no verdict."""
        year = citation.year if citation is not None else None
        gaps = []
        for registry in self.registries:
            cov = self.coverage.get(registry, Coverage())
            issns = (self._journal_issns(citation) if cov.issns and citation is not None
                     and doi is None and pmid is None else frozenset())
            if cov.gap(doi=normalize_doi(doi) if doi else None, pmid=pmid, year=year, journal_issns=issns) is None:
                return None
            gaps.append(f"{registry}: {cov.describe()}")
        return f"not in the local mirror's coverage ({'; '.join(gaps)})"

    def _journal_issns(self, citation: Citation) -> frozenset[str]:
        """ISSNs of the cited journal as the mirror knows it: those of stored records whose
        journal title the cited one equals or abbreviates (for ISSN-scoped coverage)."""
        query = container_query(citation.container)
        if query is None:
            return frozenset()
        cached = self._issns.get(query)
        if cached is None:
            rows = self._query(self.reader.load, self._query(self.reader.search, query, FTS_POOL))
            works = [convert(r) for r in rows if r.source == "crossref"]
            cached = frozenset(normalize_issn(i) for w in works for i in w.issn
                               if journal_compatible(citation.container, [w.container or "", *w.container_abbrevs]))
            self._issns[query] = cached
        return cached

    # -- helpers -----------------------------------------------------------------------------

    def _work(self, row: Row) -> Work:
        work = convert(row)
        work.retrieved = work.retrieved or self.snapshot
        return work

    def _wanted(self, rows: Iterable[Row]) -> list[Row]:
        """Rows of the served registries, one per work: the Crossref copy of a shared DOI wins."""
        rows = [r for r in rows if r.source in self.registries]
        crossref_dois = {r.doi for r in rows if r.source == "crossref" and r.doi}
        return [r for r in rows if r.source == "crossref" or not (r.doi and r.doi in crossref_dois)]

    def _query(self, call, *args):  # type: ignore[no-untyped-def]
        try:
            return call(*args)
        except sqlite3.Error as exc:  # a mirror deleted or corrupted under us
            raise SourceUnavailable(self.name, f"{self.path}: {exc}") from exc

    # -- Source interface --------------------------------------------------------------------

    def get_doi(self, doi: str) -> Work | None:
        rows = self._wanted(self._query(self.reader.by_doi, doi.strip().lower()))
        bare = normalize_doi(doi)
        if not rows and bare and bare != doi.strip().lower():  # doi:/https://doi.org/ forms
            rows = self._wanted(self._query(self.reader.by_doi, bare))
        rows.sort(key=lambda r: REGISTRIES.index(r.source))
        return self._work(rows[0]) if rows else None

    def get_pmid(self, pmid: str) -> Work | None:
        rows = [r for r in self._query(self.reader.by_pmid, str(pmid).strip()) if r.source in self.registries]
        return self._work(rows[0]) if rows else None

    def get_pmids(self, pmids: Sequence[str]) -> dict[str, Work | None]:
        wanted = [str(p).strip() for p in pmids]
        found = {r.pmid: r for r in self._query(self.reader.by_pmids, wanted) if r.source in self.registries}
        return {p: self._work(found[p]) if p in found else None for p in wanted}

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        """FTS5 bm25 candidates re-ranked by locator agreement, plus the cited PMID's record and
        exact volume/page hits (the ECitMatch key) — the matcher validates every one."""
        hits = self._query(self.reader.load, self._ranked(citation, rows))
        cited = self._cited_pmid(citation)
        hits = cited + [r for r in hits if r.id not in {c.id for c in cited}]
        seen = {r.id for r in hits}
        hits += [r for r in self._block(citation) if r.id not in seen][:rows]
        return [self._work(r) for r in hits]

    def _ranked(self, citation: Citation, rows: int) -> list[Row]:
        """Strict query first, broad if it finds too few; then locator bonus and score cut-off."""
        first = citation.authors[0] if citation.authors else None
        author = (first.family or first.group) if first else None
        queries = self._query(lambda: fts_queries(citation.title, author, citation.container,
                                                  select=self.reader.rarest))
        hits: list[Row] = []
        for query in queries:
            hits = self._wanted(self._query(self.reader.search, query, FTS_POOL))
            if len(hits) >= rows:
                break
        for row in hits:
            row.rank += _locator_bonus(citation, row)
        hits = sorted(hits, key=lambda r: -r.rank)[:rows]
        # Like Crossref's SBMV candidate selection: drop hits far below the best one.
        return [r for r in hits if r.rank >= CANDIDATE_RATIO * hits[0].rank] if hits else []

    def _cited_pmid(self, citation: Citation) -> list[Row]:
        """A single mirror source never gets the matcher's PubMed batch: use a cited PMID here."""
        pmid = (citation.pmid or "").strip()
        if not (pmid.isdigit() and "pubmed" in self.registries):
            return []
        return [r for r in self._query(self.reader.by_pmid, pmid) if r.source == "pubmed"]

    def _block(self, citation: Citation) -> list[Row]:
        """Records with the cited volume and first page (right locator, garbled title)."""
        first_page = citation.first_page or expand_pages(citation.pages)[0]
        if not (citation.volume and first_page):
            return []
        return self._wanted(self._query(self.reader.by_volume_page, citation.volume.strip(), first_page))

    def citation_match(self, citations: Iterable[Citation]) -> dict[int, str]:
        """ECitMatch over the mirror's PubMed records: journal + volume + first page -> PMID.

        Like NCBI's, a hit is a *candidate* (the matcher validates it); two different PMIDs
        for one key are AMBIGUOUS and, as in ECitMatch, not returned.
        """
        out: dict[int, str] = {}
        for i, citation in enumerate(citations):
            first_page = citation.first_page or expand_pages(citation.pages)[0]
            if not (citation.volume and first_page):
                continue
            rows = [r for r in self._query(self.reader.by_volume_page, citation.volume.strip(), first_page)
                    if r.source == "pubmed" and r.pmid and "pubmed" in self.registries]
            pmids = {r.pmid for r in rows if journal_compatible(citation.container, _journals(r))}
            if len(pmids) == 1:
                out[i] = pmids.pop()  # type: ignore[assignment]
        return out

    def close(self) -> None:
        self.reader.close()


def _journals(row: Row) -> list[str]:
    work = convert(row)
    return [n for n in [work.container, *work.container_abbrevs] if n]


def _capabilities(registries: Sequence[str]) -> frozenset[Capability]:
    """What a view of the mirror answers: DOIs and searches always; PMIDs and (as the matcher's
    cross-check only, see :class:`PubmedMirrorSource`) ECitMatch-style matching with PubMed records."""
    found = {Capability.LOOKUP_DOI, Capability.SEARCH, Capability.COVERAGE, Capability.RELATIONS}
    if "pubmed" in registries:
        found |= {Capability.LOOKUP_PMID, Capability.BATCH_PMID}
    return frozenset(found)


class PubmedMirrorSource(MirrorSource):
    """The mirror's PubMed records playing PubMed's part (:attr:`Role.CROSS_CHECK`), so the
    matcher runs its PubMed batch (cited PMIDs, ECitMatch) and cross-registry check exactly as
    on the live path; records keep ``pubmed`` as their registry, the path stays ``mirror``."""

    serves = "pubmed"
    role = Role.CROSS_CHECK

    def __init__(self, path: Path) -> None:
        super().__init__(path, registries=("pubmed",))
        self.capabilities = self.capabilities | {Capability.CITATION_MATCH}


def mirror_sources(path: Path) -> list[Source]:
    """Crossref-only mirror + PubMed mirror: the live ``[crossref, pubmed]`` pair, offline.

    The PubMed half is left out when the mirror holds no PubMed record at all: a mirror built
    from Crossref data alone cannot say "PubMed has no record for PMID n".
    """
    crossref = MirrorSource(path, registries=("crossref",))
    if not has_registry(path, "pubmed"):
        return [crossref]
    return [crossref, PubmedMirrorSource(path)]


def has_registry(path: Path, registry: str) -> bool:
    """Whether the mirror holds at least one record from ``registry``.

    Probed through the partial PMID index (every PubMed record has a PMID, few Crossref records
    do), so it stays instant on a mirror of millions of Crossref records.
    """
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute(
                "SELECT 1 FROM works INDEXED BY works_pmid WHERE pmid IS NOT NULL AND source = ? LIMIT 1", (registry,)).fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False
