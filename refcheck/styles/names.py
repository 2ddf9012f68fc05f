"""Author names and bylines as the styles print them (forms set by each style's :class:`NameForm`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from refcheck.model import Author
from refcheck.styles.model import NameForm, Opts, Ref
from refcheck.text.names import initials


def initials_of(author: Author) -> str:
    """Initial letters without periods: ``JF`` from ``John F.``/``Jean-François``/``J.F.``; the
    text layer's one initials rule (:func:`refcheck.text.names.initials`) for a given name."""
    if author.initials:
        return re.sub(r"[^\w]", "", author.initials)
    return initials(author.given)


def dotted_initials(author: Author, *, space: bool = True) -> str:
    """``J. F.`` (APA/IEEE/Nature) or ``J.F.`` (Harvard); hyphenated given names keep the hyphen."""
    sep = " " if space else ""
    if author.given and re.search(r"\w", author.given):
        words = [w for w in re.split(r"[\s.]+", author.given) if w]
        out = []
        for w in words:
            parts = [p for p in re.split(r"[-\u2010]", w) if p]
            out.append("-".join(f"{p[0]}." for p in parts if p[0].isalpha()))
        return sep.join(o for o in out if o)
    return sep.join(f"{ch}." for ch in initials_of(author))


def _suffix(author: Author, form: NameForm) -> str:
    if not author.suffix:
        return ""
    suffix = author.suffix.strip().rstrip(".")
    if not form.dotted:
        return f" {suffix}"
    if suffix in ("Jr", "Sr"):
        suffix += "."
    return f", {suffix}" if form.suffix_comma else f" {suffix}"


def name(author: Author, form: NameForm) -> str:
    """One author as ``form`` prints it; a group is its name without a final period."""
    if author.is_group:
        return (author.group or "").strip().rstrip(".")
    family = (author.family or "").strip()
    if not form.dotted:
        return f"{family} {initials_of(author)}".strip() + _suffix(author, form)
    ini = dotted_initials(author, space=form.spaced)
    if form.initials_first:
        return f"{ini} {family}".strip() + _suffix(author, form)
    return (f"{family}, {ini}" if ini else family) + _suffix(author, form)


def initials_first(author: Author) -> str:
    """``J. F. Holland``: editors in APA and IEEE book references."""
    if author.is_group:
        return author.group or ""
    return f"{dotted_initials(author)} {author.family or ''}".strip()


def shown(ref: Ref, opts: Opts) -> tuple[list[str], bool]:
    """The printed names of the authors to list, and whether ``et al.`` follows."""
    authors = ref.authors
    if len(authors) > opts.et_al_after:
        authors, et_al = authors[: opts.et_al_keep], True
    else:
        et_al = ref.truncated and bool(authors)
    return [name(a, opts.style.names) for a in authors], et_al


def series(names: Sequence[str], et_al: bool, *, pair: str, last: str) -> str:
    """``A, B and C`` / ``A et al.``: ``pair`` joins two names, ``last`` the last of three or more."""
    if not names:
        return ""
    if et_al:
        return ", ".join(names) + " et al."
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return names[0] + pair + names[1]
    return ", ".join(names[:-1]) + last + names[-1]


def editors(ref: Ref, opts: Opts) -> str:
    """``Holland JF, Frei E, editors`` (NLM chapters)."""
    if not ref.editors:
        return ""
    names = ", ".join(name(a, opts.style.names) for a in ref.editors)
    return f"{names}, editor{'s' if len(ref.editors) > 1 else ''}"
