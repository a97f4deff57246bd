"""Schema evolution: the gate on version bumps, and old releases loading with exactly their own columns."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

import italruss
from italruss._releases.history import at_version, carry, revise, stamp
from italruss._releases.store import order
from italruss._schema.spec import Field, Table, history_of
from italruss._schema.tables import frame
from italruss._workshop.build import schema_changes

from ..conftest import DATA

BEFORE = {"stances": {"id": "str", "stance": "int", "summary": "str"}}


@pytest.mark.parametrize(
    ("now", "new_version", "words"),
    [
        ({"stances": {**BEFORE["stances"], "weight": "int"}}, "2.0.0", "stances.weight (int) was added"),
        ({**BEFORE, "memberships": {"id": "str"}}, "2.0.0", "table memberships was added"),
        ({"stances": {"id": "str", "stance": "int"}}, "2.1.0", "stances.summary (str) was removed or renamed"),
        ({"stances": {"id": "str", "stance": "int", "text": "str"}}, "2.1.0", "stances.summary (str) was removed"),
        ({"stances": {"id": "str", "stance": "str", "summary": "str"}}, "2.1.0", "stances.stance (int) was retyped"),
        ({"stances": {"id": "str", "summary": "str"}}, "2.0.0", "stances.stance (int) was removed"),
        (BEFORE, "1.9.0", "older than 2.0.0"),
    ],
)
def test_the_gate_refuses_a_change_without_its_bump(
    now: dict[str, dict[str, str]], new_version: str, words: str
) -> None:
    """Adding needs a MINOR bump, removing, renaming or retyping a MAJOR one; the message names the column."""
    messages = schema_changes(BEFORE, now, "2.0.0", new_version)
    assert any(words in m for m in messages), messages


@pytest.mark.parametrize(
    ("now", "new_version"),
    [
        (BEFORE, "2.0.0"),
        ({"stances": {**BEFORE["stances"], "weight": "int"}}, "2.1.0"),
        ({**BEFORE, "memberships": {"id": "str"}}, "2.1.0"),
        ({"stances": {"id": "str", "stance": "int", "text": "str"}}, "3.0.0"),
        ({"stances": {"id": "str", "stance": "str", "summary": "str"}}, "3.0.0"),
        ({"stances": {**BEFORE["stances"], "weight": "int"}}, "3.0.0"),
    ],
)
def test_the_gate_lets_a_change_with_its_bump_through(now: dict[str, dict[str, str]], new_version: str) -> None:
    """A change with the right bump (or a bigger one) passes the gate."""
    assert [] == schema_changes(BEFORE, now, "2.0.0", new_version)


def _table(*fields: Field) -> Table:
    return Table(name="things", fields=(Field("id", "str", "Id."), *fields), sort_by=("id",))


A = Field("a", "str", "A value.")
B = Field("b", "str", "B value.", required=False)
C = Field("c", "int", "An added column.", required=False)
D = Field("d", "str", "B, renamed.", required=False, formerly=("b",))


def _release(
    directory: Path, table: Table, rows: list[dict[str, object]], version: str, recorded: dict[str, dict[str, str]]
) -> None:
    """Build `rows` under `table` on top of the history in `directory`, stamp `version`, write it back."""
    history = history_of(table)
    path = directory / "things-history.parquet"
    old = carry(pl.read_parquet(path), history) if path.is_file() else frame(history, [])
    revised, problems = revise(old, frame(history, rows), history)
    assert [] == problems
    stamp(revised, version).write_parquet(path)
    recorded[version] = {f.name: f.kind for f in table.fields}


def test_old_releases_keep_their_columns_after_add_rename_remove(tmp_path: Path) -> None:
    """Each release reads back with exactly its own columns and values: add c, rename b to d, remove c."""
    recorded: dict[str, dict[str, str]] = {}
    _release(tmp_path, _table(A, B), [{"id": "x1", "a": "one", "b": "bee"}], "2026.01.0", recorded)
    rows = [{"id": "x1", "a": "one", "b": "bee", "c": 3}, {"id": "x2", "a": "two", "b": None, "c": 4}]
    _release(tmp_path, _table(A, B, C), rows, "2026.02.0", recorded)
    renamed = [{"id": "x1", "a": "one", "d": "bee", "c": 3}, {"id": "x2", "a": "two!", "d": "dee", "c": 4}]
    _release(tmp_path, _table(A, C, D), renamed, "2026.03.0", recorded)
    removed = [{"id": "x1", "a": "one", "d": "bee"}, {"id": "x2", "a": "two!", "d": "dee"}]
    _release(tmp_path, _table(A, D), removed, "2026.04.0", recorded)

    history = pl.scan_parquet(tmp_path / "things-history.parquet")
    ranks = order(list(recorded))

    def at(version: str) -> list[dict[str, object]]:
        query = at_version(history, _table(A, D), version, ranks, recorded[version])
        return query.collect().to_dicts()

    assert [{"id": "x1", "a": "one", "b": "bee"}] == at("2026.01.0")
    assert [{"id": "x1", "a": "one", "b": "bee", "c": 3}, {"id": "x2", "a": "two", "b": None, "c": 4}] == at(
        "2026.02.0"
    )
    assert [{"id": "x1", "a": "one", "c": 3, "d": "bee"}, {"id": "x2", "a": "two!", "c": 4, "d": "dee"}] == at(
        "2026.03.0"
    )
    assert [{"id": "x1", "a": "one", "d": "bee"}, {"id": "x2", "a": "two!", "d": "dee"}] == at("2026.04.0")
    stored = pl.read_parquet(tmp_path / "things-history.parquet")
    assert {"b", "c", "d"} <= set(stored.columns)  # nothing any release shipped is lost
    assert 2 == stored.filter(pl.col("id") == "x1").height  # a revision for its new `c`, none for the rename


def test_a_shipped_release_loads_with_the_columns_it_recorded() -> None:
    """Release 2026.11.0 (schema 1.0.0) loads with the tables, columns and kinds releases.json records."""
    entry = json.loads((DATA / "releases.json").read_text(encoding="utf-8"))["releases"][0]
    ds = italruss.load(version=entry["version"])
    assert sorted(entry["columns"]["actors"]) == sorted(ds.actors.columns)
    assert pl.String == ds.stances.schema["date_precision"]  # an enum only from schema 2.0.0 on
    with pytest.raises(italruss.ItalrussError, match="no memberships table"):
        _ = ds.memberships


def test_changes_cover_every_table_and_count_records() -> None:
    """The changes of 2026.11.4 (six sources reworded) show in the sources row, counted by record."""
    changes = italruss.diff_versions("2026.11.3", "2026.11.4")
    rows = {r["table"]: r for r in changes.tables.iter_rows(named=True)}
    assert 6 == rows["sources"]["corrected"]
    assert 0 == rows["stances"]["added"] + rows["stances"]["corrected"] + rows["stances"]["withdrawn"]
    assert 6 == len(changes)


def test_changes_between_schemas_compare_as_text() -> None:
    """Comparing a schema 1.0.0 release with the latest counts corrected records once each."""
    changes = italruss.diff_versions("2026.11.0")
    stances = changes.tables.filter(pl.col("table") == "stances").row(0, named=True)
    assert stances["corrected"] == changes.corrected["id"].n_unique()
    assert {"memberships", "lineage"} <= set(changes.tables["table"])
