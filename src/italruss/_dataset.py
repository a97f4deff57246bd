"""The `Dataset`: the tables of one release, and queries over them; `load()` and `versions()` to get one."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from italruss._errors import ItalrussError, ValidationError
from italruss._releases.store import read_history, read_release, shipped_dir
from italruss._resolve import one_of, row_by_id
from italruss._schema.checks import check_tables, file_name
from italruss._schema.spec import (
    ACTORS,
    LINEAGE,
    MEMBERSHIPS,
    SCHEMA_VERSION,
    SOURCES,
    STANCES,
    TOPICS,
    history_of,
)

if TYPE_CHECKING:
    from italruss._models import Actor, Source, StanceInForce, StanceRecord, Topic
    from italruss._releases.store import Release
    from italruss._resolve import DateLike
    from italruss._time import MaxAge, StanceDiff

# fmt: off
_FIELDS = ("stances", "actors", "topics", "sources", "path", "version", "schema_version",
           "_history", "_sorted", "_memberships", "_lineage", "_derived")
# fmt: on


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
    _history: pl.DataFrame | Path | Callable[[], pl.DataFrame | None] | None
    _sorted: bool | None
    _memberships: pl.DataFrame | None
    _lineage: pl.DataFrame | None
    _derived: dict[str, pl.DataFrame]

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
        history: pl.DataFrame | Path | Callable[[], pl.DataFrame | None] | None = None,
        memberships: pl.DataFrame | None = None,
        lineage: pl.DataFrame | None = None,
    ) -> None:
        tables = (stances, actors, topics, sources)
        labels = (path, version, schema_version, history, None, memberships, lineage, dict[str, pl.DataFrame]())
        for name, value in zip(_FIELDS, (*tables, *labels), strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Dataset is read-only: cannot set {name!r}")

    @property
    def history(self) -> pl.DataFrame | None:
        """Every revision of every stance record, with the releases each was in (None without history).

        Read from disk on first use (when given as the path of the history file).
        """
        value = self._history
        if isinstance(value, Path) or callable(value):
            loaded: pl.DataFrame | None = read_history(value) if isinstance(value, Path) else value()
            object.__setattr__(self, "_history", loaded)
            return loaded
        return value

    def __getstate__(self) -> dict[str, object]:
        """Pickle and copy by the tables and labels (a history still on disk is read first)."""
        _ = self.history
        return {name: getattr(self, name) for name in _FIELDS}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name in _FIELDS:
            object.__setattr__(self, name, state[name])

    def fresh(self) -> Dataset:
        """A new Dataset over the same tables (cloned frames: a change to one leaves the other as it was)."""
        clone = Dataset.__new__(Dataset)
        for name in _FIELDS:
            value = getattr(self, name)
            object.__setattr__(clone, name, value.clone() if isinstance(value, pl.DataFrame) else value)
        return clone

    @property
    def memberships(self) -> pl.DataFrame:
        """Persons' party memberships and leadership terms, dated. `ItalrussError` for a release without it."""
        return self._table("memberships", self._memberships)

    @property
    def lineage(self) -> pl.DataFrame:
        """Parties' renames, mergers and splits, dated. Raises `ItalrussError` for a release without it."""
        return self._table("lineage", self._lineage)

    def tables(self) -> dict[str, pl.DataFrame]:
        """Every table of this release by name (a release made before memberships and lineage lacks them)."""
        extra = {
            name: df for name, df in (("memberships", self._memberships), ("lineage", self._lineage)) if df is not None
        }
        return {"stances": self.stances, "actors": self.actors, "topics": self.topics, "sources": self.sources} | extra

    def to_csv(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write every table to `folder/<table>.csv`, list cells joined by `|` (see `write_tables`); the files."""
        from italruss._releases.tablefiles import write_tables

        return write_tables(self.tables(), folder, "csv")

    def _table(self, name: str, value: pl.DataFrame | None) -> pl.DataFrame:
        if value is None:
            raise ItalrussError(f"dataset release {self.version} has no {name} table (it came in a later release)")
        return value

    @property
    def is_sorted(self) -> bool:
        """Whether the stances are sorted by actor, topic and date, as built (checked once, remembered)."""
        if self._sorted is None:
            from italruss._time import sorted_layout

            object.__setattr__(self, "_sorted", sorted_layout(self.stances))
        return bool(self._sorted)

    def __repr__(self) -> str:
        sizes = f"{self.stances.height} stances, {self.actors.height} actors, {self.topics.height} topics"
        return f"<Dataset {self.version}: {sizes}, {self.sources.height} sources>"

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
            parts.append(one_of("actor", actor_ids(self.actors, actor)))
        if topic is not None:
            parts.append(one_of("topic", topic_ids(self.topics, topic)))
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
        from italruss._resolve import actor_rows

        if actor is None or not self.is_sorted:
            return self.stances
        return actor_rows(self.stances, self.actors, actor)

    def _day_index(self, actor: str | None = None, topic: str | None = None, speakers: str = "") -> pl.DataFrame:
        """The day index of the stances (see `_time.day_index`); the rows of `actor` found by binary search,
        those of `topic` by a filter. `speakers`: only the rows of those who may speak for a party then."""
        from italruss import _parties, _time
        from italruss._resolve import actor_rows

        days = self._remember("days", lambda: _time.day_index(self.stances, is_sorted=self.is_sorted))
        if speakers:
            voices = self._speaking(speakers)
            days = self._remember(f"days {speakers}", lambda: _parties.speaker_days(days, voices))
        days = days if actor is None else actor_rows(days, self.actors, actor)
        return days if topic is None else days.filter(self.filter_expr(None, topic))

    def _speaking(self, speakers: str) -> pl.DataFrame:
        from italruss import _parties

        return self._remember(f"voices {speakers}", lambda: _parties.voices(self.actors, self.memberships, speakers))

    def _remember(self, key: str, make: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """A table derived from the others, made on first need and kept (the dataset is read-only)."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

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
    ) -> StanceInForce | None:
        """The record in force for one actor and one topic at `date` (with its age then), or None if unknown."""
        from italruss import _time
        from italruss._models import StanceInForce
        from italruss._resolve import actor_ids as actor_ids_of
        from italruss._resolve import to_date, topic_ids

        actor_ids = actor_ids_of(self.actors, actor)
        if len(actor_ids) > 1:
            raise ValueError(f"{actor!r} names several actors: {', '.join(actor_ids)}")
        topics = topic_ids(self.topics, topic)
        if len(topics) > 1:
            raise ValueError(f"topic {topic!r} covers several topics ({', '.join(topics)}): name one of them")
        on = to_date(date)
        days = self._day_index(actor_ids[0]).filter(pl.col("topic") == topics[0], _time.in_force_on(on, max_age))
        if days.height == 0:
            return None
        chosen = self.stances.slice(int(days["row"][0]), 1)  # the record `snapshot` reports
        return StanceInForce(**chosen.with_columns(_time.honesty(on)).row(0, named=True))

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

        return _time.snapshot_of(self._day_index(actor, topic), to_date(date), max_age)

    def timeline(self, actor: str, topic: str | None = None, *, on: DateLike | None = None) -> pl.DataFrame:
        """An actor's records in date order, with the previous stance on the same topic and the change.

        `until`: when a later record replaced it; `age_days`: its age on `on` (default: today).
        """
        from italruss import _time
        from italruss._resolve import to_date

        asked = None if on is None else to_date(on)
        return _time.timeline(self.stances.lazy().filter(self.filter_expr(actor, topic)), asked)

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
        days = self._day_index(actor, topic)
        snap_a, snap_b = (_time.snapshot_of(days, d, max_age) for d in (a, b))
        changes, uncertain = compare(snap_a, snap_b, include_unchanged=include_unchanged)
        return StanceDiff(a, b, changes, uncertain)

    def panel(self, dates: Sequence[DateLike], *, max_age: MaxAge | None = None) -> pl.DataFrame:
        """The stances in force on each of `dates` as one long table, computed in one pass.

        Columns: date (asked), actor, topic, stance, record_id, age_days, uncertain.
        """
        from italruss import _time
        from italruss._resolve import to_date

        return _time.panel(self._day_index(), [to_date(d) for d in dates], max_age)

    def party_of(self, person: str, on: DateLike) -> str | None:
        """The id of the party `person` belonged to on `on` (from `memberships`), or None."""
        from italruss._parties import party_of
        from italruss._resolve import actor_ids, to_date

        ids = actor_ids(self.actors, person)
        if len(ids) > 1:
            raise ValueError(f"{person!r} names several actors: {', '.join(ids)}")
        return party_of(self.memberships, ids[0], to_date(on))

    def party_stances(
        self,
        on: DateLike,
        *,
        topic: str | None = None,
        max_age: MaxAge | None = None,
        speakers: Literal["party", "leaders", "members"] = "leaders",
    ) -> pl.DataFrame:
        """One row per (party, topic): the position in force on `on`, its record, speaker and role.

        `speakers`: "party" (its own acts), "leaders" (and its leader of each record's date) or "members";
        `n_disagree` counts its speakers' in-force stances that differ (see `italruss._parties`).
        """
        from italruss import _time
        from italruss._parties import party_stances
        from italruss._resolve import to_date

        days = self._day_index(topic=topic, speakers=speakers)  # those of the party's possible speakers
        in_force = _time.snapshot_of(days, to_date(on), max_age)
        return party_stances(in_force, self.actors, self.memberships, speakers, speaking=self._speaking(speakers))

    def alignment(
        self,
        dates: DateLike | Sequence[DateLike],
        *,
        by: Literal["actor", "party"] = "actor",
        max_age: MaxAge | None = None,
    ) -> pl.DataFrame:
        """Russia alignment on each date per actor (or party): the mean of stance times `russia_pole`.

        Columns: date, actor (or party), alignment (+2 Moscow's positions), n_topics, n_records, oldest.
        """
        from italruss._parties import alignment
        from italruss._resolve import to_date

        asked = [dates] if isinstance(dates, (str, dt.date)) else list(dates)
        memberships = self.memberships if by == "party" else self._memberships
        index = self._day_index(speakers="leaders" if by == "party" else "")
        speaking = self._speaking("leaders") if by == "party" else None
        days = [to_date(d) for d in asked]
        return alignment(
            self.stances, index, self.actors, self.topics, memberships, days, by=by, max_age=max_age, speaking=speaking
        )

    def actor(self, actor: str) -> Actor:
        """The actor with this id, name or alias (ValueError when unknown or ambiguous)."""
        from italruss._models import Actor
        from italruss._resolve import actor_ids

        ids = actor_ids(self.actors, actor)
        if len(ids) > 1:
            raise ValueError(f"{actor!r} names several actors: {', '.join(ids)}")
        return Actor(**row_by_id(self.actors, ids[0]))

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (ValueError when unknown)."""
        from italruss._models import Topic
        from italruss._resolve import topic_ids

        topic_ids(self.topics, topic_id)
        return Topic(**row_by_id(self.topics, topic_id))

    def source(self, source_id: str) -> Source:
        """The source with this id (ValueError when unknown)."""
        from italruss._models import Source

        if source_id not in set(self.sources["id"]):
            raise ValueError(f"unknown source {source_id!r}")
        return Source(**row_by_id(self.sources, source_id))


def load(path: str | os.PathLike[str] | None = None, *, version: str | None = None) -> Dataset:
    """Load a dataset release: the latest by default, or `version` (e.g. '2026.11.0'), validated.

    `path` names another folder holding the dataset files; `version='unreleased'` loads what the
    record files say now, released or not.
    """
    if version is not None and not isinstance(version, str):
        raise ValueError(f"version: {version!r} is not a release version such as '2026.11.0' (a string)")
    if path is None:
        return _load_cached(shipped_dir(), version).fresh()  # a cached load, never a shared object
    return _load_dir(Path(path), version)


def versions(path: str | os.PathLike[str] | None = None) -> list[Release]:
    """The dataset releases available (shipped, or in the folder `path`), oldest first."""
    from italruss._releases.store import releases

    directory = shipped_dir() if path is None else Path(path)
    return releases(directory)


@functools.cache
def _load_cached(directory: Path, version: str | None) -> Dataset:
    return _load_dir(directory, version)


def _load_dir(directory: Path, version: str | None) -> Dataset:
    stored = read_release(directory, version)
    tables = stored.tables
    same = {n: df for n, df in tables.items() if n in stored.current}  # an older release's other columns
    problems = check_tables(same, full=False)  # were checked by the build that made it
    if problems:
        raise ValidationError(problems)
    history_path = directory / file_name(history_of(STANCES))
    return Dataset(
        stances=tables[STANCES.name],
        actors=tables[ACTORS.name],
        topics=tables[TOPICS.name],
        sources=tables[SOURCES.name],
        path=directory,
        version=stored.version,
        schema_version=stored.schema_version,
        history=history_path if history_path.is_file() else None,
        memberships=tables.get(MEMBERSHIPS.name),
        lineage=tables.get(LINEAGE.name),
    )
