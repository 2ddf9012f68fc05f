"""Look-alike records for the fake Crossref: preprints, notices, replies, reprints, namesakes.

In the real Crossref nearly every article has neighbours that share its title and often its
authors: its preprint (``posted-content`` on bioRxiv, medRxiv, Research Square, SSRN, arXiv),
corrections and errata (``Correction: <title>``, ``Erratum``), letters about it (``Re: <title>``,
``<title>—Reply``, ``Comment on: <title>``), reprints or translations in another journal, and
same-titled papers by other authors. Crossref's search often ranks them above the article
(see :data:`BOOST` for how the fake reproduces that).

A matcher is only tested against that if the fake registry holds such records. This module
derives them from real Crossref ``message`` objects, the way the real ones differ from their
article (types, containers, locators, relations), so that nothing here is tuned to refcheck:

* ``preprint``     posted-content/preprint on a preprint server, no journal/volume/pages, posted
  0-1 year before the article, title as published or lightly changed, authors as published
  (sometimes one fewer); ``relation.is-preprint-of`` on most of them, and then
  ``has-preprint`` on the article (as Crossref deposits both ways);
* ``correction``   ``Correction: <title>`` / ``Erratum to: <title>`` / ``Erratum`` in the same
  journal, a later page, ``update-to`` the article (type correction/erratum), usually no authors;
* ``reply``        ``<title>—Reply`` / ``Reply to: <title>`` by the article's authors, same journal;
* ``comment``      ``Re: <title>`` / ``Comment on: <title>`` by other authors, same journal;
* ``reprint``      the same paper (title, authors) in another journal, another year/volume/pages,
  ``relation.is-identical-to`` or ``is-translation-of`` the article;
* ``same_title``   another paper with the same title by other authors, in another journal.

Records get plausible DOIs under the publisher's (or the server's) prefix; which record is a
look-alike of what is kept *outside* the records (:class:`LookalikeSet`), for scoring only.
``synthetic_originals`` makes further source articles (real title words re-ordered, real
surnames, real journals) when a benchmark needs more look-alikes than the real corpus yields.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

KINDS = ("preprint", "correction", "reply", "comment", "reprint", "same_title")
# How often each kind is drawn (preprints are the commonest neighbour of a recent article).
KIND_WEIGHTS = (0.34, 0.14, 0.12, 0.14, 0.10, 0.16)
# Search-score factor of a look-alike. Plain BM25 over all fields ranks the article first (its
# journal, volume and pages match the query too); Crossref's relevance weighs the title far above
# them and often puts the preprint or a letter first. A factor drawn from this range puts roughly
# half of the look-alikes of a Vancouver reference above the article (measured by
# tests/fakes/test_lookalikes.py).
BOOST = (1.0, 1.8)
SERVERS = ("bioRxiv", "medRxiv", "Research Square", "SSRN", "arXiv")


@dataclass
class LookalikeSet:
    """Generated records and the truth about them."""

    records: list[dict] = field(default_factory=list)  # the look-alikes (Crossref messages)
    kind: dict[str, str] = field(default_factory=dict)  # look-alike DOI (lower) -> kind
    source: dict[str, str] = field(default_factory=dict)  # look-alike DOI -> the article's DOI
    originals: list[dict] = field(default_factory=list)  # synthetic source articles (registered)
    updated: list[dict] = field(default_factory=list)  # real articles re-served with has-preprint
    boost: dict[str, float] = field(default_factory=dict)  # look-alike DOI -> search score factor

    def install(self, fake: object) -> None:
        """Add everything to a :class:`~tests.fakes.crossref.FakeCrossref` (``fake.add`` per record)
        and rank the look-alikes as Crossref does (``fake.boost``)."""
        for record in [*self.originals, *self.updated, *self.records]:
            fake.add(record)  # type: ignore[attr-defined]
        fake.boost.update(self.boost)  # type: ignore[attr-defined]


def _year(record: dict) -> int | None:
    parts = (record.get("issued") or {}).get("date-parts") or [[None]]
    return parts[0][0] if parts and parts[0] else None


def _title(record: dict) -> str:
    titles = record.get("title") or [""]
    return str(titles[0]) if titles else ""


def _date(year: int, rng: random.Random) -> dict:
    return {"date-parts": [[year, rng.randint(1, 12), rng.randint(1, 28)]]}


def _pages(rng: random.Random) -> str:
    first = rng.randint(1, 2400)
    return f"{first}-{first + rng.randint(1, 14)}"


class _Maker:
    """Builds look-alikes of one article; owns the RNG and the DOI counter."""

    def __init__(self, rng: random.Random, journals: Sequence[tuple[list[str], list[str], str]],
                 people: Sequence[dict]) -> None:
        self.rng = rng
        self.journals = journals  # (container-title, short-container-title, publisher)
        self.people = people
        self.serial = 0

    def _doi(self, prefix: str, stem: str) -> str:
        self.serial += 1
        return f"{prefix}/{stem}{self.serial:07d}".lower()

    def _base(self, article: dict, doi: str, kind: str) -> dict:
        out = {"DOI": doi, "type": kind, "title": [_title(article)], "source": "Crossref",
               "URL": f"https://doi.org/{doi}", "prefix": doi.split("/", 1)[0]}
        if article.get("author"):
            out["author"] = copy.deepcopy(article["author"])
        return out

    def _others(self, n: int) -> list[dict]:
        picked = self.rng.sample(list(self.people), min(n, len(self.people)))
        return [{**p, "sequence": "first" if i == 0 else "additional"} for i, p in enumerate(picked)]

    def _journal(self, record: dict, article: dict, *, other: bool) -> None:
        """The article's journal, or (``other``) another real one."""
        if other:
            full, short, publisher = self.rng.choice(self.journals)
        else:
            full, short = article.get("container-title") or [], article.get("short-container-title") or []
            publisher = article.get("publisher") or ""
        record["container-title"], record["short-container-title"] = list(full), list(short)
        record["publisher"] = publisher

    # -- kinds -----------------------------------------------------------------------------
    def preprint(self, article: dict, year: int) -> dict:
        rng = self.rng
        server = rng.choice(SERVERS)
        posted = year - rng.choice((0, 0, 1, 1, 2))
        stem = {"bioRxiv": f"{posted}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}.",
                "medRxiv": f"{posted}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}.2",
                "Research Square": "rs.3.rs-", "SSRN": "ssrn.", "arXiv": f"arxiv.{posted % 100:02d}{rng.randint(1, 12):02d}."}
        prefix = {"bioRxiv": "10.1101", "medRxiv": "10.1101", "Research Square": "10.21203",
                  "SSRN": "10.2139", "arXiv": "10.48550"}[server]
        rec = self._base(article, self._doi(prefix, stem[server]), "posted-content")
        rec.update(subtype="preprint", institution=[{"name": server}], posted=_date(posted, rng),
                   issued=_date(posted, rng), publisher={"bioRxiv": "Cold Spring Harbor Laboratory",
                                                         "medRxiv": "Cold Spring Harbor Laboratory",
                                                         "Research Square": "Research Square Platform LLC",
                                                         "SSRN": "Elsevier BV", "arXiv": "arXiv"}[server])
        roll = rng.random()
        title = _title(article)
        if roll < 0.15 and ":" in title:
            rec["title"] = [title.split(":", 1)[0].strip()]  # subtitle added on publication
        elif roll < 0.3 and len(title.split()) > 4:
            words = title.split()
            words.insert(rng.randint(1, len(words) - 1), rng.choice(("novel", "human", "new", "early")))
            rec["title"] = [" ".join(words)]  # the journal version dropped a word
        if rec.get("author") and len(rec["author"]) > 2 and rng.random() < 0.2:
            rec["author"] = rec["author"][:-1]  # an author joined after the preprint
        if rng.random() < 0.75:
            rec["relation"] = {"is-preprint-of": [{"id-type": "doi", "id": article["DOI"], "asserted-by": "subject"}]}
        return rec

    def correction(self, article: dict, year: int) -> dict:
        rng = self.rng
        doi = self._doi(str(article["DOI"]).split("/", 1)[0], "corr.")
        rec = self._base(article, doi, "journal-article")
        title = _title(article)
        rec["title"] = [rng.choice((f"Correction: {title}", f"Erratum to: {title}", f"Corrigendum: {title}",
                                    "Erratum", "Correction"))]
        if rng.random() < 0.8:
            rec.pop("author", None)  # notices are mostly deposited without authors
        self._journal(rec, article, other=False)
        self._locate(rec, article, year + rng.choice((0, 0, 1)))
        kind = "erratum" if "Erratum" in rec["title"][0] else "correction"
        rec["update-to"] = [{"DOI": article["DOI"], "type": kind, "label": kind.title(),
                             "updated": _date(_year(rec) or year, rng)}]
        return rec

    def reply(self, article: dict, year: int) -> dict:
        title = _title(article)
        authors = list(article.get("author") or [])[: self.rng.randint(1, 3)]  # the article's authors answer
        return self._letter(article, year, "reply.", "is-reply-to", authors,
                            (f"{title}—Reply", f"{title} - Reply", f"Reply to: {title}", f"In Reply: {title}"))

    def comment(self, article: dict, year: int) -> dict:
        title = _title(article)
        return self._letter(article, year, "comm.", "is-comment-on", self._others(self.rng.randint(1, 3)),
                            (f"Re: {title}", f"Comment on: {title}", f"Comment on \u201c{title}\u201d",
                             f"Letter to the editor re: {title}"))

    def _letter(self, article: dict, year: int, stem: str, relation: str, authors: list[dict],
                titles: tuple[str, ...]) -> dict:
        """A letter about the article in its journal, later; half link to it (``relation``)."""
        rng = self.rng
        rec = self._base(article, self._doi(str(article["DOI"]).split("/", 1)[0], stem), "journal-article")
        rec["title"] = [rng.choice(titles)]
        if authors:
            rec["author"] = copy.deepcopy(authors)
        else:
            rec.pop("author", None)
        self._journal(rec, article, other=False)
        self._locate(rec, article, year + rng.choice((0, 1)))
        if rng.random() < 0.5:
            rec["relation"] = {relation: [{"id-type": "doi", "id": article["DOI"], "asserted-by": "subject"}]}
        return rec

    def reprint(self, article: dict, year: int) -> dict:
        """The same paper (title, authors) reprinted or translated in another journal."""
        rec = self._elsewhere(article, "rep.", year + self.rng.choice((0, 1, 1, 2)))
        relation = self.rng.choice(("is-identical-to", "is-translation-of"))
        rec["relation"] = {relation: [{"id-type": "doi", "id": article["DOI"], "asserted-by": "subject"}]}
        return rec

    def same_title(self, article: dict, year: int) -> dict:
        """Another paper with the same title, by other authors, in another journal."""
        rec = self._elsewhere(article, "st.", year + self.rng.randint(-6, 6))
        rec["author"] = self._others(self.rng.randint(1, 6))
        return rec

    def _elsewhere(self, article: dict, stem: str, year: int) -> dict:
        rng = self.rng
        rec = self._base(article, self._doi(f"10.{rng.randint(1000, 9999)}", stem), "journal-article")
        self._journal(rec, article, other=True)
        rec.update(volume=str(rng.randint(1, 120)), issue=str(rng.randint(1, 12)), page=_pages(rng),
                   issued=_date(year, rng))
        return rec

    def _locate(self, rec: dict, article: dict, year: int) -> None:
        """Same journal, a later issue: the volume moves with the year, pages elsewhere."""
        rng = self.rng
        rec["issued"] = _date(year, self.rng)
        volume = str(article.get("volume") or "")
        if volume.isdigit():
            rec["volume"] = str(int(volume) + (year - (_year(article) or year)))
        rec["page"] = _pages(rng) if rng.random() < 0.7 else str(rng.randint(1, 2400))


