"""Author-date styles: APA 7 and Harvard (Cite Them Right).

Both print the year after the byline and the full journal title; APA links the DOI as
``https://doi.org/...`` and closes the year with a period, Harvard quotes the title.
"""

from __future__ import annotations

from refcheck.styles import pieces
from refcheck.styles.model import EN_DASH, NameForm, Opts, Ref, Style, StyleRules
from refcheck.styles.names import initials_first, name, series, shown


def _apa_byline(ref: Ref, opts: Opts) -> str:
    names, et_al = shown(ref, opts)
    if not names:
        return ""
    if len(ref.authors) > opts.et_al_after and opts.et_al_after >= 2:  # APA 7: first 19, ..., last
        return ", ".join(names) + ", . . . " + name(ref.authors[-1], opts.style.names)
    if et_al:
        return ", ".join(names) + ", et al."
    return series(names, False, pair=", & ", last=", & ")


def _render_apa(ref: Ref, opts: Opts) -> str:
    byline = _apa_byline(ref, opts)
    year = f"({ref.year})" if ref.year else "(n.d.)"
    head = f"{byline} {year}" if byline else ""
    title = pieces.title(ref)
    if ref.kind in ("book", "chapter"):
        return _apa_book(ref, opts, head, title)
    source = pieces.journal(ref, opts)
    if ref.volume:
        source += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    pages = pieces.pages(ref, opts)
    if pages:
        source += f", {pages}"
    if not byline:  # APA: the title moves to the author position
        return pieces.join([title, year, source], pieces.ids(ref, opts, "https://doi.org/{}"))
    return pieces.join([head, title, source], pieces.ids(ref, opts, "https://doi.org/{}"))


def _apa_book(ref: Ref, opts: Opts, head: str, title: str) -> str:
    """APA 7 book / chapter: ``In J. F. Holland (Ed.), Book (6th ed., pp. 12–34). Publisher.``"""
    identifiers = pieces.ids(ref, opts, "https://doi.org/{}")
    if ref.kind == "book":
        edition = f" ({ref.edition} ed.)" if ref.edition else ""
        return pieces.join([head, (ref.title or "").rstrip(".") + edition, ref.publisher or ""], identifiers)
    extras = [f"{ref.edition} ed." if ref.edition else "",
              f"pp. {pieces.pages(ref, opts)}" if ref.first_page else ""]
    extra = ", ".join(x for x in extras if x)
    book = (ref.journal or "") + (f" ({extra})" if extra else "")
    if ref.editors:
        eds = ", ".join(initials_first(a) for a in ref.editors)
        book = f"In {eds} ({'Eds.' if len(ref.editors) > 1 else 'Ed.'}), {book}"
    else:
        book = f"In {book}"
    return pieces.join([head, title, book, ref.publisher or ""], identifiers)


def _render_harvard(ref: Ref, opts: Opts) -> str:
    names, et_al = shown(ref, opts)
    byline = series(names, et_al, pair=" and ", last=" and ")
    year = f"({ref.year})" if ref.year else "(no date)"
    title = (ref.title or "").strip().rstrip(".")
    head = f"{byline} {year}".strip()
    identifiers = pieces.ids(ref, opts, "doi:{}")
    if ref.kind == "book":
        edition = f"{ref.edition} edn" if ref.edition else ""
        return pieces.join([f"{head} {title}", edition, pieces.publisher(ref)], identifiers)
    pages = pieces.pages(ref, opts)
    if ref.kind == "chapter":
        eds = ""
        if ref.editors:
            eds_names = ", ".join(name(a, opts.style.names) for a in ref.editors)
            eds = f"{eds_names} ({'eds' if len(ref.editors) > 1 else 'ed.'}) "
        tail = ", ".join(x for x in (pieces.publisher(ref), f"pp. {pages}" if pages else "") if x)
        edition = f"{ref.edition} edn" if ref.edition else ""
        return pieces.join([f"{head} '{title}', in {eds}{ref.journal or ''}", edition, tail], identifiers)
    source = f"'{title}', {pieces.journal(ref, opts)}"
    if ref.volume:
        source += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    if pages:
        source += f", {'pp' if ref.last_page else 'p'}. {pages}"
    return pieces.join([f"{head} {source}"], identifiers)


APA = Style(
    name="apa",
    rules=StyleRules(et_al_after=20, et_al_keep=19, doi=True, abbreviate=False, dash=EN_DASH),
    names=NameForm(suffix_comma=True), render=_render_apa,
)
HARVARD = Style(
    name="harvard",
    rules=StyleRules(et_al_after=3, et_al_keep=1, doi=True, abbreviate=False, dash=EN_DASH),
    names=NameForm(spaced=False, suffix_comma=True), render=_render_harvard,
)
