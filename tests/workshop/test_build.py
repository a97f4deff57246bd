"""Building the parquet tables: reproducible, atomic, checked, and in step with the committed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from italruss._errors import ValidationError
from italruss._schema.spec import ALL_TABLES, SCHEMA_VERSION
from italruss._workshop.build import META_SCHEMA, differences, tables_from, write_tables
from italruss._workshop.catalog import read_catalog

from ..conftest import DATA

BAD = Path(__file__).parent / "bad"


def _build(data_dir: Path) -> list[Path]:
    return write_tables(tables_from(read_catalog(data_dir), previous=data_dir), data_dir)


def test_same_records_give_identical_bytes(data_dir: Path, tmp_path: Path) -> None:
    """Two builds of the same record files write byte-identical parquet files."""
    first = {p.name: p.read_bytes() for p in _build(data_dir)}
    second = {p.name: p.read_bytes() for p in _build(data_dir)}
    assert first == second


def test_build_writes_one_file_per_table(data_dir: Path) -> None:
    """The build writes a parquet file for every table and history, a manifest, and no temporary file."""
    _build(data_dir)
    expected = sorted([f"{t.name}.parquet" for t in ALL_TABLES] + ["datapackage.json", "manifest.json"])
    assert expected == sorted(p.name for p in data_dir.iterdir() if p.is_file() and p.suffix != ".toml")


def test_failed_build_writes_nothing(data_dir: Path) -> None:
    """When any record is bad the build raises and no output file is created or changed."""
    shutil.copy(BAD / "stance-as-word.toml", data_dir / "records" / "stance-as-word.toml")
    with pytest.raises(ValidationError) as info:
        _build(data_dir)
    assert [p.field for p in info.value.problems] == ["stance"]
    assert list(data_dir.glob("*.parquet")) == []


def test_file_metadata_carries_schema_version(data_dir: Path) -> None:
    """Each parquet file carries the schema version in its key-value metadata."""
    paths = [p for p in _build(data_dir) if p.suffix == ".parquet"]
    assert {SCHEMA_VERSION} == {pl.read_parquet_metadata(p)[META_SCHEMA] for p in paths}


def test_check_detects_a_changed_record(data_dir: Path) -> None:
    """`differences` names the stances file once a record file changed after the build."""
    _build(data_dir)
    path = data_dir / "records" / "2017-04-11-thelocal-mattarella-kremlin.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("stance = 2", "stance = 1", 1), encoding="utf-8")
    found = differences(tables_from(read_catalog(data_dir), previous=data_dir), data_dir)
    assert ["stances-history.parquet", "stances.parquet"] == sorted(Path(line.split(":")[0]).name for line in found)


def test_check_passes_on_a_fresh_build(data_dir: Path) -> None:
    """`differences` is empty right after a build."""
    _build(data_dir)
    assert differences(tables_from(read_catalog(data_dir), previous=data_dir), data_dir) == []


def test_committed_files_are_a_fresh_build() -> None:
    """The parquet files committed under data/ equal a fresh build of the record files."""
    assert differences(tables_from(read_catalog(DATA), previous=DATA), DATA) == []


def test_rows_are_sorted_by_actor_topic_date(data_dir: Path) -> None:
    """The stances table is sorted by actor, topic, date and id."""
    stances = tables_from(read_catalog(data_dir))["stances"]
    assert stances.equals(stances.sort("actor", "topic", "date", "id"))
