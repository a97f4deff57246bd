"""Parties over time on the shipped data: membership on a date, party positions, alignment, honest age."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import italruss

DS = italruss.load()


def test_party_of_follows_a_person_who_left() -> None:
    """Di Maio counts for M5S before June 2022 and not after; Renzi for PD before September 2019."""
    assert "m5s" == DS.party_of("Di Maio", "2021-01-01")
    assert "m5s" != DS.party_of("Di Maio", "2022-12-31")
    assert "pd" == DS.party_of("Renzi", "2015-01-01")
    assert "italia-viva" == DS.party_of("Renzi", "2020-01-01")


def test_party_stances_name_record_speaker_and_role() -> None:
    """Each party position names its record, its speaker and the speaker's role on the record's date."""
    rows = DS.party_stances("2022-03-01", topic="sanctions-russia")
    assert rows.height > 0
    lega = rows.filter(pl.col("party") == "lega").row(0, named=True)
    record = DS.stances.filter(pl.col("id") == lega["record_id"]).row(0, named=True)
    assert lega["speaker"] == record["actor"]
    assert lega["role"] in ("party", "leader")


def test_party_speakers_are_exact_about_roles() -> None:
    """`speakers='party'` rests only on parties' own acts."""
    rows = DS.party_stances("2023-12-31", speakers="party")
    assert set(rows["role"].to_list()) == {"party"}
    assert (rows["party"] == rows["speaker"]).all()


def test_stance_at_says_how_old_and_how_sure() -> None:
    """stance_at gives the age on the date asked; a month-precise record is uncertain inside its month."""
    record = DS.stance_at("Salvini", "sanctions-russia", "2022-03-01")
    assert record is not None
    assert (dt.date(2022, 3, 1) - record.date).days == record.age_days
    month = DS.stances.filter(pl.col("date_precision") == "month").row(0, named=True)
    inside = month["date"] + dt.timedelta(days=3)
    found = DS.stance_at(month["actor"], month["topic"], inside)
    assert found is not None
    if found.id == month["id"]:
        assert found.uncertain


def test_alignment_requires_a_known_grouping() -> None:
    """alignment refuses a `by` other than actor or party."""
    with pytest.raises(ValueError, match="by"):
        DS.alignment(["2022-01-01"], by="topic")  # type: ignore[arg-type]


def test_actors_carry_crosswalk_ids() -> None:
    """Parties carry the Party Facts, ParlGov, CHES and Wikidata ids of the crosswalk."""
    pd = DS.actor("pd")
    assert ("802", "382", "837", "Q47729") == (pd.partyfacts, pd.parlgov, pd.ches, pd.wikidata)
