"""Dataset releases: pinned loads, history of corrections and withdrawals, refusals, manifest, citation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

import italruss
from italruss._errors import ItalrussError, ValidationError
from italruss._releases.store import parse_version
from italruss._workshop.build import META_DATASET, tables_from, write_tables
from italruss._workshop.catalog import read_catalog
from italruss._workshop.release import changelog_section, release, with_section

MATTARELLA = "data/records/2017-04-11-thelocal-mattarella-kremlin.toml"
RECORD_FILE = "2017-04-11-thelocal-mattarella-kremlin.toml"


def _build(root: Path) -> None:
    write_tables(tables_from(read_catalog(root), previous=root), root)


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "records" / RECORD_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def released(data_dir: Path) -> Path:
    """A data folder whose seed records were released as 2026.01.0."""
    release(data_dir, "2026.01.0", today=dt.date(2026, 1, 15))
    return data_dir


def test_first_release_counts(released: Path) -> None:
    """The first release counts every record, actor, topic and source as added."""
    (entry,) = italruss.versions(released)
    assert (entry.version, entry.records, entry.added, entry.corrected, entry.withdrawn) == ("2026.01.0", 17, 17, 0, 0)
    assert entry.date == dt.date(2026, 1, 15)


def test_correction_becomes_a_revision(released: Path) -> None:
    """Editing a released record adds a revision; the old release still loads the old value."""
    _edit(released, "stance = 2", "stance = 1")
    release(released, "2026.02.0")
    old = italruss.load(released, version="2026.01.0").stances
    new = italruss.load(released, version="2026.02.0").stances
    pick = pl.col("id") == "r68vk2rfge"
    assert (old.filter(pick)["stance"].item(), new.filter(pick)["stance"].item()) == (2, 1)
    history = italruss.load(released).history
    assert history is not None
    rows = history.filter(pick).select("revision", "stance", "added_in", "retracted_in").rows()
    assert rows == [(1, 2, "2026.01.0", "2026.02.0"), (2, 1, "2026.02.0", None)]
    assert italruss.versions(released)[-1].corrected == 1


def test_withdrawal_keeps_history(released: Path) -> None:
    """A withdrawn record leaves later releases, stays in earlier ones and in the history."""
    _edit(released, 'confidence = "high"\n', 'confidence = "high"\nwithdrawn = "The quote could not be verified."\n')
    release(released, "2026.02.0")
    assert "r68vk2rfge" in italruss.load(released, version="2026.01.0").stances["id"]
    assert "r68vk2rfge" not in italruss.load(released).stances["id"]
    entry = italruss.versions(released)[-1]
    assert (entry.withdrawn, entry.records) == (1, 16)


def test_deleting_a_released_record_is_refused(released: Path) -> None:
    """Deleting a released record's lines is an error naming the record."""
    path = released / "records" / RECORD_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("[[stances]]")
    path.write_text(text[:start] + text[text.index("[[stances]]", start + 1) :], encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        _build(released)
    assert [p.record for p in info.value.problems] == ["r68vk2rfge"]
    assert "withdraw" in info.value.problems[0].message


def test_withdrawing_an_unreleased_record_is_refused(data_dir: Path) -> None:
    """Only a released record can be withdrawn; an unreleased one is simply deleted."""
    _edit(data_dir, 'confidence = "high"\n', 'confidence = "high"\nwithdrawn = "Not needed any more, really."\n')
    with pytest.raises(ValidationError) as info:
        _build(data_dir)
    assert [(p.record, p.field) for p in info.value.problems] == [("r68vk2rfge", "withdrawn")]


def test_pending_edit_is_revised_in_place(data_dir: Path) -> None:
    """Before any release, an edited record keeps one revision (nothing released to keep)."""
    _build(data_dir)
    _edit(data_dir, "stance = 2", "stance = 1")
    _build(data_dir)
    history = pl.read_parquet(data_dir / "stances-history.parquet")
    assert history.filter(pl.col("id") == "r68vk2rfge").select("revision", "stance").rows() == [(1, 1)]


@pytest.mark.parametrize("version", ["2026.01.0", "2025.12.9", "2026.1.1", "26.02.0", "2026.13.0"])
def test_release_version_must_increase_and_be_calver(released: Path, version: str) -> None:
    """A release version that does not increase, or is not YYYY.MM.N, is refused."""
    _edit(released, "stance = 2", "stance = 1")
    with pytest.raises((ItalrussError, ValueError)):
        release(released, version)


def test_release_needs_something_pending(released: Path) -> None:
    """A release with nothing new is refused."""
    with pytest.raises(ItalrussError, match="nothing to release"):
        release(released, "2026.02.0")


def test_unknown_version_lists_known(released: Path) -> None:
    """Loading an unknown release raises an error listing the known ones."""
    with pytest.raises(italruss.UnknownVersionError, match=r"2026\.01\.0"):
        italruss.load(released, version="2030.01.0")


def test_latest_release_excludes_pending(released: Path) -> None:
    """load() is the latest release; what is pending shows only with version='unreleased'."""
    _edit(released, "stance = 2", "stance = 0")
    _build(released)
    pick = pl.col("id") == "r68vk2rfge"
    assert italruss.load(released).stances.filter(pick)["stance"].item() == 2
    assert italruss.load(released, version="unreleased").stances.filter(pick)["stance"].item() == 0
    assert pl.read_parquet_metadata(released / "stances.parquet")[META_DATASET] == "2026.01.0+unreleased"


def test_diff_versions(released: Path) -> None:
    """diff_versions lists corrected fields side by side, and withdrawn records."""
    _edit(released, "stance = 2", "stance = 1")
    _edit(released, 'id = "rsjpxqme92"', 'id = "rsjpxqme92"\nwithdrawn = "Attributed to the wrong speaker."')
    release(released, "2026.02.0")
    diff = italruss.diff_versions("2026.01.0", "2026.02.0", path=released)
    assert diff.corrected.rows() == [("r68vk2rfge", "stance", "2", "1")]
    assert diff.withdrawn["id"].to_list() == ["rsjpxqme92"]
    assert diff.added.height == 0
    assert "1 corrected, 1 withdrawn" in diff.to_markdown()


def test_release_reproduces_row_order(released: Path) -> None:
    """A pinned release has the same rows, values and order as the tables it shipped."""
    shipped = pl.read_parquet(released / "stances.parquet")
    _edit(released, "stance = 2", "stance = 1")
    release(released, "2026.02.0")
    assert italruss.load(released, version="2026.01.0").stances.equals(shipped)


def test_files_carry_versions_and_manifest_matches(released: Path) -> None:
    """Every parquet file carries the dataset version; the manifest holds the sha256 of each file."""
    from italruss._releases.manifest import verify

    assert pl.read_parquet_metadata(released / "stances-history.parquet")[META_DATASET] == "2026.01.0"
    assert verify(released) == []
    (released / "topics.parquet").write_bytes((released / "topics.parquet").read_bytes() + b"\0")
    assert [Path(line.split(":")[0]).name for line in verify(released)] == ["topics.parquet"]


def test_schema_change_needs_major_version(released: Path) -> None:
    """A column removed since the last release without a MAJOR schema bump stops the build."""
    releases = json.loads((released / "releases.json").read_text(encoding="utf-8"))
    releases["releases"][-1]["columns"]["stances"]["mood"] = "str"
    (released / "releases.json").write_text(json.dumps(releases), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"stances\.mood"):
        _build(released)


def test_citation_names_the_release(released: Path) -> None:
    """cite() names the release loaded and its date, as text and BibTeX."""
    ds = italruss.load(released)
    assert "2026.01.0 (2026-01-15)" in ds.cite()
    assert "version = {2026.01.0}" in ds.cite("bibtex")


def test_changelog_section_is_inserted_after_unreleased(tmp_path: Path) -> None:
    """The release section goes right after the Unreleased section, with counts from the entry."""
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## [Unreleased]\n\n- a change\n\n## [0.1.0] - 2026-01-01\n", encoding="utf-8")
    entry = {
        "version": "2026.02.0",
        "date": "2026-02-01",
        "records": 3,
        "added": 2,
        "corrected": 1,
        "withdrawn": 0,
        "actors_added": 1,
        "topics_added": 0,
        "sources_added": 1,
        "schema_version": "1.0.0",
    }
    text = with_section(changelog.read_text(encoding="utf-8"), changelog_section(entry))
    assert text.index("[Unreleased]") < text.index("[dataset 2026.02.0]") < text.index("[0.1.0]")
    assert "3 stance records in this release: 2 added, 1 corrected, 0 withdrawn." in text


def test_parse_version() -> None:
    """Release versions order as (year, month, n)."""
    assert parse_version("2026.11.10") > parse_version("2026.11.9") > parse_version("2026.09.0")


def test_shipped_releases_load() -> None:
    """Every shipped release loads, and the latest is the default."""
    known = [r.version for r in italruss.versions()]
    assert known
    assert italruss.load().version == known[-1]
    for version in known:
        assert italruss.load(version=version).version == version


def test_corrected_actor_is_counted(released: Path) -> None:
    """Correcting an actor counts as a corrected actor in the release and its CHANGELOG section."""
    path = released / "actors.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "Eni"', 'name = "Eni S.p.A."'), encoding="utf-8")
    entry = release(released, "2026.02.0")
    assert (entry["actors_corrected"], entry["added"], entry["corrected"]) == (1, 0, 0)
    assert "- Corrected: 1 actors." in changelog_section(entry)
    assert italruss.versions(released)[-1].actors_corrected == 1
