"""JATS: identifiers outside <pub-id>, and DOIs that never run into neighbouring text."""

from __future__ import annotations

from pathlib import Path

from refcheck.extract import extract_file
from refcheck.parse import parse_entry

HEAD = '<article xmlns:xlink="http://www.w3.org/1999/xlink"><back><ref-list><title>References</title>'
TAIL = "</ref-list></back></article>"


def _entries(tmp_path: Path, *refs: str) -> list:
    body = "".join(f'<ref id="r{i}"><label>{i}</label>{r}</ref>' for i, r in enumerate(refs, 1))
    path = tmp_path / "a.xml"
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return extract_file(str(path)).entries


def test_doi_comment_next_to_a_pmid_does_not_absorb_it(tmp_path: Path) -> None:
    (entry,) = _entries(tmp_path, '<mixed-citation publication-type="journal">Abebe T, Lund S. Helminths in '
                        "school children. PLoS Negl Trop Dis. 2013;7:e2201. <comment>doi:10.1371/journal.pntd.0002201"
                        '</comment><pub-id pub-id-type="pmid">23675542</pub-id></mixed-citation>')
    assert entry.identifiers == {"doi": "10.1371/journal.pntd.0002201", "pmid": "23675542"}
    assert "0002201 23675542" in entry.text
    cit = parse_entry(entry)
    assert cit.doi == "10.1371/journal.pntd.0002201" and cit.pmid == "23675542"


def test_doi_with_a_stray_space_is_repaired(tmp_path: Path) -> None:
    in_comment, in_pub_id = _entries(
        tmp_path,
        "<mixed-citation>Roy S. Cell fate. PLoS Biol. 2014;12:e1001788. "
        "<comment>doi: 10.1371/journal.pbio. 1001788</comment></mixed-citation>",
        '<element-citation><person-group><name><surname>Roy</surname></name></person-group><article-title>Cell fate'
        '</article-title><pub-id pub-id-type="doi">10.1371/journal.pbio. 1001788</pub-id></element-citation>',
    )
    assert in_comment.identifiers["doi"] == in_pub_id.identifiers["doi"] == "10.1371/journal.pbio.1001788"
    assert parse_entry(in_comment).doi == "10.1371/journal.pbio.1001788"


def test_identifiers_in_links_are_read(tmp_path: Path) -> None:
    uri_links, doi_link = _entries(
        tmp_path,
        "<mixed-citation>Kaur P. Sepsis bundles. Crit Care. 2016;20:1-8. "
        '<ext-link ext-link-type="uri" xlink:href="https://doi.org/10.1186/s13054-016-1234-5">Full text</ext-link> '
        '<ext-link ext-link-type="uri" xlink:href="https://pubmed.ncbi.nlm.nih.gov/27654321/">PubMed</ext-link>'
        "</mixed-citation>",
        "<mixed-citation>Lee D. Gut flora. Cell. 2019;1:2-3. "
        '<ext-link ext-link-type="doi" xlink:href="10.1016/j.cell.2019.01.002">10.1016/j.cell.2019.01.002</ext-link>'
        "</mixed-citation>",
    )
    assert uri_links.identifiers == {"doi": "10.1186/s13054-016-1234-5", "pmid": "27654321"}
    assert "url" not in uri_links.fields  # the links were identifiers, not web pages
    assert doi_link.identifiers == {"doi": "10.1016/j.cell.2019.01.002"}


def test_a_typed_pub_id_wins_over_a_link(tmp_path: Path) -> None:
    (entry,) = _entries(
        tmp_path,
        "<mixed-citation>Ng W. Title. J X. 2001;1:1-2. "
        '<ext-link ext-link-type="uri" xlink:href="https://doi.org/10.1000/other">link</ext-link>'
        '<pub-id pub-id-type="doi">10.1000/right</pub-id></mixed-citation>',
    )
    assert entry.identifiers["doi"] == "10.1000/right"
