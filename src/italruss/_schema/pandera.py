"""pandera models of the built tables, derived from the spec. Imported only where validation runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from italruss._errors import Problem
from italruss._schema.spec import Field, Table
from italruss._schema.tables import dtype

if TYPE_CHECKING:
    import pandera.polars as pa


def model(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of a built table: dtypes, nullability, allowed values, patterns, lengths."""
    import pandera.polars as pa

    columns = {
        f.name: pa.Column(
            dtype(f),
            checks=_checks(f),
            nullable=not f.required,
            unique=table.key == (f.name,),
            description=f.description,
        )
        for f in table.fields
    }
    unique = list(table.key) if len(table.key) > 1 else None
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=table.name, unique=unique)


def _checks(field: Field) -> list[pa.Check]:
    import pandera.polars as pa

    if field.kind == "list[str]":
        return [_list_check(field)]
    checks = []
    if field.choices is not None:
        checks.append(pa.Check.isin(list(field.choices)))
    if field.pattern is not None:
        checks.append(pa.Check.str_matches(field.pattern))
    if field.min_length is not None or field.max_length is not None:
        checks.append(pa.Check.str_length(field.min_length, field.max_length))
    return checks


def _list_check(field: Field) -> pa.Check:
    import pandera.polars as pa

    low, high = field.min_length or 0, field.max_length or 10**9

    def items_ok(data: Any) -> pl.LazyFrame:
        lengths = pl.element().str.len_chars()
        ok = pl.col(data.key).list.eval(lengths.is_between(low, high)).list.all()
        return data.lazyframe.select(ok)  # type: ignore[no-any-return]

    return pa.Check(items_ok, name=f"items_length_{low}_{high}")


#: Rows pandera checks at a time: its polars backend copies what it checks, so big tables go in slices.
#: Uniqueness across slices is `italruss._tables.check_frame`'s job, which runs on the whole table first.
CHUNK = 100_000


def validate(table: Table, df: pl.DataFrame, file: str) -> list[Problem]:
    """Validate a collected frame (schema and values) with pandera; every failure as a Problem."""
    import pandera.errors
    from pandera.config import ValidationDepth, config_context

    schema = model(table)
    problems: list[Problem] = []
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        for start in range(0, max(df.height, 1), CHUNK):
            part = df.slice(start, CHUNK)
            try:
                schema.validate(part, lazy=True)
            except pandera.errors.SchemaErrors as exc:
                problems += _problems(exc, part, file)
    return problems


def _problems(exc: Any, df: pl.DataFrame, file: str) -> list[Problem]:
    cases = exc.failure_cases
    problems = []
    for row in cases.iter_rows(named=True):
        index = row.get("index")
        record = df["id"][index] if isinstance(index, int) and index < df.height else None
        column = row.get("column")
        message = f"fails check {row.get('check')} (value {row.get('failure_case')!r})"
        problems.append(Problem(file, None, record, column if isinstance(column, str) else None, message))
    return problems
