"""The conventions of open data: a valid Data Package, and parquet files that other tools read as they are."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from italruss._releases.store import shipped_dir
from italruss._schema.spec import ALL_TABLES, STANCES

DATA = shipped_dir()
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TYPES = {"string": pl.String, "integer": (pl.Int8, pl.Int32), "date": pl.Date, "any": pl.List}


def test_datapackage_is_valid_frictionless() -> None:
    """frictionless finds no error in the descriptor, and reads it as a package of every table."""
    assert list(Package.metadata_validate(DESCRIPTOR)) == []
    assert sorted(Package(DESCRIPTOR).resource_names) == sorted(t.name for t in ALL_TABLES)


def test_frictionless_validates_the_data_itself() -> None:
    """`frictionless validate datapackage.json` passes on the shipped tables, rows included."""
    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [(task.name, [e.message for e in task.errors][:3]) for task in report.tasks if not task.valid]
    assert [] == errors


def test_datapackage_matches_the_parquet_files() -> None:
    """Each resource's fields are the columns of its parquet file, in order, with matching types."""
    for resource in DESCRIPTOR["resources"]:
        schema = pl.read_parquet_schema(DATA / resource["path"])
        assert [f["name"] for f in resource["schema"]["fields"]] == list(schema)
        for field in resource["schema"]["fields"]:
            dtype = schema[field["name"]]
            if "enum" in field.get("constraints", {}) and field["type"] == "string":
                assert isinstance(dtype, pl.Enum | pl.Categorical)  # ordered choices, or unordered ones
                if isinstance(dtype, pl.Enum):
                    assert list(dtype.categories) == field["constraints"]["enum"]
            else:
                expected = TYPES[field["type"]]
                assert dtype.base_type() in (expected if isinstance(expected, tuple) else (expected,))


def test_datapackage_names_the_release_and_licence() -> None:
    """The descriptor carries the latest release's version (marked when changes are pending) and the licence."""
    releases = json.loads((DATA / "releases.json").read_text(encoding="utf-8"))["releases"]
    assert DESCRIPTOR["version"] in (releases[-1]["version"], releases[-1]["version"] + "+unreleased")
    assert DESCRIPTOR["licenses"][0]["name"] == "CC-BY-4.0"


@pytest.mark.parametrize("table", [t.name for t in ALL_TABLES])
def test_duckdb_reads_each_file(table: str) -> None:
    """DuckDB reads every file as it is, with the same number of rows."""
    path = str(DATA / f"{table}.parquet")
    rows = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()
    assert [(pl.read_parquet(path).height,)] == rows


def test_duckdb_sees_readable_types() -> None:
    """In DuckDB, fixed-choice columns are text and dates are dates."""
    path = str(DATA / "stances.parquet")
    types = {row[0]: row[1] for row in duckdb.sql(f"describe select * from read_parquet('{path}')").fetchall()}
    assert (types["confidence"], types["date"], types["stance"]) == ("VARCHAR", "DATE", "TINYINT")
    values = duckdb.sql(f"select distinct confidence from read_parquet('{path}')").fetchall()
    assert {v for (v,) in values} <= {"high", "medium", "low"}


def test_pyarrow_reads_the_stances() -> None:
    """pyarrow reads the stances with every column and row, and choices as text."""
    table = pq.read_table(DATA / "stances.parquet")
    assert table.column_names == list(STANCES.columns)
    assert table.num_rows == pl.read_parquet(DATA / "stances.parquet").height
    assert set(table.column("confidence").to_pylist()) <= {"high", "medium", "low"}


def test_pandas_reads_the_stances() -> None:
    """pandas reads the stances as they are: same rows, text choices, dates."""
    df = pd.read_parquet(DATA / "stances.parquet")
    assert len(df) == pl.read_parquet(DATA / "stances.parquet").height
    assert set(df["confidence"].astype(str)) <= {"high", "medium", "low"}
    assert pd.api.types.is_integer_dtype(df["stance"])


def test_manifest_lists_the_datapackage(tmp_path: Path) -> None:
    """The manifest's checksums cover the descriptor too."""
    files = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "datapackage.json" in files
