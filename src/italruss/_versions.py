"""Dataset releases: calendar versions (YYYY.MM.N), the `Release` record, and `releases.json`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import attrs

from italruss._errors import ItalrussError
from italruss._spec import TABLES

RELEASES_FILE = "releases.json"
_CALVER = re.compile(r"^(\d{4})\.(0[1-9]|1[0-2])\.(0|[1-9]\d*)$")


class UnknownVersionError(ItalrussError, ValueError):
    """The dataset release asked for does not exist; the message lists the known ones."""


def parse_version(version: str) -> tuple[int, int, int]:
    """(year, month, n) of a release version such as '2026.11.0'; ValueError when malformed."""
    match = _CALVER.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a dataset version of the form YYYY.MM.N (e.g. 2026.11.0)")
    year, month, n = (int(g) for g in match.groups())
    return year, month, n


@attrs.frozen(kw_only=True)
class Release:
    """One dataset release: its version, date, schema version and what it changed."""

    version: str
    date: dt.date
    schema_version: str
    records: int
    added: int
    corrected: int
    withdrawn: int
    actors_added: int = 0
    topics_added: int = 0
    sources_added: int = 0
    actors_corrected: int = 0
    topics_corrected: int = 0
    sources_corrected: int = 0


def columns_signature() -> dict[str, dict[str, str]]:
    """Every table's columns and their kinds, as recorded with each release."""
    return {t.name: {f.name: f.kind for f in t.fields} for t in TABLES}


def read_releases(directory: Path) -> list[dict[str, Any]]:
    """The raw release entries of `directory/releases.json`, oldest first ([] when there is none)."""
    path = directory / RELEASES_FILE
    if not path.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["releases"]
    return entries


def releases(directory: Path) -> list[Release]:
    """The releases recorded in a data folder, oldest first."""
    fields = {f.name for f in attrs.fields(Release)}
    out = []
    for entry in read_releases(directory):
        values = {k: v for k, v in entry.items() if k in fields}
        out.append(Release(**{**values, "date": dt.date.fromisoformat(values["date"])}))
    return out


def write_releases(path: Path, entries: list[dict[str, Any]]) -> None:
    """Write the release entries to `path` (sorted keys, fixed indentation: same entries, same bytes)."""
    text = json.dumps({"releases": entries}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def order(versions: list[str]) -> dict[str, int]:
    """Each version's rank in release order."""
    return {v: i for i, v in enumerate(sorted(versions, key=parse_version))}


def check_known(version: str, known: list[str]) -> None:
    """Raise UnknownVersionError, listing the known versions, unless `version` is one of them."""
    if version not in known:
        listed = ", ".join(known) if known else "none yet"
        raise UnknownVersionError(f"unknown dataset version {version!r}; known releases: {listed}")
