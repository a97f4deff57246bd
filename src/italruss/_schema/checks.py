"""Checking built tables: each against its spec, and the references between them."""

from __future__ import annotations

import polars as pl

from italruss._errors import Problem
from italruss._schema.spec import ACTORS, ALL_TABLES, LINEAGE, MEMBERSHIPS, SOURCES, STANCES, TOPICS, Table
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
        extra = reference_checks(table, tables)
        problems += check_frame(table, tables[table.name], file_name(table), full=full, extra=extra)
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
