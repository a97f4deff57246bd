"""The revision history of every table: corrections become new revisions, releases stamp them.

A history table holds every revision of every row, keyed by (id, revision), with `added_in` (the
release that first shipped the revision; null while pending) and `retracted_in` (the release from
which a later revision replaced it, or the record was withdrawn). Nothing released is ever dropped.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from italruss._errors import Problem
from italruss._schema.spec import REVISION_FIELDS, Table
from italruss._schema.tables import KIND_DTYPES, schema

REVISION_COLUMNS = tuple(f.name for f in REVISION_FIELDS)


def empty(history: Table) -> pl.DataFrame:
    """A history table with no rows."""
    return pl.DataFrame(schema=schema(history))


def carry(stored: pl.DataFrame, history: Table) -> pl.DataFrame:
    """A stored history with the spec's columns now, in spec order, then every retired column kept.

    A column added since is null in old revisions (or filled from a former name, for a rename); a column
    the spec no longer has stays, so that the releases that shipped it still load with it.
    """
    current = schema(history)
    columns = []
    for name, dtype in current.items():
        former = [f for f in history.field(name).formerly if f in stored.columns]
        source = pl.col(name) if name in stored.columns else pl.col(former[0]) if former else pl.lit(None)
        columns.append(source.cast(dtype, strict=True).alias(name))
    retired = [c for c in stored.columns if c not in current]
    return stored.select(*columns, *retired)


def revise(previous: pl.DataFrame, current: pl.DataFrame, history: Table) -> tuple[pl.DataFrame, list[Problem]]:
    """The history after the record files now say `current` (one row per id, history's value columns)."""
    values = [c for c in history.columns if c not in REVISION_COLUMNS]
    current = current.select(values)
    released = previous.filter(pl.col("added_in").is_not_null())["id"].unique()
    deleted = previous.filter(~pl.col("id").is_in(current["id"].implode()))
    problems = [
        Problem(
            f"{history.name}.parquet",
            None,
            rid,
            None,
            'a released record was deleted from its file: put it back and withdraw it with `withdrawn = "reason"`',
        )
        for rid in deleted.filter(pl.col("id").is_in(released.implode()))["id"].unique().sort()
    ]
    kept = previous.filter(pl.col("id").is_in(current["id"].implode()))
    latest = kept.filter(pl.col("revision") == pl.col("revision").max().over("id"))
    joined = current.join(latest, on="id", how="left", suffix="_prev")
    differs = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}_prev")) for c in values if c != "id"])
    fresh = joined.filter(pl.col("revision").is_null()).with_columns(pl.lit(1, pl.Int32).alias("revision"))
    changed = joined.filter(pl.col("revision").is_not_null() & differs)
    pending = changed.filter(pl.col("added_in").is_null())  # never released: revised in place
    corrected = changed.filter(pl.col("added_in").is_not_null()).with_columns(pl.col("revision") + 1)
    replaced = pending.select("id", "revision")
    rows = [
        kept.join(replaced, on=["id", "revision"], how="anti"),
        *(_revision(df, values, history) for df in (fresh, pending, corrected)),
    ]
    return pl.concat(rows, how="diagonal").sort(history.sort_by), problems


def _revision(df: pl.DataFrame, values: list[str], history: Table) -> pl.DataFrame:
    nulls = pl.lit(None, pl.String)
    return df.select(*values, "revision", nulls.alias("added_in"), nulls.alias("retracted_in")).cast(schema(history))


def pending(history: pl.DataFrame) -> bool:
    """Whether any revision awaits a release (new, corrected or superseded)."""
    superseded = (pl.col("revision") < pl.col("revision").max().over("id")) & pl.col("retracted_in").is_null()
    return history.filter(pl.col("added_in").is_null() | superseded).height > 0


def stamp(history: pl.DataFrame, version: str) -> pl.DataFrame:
    """Mark every pending revision as shipped in `version`, and what it superseded as retracted in it."""
    superseded = (pl.col("revision") < pl.col("revision").max().over("id")) & pl.col("retracted_in").is_null()
    return history.with_columns(
        pl.when(superseded).then(pl.lit(version)).otherwise(pl.col("retracted_in")).alias("retracted_in"),
        pl.col("added_in").fill_null(pl.lit(version)),
    )


def at_version(
    history: pl.LazyFrame, table: Table, version: str, ranks: dict[str, int], columns: dict[str, str] | None = None
) -> pl.LazyFrame:
    """The rows of `table` exactly as release `version` shipped them, in the build's order.

    `columns` (name: kind) are the columns the release recorded, in its order; a column whose kind
    changed since is cast back. No sort is needed: a history is sorted by its table's sort keys (then
    revision), and a release holds one revision per id.
    """
    rank = ranks[version]
    shipped = [v for v, r in ranks.items() if r <= rank]
    later = [v for v, r in ranks.items() if r > rank]
    live = pl.col("added_in").is_in(shipped) & (pl.col("retracted_in").is_null() | pl.col("retracted_in").is_in(later))
    stored = history.collect_schema()
    if "withdrawn" in stored.names():
        live &= pl.col("withdrawn").is_null()
    if columns is None:
        return history.filter(live).select(table.columns)  # the history is stored in the table's row order
    ordered = [name for name in stored.names() if name in columns]  # the history's order is the table's
    choices = {f.name: f.choices for f in table.fields if f.choices is not None}
    return history.filter(live).select([_as_kind(name, columns[name], stored[name], choices) for name in ordered])


def _as_kind(name: str, kind: str, stored: pl.DataType, choices: dict[str, Any]) -> pl.Expr:
    """Column `name` as the kind a release recorded (an enum keeps its stored categories, or gets the spec's)."""
    if kind == "enum" and isinstance(stored, pl.Enum):
        return pl.col(name)
    if kind == "enum" and name in choices:  # stored since as another kind (a category): its Enum again
        return pl.col(name).cast(pl.String).cast(pl.Enum([str(c) for c in choices[name]])).alias(name)
    wanted = KIND_DTYPES.get(kind, pl.String())
    return pl.col(name) if stored == wanted else pl.col(name).cast(wanted).alias(name)
