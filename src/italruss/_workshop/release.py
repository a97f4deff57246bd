"""Cutting a dataset release: stamp what is pending, record the release, write its CHANGELOG section."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from italruss._errors import ItalrussError
from italruss._releases import history as _history
from italruss._releases import integrity
from italruss._releases.store import RELEASES_FILE, columns_signature, parse_version, read_releases, write_releases
from italruss._schema.spec import (
    ACTORS,
    LINEAGE,
    MEMBERSHIPS,
    SCHEMA_VERSION,
    SOURCES,
    STANCES,
    TABLES,
    TOPICS,
    history_of,
)
from italruss._workshop import transaction
from italruss._workshop.build import Tables, tables_from, write_tables
from italruss._workshop.catalog import read_catalog
from italruss._workshop.reliability import agreement, read_codings, summary_line


def counts(histories: Tables, version: str) -> dict[str, int]:
    """What release `version` changed, counted from the stamped histories."""
    new = pl.col("added_in") == version
    first = pl.col("revision") == 1
    stances = histories[history_of(STANCES).name]
    live = pl.col("withdrawn").is_null()
    out = {
        "added": stances.filter(new & first & live).height,
        "corrected": stances.filter(new & ~first & live).height,
        "withdrawn": stances.filter(new & ~live).height,
    }
    for table in (ACTORS, TOPICS, SOURCES):
        history = histories[history_of(table).name]
        out[f"{table.name}_added"] = history.filter(new & first).height
        out[f"{table.name}_corrected"] = history.filter(new & ~first).height
    return out


def check_version(version: str, entries: list[dict[str, Any]], today: dt.date) -> None:
    """A new release's version: well formed, after the latest release, and not in a month still to come."""
    year, month, _ = parse_version(version)
    if entries and parse_version(version) <= parse_version(entries[-1]["version"]):
        raise ItalrussError(f"version {version} does not increase on the latest release {entries[-1]['version']}")
    if (year, month) > (today.year, today.month):
        raise ItalrussError(f"version {version} names a month still to come (today is {today.isoformat()})")


def release(
    directory: Path,
    version: str,
    *,
    today: dt.date | None = None,
    changelog: Path | None = None,
    citation: Path | None = None,
    codebook: Path | None = None,
) -> dict[str, Any]:
    """Stamp everything pending in the data folder as release `version`; returns the release entry.

    The data, `releases.json`, the manifest, and (when given) the CHANGELOG section, CITATION.cff and the
    codebook are written together, or nothing is.
    """
    today = today or dt.date.today()
    parse_version(version)
    with transaction.locked(directory):
        entries = read_releases(directory)
        check_version(version, entries, today)
        tables = tables_from(read_catalog(directory), previous=directory)
        if not any(_history.pending(tables[history_of(t).name]) for t in TABLES):
            raise ItalrussError("nothing to release: no record was added, corrected or withdrawn")
        for table in TABLES:
            name = history_of(table).name
            tables[name] = _history.stamp(tables[name], version)
        entry: dict[str, Any] = {
            "version": version,
            "date": today.isoformat(),
            "schema_version": SCHEMA_VERSION,
            "records": tables[STANCES.name].height,
            **counts(tables, version),
            "columns": columns_signature(),
        }
        histories = {history_of(t).name: tables[history_of(t).name] for t in TABLES}
        entry.update(integrity.chain([*entries, entry], histories))  # checksums of every released revision
        new_entries = [*entries, entry]
        extra: dict[str | Path, Callable[[Path], None]] = {
            RELEASES_FILE: lambda path: write_releases(path, new_entries)
        }
        if changelog is not None:
            section = changelog_section(entry, _agreement(directory, tables[STANCES.name]))
            extra[changelog] = transaction.text_writer(with_section(_read_text(changelog), section))
        if citation is not None and citation.is_file():
            extra[citation] = transaction.text_writer(cited(_read_text(citation), entry))
        if codebook is not None and codebook.is_file():
            extra[codebook] = transaction.text_writer(_codebook(tables, version))
        write_tables(tables, directory, extra=extra, dataset=version)
    return entry


def _codebook(tables: Tables, version: str) -> str:
    """The codebook of the release being cut, rendered from its tables."""
    from italruss._dataset import Dataset
    from italruss._workshop.describe import render

    ds = Dataset(
        tables[STANCES.name],
        tables[ACTORS.name],
        tables[TOPICS.name],
        tables[SOURCES.name],
        version=version,
        memberships=tables.get(MEMBERSHIPS.name),
        lineage=tables.get(LINEAGE.name),
    )
    return render(ds)


def _agreement(directory: Path, stances: pl.DataFrame) -> str | None:
    codings, _ = read_codings(directory)
    return summary_line(agreement(stances, codings)) if codings.height else None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ItalrussError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def changelog_section(entry: dict[str, Any], agreement: str | None = None) -> str:
    """The CHANGELOG.md section of a release, its figures taken from the release entry."""
    lines = [
        f"## [dataset {entry['version']}] - {entry['date']}",
        "",
        "### Data",
        f"- {entry['records']} stance records in this release: {entry['added']} added, "
        f"{entry['corrected']} corrected, {entry['withdrawn']} withdrawn.",
        f"- New: {entry['actors_added']} actors, {entry['topics_added']} topics, {entry['sources_added']} sources.",
        *_corrections(entry),
        f"- Built with schema version {entry['schema_version']}.",
    ]
    if agreement:
        lines.append(f"- {agreement}")
    return "\n".join(lines) + "\n"


def _corrections(entry: dict[str, Any]) -> list[str]:
    names = ("actors", "topics", "sources")
    parts = [f"{entry.get(f'{n}_corrected', 0)} {n}" for n in names if entry.get(f"{n}_corrected", 0)]
    return [f"- Corrected: {', '.join(parts)}."] if parts else []


def with_section(text: str, section: str) -> str:
    """A CHANGELOG's text with a release section inserted right after the Unreleased section (or at the end)."""
    headings = [m.start() for m in re.finditer(r"^## \[", text, flags=re.MULTILINE)]
    later = [h for h in headings if not text.startswith("## [Unreleased]", h)]
    at = later[0] if later else len(text)
    before = text[:at].rstrip("\n") + "\n\n"
    return before + section + ("\n" + text[at:] if at < len(text) else "")


def cited(text: str, entry: dict[str, Any]) -> str:
    """CITATION.cff's text pointing at the release `entry` (its `version` and `date-released`)."""
    text = re.sub(r"^version: .*$", f'version: "{entry["version"]}"', text, flags=re.MULTILINE)
    return re.sub(r"^date-released: .*$", f'date-released: "{entry["date"]}"', text, flags=re.MULTILINE)
