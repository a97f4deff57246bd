"""Finding and loading the shipped dataset files (or those of another folder), validated."""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path

import polars as pl

from italruss._checks import check_tables, file_name
from italruss._dataset import Dataset
from italruss._errors import DataNotFoundError, ValidationError
from italruss._spec import ACTORS, SOURCES, STANCES, TABLES, TOPICS

#: Where the wheel puts the built files, inside the package.
PACKAGE_DATA = "_data"


def shipped_dir() -> Path:
    """The folder holding the dataset files that came with this install."""
    inside = Path(str(importlib.resources.files("italruss"))) / PACKAGE_DATA
    if (inside / file_name(STANCES)).is_file():
        return inside
    checkout = Path(__file__).resolve().parents[2] / "data"  # a source checkout, e.g. an editable install
    if (checkout / file_name(STANCES)).is_file():
        return checkout
    raise DataNotFoundError(inside, [file_name(t) for t in TABLES])


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the shipped dataset, or the one built into the folder `path`; validated on the way."""
    if path is None:
        return _load_cached(shipped_dir())
    return _load_dir(Path(path))


@functools.cache
def _load_cached(directory: Path) -> Dataset:
    return _load_dir(directory)


def _load_dir(directory: Path) -> Dataset:
    missing = [file_name(t) for t in TABLES if not (directory / file_name(t)).is_file()]
    if missing:
        raise DataNotFoundError(directory, missing)
    tables = {t.name: pl.read_parquet(directory / file_name(t)) for t in TABLES}
    problems = check_tables(tables)
    if problems:
        raise ValidationError(problems)
    return Dataset(
        stances=tables[STANCES.name],
        actors=tables[ACTORS.name],
        topics=tables[TOPICS.name],
        sources=tables[SOURCES.name],
        path=directory,
    )