def _usable(record: dict) -> bool:
    return bool(record.get("type") == "journal-article" and _title(record) and record.get("DOI")
                and _year(record) and not record.get("update-to"))


def _pools(records: Sequence[dict]) -> tuple[list[tuple[list[str], list[str], str]], list[dict]]:
    journals: dict[str, tuple[list[str], list[str], str]] = {}
    people: list[dict] = []
    for r in records:
        if r.get("container-title"):
            journals.setdefault(r["container-title"][0], (list(r["container-title"]),
                                                          list(r.get("short-container-title") or []),
                                                          str(r.get("publisher") or "")))
        for a in r.get("author") or []:
            if isinstance(a, dict) and a.get("family") and a.get("given"):
                people.append({"given": a["given"], "family": a["family"]})
    return sorted(journals.values()), people


def synthetic_originals(records: Sequence[dict], n: int, seed: int) -> list[dict]:
    """``n`` further journal articles built from real parts (title words, surnames, journals)."""
    rng = random.Random(seed ^ 0x5EED)
    journals, people = _pools(records)
    vocab = [w for r in records for w in _title(r).split() if w.isalpha() and len(w) > 3]
    out = []
    for i in range(n):
        full, short, publisher = rng.choice(journals)
        first = rng.randint(1, 2400)
        out.append({
            "DOI": f"10.{rng.randint(1000, 9999)}/synth.{seed}.{i:07d}", "type": "journal-article",
            "title": [" ".join(rng.sample(vocab, rng.randint(6, 13))).capitalize()],
            "author": [{**p, "sequence": "first" if j == 0 else "additional"}
                       for j, p in enumerate(rng.sample(people, rng.randint(1, 7)))],
            "container-title": list(full), "short-container-title": list(short), "publisher": publisher,
            "issued": _date(rng.randint(1970, 2024), rng), "volume": str(rng.randint(1, 180)),
            "issue": str(rng.randint(1, 12)), "page": f"{first}-{first + rng.randint(2, 15)}",
        })
    return out


