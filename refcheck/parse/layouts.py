"""Bylines of layouts from outside biomedicine, read before the general byline scanner.

* ACM (and other CS proceedings): full names in natural order, ``and`` before the last, then
  ``. YEAR. Title. In Venue.`` -- ``Qifeng Chen and Vladlen Koltun. 2017. Photographic ...``.
* A lower-case initial in a Vancouver byline (``Pizzi c, Santini M.``): a typesetting slip
  that would otherwise make the whole byline unreadable. The letter is read upper-case; the
  text keeps its length, so every offset the parser computes stays valid.
"""

from __future__ import annotations

import re

from refcheck.parse.authors import CHUNK_SPLIT, Byline, read_person
from refcheck.parse.name_patterns import NAME_FULL

# '. 2017. ' after the names: where an ACM byline ends (within the first 600 characters).
_ACM_END = re.compile(r"\.\s(?:1[5-9]|20)\d\d[a-z]?\.\s")
_ACM_WINDOW = 600
_MAX_NAME = 60
# 'Pizzi c, Santini M': one lower-case letter after a capitalised surname, before the next
# Vancouver name. Only in the byline region.
_LOWER_INITIAL = re.compile(r"(?<![\w.])([A-Z][a-z][\w'’-]{0,30} )([a-z])(?=,\s[A-Z][\w'’-]+\s[A-Z]{1,3}[,.])")
_BYLINE_WINDOW = 300
_LONE_LOWER = re.compile(r" [a-z],")


def acm_byline(text: str) -> Byline | None:
    """The byline when ``text`` opens with natural-order full names and ``. YEAR.``."""
    end = _ACM_END.search(text, 0, _ACM_WINDOW)
    if end is None:
        return None
    chunks = [c.strip() for c in CHUNK_SPLIT.split(text[: end.start()])]
    if len(chunks) < 1 or any(not c or len(c) > _MAX_NAME for c in chunks):
        return None
    names = [NAME_FULL.fullmatch(c) for c in chunks]
    if not all(names):
        return None
    return Byline([read_person(m) for m in names if m], end.start(), "N", ampersand="&" in text[: end.start()])


def fix_lower_initials(text: str) -> str:
    """``Pizzi c, Santini M`` -> ``Pizzi C, Santini M`` in the first characters of ``text``."""
    head = text[:_BYLINE_WINDOW]
    if _LONE_LOWER.search(head) is None or not _LOWER_INITIAL.search(head):
        return text  # the literal-led check first: the full pattern costs ~30 us a string
    return _LOWER_INITIAL.sub(lambda m: m.group(1) + m.group(2).upper(), head) + text[_BYLINE_WINDOW:]
