"""refcheck.styles.detect: one vocabulary of style names, per entry and per list."""

from __future__ import annotations

from refcheck.model import Citation
from refcheck.parse import parse_reference
from refcheck.styles.detect import list_style
from refcheck.styles.registry import STYLES


def test_list_style_is_the_majority() -> None:
    cits = [Citation(text="", style=s) for s in ("ama", "ama", "vancouver", None)]
    assert list_style(cits) == "ama"
    assert list_style([Citation(text="")]) == "vancouver"


def test_detected_names_are_registered_styles() -> None:
    """What the parser detects is a style the registry can print (or chicago / unknown)."""
    refs = [
        "Smith JA, Doe B. A study of things. J Clin Oncol. 2020;38(4):1153-61.",
        "Smith JA, Doe B. A study of things. J Clin Oncol. 2020;38(4):1153-1161. doi:10.1200/JCO.19.01",
        "Smith, J. A., & Doe, B. (2020). A study of things. Journal of Clinical Oncology, 38(4), 1153–1161.",
        "Smith, J.A. and Doe, B. (2020) 'A study of things', Journal of Clinical Oncology, 38(4), pp. 1153–1161.",
        'J. A. Smith and B. Doe, "A study of things," J. Clin. Oncol., vol. 38, no. 4, pp. 1153–1161, 2020.',
        "Smith, J. A. & Doe, B. A study of things. J. Clin. Oncol. 38, 1153–1161 (2020).",
    ]
    detected = [parse_reference(text).style for text in refs]
    assert detected == list(STYLES)
