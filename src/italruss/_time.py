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


def honesty(on: dt.date | pl.Expr, certain: pl.Expr | None = None) -> list[pl.Expr]:
    """`age_days` (from the record's date to `on`) and `uncertain` (`on` inside its precision period).

    `certain`: the first day the record is certain from, if already worked out (else `certain_from`).
    """
    certain = certain_from() if certain is None else certain
    if isinstance(on, dt.date):  # one literal per expression: polars mis-broadcasts a literal that two share
        age = pl.lit((on - _EPOCH).days, pl.Int32) - pl.col("date").to_physical()
        return [age.alias("age_days"), (certain > on).alias("uncertain")]
    return [(on - pl.col("date")).dt.total_days().cast(pl.Int32).alias("age_days"), (on < certain).alias("uncertain")]


#: Day 0 of the dates' physical form.
_EPOCH = dt.date(1970, 1, 1)


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


#: Columns of the record a day reports, as a snapshot shows them.
_REPORTED = ("id", "stance", "date_precision", "confidence", "source")
#: Columns of a day index (see `day_index`), in order.
DAY_COLUMNS = ("actor", "topic", "date", "until", "certain", "row", *_REPORTED, "record_ids", "conflict")


def day_index(stances: pl.DataFrame, *, is_sorted: bool = False) -> pl.DataFrame:
    """One row per (actor, topic, date) of `stances`, sorted by them: what a snapshot reports for that day.

    `row`: the position in `stances` of the record reported (the first by `tie_break`), followed by the
    columns of it a snapshot shows and `certain` (see `certain_from`); `record_ids`: the day's record
    ids when it has several (else null), `conflict`: whether their stances differ; `until`: the next
    later date of the same actor and topic (9999-12-31: none). A day is in force on every date from its
    own until `until`, so a snapshot is one filter of this index (see `in_force_on`). `is_sorted`: the
    stances are sorted by actor, topic and date (as built); otherwise their order is found by one sort.
    """
    flags = _day_starts(stances, is_sorted)
    first = pl.col("new_day")
    day = (first.cum_sum() - 1).cast(pl.UInt32)  # the position of the row's day in the index
    tied = ~first | ~first.shift(-1).fill_null(True)  # a day of several records
    flags = flags.with_columns(day.alias("day"), tied.alias("tied"))
    starts = flags.select(pl.arg_where(pl.col("new_day"))).to_series()
    several = flags.filter(pl.col("tied")).select("day", "row")
    picked = stances.select("id", "stance", *_RANKED)[several["row"]]  # the records of days with several
    ties = (
        pl.concat([several, picked], how="horizontal")
        .sort(["day", *tie_break()])
        .group_by("day", maintain_order=True)
        .agg(  # the record reported is the first by `tie_break`
            pl.col("row").first(),
            pl.col("id").sort().alias("record_ids"),
            (pl.col("stance").n_unique() > 1).alias("conflict"),
        )
    )
    reported = flags["row"].gather(starts).scatter(ties["day"], ties["row"])
    numbers = pl.int_range(ties.height, dtype=pl.UInt32, eager=True)
    tie = pl.Series([None], dtype=pl.UInt32).new_from_index(0, starts.len()).scatter(ties["day"], numbers)
    days = stances.select("actor", "topic", "date", *_REPORTED)[reported]  # one chunk per column: fast gathers
    run_end = flags["new_run"].gather(starts).shift(-1, fill_value=True)
    until = pl.when(run_end).then(pl.lit(_NEVER)).otherwise(pl.col("date").shift(-1))
    added = [
        days.select(until.alias("until")).to_series(),
        _certain(days),
        reported.alias("row"),
        ties["record_ids"].gather(tie),
        ties["conflict"].gather(tie).fill_null(False),
    ]
    named = {s.name: s for s in [*days.get_columns(), *added]}
    return pl.DataFrame([named[c] for c in DAY_COLUMNS])


