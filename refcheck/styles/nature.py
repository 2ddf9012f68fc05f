"""Nature: year last in parentheses, more than 5 authors -> first author ``et al.``, ``&`` before the last."""

from __future__ import annotations

from refcheck.styles import pieces
from refcheck.styles.model import EN_DASH, NameForm, Opts, Ref, Style, StyleRules
from refcheck.styles.names import name, series, shown


def _book(ref: Ref, opts: Opts, byline: str) -> str:
    """Nature cites a chapter by its book: ``Doe, J. in Book (ed. Roe, R.) 12–34 (Wiley, 2003).``"""
    pub = ", ".join(x for x in (ref.publisher, str(ref.year or "")) if x)
    if ref.kind == "book":
        return pieces.join([byline, f"{(ref.title or '').rstrip('.')} ({pub})"])
    eds = ""
    if ref.editors:
        eds_names = " & ".join(name(a, opts.style.names) for a in ref.editors)
        eds = f" (ed{'s' if len(ref.editors) > 1 else ''}. " + eds_names + ")"
    where = f"in {ref.journal or ''}{eds} {pieces.pages(ref, opts)} ({pub})".replace("  ", " ")
    return pieces.join([f"{byline} {where}".strip()])


def _render(ref: Ref, opts: Opts) -> str:
    names, et_al = shown(ref, opts)
    byline = series(names, et_al, pair=" & ", last=" & ")
    if ref.kind in ("book", "chapter"):
        return _book(ref, opts, byline)
    source = pieces.journal(ref, opts)
    if ref.volume:
        source += f" {ref.volume}"
    pages = pieces.pages(ref, opts)
    if pages:
        source += f", {pages}" if ref.volume else f" {pages}"
    if ref.year:
        source += f" ({ref.year})"
    return pieces.join([byline, pieces.title(ref), source], pieces.ids(ref, opts, "https://doi.org/{}"))


NATURE = Style(
    name="nature",
    rules=StyleRules(et_al_after=5, et_al_keep=1, doi=False, abbreviate=True, dash=EN_DASH),
    names=NameForm(), render=_render, dotted_journal=True,
)
