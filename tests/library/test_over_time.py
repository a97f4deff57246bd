"""Stances over time on the shipped data: stance_at, snapshot, timeline and diff."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import italruss
from italruss._time import SNAPSHOT_COLUMNS, cutoff, honesty, in_force, tie_break

DS = italruss.load()


def _records(actor: str, topic: str) -> pl.DataFrame:
    return DS.stances.filter((pl.col("actor") == actor) & (pl.col("topic") == topic)).sort("date")


def test_stance_at_before_any_record_is_unknown() -> None:
    """Before an actor's first record on a topic there is no stance (None), never a neutral one."""
    first = _records("sergio-mattarella", "terrorism-cooperation")["date"][0]
    assert DS.stance_at("Mattarella", "terrorism-cooperation", first - dt.timedelta(days=1)) is None


def test_stance_at_from_the_record_date() -> None:
    """From a record's date on, its stance (or that of a record of the same date) is in force."""
    records = _records("sergio-mattarella", "terrorism-cooperation")
    first = records["date"][0]
    record = DS.stance_at("Mattarella", "terrorism-cooperation", first)
    assert record is not None
    assert record.id in records.filter(pl.col("date") == first)["id"].to_list()


def test_max_age_lets_a_stance_lapse() -> None:
    """With max_age, a stance not renewed within it is no longer in force."""
    last = _records("sergio-mattarella", "terrorism-cooperation")["date"][-1]
    later = last + dt.timedelta(days=4 * 366)
    assert DS.stance_at("Mattarella", "terrorism-cooperation", later) is not None
    assert DS.stance_at("Mattarella", "terrorism-cooperation", later, max_age="3y") is None
    soon = last + dt.timedelta(days=2 * 365)
    assert DS.stance_at("Mattarella", "terrorism-cooperation", soon, max_age="3y") is not None


def test_stance_at_needs_one_topic() -> None:
    """A parent topic names several topics: stance_at asks for one."""
    with pytest.raises(ValueError, match="several topics"):
        DS.stance_at("Salvini", "sanctions", "2020-01-01")


def test_snapshot_columns() -> None:
    """A snapshot has the documented columns, one row per (actor, topic)."""
    snap = DS.snapshot("2022-03-01")
    assert tuple(snap.columns) == SNAPSHOT_COLUMNS
    assert snap.select("actor", "topic").is_duplicated().sum() == 0


def test_snapshot_filters() -> None:
    """actor and topic arguments narrow a snapshot as they narrow a query."""
    snap = DS.snapshot("2022-03-01", topic="sanctions")
    assert set(snap["topic"]) <= {"sanctions-russia", "sanctions-syria"}
    assert snap.height > 0


def test_diff_names_new_stances() -> None:
    """Between 2021 and February 2022 the business meeting with Putin shows as new stances."""
    changes = DS.diff("2021-12-31", "2022-02-01", topic="russia-economic-ties").changes
    new = set(changes.filter(pl.col("kind") == "new")["actor"])
    assert {"pirelli", "unicredit", "generali"} <= new


def test_diff_refuses_reversed_dates() -> None:
    """diff asks for the earlier date first."""
    with pytest.raises(ValueError, match="earlier date first"):
        DS.diff("2022-01-01", "2021-01-01")


def test_diff_include_unchanged() -> None:
    """include_unchanged keeps pairs whose stance did not move."""
    plain = DS.diff("2022-06-01", "2022-07-01")
    full = DS.diff("2022-06-01", "2022-07-01", include_unchanged=True)
    assert len(plain) <= len(full)
    assert set(full.changes["kind"]) <= {"unchanged", "new", "changed", "lapsed"}
    assert "unchanged" in set(full.changes["kind"])


def test_diff_iterates_as_stance_changes() -> None:
    """A StanceDiff iterates as StanceChange objects matching its rows, and renders Markdown."""
    diff = DS.diff("2016-01-01", "2022-12-31")
    changes = list(diff)
    assert [c.actor for c in changes] == diff.changes["actor"].to_list()
    assert all(isinstance(c, italruss.StanceChange) for c in changes)
    assert diff.to_markdown().count("\n|") == len(diff) + 2  # header and rule rows too


def test_reversed_flags_a_sign_flip() -> None:
    """`reversed` is true only where the stance changed sign."""
    changes = DS.diff("2014-06-01", "2025-12-31", include_unchanged=True).changes
    expected = (changes["stance_a"].cast(pl.Int16) * changes["stance_b"].cast(pl.Int16) < 0).fill_null(False)
    assert changes["reversed"].to_list() == expected.to_list()


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("3y", dt.date(2019, 3, 31)),
        ("18mo", dt.date(2020, 9, 30)),
        ("2w", dt.date(2022, 3, 17)),
        (dt.timedelta(days=10), dt.date(2022, 3, 21)),
    ],
)
def test_cutoff(age: str | dt.timedelta, expected: dt.date) -> None:
    """max_age accepts '3y', '18mo', '2w' and timedeltas, with calendar arithmetic."""
    assert expected == cutoff(dt.date(2022, 3, 31), age)


@pytest.mark.parametrize("age", ["3 years", "-1y", "y", 3])
def test_bad_max_age(age: object) -> None:
    """A max_age that is not a duration is a clear ValueError."""
    with pytest.raises(ValueError, match="max_age"):
        DS.snapshot("2022-01-01", max_age=age)  # type: ignore[arg-type]


def test_timeline_of_an_actor() -> None:
    """A timeline lists the actor's records in date order with the previous stance per topic."""
    tl = DS.timeline("Salvini", topic="sanctions-russia")
    assert tl["date"].is_sorted()
    assert tl["previous"][0] is None
    assert set(tl["actor"]) == {"matteo-salvini"}


def test_honesty_of_grouped_records_sharing_a_date() -> None:
    """age_days and uncertain come one per row even where every row shares the date asked about."""
    on = dt.date(2015, 1, 1)
    record = DS.stances.head(1).with_columns(pl.lit(on).alias("date"), pl.lit("r000000000").alias("id"))
    rows = pl.concat([record, record.with_columns(pl.lit("r000000001").alias("id"), pl.lit("other").alias("topic"))])
    ranked = in_force(rows.lazy(), on).sort(["actor", "topic", *tie_break()]).collect()
    grouped = ranked.group_by("actor", "topic", maintain_order=True).agg(
        pl.all().exclude("id").first(), pl.col("id").first().alias("record_id")
    )
    out = grouped.with_columns(honesty(on))
    expected = [0, 0], [True, True]  # asked on the record's own date: inside its precision period
    assert expected == (out["age_days"].to_list(), out["uncertain"].to_list())
