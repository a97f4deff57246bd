"""Querying: actors by id, name or alias; topics with their children; dates; records as objects."""

from __future__ import annotations

import datetime as dt

import pytest

import italruss

DS = italruss.load()


def test_actor_by_alias_is_case_insensitive() -> None:
    """An alias in any case selects the actor's records."""
    by_id = DS.query(actor="lega")
    assert DS.query(actor="northern league").equals(by_id)


def test_actor_by_name() -> None:
    """A name selects the actor's records."""
    assert set(DS.query(actor="Matteo Salvini")["actor"]) == {"matteo-salvini"}


def test_parent_topic_covers_children() -> None:
    """topic='sanctions' returns records of both sanctions topics and nothing else."""
    topics = set(DS.query(topic="sanctions")["topic"])
    assert topics == {"sanctions-russia", "sanctions-syria"}


def test_dates_bound_the_result() -> None:
    """start and end keep records dated within them (ISO strings or dates)."""
    df = DS.query(start="2017-01-01", end=dt.date(2017, 12, 31))
    assert df.height > 0
    assert df["date"].min() >= dt.date(2017, 1, 1)  # type: ignore[operator]
    assert df["date"].max() <= dt.date(2017, 12, 31)  # type: ignore[operator]


def test_unknown_actor_suggests() -> None:
    """An unknown actor raises ValueError naming close ids."""
    with pytest.raises(ValueError, match="matteo-salvini"):
        DS.query(actor="salvinni")


def test_unknown_topic_suggests() -> None:
    """An unknown topic raises ValueError naming close ids."""
    with pytest.raises(ValueError, match="sanctions-russia"):
        DS.query(topic="sanction-russia")


def test_bad_date_is_a_clear_error() -> None:
    """A date that is not ISO raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="start"):
        DS.query(start="11/04/2017")


def test_records_match_query_rows() -> None:
    """records() returns one frozen StanceRecord per query row, equal field by field."""
    import attrs

    records = DS.records(topic="russia-economic-ties")
    assert [attrs.asdict(r) for r in records] == DS.query(topic="russia-economic-ties").to_dicts()


def test_records_are_frozen() -> None:
    """A StanceRecord cannot be changed."""
    import attrs

    record = DS.records()[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.stance = 0  # type: ignore[misc]


def test_actor_lookup() -> None:
    """Dataset.actor returns the Actor with its aliases as a tuple."""
    actor = DS.actor("Northern League")
    assert (actor.id, actor.kind, "Lega Nord" in actor.aliases) == ("lega", "party", True)


def test_source_lookup() -> None:
    """Dataset.source returns the Source, with its address and publication date."""
    source = DS.source("2017-04-11-thelocal-mattarella-kremlin")
    url = "https://www.thelocal.it/20170412/italys-president-had-frank-talk-with-putin-during-russia-visit"
    assert (source.url, source.published) == (url, dt.date(2017, 4, 11))
