"""A chain of checksums over the releases: any edit of a released revision or of an earlier entry shows.

Each release records in `releases.json`, beside its figures:
- `rows_sha256`: for every release made so far and every table, the sha256 of the history rows that
  release shipped (its revisions, as it recorded their columns), so that editing, adding or deleting a
  released revision in any history file changes a checksum;
- `previous_sha256`: the sha256 of the previous entry, so that editing an earlier entry breaks the chain.
Releases made before the chain began carry neither; the first release that does covers them all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl

from italruss._schema.checks import file_name
from italruss._schema.spec import TABLES, history_of

#: A checksum covers a release's recorded columns with `revision`, `added_in` and `withdrawn`, never
#: `retracted_in`, which the release that replaces a revision stamps later.


def entry_sha256(entry: dict[str, Any]) -> str:
    """The sha256 of a release entry as `releases.json` stores it (keys sorted)."""
    return hashlib.sha256(json.dumps(entry, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def rows_sha256(histories: dict[str, pl.DataFrame], entries: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """version -> table -> sha256 of the history rows that release shipped, for every release in `entries`."""
    out: dict[str, dict[str, str]] = {}
    for entry in entries:
        version, recorded = entry["version"], entry.get("columns", {})
        out[version] = {}
        for table in TABLES:
            history = histories.get(history_of(table).name)
            if history is None or table.name not in recorded:
                continue
            columns = [c for c in history.columns if c in recorded[table.name] or c in ("revision", "added_in")]
            rows = history.filter(pl.col("added_in") == version)
            if "withdrawn" in rows.columns and rows["withdrawn"].is_not_null().any():  # null: as if absent,
                columns.append("withdrawn")  # so that a table gaining the column keeps its checksums
            rows = rows.select(columns).sort("id", "revision")
            out[version][table.name] = hashlib.sha256(rows.write_ndjson().encode()).hexdigest()
    return out


def chain(entries: list[dict[str, Any]], histories: dict[str, pl.DataFrame]) -> dict[str, Any]:
    """The chain fields of a new release entry appended after `entries` (those of `histories` included)."""
    fields: dict[str, Any] = {"rows_sha256": rows_sha256(histories, entries)}
    if len(entries) > 1:
        fields["previous_sha256"] = entry_sha256(entries[-2])
    return fields


def broken_links(directory: Path) -> list[str]:
    """Every way the history files and `releases.json` of `directory` differ from the chain they recorded."""
    from italruss._releases.store import RELEASES_FILE, read_releases

    entries = read_releases(directory)
    found = []
    for i, entry in enumerate(entries):
        previous = entry.get("previous_sha256")
        if previous is not None and previous != entry_sha256(entries[i - 1]):
            found.append(f"{directory / RELEASES_FILE}: the entry of {entries[i - 1]['version']} was edited")
    last = next((e for e in reversed(entries) if "rows_sha256" in e), None)
    if last is None:
        return found
    histories = {}
    for table in TABLES:
        path = directory / file_name(history_of(table))
        if path.is_file():
            histories[history_of(table).name] = pl.read_parquet(path)
    covered = [e for e in entries if e["version"] in last["rows_sha256"]]
    now = rows_sha256(histories, covered)
    for version, tables in last["rows_sha256"].items():
        for table, digest in tables.items():
            if now.get(version, {}).get(table) != digest:
                name = file_name(history_of(next(t for t in TABLES if t.name == table)))
                found.append(f"{directory / name}: the revisions released in {version} were changed")
    return found
