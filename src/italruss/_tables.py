"""From the spec to polars: table dtypes, building frames from records, and fast value checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl

from italruss._errors import Problem
from italruss._spec import Field, Table

_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int": pl.Int8(),
    "count": pl.Int32(),
    "date": pl.Date(),
    "list[str]": pl.List(pl.String()),
}


def dtype(field: Field) -> pl.DataType:
    """The polars dtype of a field's column."""
    return _DTYPES[field.kind]


def schema(table: Table) -> pl.Schema:
    """The polars schema of a built table, columns in spec order."""
    return pl.Schema({f.name: dtype(f) for f in table.fields})


def frame(table: Table, rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A table's frame from record dicts (missing optional fields become null), sorted by its key."""
    columns = table.columns
    data = [{name: row.get(name) for name in columns} for row in rows]
    return pl.DataFrame(data, schema=schema(table), orient="row").sort(table.sort_by)


def field_checks(field: Field) -> list[tuple[str, pl.Expr]]:
    """(message, expression true on valid rows) for every rule the spec states for a field."""
    checks: list[tuple[str, pl.Expr]] = []
    if field.required:
        checks.append(("required value is missing", pl.col(field.name).is_not_null()))
    if field.choices is not None:
        allowed = pl.Series(field.choices, dtype=dtype(field)).implode()
        checks.append((f"not one of {', '.join(map(str, field.choices))}", _each(field, lambda e: e.is_in(allowed))))
    if field.pattern is not None:
        pattern = field.pattern
        checks.append((f"does not match {pattern}", _each(field, lambda e: e.str.contains(pattern))))
    if field.min_length is not None:
        low = field.min_length
        checks.append((f"shorter than {low} characters", _each(field, lambda e: e.str.len_chars() >= low)))
    if field.max_length is not None:
        high = field.max_length
        checks.append((f"longer than {high} characters", _each(field, lambda e: e.str.len_chars() <= high)))
    return checks


def _each(field: Field, rule: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """`rule` applied to the column, or to every item of a list column; a null value passes."""
    if field.kind == "list[str]":
        return pl.col(field.name).list.eval(rule(pl.element())).list.all().fill_null(True)
    return rule(pl.col(field.name)).fill_null(True)


def check_frame(table: Table, df: pl.DataFrame, file: str) -> list[Problem]:
    """Every way `df` breaks the spec of `table`, checked as whole-column polars expressions."""
    expected = schema(table)
    if df.schema != expected:
        return [Problem(file, None, None, None, f"columns {dict(df.schema)} differ from the schema {dict(expected)}")]
    problems: list[Problem] = []
    named = [(f.name, msg, expr) for f in table.fields for msg, expr in field_checks(f)]
    results = df.select([expr.all(ignore_nulls=True).alias(str(i)) for i, (_, _, expr) in enumerate(named)])
    for i, (name, message, expr) in enumerate(named):
        if not results[str(i)][0]:
            problems += _row_problems(df, file, name, message, expr)
    duplicated = df.filter(pl.struct(table.key).is_duplicated())["id"].unique().sort()
    problems += [Problem(file, None, rid, "id", f"{', '.join(table.key)} is not unique") for rid in duplicated]
    return problems


def _row_problems(df: pl.DataFrame, file: str, name: str, message: str, expr: pl.Expr) -> list[Problem]:
    ids = df.filter(~expr)["id"].to_list()
    return [Problem(file, None, rid, name, message) for rid in ids]
