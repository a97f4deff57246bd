"""The shipped dataset stays above the coverage floors it has reached."""

from __future__ import annotations

import polars as pl
import pytest

import italruss

DS = italruss.load()
TOPICS = (
    "sanctions-russia",
    "sanctions-syria",
    "syria-assad-accountability",
    "syria-western-strikes",
    "terrorism-cooperation",
    "russia-economic-ties",
)


def test_size_floors() -> None:
    """At least 400 stance records from 150 sources on 60 actors."""
    assert DS.stances.height >= 400
    assert DS.stances["source"].n_unique() >= 150
    assert DS.stances["actor"].n_unique() >= 60


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_25_records(topic: str) -> None:
    """Every topic has at least 25 records."""
    assert DS.stances.filter(pl.col("topic") == topic).height >= 25


@pytest.mark.parametrize("year", range(2014, 2026))
def test_every_year_has_10_records(year: int) -> None:
    """Every year from 2014 to 2025 has at least 10 records."""
    assert DS.stances.filter(pl.col("date").dt.year() == year).height >= 10


def test_actors_who_moved() -> None:
    """At least 15 actors hold two or more distinct stance values on one topic."""
    moved = DS.stances.group_by("actor", "topic").agg(pl.col("stance").n_unique().alias("values"))
    assert moved.filter(pl.col("values") >= 2)["actor"].n_unique() >= 15


def test_italian_sources() -> None:
    """At least a quarter of the sources the records rest on are in Italian."""
    used = DS.sources.filter(pl.col("id").is_in(DS.stances["source"].unique().implode()))
    assert used.filter(pl.col("language") == "it").height * 4 >= used.height


def test_every_source_has_an_address() -> None:
    """Every source is cited by the address it was read at."""
    assert [] == DS.sources.filter(pl.col("url").is_null())["id"].to_list()


def test_actor_aliases_are_present() -> None:
    """Parties and institutions carry their other names (e.g. Lega / Northern League, Farnesina)."""
    aliases = dict(DS.actors.select("id", "aliases").iter_rows())
    assert {"Northern League", "Lega Nord"} <= set(aliases["lega"])
    assert "Five Star Movement" in aliases["m5s"]
    assert "Farnesina" in aliases["italy-foreign-ministry"]
