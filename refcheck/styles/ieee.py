"""IEEE: numbered ``[n]``, initials first, quoted title, ``vol.``/``no.``/``pp.``, month and year."""

from __future__ import annotations

from refcheck.styles import pieces
from refcheck.styles.model import EN_DASH, MONTHS, NameForm, Opts, Ref, Style, StyleRules
from refcheck.styles.names import initials_first, series, shown


def _book(ref: Ref, opts: Opts, byline: str) -> str:
    """IEEE book / chapter: ``J. Doe, "Ch," in Book, J. F. Holland, Ed. Place: Pub, 2003, pp. 12–34.``"""
    head = f"{byline}, " if byline else ""
    pub = pieces.publisher(ref)
    year = str(ref.year or "")
    pages = pieces.pages(ref, opts)
    if ref.kind == "book":
        tail = ", ".join(x for x in (pub, year) if x)
        edition = f", {ref.edition} ed" if ref.edition else ""
        return f"{head}{(ref.title or '').rstrip('.')}{edition}. {tail}.".replace(" .", ".")
    eds = ""
    if ref.editors:
        eds = ", " + ", ".join(initials_first(a) for a in ref.editors)
        eds += ", Eds." if len(ref.editors) > 1 else ", Ed."
    tail = ", ".join(x for x in (pub, year, f"pp. {pages}" if pages else "") if x)
    title = (ref.title or "").strip().rstrip(".")
    return f'{head}"{title}," in {ref.journal or ""}{eds} {tail}.'.replace(" .", ".")


def _date(ref: Ref) -> str:
    """``Aug. 2020`` (``May 2020``: a full month name takes no period), or the year alone."""
    date = f"{MONTHS[ref.month - 1]}. {ref.year}" if ref.month and ref.year else str(ref.year or "")
    if date.startswith("May."):
        date = date.replace("May.", "May", 1)
    return date


def _render(ref: Ref, opts: Opts) -> str:
    names, et_al = shown(ref, opts)
    byline = series(names, et_al, pair=" and ", last=", and ")
    if ref.kind in ("book", "chapter"):
        return _book(ref, opts, byline)
    title = (ref.title or "").strip().rstrip(".")
    quoted = f"\u201c{title}\u201d" if title and title[-1] in "?!" else (f"\u201c{title},\u201d" if title else "")
    quoted = quoted.replace("\u201c", '"').replace("\u201d", '"')
    bits = [pieces.journal(ref, opts)]
    if ref.volume:
        bits.append(f"vol. {ref.volume}")
    if ref.issue:
        bits.append(f"no. {ref.issue}")
    pages = pieces.pages(ref, opts)
    if pages:
        bits.append(f"{'pp' if ref.last_page else 'p'}. {pages}")
    bits.append(_date(ref))
    identifiers = pieces.ids(ref, opts, "doi: {}")
    bits.append(identifiers.replace(" PMID", ", PMID"))
    tail = ", ".join(b for b in bits if b)
    head = f"{byline}, " if byline else ""
    text = f"{head}{quoted} {tail}".strip()
    return text if identifiers else text.rstrip(".") + "."


IEEE = Style(
    name="ieee",
    rules=StyleRules(et_al_after=6, et_al_keep=1, doi=True, abbreviate=True, dash=EN_DASH),
    names=NameForm(initials_first=True), render=_render, dotted_journal=True, label="[{}] ",
)
