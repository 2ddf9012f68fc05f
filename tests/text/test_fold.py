"""refcheck.text.fold: the folded forms every stage compares."""

from __future__ import annotations

import pytest

from refcheck.text.fold import dashes, fold, key, tight_dashes, words


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Müller-Lüdenscheidt", "muller-ludenscheidt"), ("Straße", "strasse"), ("Ærø", "aero"),
     ("Ray\u2010Coquard", "ray-coquard"), ("  Padded  ", "padded")],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_key_and_words_ignore_punctuation() -> None:
    assert key("The Lancet: Oncology (Elsevier)") == "the lancet oncology elsevier"
    assert words("Müller's   well-being") == ["muller", "s", "well", "being"]


def test_dashes_and_tight_dashes() -> None:
    assert dashes("12\u201315\u00ad") == "12-15"
    assert tight_dashes("12 -- 15") == "12-15"
    assert tight_dashes("no dash") == "no dash"
