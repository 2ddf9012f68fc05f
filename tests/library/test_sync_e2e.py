"""``refcheck sync`` end to end: a corrected field, pinned fields, a retraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.model import Work
from tests.library.conftest import WAKEFIELD_DOI, RunCli
from tests.library.helpers import entries, journal_articles

LIB = "bib/library.bib"


def _wrong_pages(work: Work) -> str:
    first = int("".join(ch for ch in work.first_page or "1" if ch.isdigit()) or 1)
    return f"{first + 100}--{first + 107}"


def _set_field(path: Path, key: str, name: str, old: str, new: str) -> None:
    """Edit one field of one entry in place, as the author would in an editor."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{{{key},")
    end = text.index("\n}", start)
    block = text[start:end]
    assert f"{name} = {{{old}}}" in block
    path.write_text(text[:start] + block.replace(f"{name} = {{{old}}}", f"{name} = {{{new}}}") + text[end:],
                    encoding="utf-8")


@pytest.fixture
def added(run_cli: RunCli, crossref_records: list[dict]) -> tuple[Work, str]:
    work = journal_articles(crossref_records, 1, skip=12)[0]
    result = run_cli("add", work.doi or "", "--to", LIB)
    assert result.exit_code == 0, result.output
    [key] = entries(Path(LIB))
    return work, key


def test_sync_shows_then_applies_a_changed_field(run_cli: RunCli, added: tuple[Work, str]) -> None:
    work, key = added
    lib = Path(LIB)
    right = entries(lib)[key]["pages"]
    _set_field(lib, key, "pages", right, _wrong_pages(work))
    edited = lib.read_text(encoding="utf-8")

    shown = run_cli("sync", LIB)
    assert shown.exit_code == 1, shown.output  # out of date, nothing written
    assert f"-  pages = {{{_wrong_pages(work)}}}," in shown.output
    assert f"+  pages = {{{right}}}," in shown.output
    assert key in shown.output
    assert lib.read_text(encoding="utf-8") == edited

    written = run_cli("sync", LIB, "--write")
    assert written.exit_code == 0, written.output
    assert entries(lib)[key]["pages"] == right
    backups = sorted(lib.parent.glob("library.bib.bak*"), key=lambda p: p.stat().st_mtime)
    assert backups and backups[-1].read_text(encoding="utf-8") == edited  # the previous file is kept

    again = run_cli("sync", LIB)
    assert again.exit_code == 0 and "up to date" in again.output
    assert run_cli("tidy", "--check", LIB).exit_code == 0


def test_sync_never_overwrites_pinned_fields(run_cli: RunCli, added: tuple[Work, str]) -> None:
    work, key = added
    lib = Path(LIB)
    right = entries(lib)[key]["pages"]
    _set_field(lib, key, "pages", right, _wrong_pages(work))
    text = lib.read_text(encoding="utf-8").replace(f"{{{key},\n", f"{{{key},\n  refcheck-keep = {{pages}},\n")
    lib.write_text(text, encoding="utf-8")

    result = run_cli("sync", LIB, "--write")
    assert result.exit_code == 0, result.output
    assert "pinned" in result.output and right in result.output  # the user still sees what the registry says
    assert entries(lib)[key]["pages"] == _wrong_pages(work)


def test_sync_keep_option_pins_a_field_everywhere(run_cli: RunCli, added: tuple[Work, str]) -> None:
    work, key = added
    lib = Path(LIB)
    _set_field(lib, key, "pages", entries(lib)[key]["pages"], _wrong_pages(work))
    result = run_cli("sync", LIB, "--write", "--keep", "pages")
    assert result.exit_code == 0, result.output
    assert entries(lib)[key]["pages"] == _wrong_pages(work)


def test_sync_library_keep_config_pins_a_field(run_cli: RunCli, added: tuple[Work, str]) -> None:
    """``library-keep`` in the project's config pins a field like ``--keep`` does, for good."""
    work, key = added
    lib = Path(LIB)
    Path(".refcheck.toml").write_text('library-keep = ["pages"]\n', encoding="utf-8")
    _set_field(lib, key, "pages", entries(lib)[key]["pages"], _wrong_pages(work))
    result = run_cli("sync", LIB, "--write")
    assert result.exit_code == 0, result.output
    assert entries(lib)[key]["pages"] == _wrong_pages(work)
    assert "pinned" in result.output


