"""Descriptive statistics of a dataset: counts by facet, and the actors whose stances moved most."""

from __future__ import annotations

import polars as pl

from italruss._dataset import Dataset
from italruss._snapshot import timeline


def counts(ds: Dataset) -> dict[str, pl.DataFrame]:
    """Record counts by topic, year, actor kind, source language, confidence and evidence."""
    s = ds.stances.join(ds.actors.select(pl.col("id").alias("actor"), pl.col("kind").alias("actor_kind")), on="actor")
    s = s.join(ds.sources.select(pl.col("id").alias("source"), "language"), on="source")
    s = s.with_columns(pl.col("date").dt.year().alias("year"))
    facets = ("topic", "year", "actor_kind", "language", "confidence", "evidence")
    return {f: s.group_by(f).len("records").sort(f) for f in facets}


def movers(ds: Dataset, top: int = 15) -> pl.DataFrame:
    """Actors with the most stance changes (a record whose stance differs from the previous one on its topic)."""
    tl = timeline(ds.stances.lazy())
    changed = tl.filter(pl.col("change").is_not_null() & (pl.col("change") != 0))
    per_actor = changed.group_by("actor").agg(
        pl.len().alias("changes"), pl.col("topic").unique().sort().str.join(", ").alias("topics")
    )
    return per_actor.sort(["changes", "actor"], descending=[True, False]).head(top)
