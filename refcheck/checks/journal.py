"""RC3xx: the cited journal against the registered serial (full title and abbreviations).

An abbreviation is accepted by a *bounded* matcher: each significant word of the full title must
be accounted for, in order, by one abbreviated word that is a prefix of it (``Clin`` for
``Clinical``) or a contraction (same first and last letter, letters in order: ``Natl`` for
``National``); only stopwords may be skipped. An unbounded word-subsequence rule would accept
``Nature`` for ``Nature Genetics`` (field notes §5: 27,851 false pairs over J_Medline).
"""

from __future__ import annotations

import re
from functools import lru_cache

from refcheck.checks.registry import field_check, make_finding, rule
from refcheck.checks.text import clean_markup
from refcheck.config import Settings
from refcheck.model import Citation, Finding, Severity, Work
from refcheck.text.fold import fold
from refcheck.text.repair import repair_mojibake

JOURNAL_MISMATCH = rule(
    "RC301", "journal-mismatch", "journal", Severity.ERROR,
    "The cited journal is a different serial from the registered one.",
    "Neither the registered full title nor any registered abbreviation matches the cited "
    "journal, and the cited name is not a valid abbreviation of it. Sibling serials are "
    "different journals: `Nature` vs `Nature Genetics`, `Ann Oncol` vs `Annals of Surgical "
    "Oncology`. Abbreviation vs full title (`Mod Pathol` = `Modern Pathology`), periods, a "
    "leading `The` and MEDLINE qualifiers (`Lancet (London, England)`) are not reported."
)


def _abbrev_policy(settings: Settings) -> str:
    """``journal-abbrev-policy`` (off | info | warning) is RC302's severity."""
    return settings.journal_abbrev_policy or "info"


JOURNAL_ABBREV_NONSTANDARD = rule(
    "RC302", "journal-abbrev-nonstandard", "journal", Severity.INFO,
    "The journal abbreviation is valid but not the registered (NLM/ISO) one.",
    "The cited name abbreviates the registered full title word by word but differs from every "
    "registered abbreviation (MedlineTA, ISO, Crossref short title). Example: `J Clin Oncology` "
    "for `J Clin Oncol`. Severity follows `journal-abbrev-policy` (off, info, warning).",
    policy=_abbrev_policy
)

_ENGLISH = ["of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "by", "with", "from"]
_FRENCH = ["de", "des", "du", "la", "le", "les", "l", "d", "et"]
_GERMAN_DUTCH = ["der", "die", "das", "und", "fur", "zur", "voor", "van", "en"]
_ROMANCE = ["del", "della", "dell", "degli", "delle", "di", "da", "do", "dos", "em", "y", "e", "i"]
STOPWORDS = frozenset(_ENGLISH + _FRENCH + _GERMAN_DUTCH + _ROMANCE)
_STRUCTURAL = frozenset(["section", "series", "part"])  # ISO 4 may drop these from the full title
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_SPLIT = re.compile(r"[^0-9a-z]+")
_DOTTED = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}")


@lru_cache(maxsize=8192)
def main_forms(name: str) -> tuple[tuple[str, ...], ...]:
    """Word tuples of the part before a subtitle (``Modern pathology : an official journal``).

    Only ever compared with the other side's *whole* name: comparing two main parts would make
    ``Journal of Physics: Condensed Matter`` equal to ``Journal of Physics: Conference Series``.
    """
    text = clean_markup(repair_mojibake(name))
    if not re.search(r"\s?:\s", text):
        return ()
    return journal_forms(re.split(r"\s*:\s", text, maxsplit=1)[0])


