"""Checking built tables: each against its spec, and the references between them."""

from __future__ import annotations

import datetime as dt

import polars as pl

from italruss._errors import Problem
from italruss._schema.spec import ACTORS, ALL_TABLES, LINEAGE, MEMBERSHIPS, SOURCES, STANCES, TOPICS, Table, history_of
from italruss._schema.tables import check_frame

Tables = dict[str, pl.DataFrame]

#: (table, column, referenced table): every value of the column is an id of the referenced table.
REFERENCES: tuple[tuple[Table, str, Table], ...] = (
    (STANCES, "actor", ACTORS),
    (STANCES, "topic", TOPICS),
    (STANCES, "source", SOURCES),
    (ACTORS, "party", ACTORS),
    (TOPICS, "parent", TOPICS),
    (MEMBERSHIPS, "person", ACTORS),
    (MEMBERSHIPS, "party", ACTORS),
    (MEMBERSHIPS, "source", SOURCES),
    (MEMBERSHIPS, "end_source", SOURCES),
    (LINEAGE, "party", ACTORS),
    (LINEAGE, "predecessor", ACTORS),
    (LINEAGE, "source", SOURCES),
)


def file_name(table: Table) -> str:
    """The file a built table is stored in."""
    return f"{table.name}.parquet"


def check_tables(tables: Tables, *, deep: bool = False, full: bool = True) -> list[Problem]:
    """Every problem with a set of built tables (those of `tables` among current and history tables).

    `deep` adds pandera's validation of each table; `full=False` is the cheaper pass used on load (see
    `italruss._tables.check_frame`). References between tables are checked in the same pass.
    """
    present = [t for t in ALL_TABLES if t.name in tables]
    problems: list[Problem] = []
    for table in present:
        extra = reference_checks(table, tables) + date_checks(table, tables)
        problems += check_frame(table, tables[table.name], file_name(table), full=full, extra=extra)
    if TOPICS.name in tables:
        problems += topic_cycles(tables[TOPICS.name])
    if deep and not problems:
        from italruss._schema import pandera as _pandera

        for table in present:
            problems += _pandera.validate(table, tables[table.name].select(table.columns), file_name(table))
    return problems


def reference_checks(table: Table, tables: Tables) -> list[tuple[str, str, pl.Expr, pl.Expr]]:
    """(column, message, expression true on valid rows, scalar true when all are): every reference of `table`
    to an existing id."""
    out = []
    for source, column, target in REFERENCES:
        if source.name == table.name and target.name in tables:
            known = tables[target.name]["id"].implode()
            valid = pl.col(column).is_null() | pl.col(column).is_in(known)
            out.append((column, f"is not an id in {file_name(target)}", valid, pl.col(column).is_in(known).all()))
    return out


def date_checks(table: Table, tables: Tables) -> list[tuple[str, str, pl.Expr, pl.Expr]]:
    """(column, message, valid rows, scalar true when all are) of the date rules: no stance in the future
    or after its source's publication date."""
    if table.name not in (STANCES.name, history_of(STANCES).name):
        return []
    today = dt.date.today()
    future = pl.col("date") <= today
    out = [("date", f"is in the future (after {today})", future, pl.col("date").max() <= today)]
    sources = tables.get(SOURCES.name)
    if sources is not None and "published" in sources.columns:
        published = pl.col("source").replace_strict(
            sources["id"], sources["published"], default=None, return_dtype=pl.Date
        )
        in_time = published.is_null() | (pl.col("date") <= published)
        out.append(("date", "is after its source's publication date", in_time, in_time.all()))
    return out


def topic_cycles(topics: pl.DataFrame) -> list[Problem]:
    """A problem for each topic whose chain of parents comes back to itself."""
    parents = dict(topics.select(pl.col("id").cast(pl.String), pl.col("parent").cast(pl.String)).iter_rows())
    problems = []
    for start in sorted(parents):
        seen, current = {start}, parents.get(start)
        while current is not None and current in parents and current not in seen:
            seen.add(current)
            current = parents[current]
        if current == start:
            problems.append(Problem(file_name(TOPICS), None, start, "parent", "topics' parents form a cycle"))
    return problems
