"""Export a dataset release to one SQLite file: its tables with keys, indexes, full-text search and views.

Values keep their meaning: dates are ISO text (`YYYY-MM-DD`), fixed-choice columns their text, a list
column (`actors.aliases`) a JSON array of strings (`["Di Battista", "Dibba"]`, read with
`json_each`). Beside the shipped tables the file holds `releases` (the release history up to the
release exported) and `party_positions` (each party's position at the end of each year, computed by
`Dataset.party_stances`). Written with Python's own sqlite3: no extra package is needed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from italruss._errors import ItalrussError
from italruss._web.sql import VIEWS

if TYPE_CHECKING:
    from italruss._dataset import Dataset

#: The shipped tables in the order they are written (a table after those its keys point to).
SHIPPED = ("sources", "topics", "actors", "stances", "memberships", "lineage")
#: Tables the export adds, and their keys.
RELEASES, PARTY_POSITIONS = "releases", "party_positions"
PRIMARY_KEYS: dict[str, str | tuple[str, ...]] = {
    RELEASES: "version",
    PARTY_POSITIONS: ("year", "party", "topic"),
}

#: (column, table it points to) of each table; a key is made only when both tables are exported.
FOREIGN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "topics": (("parent", "topics"),),
    "actors": (("party", "actors"),),
    "stances": (("actor", "actors"), ("topic", "topics"), ("source", "sources")),
    "memberships": (("person", "actors"), ("party", "actors"), ("source", "sources"), ("end_source", "sources")),
    "lineage": (("party", "actors"), ("predecessor", "actors"), ("source", "sources")),
    PARTY_POSITIONS: (("party", "actors"), ("topic", "topics"), ("record_id", "stances"), ("speaker", "actors")),
}

#: The columns people filter or sort on (each tuple one index).
INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "stances": (("actor", "date"), ("topic", "date"), ("date",), ("source",), ("stance",), ("confidence",)),
    "actors": (("kind",), ("party",), ("name",)),
    "sources": (("publisher",), ("published",)),
    "memberships": (("person", "start"), ("party", "role", "start")),
    "lineage": (("party",), ("predecessor",)),
    PARTY_POSITIONS: (("party", "topic", "year"), ("topic", "year")),
}

#: Full-text search: summaries, titles, actor names and aliases.
FULL_TEXT: dict[str, tuple[str, ...]] = {
    "stances": ("summary",),
    "sources": ("title",),
    "actors": ("name", "aliases"),
}


def export_sqlite(ds: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write `ds` (one release) to the SQLite file `path`, replacing it; returns the path.

    The file is written beside `path` under another name and renamed when complete, so a failed export
    leaves no half-written database.
    """
    from italruss._releases.tablefiles import replacing

    out = Path(path)
    with replacing(out, "database file", (sqlite3.Error,)) as partial:
        db = sqlite3.connect(partial)
        try:
            _write(db, ds)
        finally:
            db.close()
    return out


def tables_of(ds: Dataset) -> dict[str, pl.DataFrame]:
    """Every table the export writes, by name, in writing order (a release without a table lacks it)."""
    tables = {name: frame for name in SHIPPED if (frame := _shipped(ds, name)) is not None}
    tables[RELEASES] = releases_frame(ds)
    if "memberships" in tables:
        tables[PARTY_POSITIONS] = party_positions(ds)
    return tables


