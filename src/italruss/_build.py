"""Compiling the record files into the parquet tables the package ships, atomically and reproducibly."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl

from italruss._catalog import Catalog
from italruss._checks import check_tables, file_name
from italruss._errors import ValidationError
from italruss._spec import ACTORS, SCHEMA_VERSION, SOURCES, STANCES, TABLES, TOPICS, Table
from italruss._tables import frame

#: Our own keys in each parquet file's key-value metadata.
META_SCHEMA = "italruss:schema_version"
META_TABLE = "italruss:table"

Tables = dict[str, pl.DataFrame]


def tables_from(catalog: Catalog, *, deep: bool = True) -> Tables:
    """The built tables of a catalog; raises ValidationError listing every problem if any."""
    if catalog.problems:
        raise ValidationError(list(catalog.problems))
    stance_rows = [{**st.data, "source": src.data["id"]} for src, st in catalog.stance_entries()]
    tables = {
        STANCES.name: frame(STANCES, stance_rows),
        SOURCES.name: frame(SOURCES, [s.source.data for s in catalog.sources]),
        ACTORS.name: frame(ACTORS, [a.data for a in catalog.actors]),
        TOPICS.name: frame(TOPICS, [t.data for t in catalog.topics]),
    }
    problems = check_tables(tables, deep=deep)
    if problems:
        raise ValidationError(problems)
    return tables


def metadata(table: Table, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {META_TABLE: table.name, META_SCHEMA: SCHEMA_VERSION, **(extra or {})}


def write_tables(tables: Tables, out_dir: Path, extra: dict[str, str] | None = None) -> list[Path]:
    """Write every table to `out_dir`: all files are replaced together, or none is touched."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for table in TABLES:
            fd, name = tempfile.mkstemp(dir=out_dir, prefix=f".{table.name}.", suffix=".tmp")
            os.close(fd)
            staged.append((Path(name), out_dir / file_name(table)))
            write_parquet(tables[table.name], Path(name), metadata(table, extra))
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [final for _, final in staged]


def write_parquet(df: pl.DataFrame, path: Path, meta: dict[str, str]) -> None:
    """Write with fixed options so that the same rows always give the same bytes."""
    df.write_parquet(path, compression="zstd", compression_level=9, statistics=True, metadata=meta)


def differences(tables: Tables, out_dir: Path, extra: dict[str, str] | None = None) -> list[str]:
    """How the parquet files in `out_dir` differ from `tables` (contents and our metadata)."""
    found = []
    for table in TABLES:
        path = out_dir / file_name(table)
        if not path.is_file():
            found.append(f"{path}: missing")
            continue
        on_disk = pl.read_parquet(path)
        if not on_disk.equals(tables[table.name]) or on_disk.schema != tables[table.name].schema:
            found.append(f"{path}: table contents differ from a fresh build")
        ours = {k: v for k, v in pl.read_parquet_metadata(path).items() if k.startswith("italruss:")}
        if ours != metadata(table, extra):
            found.append(f"{path}: file metadata {ours} differ from {metadata(table, extra)}")
    return found
