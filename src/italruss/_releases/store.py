"""Dataset releases on disk: calendar versions (YYYY.MM.N), `Release`, `releases.json`, citation."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Any, Literal

import attrs
import polars as pl

from italruss._errors import DataNotFoundError, ItalrussError, Problem, ValidationError
from italruss._releases.history import at_version
from italruss._schema.checks import file_name
from italruss._schema.spec import META_DATASET, SCHEMA_VERSION, STANCES, TABLES, history_of

RELEASES_FILE = "releases.json"
_CALVER = re.compile(r"^(\d{4})\.(0[1-9]|1[0-2])\.(0|[1-9]\d*)$")


class UnknownVersionError(ItalrussError, ValueError):
    """The dataset release asked for does not exist; the message lists the known ones."""


def parse_version(version: str) -> tuple[int, int, int]:
    """(year, month, n) of a release version such as '2026.11.0'; ValueError when malformed."""
    match = _CALVER.fullmatch(version) if isinstance(version, str) else None
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
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["releases"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) and "version" in e for e in entries):
            raise TypeError("a release entry lacks its version")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ItalrussError(f"{path}: cannot be read as the list of releases ({exc}); restore it from git") from exc
    return list(entries)


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


#: Where the wheel puts the built files, inside the package.
PACKAGE_DATA = "_data"
#: The `version` that loads what the record files say now, released or not.
UNRELEASED = "unreleased"


def shipped_dir() -> Path:
    """The folder holding the dataset files that came with this install."""
    inside = Path(str(importlib.resources.files("italruss"))) / PACKAGE_DATA
    if (inside / file_name(STANCES)).is_file():
        return inside
    checkout = Path(__file__).resolve().parents[3] / "data"  # a source checkout, e.g. an editable install
    if (checkout / file_name(STANCES)).is_file():
        return checkout
    raise DataNotFoundError(inside, [file_name(t) for t in TABLES])


@attrs.frozen
class StoredRelease:
    """The tables of one release as read from a folder, not yet checked: version, schema version, frames."""

    version: str
    schema_version: str
    tables: dict[str, pl.DataFrame]
    #: The tables whose columns are the current spec's (all of them unless read from an older release).
    current: frozenset[str] = frozenset(t.name for t in TABLES)


def read_release(directory: Path, version: str | None) -> StoredRelease:
    """Read release `version` (None: the latest; 'unreleased': the current tables) from `directory`.

    A release gives exactly the tables and columns it shipped (as `releases.json` records them),
    whatever the schema became after it.
    """
    if version is not None and not isinstance(version, str):
        raise ValueError(f"version: {version!r} is not a release version such as '2026.11.0' (a string)")
    entries = read_releases(directory)
    known = [e["version"] for e in entries]
    if not entries and (directory / file_name(history_of(STANCES))).is_file() and _stamped(directory):
        message = f"missing, though the histories hold released revisions: restore {RELEASES_FILE} from git"
        raise ValidationError([Problem(str(directory / RELEASES_FILE), None, None, None, message)])
    if version is None:
        version = known[-1] if known else UNRELEASED
    if version != UNRELEASED:
        check_known(version, known)
    if version == UNRELEASED or _current_is(directory, version):
        frames = _read(directory, [file_name(t) for t in TABLES])
        tables = {t.name: df for t, df in zip(TABLES, frames, strict=True)}
        schema_version = SCHEMA_VERSION if version == UNRELEASED else entries[known.index(version)]["schema_version"]
        return StoredRelease(version, schema_version, tables)
    entry = entries[known.index(version)]
    recorded: dict[str, dict[str, str]] = entry.get("columns") or columns_signature()
    shipped = [t for t in TABLES if t.name in recorded]
    names = [file_name(history_of(t)) for t in shipped]
    _require(directory, names)
    ranks = order(known)
    queries = [
        at_version(pl.scan_parquet(directory / n), t, version, ranks, recorded[t.name])
        for n, t in zip(names, shipped, strict=True)
    ]
    for name in names:  # a damaged file is named before the tables are read together
        _damaged_as_error(directory / name, lambda path: pl.read_parquet(path, n_rows=1))
    frames = pl.collect_all(queries)  # the tables read and filtered in parallel
    now = columns_signature()
    same = frozenset(t.name for t in shipped if recorded[t.name] == now.get(t.name))
    tables = {t.name: df for t, df in zip(shipped, frames, strict=True)}
    return StoredRelease(version, entry["schema_version"], tables, same)


def _stamped(directory: Path) -> bool:
    """Whether the stance history holds a revision some release shipped."""
    path = directory / file_name(history_of(STANCES))
    history = _damaged_as_error(path, lambda p: pl.read_parquet(p, columns=["added_in"]))
    return history["added_in"].is_not_null().any()


def _require(directory: Path, names: list[str]) -> None:
    missing = [n for n in names if not (directory / n).is_file()]
    if missing:
        raise DataNotFoundError(directory, missing)


def _read(directory: Path, names: list[str]) -> list[pl.DataFrame]:
    _require(directory, names)
    return [_damaged_as_error(directory / n, lambda path: pl.read_parquet(path)) for n in names]


def _damaged_as_error(path: Path, read: Callable[[Path], pl.DataFrame]) -> pl.DataFrame:
    """`read(path)`, a damaged or unreadable file turned into a `ValidationError` naming it."""
    try:
        return read(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        problem = Problem(str(path), None, None, None, f"cannot be read as a parquet table: {exc}")
        raise ValidationError([problem]) from exc


def _current_is(directory: Path, version: str) -> bool:
    """Whether the current tables in `directory` are exactly release `version` (nothing pending)."""
    path = directory / file_name(STANCES)
    if not path.is_file():
        return False
    try:
        return pl.read_parquet_metadata(path).get(META_DATASET) == version
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ValidationError(
            [Problem(str(path), None, None, None, f"cannot be read as a parquet table: {exc}")]
        ) from exc


TITLE = "italruss: a dataset of political actors' stances on Italy–Russia relations"
AUTHOR = "The italruss maintainers"


def project_url() -> str | None:
    """The project's address from the installed package metadata, if it declares one."""
    try:
        urls = metadata("italruss").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "source", "repository"}:
            return str(url).strip()
    return None


def cite(path: Path | None, version: str, schema_version: str, style: Literal["text", "bibtex"] = "text") -> str:
    """A citation of release `version` (found in `path`): its date, schema version and (when known) address."""
    if style not in ("text", "bibtex"):
        raise ValueError(f"style: {style!r} is not 'text' or 'bibtex'")
    release = next((r for r in releases(path) if r.version == version), None) if path else None
    date = release.date.isoformat() if release else None
    year = date[:4] if date else "n.d."  # not yet released: no date to give
    when = f"{date}" if date else "not released"
    url = project_url()
    if style == "text":
        where = f" {url}" if url else ""
        return f"{AUTHOR} ({year}). {TITLE}. Dataset release {version} ({when}), schema {schema_version}.{where}"
    fields = {
        "title": TITLE,
        "author": AUTHOR,
        "year": year,
        "version": version,
        "date": when,
        "note": f"Dataset release {version}, schema version {schema_version}",
    }
    if url:
        fields["url"] = url
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
    return f"@misc{{italruss_{version.replace('.', '_')},\n{body}\n}}"


def read_history(path: Path) -> pl.DataFrame:
    """A history file, read in full (a file that cannot be read is a `ValidationError` naming it)."""
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ValidationError([Problem(str(path), None, None, None, f"cannot be read: {exc}")]) from exc
