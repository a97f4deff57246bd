"""The checks run on load name the record and field that break a rule, as full validation does."""

from __future__ import annotations

import polars as pl
import pytest

import italruss
from italruss._schema.checks import check_tables
from italruss._schema.spec import STANCES
from italruss._schema.tables import check_frame

STANCE_ROWS = italruss.load().stances.head(5)


@pytest.mark.parametrize("full", [False, True])
def test_a_stance_out_of_range_is_named(full: bool) -> None:
    """A stance of 3 is reported for its record by the load pass (bounds) and by full checks alike."""
    bad = STANCE_ROWS.with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(3).otherwise(pl.col("stance")).cast(pl.Int8).alias("stance")
    )
    problems = check_frame(STANCES, bad, "stances.parquet", full=full)
    expected = [(STANCE_ROWS["id"][2], "stance", "not one of -2, -1, 0, 1, 2")]
    assert expected == [(p.record, p.field, p.message) for p in problems]


def test_a_dangling_actor_is_named() -> None:
    """A stance naming an actor missing from actors.parquet is reported with the missing id."""
    ds = italruss.load()
    bad = ds.stances.head(3).with_columns(pl.lit("nobody-at-all").alias("actor"))
    tables = {"stances": bad, "actors": ds.actors, "topics": ds.topics, "sources": ds.sources}
    problems = check_tables(tables, full=False)
    expected = {("actor", "'nobody-at-all' is not an id in actors.parquet")}
    assert expected == {(p.field, p.message) for p in problems}


@pytest.mark.parametrize("row", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("full", [False, True])
def test_a_control_character_in_any_row_of_prose_is_named(row: int, full: bool) -> None:
    """Prose is scanned in two halves of the rows: a zero-width space in any row, first or last, is found."""
    bad = STANCE_ROWS.with_columns(
        pl.when(pl.int_range(pl.len()) == row)
        .then(pl.col("summary") + "\u200b")
        .otherwise(pl.col("summary"))
        .alias("summary")
    )
    problems = check_frame(STANCES, bad, "stances.parquet", full=full)
    assert [(p.record, p.field) for p in problems] == [(STANCE_ROWS["id"][row], "summary")]
