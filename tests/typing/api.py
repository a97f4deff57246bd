"""Uses the public API only so that `mypy --strict` checks its types; never run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

import italruss

ds: italruss.Dataset = italruss.load()
frame: pl.DataFrame = ds.query(actor="Salvini", topic="sanctions", start="2014-01-01", end=dt.date(2025, 12, 31))
records: list[italruss.StanceRecord] = ds.records(topic="sanctions-russia")
stance: int = records[0].stance
when: dt.date = records[0].date
actor: italruss.Actor = ds.actor("Lega")
aliases: tuple[str, ...] = actor.aliases
topic: italruss.Topic = ds.topic("sanctions-russia")
pole: int = topic.russia_pole
source: italruss.Source = ds.source("2017-04-11-thelocal-mattarella-kremlin")
url: str | None = source.url
version: str = italruss.__version__
schema_version: str = italruss.SCHEMA_VERSION
exported: Path = italruss.export_sqlite(ds, "italruss.db")
try:
    italruss.load("/nowhere")
except italruss.ValidationError as exc:
    problems: list[italruss.Problem] = exc.problems
except italruss.ItalrussError:
    pass
