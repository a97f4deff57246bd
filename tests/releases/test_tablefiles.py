"""Every table as CSV, parquet or an Excel workbook: list cells joined as documented, nothing lost."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import italruss
from italruss._cli.main import main
from italruss._errors import ItalrussError, ValidationError
from italruss._releases.tablefiles import LIST_SEPARATOR, write_tables

TABLES = ("stances", "actors", "topics", "sources", "memberships", "lineage")


def test_to_csv_writes_every_table_and_joins_lists(tmp_path: Path) -> None:
    """Each table round-trips through CSV; aliases come back when split on the documented separator."""
    ds = italruss.load()
    written = ds.to_csv(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in TABLES)
    for name, frame in ds.tables().items():
        back = pl.read_csv(tmp_path / "out" / f"{name}.csv", infer_schema=False)
        assert back.height == frame.height
        assert back.columns == frame.columns
    actors = pl.read_csv(tmp_path / "out" / "actors.csv", infer_schema=False)
    many = ds.actors.filter(pl.col("aliases").list.len() >= 2)["id"][0]  # an actor with several aliases
    cell = actors.filter(pl.col("id") == many)["aliases"].item()
    assert tuple(cell.split(LIST_SEPARATOR)) == ds.actor(many).aliases
    stances = pl.read_csv(tmp_path / "out" / "stances.csv", try_parse_dates=True)
    assert stances["date"].dtype == pl.Date
    assert stances["summary"].to_list() == ds.stances["summary"].to_list()
    assert not list((tmp_path / "out").glob(".*"))  # no partial file left behind


def test_parquet_keeps_types(tmp_path: Path) -> None:
    """Parquet files keep each column's type, lists included."""
    ds = italruss.load()
    write_tables(ds.tables(), tmp_path, "parquet")
    actors = pl.read_parquet(tmp_path / "actors.parquet")
    assert actors.schema == ds.actors.schema
    assert actors.equals(ds.actors)


def test_workbook_has_a_sheet_per_table(tmp_path: Path) -> None:
    """The workbook has one sheet per table, with every row (read from the file's XML)."""
    import zipfile

    ds = italruss.load()
    out = write_tables(ds.tables(), tmp_path / "italruss.xlsx", "xlsx")[0]
    with zipfile.ZipFile(out) as book:
        workbook = book.read("xl/workbook.xml").decode()
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert all(f'name="{t}"' in workbook for t in TABLES)
    assert sheet.count("<row ") == ds.stances.height + 1  # the header and every record


def test_a_separator_inside_an_item_is_refused_by_name(tmp_path: Path) -> None:
    """An alias holding the separator is an error naming the table, the row and the column; nothing is written."""
    actors = pl.DataFrame({"id": ["a", "b"], "aliases": [["x"], [f"y{LIST_SEPARATOR}z"]]})
    with pytest.raises(ValidationError) as caught:
        write_tables({"actors": actors}, tmp_path / "out", "csv")
    assert [(p.file, p.record, p.field) for p in caught.value.problems] == [("actors", "b", "aliases")]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_bad_targets_are_clear_errors(tmp_path: Path) -> None:
    """A file where a folder is wanted, a workbook not named .xlsx and an unknown format are refused."""
    tables = {"topics": pl.DataFrame({"id": ["t"]})}
    (tmp_path / "file").write_text("x")
    for out, fmt, words in (
        (tmp_path / "file", "csv", "is a file"),
        (tmp_path / "book.xls", "xlsx", ".xlsx"),
        (tmp_path / "x", "json", "not one of"),
    ):
        with pytest.raises(ItalrussError, match=words):
            write_tables(tables, out, fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_command_writes_a_pinned_release(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`italruss export csv|parquet OUT --release V` writes V's tables and names the release."""
    first = italruss.versions()[0].version
    assert main(["export", fmt, str(tmp_path), "--release", first]) == 0
    assert f"dataset release {first}" in capsys.readouterr().out
    stances = pl.read_csv(tmp_path / "stances.csv") if fmt == "csv" else pl.read_parquet(tmp_path / "stances.parquet")
    assert stances.height == italruss.load(version=first).stances.height
    assert not (tmp_path / "memberships.csv").exists()  # the first release had no memberships table
