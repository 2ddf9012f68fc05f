"""RC2xx: the cited title against every registered title form.

Case, punctuation, markup, spelled-out Greek letters, US/UK spelling, hyphenation
(``follow-up``/``followup``), ``RETRACTED:`` prefixes and ``[Article in French]``-style markers
are representation, never reported. Reported, naming the words: misspelled words (typo),
missing words, extra words; a title that is mostly different; a subtitle on one side only (info).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA, Levenshtein

from refcheck.checks.registry import field_check, make_finding, rule
from refcheck.checks.text import clean_title, spelling_key, title_words
from refcheck.config import Settings
from refcheck.model import Citation, Finding, Severity, Work
from refcheck.text.fold import fold, key
from refcheck.text.repair import attested_words

TITLE_TYPO = rule(
    "RC201", "title-typo", "title", Severity.WARNING,
    "A title word is misspelled.",
    "A word of the cited title is a small edit away from the registered word at the same place. "
    "Example: cited `Randomized trail of aspirin`, registered `Randomized trial of aspirin` -> "
    "`trail` should be `trial`. US/UK spelling (tumour/tumor), case, punctuation and Greek letters "
    "(α/alpha) are not reported."
)
TITLE_WORDS_MISSING = rule(
    "RC202", "title-words-missing", "title", Severity.WARNING,
    "Words of the registered title are missing from the cited title.",
    "The cited title leaves out registered words, e.g. cited `Aspirin in prevention`, registered "
    "`Aspirin in primary prevention` (missing `primary`). A title cut off before its end is "
    "reported as truncated."
)
TITLE_WORDS_EXTRA = rule(
    "RC203", "title-words-extra", "title", Severity.WARNING,
    "The cited title has words the registered title does not.",
    "The cited title adds words, e.g. cited `A large randomized trial`, registered `A randomized "
    "trial` (extra `large`)."
)
TITLE_MISMATCH = rule(
    "RC204", "title-mismatch", "title", Severity.ERROR,
    "The cited title is substantially different from the registered title.",
    "More than half of the words differ (or more than three): either the title was rewritten or "
    "the reference points to another work. The registered title is given as the fix."
)
TITLE_SUBTITLE_ONE_SIDE = rule(
    "RC205", "title-subtitle-one-side", "title", Severity.INFO,
    "A subtitle is present on only one side.",
    "The cited title equals the registered main title and the subtitle after the colon is "
    "omitted (or the cited title adds a subtitle the registry does not have). Tolerated; noted. "
    "Example: cited `Aspirin`, registered `Aspirin: a randomized trial`."
)

TITLE_DEBRIS = rule(
    "RC206", "title-debris", "title", Severity.WARNING,
    "A bracketed note that is not part of the title is printed with it.",
    "A supplement tag belongs with the volume (`1999;25(2 Suppl):17S-21S`), not after the "
    "title: cited `Temperature elevation caused by bone cement polymerization [Suppl]`, "
    "registered `Temperature elevation caused by bone cement polymerization during "
    "vertebroplasty` -> the registered title is the fix. NLM content designators such as "
    "`[letter]` or `[Article in French]` are not reported."
)

# Only articles are minor: a dropped "with" or "of" changes the title, a dropped "The" rarely does.
_STOP = frozenset(["a", "an", "the"])


@dataclass(slots=True)
class _Diff:
    """Word-level differences between the cited title and one registered form."""

    typos: list[tuple[str, str]] = field(default_factory=list)  # (cited, registered)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    tail_missing: bool = False
    registered_words: int = 0

    @property
    def cost(self) -> float:
        """Lower = closer; a misspelled word is closer than a missing or extra one (tie-break)."""
        return (0.9 * len(self.typos) + len(self.missing) + len(self.extra)
                + 2 * sum(len(a.split()) for a, _ in self.replaced))

    @property
    def empty(self) -> bool:
        return not (self.typos or self.missing or self.extra or self.replaced)


def _is_word_typo(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 3 or a.isdigit() or b.isdigit():
        return False
    budget = 1 if max(len(a), len(b)) <= 6 else 2
    return OSA.distance(a, b, score_cutoff=budget) <= budget


def _diff(cited: tuple[str, ...], reg: tuple[str, ...]) -> _Diff:
    """Align the word lists and classify each difference."""
    a = [spelling_key(w) for w in cited]
    b = [spelling_key(w) for w in reg]
    out = _Diff(registered_words=len(reg))
    if a == b or "".join(a) == "".join(b):
        return out
    for op in _ops(a, b, cited, reg):
        ca, cb = list(cited[op.src_start:op.src_end]), list(reg[op.dest_start:op.dest_end])
        if op.tag == "equal":
            continue
        if op.tag == "delete":
            out.extra.extend(ca)
        elif op.tag == "insert":
            out.missing.extend(cb)
            if op.dest_end == len(reg) and op.src_start == len(cited):
                out.tail_missing = True
        else:  # replace
            _replace_block(ca, cb, out)
    return out


def _ops(a: list[str], b: list[str], raw_a: tuple[str, ...], raw_b: tuple[str, ...]) -> list:
    """Word edit operations, with runs that only differ by word breaks removed.

    ``hyperos molarity induced`` vs ``hyperosmolarity induced`` (a line-end hyphen split a word)
    comes out of the alignment as a replace plus a delete; the run as a whole spells the same
    letters, so it is dropped rather than reported.
    """
    ops = [op for op in Levenshtein.opcodes(a, b)]
    out = []
    i = 0
    while i < len(ops):
        if ops[i].tag == "equal":
            out.append(ops[i])
            i += 1
            continue
        j = i
        while j + 1 < len(ops) and ops[j + 1].tag != "equal":
            j += 1
        run = ops[i:j + 1]
        src = "".join(raw_a[run[0].src_start:run[-1].src_end])
        dest = "".join(raw_b[run[0].dest_start:run[-1].dest_end])
        if src != dest and spelling_key(src) != spelling_key(dest):
            out.extend(run)
        i = j + 1
    return out


def _replace_block(ca: list[str], cb: list[str], out: _Diff) -> None:
    """``follow up``/``followup`` are equal; same-size blocks pair word by word."""
    if "".join(map(spelling_key, ca)) == "".join(map(spelling_key, cb)):
        return
    if len(ca) == len(cb):
        for x, y in zip(ca, cb, strict=True):
            if spelling_key(x) == spelling_key(y):
                continue
            if _is_word_typo(x, y):
                out.typos.append((x, y))
            else:
                out.replaced.append((x, y))
    else:
        out.replaced.append((" ".join(ca), " ".join(cb)))


def registered_forms(work: Work) -> list[str]:
    """Every registered title: main, translated/vernacular, and title + subtitle."""
    forms: list[str] = []
    for t in [work.title, *work.titles]:
        if t and t not in forms:
            forms.append(t)
    if work.subtitle and work.title:
        combined = f"{work.title}: {work.subtitle}"
        if combined not in forms:
            forms.append(combined)
    return forms


def _main_part(title: str) -> str | None:
    """The part before a subtitle separator (``:``, `` - ``, ``. ``), when there is one."""
    cleaned = clean_title(title)
    for sep in (": ", " - ", " — ", "? ", ". "):
        if sep in cleaned:
            return cleaned.split(sep, 1)[0]
    return None


def distance(cited_title: str | None, work: Work) -> float:
    """How far a cited title is from the closest registered form (0: same words)."""
    cited = title_words(cited_title or "")
    forms = [title_words(f) for f in registered_forms(work)]
    if not forms:
        return 0.0
    return min(_diff(cited, f).cost for f in forms)


@field_check("title")
def check_title(citation: Citation, work: Work, settings: Settings, source: str, others: list[Work]) -> list[Finding]:
    """All RC2xx findings for one citation against one work."""
    if not citation.title:
        return []
    cited = title_words(citation.title)
    forms = [_without_printed_isbn(f, citation.isbn) for f in registered_forms(work)]
    if not cited or not forms:
        return []
    diffs = [(_diff(cited, title_words(f)), f) for f in forms]
    best, best_form = min(diffs, key=lambda d: d[0].cost)
    best.typos.extend(_space_typos(cited, best_form))
    debris = _bracket_debris(citation.text, best_form, source)
    if best.empty:
        return debris
    only_tail = not (best.typos or best.replaced) and not (best.missing and best.extra)
    sub = _subtitle_only(citation.title, cited, best_form) if only_tail else None
    if sub is not None:
        return [make_finding(TITLE_SUBTITLE_ONE_SIDE, "missing" if sub else "extra",
                             "subtitle omitted from the cited title" if sub
                             else "the cited title has a subtitle the registry does not",
                             cited=citation.title, registered=best_form, source=source)]
    return _report(best, citation.title, clean_title(best_form), source) + debris


# "[Suppl]" straight after a word (a title's last word), not after a volume number ("25[Suppl]")
_DEBRIS = re.compile(r"(?<=[^\W\d_])[\s.]*\[\s*(suppl(?:ement)?\b\.?[^\[\]]{0,15})\]", re.I)


def _bracket_debris(text: str, registered: str, source: str) -> list[Finding]:
    """RC206 for a ``[Suppl]`` printed after the title (the parser files it as the supplement)."""
    m = _DEBRIS.search(text)
    if m is None or "suppl" in registered.lower():
        return []
    return [make_finding(TITLE_DEBRIS, "extra", f"title is followed by '[{m.group(1)}]', which is not part of it",
                         cited=f"[{m.group(1)}]", registered=clean_title(registered),
                         suggestion=clean_title(registered), source=source)]


def _space_typos(cited: tuple[str, ...], form: str) -> list[tuple[str, str]]:
    """Two registered words printed without the space between them (``acetabularosteolyses``
    for ``acetabular osteolyses``): a typo with a fix. Spelling the same letters, the word
    alignment tolerates it like a line-end hyphen split; it is reported when the registry
    separates the words by a space (not a hyphen: ``followup``), each has four letters or more,
    and the joined form is no word attested in real titles (``healthcare``, ``bloodstream``)."""
    reg = key(clean_title(form)).split()
    spaced = " " + fold(clean_title(form)) + " "
    vocabulary = attested_words()
    out = []
    for word in set(cited) - set(reg):
        if word in vocabulary:
            continue
        for a, b in itertools.pairwise(reg):
            if (len(a) >= 4 and len(b) >= 4 and a + b == word
                    and re.search(rf"(?<![\w-]){re.escape(a)}\s+{re.escape(b)}(?![\w-])", spaced)):
                out.append((word, f"{a} {b}"))
                break
    return out


_ISBN_IN_TITLE = re.compile(r"[\s.,;]*\bISBN(?:-1[03])?[\s:]*(?P<n>[\dXx][\d\s-]{8,16}[\dXx])\b\.?")


def _without_printed_isbn(form: str, isbn: str | None) -> str:
    """A book review's registered title ends with the book's ISBN; the parser files a printed
    ISBN under ``isbn``, not the title, so the same ISBN is not a missing title word."""
    if not isbn or "ISBN" not in form:
        return form
    m = _ISBN_IN_TITLE.search(form)
    if m and re.sub(r"[\s-]", "", m.group("n")).upper() == isbn.upper():
        return (form[: m.start()] + form[m.end() :]).strip()
    return form


def _subtitle_only(raw: str, cited: tuple[str, ...], best_form: str) -> bool | None:
    """True: cited = the closest registered title without its subtitle; False: cited adds one.

    Judged against the closest registered form only, so that a registered subtitle with a
    word missing is reported as a missing word, not as a dropped subtitle.
    """
    main = _main_part(best_form)
    if main and _diff(cited, title_words(main)).empty:
        return True
    cited_main = _main_part(raw)
    if cited_main and _diff(title_words(cited_main), title_words(best_form)).empty:
        return False
    return None


def _report(d: _Diff, cited_title: str, registered: str, source: str) -> list[Finding]:
    if d.cost > max(3, d.registered_words // 2):
        return [make_finding(TITLE_MISMATCH, "mismatch", "the cited title differs from the registered title",
                             cited=cited_title, registered=registered, suggestion=registered,
                             source=source)]
    out: list[Finding] = []
    for wrong, right in d.typos:
        out.append(make_finding(TITLE_TYPO, "typo", f"title word '{wrong}' should be '{right}'",
                                cited=wrong, registered=right, suggestion=registered, source=source))
    for wrong, right in d.replaced:
        out.append(make_finding(TITLE_TYPO, "mismatch", f"title has '{wrong}' where the registry has '{right}'",
                                cited=wrong, registered=right, suggestion=registered, source=source))
    if d.missing:
        minor = all(w in _STOP for w in d.missing)
        words = ", ".join(f"'{w}'" for w in d.missing)
        kind = "truncated" if d.tail_missing and len(d.missing) > 1 else "missing"
        msg = (f"title is cut off: missing {words} at the end" if kind == "truncated"
               else f"title is missing {words}")
        out.append(make_finding(TITLE_WORDS_MISSING, kind, msg, cited=cited_title, registered=registered,
                                suggestion=registered, source=source,
                                severity=Severity.INFO if minor else None))
    if d.extra:
        minor = all(w in _STOP for w in d.extra)
        words = ", ".join(f"'{w}'" for w in d.extra)
        out.append(make_finding(TITLE_WORDS_EXTRA, "extra", f"title has extra {words}", cited=cited_title,
                                registered=registered, suggestion=registered, source=source,
                                severity=Severity.INFO if minor else None))
    return out
