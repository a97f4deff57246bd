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
    "age_days",
    "uncertain",
)

#: Columns of a panel, in order.
PANEL_COLUMNS = ("date", "actor", "topic", "stance", "record_id", "age_days", "uncertain")

#: Enum columns whose category order is the tie-break order (high, medium, low; direct, reported; day...).
_RANKED = ("confidence", "attribution", "date_precision")


def cutoff(on: dt.date, max_age: MaxAge) -> dt.date:
    """The earliest record date still in force on `on` under `max_age` ('3y', '18mo', '90d', a timedelta)."""
    if isinstance(max_age, dt.timedelta):
        if max_age < dt.timedelta(0):
            raise ValueError(f"max_age: {max_age} is negative")
        return on - min(max_age, on - dt.date.min)  # longer than the calendar: nothing lapses
    if not isinstance(max_age, str) or not _DURATION.fullmatch(max_age):
        raise ValueError(f"max_age: {max_age!r} is not a duration such as '3y', '18mo', '6w', '90d' or a timedelta")
    try:
        result = pl.select(pl.lit(on).dt.offset_by(f"-{max_age}")).item()
    except (pl.exceptions.PolarsError, ValueError, OverflowError):
        return dt.date.min  # a duration beyond the calendar: nothing lapses
    assert isinstance(result, dt.date)
    return result


def certain_from() -> pl.Expr:
    """The first day after a record's precision period: a 2022-02 record (month) is certain from 2022-03-01.

    Inside the period the record may or may not have been said yet: it is in force, but `uncertain`.
    """
    date, precision = pl.col("date"), pl.col("date_precision").cast(pl.String)
    return (
        pl.when(precision == "month")
        .then(date.dt.offset_by("1mo"))
        .when(precision == "year")
        .then(date.dt.offset_by("1y"))
        .otherwise(date.dt.offset_by("1d"))
    )


def honesty(on: dt.date | pl.Expr) -> list[pl.Expr]:
    """`age_days` (from the record's date to `on`) and `uncertain` (`on` inside its precision period)."""
    asked = pl.lit(on) if isinstance(on, dt.date) else on
    return [
        (asked - pl.col("date")).dt.total_days().cast(pl.Int32).alias("age_days"),
        (asked < certain_from()).alias("uncertain"),
    ]


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
    return grouped.with_columns(honesty(on)).select(SNAPSHOT_COLUMNS)


