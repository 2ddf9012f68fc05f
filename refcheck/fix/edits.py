"""Span edits: each fixable finding rewrites only the characters of its own field.

A reference is never re-rendered here. The title keeps every word that was right (a typo fix
replaces one word, in the case the author printed it); the byline keeps its names, with only a
misspelt surname or wrong initials changed, unless the order or the set of names is wrong, in
which case the byline alone is rebuilt from the record in the list's name form; the locator keeps
its punctuation and elision. A finding whose field cannot be located unambiguously is returned
as *unplaced* and nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from refcheck.checks.authors import (
    AUTHOR_INITIALS_INCOMPLETE,
    AUTHOR_INITIALS_MISMATCH,
    AUTHOR_MISMATCH,
    AUTHOR_PARTICLE_IN_INITIALS,
    AUTHOR_TYPO,
)
from refcheck.fix.conventions import escape, format_journal, format_pages, recase
from refcheck.fix.spans import field_span, find_unique, locator_spans
from refcheck.model import Author, CheckedReference, Finding
from refcheck.styles.detect import Conventions
from refcheck.styles.names import initials_of
from refcheck.styles.registry import rules_for
from refcheck.text.case import is_sentence_case
from refcheck.text.fold import key
from refcheck.text.identifiers import strip_doi_prefix

#: Author findings about one name (fixed in place) vs about the byline (byline rebuilt).
NAME_CODES = frozenset(r.code for r in (AUTHOR_TYPO, AUTHOR_MISMATCH, AUTHOR_INITIALS_INCOMPLETE,
                                         AUTHOR_INITIALS_MISMATCH, AUTHOR_PARTICLE_IN_INITIALS))
Replacement = tuple[int, int, str]


def _word_key(word: str) -> str:
    return key(word) or word


def retitle(printed: str, registered: str, conv: Conventions) -> str:
    """``printed`` with only the words that differ from ``registered`` changed (layout kept)."""
    if registered.isupper():  # an ALL-CAPS deposit says nothing about case: one capital
        registered = registered.capitalize()
    toks = list(re.finditer(r"\S+", printed))
    reg = registered.split()
    if not toks or not reg:
        return printed
    source_sentence = is_sentence_case(registered)
    matcher = SequenceMatcher(None, [_word_key(t.group()) for t in toks], [_word_key(w) for w in reg],
                              autojunk=False)
    out = printed
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        one_to_one = (i2 - i1) == (j2 - j1)
        words = [escape(recase(reg[j], like=toks[i1 + k].group() if one_to_one and tag == "replace" else None,
                               conv=conv, first=j == 0, sentence_source=source_sentence), conv)
                 for k, j in enumerate(range(j1, j2))]
        if tag == "replace":
            out = out[:toks[i1].start()] + " ".join(words) + out[toks[i2 - 1].end():]
        elif tag == "delete":
            lo = toks[i1 - 1].end() if i1 > 0 else toks[i1].start()
            hi = toks[i2 - 1].end() if i1 > 0 else toks[i2].start() if i2 < len(toks) else toks[i2 - 1].end()
            out = out[:lo] + out[hi:]
        else:  # insert before token i1
            if i1 > 0:
                at = toks[i1 - 1].end()
                out = out[:at] + " " + " ".join(words) + out[at:]
            else:
                at = toks[0].start()
                out = out[:at] + " ".join(words) + " " + out[at:]
    return out


def _split_name(display: str) -> tuple[str, str]:
    """``Fukumoto T`` -> (``Fukumoto``, ``T``); initials are the last all-capital token."""
    parts = display.rsplit(" ", 1)
    if len(parts) == 2 and re.fullmatch(r"[A-Z]{1,4}", parts[1]):
        return parts[0], parts[1]
    return display, ""


def _shape_initials(letters: str, printed: str) -> str:
    """New initials in the printed form: ``JA``, ``J.A.`` or ``J. A.``."""
    if "." not in printed:
        return letters
    sep = ". " if re.search(r"\.\s+[A-Z]", printed) else "."
    return sep.join(letters) + "."


def _name_edit(text: str, byline: tuple[int, int], f: Finding) -> Replacement | None:
    """Fix one name inside the byline: surname and/or initials, punctuation untouched."""
    if not f.cited or not f.suggestion or ", " in f.cited:
        return None
    c_family, _ = _split_name(f.cited)
    s_family, s_ini = _split_name(f.suggestion)
    rx = re.compile(r"(?<![\w])" + re.escape(c_family).replace(r"\ ", r"\s+")
                    + r"(?P<sep>[\s,]*)(?P<ini>(?:[A-Z](?:\.\s?|-|(?=[A-Z])|\b)){0,4})")
    hits = list(rx.finditer(text, byline[0], byline[1]))
    if len(hits) != 1:
        return None
    m = hits[0]
    printed_ini = m.group("ini").rstrip()
    new_ini = printed_ini
    if s_ini and re.sub(r"[^A-Z]", "", printed_ini) != s_ini:
        new_ini = _shape_initials(s_ini, printed_ini) if printed_ini else s_ini
    family = s_family if s_family != c_family else text[m.start():m.start("sep")]
    sep = m.group("sep") if printed_ini or not new_ini else " "
    return m.start(), m.start("ini") + len(printed_ini), family + sep + new_ini


def _person(author: Author, dotted: bool) -> str:
    if author.is_group:
        return (author.group or "").strip().rstrip(".")
    ini = initials_of(author)
    if dotted and ini:
        ini = ".".join(ini) + "."
    suffix = f" {author.suffix.strip().rstrip('.')}" if author.suffix else ""
    return f"{(author.family or '').strip()} {ini}".strip() + suffix


def rebuild_byline(printed: str, ref: CheckedReference, style: str, conv: Conventions) -> str | None:
    """The registered byline in the printed one's form, as long as the list's style prints it."""
    work = ref.match.work
    if work is None or not work.authors:
        return None
    et_al = re.search(r"[,\s]*\bet\s+al\b", printed)
    rules = rules_for(style)
    authors = work.authors
    if et_al and len(authors) > len(ref.citation.authors):
        shown, cut = authors[: max(len(ref.citation.authors), 1)], True
    elif len(authors) > rules.et_al_after:
        shown, cut = authors[: rules.et_al_keep], True
    else:
        shown, cut = authors, not work.authors_complete
    dotted = bool(re.search(r"\b[A-Z]\.", printed))
    names = ", ".join(escape(_person(a, dotted), conv) for a in shown)
    if cut:
        names += et_al.group(0) if et_al else ", et al"
    return names


def _locator_insert(text: str, field: str, value: str) -> Replacement | None:
    """A missing issue (after the volume) or missing pages (after the issue/volume)."""
    loc = locator_spans(text)
    if loc is None:
        return None
    if field == "issue" and "volume" in loc.parts and "issue" not in loc.parts:
        end = loc.parts["volume"][1]
        return end, end, f"({value})"
    return None


def _value_for(f: Finding, ref: CheckedReference, printed: str, conv: Conventions) -> str | None:
    work = ref.match.work
    if f.field == "pages":
        registered = (work.pages if work and work.pages else None) or f.suggestion
        return format_pages(registered, printed, conv) if registered else None
    if f.field == "journal" and work is not None:
        if conv.journal_abbreviated and work.container_abbrevs:
            return escape(format_journal(work.container_abbrevs[0], conv), conv)
        name = work.container or f.suggestion
        return escape(format_journal(name, conv), conv) if name else None
    if f.field in ("volume", "issue") and not f.suggestion and work is not None:
        return getattr(work, f.field)
    if f.field == "doi":
        return strip_doi_prefix(f.suggestion or "") or None
    if f.field == "pmid":
        return re.sub(r"\D", "", f.suggestion or "") or None
    return f.suggestion


def field_edits(text: str, body_start: int, ref: CheckedReference, findings: Sequence[Finding],
                style: str, conv: Conventions) -> tuple[list[Replacement], list[Finding]]:
    """Replacements inside ``text`` (the entry's source slice) and the findings left unplaced."""
    cit, work = ref.citation, ref.match.work
    out: list[Replacement] = []
    unplaced: list[Finding] = []
    by_field: dict[str, list[Finding]] = {}
    for f in findings:
        if f.cited is None and f.field in ("doi", "pmid") and not (
                conv.carries_doi if f.field == "doi" else conv.carries_pmid):
            continue  # the list does not print this identifier: adding one would change its style
        by_field.setdefault(f.field, []).append(f)
    for fld, group in by_field.items():
        if fld == "title":
            span = field_span(text, cit, "title")
            if span and work and work.title:
                out.append((*span, retitle(text[span[0]:span[1]], work.title, conv)))
            else:
                unplaced.extend(group)
            continue
        if fld == "authors":
            span = field_span(text, cit, "authors", body_start=body_start)
            if span is None:
                unplaced.extend(group)
                continue
            names = [_name_edit(text, span, f) if f.code in NAME_CODES else None for f in group]
            if all(n is not None for n in names):
                out.extend(n for n in names if n is not None)
                continue
            byline = rebuild_byline(text[span[0]:span[1]], ref, style, conv)
            if byline is None:
                unplaced.extend(group)
            else:
                out.append((*span, byline))
            continue
        for f in group:
            rep = _single(text, body_start, ref, f, conv)
            if rep is None:
                unplaced.append(f)
            else:
                out.append(rep)
    return _without_overlaps(out, unplaced, findings)


def _single(text: str, body_start: int, ref: CheckedReference, f: Finding, conv: Conventions) -> Replacement | None:
    """One locator/journal/identifier finding as a replacement (or an insertion)."""
    if f.cited is None and f.field in ("doi", "pmid"):
        value = f.suggestion
        if not value or find_unique(text, _value_for(f, ref, "", conv), ignore_case=True):
            return None
        end = len(text.rstrip())
        link = re.search(r"(\s*\[[^\]]*\]\([^)]*\)\s*)+$", text)
        end = link.start() if link else end
        return end, end, f" {value}"
    span = field_span(text, ref.citation, f.field, body_start=body_start, cited=f.cited)
    if span is None:
        if f.cited is None and f.suggestion and f.field == "issue":
            return _locator_insert(text, f.field, f.suggestion)
        return None
    value = _value_for(f, ref, text[span[0]:span[1]], conv)
    return None if value is None else (*span, value)


def _without_overlaps(reps: list[Replacement], unplaced: list[Finding],
                      findings: Sequence[Finding]) -> tuple[list[Replacement], list[Finding]]:
    """Drop a replacement that overlaps an earlier one (two findings, one span)."""
    kept: list[Replacement] = []
    for rep in sorted(reps, key=lambda r: (r[0], r[1])):
        if kept and rep[0] < kept[-1][1]:
            if rep[:2] == kept[-1][:2] and rep[2] == kept[-1][2]:
                continue
            unplaced.extend(f for f in findings if f not in unplaced)
            return [], unplaced
        kept.append(rep)
    return kept, unplaced


def apply_replacements(text: str, reps: Sequence[Replacement]) -> str:
    """``text`` with non-overlapping replacements applied right to left."""
    for start, end, new in sorted(reps, key=lambda r: r[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text
