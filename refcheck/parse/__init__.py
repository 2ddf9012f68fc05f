"""Stage 2, parse: one reference string -> one typed :class:`~refcheck.model.Citation`.

Rule-based (regex + heuristics over segments), no model download. Modules:

* ``clean``        PDF/Markdown/HTML debris, hyphenation (word list in ``refcheck/data/hyphen-*.txt``,
                   made by ``bench/build_parse_words.py``), emphasis hints, link identifiers;
* ``identifiers``  DOI / PMID / PMCID / ISBN / URL, cut out before anything else;
* ``authors``      the byline (Vancouver, inverted, natural order, groups, et al.);
* ``locator``      year/volume/issue/supplement/pages in each style's layout;
* ``segments``     title vs container between byline and locator;
* ``container``    books and chapters (editors, edition, place, publisher);
* style and kind detection: :mod:`refcheck.styles.detect`;
* ``core``         the orchestration (``parse_reference``/``parse_entry``).
"""

from __future__ import annotations

from refcheck.parse.core import parse_entry, parse_reference

__all__ = ["parse_entry", "parse_reference"]
