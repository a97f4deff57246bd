"""The DuckDB export: every table, ordinal columns as ordered ENUMs, nominal ones as text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import italruss
from italruss._cli.main import main
from italruss._errors import ItalrussError
from italruss._web.duck import ORDINAL, export_duckdb


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = export_duckdb(italruss.load(), tmp_path_factory.mktemp("duck") / "italruss.duckdb")
    return duckdb.connect(str(path), read_only=True)


def _types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.sql(f"describe {table}").fetchall()}


def test_ordinal_columns_sort_by_their_scale(con: duckdb.DuckDBPyConnection) -> None:
    """`confidence` is an ENUM in the scale's order: sorting gives high, medium, low; `evidence` is text."""
    types = _types(con, "stances")
    assert types["confidence"] == "ENUM('high', 'medium', 'low')"
    assert types["evidence"] == "VARCHAR"
    assert _types(con, "actors")["kind"] == "VARCHAR"
    order = [r[0] for r in con.sql("select distinct confidence from stances order by confidence").fetchall()]
    assert order == ["high", "medium", "low"]
    assert {"confidence", "attribution", "date_precision"} <= ORDINAL


def test_tables_hold_the_release(con: duckdb.DuckDBPyConnection) -> None:
    """Every shipped table comes back with the same rows and values (types aside), plus ranked releases."""
    ds = italruss.load()
    for name, frame in ds.tables().items():
        back = con.sql(f"select * from {name}").pl()
        plain = pl.col(pl.Categorical, pl.Enum)
        assert_frame_equal(back.with_columns(plain.cast(pl.String)), frame.with_columns(plain.cast(pl.String)))
    ranks = con.sql("select version from releases order by rank").fetchall()
    assert [v for (v,) in ranks] == [r.version for r in italruss.versions()]


def test_an_older_release_keeps_nominal_columns_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`export duckdb --release V` of a schema-2 release (nominal columns were Enums then) still writes text."""
    out = tmp_path / "old.duckdb"
    assert main(["export", "duckdb", str(out), "--release", "2026.12.0"]) == 0
    assert "dataset release 2026.12.0" in capsys.readouterr().out
    old = duckdb.connect(str(out), read_only=True)
    assert _types(old, "stances")["evidence"] == "VARCHAR"
    assert _types(old, "lineage")["kind"] == "VARCHAR"
    assert _types(old, "stances")["confidence"].startswith("ENUM")


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    """Giving a folder is a clear error; no partial file is left."""
    with pytest.raises(ItalrussError, match="is a folder"):
        export_duckdb(italruss.load(), tmp_path)
    assert list(tmp_path.iterdir()) == []
