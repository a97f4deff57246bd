"""Checking built tables: each against its spec, and the references between them."""

from __future__ import annotations

import polars as pl

from italruss._errors import Problem
from italruss._spec import ACTORS, ALL_TABLES, SOURCES, STANCES, TOPICS, Table
from italruss._tables import check_frame

Tables = dict[str, pl.DataFrame]

#: (table, column, referenced table): every value of the column is an id of the referenced table.
REFERENCES: tuple[tuple[Table, str, Table], ...] = (
    (STANCES, "actor", ACTORS),
    (STANCES, "topic", TOPICS),
    (STANCES, "source", SOURCES),
    (ACTORS, "party", ACTORS),
    (TOPICS, "parent", TOPICS),
)


def file_name(table: Table) -> str:
    """The file a built table is stored in."""
    return f"{table.name}.parquet"


def check_tables(tables: Tables, *, deep: bool = False, full: bool = True) -> list[Problem]:
    """Every problem with a set of built tables (those of `tables` among current and history tables);
    `deep` adds pandera's validation of each table; `full=False` is the cheaper pass used on load
    (see `italruss._tables.check_frame`)."""
    present = [t for t in ALL_TABLES if t.name in tables]
    problems: list[Problem] = []
    for table in present:
        problems += check_frame(table, tables[table.name], file_name(table), full=full)
    if problems:
        return problems
    problems += check_references(tables)
    if deep:
        from italruss import _pandera

        for table in present:
            problems += _pandera.validate(table, tables[table.name], file_name(table))
    return problems


def check_references(tables: Tables) -> list[Problem]:
    """Every reference to an id that does not exist."""
    problems = []
    for table, column, target in REFERENCES:
        df = tables[table.name]
        known = tables[target.name]["id"].implode()
        bad = df.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(known))
        for rid, value in bad.select("id", column).iter_rows():
            message = f"{value!r} is not an id in {file_name(target)}"
            problems.append(Problem(file_name(table), None, rid, column, message))
    return problems
