"""Render one reference (a registered :class:`Work` or a parsed :class:`Citation`) in a citation style.

Used by ``refcheck fix`` (rewrite a reference in the manuscript's own style with the registered
values), by ``library export`` (a formatted list), by the accuracy benchmark (compare a registry
record rendered in the gold string's style with the gold string) and by the text report. The
styles themselves (field notes §4) live in :mod:`refcheck.styles.registry`. Output is plain
text: no italics or bold markup.
"""

from __future__ import annotations

import re

from refcheck.model import Citation, Work
from refcheck.styles.model import Opts, from_citation, from_work
from refcheck.styles.registry import get_style
from refcheck.text.case import sentence_case


def render_reference(
    item: Work | Citation,
    style: str,
    number: int | None = None,
    *,
    et_al_after: int | None = None,
    et_al_keep: int | None = None,
    include_doi: bool | None = None,
    include_pmid: bool = False,
    abbreviate: bool | None = None,
) -> str:
    """One reference in ``style``, prefixed with ``"{number}. "`` (``"[n] "`` for IEEE) when given.

    ``et_al_after``: list every author when there are at most this many, else ``et_al_keep``
    then ``et al.`` (style defaults: ``Style.rules``). ``include_doi``/``include_pmid`` add the
    identifiers; ``abbreviate`` picks the journal abbreviation over the full title.
    """
    chosen = get_style(style)
    rules = chosen.rules
    after = et_al_after if et_al_after is not None else rules.et_al_after
    keep = et_al_keep if et_al_keep is not None else (min(rules.et_al_keep, after))
    opts = Opts(
        style=chosen,
        et_al_after=after,
        et_al_keep=keep,
        doi=rules.doi if include_doi is None else include_doi,
        pmid=include_pmid,
        abbreviate=rules.abbreviate if abbreviate is None else abbreviate,
        dash=rules.dash,
    )
    ref = from_work(item) if isinstance(item, Work) else from_citation(item)
    if chosen.sentence_case and ref.title:
        ref.title = sentence_case(ref.title, item.titles if isinstance(item, Work) else ())
    body = re.sub(r"\s+", " ", chosen.render(ref, opts)).strip()
    if number is None:
        return body
    return chosen.numbered(number, body)
