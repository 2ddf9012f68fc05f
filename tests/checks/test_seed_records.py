"""Seed manuscripts (shared/seeds) checked against records that hold their true metadata.

The records are registry-shaped (full journal title and NLM abbreviation, issue, full page
range, PubMed as the source): each is the printed reference with the errors the printed list
is known to carry corrected — a surname typo (``Fukumot T``), wrong initials
(``Ray-Coquard J``), a particle name read as initials (``De Mestier P, Guetz GD`` for
``de Mestier P, des Guetz G``), a missing space in a title (``acetabularosteolyses``), a
``[Suppl]`` tag after a title and supplement pages printed without their ``S``
(``17–21`` for ``17S–21S``). Every printed error must be flagged (warning or error, on its
field, with the registered value as the fix) and nothing else may be: the printed layout
(``11: 728–734``, ``74 :983–986``, ``89:ECR32``, Markdown bold titles and link debris) is no
error. Only references whose byline the printed list gives in full are used, so no author is
invented for an "et al." record.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.checks import linked_citation, run_checks
from refcheck.config import Settings
from refcheck.extract import extract_file
from refcheck.model import Author, Citation, Finding, Match, Severity, Status, Work
from refcheck.parse import parse_entry
from tests.shared import SEED_000, SEED_004


def _people(*specs: str) -> list[Author]:
    out = []
    for spec in specs:
        family, initials = spec.rsplit(" ", 1)
        out.append(Author(family=family, initials=initials))
    return out


def _record(authors: list[str], title: str, journal: str, abbrev: str, year: int, volume: str,
            issue: str | None, first: str, last: str | None, doi: str | None = None) -> Work:
    return Work(source="pubmed", type="journal-article", authors=_people(*authors), title=title,
                container=journal, container_abbrevs=[abbrev], year=year, volume=volume, issue=issue,
                pages=f"{first}-{last}" if last else first, first_page=first, last_page=last, doi=doi)


# number -> (record, {field: registered value the fix must carry}) ; an empty dict: no finding
SEED_000_RECORDS: dict[int, tuple[Work, dict[str, str]]] = {
    2: (_record(["de Mestier P", "des Guetz G"],
                "Treatment of gastrointestinal stromal tumors with imatinib mesylate: a major breakthrough in "
                "the understanding of tumor-specific molecular characteristics",
                "World Journal of Surgery", "World J Surg", 2005, "29", "3", "357", "361"),
        {"authors": "des Guetz"}),
    3: (_record(["Ray-Coquard I", "Le Cesne A", "Blay JY"], "STI571 and gastrointestinal stromal tumors",
                "Bulletin du Cancer", "Bull Cancer", 2001, "88", "7", "661", "662"),
        {"authors": "Ray-Coquard I"}),
    4: (_record(["Choi H"], "Critical issues in response evaluation on computed tomography: lessons from the "
                "gastrointestinal stromal tumor model", "Current Oncology Reports", "Curr Oncol Rep", 2005, "7",
                "4", "307", "311"), {}),
    5: (_record(["Padhani AR", "Ollivier L"], "The RECIST criteria: implications for diagnostic radiologists",
                "The British Journal of Radiology", "Br J Radiol", 2001, "74", "887", "983", "986"), {}),
    7: (_record(["Matsue K", "Takeuchi M", "Koseki M", "Uryu H"],
                "Bone marrow necrosis associated with the use of imatinib mesylate in a patient with "
                "Philadelphia chromosome-positive acute lymphoblastic leukemia",
                "Annals of Hematology", "Ann Hematol", 2006, "85", "8", "542", "544"), {}),
    8: (_record(["Tamura T", "Tasaka T", "Fujimoto M", "Matsuhashi Y", "Fukumoto T", "Mano S", "Kuwajima M",
                 "Nagai M"],
                "Massive bone marrow necrosis in a patient with chronic myelocytic leukemia following imatinib "
                "mesylate therapy", "Haematologica", "Haematologica", 2004, "89", "8", "ECR32", None),
        {"authors": "Fukumoto"}),
}

SEED_004_RECORDS: dict[int, tuple[Work, dict[str, str]]] = {
    9: (_record(["Weill A", "Kobaiter H", "Chiras J"], "Acetabulum malignancies: technique and impact on pain of "
                "percutaneous injection of acrylic surgical cement", "European Radiology", "Eur Radiol", 1998, "8",
                "1", "123", "129", doi="10.1007/s003300050351"), {}),
    12: (_record(["Liaw CC", "Ng KT", "Chen TJ", "Liaw YF"], "Hepatocellular carcinoma presenting as bone "
                 "metastasis", "Cancer", "Cancer", 1989, "64", "8", "1753", "1757"), {}),
    13: (_record(["Golimbu C", "Firooznia H", "Rafii M"], "Hepatocellular carcinoma with skeletal metastasis",
                 "Radiology", "Radiology", 1985, "154", "3", "617", "618"), {}),
    14: (_record(["Robinson DL", "Davaiah KA", "Lawton RL"], "Hepatocellular carcinoma presenting as bone pain",
                 "Journal of Surgical Oncology", "J Surg Oncol", 1986, "31", "2", "100", "103",
                 doi="10.1002/jso.2930310205"), {}),
    17: (_record(["Deramond H", "Wright NT", "Belkoff SM"], "Temperature elevation caused by bone cement "
                 "polymerization during vertebroplasty", "Bone", "Bone", 1999, "25", "2 Suppl", "17S", "21S"),
         {"title": "Temperature elevation caused by bone cement polymerization during vertebroplasty",
          "pages": "17S"}),
    19: (_record(["Pommersheim W", "Huang-Hellinger F", "Baker M", "Morris P"], "Sacroplasty: a treatment for "
                 "sacral insufficiency fractures", "AJNR. American Journal of Neuroradiology",
                 "AJNR Am J Neuroradiol", 2003, "24", "5", "1003", "1007"), {}),
}


def _citations(path: Path) -> dict[int, Citation]:
    return {c.number: c for c in map(parse_entry, extract_file(str(path)).entries) if c.number}


def _serious(citation: Citation, work: Work) -> list[Finding]:
    match = Match(Status.VERIFIED, work=work, source="pubmed", method="search")
    settings = Settings()
    findings = run_checks(linked_citation(citation, match, settings), match, settings)
    return [f for f in findings if f.severity.rank >= Severity.WARNING.rank]


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> dict[str, dict[int, Citation]]:
    return {"000": _citations(SEED_000), "004": _citations(SEED_004)}


CASES = [("000", n, *v) for n, v in SEED_000_RECORDS.items()] + [("004", n, *v) for n, v in SEED_004_RECORDS.items()]


@pytest.mark.parametrize(("seed", "number", "record", "errors"), CASES,
                         ids=[f"{s}-{n}" for s, n, *_ in CASES])
def test_seed_reference_against_its_record(seeds, seed: str, number: int, record: Work,  # type: ignore[no-untyped-def]
                                           errors: dict[str, str]) -> None:
    found = _serious(seeds[seed][number], record)
    fields = {"page": "pages", "author": "authors"}
    by_field: dict[str, list[Finding]] = {}
    for f in found:
        by_field.setdefault(fields.get(f.field, f.field), []).append(f)
    assert set(by_field) == set(errors), [(f.code, f.field, f.message) for f in found]
    for field, registered in errors.items():
        assert any(registered in (f.suggestion or "") for f in by_field[field]), \
            [(f.code, f.message, f.suggestion) for f in by_field[field]]


def test_missing_space_in_a_seed_title_is_a_title_typo_with_the_fix(seeds) -> None:  # type: ignore[no-untyped-def]
    record = _record(["Cotten A", "Demondion X", "Boutry N"], "Therapeutic percutaneous injections in the "
                     "treatment of malignant acetabular osteolyses", "Radiographics", "Radiographics", 1999, "19",
                     "3", "647", "653")
    found = [f for f in _serious(seeds["004"][6], record) if f.field == "title"]
    assert [(f.code, f.cited, f.registered) for f in found] == [
        ("RC201", "acetabularosteolyses", "acetabular osteolyses")]
