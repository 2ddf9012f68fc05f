"""Text clean-up the checks need before comparing: what counts as "the same" title or name.

Everything here removes *representation* differences (mojibake, markup, Greek letters spelled
out, US/UK spelling, retraction prefixes, bracketed markers) so that the rules only ever see
differences of *content*. The shared folding (case, accents, dashes) is
:mod:`refcheck.text`; this module adds what only the checks need.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from refcheck.text.fold import key
from refcheck.text.repair import repair_mojibake

_TAGS = re.compile(r"<[^<>]{1,200}>")
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "ϵ": "epsilon", "ϑ": "theta", "ϕ": "phi",
}
_GREEK.update({k.upper(): v for k, v in list(_GREEK.items()) if k.upper() != k})
_GREEK["µ"] = "mu"  # micro sign
_GREEK_RE = re.compile("|".join(map(re.escape, _GREEK)))

# Title prefixes/markers that are registry or indexing artefacts, not part of the title.
_PREFIX = re.compile(
    r"^\s*(?:retracted(?:\s+article)?|withdrawn|retraction|expression of concern)\s*[:.]\s*",
    re.IGNORECASE,
)
_MARKERS = re.compile(
    r"\[(?:article in [^\]]*|in [a-z]+|suppl[^\]]*|supplement[^\]]*|published erratum[^\]]*|"
    r"erratum[^\]]*|retracted[^\]]*|see comments?|comment|editorial|review|letter|"
    r"abstract|english abstract|epub ahead of print|internet)\]",
    re.IGNORECASE,
)
_TRAILING_LANG = re.compile(
    r"\s*\((?:in )?(?:french|german|spanish|italian|portuguese|japanese|chinese|russian|dutch|"
    r"polish|czech|danish|swedish|norwegian|turkish|korean|hungarian)\)\s*\.?\s*$",
    re.IGNORECASE,
)


def clean_markup(text: str) -> str:
    """Drop HTML/JATS tags and entities, and spell Greek letters out (α -> alpha)."""
    text = html.unescape(_TAGS.sub("", text))
    return _GREEK_RE.sub(lambda m: _GREEK[m.group(0)], text)


@lru_cache(maxsize=16384)
def clean_title(title: str) -> str:
    """A title with artefacts removed: mojibake, tags, ``RETRACTED:``, ``[Article in French]``.

    PubMed wraps translated titles in square brackets (``[Title].``); those brackets go too.
    """
    text = clean_markup(repair_mojibake(title)).strip()
    text = _PREFIX.sub("", text)
    text = _MARKERS.sub(" ", text)
    text = _TRAILING_LANG.sub("", text).strip().rstrip(".").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text


_US_UK = (
    (re.compile(r"our(s?)$"), r"or\1"),  # tumour -> tumor
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # randomised -> randomized
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),  # analyse -> analyze
    (re.compile(r"tre(s?)$"), r"ter\1"),  # centre -> center
    (re.compile(r"ae"), "e"),  # haemoglobin -> hemoglobin, anaemia -> anemia
    (re.compile(r"oe(?=[a-z])"), "e"),  # oesophagus -> esophagus, oedema -> edema
    (re.compile(r"ll(ed|ing)$"), r"l\1"),  # labelled -> labeled
    (re.compile(r"ogue(s?)$"), r"og\1"),  # catalogue -> catalog
)


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """A folded word with US/UK spelling differences removed (tumour == tumor)."""
    out = word
    for pattern, repl in _US_UK:
        out = pattern.sub(repl, out)
    return out


@lru_cache(maxsize=16384)
def title_words(title: str) -> tuple[str, ...]:
    """Comparable title words: cleaned, folded, punctuation-free."""
    return tuple(key(clean_title(title)).split())
