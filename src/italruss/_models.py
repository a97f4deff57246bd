"""Typed, frozen records: one stance, actor, topic or source, as the library hands them out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import attrs

Stance = Literal[-2, -1, 0, 1, 2]
DatePrecision = Literal["day", "month", "year"]
Evidence = Literal["statement", "interview", "speech", "vote", "action", "document"]
Attribution = Literal["direct", "reported"]
Confidence = Literal["high", "medium", "low"]
ActorKind = Literal["person", "party", "government", "organisation", "company", "country"]
RussiaPole = Literal[-1, 1]


def _as_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class StanceRecord:
    """One actor's stance on one topic on one occasion, resting on one source."""

    id: str
    actor: str
    topic: str
    stance: Stance
    date: dt.date
    date_precision: DatePrecision
    evidence: Evidence
    attribution: Attribution
    capacity: str | None = None
    summary: str
    confidence: Confidence
    note: str | None = None
    source: str


@attrs.frozen(kw_only=True)
class StanceInForce(StanceRecord):
    """The record in force on a date asked about, with how old and how certain it is on that date."""

    #: Days from the record's date to the date asked.
    age_days: int
    #: The date asked falls inside the record's month or year (its precision): it may not yet hold.
    uncertain: bool


@attrs.frozen(kw_only=True)
class Actor:
    """A person, party, government, organisation, company or country whose stances are coded."""

    id: str
    name: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    kind: ActorKind
    country: str | None = None
    party: str | None = None
    wikidata: str | None = None
    partyfacts: str | None = None
    parlgov: str | None = None
    ches: str | None = None


@attrs.frozen(kw_only=True)
class Topic:
    """A topic and the proposition its stances are read against."""

    id: str
    parent: str | None = None
    label: str
    proposition: str
    russia_pole: RussiaPole


@attrs.frozen(kw_only=True)
class Source:
    """A published document that stance records rest on."""

    id: str
    url: str | None = None
    publisher: str
    title: str
    published: dt.date | None = None
    language: str
    note: str | None = None
