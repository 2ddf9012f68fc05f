"""Hand-built Citation/Work/Match records for the rule tests (no parsing, no network)."""

from __future__ import annotations

import re
from dataclasses import replace

from refcheck.checks import run_checks
from refcheck.config import Settings
from refcheck.model import Author, Citation, Finding, Match, Severity, Status, Work


def au(spec: str) -> Author:
    """``"van de Kamp JM"`` -> Author(family="van de Kamp", initials="JM")."""
    m = re.fullmatch(r"(.+?)\s+([A-Z]{1,4})", spec.strip())
    if m:
        return Author(family=m.group(1), initials=m.group(2))
    return Author(family=spec.strip())


def group(name: str) -> Author:
    return Author(group=name)


REGISTERED_AUTHORS = ["Doe JF", "Roe JP", "Fukumoto T", "Müller K", "van den Oord A", "Ray-Coquard I",
                      "Lin Y", "Chan K"]


def work(**kw: object) -> Work:
    """A registered journal article (Crossref-like), overridable field by field."""
    base = Work(
        source="crossref",
        type="journal-article",
        authors=[au(a) for a in REGISTERED_AUTHORS],
        title="Tumour necrosis factor-α and outcome after sepsis: a randomised trial",
        container="Modern Pathology",
        container_abbrevs=["Mod Pathol"],
        year=1998,
        volume="11",
        issue="8",
        pages="728-734",
        first_page="728",
        last_page="734",
        doi="10.1038/modpathol.3880200",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def cite(**kw: object) -> Citation:
    """The same work cited in Vancouver form: six authors + et al., NLM abbreviation, elided pages."""
    base = Citation(
        text="1. Doe JF, Roe JP, Fukumoto T, et al. Tumour necrosis factor-alpha ... Mod Pathol. 1998;11(8):728-34.",
        number=1,
        authors=[au(a) for a in REGISTERED_AUTHORS[:6]],
        et_al=True,
        title="Tumour necrosis factor-alpha and outcome after sepsis: a randomised trial",
        container="Mod Pathol",
        year=1998,
        volume="11",
        issue="8",
        pages="728-34",
        first_page="728",
        last_page="734",
        doi="10.1038/modpathol.3880200",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def authors(*specs: str) -> list[Author]:
    return [au(s) for s in specs]


def check(citation: Citation, registered: Work | None = None, settings: Settings | None = None,
          **match_kw: object) -> list[Finding]:
    w = registered if registered is not None else work()
    fields: dict[str, object] = {"status": Status.VERIFIED, "work": w, "source": w.source, "method": "doi"}
    fields.update(match_kw)
    return run_checks(citation, Match(**fields), settings or Settings())  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def serious(findings: list[Finding]) -> list[Finding]:
    """Warnings and errors: what a tolerated variant must never produce."""
    return [f for f in findings if f.severity.rank >= Severity.WARNING.rank]


def only(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, f"expected one {code}, got {[(f.code, f.message) for f in findings]}"
    return hits[0]
