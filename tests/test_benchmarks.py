"""The benchmark harness runs, and each baseline computes what italruss computes (on a small table)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from benchmarks import _synth
from benchmarks.run import (
    EARLIER,
    ON,
    cases,
    duckdb_diff,
    duckdb_snapshot,
    duckdb_tables,
    plain_diff,
    plain_snapshot,
    report,
    shuffled,
    verdict,
)

import italruss


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset of 10,000 records with four releases of history."""
    return _synth.write(tmp_path_factory.mktemp("bench"), 10_000)


def test_synthetic_dataset_passes_the_schema(synthetic: Path) -> None:
    """The generated dataset loads (validation included) at every release, growing release by release."""
    sizes = [italruss.load(synthetic, version=v).stances.height for v in _synth.RELEASES]
    assert sizes == sorted(sizes)
    assert sizes[-1] > 9_000


def test_every_benchmark_runs_once(synthetic: Path) -> None:
    """Every benchmark's italruss call and baselines run, and the report has a row for each."""
    rows = []
    for case in cases(synthetic):
        row = {"name": case.name, "ours": 1.0, "polars": 1.0, "pandas": None, "max_ratio": case.max_ratio}
        for fn in (case.ours, case.polars, case.pandas):
            if fn is not None:
                fn()
        rows.append(row)
    assert report(rows).count("\n") == len(rows) + 1
    expected = {
        "load(path)",
        "load(version)",
        "query actor",
        "snapshot",
        "diff",
        "snapshot, shuffled",
        "diff, shuffled",
    }
    assert expected <= {r["name"] for r in rows}


def test_baselines_agree_with_italruss(synthetic: Path) -> None:
    """Plain polars finds the same snapshot pairs and stances, and the same moves, as italruss (ties aside)."""
    ds = italruss.load(synthetic)
    ours = ds.snapshot(ON)
    plain = plain_snapshot(ds.stances, ON).select("actor", "topic", "stance")
    clear = ours.filter(~pl.col("conflict")).select("actor", "topic", "stance")
    assert ours.height == plain.height
    assert clear.join(plain, on=["actor", "topic", "stance"], how="anti").height == 0
    tied = pl.concat([ds.snapshot(EARLIER), ours]).filter(pl.col("conflict")).select("actor", "topic")
    diff = ds.diff(EARLIER, ON)  # the baseline does not tell certain moves from uncertain ones
    both = pl.concat([diff.changes, diff.uncertain])
    moved = both.select("actor", "topic").join(tied, on=["actor", "topic"], how="anti")
    expected = (
        plain_diff(ds.stances, EARLIER, ON).select("actor", "topic").join(tied, on=["actor", "topic"], how="anti")
    )
    assert sorted(moved.rows()) == sorted(expected.rows())


def test_duckdb_baselines_agree_with_italruss(synthetic: Path) -> None:
    """DuckDB finds the same snapshot stances and the same moves as italruss, on either row order (ties aside)."""
    ds = italruss.load(synthetic)
    con = duckdb_tables({"stances": ds.stances, "shuffled": shuffled(ds).stances})
    tied = pl.concat([ds.snapshot(EARLIER), ds.snapshot(ON)]).filter(pl.col("conflict")).select("actor", "topic")
    clear = ds.snapshot(ON).select("actor", "topic", "stance").join(tied, on=["actor", "topic"], how="anti")
    diff = ds.diff(EARLIER, ON)
    moved = (
        pl.concat([diff.changes, diff.uncertain]).select("actor", "topic").join(tied, on=["actor", "topic"], how="anti")
    )
    for table in ("stances", "shuffled"):
        snap = (
            duckdb_snapshot(con, table, ON)
            .select("actor", "topic", "stance")
            .join(tied, on=["actor", "topic"], how="anti")
        )
        assert sorted(clear.rows()) == sorted(snap.rows())
        duck = (
            duckdb_diff(con, table, EARLIER, ON).select("actor", "topic").join(tied, on=["actor", "topic"], how="anti")
        )
        assert sorted(moved.rows()) == sorted(duck.rows())


def test_shuffled_dataset_answers_as_the_sorted_one(synthetic: Path) -> None:
    """The shuffled copy the benchmarks use is not in the build's order, and gives the same snapshot."""
    ds = italruss.load(synthetic)
    mixed = shuffled(ds)
    assert (True, False) == (ds.is_sorted, mixed.is_sorted)
    assert ds.snapshot(ON).equals(mixed.snapshot(ON))


def test_verdict_names_a_missed_target() -> None:
    """A row over its ratio target is reported as missed."""
    assert verdict({"ours": 2.0, "polars": 1.0, "max_ratio": 1.5}).startswith("MISSED")
    assert verdict({"ours": 1.0, "polars": 1.0, "max_ratio": 1.5}) == "ok"
    assert verdict({"ours": 2.0, "duckdb": 1.0, "max_vs_duckdb": 1.0}).startswith("MISSED")


def test_web_benchmarks_run_once(tmp_path: Path) -> None:
    """The web benchmarks (export, actor page) and their baselines run, and the plain dump holds every table."""
    import sqlite3

    from benchmarks import web

    found = web.cases(tmp_path)
    for _, ours, base in found:
        ours()
        base()
    with sqlite3.connect(tmp_path / "plain.db") as db:
        plain = db.execute("select count(*) from stances").fetchone()[0]
    assert (italruss.load().stances.height, 3) == (plain, len(found))


def test_shuffled_folder_loads_out_of_order(synthetic: Path, tmp_path: Path) -> None:
    """The shuffled copy of a dataset folder loads (checks included) with its rows in another order."""
    mixed = italruss.load(_synth.write_shuffled(synthetic, tmp_path / "shuffled"))
    built = italruss.load(synthetic)
    assert (True, False) == (built.is_sorted, mixed.is_sorted)
    assert built.stances.sort("id").equals(mixed.stances.sort("id"))
