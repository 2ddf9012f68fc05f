"""Style name -> :class:`Style`. Adding a style: one module that builds a ``Style``, one line here."""

from __future__ import annotations

from refcheck.styles.author_date import APA, HARVARD
from refcheck.styles.ieee import IEEE
from refcheck.styles.model import Style, StyleRules
from refcheck.styles.nature import NATURE
from refcheck.styles.nlm import AMA, VANCOUVER

#: The styles refcheck can print, in the order the command line and errors list them.
STYLES: dict[str, Style] = {s.name: s for s in (VANCOUVER, AMA, APA, HARVARD, IEEE, NATURE)}


def get_style(name: str) -> Style:
    """The style called ``name`` (any case); ValueError naming the choices otherwise."""
    style = STYLES.get(name.lower())
    if style is None:
        raise ValueError(f"unknown style {name.lower()!r}; choose from {', '.join(STYLES)}")
    return style


def rules_for(name: str | None) -> StyleRules:
    """The defaults of ``name``; Vancouver's for a style refcheck cannot print (chicago, unknown)."""
    return STYLES.get(name or "", VANCOUVER).rules

