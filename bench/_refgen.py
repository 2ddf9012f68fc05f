"""Reference-string generator shared by the accuracy benchmark and the match calibration.

Takes real Crossref records from ``shared/data/crossref/records.jsonl.gz``, renders them in a
citation style with :func:`refcheck.styles.render.render_reference`, and injects one controlled error
(or one tolerated representation variant) per reference, remembering what the right answer
is. Everything is driven by one ``random.Random(seed)`` so a run is reproducible.

Case kinds:

* ``clean``                    rendered as registered;
* tolerated variants (``VARIANTS``): must link and raise no warning/error;
* errors (``ERRORS``): must link (except nothing) and be reported on ``field``;
* ``held_out``                 a real record removed from the registry: must be not_found;
* ``fabricated``               an invented reference: must be not_found.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
import re
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import _repo  # noqa: F401  (puts the repository root on sys.path)
from unidecode import unidecode

from refcheck.model import Author, Work
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.styles.registry import rules_for
from refcheck.styles.render import render_reference
from refcheck.text.names import name_variants
from tests.shared import CROSSREF_RECORDS

REPO = Path(__file__).resolve().parents[1]
RECORDS = CROSSREF_RECORDS
STYLES = ("vancouver", "ama", "apa", "harvard", "ieee")
TEST_PREFIX = "10.5555/"  # Crossref's test-deposit prefix: not real articles

# kind -> field the checks must report it on
ERRORS: dict[str, str] = {
    "author_typo": "authors",
    "missing_author": "authors",
    "extra_author": "authors",
    "swapped_authors": "authors",
    "wrong_initials": "authors",
    "title_typo": "title",
    "missing_title_word": "title",
    "wrong_journal": "journal",
    "wrong_year": "year",
    "wrong_volume": "volume",
    "wrong_issue": "issue",
    "wrong_first_page": "pages",
    "wrong_last_page": "pages",
    "wrong_doi": "doi",
    "retracted": "retraction",
}
VARIANTS = (
    "diacritics_stripped",
    "particle_case",
    "journal_form",
    "online_first_year",
    "elided_pages",
    "et_al_truncation",
)
NEGATIVES = ("held_out", "fabricated")


@dataclass(slots=True)
class Case:
    """One generated reference and the truth about it."""

    kind: str
    style: str
    text: str
    work: Work | None  # the registered work it must link to (None: must not link)
    field: str | None = None  # field the error must be reported on
    expected: str | None = None  # the registered value a correct suggestion contains
    rendered: Work | None = None  # what was printed (the altered work), for gold-parse citations


def load_records(path: Path = RECORDS) -> tuple[list[dict], list[Work]]:
    """Raw Crossref messages and their Works, in file order."""
    messages: list[dict] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            messages.append(json.loads(line))
    return messages, [work_from_crossref(m) for m in messages]


def eligible(work: Work) -> bool:
    """A journal article complete enough to render every style from."""
    return bool(
        work.type == "journal-article" and work.authors and not (work.doi or "").startswith(TEST_PREFIX) and work.title and work.year and work.volume
        and work.first_page and work.container
        # every person has a real surname (some deposits carry "-" as the family name)
        and all(a.group or re.search(r"[^\W\d_]", a.family or "") for a in work.authors)
    )


# --------------------------------------------------------------------------- error injection


def _typo(word: str, rng: random.Random) -> str:
    """One realistic keyboard error inside a word (never the first letter)."""
    if len(word) < 4:
        return word + rng.choice("aeiou")
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("drop", "swap", "double", "replace"))
    if op == "drop":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else word[:i] + word[i + 1:]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    letters = [c for c in string.ascii_lowercase if c != word[i].lower()]
    return word[:i] + rng.choice(letters) + word[i + 1:]


def _name_typo(name: str, rng: random.Random) -> str:
    """A typo in a surname that is not, by chance, one of its legitimate spellings.

    Dropping the "e" of "Goette" gives "Gotte", the same name written without the umlaut
    transliteration (Götte): refcheck rightly tolerates it, so it is no injected error. Drawn again.
    """
    forms = name_variants(name)
    typo = _typo(name, rng)
    for _ in range(10):
        if not (name_variants(typo) & forms):
            return typo
        typo = _typo(name, rng)
    return typo


def _shift_number(value: str, rng: random.Random, *, low: int = 1) -> str | None:
    """A different number of the same shape (volume 117 -> 119, page 388 -> 385)."""
    m = re.fullmatch(r"([A-Za-z]*)(\d+)([A-Za-z]*)", value)
    if not m:
        return None
    prefix, digits, suffix = m.groups()
    n = int(digits)
    for _ in range(10):
        delta = rng.choice([-3, -2, -1, 1, 2, 3, 5, 7, 10])
        if n + delta >= low and n + delta != n:
            return f"{prefix}{n + delta}{suffix}"
    return None


FAKE_SURNAMES = ("Okonkwo", "Lindqvist", "Moreau", "Takahashi", "Brennan", "Szabo", "Ferreira", "Kowalczyk",
                 "Haddad", "Nakamura", "Petrov", "Oyelaran", "Castellanos", "Whitfield")


def _person(rng: random.Random) -> Author:
    return Author(family=rng.choice(FAKE_SURNAMES), initials=rng.choice("ABCDEGHJKLMNPRST") + rng.choice("ABDEJKLMS"))


def visible(style: str, n: int) -> int:
    """How many of ``n`` authors ``style`` prints before "et al." (an error past them is invisible)."""
    rules = rules_for(style)
    return n if n <= rules.et_al_after else rules.et_al_keep


def inject(kind: str, work: Work, rng: random.Random, pool: list[Work],
           style: str = "vancouver") -> tuple[Work, str, str] | None:
    """(altered work to render, field, registered value) or None when the record can't carry it.

    Byline errors are only placed where ``style`` prints them (not behind "et al.").
    """
    a = work.authors
    if kind == "author_typo":
        idx = [i for i, x in enumerate(a[:min(3, visible(style, len(a)))]) if x.family and len(x.family) >= 5]
        if not idx:
            return None
        i = rng.choice(idx)
        return _with_author(work, i, dataclasses.replace(a[i], family=_name_typo(a[i].family, rng))), "authors", \
            a[i].family
    if kind == "missing_author":
        if len(a) < 2:
            return None
        i = rng.randrange(min(6, visible(style, len(a) - 1)))
        return dataclasses.replace(work, authors=a[:i] + a[i + 1:]), "authors", a[i].family or a[i].group
    if kind == "extra_author":
        if len(a) >= 6:
            return None  # would be cut by "et al." in several styles
        extra = _person(rng)
        shown = visible(style, len(a) + 1)
        if shown < 2:
            return None
        i = rng.randrange(1, min(len(a) + 1, shown))
        return dataclasses.replace(work, authors=[*a[:i], extra, *a[i:]]), "authors", extra.family
    if kind == "swapped_authors":
        if len(a) < 2 or (a[0].family or "").lower() == (a[1].family or "").lower():
            return None
        return dataclasses.replace(work, authors=[a[1], a[0], *a[2:]]), "authors", a[0].family
    if kind == "wrong_initials":
        if not a[0].initials or not a[0].family:
            return None
        first = a[0].initials[0]
        new = rng.choice([c for c in "ABCDEFGHJKLMNPRSTW" if c != first]) + a[0].initials[1:]
        return _with_author(work, 0, dataclasses.replace(a[0], initials=new, given=None)), "authors", a[0].initials
    if kind == "title_typo":
        words = (work.title or "").split()
        idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if not idx:
            return None
        i = rng.choice(idx)
        words[i] = _typo(words[i], rng)
        return dataclasses.replace(work, title=" ".join(words), titles=[]), "title", work.title
    if kind == "missing_title_word":
        words = (work.title or "").split()
        idx = [i for i, w in enumerate(words) if i > 0 and len(w) >= 4 and w.isalpha()]
        if len(words) < 4 or not idx:
            return None
        i = rng.choice(idx)
        return dataclasses.replace(work, title=" ".join(words[:i] + words[i + 1:]), titles=[]), "title", work.title
    if kind == "wrong_journal":
        others = [w for w in pool if w.container and _fold(w.container) != _fold(work.container)]
        other = rng.choice(others)
        return (dataclasses.replace(work, container=other.container, container_abbrevs=list(other.container_abbrevs)),
                "journal", work.container)
    if kind == "wrong_year":
        delta = rng.choice([-5, -3, -2, 2, 3, 4])
        return dataclasses.replace(work, year=work.year + delta, year_print=None, year_online=None), "year", str(work.year)
    if kind == "wrong_volume":
        vol = _shift_number(work.volume or "", rng)
        return (dataclasses.replace(work, volume=vol), "volume", work.volume) if vol else None
    if kind == "wrong_issue":
        if not work.issue:
            return None
        iss = _shift_number(work.issue, rng)
        return (dataclasses.replace(work, issue=iss), "issue", work.issue) if iss else None
    if kind == "wrong_first_page":
        fp = _shift_number(work.first_page or "", rng)
        if not fp:
            return None
        lp = work.last_page
        pages = f"{fp}-{lp}" if lp and lp != work.first_page else fp
        return dataclasses.replace(work, first_page=fp, pages=pages), "pages", work.first_page
    if kind == "wrong_last_page":
        if not work.last_page or work.last_page == work.first_page:
            return None
        lp = _shift_number(work.last_page, rng)
        if not lp or _num(lp) <= _num(work.first_page):
            return None
        return dataclasses.replace(work, last_page=lp, pages=f"{work.first_page}-{lp}"), "pages", work.last_page
    if kind == "wrong_doi":
        other = rng.choice([w for w in pool if w.doi and w.doi != work.doi])
        return dataclasses.replace(work, doi=other.doi), "doi", work.doi
    return None


def _num(value: str | None) -> int:
    m = re.search(r"\d+", value or "")
    return int(m.group(0)) if m else 0


def _fold(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", unidecode(text or "").lower())


def _with_author(work: Work, i: int, author: Author) -> Work:
    authors = list(work.authors)
    authors[i] = author
    return dataclasses.replace(work, authors=authors)


def variant(kind: str, work: Work, rng: random.Random) -> tuple[Work, dict] | None:
    """(work to render, render options) for a tolerated variant, or None if not applicable."""
    if kind == "diacritics_stripped":
        if not any(a.family and a.family != unidecode(a.family) for a in work.authors):
            return None
        if any(ch in (a.family or "") for a in work.authors for ch in "\u00c3\u00c2"):
            return None  # mojibake in the registry ("CastaÃ±o"): stripping it is not a variant
        authors = [dataclasses.replace(x, family=unidecode(x.family) if x.family else None,
                                       given=unidecode(x.given) if x.given else None) for x in work.authors]
        return dataclasses.replace(work, authors=authors), {}
    if kind == "particle_case":
        for i, x in enumerate(work.authors):
            # a particle followed by the rest of the surname ("van Dijk"), not a surname that
            # merely is a particle-like word ("Du", "De" are Chinese and Indian surnames)
            m = re.match(r"(van|von|de|der|del|di|da|le|la|du|dos)(\s+\S.*)", x.family or "", re.IGNORECASE)
            if m:
                flipped = (m.group(1).capitalize() if m.group(1).islower() else m.group(1).lower()) + m.group(2)
                return _with_author(work, i, dataclasses.replace(x, family=flipped)), {}
        return None
    if kind == "journal_form":
        if not work.container_abbrevs:
            return None
        return work, {"abbreviate": "flip"}
    if kind == "online_first_year":
        years = {y for y in (work.year_print, work.year_online) if y}
        other = [y for y in years if y != work.year]
        if not other:
            return None
        return dataclasses.replace(work, year=other[0]), {}
    if kind == "elided_pages":
        if not work.last_page or len(work.last_page) < 2 or work.last_page == work.first_page:
            return None
        return work, {"elide": True}
    if kind == "et_al_truncation":
        if len(work.authors) < 4:
            return None
        return work, {"et_al_after": 3, "et_al_keep": 3}
    return None


def render(work: Work, style: str, *, doi: bool, options: dict | None = None) -> str:
    """One reference string; ``options`` carries variant knobs (abbreviation flip, elision, et al.)."""
    options = dict(options or {})
    kwargs: dict = {"include_doi": doi}
    if options.get("abbreviate") == "flip":
        kwargs["abbreviate"] = style in ("apa", "harvard")  # the opposite of the style's default
    if "et_al_after" in options:
        kwargs["et_al_after"] = options["et_al_after"]
        kwargs["et_al_keep"] = options["et_al_keep"]
    text = render_reference(work, style, **kwargs)
    if options.get("elide") and work.first_page and work.last_page:
        full = f"{work.first_page}[-\u2013]{work.last_page}"
        first, last = work.first_page, work.last_page
        k = 0
        while k < min(len(first), len(last)) - 1 and first[k] == last[k]:
            k += 1
        text = re.sub(full, f"{first}-{last[k:]}", text, count=1)
    return text


# --------------------------------------------------------------------------- fabricated


def fabricate(rng: random.Random, pool: list[Work], style: str) -> tuple[str, Work]:
    """An invented article: real-looking words in a new order, invented authors, a real journal."""
    vocab = [w for t in rng.sample(pool, 30) for w in (t.title or "").split() if w.isalpha() and len(w) > 3]
    title = " ".join(rng.sample(vocab, min(len(vocab), rng.randint(6, 11)))).capitalize()
    journal_src = rng.choice(pool)
    year = rng.randint(1975, 2022)
    first = rng.randint(10, 1900)
    fake = Work(
        source="fabricated", type="journal-article",
        authors=[_person(rng) for _ in range(rng.randint(1, 4))],
        title=title, container=journal_src.container, container_abbrevs=list(journal_src.container_abbrevs),
        year=year, volume=str(rng.randint(1, 160)), issue=str(rng.randint(1, 12)),
        pages=f"{first}-{first + rng.randint(2, 12)}", first_page=str(first), last_page=None,
    )
    return render_reference(fake, style, include_doi=False), fake


# --------------------------------------------------------------------------- the case mix


def generate(n: int, seed: int, works: list[Work]) -> tuple[list[Case], set[str]]:
    """``n`` cases over the eligible works and the DOIs to hold out of the registry.

    Mix: 30% clean, 20% tolerated variants, 40% errors (every kind equally), 5% held out,
    5% fabricated. Each record is used at most once; DOIs are printed on about half of the
    references of the styles that print them (so both the DOI and the search path are measured).
    """
    rng = random.Random(seed)
    pool = [w for w in works if eligible(w)]
    rng.shuffle(pool)
    # retracted works, not the retraction notices (which carry update-to and a "Retraction" title)
    # (volume/pages not required: the 2020 Lancet retraction was withdrawn before print)
    retracted = [w for w in works if w.type == "journal-article" and w.authors and w.title and w.year
                 and any(u.kind == "retraction" for u in w.updates) and not w.update_to
                 and not (w.title or "").lower().startswith("retraction")]
    plan = _plan(n, rng)
    cases: list[Case] = []
    held: set[str] = set()
    # works under a retraction, partial retraction or expression of concern are reported
    # whenever cited (rightly): they serve the "retracted" kind only, never as clean references
    flagged = {"retraction", "partial_retraction", "expression_of_concern"}
    cursor = _Cursor([w for w in pool if not any(u.kind in flagged for u in w.updates)])
    cursor.twins = _twins(pool)
    for kind in plan:
        style = rng.choice(STYLES)
        case = _make(kind, style, cursor, retracted, rng, pool, held)
        if case is not None:
            cases.append(case)
    return cases, held


class _Cursor:
    """Hands out each record once; each case kind scans from its own position so a rare kind
    (particles, diacritics) does not use up the records the other kinds need."""

    def __init__(self, works: list[Work]) -> None:
        self.works = works
        self.used: set[int] = set()
        self.pos: dict[str, int] = {}
        self.twins: set[str] = set()

    def candidates(self, kind: str) -> Iterator[Work]:
        """Unused records for ``kind``; the one the caller keeps must be passed to ``take``."""
        i = self.pos.get(kind, 0)
        while i < len(self.works):
            self.pos[kind] = i + 1
            if i not in self.used:
                self.last = i
                yield self.works[i]
            i += 1

    def take(self) -> None:
        self.used.add(self.last)


def _twin_key(work: Work) -> str:
    """Year, volume, first page and the title's first words (twins differ in subtitles and case)."""
    head = re.sub(r"[^a-z0-9 ]", "", unidecode(work.title or "").lower()).split()[:4]
    return f"{' '.join(head)}|{work.year}|{work.volume}|{work.first_page}"


