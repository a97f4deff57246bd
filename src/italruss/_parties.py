"""Parties over time: a person's party on a date, party positions from their speakers, Russia alignment.

A party's position on a topic rests on the stances in force of its *speakers*: the party's own acts
(`speakers="party"`), plus the words of whoever led it on the record's date (`"leaders"`), plus those of
every member on the record's date (`"members"`). Memberships come from the `memberships` table, so a
person counts for the party they belonged to when they spoke, not for the one they joined later.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl

from italruss._time import MaxAge, day_index, panel, snapshot_of

Speakers = Literal["party", "leaders", "members"]
SPEAKERS: tuple[Speakers, ...] = ("party", "leaders", "members")
By = Literal["actor", "party"]

#: Columns of `party_stances`, in order.
PARTY_COLUMNS = (
    "party",
    "topic",
    "stance",
    "record_id",
    "speaker",
    "role",
    "date",
    "age_days",
    "uncertain",
    "n_speakers",
    "n_disagree",
)
#: Columns of `alignment`, in order (the second is `actor` or `party`).
ALIGNMENT_COLUMNS = ("date", "alignment", "n_topics", "n_records", "oldest")

#: Which speaker's record a party's position rests on when two are equally recent: its own act first.
_ROLE_RANK = {"party": 0, "leader": 1, "member": 2}


def party_of(memberships: pl.DataFrame, person: str, on: dt.date) -> str | None:
    """The party `person` belonged to (as member or leader) on `on`; the latest joined if several."""
    rows = memberships.filter(
        pl.col("person") == person,
        pl.col("start") <= on,
        pl.col("end").is_null() | (pl.col("end") >= on),
    )
    if rows.height == 0:
        return None
    party = rows.sort("start", descending=True)["party"][0]
    return str(party)


def voices(actors: pl.DataFrame, memberships: pl.DataFrame, speakers: str) -> pl.DataFrame:
    """Who may speak for a party under `speakers`: (actor, party, role, start, end), a term per row.

    A party speaks for itself, always; its leaders (and members) while their terms last.
    """
    if speakers not in SPEAKERS:
        raise ValueError(f"speakers: {speakers!r} is not one of {', '.join(SPEAKERS)}")
    party, never = pl.col("id").cast(pl.String), pl.lit(None, pl.Date)
    own = actors.filter(pl.col("kind") == "party").select(
        party.alias("actor"),
        party.alias("party"),
        pl.lit("party").alias("role"),
        never.alias("start"),
        never.alias("end"),
    )
    if speakers == "party":
        return own
    roles = ["leader"] if speakers == "leaders" else ["leader", "member"]
    people = memberships.filter(pl.col("role").cast(pl.String).is_in(roles)).select(
        pl.col("person").cast(pl.String).alias("actor"),
        pl.col("party").cast(pl.String),
        pl.col("role").cast(pl.String),
        "start",
        "end",
    )
    return pl.concat([own, people])


def speaker_days(days: pl.DataFrame, speaking: pl.DataFrame) -> pl.DataFrame:
    """The rows of a day index (sorted by actor) of the actors in `speaking` (see `voices`).

    Party positions rest on these rows alone. Found by binary searches; the whole index when nearly
    every actor may speak (members).
    """
    ids, column = speaking["actor"].unique().sort(), days["actor"]
    starts, ends = column.search_sorted(ids, side="left"), column.search_sorted(ids, side="right")
    if (ends - starts).sum() * 2 > days.height:  # most of the index: no copy of it
        return days
    rows = pl.select(pl.int_ranges(starts, ends, dtype=pl.UInt32).explode()).to_series()
    return days[rows]


def speaker_rows(
    in_force: pl.DataFrame, actors: pl.DataFrame, memberships: pl.DataFrame, speakers: Speakers
) -> pl.DataFrame:
    """The in-force stances a party may rest on: (party, speaker, role) per record, by `speakers`.

    One join of the stances with every (speaker, party, role, term), kept where the term holds on the
    record's date; a speaker counted twice for a party (leader and member) counts as leader.
    """
    rows = _spoken(in_force, voices(actors, memberships, speakers)).sort("party", "topic", "actor", _rank())
    first = rows.unique(["party", "actor", "topic"], keep="first", maintain_order=True)
    return first.drop("start", "end").with_columns(pl.col("actor").alias("speaker"))


def _spoken(in_force: pl.DataFrame, speaking: pl.DataFrame) -> pl.DataFrame:
    rows = in_force.with_columns(pl.col("actor").cast(pl.String)).join(speaking, on="actor")
    date, start, end = pl.col("date"), pl.col("start"), pl.col("end")
    return rows.filter(start.is_null() | (start <= date), end.is_null() | (end >= date))  # on the record's date


def _rank() -> pl.Expr:
    return pl.col("role").replace_strict(_ROLE_RANK, return_dtype=pl.Int8)


def party_stances(
    in_force: pl.DataFrame,
    actors: pl.DataFrame,
    memberships: pl.DataFrame,
    speakers: Speakers,
    *,
    speaking: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per (party, topic): the most recent in-force stance of its speakers, and who disagrees.

    `speaking`: the `voices` of `speakers`, if already worked out. A speaker counted twice for a party
    (leader and member) counts once, as leader.
    """
    rows = _spoken(in_force, voices(actors, memberships, speakers) if speaking is None else speaking)
    latest = [pl.col("date"), _rank(), "record_id"]  # a speaker's two roles share date and record: rank decides
    ordered = rows.sort(["party", "topic", *latest], descending=[False, False, True, False, False])
    chosen = pl.col("stance").first()
    grouped = ordered.group_by("party", "topic", maintain_order=True).agg(
        chosen,
        pl.col("record_id").first(),
        pl.col("actor").first().alias("speaker"),
        pl.col("role").first(),
        pl.col("date").first(),
        pl.col("age_days").first(),
        pl.col("uncertain").first(),
        pl.col("actor").n_unique().cast(pl.Int32).alias("n_speakers"),
        pl.col("actor").filter(pl.col("stance") != chosen).n_unique().cast(pl.Int32).alias("n_disagree"),
    )
    return grouped.select(PARTY_COLUMNS)