def releases_frame(ds: Dataset) -> pl.DataFrame:
    """The release history up to the release `ds` is (all of it for unreleased tables), oldest first.

    `rank` numbers the releases from 1 in release order, so SQL can pin or compare releases
    (`where rank <= (select rank from releases where version = '2026.12.0')`) without parsing versions.
    """
    from italruss._releases.store import Release, parse_version, releases

    found = releases(ds.path) if ds.path is not None else []
    if ds.version != "unreleased":
        found = [r for r in found if parse_version(r.version) <= parse_version(ds.version)]
    names = ["rank", *(f.name for f in attrs.fields(Release))]
    rows: list[dict[str, Any]] = [{"rank": i} | attrs.asdict(r) for i, r in enumerate(found, start=1)]
    schema = dict.fromkeys(names, pl.Int64) | {"version": pl.String, "date": pl.Date, "schema_version": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def party_positions(ds: Dataset) -> pl.DataFrame:
    """Each party's position on each topic at the end of each year of the data, with names.

    The rows of `Dataset.party_stances(31 December, speakers="leaders")` for every year from the first
    record's to the last's.
    """
    dates = ds.stances["date"]
    first, last = dates.min(), dates.max()
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        return pl.DataFrame()
    frames = [
        ds.party_stances(dt.date(year, 12, 31)).with_columns(pl.lit(year, pl.Int32).alias("year"))
        for year in range(first.year, last.year + 1)
    ]
    names = ds.actors.select(pl.col("id").cast(pl.String), pl.col("name"))
    labels = ds.topics.select(pl.col("id").cast(pl.String).alias("topic"), pl.col("label").alias("topic_label"))
    table = pl.concat(frames).with_columns(pl.col("party", "topic", "speaker").cast(pl.String))
    table = (
        table.join(names.rename({"id": "party", "name": "party_name"}), on="party", how="left")
        .join(names.rename({"id": "speaker", "name": "speaker_name"}), on="speaker", how="left")
        .join(labels, on="topic", how="left")
    )
    first_columns = ["year", "party", "party_name", "topic", "topic_label", "stance", "speaker", "speaker_name"]
    rest = [c for c in table.columns if c not in first_columns]
    return table.select(*first_columns, *rest).sort("year", "party", "topic")


def _shipped(ds: Dataset, name: str) -> pl.DataFrame | None:
    try:
        frame = getattr(ds, name)
    except ItalrussError:  # a release made before the table existed
        return None
    assert isinstance(frame, pl.DataFrame)
    return frame


def _write(db: sqlite3.Connection, ds: Dataset) -> None:
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    tables = tables_of(ds)
    with db:  # one transaction
        for name, frame in tables.items():
            db.execute(_create(name, frame, set(tables)))
            marks = ", ".join("?" * frame.width)
            db.executemany(f"insert into {_q(name)} values ({marks})", _rows(frame))
            for columns in INDEXES.get(name, ()):
                if set(columns) <= set(frame.columns):
                    index = _q(f"idx_{name}_{'_'.join(columns)}")
                    db.execute(f"create index {index} on {_q(name)} ({_list(columns)})")
            if name in FULL_TEXT:
                _full_text(db, name, FULL_TEXT[name])
        for view, (sql, needs) in VIEWS.items():
            if set(needs) <= set(tables):
                db.execute(f"create view {_q(view)} as {sql.strip()}")
    db.execute("analyze")


def _create(name: str, frame: pl.DataFrame, exported: set[str]) -> str:
    """The `create table` of `name`: the frame's columns, the primary key, not-null columns, foreign keys."""
    from italruss._schema.spec import TABLES

    spec = {t.name: t for t in TABLES}.get(name)
    required = {f.name for f in spec.fields if f.required} if spec else set()
    pk = PRIMARY_KEYS.get(name, "id")
    keys = (pk,) if isinstance(pk, str) else pk
    refers = {c: other for c, other in FOREIGN_KEYS.get(name, ()) if other in exported}
    lines = []
    for column, dtype in frame.schema.items():
        kind = "integer" if dtype.is_integer() or dtype == pl.Boolean else "text"
        line = f"{_q(column)} {kind}" + (" not null" if column in required or column in keys else "")
        if column in refers:
            line += f" references {_q(refers[column])}(id)"
        lines.append(line)
    lines.append(f"primary key ({_list(keys)})")
    return f"create table {_q(name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _full_text(db: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> None:
    """An FTS5 index of `columns` over `table` (external content: Datasette finds it and searches the table)."""
    fts = _q(f"{table}_fts")
    db.execute(f"create virtual table {fts} using fts5 ({_list(columns)}, content={_q(table)})")
    db.execute(f"insert into {fts} (rowid, {_list(columns)}) select rowid, {_list(columns)} from {_q(table)}")


def _q(name: str) -> str:
    """`name` quoted as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _list(columns: tuple[str, ...] | list[str]) -> str:
    return ", ".join(_q(c) for c in columns)


def _rows(frame: pl.DataFrame) -> Iterator[tuple[Any, ...]]:
    """The frame's rows for SQLite: dates as ISO text, lists as JSON arrays, fixed choices as text."""
    texts = [c for c, dtype in frame.schema.items() if dtype in (pl.Date, pl.Categorical) or isinstance(dtype, pl.Enum)]
    frame = frame.with_columns(pl.col(texts).cast(pl.String))
    lists = [i for i, dtype in enumerate(frame.dtypes) if isinstance(dtype, pl.List)]
    for row in frame.iter_rows():
        if lists:
            values = list(row)
            for i in lists:
                if values[i] is not None:
                    values[i] = json.dumps(values[i], ensure_ascii=False)
            row = tuple(values)
        yield row
