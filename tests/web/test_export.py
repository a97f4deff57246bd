"""The SQLite export: the shipped tables row for row, keys, indexes, full-text search, views, canned queries."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import italruss
from italruss._cli.main import main
from italruss._schema.spec import TABLES
from italruss._web.export import FULL_TEXT, PARTY_POSITIONS, SHIPPED, export_sqlite
from italruss._web.site import metadata
from italruss._web.sql import QUERIES, VIEWS

ON = "2022-03-01"


@pytest.fixture(scope="module")
def ds() -> italruss.Dataset:
    """The shipped dataset, latest release."""
    return italruss.load()


@pytest.fixture(scope="module")
def db(ds: italruss.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The shipped dataset exported to SQLite, opened read-only."""
    path = export_sqlite(ds, tmp_path_factory.mktemp("web") / "italruss.db")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield connection
    connection.close()


def read_table(db: sqlite3.Connection, name: str, schema: pl.Schema) -> pl.DataFrame:
    """A table read back from SQLite and decoded to the parquet schema: ISO dates, JSON lists."""
    cursor = db.execute(f"select * from [{name}] order by rowid")
    columns = [c[0] for c in cursor.description]
    raw = pl.DataFrame(cursor.fetchall(), schema=columns, orient="row", infer_schema_length=None)
    decoded = []
    for column, dtype in schema.items():
        if dtype == pl.Date:
            decoded.append(pl.col(column).str.to_date("%Y-%m-%d"))
        elif isinstance(dtype, pl.List):
            decoded.append(pl.col(column).str.json_decode(pl.List(pl.String)))
        else:
            decoded.append(pl.col(column))
    return raw.select(decoded).cast(dict(schema))


def rows(db: sqlite3.Connection, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params or {})
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("table", SHIPPED)
def test_tables_equal_the_parquet_tables(ds: italruss.Dataset, db: sqlite3.Connection, table: str) -> None:
    """Every shipped table comes back from SQLite with the same rows, values and order."""
    expected: pl.DataFrame = getattr(ds, table)
    assert_frame_equal(expected, read_table(db, table, expected.schema))


def test_release_history_is_the_releases(db: sqlite3.Connection) -> None:
    """`releases` holds every release up to the one exported, with what each changed."""
    expected = [(r.version, r.date.isoformat(), r.records, r.added) for r in italruss.versions()]
    assert expected == db.execute("select version, date, records, added from releases order by rowid").fetchall()


def test_release_rank_orders_releases_without_parsing_versions(db: sqlite3.Connection) -> None:
    """`releases.rank` counts releases from 1 in release order, where text order of versions could mislead."""
    ranked = db.execute("select version from releases order by rank").fetchall()
    assert [v for (v,) in ranked] == [r.version for r in italruss.versions()]
    assert [r for (r,) in db.execute("select rank from releases order by rank")] == list(range(1, len(ranked) + 1))
    before = db.execute(
        "select count(*) from releases where rank < (select rank from releases where version = ?)",
        (italruss.versions()[-1].version,),
    ).fetchone()[0]
    assert before == len(ranked) - 1


def test_foreign_keys_hold(db: sqlite3.Connection) -> None:
    """The keys between tables are declared and every row satisfies them."""
    declared = {(row[2], row[3]) for row in db.execute("pragma foreign_key_list(stances)")}
    assert {("actors", "actor"), ("topics", "topic"), ("sources", "source")} == declared
    assert [] == db.execute("pragma foreign_key_check").fetchall()


def test_filtered_columns_are_indexed(db: sqlite3.Connection) -> None:
    """A lookup of an actor's records uses an index, not a scan of the table."""
    plan = " ".join(str(r[-1]) for r in db.execute("explain query plan select * from stances where actor = 'x'"))
    assert "USING INDEX" in plan