def generate(records: Sequence[dict], *, target: int = 0, seed: int = 2026, share: float = 0.6,
             per_record: tuple[int, int] = (2, 6), always: Iterable[str] = ()) -> LookalikeSet:
    """Look-alikes of ``records``: for a ``share`` of the usable articles (and every DOI in
    ``always``), ``per_record`` of them, kinds drawn by :data:`KIND_WEIGHTS`. When ``target``
    exceeds what the real articles yield, synthetic source articles are added (and registered)
    until the set holds at least ``target`` look-alikes."""
    rng = random.Random(seed)
    journals, people = _pools(records)
    maker = _Maker(rng, journals, people)
    must = {d.lower() for d in always}
    out = LookalikeSet()
    real = [r for r in records if _usable(r)]
    for article in real:
        if str(article["DOI"]).lower() in must or rng.random() < share:
            _add(out, maker, article, rng, per_record, updated=True)
    batch = 0
    while len(out.records) < target:
        need = target - len(out.records)
        extra = synthetic_originals(records, max(200, int(need / (share * sum(per_record) / 2))), seed + batch)
        batch += 1
        for article in extra:
            out.originals.append(article)
            if rng.random() < share:
                _add(out, maker, article, rng, per_record, updated=False)
            if len(out.records) >= target:
                break
    return out


