"""Vancouver (NLM Citing Medicine / ICMJE) and AMA 11th: one layout, different defaults.

Vancouver lists 6 authors then ``et al``, elides page ranges (``728-34``) and omits the DOI;
AMA lists 3 of more than 6, prints full ranges and ``doi:10...``.
"""

from __future__ import annotations

from refcheck.styles import pieces
from refcheck.styles.model import NameForm, Opts, Ref, Style, StyleRules
from refcheck.styles.names import editors, shown


def _byline(ref: Ref, opts: Opts) -> str:
    names, et_al = shown(ref, opts)
    if not names:
        return ""
    return ", ".join(names) + (", et al" if et_al else "")


def _source(ref: Ref, opts: Opts) -> str:
    """``1998;11(8):728-34`` with the documented omissions (no volume, no issue, no pages)."""
    out = str(ref.year or "")
    loc = ref.volume or ""
    if ref.issue:
        loc += f"({ref.issue})"
    if loc:
        out += f";{loc}"
    pages = pieces.pages(ref, opts)
    if pages:
        out += f":{pages}"
    return out


def _book(ref: Ref, opts: Opts, byline: str) -> list[str]:
    """``Doe J. Chapter. In: Holland JF, editor. Book. 6th ed. Place: Pub; 2003. p. 12-34.``"""
    year = str(ref.year or "")
    edition = f"{ref.edition} ed" if ref.edition else ""
    publisher = pieces.publisher(ref)
    pub = f"{publisher}; {year}" if publisher else year
    if ref.kind != "chapter":
        return [byline, pieces.title(ref), edition, pub]
    pages = pieces.pages(ref, opts)
    book = ref.journal or ""
    where = [f"In: {editors(ref, opts)}".rstrip("."), book] if ref.editors else [f"In: {book}", ""]
    return [byline, pieces.title(ref), *where, edition, pub, f"p. {pages}" if pages else ""]


def render(ref: Ref, opts: Opts) -> str:
    """Byline. Title. Journal. Year;Volume(Issue):Pages. (books: edition, publisher; year)."""
    byline = _byline(ref, opts)
    if ref.kind in ("book", "chapter"):
        parts = _book(ref, opts, byline)
    else:
        parts = [byline, pieces.title(ref), pieces.journal(ref, opts), _source(ref, opts)]
    return pieces.join(parts, pieces.ids(ref, opts, "doi:{}"))


_NLM_NAMES = NameForm(dotted=False)

VANCOUVER = Style(
    name="vancouver",
    rules=StyleRules(et_al_after=6, et_al_keep=6, doi=False, abbreviate=True, dash="-"),
    names=_NLM_NAMES, render=render, elide=True, sentence_case=True,
)
AMA = Style(
    name="ama",
    rules=StyleRules(et_al_after=6, et_al_keep=3, doi=True, abbreviate=True, dash="-"),
    names=_NLM_NAMES, render=render, sentence_case=True,
)
