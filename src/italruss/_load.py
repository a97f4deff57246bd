"""Finding and loading the shipped dataset files (or those of another folder), by release, validated."""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from italruss._checks import check_tables, file_name
from italruss._dataset import Dataset
from italruss._errors import DataNotFoundError, ValidationError
from italruss._history import at_version
from italruss._spec import ACTORS, META_DATASET, SCHEMA_VERSION, SOURCES, STANCES, TABLES, TOPICS, history_of

if TYPE_CHECKING:
    from italruss._versions import Release

#: Where the wheel puts the built files, inside the package.
PACKAGE_DATA = "_data"
#: The `version` that loads what the record files say now, released or not.
UNRELEASED = "unreleased"


def shipped_dir() -> Path:
    """The folder holding the dataset files that came with this install."""
    inside = Path(str(importlib.resources.files("italruss"))) / PACKAGE_DATA
    if (inside / file_name(STANCES)).is_file():
        return inside
    checkout = Path(__file__).resolve().parents[2] / "data"  # a source checkout, e.g. an editable install
    if (checkout / file_name(STANCES)).is_file():
        return checkout
    raise DataNotFoundError(inside, [file_name(t) for t in TABLES])


def load(path: str | os.PathLike[str] | None = None, *, version: str | None = None) -> Dataset:
    """Load a dataset release: the latest by default, or `version` (e.g. '2026.11.0'), validated.

    `path` names another folder holding the dataset files; `version='unreleased'` loads what the
    record files say now, released or not.
    """
    if path is None:
        return _load_cached(shipped_dir(), version)
    return _load_dir(Path(path), version)


def versions(path: str | os.PathLike[str] | None = None) -> list[Release]:
    """The dataset releases available (shipped, or in the folder `path`), oldest first."""
    from italruss._versions import releases

    directory = shipped_dir() if path is None else Path(path)
    return releases(directory)


@functools.cache
def _load_cached(directory: Path, version: str | None) -> Dataset:
    return _load_dir(directory, version)


def _read(directory: Path, names: list[str]) -> list[pl.DataFrame]:
    missing = [n for n in names if not (directory / n).is_file()]
    if missing:
        raise DataNotFoundError(directory, missing)
    return [pl.read_parquet(directory / n) for n in names]


def _current_is(directory: Path, version: str) -> bool:
    """Whether the current tables in `directory` are exactly release `version` (nothing pending)."""
    path = directory / file_name(STANCES)
    return path.is_file() and pl.read_parquet_metadata(path).get(META_DATASET) == version


def _load_dir(directory: Path, version: str | None) -> Dataset:
    from italruss._versions import check_known, order, read_releases

    entries = read_releases(directory)
    known = [e["version"] for e in entries]
    if version is None:
        version = known[-1] if known else UNRELEASED
    schema_version = SCHEMA_VERSION
    if version == UNRELEASED or _current_is(directory, version):
        frames = _read(directory, [file_name(t) for t in TABLES])
    else:
        check_known(version, known)
        names = [file_name(history_of(t)) for t in TABLES]
        missing = [n for n in names if not (directory / n).is_file()]
        if missing:
            raise DataNotFoundError(directory, missing)
        ranks = order(known)
        queries = [
            at_version(pl.scan_parquet(directory / n), t, version, ranks) for n, t in zip(names, TABLES, strict=True)
        ]
        frames = pl.collect_all(queries)  # the four tables read and filtered in parallel
    if version != UNRELEASED:
        check_known(version, known)
        schema_version = entries[known.index(version)]["schema_version"]
    tables = {t.name: df for t, df in zip(TABLES, frames, strict=True)}
    problems = check_tables(tables, full=False)
    if problems:
        raise ValidationError(problems)
    history_path = directory / file_name(history_of(STANCES))
    return Dataset(
        stances=tables[STANCES.name],
        actors=tables[ACTORS.name],
        topics=tables[TOPICS.name],
        sources=tables[SOURCES.name],
        path=directory,
        version=version,
        schema_version=schema_version,
        history=(lambda: pl.read_parquet(history_path)) if history_path.is_file() else None,
    )
