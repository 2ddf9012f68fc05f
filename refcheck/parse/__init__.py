"""Stage 2, parse: one reference string -> one typed :class:`~refcheck.model.Citation`.

Rule-based (regex + heuristics over segments), no model download. Modules:

* ``clean``        PDF/Markdown/HTML debris, emphasis hints, link identifiers (hyphens, mojibake and
                   accents are repaired by ``refcheck.text.repair``);
* ``identifiers``  DOI / PMID / PMCID / ISBN / URL, cut out before anything else;
* ``authors``      the byline (Vancouver, inverted, natural order, groups, et al.);
* ``locator``      year/volume/issue/supplement/pages in each style's layout;
* ``segments``     title vs container between byline and locator;
* ``container``    books and chapters (editors, edition, place, publisher);
* style and kind detection: :mod:`refcheck.styles.detect`;
* ``name_patterns`` the regexes of one printed name (particles/suffixes from ``refcheck.text``);
* ``core``         the orchestration (``parse_reference``);
* ``entry``        one extracted entry (``parse_entry``): structured fields win over the parse.
"""

from __future__ import annotations

from refcheck.parse.core import parse_reference
from refcheck.parse.entry import parse_entry

__all__ = ["parse_entry", "parse_reference"]