def _add(out: LookalikeSet, maker: _Maker, article: dict, rng: random.Random,
         per_record: tuple[int, int], *, updated: bool) -> None:
    year = _year(article) or 2000
    kinds = rng.choices(KINDS, weights=KIND_WEIGHTS, k=rng.randint(*per_record))
    made = [getattr(maker, kind)(article, year) for kind in kinds]
    preprints = [m["DOI"] for m, k in zip(made, kinds, strict=True)
                 if k == "preprint" and "relation" in m]
    if preprints:
        target = copy.deepcopy(article) if updated else article
        relation = target.setdefault("relation", {})
        relation["has-preprint"] = [*relation.get("has-preprint", []),
                                    *({"id-type": "doi", "id": d, "asserted-by": "object"} for d in preprints)]
        if updated:
            out.updated.append(target)
    for record, kind in zip(made, kinds, strict=True):
        out.boost[record["DOI"]] = rng.uniform(*BOOST)
        out.records.append(record)
        out.kind[record["DOI"]] = kind
        out.source[record["DOI"]] = str(article["DOI"]).lower()


def make(kind: str, article: dict, *, seed: int = 0, pool: Sequence[dict] = ()) -> dict:
    """One look-alike of ``kind`` (one of :data:`KINDS`) of ``article``, for tests.

    ``pool`` supplies other journals and people (defaults to the article alone, so a reprint or
    namesake then reuses its journal: pass a few other records for realistic ones).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown look-alike kind {kind!r}; one of {', '.join(KINDS)}")
    journals, people = _pools([article, *pool])
    maker = _Maker(random.Random(seed), journals, people or [{"given": "A", "family": "Other"}])
    return getattr(maker, kind)(article, _year(article) or 2000)