def alignment(
    stances: pl.DataFrame,
    days: pl.DataFrame | None,
    actors: pl.DataFrame,
    topics: pl.DataFrame,
    memberships: pl.DataFrame | None,
    dates: list[dt.date],
    *,
    by: By = "actor",
    max_age: MaxAge | None = None,
    speaking: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Russia alignment per date and actor (or party): the mean over topics of stance times `russia_pole`.

    +2 is the position most favourable to Moscow's on every topic with a stance in force, −2 the least;
    `n_topics` and `n_records` say how much it rests on, `oldest` the date of its oldest record.
    `days`: the day index of `stances` (see `day_index`), if already built (by party, the rows of the
    leaders and parties suffice: see `speaker_days`); `speaking`: the leaders' `voices`, if worked out.
    """
    if by not in ("actor", "party"):
        raise ValueError(f"by: {by!r} is not 'actor' or 'party'")
    days = day_index(stances) if days is None else days
    if by == "actor":
        rows = panel(days, dates, max_age).rename({"actor": "who"})
    else:
        if memberships is None:
            raise ValueError("this dataset release has no memberships: alignment by party needs them")
        frames = [
            party_stances(snapshot_of(days, day, max_age), actors, memberships, "leaders", speaking=speaking)
            .drop("date")
            .with_columns(pl.lit(day).alias("date"))
            for day in sorted(set(dates))
        ]
        if not frames:
            empty = {"alignment": pl.Float64, "n_topics": pl.Int32, "n_records": pl.Int32, "oldest": pl.Date}
            return pl.DataFrame(schema={"date": pl.Date, "party": pl.String, **empty})
        rows = pl.concat(frames).rename({"party": "who"})
    ids = topics["id"].cast(pl.String)
    pole = pl.col("topic").cast(pl.String).replace_strict(ids, topics["russia_pole"].cast(pl.Float64), default=None)
    scored = rows.with_columns(pl.col("who").cast(pl.String), (pl.col("stance").cast(pl.Float64) * pole).alias("score"))
    out = (  # rows come by date, then actor (or party) and topic, one per topic: groups keep that order
        scored.filter(pl.col("score").is_not_null())
        .group_by("date", "who", maintain_order=True)
        .agg(
            pl.col("score").mean().alias("alignment"),
            pl.len().cast(pl.Int32).alias("n_topics"),
            pl.len().cast(pl.Int32).alias("n_records"),
            (pl.col("date").first() - pl.duration(days=pl.col("age_days").max())).alias("oldest"),
        )
    )
    return out.rename({"who": by}).select("date", by, *ALIGNMENT_COLUMNS[1:])
