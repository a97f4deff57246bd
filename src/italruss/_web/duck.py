"""Export a dataset release to a DuckDB database file, with the order of the ordinal columns kept.

DuckDB reads the parquet files' fixed-choice columns as plain text, so `order by confidence` sorts them
alphabetically. In the database this export writes, each ordinal column (`confidence`, `attribution`,
`date_precision` and the memberships' precisions: a polars `Enum`) is a DuckDB `ENUM` type declared in
the scale's order (`high`, `medium`, `low`), so comparing and sorting follow the scale; the nominal ones
(`evidence`, the actors' `kind`...) stay text. Lists stay lists, dates dates. Beside the shipped tables
the file holds `releases` (with `rank`) and `party_positions`, as the SQLite export does. Needs the
`duckdb` extra.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from italruss._errors import ItalrussError
from italruss._releases.tablefiles import replacing
from italruss._schema.spec import TABLES
from italruss._web.export import tables_of

if TYPE_CHECKING:
    import duckdb

    from italruss._dataset import Dataset

#: Columns whose choices are ordered (the spec's `enum` fields), whatever type an older release gave them.
ORDINAL = frozenset(f.name for t in TABLES for f in t.fields if f.kind == "enum")


def export_duckdb(ds: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write `ds` (one release) to the DuckDB file `path`, replacing it; returns the path.

    The file is written beside `path` under another name and renamed when complete.
    """
    try:
        import duckdb
    except ImportError:
        raise ItalrussError('writing DuckDB needs the duckdb package: pip install "italruss[duckdb]"') from None
    out = Path(path)
    with replacing(out, "database file", (duckdb.Error,)) as partial:
        con = duckdb.connect(str(partial))
        try:
            _write(con, tables_of(ds))
        finally:
            con.close()
    return out


def _write(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame]) -> None:
    declared: dict[str, tuple[str, ...]] = {}
    for name, frame in tables.items():
        casts = []
        for column, dtype in frame.schema.items():
            if isinstance(dtype, pl.Enum) and column in ORDINAL:
                categories = tuple(dtype.categories.to_list())
                kind = _enum_type(column, categories, declared)
                if kind not in declared:
                    values = ", ".join("'" + c.replace("'", "''") + "'" for c in categories)
                    con.execute(f"create type {_q(kind)} as enum ({values})")
                    declared[kind] = categories
                casts.append(f"cast({_q(column)} as {_q(kind)}) as {_q(column)}")
            else:
                casts.append(_q(column))
        plain = frame.with_columns(pl.col(pl.Categorical, pl.Enum).cast(pl.String))
        con.register("frame", plain.to_arrow())
        con.execute(f"create table {_q(name)} as select {', '.join(casts)} from frame")
        con.unregister("frame")


def _enum_type(column: str, categories: tuple[str, ...], declared: dict[str, tuple[str, ...]]) -> str:
    """The name of the ENUM type of `column` (`confidence`; `start_precision` shares `date_precision`'s)."""
    for name, values in declared.items():
        if values == categories:
            return name
    return column if column not in declared else f"{column}_{len(declared)}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
