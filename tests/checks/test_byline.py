"""The byline alignment: which cited person faces which registered one."""

from __future__ import annotations

from refcheck.checks.byline import align_bylines
from refcheck.checks.names import person
from tests.checks.helpers import au


def _people(*specs: str) -> list:
    return [person(au(s)) for s in specs]


def test_a_left_out_author_is_a_gap_on_the_cited_side() -> None:
    pairs = align_bylines(_people("Doe J", "Poe E"), _people("Doe J", "Roe P", "Poe E"), free_tail=False)
    assert [(p.c, p.r) for p in pairs] == [(0, 0), (None, 1), (1, 2)]


def test_with_et_al_trailing_registered_authors_cost_nothing() -> None:
    pairs = align_bylines(_people("Doe J", "Roe P"), _people("Doe J", "Roe P", "Poe E"), free_tail=True)
    assert [(p.c, p.r) for p in pairs] == [(0, 0), (1, 1)]


def test_a_wrong_last_name_faces_the_registered_author_at_its_place() -> None:
    pairs = align_bylines(_people("Doe J", "Wang K"), _people("Doe J", "Wong K", "Poe E"), free_tail=True)
    assert [(p.c, p.r) for p in pairs] == [(0, 0), (1, 1)]
