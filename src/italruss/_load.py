"""Loading a dataset release (shipped, or from another folder) into a validated `Dataset`."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from italruss._dataset import Dataset
from italruss._errors import ValidationError
from italruss._releases.store import UNRELEASED, read_release, shipped_dir
from italruss._schema.checks import check_tables, file_name
from italruss._schema.spec import ACTORS, SOURCES, STANCES, TOPICS, history_of

if TYPE_CHECKING:
    from italruss._releases.store import Release

__all__ = ["UNRELEASED", "load", "shipped_dir", "versions"]


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
    from italruss._releases.store import releases

    directory = shipped_dir() if path is None else Path(path)
    return releases(directory)


@functools.cache
def _load_cached(directory: Path, version: str | None) -> Dataset:
    return _load_dir(directory, version)


def _load_dir(directory: Path, version: str | None) -> Dataset:
    stored = read_release(directory, version)
    tables = stored.tables
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
        version=stored.version,
        schema_version=stored.schema_version,
        history=(lambda: pl.read_parquet(history_path)) if history_path.is_file() else None,
    )