def _day_starts(stances: pl.DataFrame, is_sorted: bool) -> pl.DataFrame:
    """The rows in actor, topic and date order (`row`), each flagged when it starts a new actor and topic
    (`new_run`) or a new day (`new_day`).

    Unsorted stances are ordered by one integer key: actor and topic coded by their rank among the
    distinct values, and the date, packed together (a sort by two strings and a date is much slower).
    """
    actor, topic, date = pl.col("actor"), pl.col("topic"), pl.col("date")
    distinct = [] if is_sorted else [stances[c].unique().drop_nulls().sort() for c in ("actor", "topic")]
    if is_sorted or distinct[0].len() * distinct[1].len() >= 2**31:
        rows = stances.lazy().select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), actor, topic, date)
        rows = rows if is_sorted else rows.sort(actor, topic, date)
        new_run = ((actor != actor.shift()) | (topic != topic.shift())).fill_null(True)
        return rows.select(
            "row", new_run.alias("new_run"), (new_run | (date != date.shift())).fill_null(True).alias("new_day")
        ).collect()
    actors, topics = (
        pl.col(c).cast(pl.Enum(d)).to_physical().cast(pl.Int64)
        for c, d in zip(("actor", "topic"), distinct, strict=True)
    )
    pair = actors * distinct[1].len() + topics
    key = stances.select((pair * 2**32 + date.to_physical().cast(pl.Int64) + 2**31).alias("key")).to_series()
    order = key.arg_sort()
    ordered = key.gather(order)
    changed = (ordered != ordered.shift()).fill_null(True)
    runs = ((ordered // 2**32) != (ordered // 2**32).shift()).fill_null(True)
    return pl.DataFrame({"row": order.cast(pl.UInt32), "new_run": runs, "new_day": changed})


def _certain(days: pl.DataFrame) -> pl.Series:
    """`certain_from` of each row: the next day, save for the few rows dated to the month or year."""
    certain = (days["date"].to_physical() + 1).cast(pl.Date).alias("certain")
    coarse = days.select(pl.arg_where(pl.col("date_precision") != "day")).to_series()
    return certain.scatter(coarse, days[coarse].select(certain_from()).to_series()) if coarse.len() else certain


def in_force_on(on: dt.date, max_age: MaxAge | None = None) -> pl.Expr:
    """True on the rows of a day index in force on `on`: dated on or before it, not yet replaced, not too old."""
    date, until = pl.col("date"), pl.col("until")
    held = (date <= on) & (until > on)
    return held if max_age is None else held & (date >= cutoff(on, max_age))


def snapshot(
    stances: pl.LazyFrame | pl.DataFrame, on: dt.date, max_age: MaxAge | None = None, *, is_sorted: bool = False
) -> pl.DataFrame:
    """One row per (actor, topic) with a stance in force on `on`, sorted by actor and topic.

    `is_sorted`: the stances are sorted by actor, topic and date (as built), which spares a sort.
    """
    df = stances.collect() if isinstance(stances, pl.LazyFrame) else stances
    return snapshot_of(day_index(df, is_sorted=is_sorted), on, max_age)


def snapshot_of(days: pl.DataFrame, on: dt.date, max_age: MaxAge | None = None) -> pl.DataFrame:
    """`snapshot` from a day index (or a part of it): a filter, then the records the days report."""
    return (
        _where(days, in_force_on(on, max_age))
        .with_columns(
            pl.col("id").alias("record_id"),
            pl.coalesce("record_ids", pl.concat_list("id")).alias("record_ids"),
            *honesty(on, pl.col("certain")),
        )
        .select(SNAPSHOT_COLUMNS)
    )


def panel(days: pl.DataFrame, dates: list[dt.date], max_age: MaxAge | None = None) -> pl.DataFrame:
    """The stances in force on each of `dates`, as one long table (`PANEL_COLUMNS`), in one pass.

    Each row of the day index `days` holds from its date until its `until`: one pass over the index
    finds the rows in force on some date asked, two comparisons per date asked on those few tell on
    which, and the rows of each date are gathered once. Rows come by date asked, then actor and topic.
    """
    asked = pl.Series("on", sorted(set(dates)), dtype=pl.Date)
    if asked.is_empty():
        return _empty_panel(days)
    date, until = pl.col("date"), pl.col("until")
    found = days.select(pl.arg_where((date <= asked[-1]) & (until > asked[0]))).to_series()  # in force on one
    if asked.len() == 1:  # those in force on the one date asked
        at = [found]
    else:
        spans = days.select(date, until)[found]
        at = [found.filter((spans["date"] <= on) & (spans["until"] > on)) for on in asked]
    rows = days.select("actor", "topic", "stance", "id", "date", "certain")[pl.concat(at)]
    on = pl.concat([asked.new_from_index(k, a.len()) for k, a in enumerate(at)])
    if max_age is not None:
        rows = rows.with_columns(on).filter(date >= _cutoffs(max_age))
        on = rows["on"]
    return rows.select(
        on.alias("date"),
        "actor",
        "topic",
        "stance",
        pl.col("id").alias("record_id"),
        (on.to_physical() - date.to_physical()).alias("age_days"),
        (on < pl.col("certain")).alias("uncertain"),
    )


#: Stands for "no later record" when a day's span is worked out.
_NEVER = dt.date(9999, 12, 31)


def _where(df: pl.DataFrame, mask: pl.Expr) -> pl.DataFrame:
    """The rows of `df` where `mask` holds: found on its columns alone, then gathered (a few of many rows)."""
    return df[df.select(pl.arg_where(mask)).to_series()]


def _cutoffs(max_age: MaxAge) -> pl.Expr:
    """Each row's earliest date still in force on its `on` under `max_age` (as `cutoff` per date)."""
    cutoff(dt.date(2000, 1, 1), max_age)  # raises on a malformed duration
    if isinstance(max_age, dt.timedelta):  # as date arithmetic does: whole days only
        return pl.col("on") - pl.duration(days=max_age.days)
    return pl.col("on").dt.offset_by(f"-{max_age}")


def _empty_panel(days: pl.DataFrame) -> pl.DataFrame:
    schema = days.schema
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
    renamed = {"stance": "stance", "record_id": "record", "age_days": "age_days", "uncertain": "uncertain"}
    a, b = (
        snap.select("actor", "topic", *(pl.col(c).alias(f"{n}_{side}") for c, n in renamed.items()))
        for snap, side in ((snap_a, "a"), (snap_b, "b"))
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
