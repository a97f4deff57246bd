"""Rendering a table for people (table, markdown) or for machines (csv, json)."""

from __future__ import annotations

import shutil
from typing import Literal

import polars as pl

Format = Literal["table", "markdown", "csv", "json"]
FORMATS: tuple[Format, ...] = ("table", "markdown", "csv", "json")


def render(df: pl.DataFrame, fmt: Format = "table", *, max_text: int = 60) -> str:
    """`df` as text in the given format; `table` fits the terminal width."""
    if fmt == "csv":  # CSV has no lists: a list becomes its items joined by "; "
        lists = [name for name, dtype in df.schema.items() if isinstance(dtype, pl.List)]
        return df.with_columns(pl.col(lists).list.join("; ")).write_csv()
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
