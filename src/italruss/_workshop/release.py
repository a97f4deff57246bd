"""Cutting a dataset release: stamp what is pending, record the release, write its CHANGELOG section."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import polars as pl

from italruss._errors import ItalrussError
from italruss._releases import history as _history
from italruss._releases.store import RELEASES_FILE, columns_signature, parse_version, read_releases, write_releases
from italruss._schema.spec import ACTORS, SCHEMA_VERSION, SOURCES, STANCES, TABLES, TOPICS, history_of
from italruss._workshop.build import Tables, tables_from, write_tables
from italruss._workshop.catalog import read_catalog


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


def release(directory: Path, version: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """Stamp everything pending in the data folder as release `version`; returns the release entry."""
    parse_version(version)
    entries = read_releases(directory)
    if entries and parse_version(version) <= parse_version(entries[-1]["version"]):
        raise ItalrussError(f"version {version} does not increase on the latest release {entries[-1]['version']}")
    tables = tables_from(read_catalog(directory), previous=directory)
    if not any(_history.pending(tables[history_of(t).name]) for t in TABLES):
        raise ItalrussError("nothing to release: no record was added, corrected or withdrawn")
    for table in TABLES:
        name = history_of(table).name
        tables[name] = _history.stamp(tables[name], version)
    entry: dict[str, Any] = {
        "version": version,
        "date": (today or dt.date.today()).isoformat(),
        "schema_version": SCHEMA_VERSION,
        "records": tables[STANCES.name].height,
        **counts(tables, version),
        "columns": columns_signature(),
    }
    new_entries = [*entries, entry]
    write_tables(
        tables, directory, extra={RELEASES_FILE: lambda path: write_releases(path, new_entries)}, dataset=version
    )
    return entry


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


def add_to_changelog(changelog: Path, section: str) -> None:
    """Insert a release section right after the Unreleased section (or at the end)."""
    text = changelog.read_text(encoding="utf-8")
    headings = [m.start() for m in re.finditer(r"^## \[", text, flags=re.MULTILINE)]
    later = [h for h in headings if not text.startswith("## [Unreleased]", h)]
    at = later[0] if later else len(text)
    before = text[:at].rstrip("\n") + "\n\n"
    changelog.write_text(before + section + ("\n" + text[at:] if at < len(text) else ""), encoding="utf-8")


def update_citation(citation: Path, entry: dict[str, Any]) -> bool:
    """Point CITATION.cff at the new release (its `version` and `date-released`); False if there is none."""
    if not citation.is_file():
        return False
    text = citation.read_text(encoding="utf-8")
    text = re.sub(r"^version: .*$", f'version: "{entry["version"]}"', text, flags=re.MULTILINE)
    text = re.sub(r"^date-released: .*$", f'date-released: "{entry["date"]}"', text, flags=re.MULTILINE)
    citation.write_text(text, encoding="utf-8")
    return True
