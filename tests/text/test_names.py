"""refcheck.text.names: one particle list, one suffix list, one initials rule for every stage."""

from __future__ import annotations

import re

import pytest

from refcheck.checks.names import initials_of, person
from refcheck.extract._structured import split_name
from refcheck.model import Author
from refcheck.parse import parse_reference
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.text.names import (
    PARTICLES,
    SUFFIXES,
    initials,
    is_particle,
    name_variants,
    particle_pattern,
    split_given_particles,
    suffix_pattern,
)


def test_one_particle_list_is_the_union_of_the_six_it_replaces() -> None:
    """The lists in checks, match, parse (x3) and extract disagreed; the data file holds them all."""
    for particle in ["van", "der", "den", "des", "vom", "zum", "dal", "dalla", "degli", "ibn", "af", "te", "d'"]:
        assert particle in PARTICLES
    assert re.fullmatch(particle_pattern(), "van't")
    assert is_particle("van") and not is_particle("Van") and not is_particle("Smith")


def test_suffixes_are_data_too() -> None:
    assert {"Jr", "Sr", "III", "2nd"} <= SUFFIXES
    assert re.fullmatch(suffix_pattern(), "Jr.") and re.fullmatch(suffix_pattern(), "IV")
    assert not re.fullmatch(suffix_pattern(), "Ivy")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("E. P.", "EP"), ("AJ", "AJ"), ("A.J.", "AJ"), ("A. J.", "AJ"), ("Jean-Pierre", "JP"),
     ("Mary Ann", "MA"), ("Anthony J.", "AJ"), ("Jean-Yves", "JY"), ("J.-P.", "JP"), ("Henry S.", "HS"),
     ("Maria JA", "MJA"), ("JEAN PIERRE", "JP"), ("{Ö}zge", "Ö"), ("Victor Hugo dos", "VHD"), (None, ""), ("", "")],
)
def test_initials(given: str | None, expected: str) -> None:
    assert initials(given) == expected


def test_initials_can_skip_a_particle_filed_in_the_given_name() -> None:
    assert initials("Victor Hugo dos", skip_particles=True) == "VH"
    assert split_given_particles("Jan M. van de") == ("Jan M.", "van de")


def test_every_stage_reads_initials_the_same_way() -> None:
    """Four initials functions (render, extract, checks, Crossref reader) are now one."""
    crossref = work_from_crossref({"DOI": "10.1/x", "author": [{"family": "Dupont", "given": "Jean-Pierre"}]})
    assert crossref.authors[0].initials == "JP"
    assert split_name("Dupont, Jean-Pierre").initials == "JP"
    assert initials_of(Author(family="Dupont", given="Jean-Pierre")) == "JP"
    assert initials_of(Author(family="Dupont", given="Élodie")) == "E"  # the checks fold


@pytest.mark.parametrize("family", ["dal Maso", "zum Busch", "van der Berg", "des Portes"])
def test_particles_the_checks_list_lacked_are_dropped_for_comparison(family: str) -> None:
    """``dal``/``zum`` were particles to the parser but not to the checks (now one list)."""
    assert person(Author(family=family)).tokens == (family.split()[-1].lower(),)


def test_parser_reads_a_particle_it_did_not_know() -> None:
    """``vander``/``degli`` were particles to the checks but not to the byline patterns."""
    c = parse_reference("degli Uberti E, Smith J. A title of the work. Lancet. 2001;1:1-2.")
    assert [a.family for a in c.authors] == ["degli Uberti", "Smith"]


def test_name_variants_cover_german_transliteration() -> None:
    assert name_variants("Müller") == {"muller", "mueller"}
    assert "muller" in name_variants("Mueller")
