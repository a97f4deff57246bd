"""Stances over time: the stance in force at a date, and each actor's timeline.

A stance record holds from its `date` (a month- or year-precise date counts from the first day of its
month or year, which is how it is stored) until a later record of the same actor on the same topic
replaces it. With `max_age`, a stance lapses once its record is older than that at the date asked about.

When several records of one actor and topic share the latest date, all of them are listed in
`record_ids`, `conflict` is true if their stances differ, and the stance reported is that of the record
that ranks first on: higher confidence (high, medium, low), direct before reported attribution, finer
date precision (day, month, year), the more moderate stance (smaller absolute value, then the
negative one), and finally the smaller record id.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

MaxAge = str | dt.timedelta
_DURATION = re.compile(r"^(?:\d+(?:y|mo|w|d))+$")

#: Columns of a snapshot, in order.
SNAPSHOT_COLUMNS = (
    "actor",
    "topic",
    "stance",
    "date",
    "date_precision",
    "record_id",
    "conflict",
    "record_ids",
    "confidence",
    "source",
)

#: Enum columns whose category order is the tie-break order (high, medium, low; direct, reported; day...).
_RANKED = ("confidence", "attribution", "date_precision")


def cutoff(on: dt.date, max_age: MaxAge) -> dt.date:
    """The earliest record date still in force on `on` under `max_age` ('3y', '18mo', '90d', a timedelta)."""
    if isinstance(max_age, dt.timedelta):
        if max_age < dt.timedelta(0):
            raise ValueError(f"max_age: {max_age} is negative")
        return on - max_age
    if not isinstance(max_age, str) or not _DURATION.match(max_age):
        raise ValueError(f"max_age: {max_age!r} is not a duration such as '3y', '18mo', '6w', '90d' or a timedelta")
    result = pl.select(pl.lit(on).dt.offset_by(f"-{max_age}")).item()
    assert isinstance(result, dt.date)
    return result


def tie_break() -> list[pl.Expr]:
    """Sort keys that put the record to report first among records sharing actor, topic and date."""
    ranks = [pl.col(name).to_physical() for name in _RANKED]
    return [*ranks, pl.col("stance").abs(), pl.col("stance"), pl.col("id")]


def in_force(stances: pl.LazyFrame, on: dt.date, max_age: MaxAge | None = None) -> pl.LazyFrame:
    """The records in force on `on`: per actor and topic, those of the latest date not after it."""
    past = stances.filter(pl.col("date") <= on)
    latest = past.filter(pl.col("date") == pl.col("date").max().over("actor", "topic"))
    if max_age is not None:
        latest = latest.filter(pl.col("date") >= cutoff(on, max_age))
    return latest


def in_force_sorted(stances: pl.LazyFrame, on: dt.date, max_age: MaxAge | None = None) -> pl.LazyFrame:
    """`in_force` for stances sorted by actor, topic and date: one linear pass, no grouping.

    The last row on or before `on` of each (actor, topic) run holds the run's latest date; a backward
    fill carries that date to the run's earlier rows, which are in force only if they share it.
    """
    past = stances.filter(pl.col("date") <= on)
    run_ends = (pl.col("actor") != pl.col("actor").shift(-1)) | (pl.col("topic") != pl.col("topic").shift(-1))
    latest = pl.when(run_ends.fill_null(True)).then(pl.col("date")).backward_fill()
    rows = past.filter(pl.col("date") == latest)
    if max_age is not None:
        rows = rows.filter(pl.col("date") >= cutoff(on, max_age))
    return rows


def snapshot(
    stances: pl.LazyFrame, on: dt.date, max_age: MaxAge | None = None, *, is_sorted: bool = False
) -> pl.DataFrame:
    """One row per (actor, topic) with a stance in force on `on`, sorted by actor and topic.

    `is_sorted`: the stances are sorted by actor, topic and date (as built), which allows a faster pass.
    """
    return snapshot_query(stances, on, max_age, is_sorted=is_sorted).collect()


def snapshot_query(
    stances: pl.LazyFrame, on: dt.date, max_age: MaxAge | None = None, *, is_sorted: bool = False
) -> pl.LazyFrame:
    """The lazy query behind `snapshot`."""
    found = in_force_sorted(stances, on, max_age) if is_sorted else in_force(stances, on, max_age)
    rows = found.sort(["actor", "topic", *tie_break()])
    grouped = rows.group_by("actor", "topic", maintain_order=True).agg(
        pl.col("stance").first(),
        pl.col("date").first(),
        pl.col("date_precision").first(),
        pl.col("id").first().alias("record_id"),
        (pl.col("stance").n_unique() > 1).alias("conflict"),
        pl.col("id").sort().alias("record_ids"),
        pl.col("confidence").first(),
        pl.col("source").first(),
    )
    return grouped.select(SNAPSHOT_COLUMNS)


def timeline(stances: pl.LazyFrame) -> pl.DataFrame:
    """Records in date order, each with the previous stance of its actor on its topic and the change."""
    ordered = stances.sort(["actor", "topic", "date", *tie_break()])
    previous = pl.col("stance").shift(1).over("actor", "topic")
    with_change = ordered.with_columns(previous.alias("previous"), (pl.col("stance") - previous).alias("change"))
    return with_change.sort("date", "topic", "actor", "id").collect()
