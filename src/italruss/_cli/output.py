"""What the command line prints: tables for people (table, markdown) or machines (csv, json), and problems."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import Literal

import polars as pl

from italruss._errors import Problem

Format = Literal["table", "markdown", "csv", "json"]
FORMATS: tuple[Format, ...] = ("table", "markdown", "csv", "json")


def render(df: pl.DataFrame, fmt: Format = "table", *, max_text: int = 60) -> str:
    """`df` as text in the given format; `table` fits the terminal width."""
    if fmt == "csv":  # CSV has no lists: a list becomes its items joined by "|", as in `italruss export csv`
        from italruss._releases.tablefiles import flat

        return flat("the CSV output", df).write_csv()
    if fmt == "json":
        return df.write_json()
    style: Literal["ASCII_MARKDOWN", "UTF8_FULL_CONDENSED"] = (
        "ASCII_MARKDOWN" if fmt == "markdown" else "UTF8_FULL_CONDENSED"
    )
    width = shutil.get_terminal_size((120, 24)).columns
    with pl.Config(
        tbl_formatting=style,
        tbl_rows=-1,
        tbl_cols=-1,
        tbl_width_chars=width if fmt == "table" else 10_000,
        fmt_str_lengths=max_text if fmt == "table" else 10_000,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
    ):
        return str(df)


def colour(text: str, code: str, stream: object = sys.stderr) -> str:
    """`text` in an ANSI colour when `stream` is a terminal and NO_COLOR is not set; else as it is."""
    import os

    if os.environ.get("NO_COLOR") or not getattr(stream, "isatty", lambda: False)():
        return text
    return f"\033[{code}m{text}\033[0m"


def print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        where, _, rest = str(problem).partition(": ")
        print(f"{colour(where, '1')}: {colour(rest, '31')}" if rest else colour(where, "31"), file=sys.stderr)
    count = len(problems)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
