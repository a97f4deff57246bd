"""Finding and loading the shipped dataset files (or those of another folder), by release, validated."""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path

import polars as pl

from italruss._checks import check_tables, file_name
from italruss._dataset import Dataset
from italruss._errors import DataNotFoundError, ValidationError
from italruss._history import at_version
from italruss._spec import ACTORS, SCHEMA_VERSION, SOURCES, STANCES, TABLES, TOPICS, history_of
from italruss._versions import Release, check_known, order, read_releases, releases

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
    directory = shipped_dir() if path is None else Path(path)
    return releases(directory)


@functools.cache
def _load_cached(directory: Path, version: str | None) -> Dataset:
    return _load_dir(directory, version)


def _read(directory: Path, names: list[str]) -> dict[str, pl.DataFrame]:
    missing = [n for n in names if not (directory / n).is_file()]
    if missing:
        raise DataNotFoundError(directory, missing)
    return {n: pl.read_parquet(directory / n) for n in names}


def _load_dir(directory: Path, version: str | None) -> Dataset:
    entries = read_releases(directory)
    known = [e["version"] for e in entries]
    history_names = [file_name(history_of(t)) for t in TABLES]
    if version == UNRELEASED or (version is None and not known):
        tables = {
            t.name: df for t, df in zip(TABLES, _read(directory, [file_name(t) for t in TABLES]).values(), strict=True)
        }
        label, schema_version = UNRELEASED, SCHEMA_VERSION
    else:
        version = known[-1] if version is None else version
        check_known(version, known)
        histories = _read(directory, history_names)
        ranks = order(known)
        tables = {t.name: at_version(histories[file_name(history_of(t))], t, version, ranks) for t in TABLES}
        label, schema_version = version, entries[known.index(version)]["schema_version"]
    problems = check_tables(tables)
    if problems:
        raise ValidationError(problems)
    history_path = directory / file_name(history_of(STANCES))
    return Dataset(
        stances=tables[STANCES.name],
        actors=tables[ACTORS.name],
        topics=tables[TOPICS.name],
        sources=tables[SOURCES.name],
        path=directory,
        version=label,
        schema_version=schema_version,
        history=pl.read_parquet(history_path) if history_path.is_file() else None,
    )
