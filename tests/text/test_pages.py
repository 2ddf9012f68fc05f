"""refcheck.text.pages: printed page ranges with NLM elision undone."""

from __future__ import annotations

import pytest

from refcheck.text.pages import expand_pages, same_page


@pytest.mark.parametrize(
    ("pages", "expanded"),
    [("728-34", ("728", "734")), ("1199-205", ("1199", "1205")), ("S93-9", ("S93", "S99")),
     ("17S-21S", ("17S", "21S")), ("e1234", ("e1234", None)), ("12\u201315", ("12", "15")),
     ("30-2", ("30", "32")), ("95-3", ("95", "3")), (None, (None, None))],
)
def test_expand_pages(pages: str | None, expanded: tuple[str | None, str | None]) -> None:
    assert expand_pages(pages) == expanded


def test_same_page_ignores_case_and_zero_padding() -> None:
    assert same_page("e0123", "E123")
    assert not same_page("123", None)
    assert not same_page("12", "13")
