"""Making untrusted text inert in refcheck's outputs.

Reference text, registry values and file names come from outside: an ESC sequence in a
reference repainted the user's terminal through ``refcheck parse``, a newline in a file name
followed by ``::warning`` became a real GitHub workflow command, and an ESC made the JUnit XML
ill-formed (issue #17). Renderers pass such text through these helpers:

* :func:`printable` - text for terminals and text reports: C0/C1 control characters (ESC,
  CSI U+009B, BEL, backspace...), DEL and bidirectional overrides (U+202A-U+202E, U+2066-U+2069,
  the "Trojan Source" characters) removed; tab and newline kept.
* :func:`one_line` - the same, and every line break or tab turned into a space (file names,
  table cells, comment lines).
* :func:`xml_safe` - only the characters XML 1.0 allows (``#x9 | #xA | #xD | [#x20-#xD7FF] |
  [#xE000-#xFFFD] | [#x10000-#x10FFFF]``); ElementTree escapes ``<&"`` but writes these raw.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def printable(text: str) -> str:
    """``text`` without control characters (tab and newline kept; CR dropped)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """``text`` on one line: breaks and tabs become spaces, other control characters go."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", text))


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids removed."""
    return _NOT_XML.sub("", text)
