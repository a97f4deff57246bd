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
    "ukraine-military-aid",
)
#: The five largest parties, whose sanctions record each year 2014-2025 is a floor.
MAIN_PARTIES = ("pd", "m5s", "lega", "forza-italia", "fratelli-d-italia")
#: Party-years with no `sanctions-russia` record of the party or its leader of the day yet: no stored page
#: was found for them. The floor is every other party-year; a year filled leaves this list.
PARTY_YEAR_GAPS = {
    "pd": {2017, 2018, 2019, 2020, 2021, 2024},
    "m5s": {2014, 2020, 2021},
    "lega": {2020},
    "forza-italia": {2020, 2021},
    "fratelli-d-italia": {2016, 2019, 2020, 2021},
}
#: Parties in Parliament 2022-2025 and the floor of their (or their leaders') records on sanctions or arms.
PARTIES_2022 = ("pd", "m5s", "lega", "forza-italia", "fratelli-d-italia", "italia-viva", "azione", "piu-europa")


def test_size_floors() -> None:
    """At least 1,000 live stance records from 600 sources on 150 actors."""
    assert DS.stances.height >= 1000
    assert DS.sources.height >= 600
    assert DS.stances["actor"].n_unique() >= 150


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_60_records(topic: str) -> None:
    """Every topic has at least 60 records."""
    assert DS.stances.filter(pl.col("topic") == topic).height >= 60


@pytest.mark.parametrize("year", range(2014, 2026))
def test_every_year_has_50_records(year: int) -> None:
    """Every year from 2014 to 2025 has at least 50 records."""
    assert DS.stances.filter(pl.col("date").dt.year() == year).height >= 50


def _sanctions_years(party: str) -> set[int]:
    """Years with a `sanctions-russia` record of `party` or of whoever led it on the record's date."""
    leaders = DS.memberships.filter((pl.col("party") == party) & (pl.col("role").cast(pl.String) == "leader"))
    records = DS.stances.filter(pl.col("topic") == "sanctions-russia")
    own = records.filter(pl.col("actor") == party)
    led = records.join(leaders.select("person", "start", "end"), left_on="actor", right_on="person").filter(
        (pl.col("date") >= pl.col("start")) & (pl.col("end").is_null() | (pl.col("date") <= pl.col("end")))
    )
    return set(pl.concat([own.select("date"), led.select("date")])["date"].dt.year())


@pytest.mark.parametrize("party", MAIN_PARTIES)
def test_party_years_on_sanctions(party: str) -> None:
    """Each main party has a sanctions record of its own or its leader of the day in every year 2014-2025
    but its listed gaps; a gap that gets filled must leave the list (the floor rises with it)."""
    years = _sanctions_years(party) & set(range(2014, 2026))
    assert set(range(2014, 2026)) - years == PARTY_YEAR_GAPS[party]


@pytest.mark.parametrize("party", PARTIES_2022)
def test_parties_of_2022_have_records_on_sanctions_or_arms(party: str) -> None:
    """Each party in Parliament since 2022 has 3 or more records of its own or of its leaders of the day on
    sanctions or military aid, 2022-2025."""
    rows = DS.party_stances("2025-12-31", speakers="leaders")
    assert party in set(rows["party"])
    from italruss._parties import speaker_rows

    spoke = speaker_rows(
        DS.stances.filter(pl.col("date").dt.year().is_between(2022, 2025)).with_columns(
            pl.col("id").alias("record_id")
        ),
        DS.actors,
        DS.memberships,
        "leaders",
    )
    topics = pl.col("topic").cast(pl.String).is_in(["sanctions-russia", "ukraine-military-aid"])
    assert spoke.filter((pl.col("party") == party) & topics).height >= 3


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
