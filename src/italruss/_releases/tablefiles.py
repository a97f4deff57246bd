"""Write a release's tables as CSV, parquet or Excel files, for tools that read neither polars nor SQLite.

A CSV cell or an Excel cell holds one value, so a list column (`actors.aliases`) is written as its items
joined by `LIST_SEPARATOR` (`"Di Battista|Dibba"`; an empty list is an empty cell, a missing one too). An
item that itself holds the separator would make the cell ambiguous: it is refused, naming the table, the
row and the column, never altered. Parquet keeps lists as lists. Dates are ISO `YYYY-MM-DD` text in CSV.
Files are written beside their final names and renamed when all are complete: a failed export leaves the
folder as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

import polars as pl

from italruss._errors import ItalrussError, Problem, ValidationError

Format = Literal["csv", "parquet", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "xlsx")
#: What joins a list cell's items in CSV and Excel.
LIST_SEPARATOR = "|"


def flat(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every list column joined by `LIST_SEPARATOR`; a `ValidationError` when an item holds it."""
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    problems = []
    for column in lists:
        bad = frame.filter(pl.col(column).list.eval(pl.element().str.contains(LIST_SEPARATOR, literal=True)).list.any())
        key = "id" if "id" in frame.columns else None
        for row in bad.iter_rows(named=True):
            message = f"an item holds {LIST_SEPARATOR!r}, which joins a list cell's items"
            problems.append(Problem(name, None, str(row[key]) if key else None, column, message))
    if problems:
        raise ValidationError(problems)
    return frame.with_columns(pl.col(c).list.join(LIST_SEPARATOR) for c in lists)


def write_tables(tables: Mapping[str, pl.DataFrame], out: str | os.PathLike[str], fmt: Format) -> list[Path]:
    """Write `tables`: one `<table>.csv` or `<table>.parquet` each in the folder `out`, or one workbook
    `out` (`.xlsx`) with a sheet per table. Returns the files written.

    Excel needs the `xlsx` extra (XlsxWriter).
    """
    if fmt not in FORMATS:
        raise ItalrussError(f"format {fmt!r}: not one of {', '.join(FORMATS)}")
    target = Path(out)
    if fmt == "xlsx":
        return [_workbook(tables, target)]
    if target.exists() and not target.is_dir():
        raise ItalrussError(f"{target}: is a file; give the folder to write the {fmt} files in")
    if not target.parent.is_dir():
        raise ItalrussError(f"{target.parent}: no such folder")
    frames = {name: flat(name, df) if fmt == "csv" else df for name, df in tables.items()}
    target.mkdir(exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, frame in frames.items():
            final = target / f"{name}.{fmt}"
            partial = target / f".{final.name}.partial"
            staged.append((partial, final))
            frame.write_csv(partial) if fmt == "csv" else frame.write_parquet(partial)
        for partial, final in staged:
            os.replace(partial, final)
    except OSError as exc:
        raise ItalrussError(f"{target}: cannot write the {fmt} files: {exc}") from None
    finally:
        for partial, _ in staged:
            partial.unlink(missing_ok=True)
    return [final for _, final in staged]


@contextlib.contextmanager
def replacing(target: Path, what: str, errors: tuple[type[Exception], ...] = ()) -> Iterator[Path]:
    """A partial file beside `target` for the block to write; renamed over `target` when the block ends.

    A failed write (an `OSError`, or one of `errors`) leaves `target` as it was and is an `ItalrussError`
    naming it; so are a folder given as `target` and a missing parent folder. `what` names the file in
    those messages ("database file", "workbook").
    """
    if target.is_dir():
        raise ItalrussError(f"{target}: is a folder; give the {what} to write")
    if not target.parent.is_dir():
        raise ItalrussError(f"{target.parent}: no such folder")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    caught: tuple[type[Exception], ...] = (OSError, *errors)
    try:
        yield partial
        os.replace(partial, target)
    except caught as exc:
        raise ItalrussError(f"{target}: cannot write the {what}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def _workbook(tables: Mapping[str, pl.DataFrame], target: Path) -> Path:
    try:
        import xlsxwriter
    except ImportError:
        raise ItalrussError('writing Excel needs XlsxWriter: pip install "italruss[xlsx]"') from None
    if target.suffix != ".xlsx":
        raise ItalrussError(f"{target}: an Excel workbook's name ends in .xlsx")
    frames = {name: flat(name, df) for name, df in tables.items()}
    failures = (xlsxwriter.exceptions.XlsxWriterException,)
    with replacing(target, "workbook", failures) as partial, xlsxwriter.Workbook(partial) as book:
        for name, frame in frames.items():
            frame.write_excel(book, worksheet=name, autofit=True)
    return target