@lru_cache(maxsize=8192)
def journal_forms(name: str) -> tuple[tuple[str, ...], ...]:
    """Word tuples for a journal name: as given, without a qualifier, parallel titles.

    ``Lancet (London, England)`` -> (lancet, london, england), (lancet,); a leading ``The`` and
    ``&`` are dropped; `` = `` parallel titles give extra forms (subtitles: :func:`main_forms`).
    """
    text = clean_markup(repair_mojibake(name)).replace("&", " and ")
    variants = [text]
    variants += [p for p in re.split(r"\s+=\s+", text) if p != text]
    stripped = _QUALIFIER.sub("", text)
    if stripped != text:
        variants.append(stripped)
    out: list[tuple[str, ...]] = []
    for v in variants:
        # "A.M.A." -> "AMA", "Graefe's" -> "Graefes", "dell'Unione" -> "dell Unione"
        v = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), v)
        v = re.sub(r"(?<=\w)['’]s\b", "s", v)
        words = [w for w in _SPLIT.split(fold(v)) if w]
        if words and words[0] == "the" and len(words) > 1:
            words = words[1:]
        for form in (tuple(words), _without_country(tuple(words))):
            if form and form not in out:
                out.append(form)
    return tuple(out)


_COUNTRY_TAILS = (("u", "s", "a"), ("usa",), ("u", "k"), ("uk",))


