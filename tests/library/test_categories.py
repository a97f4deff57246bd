"""Fixed-choice columns: ordinal ones ordered, nominal ones not — in polars, pandas, parquet readers and DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pytest

import italruss
from italruss._releases.store import shipped_dir
from italruss._schema.spec import TABLES

ORDINAL = {("stances", "confidence"), ("stances", "attribution"), ("stances", "date_precision")}
NOMINAL = {("stances", "evidence"), ("actors", "kind"), ("memberships", "role"), ("lineage", "kind")}


def test_the_spec_calls_each_fixed_choice_column_ordinal_or_nominal() -> None:
    """The lists above are exactly the spec's `enum` and `category` columns of the stances, actors,
    memberships and lineage tables."""
    kinds = {(t.name, f.name): f.kind for t in TABLES for f in t.fields}
    assert all(kinds[c] == "enum" for c in ORDINAL)
    assert all(kinds[c] == "category" for c in NOMINAL)
    assert {c for c, k in kinds.items() if k == "category"} == NOMINAL


@pytest.mark.parametrize(("table", "column"), sorted(ORDINAL | NOMINAL))
def test_pandas_sees_order_only_where_it_means_something(table: str, column: str) -> None:
    """`to_pandas()` and pandas reading the shipped parquet give ordered categoricals for ordinal columns only."""
    frame: pl.DataFrame = italruss.load().tables()[table]
    for series in (frame.to_pandas()[column], pd.read_parquet(shipped_dir() / f"{table}.parquet")[column]):
        assert isinstance(series.dtype, pd.CategoricalDtype)
        assert series.cat.ordered is ((table, column) in ORDINAL)


def test_ordinal_order_is_the_scale() -> None:
    """Ordered categories run in the scale's order (high, medium, low), not alphabetically."""
    assert list(italruss.load().stances.to_pandas()["confidence"].cat.categories) == ["high", "medium", "low"]


def test_duckdb_reads_nominal_columns_as_text() -> None:
    """DuckDB reads a nominal column as plain text: no order is implied."""
    path = str(shipped_dir() / "stances.parquet")
    assert [str(t) for t in duckdb.sql(f"select evidence from read_parquet('{path}')").types] == ["VARCHAR"]


def test_a_release_of_an_earlier_schema_keeps_its_types() -> None:
    """Release 2026.12.1 (schema 2.1.0) still loads `evidence` as the Enum it shipped."""
    old = italruss.load(version="2026.12.1")
    assert isinstance(old.stances.schema["evidence"], pl.Enum)
    assert isinstance(italruss.load().stances.schema["evidence"], pl.Categorical)


def test_the_readme_duckdb_ordering_runs() -> None:
    """The README's way to sort by confidence in DuckDB gives high, medium, low."""
    con = duckdb.connect()
    con.register("stances", italruss.load().stances.select("confidence").to_arrow())
    order = "array_position(['high', 'medium', 'low'], confidence)"
    rows = con.sql(f"select distinct confidence, {order} as o from stances order by o").fetchall()
    assert [r[0] for r in rows] == ["high", "medium", "low"]
