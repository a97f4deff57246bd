"""The `Dataset`: the tables of one release, and queries over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from italruss._schema.spec import SCHEMA_VERSION

if TYPE_CHECKING:
    from italruss._models import Actor, Source, StanceRecord, Topic
    from italruss._resolve import DateLike
    from italruss._time import MaxAge, StanceDiff

_FIELDS = ("stances", "actors", "topics", "sources", "path", "version", "schema_version", "_history", "_sorted")


class Dataset:
    """A loaded italruss dataset: its tables as polars DataFrames, and ways to query them.

    Read-only: the attributes cannot be reassigned (and the DataFrames should not be changed in place).
    """

    __slots__ = _FIELDS

    stances: pl.DataFrame
    actors: pl.DataFrame
    topics: pl.DataFrame
    sources: pl.DataFrame
    #: The folder the tables were read from (None for tables built in memory).
    path: Path | None
    #: The dataset release these tables are ('2026.11.0'), or 'unreleased'.
    version: str
    #: The schema version the release was built with.
    schema_version: str
    _history: pl.DataFrame | Callable[[], pl.DataFrame | None] | None
    _sorted: bool | None

    def __init__(
        self,
        stances: pl.DataFrame,
        actors: pl.DataFrame,
        topics: pl.DataFrame,
        sources: pl.DataFrame,
        *,
        path: Path | None = None,
        version: str = "unreleased",
        schema_version: str = SCHEMA_VERSION,
        history: pl.DataFrame | Callable[[], pl.DataFrame | None] | None = None,
    ) -> None:
        values = (stances, actors, topics, sources, path, version, schema_version, history, None)
        for name, value in zip(_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Dataset is read-only: cannot set {name!r}")

    @property
    def history(self) -> pl.DataFrame | None:
        """Every revision of every stance record, with the releases each was in (None without history).

        Read from disk on first use.
        """
        value = self._history
        if callable(value):
            loaded: pl.DataFrame | None = value()
            object.__setattr__(self, "_history", loaded)
            return loaded
        return value

    @property
    def is_sorted(self) -> bool:
        """Whether the stances are sorted by actor, topic and date, as the build writes them.

        Checked once (one linear pass), then remembered; sorted stances allow faster queries.
        """
        if self._sorted is None:
            object.__setattr__(self, "_sorted", _sorted_by_actor_topic_date(self.stances))
        return bool(self._sorted)

    def __repr__(self) -> str:
        return (
            f"<Dataset {self.version}: {self.stances.height} stances, {self.actors.height} actors, "
            f"{self.topics.height} topics, {self.sources.height} sources>"
        )

    def cite(self, style: Literal["text", "bibtex"] = "text") -> str:
        """The citation of exactly this release, as text or BibTeX."""
        from italruss._releases.store import cite

        return cite(self.path, self.version, self.schema_version, style)

    def filter_expr(
        self,
        actor: str | None = None,
        topic: str | None = None,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> pl.Expr:
        """The polars expression selecting stance rows that match the filters of `query`."""
        from italruss._resolve import actor_ids, to_date, topic_ids

        parts = []
        if actor is not None:
            parts.append(_one_of("actor", actor_ids(self.actors, actor)))
        if topic is not None:
            parts.append(_one_of("topic", topic_ids(self.topics, topic)))
        if start is not None:
            parts.append(pl.col("date") >= to_date(start, "start"))
        if end is not None:
            parts.append(pl.col("date") <= to_date(end, "end"))
        return pl.all_horizontal(parts) if parts else pl.lit(True)

    def query(
        self,
        actor: str | None = None,
        topic: str | None = None,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> pl.DataFrame:
        """Stance rows of an actor (id, name or alias), a topic (with its children), between dates."""
        rows = self._narrowed(actor)
        return rows.filter(self.filter_expr(None if self.is_sorted else actor, topic, start, end))

    def _narrowed(self, actor: str | None) -> pl.DataFrame:
        """The stance rows that can match `actor`: on sorted stances, found by binary search, not a scan."""
        from italruss._resolve import actor_ids

        if actor is None or not self.is_sorted:
            return self.stances
        column = self.stances["actor"]
        parts = []
        for actor_id in actor_ids(self.actors, actor):
            start = int(column.search_sorted(actor_id, side="left"))
            end = int(column.search_sorted(actor_id, side="right"))
            parts.append(self.stances.slice(start, end - start))
        return parts[0] if len(parts) == 1 else pl.concat(parts)

    def records(
        self,
        actor: str | None = None,
        topic: str | None = None,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> list[StanceRecord]:
        """The same rows as `query`, as frozen `StanceRecord` objects."""
        from italruss._models import StanceRecord

        rows = self.query(actor, topic, start, end).iter_rows(named=True)
        return [StanceRecord(**row) for row in rows]

    def stance_at(
        self, actor: str, topic: str, date: DateLike, *, max_age: MaxAge | None = None
    ) -> StanceRecord | None:
        """The record whose stance is in force for one actor and one topic at `date`, or None if unknown."""
        from italruss import _time
        from italruss._models import StanceRecord
        from italruss._resolve import actor_ids as actor_ids_of
        from italruss._resolve import to_date, topic_ids

        actor_ids = actor_ids_of(self.actors, actor)
        if len(actor_ids) > 1:
            raise ValueError(f"{actor!r} names several actors: {', '.join(actor_ids)}")
        topics = topic_ids(self.topics, topic)
        if len(topics) > 1:
            raise ValueError(f"topic {topic!r} covers several topics ({', '.join(topics)}): name one of them")
        on = to_date(date)
        rows = self._narrowed(actor_ids[0]).filter(
            pl.col("actor") == actor_ids[0], pl.col("topic") == topics[0], pl.col("date") <= on
        )
        if rows.height == 0:
            return None
        latest = rows["date"].max()
        assert isinstance(latest, dt.date)
        if max_age is not None and latest < _time.cutoff(on, max_age):
            return None
        chosen = rows.filter(pl.col("date") == latest).sort(_time.tie_break())  # as `snapshot` picks
        return StanceRecord(**chosen.row(0, named=True))

    def snapshot(
        self,
        date: DateLike,
        *,
        actor: str | None = None,
        topic: str | None = None,
        max_age: MaxAge | None = None,
    ) -> pl.DataFrame:
        """One row per (actor, topic) with a stance in force at `date` (see `italruss._time`)."""
        from italruss import _time
        from italruss._resolve import to_date

        rows = self._narrowed(actor).lazy().filter(self.filter_expr(None if self.is_sorted else actor, topic))
        return _time.snapshot(rows, to_date(date), max_age, is_sorted=self.is_sorted)

    def timeline(self, actor: str, topic: str | None = None) -> pl.DataFrame:
        """An actor's records in date order, with the previous stance on the same topic and the change."""
        from italruss import _time

        return _time.timeline(self.stances.lazy().filter(self.filter_expr(actor, topic)))

    def diff(
        self,
        date_a: DateLike,
        date_b: DateLike,
        *,
        actor: str | None = None,
        topic: str | None = None,
        max_age: MaxAge | None = None,
        include_unchanged: bool = False,
    ) -> StanceDiff:
        """For every (actor, topic), the stance in force at each date; unchanged pairs left out by default."""
        from italruss import _time
        from italruss._resolve import to_date
        from italruss._time import StanceDiff, compare

        a, b = to_date(date_a, "date_a"), to_date(date_b, "date_b")
        if a > b:
            raise ValueError(f"date_a ({a}) is after date_b ({b}): give the earlier date first")
        rows = self._narrowed(actor).lazy().filter(self.filter_expr(None if self.is_sorted else actor, topic))
        queries = [_time.snapshot_query(rows, d, max_age, is_sorted=self.is_sorted) for d in (a, b)]
        snap_a, snap_b = pl.collect_all(queries)  # both snapshots in parallel
        return StanceDiff(a, b, compare(snap_a, snap_b, include_unchanged=include_unchanged))

    def actor(self, actor: str) -> Actor:
        """The actor with this id, name or alias (ValueError when unknown or ambiguous)."""
        from italruss._models import Actor
        from italruss._resolve import actor_ids

        ids = actor_ids(self.actors, actor)
        if len(ids) > 1:
            raise ValueError(f"{actor!r} names several actors: {', '.join(ids)}")
        return Actor(**_row(self.actors, ids[0]))

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (ValueError when unknown)."""
        from italruss._models import Topic
        from italruss._resolve import topic_ids

        topic_ids(self.topics, topic_id)
        return Topic(**_row(self.topics, topic_id))

    def source(self, source_id: str) -> Source:
        """The source with this id (ValueError when unknown)."""
        from italruss._models import Source

        if source_id not in set(self.sources["id"]):
            raise ValueError(f"unknown source {source_id!r}")
        return Source(**_row(self.sources, source_id))


def _sorted_by_actor_topic_date(df: pl.DataFrame) -> bool:
    """Whether each row sorts after the previous one by actor, then topic, then date (one linear pass)."""
    a, t, d = pl.col("actor"), pl.col("topic"), pl.col("date")
    step = (a > a.shift()) | ((a == a.shift()) & ((t > t.shift()) | ((t == t.shift()) & (d >= d.shift()))))
    nulls = pl.sum_horizontal(a.null_count(), t.null_count(), d.null_count()).alias("nulls")
    ordered, missing = df.select(step.all(ignore_nulls=True).alias("ordered"), nulls).row(0)
    return bool(ordered) and missing == 0


def _one_of(column: str, values: list[str]) -> pl.Expr:
    """`column` equal to the value, or among the values (equality filters faster than membership)."""
    return pl.col(column) == values[0] if len(values) == 1 else pl.col(column).is_in(values)


def _row(df: pl.DataFrame, row_id: str) -> dict[str, Any]:
    return df.row(by_predicate=pl.col("id") == row_id, named=True)
