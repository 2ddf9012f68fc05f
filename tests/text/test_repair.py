"""refcheck.text.repair: hyphens, mojibake, detached accents and markup, repaired once for all stages."""

from __future__ import annotations

import pytest

from refcheck.checks.text import clean_title
from refcheck.parse.clean import clean
from refcheck.text.repair import (
    join_line_hyphens,
    join_spaced_hyphens,
    repair_accents,
    repair_mojibake,
    strip_markup,
)


@pytest.mark.parametrize(
    ("raw", "joined"),
    [("Endo-\nscopic", "Endoscopic"), ("Malnutrition-\ninflammation", "Malnutrition-inflammation"),
     ("lead-\ninduced", "lead-induced"), ("Ray-\nCoquard", "Ray-Coquard"), ("pre-\nand post-operative", "pre- and post-operative"),
     ("X-\nray", "X-ray"), ("no break", "no break")],
)
def test_join_line_hyphens(raw: str, joined: str) -> None:
    assert join_line_hyphens(raw) == joined


def test_a_break_already_turned_into_a_space() -> None:
    assert join_spaced_hyphens("hyperos- molarity") == "hyperosmolarity"


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [("GÃ³mez", "Gómez"), ("MarrÃ£o", "Marrão"), ("Ångström", "Ångström"), ("Itâ€™s", "It’s"),
     ("CastaÃ±o case–control", "Castaño case–control"), ("plain", "plain")],
)
def test_repair_mojibake(raw: str, repaired: str) -> None:
    assert repair_mojibake(raw) == repaired


def test_both_stages_share_the_mojibake_repair() -> None:
    """The parser used to try only ``Ã``/``Â`` and the checks only the whole string: both now
    repair quote mojibake and a mojibake word next to genuine non-Latin-1 text."""
    assert "It’s" in clean("Smith J. Itâ€™s a title. Lancet. 2001;1:1-2.").text
    assert clean_title("CastaÃ±o and a case–control study") == "Castaño and a case–control study"


def test_repair_accents_reattaches_detached_marks() -> None:
    assert repair_accents("Kamin\u00b4ski") == "Kamiński"


def test_strip_markup_sets_off_a_subtitle() -> None:
    assert strip_markup("TITLE&lt;subtitle&gt;Sub&lt;/subtitle&gt;") == "TITLE: Sub"
    assert strip_markup("a<b and c>d") == "a<b and c>d"