@pytest.mark.parametrize(("table", "word", "expected"), [("actors", "Salvini", "matteo-salvini")])
def test_full_text_search_finds_names(db: sqlite3.Connection, table: str, word: str, expected: str) -> None:
    """Actor names are searchable."""
    found = db.execute(
        f"select id from {table} where rowid in (select rowid from {table}_fts where {table}_fts match ?)", (word,)
    )
    assert expected in {r[0] for r in found}


def test_full_text_search_covers_summaries_titles_and_aliases(db: sqlite3.Connection) -> None:
    """Every full-text index finds what its columns hold: a word of a summary, a title, an alias."""
    assert {"stances": ("summary",), "sources": ("title",), "actors": ("name", "aliases")} == FULL_TEXT
    assert db.execute("select count(*) from stances_fts where stances_fts match 'sanctions'").fetchone()[0] > 100
    assert db.execute("select count(*) from sources_fts where title match 'Putin'").fetchone()[0] > 10
    alias = "select a.id from actors a join actors_fts f on f.rowid = a.rowid where f.aliases match 'Dibba'"
    assert [("alessandro-di-battista",)] == db.execute(alias).fetchall()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_views_answer_with_one_row_per_base_row(db: sqlite3.Connection, view: str) -> None:
    """Each readable view answers, one row per row of the table it reads."""
    base = VIEWS[view][1][0]
    assert (
        db.execute(f"select count(*) from [{base}]").fetchone()
        == db.execute(f"select count(*) from [{view}]").fetchone()
    )


def test_readable_view_names_and_links(ds: italruss.Dataset, db: sqlite3.Connection) -> None:
    """The readable view gives a record's actor name, topic label and source address."""
    record = ds.records(actor="matteo-salvini")[0]
    found = db.execute("select actor, topic, source_url from stances_readable where id = ?", (record.id,)).fetchone()
    expected = (ds.actor(record.actor).name, ds.topic(record.topic).label, ds.source(record.source).url)
    assert expected == found


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_queries_answer(db: sqlite3.Connection, name: str) -> None:
    """Every canned query runs and finds rows for a plain example."""
    found = rows(db, QUERIES[name].sql, {"actor": "Salvini", "party": "Lega", "date": ON})
    assert len(found) > 0


@pytest.mark.parametrize("named", ["matteo-salvini", "Matteo Salvini", "salvini"])
def test_actor_page_takes_id_name_or_alias(ds: italruss.Dataset, db: sqlite3.Connection, named: str) -> None:
    """The actor page lists the actor's records in date order, whichever way the actor is named."""
    expected = ds.query(actor="matteo-salvini").sort("date", "topic", "id")["id"].to_list()
    assert expected == [r["record_id"] for r in rows(db, QUERIES["actor"].sql, {"actor": named})]


def test_party_page_lists_its_leaders(ds: italruss.Dataset, db: sqlite3.Connection) -> None:
    """The party page lists every leadership term of the party, and the party's own records."""
    terms = ds.memberships.filter((pl.col("party") == "lega") & (pl.col("role") == "leader"))
    found = rows(db, QUERIES["party"].sql, {"party": "Lega"})
    assert sorted(terms["id"]) == sorted(r["ref"] for r in found if r["entry"] == "leader")
    own = set(ds.query(actor="lega")["id"])
    assert own <= {r["ref"] for r in found if r["entry"] == "record"}


@pytest.mark.parametrize("on", ["2017-04-11", ON, "2025-12-31"])
def test_in_force_follows_the_snapshot_rule(ds: italruss.Dataset, db: sqlite3.Connection, on: str) -> None:
    """`in_force` gives the records `Dataset.snapshot` rests on, with the same conflicts, ages and doubts."""
    snap = ds.snapshot(on)
    found = rows(db, QUERIES["in_force"].sql, {"date": on})
    assert sorted(snap["record_ids"].explode()) == sorted(r["record_id"] for r in found)
    by_pair = {
        (r["actor_id"], r["topic_id"]): (bool(r["conflict"]), r["age_days"], bool(r["uncertain"])) for r in found
    }
    expected = {
        (a, t): (c, age, u)
        for a, t, c, age, u in snap.select("actor", "topic", "conflict", "age_days", "uncertain").iter_rows()
    }
    assert expected == by_pair


