"""refcheck: check a manuscript's reference list against Crossref and PubMed.

Pipeline: extract -> parse -> sources -> match -> checks -> report / bibtex.
"""

__version__ = "0.1.0"
