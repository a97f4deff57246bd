"""Stances over time: the stance in force at a date, snapshots, timelines, who moved between dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal

import attrs
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


ChangeKind = Literal["new", "changed", "lapsed", "unchanged"]

#: Columns of `StanceDiff.changes`, in order.
DIFF_COLUMNS = ("actor", "topic", "stance_a", "stance_b", "kind", "reversed", "record_a", "record_b")


@attrs.frozen(kw_only=True)
class StanceChange:
    """How one actor's stance on one topic differs between two dates."""

    actor: str
    topic: str
    stance_a: int | None
    stance_b: int | None
    kind: ChangeKind
    reversed: bool
    record_a: str | None
    record_b: str | None


@attrs.frozen(eq=False)
class StanceDiff:
    """Stance changes between `date_a` and `date_b`: one row per (actor, topic) in `changes`."""

    date_a: dt.date
    date_b: dt.date
    changes: pl.DataFrame

    def __len__(self) -> int:
        return self.changes.height

    def __iter__(self) -> Iterator[StanceChange]:
        for row in self.changes.iter_rows(named=True):
            yield StanceChange(**row)

    def to_markdown(self) -> str:
        """The changes as a Markdown table, with a heading naming the two dates."""
        head = f"### Stance changes from {self.date_a} to {self.date_b}\n\n"
        if self.changes.height == 0:
            return head + "No changes.\n"
        lines = ["| actor | topic | from | to | kind |", "|---|---|---|---|---|"]
        for change in self:
            arrow = " (reversed)" if change.reversed else ""
            lines.append(
                f"| {change.actor} | {change.topic} | {_fmt(change.stance_a)} | {_fmt(change.stance_b)} "
                f"| {change.kind}{arrow} |"
            )
        return head + "\n".join(lines) + "\n"


def _fmt(stance: int | None) -> str:
    return "–" if stance is None else f"{stance:+d}"


def compare(snap_a: pl.DataFrame, snap_b: pl.DataFrame, *, include_unchanged: bool = False) -> pl.DataFrame:
    """The changes between two snapshots, as the rows of `StanceDiff.changes`."""
    a = snap_a.select("actor", "topic", pl.col("stance").alias("stance_a"), pl.col("record_id").alias("record_a"))
    b = snap_b.select("actor", "topic", pl.col("stance").alias("stance_b"), pl.col("record_id").alias("record_b"))
    joined = a.join(b, on=["actor", "topic"], how="full", coalesce=True)
    kind = (
        pl.when(pl.col("stance_a").is_null())
        .then(pl.lit("new"))
        .when(pl.col("stance_b").is_null())
        .then(pl.lit("lapsed"))
        .when(pl.col("stance_a") != pl.col("stance_b"))
        .then(pl.lit("changed"))
        .otherwise(pl.lit("unchanged"))
    )
    flipped = (pl.col("stance_a").cast(pl.Int16) * pl.col("stance_b").cast(pl.Int16) < 0).fill_null(False)
    changes = joined.with_columns(kind.alias("kind"), flipped.alias("reversed"))
    if not include_unchanged:
        changes = changes.filter(pl.col("kind") != "unchanged")
    return changes.select(DIFF_COLUMNS).sort("actor", "topic")
