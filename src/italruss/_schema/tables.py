"""From the spec to polars: table dtypes, building frames from records, and fast value checks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from italruss._errors import Problem
from italruss._schema.spec import RECORD_ID, UNSAFE_TEXT_RUST, Field, Table

#: The polars dtype of each kind of field but `enum` (an Enum of the field's own choices).
KIND_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int": pl.Int8(),
    "count": pl.Int32(),
    "date": pl.Date(),
    "list[str]": pl.List(pl.String()),
    "category": pl.Categorical(),
}


def dtype(field: Field) -> pl.DataType:
    """The polars dtype of a field's column (an Enum of its choices for an `enum` field)."""
    if field.kind == "enum":
        return pl.Enum([str(c) for c in field.choices or ()])
    return KIND_DTYPES[field.kind]


def schema(table: Table) -> pl.Schema:
    """The polars schema of a built table, columns in spec order."""
    return pl.Schema({f.name: dtype(f) for f in table.fields})


def frame(table: Table, rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A table's frame from record dicts (missing optional fields become null), sorted by its key."""
    columns = table.columns
    data = [{name: row.get(name) for name in columns} for row in rows]
    return pl.DataFrame(data, schema=schema(table), orient="row").sort(table.sort_by)


MISSING = "required value is missing"


def field_checks(field: Field, distinct: bool = False, half: int | None = None) -> list[tuple[str, pl.Expr]]:
    """(message, expression true on valid rows) for every rule the spec states for a field.

    With `distinct`, the value rules are checked on the column's distinct values only: the same verdict
    for `.all()`, much cheaper on a column with few distinct values (actor, topic, source...). With
    `half` (0 or 1), on that half of the rows only.
    """
    base = pl.col(field.name).unique() if distinct else pl.col(field.name)
    if half is not None:
        base = base.slice(pl.len() // 2) if half else base.slice(0, pl.len() // 2)
    checks: list[tuple[str, pl.Expr]] = []
    if field.required:
        checks.append((MISSING, pl.col(field.name).is_not_null()))
    if field.choices is not None:
        allowed = pl.Series(field.choices, dtype=dtype(field)).implode()
        checks.append(
            (f"not one of {', '.join(map(str, field.choices))}", _each(field, base, lambda e: e.is_in(allowed)))
        )
    if field.pattern is not None:
        pattern = field.pattern
        checks.append((f"does not match {pattern}", _each(field, base, lambda e: e.str.contains(pattern))))
    if field.kind in ("str", "list[str]"):
        clean = (
            "holds an invisible or control character",
            _each(field, base, lambda e: ~e.str.contains(UNSAFE_TEXT_RUST)),
        )
        checks.append(clean)
    if field.min_length is not None:
        low = field.min_length
        checks.append((f"shorter than {low} characters", _each(field, base, lambda e: e.str.len_chars() >= low)))
    if field.max_length is not None:
        high = field.max_length
        checks.append((f"longer than {high} characters", _each(field, base, lambda e: e.str.len_chars() <= high)))
    return checks


def _each(field: Field, base: pl.Expr, rule: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """`rule` applied to the column, or to every item of a list column; a null value passes."""
    if field.kind == "list[str]":
        return base.list.eval(rule(pl.element())).list.all().fill_null(True)
    return rule(base).fill_null(True)


#: Columns whose values must be ids of another table: the reference check covers their form.
REFERENCE_COLUMNS = frozenset({"actor", "topic", "source", "party", "parent"})


def quick_checks(table: Table, field: Field) -> list[pl.Expr]:
    """Cheap scalar expressions, one per rule of `field_checks`, each true when the rule surely holds.

    A false one is not yet a problem: the exact rule is then run row by row. Lengths are bounded by byte
    counts (a string of n bytes has at most n characters and at least n / 4), patterns of reference
    columns are left to the reference check, integer choices that make a range are bounds, and other
    value rules run on distinct values.
    """
    exact = field_checks(field, distinct=field.name not in table.key and not _free_text(field))
    out = []
    for message, expr in exact:
        if field.kind == "int" and message.startswith("not one of") and _is_range(field.choices):
            low, high = min(field.choices or (0,)), max(field.choices or (0,))
            column = pl.col(field.name)
            out.append(((column.min() >= low) & (column.max() <= high)).fill_null(True))
        elif field.kind == "enum" and message != MISSING:
            out.append(pl.lit(True))  # the Enum dtype admits its choices only
        elif field.kind != "str" or message == MISSING:
            out.append(expr)
        elif message.startswith("does not match") and field.name in REFERENCE_COLUMNS:
            out.append(pl.lit(True))
        elif message.startswith("does not match") and field.pattern == RECORD_ID:
            text = pl.col(field.name)
            out.append(((text.str.len_bytes() == 10) & text.str.starts_with("r")).fill_null(True))
        elif message.startswith("shorter") and field.min_length is not None:
            out.append((pl.col(field.name).str.len_bytes() >= 4 * field.min_length).fill_null(True))
        elif message.startswith("longer") and field.max_length is not None:
            out.append((pl.col(field.name).str.len_bytes() <= field.max_length).fill_null(True))
        else:
            out.append(expr)
    return out


def _is_range(choices: Sequence[object] | None) -> bool:
    """Whether `choices` are every integer from their least to their greatest."""
    values = [c for c in choices or () if isinstance(c, int)]
    return (
        bool(values) and len(values) == len(choices or ()) and set(values) == set(range(min(values), max(values) + 1))
    )


def _free_text(field: Field) -> bool:
    """A text field of prose (a summary, a note): its values rarely repeat, so checking distinct values
    would only add the cost of finding them."""
    return field.kind == "str" and field.pattern is None and (field.max_length is None or field.max_length > 120)


@functools.cache
def _rules(table: Table, full: bool) -> tuple[list[tuple[pl.Expr, ...]], list[tuple[str, str, pl.Expr]]]:
    """The first pass's scalar expressions and, in the same order, each rule's (column, message, row check).

    A rule of a prose field is two scalar expressions, one per half of the rows (the rule holds when both
    do): polars runs separate expressions in parallel, so the longest scan, the summaries', takes two
    cores. Worked out once per table: they follow from the spec alone.
    """
    first: list[tuple[pl.Expr, ...]] = []
    exact = []
    for f in table.fields:
        if _free_text(f):
            halves = [[e for _, e in field_checks(f, half=h)] for h in (0, 1)]
            pairs = zip(*halves, strict=True)
            quick: list[tuple[pl.Expr, ...]] = [tuple(e.all(ignore_nulls=True) for e in pair) for pair in pairs]
        else:
            distinct = f.name not in table.key
            exprs = quick_checks(table, f) if not full else [e for _, e in field_checks(f, distinct)]
            quick = [(e.all(ignore_nulls=True),) for e in exprs]
        for parts, (message, rows) in zip(quick, field_checks(f), strict=True):
            first.append(parts)
            exact.append((f.name, message, rows))
    return first, exact


def check_frame(
    table: Table,
    df: pl.DataFrame,
    file: str,
    *,
    full: bool = True,
    extra: Sequence[tuple[str, str, pl.Expr, pl.Expr]] = (),
) -> list[Problem]:
    """Every way `df` breaks the spec of `table`, checked as whole-column polars expressions.

    One parallel pass decides whether anything may be wrong (uniqueness on row hashes); only a rule that
    failed there is run again row by row, to name the records. `full=False` makes that first pass
    cheaper (see `quick_checks`): a rule it cannot vouch for is then checked exactly, so the verdict is
    the same, except that the exact form of record ids is left to full validation. `extra`: more rules,
    as (column, message, row check, scalar check true when every row passes).
    """
    expected = schema(table)
    retired = table.name.endswith("-history")  # a history keeps the columns the spec has retired, after its own
    shown = pl.Schema(list(df.schema.items())[: len(expected)]) if retired else df.schema
    if shown != expected:
        return [Problem(file, None, None, None, f"columns {dict(df.schema)} differ from the schema {dict(expected)}")]
    rules, checks = _rules(table, full)
    empty = {c.name for c in df.get_columns() if c.null_count() == df.height}  # no value to check
    skip = (pl.lit(True),)
    rules = [skip if n in empty and m != MISSING else r for r, (n, m, _) in zip(rules, checks, strict=True)]
    first = [*rules, *((quick,) for *_, quick in extra)]
    exact = [*checks, *((name, message, rows) for name, message, rows, _ in extra)]
    key = pl.struct(table.key).hash() if len(table.key) > 1 else pl.col(table.key[0]).hash()
    groups = [*first, (key.n_unique() == pl.len(),)]
    values = df.select([e.alias(str(i)) for i, e in enumerate(e for parts in groups for e in parts)]).row(0)
    results, at = [], 0
    for parts in groups:  # a rule holds when each of its parts does
        results.append(all(values[at : at + len(parts)]))
        at += len(parts)
    problems: list[Problem] = []
    for ok, (name, message, rows) in zip(results, exact, strict=False):
        if not ok:
            problems += _row_problems(df, file, name, message, rows)
    if not results[-1]:
        duplicated = df.filter(pl.struct(table.key).is_duplicated())["id"].unique().sort()
        problems += [Problem(file, None, rid, "id", f"{', '.join(table.key)} is not unique") for rid in duplicated]
    return problems


def _row_problems(df: pl.DataFrame, file: str, name: str, message: str, expr: pl.Expr) -> list[Problem]:
    bad = df.filter(~expr.fill_null(False)).select(pl.col("id").alias("_row_id"), pl.col(name).alias("_value"))
    if message.startswith("is not an id"):  # name the missing id too
        return [Problem(file, None, rid, name, f"{value!r} {message}") for rid, value in bad.iter_rows()]
    return [Problem(file, None, rid, name, message) for rid in bad["_row_id"]]