def test_sync_reports_a_retraction(run_cli: RunCli) -> None:
    lib = Path(LIB)
    lib.parent.mkdir()
    # The entry as a library would have held it before 2010: the article, no notice.
    lib.write_text(
        "@article{wakefield1998ileal,\n"
        "  author = {Wakefield, A. J. and Murch, S. H. and Anthony, A.},\n"
        "  title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental "
        "disorder in children},\n  journal = {The Lancet},\n  year = {1998},\n  volume = {351},\n"
        "  number = {9103},\n  pages = {637--641},\n"
        f"  doi = {{{WAKEFIELD_DOI}}},\n}}\n", encoding="utf-8")
    shown = run_cli("sync", LIB)
    assert shown.exit_code == 1, shown.output
    assert "+  refcheck-updates = {" in shown.output and "retraction doi:10.1016/s0140-6736(10)60175-4" in shown.output
    assert "wakefield1998ileal: RETRACTED" in shown.output
    written = run_cli("sync", LIB, "--write")
    assert written.exit_code == 0, written.output
    fields = entries(lib)["wakefield1998ileal"]  # the key never changes
    assert "retraction" in fields["refcheck-updates"]
    listed = run_cli("list", "--library", LIB)
    assert listed.output.startswith("!wakefield1998ileal")  # retracted works are flagged in the list


def test_sync_leaves_unmatched_entries_alone(run_cli: RunCli) -> None:
    lib = Path(LIB)
    lib.parent.mkdir()
    original = ("@article{nobody2020,\n  author = {Nobody, A},\n  title = {A paper no registry has ever seen "
                "about zebra stripes},\n  journal = {Journal of Nothing},\n  year = {2020},\n}\n")
    lib.write_text(original, encoding="utf-8")
    result = run_cli("sync", LIB, "--write")
    assert result.exit_code == 0, result.output
    assert "nobody2020: not checked" in result.output
    assert lib.read_text(encoding="utf-8") == original


def test_sync_shows_the_published_version_of_a_preprint(run_cli: RunCli, crossref_records: list[dict]) -> None:
    preprint = next(m for m in crossref_records
                    if m.get("type") == "posted-content" and m.get("relation", {}).get("is-preprint-of"))
    published = preprint["relation"]["is-preprint-of"][0]["id"].lower()
    assert run_cli("add", preprint["DOI"], "--to", LIB).exit_code == 0
    lib = Path(LIB)
    [fields] = entries(lib).values()
    assert f"published-version doi:{published}" in fields["refcheck-updates"]
    # The entry as it was before the journal version appeared: no notice yet.
    lib.write_text("\n".join(line for line in lib.read_text(encoding="utf-8").splitlines()
                             if "refcheck-updates" not in line) + "\n", encoding="utf-8")
    shown = run_cli("sync", LIB)
    assert shown.exit_code == 1, shown.output
    assert f"+  refcheck-updates = {{published-version doi:{published}}}," in shown.output


def test_sync_verifies_an_unverified_entry(run_cli: RunCli, crossref_records: list[dict]) -> None:
    work = journal_articles(crossref_records, 1, skip=14)[0]
    lib = Path(LIB)
    lib.parent.mkdir()
    lib.write_text(f"@article{{mine,\n  author = {{{work.authors[0].family}, {work.authors[0].initials}}},\n"
                   f"  title = {{{work.title}}},\n  journal = {{{work.container}}},\n  year = {{{work.year}}},\n"
                   f"  volume = {{{work.volume}}},\n  pages = {{{work.first_page}--{work.last_page}}},\n"
                   "  refcheck = {unverified},\n}\n", encoding="utf-8")
    result = run_cli("sync", LIB, "--write")
    assert result.exit_code == 0, result.output
    fields = entries(lib)["mine"]
    assert "refcheck" not in fields and fields["doi"] == work.doi and fields["refcheck-source"] == "crossref"
