"""The one text layer: what every stage means by "the same text".

Extract, parse, sources, match, checks, the library and export all compare names, titles and
pages; each rule about text is defined here once so that no stage flags what another tolerates.

- :mod:`refcheck.text.fold`: case, accent and dash folding (``fold``, ``key``, ``words``).
- :mod:`refcheck.text.names`: surname particles, suffixes, initials, transliteration variants.
- :mod:`refcheck.text.repair`: line-end hyphens (with the word list), mojibake, registry markup.
- :mod:`refcheck.text.pages`: printed page ranges (NLM elision) and page equality.
- :mod:`refcheck.text.chars`: Unicode letter classes for the patterns (``re`` has no ``\\p{Lu}``).

The word lists behind these rules live in ``refcheck/data/`` and are read with
:mod:`importlib.resources` (:func:`refcheck.text.data.word_file`).
"""
