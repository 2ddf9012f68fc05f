"""Field-by-field validation of one candidate work against one citation.

Why a validator at all: a search engine ranks by relevance, not identity, and a cited DOI can
point to the wrong paper. The decision "is this record the work the author meant?" is taken
here, SBMV-style (Crossref search-based matching with validation, field notes §3.1) with the
biblio-glutton pairwise requirement (title AND first author, §3.2), and with the locator
(year, volume, first page) deciding between works that share a title (§5 "same title,
different work").

Two layers:

* :func:`refcheck.match.profile.profile_citation` / ``profile_work`` pre-compute folded forms once, so that
  validating five candidates per reference costs a few ``rapidfuzz`` calls (the mirror target
  is >= 200 references/s);
* :func:`validate` returns a :class:`Validation` (per-field similarities, agreeing and
  contradicting locator fields, a weighted score); :func:`accept_search` and
  :func:`accept_identifier` turn it into a yes/no with thresholds calibrated by
  ``bench/calibrate_match.py`` (see ``docs/benchmarks.md``).

Every threshold is a module constant so the calibration script and the docs name the same value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from refcheck.match.kinds import fits, kind_clash
from refcheck.match.profile import MARKERS, CitationProfile, WorkProfile
from refcheck.model import Work
from refcheck.text.fold import fold
from refcheck.text.pages import same_page

# --------------------------------------------------------------------------- thresholds
# Calibrated with bench/calibrate_match.py on strings rendered from shared records (all values
# are similarities in [0, 1]). TITLE_OK / AUTHOR_OK follow biblio-glutton's 0.7; TITLE_STRONG
# is the level above which a title alone (plus two agreeing locator fields) identifies a work.
TITLE_OK = 0.70
TITLE_STRONG = 0.85
AUTHOR_OK = 0.70
JOURNAL_OK = 0.60
# Below this the cited journal is another journal (abbreviations score >= 0.95 by word prefixes):
# with a clashing locator too, the record is the paper reprinted or translated elsewhere.
JOURNAL_OTHER = 0.50
# With volume + first page + year agreeing, a title this similar is a garbled title, not another work.
LOCATOR_TITLE = 0.50
# Two accepted candidates whose scores differ by less than this, and that agree/disagree on the
# same locator fields, are "too close to call" (AMBIGUOUS).
AMBIGUITY_MARGIN = 0.015
# Title similarity is capped at this when the two titles carry different numbers
# ("Pathology quiz case 1" vs "... case 2", "Part I" vs "Part II").
NUMBER_CLASH_CAP = 0.60
# A parsed title this many times longer than the registered one swallowed other fields.
SWALLOWED = 1.4
# Two title words replaced outright (fuzz.ratio below SAME_WORD; a misspelt word such as
# "pian"/"pain" scores 75), together with a locator clash, make a sibling of a template title
# ("Rating X Using the Sixth Edition"), not this work with errors. One swap with a clash stays
# an error to report.
SAME_WORD = 65
MAX_SWAPS_WITH_CLASH = 2

# Field weights of the overall score (title and first author carry the identity; locator
# fields separate same-title works; the journal is the weakest, abbreviations vary most).
WEIGHTS = {"title": 3.0, "author": 2.0, "year": 1.0, "volume": 1.0, "page": 1.0, "journal": 0.5}

_STOP = frozenset(["of", "the", "and", "in", "for", "on", "a", "an", "to", "de", "la", "et", "und"])


# --------------------------------------------------------------------------- similarities


def _name_sim(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    if a & b:
        return 1.0
    return max(fuzz.ratio(x, y) for x in a for y in b) / 100.0


def title_similarity(cp: CitationProfile, wp: WorkProfile) -> float:
    """Best similarity between the cited title and any registered title form.

    When the parser found no title, the registered title is looked for inside the whole
    reference string (SBMV's unstructured mode), which makes matching robust to parse errors.
    """
    if not wp.titles:
        return 0.0
    best = 0.0
    if cp.title:
        for wt in wp.titles:
            sim = fuzz.ratio(cp.title, wt) / 100.0
            short, long_ = sorted((cp.title, wt), key=len)
            if len(short) >= 0.6 * len(long_) and len(short) >= 12:
                sim = max(sim, 0.92 * fuzz.partial_ratio(short, long_) / 100.0)
            best = max(best, sim)
        if cp.title_numbers != wp.title_numbers and (cp.title_numbers or wp.title_numbers):
            similar = best >= LOCATOR_TITLE
            best = min(best, NUMBER_CLASH_CAP)
            # a similar title with another part/case/reply number gets no second chance below,
            # unless the parsed title is much longer than the registered one (the parse
            # swallowed journal and locator); a dissimilar one is a parse failure and gets it
            if similar and len(cp.title) < SWALLOWED * max(len(t) for t in wp.titles):
                return best
        if best < TITLE_OK and cp.text:
            # the parsed title may be wrong (title cut at a stray period, byline swallowed):
            # a long registered title found nearly verbatim in the string is still evidence
            best = max(best, _title_in_text(cp, wp))
    elif cp.text:
        padded = f" {cp.text} "
        for wt in wp.titles:
            if len(wt) >= 12:
                best = max(best, 0.95 * fuzz.partial_ratio(wt, cp.text) / 100.0)
            elif f" {wt} " in padded:  # a short title only as a whole-word run
                best = max(best, 0.9)
    return best


def _title_in_text(cp: CitationProfile, wp: WorkProfile) -> float:
    """A registered title (>= 20 characters) looked for inside the whole string, 0.9x discounted.

    Numbers and reply/correction markers of the registered title must also be in the string.
    """
    best = 0.0
    text_words = set(cp.text.split())
    if (text_words & MARKERS) - wp.title_numbers:
        return 0.0  # the string is a reply/correction/comment and the record is not
    for wt in wp.titles:
        if len(wt) >= 20 and wp.title_numbers <= text_words:
            best = max(best, 0.9 * fuzz.partial_ratio(wt, cp.text) / 100.0)
    return best


def author_similarity(cp: CitationProfile, wp: WorkProfile) -> float:
    """First-author similarity; a cited first author found 2nd/3rd in the byline scores 0.8.

    The shifted case covers a dropped or swapped first author: the work is still identified,
    and the checks report the byline error.
    """
    if not wp.authors:
        return 0.0
    if cp.first_author:
        sim = _name_sim(cp.first_author, wp.authors[0])
        if sim >= 0.9:
            return sim
        for other in wp.authors[1:3]:
            if _name_sim(cp.first_author, other) >= 0.9:
                return max(sim, 0.8)
        # the registered first author listed second (an extra author prepended)
        if len(cp.authors) > 1 and _name_sim(cp.authors[1], wp.authors[0]) >= 0.9:
            return max(sim, 0.8)
        return sim
    if cp.text:
        # SBMV: look for the family name near the start of the string
        best = 0.0
        for form in wp.authors[0]:
            head = cp.text[: 3 * len(form) + 20]
            if len(form) <= 3:  # short names only as whole words ("li" is inside many words)
                best = max(best, float(form in head.split()))
            else:
                best = max(best, fuzz.partial_ratio(form, head) / 100.0)
        return best
    return 0.0


def journal_similarity(cp: CitationProfile, wp: WorkProfile) -> float:
    """Cited journal vs full title and abbreviations; word-prefix abbreviations count as equal."""
    if not cp.journal or not wp.journals:
        return 0.0
    best = 0.0
    cited = [w for w in cp.journal.split() if w not in _STOP]
    for j in wp.journals:
        if cp.journal == j:
            return 1.0
        best = max(best, fuzz.ratio(cp.journal, j) / 100.0)
        full = [w for w in j.split() if w not in _STOP]
        if cited and len(cited) == len(full) and all(f.startswith(c) for c, f in zip(cited, full, strict=True)):
            best = max(best, 0.95)
    return best


@dataclass(slots=True)
class Validation:
    """How one candidate compares with the citation, field by field."""

    work: Work
    score: float
    title: float
    author: float
    journal: float
    agree: list[str] = field(default_factory=list)  # locator fields that agree (year, volume, page)
    clash: list[str] = field(default_factory=list)  # locator fields known on both sides that differ
    year_off_by_one: bool = False
    author_known: bool = False  # both sides name a first author (so a low author score is evidence)
    weak: list[str] = field(default_factory=list)  # agreeing fields found only as a number in the text
    title_known: bool = False  # the parser found a title (so a low title score is evidence)
    issue: bool | None = None  # issue agreement (None: unknown on one side); a tie-breaker only
    title_swaps: int = 0  # title words replaced by other words (not misspelt), counted on a clash only
    kind_clash: str | None = None  # the record is another kind of item (preprint, notice...): never accepted
    fits: bool = True  # the record's kind answers the citation's (prefered between versions)
    journal_other: bool = False  # both sides name a journal and they are different journals

    @property
    def supports(self) -> int:
        """SBMV 'supports': strong title, first author, and each agreeing locator field."""
        return int(self.title >= TITLE_OK) + int(self.author >= AUTHOR_OK) + len(self.agree)


def _locator(
    cp: CitationProfile, wp: WorkProfile
) -> tuple[list[str], list[str], bool, dict[str, float], list[str]]:
    """Year, volume and first page: agreeing, clashing; ``weak`` = found only among the text's numbers."""
    weak: list[str] = []
    agree: list[str] = []
    clash: list[str] = []
    scores: dict[str, float] = {}
    off_by_one = False
    if wp.years:
        if cp.year is not None:
            if cp.year in wp.years:
                agree.append("year")
                scores["year"] = 1.0
            elif any(abs(cp.year - y) == 1 for y in wp.years):
                off_by_one = True  # online-first vs print: half a support, not a clash
                scores["year"] = 0.5
            else:
                clash.append("year")
                scores["year"] = 0.0
        elif any(str(y) in cp.text_numbers for y in wp.years):
            agree.append("year")
            weak.append("year")
            scores["year"] = 1.0
    if wp.volume:
        if cp.volume:
            ok = cp.volume == wp.volume
            (agree if ok else clash).append("volume")
            scores["volume"] = float(ok)
        elif wp.volume in cp.text_numbers:
            agree.append("volume")
            weak.append("volume")
            scores["volume"] = 1.0
    if wp.pages:
        if cp.first_page:
            ok = any(same_page(cp.first_page, p) for p in wp.pages)
            (agree if ok else clash).append("page")
            scores["page"] = float(ok)
        elif any(fold(p) in cp.text_numbers for p in wp.pages):
            agree.append("page")
            weak.append("page")
            scores["page"] = 1.0
    return agree, clash, off_by_one, scores, weak


def validate(cp: CitationProfile, wp: WorkProfile) -> Validation:
    """Compare a citation with a candidate; the score is a weighted mean over fields known on both sides."""
    title = title_similarity(cp, wp)
    author = author_similarity(cp, wp)
    journal = journal_similarity(cp, wp)
    agree, clash, off_by_one, scores, weak = _locator(cp, wp)
    if wp.titles and (cp.title or cp.text):
        scores["title"] = title
    if wp.authors and (cp.first_author or cp.text):
        scores["author"] = author
    if cp.journal and wp.journals:
        scores["journal"] = journal
    total = sum(WEIGHTS[k] for k in scores)
    score = sum(WEIGHTS[k] * v for k, v in scores.items()) / total if total else 0.0
    issue = None
    if cp.issue and wp.issue:
        issue = cp.issue == wp.issue
        # Another issue on top of another locator clash, or without a first author to vouch for
        # the work, is a different item of the same serial (a recurring column such as
        # "Literature Review" in every issue, page numbers restarting per issue), not one error.
        if not issue and (clash or author < AUTHOR_OK):
            clash.append("issue")
        elif not issue and "page" in agree and min(len(cp.page_span), len(wp.page_span)) >= 2 \
                and cp.page_span[1] != wp.page_span[1]:
            # newsletter columns restart at page 1: same first page, another range and issue
            clash.extend(["issue", "last_page"])
    return Validation(
        wp.work, score, title, author, journal, agree, clash,
        year_off_by_one=off_by_one, author_known=bool(cp.first_author and wp.authors), weak=weak,
        title_known=bool(cp.title and wp.titles), issue=issue,
        title_swaps=word_swaps(cp.title, wp.titles) if clash and cp.title else 0,
        kind_clash=kind_clash(cp.kind, wp.kind, title_known=bool(cp.title)),
        fits=fits(cp.kind, wp.kind),
        journal_other=bool(cp.journal and wp.journals) and journal < JOURNAL_OTHER,
    )


def word_swaps(cited: str, registered: list[str]) -> int:
    """How many content words of the cited title stand where the registered title has other ones.

    A template title ("Questions and Answers: Rating *Spinal Pain* Using the Sixth Edition")
    scores high on character similarity against its sibling ("... *Auricular Avulsion* ..."),
    yet two words replaced outright are another work, while a misspelt word ("hypertensoin")
    or a dropped one is an error in this work. Counted against the closest registered form.
    """
    mine = [w for w in cited.split() if len(w) >= 3 and w not in _STOP]
    best: int | None = None
    for title in registered:
        theirs = [w for w in title.split() if len(w) >= 3 and w not in _STOP]
        lost = [w for w in mine if not any(fuzz.ratio(w, t) >= SAME_WORD for t in theirs)]
        extra = [t for t in theirs if not any(fuzz.ratio(t, w) >= SAME_WORD for w in mine)]
        swaps = min(len(lost), len(extra))
        best = swaps if best is None else min(best, swaps)
    return best or 0


# --------------------------------------------------------------------------- decisions


def same_item(v: Validation) -> bool:
    """Type and container as identity evidence (:mod:`refcheck.match.kinds`): a preprint is not
    the journal article cited, nor a notice the article it is about (or the reverse), and a
    record in another journal that also clashes on a locator is another printing of the paper."""
    return v.kind_clash is None and not (v.journal_other and v.clash)


def accept_search(v: Validation) -> bool:
    """Is a *searched* candidate the cited work? (no identifier vouches for it)

    Accepted when at least three fields support it (SBMV) and the agreeing evidence outweighs
    the disagreement:

    * glutton rule: title and first author both >= 0.7 (title >= 0.85 when it was only found
      inside the unparsed string), and at most one locator clash (one wrong year/volume/page is
      an error to report, not a different work);
    * strong title (>= 0.85) with two agreeing (parsed) locator fields and no clash at all
      (a misspelt, missing or unregistered first author);
    * locator rule: volume AND first page agree, year within one, no clash, a title
      resemblance (>= 0.5) and the first author -- or, when either side has no author, a title
      >= 0.7 (a named first author who is someone else rejects: a letter and its reply share
      journal, volume, page and year) (a garbled title is then a typo to report; the journal
      alone is not enough: two articles of one issue share journal, volume and year). Volume
      and page must be parsed fields here, not numbers merely present in the string.

    Two or more clashes always reject: a same-title work with another volume, page and year
    is a different work (field notes §5).
    """
    if len(v.clash) >= 2 or v.supports < 3 or not same_item(v):
        return False
    if v.clash and v.title_swaps >= MAX_SWAPS_WITH_CLASH:
        return False  # a sibling with another subject in the same template title, and another page
    # a title only found inside the raw string (no parsed title) is weaker evidence
    if v.title >= (TITLE_OK if v.title_known else TITLE_STRONG) and v.author >= AUTHOR_OK:
        return True
    strong = [f for f in v.agree if f not in v.weak]
    if v.title >= TITLE_STRONG and len(strong) >= 2 and not v.clash:
        # without the first author's support the locator must agree entirely: two
        # "Literature review" columns of one volume differ only by author and page
        return True
    year_ok = "year" in v.agree or v.year_off_by_one
    return (
        "volume" in strong and "page" in strong and year_ok and not v.clash
        and (v.title >= LOCATOR_TITLE or not v.title_known)
        and (v.author >= AUTHOR_OK or (not v.author_known and v.title >= TITLE_OK))
    )


def accept_identifier(v: Validation) -> bool:
    """Is the record a cited DOI/PMID resolves to the cited work?

    The identifier is itself strong evidence, so the bar is lower than for a search: the title
    alone (>= 0.7), or the first author with two agreeing (parsed) locator fields, or
    year+volume+page.
    A record that fails all three is "another work" (wrong identifier), which the checks
    report with the right identifier when a search finds it.
    """
    if not same_item(v):
        return False
    if v.title >= TITLE_OK and len(v.clash) <= 2:
        return True
    strong = {f for f in v.agree if f not in v.weak}  # parsed fields, not stray numbers
    if v.author >= AUTHOR_OK and len(strong) >= 2 and not v.clash:
        return True
    return {"year", "volume", "page"} <= strong


def accept_ecitmatch(v: Validation) -> bool:
    """An ECitMatch PMID is trusted only if the author and year agree too (field notes §2.3).

    ECitMatch keys on journal+volume+page and tolerates author/year disagreement, which made it
    return REWIND for a PIONEER-6 query; the re-verification is what prevents that.
    """
    year_ok = "year" in v.agree or v.year_off_by_one
    author_ok = v.author >= AUTHOR_OK or v.title >= TITLE_STRONG
    return year_ok and author_ok and accept_search(v)
