"""refcheck.styles.registry: a style is one ``Style`` value and one entry in ``STYLES``."""

from __future__ import annotations

import pytest

from refcheck.model import Author, Work
from refcheck.styles import pieces
from refcheck.styles.model import NameForm, Opts, Ref, Style, StyleRules
from refcheck.styles.names import series, shown
from refcheck.styles.registry import STYLES, get_style, rules_for
from refcheck.styles.render import render_reference

WORK = Work(source="crossref", doi="10.1000/x1", title="A stub title", container="Journal of Stubs",
            container_abbrevs=["J Stubs"], year=2021, volume="4", first_page="10", last_page="19",
            authors=[Author(family="Doe", given="Jane F."), Author(family="Roe", given="Paul")])


def _render_stub(ref: Ref, opts: Opts) -> str:
    names, et_al = shown(ref, opts)
    return pieces.join([series(names, et_al, pair=" + ", last=" + "), pieces.title(ref),
                        f"{pieces.journal(ref, opts)} {ref.volume}:{pieces.pages(ref, opts)}"])


STUB = Style(name="stub", rules=StyleRules(et_al_after=1, et_al_keep=1, doi=False, abbreviate=True, dash="/"),
             names=NameForm(initials_first=True), render=_render_stub, label="<{}> ")


def test_a_registered_style_renders_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(STYLES, "stub", STUB)
    assert render_reference(WORK, "stub", number=3) == "<3> J. F. Doe et al. A stub title. J Stubs 4:10/19."
    assert render_reference(WORK, "STUB", et_al_after=2) == "J. F. Doe + P. Roe. A stub title. J Stubs 4:10/19."
    assert rules_for("stub").dash == "/"


def test_unknown_style_names_the_choices() -> None:
    with pytest.raises(ValueError, match="choose from vancouver, ama, apa, harvard, ieee, nature"):
        get_style("chicago")
    assert rules_for("chicago") == rules_for(None) == STYLES["vancouver"].rules