def _twins(pool: list[Work]) -> set[str]:
    """Keys of works registered under two DOIs (same title, year and first page)."""
    counts = Counter(_twin_key(w) for w in pool)
    return {k for k, n in counts.items() if n > 1}


def _plan(n: int, rng: random.Random) -> list[str]:
    kinds: list[str] = []
    n_err = int(n * 0.40)
    n_var = int(n * 0.20)
    n_neg = int(n * 0.05)
    for i in range(n_err):
        kinds.append(list(ERRORS)[i % len(ERRORS)])
    for i in range(n_var):
        kinds.append(VARIANTS[i % len(VARIANTS)])
    kinds += ["held_out"] * n_neg + ["fabricated"] * n_neg
    kinds += ["clean"] * (n - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _make(kind: str, style: str, cursor: _Cursor, retracted: list[Work], rng: random.Random,
          pool: list[Work], held: set[str]) -> Case | None:
    if kind == "et_al_truncation" and style == "apa":
        style = "ama"  # APA lists up to 20 authors; its ellipsis form needs 21+, which few records have
    doi = style != "vancouver" and rng.random() < 0.5
    if kind == "fabricated":
        text, fake = fabricate(rng, pool, style)
        return Case(kind, style, text, None, rendered=fake)
    if kind == "retracted":
        if not retracted:
            return None
        work = rng.choice(retracted)  # few retracted records exist: reuse them across styles
        # authors cite the original title, not Crossref's "RETRACTED: " prefixed one
        cited = dataclasses.replace(work, title=re.sub(r"^\s*RETRACTED:\s*", "", work.title or ""), titles=[])
        return Case(kind, style, render(cited, style, doi=doi), work, "retraction", "retract", rendered=cited)
    for work in cursor.candidates(kind):
        if kind == "held_out" and _twin_key(work) in cursor.twins:
            continue  # a record deposited twice: holding out one copy leaves the work findable
        case = _case_for(kind, style, work, doi, rng, pool)
        if case is not None:
            cursor.take()
            if kind == "held_out":
                held.add(work.doi or "")
            return case
    return None


def _case_for(kind: str, style: str, work: Work, doi: bool, rng: random.Random, pool: list[Work]) -> Case | None:
    if kind == "clean":
        return Case(kind, style, render(work, style, doi=doi), work, rendered=work)
    if kind == "held_out":
        return Case(kind, style, render(work, style, doi=False), None, rendered=work)
    if kind in VARIANTS:
        made = variant(kind, work, rng)
        if made is None:
            return None
        altered, options = made
        return Case(kind, style, render(altered, style, doi=doi, options=options), work, rendered=altered)
    made_err = inject(kind, work, rng, pool, style)
    if made_err is None:
        return None
    altered, fld, expected = made_err
    text = render(altered, style, doi=True if kind == "wrong_doi" else doi)
    return Case(kind, style, text, work, fld, expected, rendered=altered)