def test_party_positions_are_the_library_s(ds: italruss.Dataset, db: sqlite3.Connection) -> None:
    """`party_positions` for a year holds what `Dataset.party_stances` gives on 31 December."""
    expected = (
        ds.party_stances(dt.date(2022, 12, 31)).select("party", "topic", "stance", "record_id").sort("party", "topic")
    )
    found = pl.DataFrame(
        db.execute(f"select party, topic, stance, record_id from {PARTY_POSITIONS} where year = 2022").fetchall(),
        schema=["party", "topic", "stance", "record_id"],
        orient="row",
    )
    assert_frame_equal(expected.cast(pl.String), found.cast(pl.String).sort("party", "topic"))


def test_metadata_describes_columns_from_the_spec(ds: italruss.Dataset) -> None:
    """Every spec column of every shipped table carries its spec description; facets are set."""
    meta = metadata(ds)
    tables = meta["databases"]["italruss"]["tables"]
    for table in TABLES:
        notes = tables[table.name]["columns"]
        assert [] == [f.name for f in table.fields if not notes[f.name].startswith(f.description)]
    assert ["actor", "topic", "stance", "year", "confidence"] == tables["stances_readable"]["facets"]
    assert ("CC BY 4.0", True) == (meta["license"], ds.version in meta["source"])


def test_every_page_names_the_release_and_licence(ds: italruss.Dataset) -> None:
    """Each table and canned query carries the release and licence, shown in the page's footer."""
    database = metadata(ds)["databases"]["italruss"]
    pages = [*database["tables"].values(), *database["queries"].values()]
    assert [] == [p for p in pages if ds.version not in p["source"] or p["license"] != "CC BY 4.0"]


def test_an_older_release_exports_what_it_shipped(tmp_path: Path) -> None:
    """A release from before memberships exports without them, and its pages do not offer the party page."""
    old = italruss.load(version="2026.11.0")
    path = export_sqlite(old, tmp_path / "old.db")
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
        assert old.stances.height == db.execute("select count(*) from stances").fetchone()[0]
        assert ["2026.11.0"] == [r[0] for r in db.execute("select version from releases")]
    assert set() == {"memberships", PARTY_POSITIONS} & names
    assert "party" not in metadata(old, "old")["databases"]["old"]["queries"]


def test_cli_exports_database_and_metadata(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`export sqlite OUT --release V --metadata FILE` writes both, the metadata keyed by the file's name."""
    out, meta = tmp_path / "italruss-2026.11.4.db", tmp_path / "metadata.json"
    assert 0 == main(["export", "sqlite", str(out), "--release", "2026.11.4", "--metadata", str(meta)])
    assert "2026.11.4" in capsys.readouterr().out
    assert ["italruss-2026.11.4"] == list(json.loads(meta.read_text())["databases"])
    with sqlite3.connect(out) as db:
        assert (
            italruss.load(version="2026.11.4").stances.height
            == db.execute("select count(*) from stances").fetchone()[0]
        )


def test_export_needs_no_web_packages(tmp_path: Path) -> None:
    """Exporting imports neither Datasette nor sqlite-utils: it needs nothing beyond the package."""
    code = (
        f"import sys, italruss; italruss.export_sqlite(italruss.load(), {str(tmp_path / 'x.db')!r}); "
        "print(sorted(m for m in ('datasette', 'sqlite_utils', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "[]" == out.strip()


def test_cli_refuses_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exporting into a folder that does not exist is a usage error naming it, with nothing written."""
    assert 2 == main(["export", "sqlite", str(tmp_path / "nowhere" / "x.db")])
    assert f"{tmp_path / 'nowhere'}: no such folder" in capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())