def panel(
    stances: pl.LazyFrame,
    dates: list[dt.date],
    max_age: MaxAge | None = None,
    *,
    is_sorted: bool = False,
    run_ends: pl.Series | None = None,
) -> pl.DataFrame:
    """The stances in force on each of `dates`, as one long table (`PANEL_COLUMNS`), in one pass.

    Each record holds from its date until the next later date of its (actor, topic); binary searches
    of the sorted dates asked tell which of them fall in that span, so only the records in force on
    some date are kept, and the tie-break of `snapshot` runs on those few. `is_sorted`: the stances
    are sorted by actor, topic and date (as built); otherwise they are sorted once. `run_ends`: for
    sorted stances, whether each row is the last of its (actor, topic), if known (see `run_ends`).
    """
    asked = pl.Series("on", sorted(set(dates)), dtype=pl.Date)
    if asked.is_empty():
        return _empty_panel(stances)
    rows = stances if is_sorted else stances.sort("actor", "topic", "date")
    lo = pl.lit(asked).search_sorted(pl.col("date"), side="left")  # the first date asked on or after the record
    date = pl.col("date")
    if run_ends is not None and is_sorted:
        rows = rows.with_columns(run_ends.alias("run_end"))
    else:
        rows = rows.with_columns(run_end_expr().alias("run_end"))
    run_end = pl.col("run_end")
    tie_next = (date == date.shift(-1)) & ~run_end  # the next row is a record of the same day
    next_lo = pl.when(run_end).then(pl.lit(asked.len(), pl.UInt32)).otherwise(pl.col("lo").shift(-1))
    hi = pl.when(tie_next).then(None).otherwise(next_lo).backward_fill()  # a day's records share its span
    spans = (
        rows.with_columns(lo.alias("lo"), pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"))
        .with_columns(hi.alias("hi"), (tie_next | tie_next.shift(1).fill_null(False)).alias("tied"))
        .filter(pl.col("hi") > pl.col("lo"))
        .with_columns(pl.int_ranges("lo", "hi").alias("at"))
        .explode("at")
        .with_columns(pl.lit(asked).gather(pl.col("at")).alias("on"))
    )
    if max_age is not None:
        spans = spans.filter(pl.col("date") >= _cutoffs(max_age))
    ties = (
        spans.filter(pl.col("tied"))
        .sort(["at", "actor", "topic", *tie_break()])
        .unique(["at", "actor", "topic"], keep="first")
    )
    chosen = pl.concat([spans.filter(~pl.col("tied")), ties]).sort("at", "row")  # rows are in actor, topic order
    out = chosen.with_columns(pl.col("id").alias("record_id"), *honesty(pl.col("on")))
    return out.with_columns(pl.col("on").alias("date")).select(PANEL_COLUMNS).collect()


def run_end_expr() -> pl.Expr:
    """True on the last row of each (actor, topic) run of stances sorted by actor, topic and date."""
    actor, topic = pl.col("actor"), pl.col("topic")
    return ((actor != actor.shift(-1)) | (topic != topic.shift(-1))).fill_null(True)


#: Stands for "no later record" when a record's span is worked out.
_NEVER = dt.date(9999, 12, 31)


def _cutoffs(max_age: MaxAge) -> pl.Expr:
    """Each row's earliest date still in force on its `on` under `max_age` (as `cutoff` per date)."""
    cutoff(dt.date(2000, 1, 1), max_age)  # raises on a malformed duration
    if isinstance(max_age, dt.timedelta):  # as date arithmetic does: whole days only
        return pl.col("on") - pl.duration(days=max_age.days)
    return pl.col("on").dt.offset_by(f"-{max_age}")


def _empty_panel(stances: pl.LazyFrame) -> pl.DataFrame:
    schema = stances.collect_schema()
    return pl.DataFrame(
        schema={
            "date": pl.Date,
            "actor": schema["actor"],
            "topic": schema["topic"],
            "stance": schema["stance"],
            "record_id": schema["id"],
            "age_days": pl.Int32,
            "uncertain": pl.Boolean,
        }
    )


def timeline(stances: pl.LazyFrame, on: dt.date | None = None) -> pl.DataFrame:
    """Records in date order, each with the previous stance of its actor on its topic and the change.

    `until` is the date a later record of the same actor and topic replaced it (null: still in force);
    `age_days` counts from the record's date to `on` (default: today).
    """
    on = on or dt.date.today()
    ordered = stances.sort(["actor", "topic", "date", *tie_break()])
    previous = pl.col("stance").shift(1).over("actor", "topic")
    later = pl.col("date").shift(-1).over("actor", "topic")
    with_change = ordered.with_columns(
        previous.alias("previous"),
        (pl.col("stance") - previous).alias("change"),
        pl.when(later > pl.col("date")).then(later).alias("until"),
        *honesty(on),
    )
    # records of one day share the day's last `until`
    with_change = with_change.with_columns(pl.col("until").last().over("actor", "topic", "date"))
    return with_change.sort("date", "topic", "actor", "id").collect()


ChangeKind = Literal["new", "changed", "lapsed", "unchanged"]

#: Columns of `StanceDiff.changes`, in order.
DIFF_COLUMNS = (
    "actor",
    "topic",
    "stance_a",
    "stance_b",
    "kind",
    "reversed",
    "record_a",
    "record_b",
    "age_days_a",
    "age_days_b",
)


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
    age_days_a: int | None = None
    age_days_b: int | None = None


@attrs.frozen(eq=False)
class StanceDiff:
    """Stance changes between `date_a` and `date_b`: one row per (actor, topic) in `changes`.

    Only pairs whose stances are certain on both dates are in `changes`; a pair with a month- or
    year-precise record whose period holds `date_a` or `date_b` is listed apart, in `uncertain`.
    """

    date_a: dt.date
    date_b: dt.date
    changes: pl.DataFrame
    uncertain: pl.DataFrame = attrs.field(factory=lambda: pl.DataFrame(schema=dict.fromkeys(DIFF_COLUMNS, pl.Null)))

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
        table = head + "\n".join(lines) + "\n"
        if self.uncertain.height:
            table += (
                f"\n{self.uncertain.height} more pairs may have changed, but a record's date is known only to the "
                "month or year around one of the two dates (see `uncertain`).\n"
            )
        return table


def _fmt(stance: int | None) -> str:
    return "–" if stance is None else f"{stance:+d}"


def compare(
    snap_a: pl.DataFrame, snap_b: pl.DataFrame, *, include_unchanged: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The changes between two snapshots, as the rows of `StanceDiff.changes` and `StanceDiff.uncertain`."""
    a = snap_a.select(
        "actor",
        "topic",
        pl.col("stance").alias("stance_a"),
        pl.col("record_id").alias("record_a"),
        pl.col("age_days").alias("age_days_a"),
        pl.col("uncertain").alias("uncertain_a"),
    )
    b = snap_b.select(
        "actor",
        "topic",
        pl.col("stance").alias("stance_b"),
        pl.col("record_id").alias("record_b"),
        pl.col("age_days").alias("age_days_b"),
        pl.col("uncertain").alias("uncertain_b"),
    )
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
    doubtful = pl.col("uncertain_a").fill_null(False) | pl.col("uncertain_b").fill_null(False)
    changes = changes.sort("actor", "topic")
    return changes.filter(~doubtful).select(DIFF_COLUMNS), changes.filter(doubtful).select(DIFF_COLUMNS)


def sorted_layout(df: pl.DataFrame) -> bool:
    """Whether each row sorts after the previous one by actor, then topic, then date (one linear pass)."""
    a, t, d = pl.col("actor"), pl.col("topic"), pl.col("date")
    step = (a > a.shift()) | ((a == a.shift()) & ((t > t.shift()) | ((t == t.shift()) & (d >= d.shift()))))
    nulls = pl.sum_horizontal(a.null_count(), t.null_count(), d.null_count()).alias("nulls")
    ordered, missing = df.select(step.all(ignore_nulls=True).alias("ordered"), nulls).row(0)
    return bool(ordered) and missing == 0