def _without_country(words: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a trailing country qualifier (``Proc Natl Acad Sci U S A``), kept by NLM only."""
    for tail in _COUNTRY_TAILS:
        if len(words) > len(tail) + 1 and words[-len(tail):] == tail:
            return words[: -len(tail)]
    return words


_STRUCTURAL_ABBR = {"pt": "part"}  # two-letter contractions too short for the general rule


def _word_abbreviates(abbr: str, word: str, contractions: bool = True) -> bool:
    """``clin`` abbreviates ``clinical``; ``natl`` contracts ``national``; ``pt`` is ``part``."""
    if word.startswith(abbr) or _STRUCTURAL_ABBR.get(abbr) == word:
        return True
    if not contractions or len(abbr) < 3 or abbr[0] != word[0] or abbr[-1] != word[-1]:
        return False
    it = iter(word)
    return all(ch in it for ch in abbr)


def _acronym_span(token: str, full: tuple[str, ...], j: int, min_len: int) -> int:
    """How many full-title words ``token`` stands for as their initials (``ny`` = New York), or 0.

    ``min_len`` to six consecutive words, all accounted for: ``jama`` = Journal (of the)
    American Medical Association once stopwords are set aside. A bare two-letter acronym
    (``AJ``) says too little to identify a serial.
    """
    k = len(token)
    if not max(2, min_len) <= k <= 6 or not token.isalpha() or j + k > len(full):
        return 0
    if k == 2 and j == 0 and k == len(full):
        return 0
    return k if "".join(w[0] for w in full[j:j + k]) == token else 0


@lru_cache(maxsize=16384)
def is_abbreviation(abbr: tuple[str, ...], full: tuple[str, ...], *, contractions: bool = True,
                    acronyms: int = 2) -> bool:
    """Bounded rule: every significant word of ``full`` matched, in order, by the abbreviation.

    Each abbreviated word stands for one full word (prefix, or a contraction such as ``Natl``)
    or for a run of words by their initials (``NY``, ``JAMA``; ``acronyms`` is the shortest
    acronym allowed, 0 for none); stopwords may be skipped on either side, and
    ``Section``/``Part``/``Series`` on the full side; no other word may be skipped. A final
    section letter must match exactly (``Phys Rev A`` is neither ``D`` nor ``Applied``), and a
    one-letter abbreviation (``A&A``) abbreviates nothing. ``(nature,)`` is not an
    abbreviation of ``(nature, genetics)``; ``(j, vasc, interv, radiol)`` is one of
    ``(journal, of, vascular, and, interventional, radiology)``.
    """
    a, f = _significant(abbr), _significant(full)
    if not a or (len(a) == 1 and len(a[0]) == 1):
        return False
    return _cover(a, f, 0, 0, contractions, acronyms or 99)


def _significant(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words without stopwords, except a final single letter (``Physical Review A``) and a
    leading one (``E-Journal``), which are part of the name."""
    last = len(words) - 1
    return tuple(w for k, w in enumerate(words)
                 if w not in STOPWORDS or (len(w) == 1 and (k == 0 or (k == last and k > 0))))


def _section_letter(words: tuple[str, ...], k: int) -> bool:
    """``words[k]`` is a final section letter (``Phys Rev A``), not the end of ``U S A``."""
    return k == len(words) - 1 and len(words[k]) == 1 and (k == 0 or len(words[k - 1]) > 1)


@lru_cache(maxsize=65536)
def _cover(a: tuple[str, ...], f: tuple[str, ...], i: int, j: int, contractions: bool, acronyms: int) -> bool:
    """Can ``a[i:]`` account for every word of ``f[j:]``?"""
    if i == len(a):
        return all(w in _STRUCTURAL for w in f[j:])
    if j == len(f):
        return False
    if f[j] in _STRUCTURAL and _cover(a, f, i, j + 1, contractions, acronyms):
        return True
    if _section_letter(a, i) or _section_letter(f, j):
        return a[i] == f[j] and _cover(a, f, i + 1, j + 1, contractions, acronyms)
    if _word_abbreviates(a[i], f[j], contractions) and _cover(a, f, i + 1, j + 1, contractions, acronyms):
        return True
    span = _acronym_span(a[i], f, j, acronyms)
    return span > 1 and _cover(a, f, i + 1, j + span, contractions, acronyms)


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a == b or "".join(a) == "".join(b)


def _registered(work: Work, others: list[Work]) -> tuple[list[str], list[str]]:
    """Full titles and abbreviations from the work and the same work in other registries."""
    fulls: list[str] = []
    abbrevs: list[str] = []
    for w in [work, *others]:
        if w.container and w.container not in fulls:
            fulls.append(w.container)
    # PubMed's MedlineTA/ISO abbreviations first: they are the NLM standard a Vancouver list uses
    for w in sorted([work, *others], key=lambda x: x.source != "pubmed"):
        for a in w.container_abbrevs:
            if a and a not in abbrevs:
                abbrevs.append(a)
    return fulls, abbrevs


@field_check("journal")
def check_journal(citation: Citation, work: Work, settings: Settings, source: str, others: list[Work]) -> list[Finding]:
    """RC301/RC302 for one citation against one work (plus its other-registry records)."""
    if not citation.container or work.type not in (None, "journal-article", "article"):
        return []
    fulls, abbrevs = _registered(work, others)
    if not fulls and not abbrevs:
        return []
    cited_forms = journal_forms(citation.container)
    full_forms = [f for name in fulls for f in journal_forms(name)]
    abbrev_forms = [f for name in abbrevs for f in journal_forms(name)]
    reg_main = [f for name in fulls + abbrevs for f in main_forms(name)]
    cited_main = main_forms(citation.container)
    if any(_same(c, r) for c in cited_forms for r in full_forms + abbrev_forms + reg_main) or any(
            _same(c, r) for c in cited_main for r in full_forms + abbrev_forms):
        return []
    full_forms = full_forms + [f for f in reg_main if f not in full_forms]
    preferred = abbrevs[0] if abbrevs else fulls[0]
    registered = " / ".join(dict.fromkeys(fulls + abbrevs))
    abbreviates_full = any(is_abbreviation(c, f) for c in cited_forms for f in full_forms)
    # the registered abbreviation abbreviates the cited name: a full (or former) title; only
    # long acronyms count here (JAMA = Journal of the American Medical Association), since a
    # three-letter one collides too easily (AMM: American Mathematical Monthly)
    if not abbreviates_full and any(is_abbreviation(r, c, acronyms=4) for c in cited_forms for r in abbrev_forms):
        return []
    # an abbreviation of a registered abbreviation (J Clin Onc for J Clin Oncol): prefixes only
    if abbreviates_full or any(is_abbreviation(c, r, contractions=False, acronyms=0)
                               for c in cited_forms for r in abbrev_forms):
        if not abbrevs:
            return []  # no standard abbreviation registered to hold it against
        return [make_finding(JOURNAL_ABBREV_NONSTANDARD, "malformed",
                             f"'{citation.container}' is not the standard abbreviation '{preferred}'",
                             cited=citation.container, registered=registered, suggestion=preferred,
                             source=source)]
    return [make_finding(JOURNAL_MISMATCH, "mismatch",
                         f"journal '{citation.container}' differs from the registered '{preferred}'",
                         cited=citation.container, registered=registered, suggestion=preferred,
                         source=source)]
