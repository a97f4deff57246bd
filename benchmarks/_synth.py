"""A seeded generator of synthetic italruss datasets that pass the schema, for benchmarks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl

import italruss
from italruss._releases.history import at_version
from italruss._releases.store import RELEASES_FILE, columns_signature, order, write_releases
from italruss._schema.checks import file_name
from italruss._schema.spec import (
    ACTORS,
    ALL_TABLES,
    LINEAGE,
    MEMBERSHIPS,
    SCHEMA_VERSION,
    SOURCES,
    STANCES,
    TABLES,
    history_of,
)
from italruss._schema.tables import schema
from italruss._workshop.build import metadata, write_parquet

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
START = dt.date(2014, 1, 1)
DAYS = 12 * 365


def _pick(index: pl.Expr, seed: int, modulo: int) -> pl.Expr:
    """A deterministic pseudo-random integer in [0, modulo) per row."""
    return (index.hash(seed) % modulo).cast(pl.Int64)


def _record_id(index: pl.Expr) -> pl.Expr:
    digits = [((index // (32**i)) % 32).cast(pl.Int64) for i in range(9)]
    chars = [d.replace_strict(list(range(32)), list(ALPHABET), return_dtype=pl.String) for d in digits]
    return pl.concat_str([pl.lit("r"), *chars])


def stances(n: int, n_actors: int = 2000, n_sources: int = 5000, seed: int = 7) -> pl.DataFrame:
    """`n` stance rows over `n_actors` actors, the shipped topics and 12 years, sorted as a build sorts."""
    topics = italruss.load().topics.filter(pl.col("parent").is_not_null())["id"].to_list()
    i = pl.int_range(n, dtype=pl.Int64)
    df = pl.select(
        _record_id(i).alias("id"),
        pl.format("actor-{}", _pick(i, seed, n_actors).cast(pl.String).str.zfill(5)).alias("actor"),
        _pick(i, seed + 1, len(topics)).replace_strict(list(range(len(topics))), topics).alias("topic"),
        (_pick(i, seed + 2, 5) - 2).cast(pl.Int8).alias("stance"),
        (pl.lit(START) + pl.duration(days=_pick(i, seed + 3, DAYS))).alias("date"),
        pl.lit("day").alias("date_precision"),
        pl.lit("statement").alias("evidence"),
        pl.lit("direct").alias("attribution"),
        pl.lit(None, dtype=pl.String).alias("capacity"),
        pl.format(
            "At a press conference in Rome, actor {} stated a position on the topic; a generated record.", i
        ).alias("summary"),
        _pick(i, seed + 4, 3).replace_strict([0, 1, 2], ["high", "medium", "low"]).alias("confidence"),
        pl.lit(None, dtype=pl.String).alias("note"),
        pl.format("src-{}", _pick(i, seed + 5, n_sources).cast(pl.String).str.zfill(6)).alias("source"),
    )
    return df.cast(dict(schema(STANCES))).sort(STANCES.sort_by)


def tables(n: int, n_actors: int = 2000, n_sources: int = 5000, seed: int = 7) -> dict[str, pl.DataFrame]:
    """A whole synthetic dataset: stances plus matching actors, topics and sources."""
    shipped = italruss.load()
    actor_ids = pl.format("actor-{}", pl.int_range(n_actors).cast(pl.String).str.zfill(5))
    actors = pl.select(
        actor_ids.alias("id"),
        pl.format("Actor {}", pl.int_range(n_actors)).alias("name"),
        pl.lit([], dtype=pl.List(pl.String)).alias("aliases"),
        pl.when(pl.int_range(n_actors) < N_PARTIES).then(pl.lit("party")).otherwise(pl.lit("person")).alias("kind"),
        pl.lit("IT").alias("country"),
        pl.lit(None, dtype=pl.String).alias("party"),
        pl.lit(None, dtype=pl.String).alias("wikidata"),
        pl.lit(None, dtype=pl.String).alias("partyfacts"),
        pl.lit(None, dtype=pl.String).alias("parlgov"),
        pl.lit(None, dtype=pl.String).alias("ches"),
    ).cast(dict(schema(ACTORS)))
    source_ids = pl.format("src-{}", pl.int_range(n_sources).cast(pl.String).str.zfill(6))
    sources = pl.select(
        source_ids.alias("id"),
        pl.format("https://example.org/{}", source_ids).alias("url"),
        pl.lit("Example Press").alias("publisher"),
        pl.lit("A generated source").alias("title"),
        pl.lit(dt.date(2026, 1, 1)).alias("published"),
        pl.lit("en").alias("language"),
        pl.lit(None, dtype=pl.String).alias("note"),
    ).cast(dict(schema(SOURCES)))
    return {
        "stances": stances(n, n_actors, n_sources, seed),
        "actors": actors,
        "topics": shipped.topics,
        "sources": sources,
        "memberships": memberships(n_actors, source_ids),
        "lineage": pl.DataFrame(schema=schema(LINEAGE)),
    }


#: The first actors of a synthetic dataset are parties; every person is a member of one of them.
N_PARTIES = 50


def memberships(n_actors: int, source_ids: pl.Expr) -> pl.DataFrame:
    """Every person a member of party `i % N_PARTIES` since 2010; persons 50-99 lead their party."""
    person = pl.int_range(N_PARTIES, n_actors)
    party = pl.format("actor-{}", (person % N_PARTIES).cast(pl.String).str.zfill(5))
    rows = pl.select(
        pl.format("m{}", person.cast(pl.String).str.zfill(9)).alias("id"),
        pl.format("actor-{}", person.cast(pl.String).str.zfill(5)).alias("person"),
        party.alias("party"),
        pl.when(person < 2 * N_PARTIES).then(pl.lit("leader")).otherwise(pl.lit("member")).alias("role"),
        pl.lit(None, pl.String).alias("title"),
        pl.lit(dt.date(2010, 1, 1)).alias("start"),
        pl.lit("day").alias("start_precision"),
        pl.lit(None, pl.Date).alias("end"),
        pl.lit(None, pl.String).alias("end_precision"),
        pl.lit("src-000000").alias("source"),
        pl.lit(None, pl.String).alias("end_source"),
        pl.lit(None, pl.String).alias("note"),
    )
    return rows.cast(dict(schema(MEMBERSHIPS))).sort(MEMBERSHIPS.sort_by)


RELEASES = ("2026.01.0", "2026.04.0", "2026.07.0", "2026.10.0")


def histories(data: dict[str, pl.DataFrame], seed: int = 7) -> dict[str, pl.DataFrame]:
    """Histories over four releases: records added across them, 5% corrected and 1% withdrawn later."""
    out = {}
    for table in TABLES:
        history = history_of(table)
        i = pl.int_range(pl.len(), dtype=pl.Int64)
        df = data[table.name].with_columns((_pick(i, seed + 9, 100) if table is STANCES else pl.lit(99)).alias("b"))
        if "withdrawn" in history.columns:
            df = df.with_columns(pl.lit(None, pl.String).alias("withdrawn"))
        spread = _pick(i, seed + 8, 4) if table is STANCES else pl.lit(0, pl.Int64)
        first = pl.when(pl.col("b") < 6).then(pl.col("b") % 2).otherwise(spread)
        base = df.with_columns(
            pl.lit(1, pl.Int32).alias("revision"),
            first.replace_strict(list(range(4)), list(RELEASES)).alias("added_in"),
            pl.when(pl.col("b") < 6).then(pl.lit(RELEASES[3])).otherwise(None).alias("retracted_in"),
        )
        later = base.filter(pl.col("b") < 6).with_columns(
            pl.lit(2, pl.Int32).alias("revision"),
            pl.lit(RELEASES[3]).alias("added_in"),
            pl.lit(None, pl.String).alias("retracted_in"),
        )
        if table is STANCES:
            reason = pl.when(pl.col("b") == 5).then(pl.lit("Withdrawn in a generated release."))
            later = later.with_columns((pl.col("stance") * -1).cast(pl.Int8), reason.otherwise(None).alias("withdrawn"))
        both = pl.concat([base, later]).select(history.columns).cast(schema(history))
        out[history.name] = both.sort(history.sort_by)
    return out


def write(directory: Path, n: int, seed: int = 7) -> Path:
    """Write a synthetic dataset's files into `directory`: current tables, histories and releases."""
    directory.mkdir(parents=True, exist_ok=True)
    data = tables(n, seed=seed)
    data.update(histories(data, seed))
    ranks = order(list(RELEASES))
    for table in TABLES:  # the current tables are the latest release
        data[table.name] = at_version(data[history_of(table).name].lazy(), table, RELEASES[-1], ranks).collect()
    for table in ALL_TABLES:
        write_parquet(data[table.name], directory / file_name(table), metadata(table, RELEASES[-1]))
    entries = [
        {
            "version": v,
            "date": f"2026-{3 * k + 1:02d}-01",
            "schema_version": SCHEMA_VERSION,
            "records": 0,
            "added": 0,
            "corrected": 0,
            "withdrawn": 0,
            "columns": columns_signature(),
        }
        for k, v in enumerate(RELEASES)
    ]
    write_releases(directory / RELEASES_FILE, entries)
    return directory


def write_shuffled(directory: Path, target: Path, seed: int = 1) -> Path:
    """A copy of the dataset in `directory` whose stances file holds the same rows in random order.

    It stands for a folder written by another tool: it loads and validates as the original does, but no
    fast path for the build's order applies.
    """
    target.mkdir(parents=True, exist_ok=True)
    for path in directory.iterdir():
        shutil.copyfile(path, target / path.name)
    stances = pl.read_parquet(directory / file_name(STANCES)).sample(fraction=1.0, shuffle=True, seed=seed)
    write_parquet(stances, target / file_name(STANCES), metadata(STANCES, RELEASES[-1]))
    return target
