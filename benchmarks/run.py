"""Run every benchmark: medians of repeated runs of italruss and of its baselines, measured in the same run.

    python -m benchmarks.run [--records 1000000] [--repeat 5] [--memory]

For each benchmark it prints italruss's median time, the plainest hand-written polars doing the same
work, their ratio, and where there is one the plainest pandas and DuckDB and how many times faster
italruss is. Cases marked "shuffled" run on the same stances in random row order, as a user's own
frames may come. `--memory` also runs each benchmark alone in a fresh process and reports its peak
memory as a multiple of the in-memory size of the stance table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import polars as pl

import italruss
from benchmarks import _synth
from italruss._schema.checks import check_tables
from italruss._schema.spec import TABLES, history_of

ON = dt.date(2020, 6, 30)
EARLIER = dt.date(2018, 1, 1)
ACTOR = "actor-00042"
TOPIC = "sanctions-russia"
#: Twelve month ends of one year, the dates of the panel benchmark.
MONTHS = [dt.date(2021, m, 1) - dt.timedelta(days=1) for m in range(2, 13)] + [dt.date(2021, 12, 31)]
Fn = Callable[[], object]


@attrs.frozen
class Case:
    """One benchmark: italruss's call, the plainest polars, pandas and DuckDB doing the same, and the targets."""

    name: str
    ours: Fn
    polars: Fn | None
    pandas: Fn | None = None
    max_ratio: float | None = 1.0  # italruss / polars
    min_speedup: float | None = None  # pandas / italruss
    max_seconds: float | None = None
    duckdb: Fn | None = None
    max_vs_duckdb: float | None = None  # italruss / duckdb


def median_time(fn: Fn, repeat: int) -> float:
    """The median wall time of `repeat` calls of `fn`, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_snapshot(s: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """The plain polars group-by: per actor and topic, the columns of the latest record on or before `on`."""
    return s.filter(pl.col("date") <= on).group_by("actor", "topic").agg(pl.all().sort_by("date").last())


def plain_diff(s: pl.DataFrame, a: dt.date, b: dt.date) -> pl.DataFrame:
    left = plain_snapshot(s, a).select("actor", "topic", pl.col("stance").alias("stance_a"))
    right = plain_snapshot(s, b).select("actor", "topic", pl.col("stance").alias("stance_b"))
    joined = left.join(right, on=["actor", "topic"], how="full", coalesce=True)
    return joined.filter(pl.col("stance_a").ne_missing(pl.col("stance_b")))


def pandas_snapshot(p: Any, on: dt.date) -> Any:
    past = p[p["date"] <= dt.datetime.combine(on, dt.time())].sort_values(["actor", "topic", "date"])
    return past.drop_duplicates(["actor", "topic"], keep="last")


def pandas_diff(p: Any, a: dt.date, b: dt.date) -> Any:
    left = pandas_snapshot(p, a)[["actor", "topic", "stance"]]
    right = pandas_snapshot(p, b)[["actor", "topic", "stance"]]
    merged = left.merge(right, on=["actor", "topic"], how="outer", suffixes=("_a", "_b"))
    return merged[merged["stance_a"].ne(merged["stance_b"])]


def plain_stance_at(s: pl.DataFrame, actor: str, topic: str, on: dt.date) -> pl.DataFrame:
    rows = s.filter((pl.col("actor") == actor) & (pl.col("topic") == topic) & (pl.col("date") <= on))
    return rows.sort("date").tail(1)


_DUCK_SNAPSHOT = """SELECT actor, topic, max(date) AS date, arg_max(stance, date) AS stance, arg_max(id, date) AS id
FROM {table} WHERE date <= DATE '{on}' GROUP BY actor, topic"""
_DUCK_DIFF = """WITH a AS ({a}), b AS ({b})
SELECT actor, topic, a.stance AS stance_a, b.stance AS stance_b FROM a FULL OUTER JOIN b USING (actor, topic)
WHERE a.stance IS DISTINCT FROM b.stance"""


def duckdb_tables(frames: dict[str, pl.DataFrame]) -> Any:
    """A DuckDB connection holding each frame as a native in-memory table (DuckDB's fastest form)."""
    import duckdb

    con = duckdb.connect()
    for name, df in frames.items():
        con.register("incoming", df.to_arrow())
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        con.unregister("incoming")
    return con


def duckdb_snapshot(con: Any, table: str, on: dt.date) -> pl.DataFrame:
    return pl.from_arrow(con.sql(_DUCK_SNAPSHOT.format(table=table, on=on)).to_arrow_table())  # type: ignore[return-value]


def duckdb_diff(con: Any, table: str, a: dt.date, b: dt.date) -> pl.DataFrame:
    query = _DUCK_DIFF.format(a=_DUCK_SNAPSHOT.format(table=table, on=a), b=_DUCK_SNAPSHOT.format(table=table, on=b))
    return pl.from_arrow(con.sql(query).to_arrow_table())  # type: ignore[return-value]


def plain_version(directory: Path, version: str) -> list[pl.DataFrame]:
    """Each table at a release from its history, by hand: read, keep the live revisions, drop the extras."""
    ranks = {v: i for i, v in enumerate(_synth.RELEASES)}
    out = []
    for table in TABLES:
        h = pl.read_parquet(directory / f"{history_of(table).name}.parquet")
        added = pl.col("added_in").replace_strict(ranks, default=None, return_dtype=pl.Int32)
        retracted = pl.col("retracted_in").replace_strict(ranks, default=None, return_dtype=pl.Int32)
        live = (added <= ranks[version]) & (retracted.is_null() | (retracted > ranks[version]))
        if "withdrawn" in h.columns:
            live &= pl.col("withdrawn").is_null()
        out.append(h.filter(live).select(table.columns))
    return out


def shuffled(ds: italruss.Dataset, seed: int = 1) -> italruss.Dataset:
    """The same dataset with its stances in a random row order: no fast path for the build's order applies."""
    rows = ds.stances.sample(fraction=1.0, shuffle=True, seed=seed)
    return italruss.Dataset(rows, ds.actors, ds.topics, ds.sources, memberships=ds.memberships, lineage=ds.lineage)


def cases(
    directory: Path,
    *,
    pandas: bool = True,
    ds: italruss.Dataset | None = None,
    mixed_directory: Path | None = None,
    mixed_ds: italruss.Dataset | None = None,
) -> list[Case]:
    """Every benchmark on the synthetic dataset in `directory` (`pandas`: with the pandas and DuckDB baselines).

    The shuffled cases load `mixed_directory` (see `_synth.write_shuffled`), or shuffle the stances in
    memory without one. The shuffled dataset, the pandas frames and the DuckDB tables are made on first use.
    """
    ds = ds or italruss.load(directory)
    s = ds.stances
    mixed = functools.cache(lambda: mixed_ds or (italruss.load(mixed_directory) if mixed_directory else shuffled(ds)))
    current = [directory / f"{t.name}.parquet" for t in TABLES]

    def fresh(rows: Fn) -> Fn:  # a new Dataset each call: the first query builds its index
        return lambda: italruss.Dataset(rows(), ds.actors, ds.topics, ds.sources).snapshot(ON)

    out = [
        Case("load(path)", lambda: italruss.load(directory), lambda: [pl.read_parquet(p) for p in current], None, 1.5),
        Case(
            "load(version)",
            lambda: italruss.load(directory, version=_synth.RELEASES[1]),
            lambda: plain_version(directory, _synth.RELEASES[1]),
            max_ratio=1.5,
        ),
        Case("validation (full)", lambda: check_tables(_tables(ds), deep=True), None, max_ratio=None, max_seconds=5.0),
        Case("query actor", lambda: ds.query(actor=ACTOR), lambda: s.filter(pl.col("actor") == ACTOR), max_ratio=1.5),
        Case("snapshot", lambda: ds.snapshot(ON), lambda: plain_snapshot(s, ON)),
        Case("snapshot, shuffled", lambda: mixed().snapshot(ON), lambda: plain_snapshot(mixed().stances, ON)),
        Case("first snapshot (index built)", fresh(lambda: s), lambda: plain_snapshot(s, ON), max_ratio=None),
        Case(
            "first snapshot, shuffled (index built)",
            fresh(lambda: mixed().stances),
            lambda: plain_snapshot(mixed().stances, ON),
            max_ratio=None,
        ),
        Case("stance_at", lambda: ds.stance_at(ACTOR, TOPIC, ON), lambda: plain_stance_at(s, ACTOR, TOPIC, ON)),
        Case(
            "stance_at, shuffled",
            lambda: mixed().stance_at(ACTOR, TOPIC, ON),
            lambda: plain_stance_at(mixed().stances, ACTOR, TOPIC, ON),
        ),
        Case("diff", lambda: ds.diff(EARLIER, ON), lambda: plain_diff(s, EARLIER, ON)),
        Case("diff, shuffled", lambda: mixed().diff(EARLIER, ON), lambda: plain_diff(mixed().stances, EARLIER, ON)),
        # the baselines below are italruss's own snapshots: what the panel replaces, what a party view costs
        Case(
            "panel 12 dates (vs 12 snapshots)",
            lambda: ds.panel(MONTHS),
            lambda: [ds.snapshot(d) for d in MONTHS],
            None,
            0.2,
        ),
        Case("party_stances (vs snapshot)", lambda: ds.party_stances(ON), lambda: ds.snapshot(ON), None, 2.0),
        Case("alignment (vs snapshot)", lambda: ds.alignment(ON), lambda: ds.snapshot(ON), None, 2.0),
        Case(
            "alignment by party (vs snapshot)", lambda: ds.alignment(ON, by="party"), lambda: ds.snapshot(ON), None, 2.0
        ),
    ]
    if not pandas:
        return out
    if not all(importlib.util.find_spec(m) for m in ("pandas", "pyarrow")):  # no pandas baselines
        return out
    frames = functools.cache(lambda: (s.to_pandas(), mixed().stances.to_pandas()))
    pandas_cases: dict[str, tuple[Fn, float | None]] = {
        "query actor": (lambda: frames()[0][frames()[0]["actor"] == ACTOR], 3.0),
        "snapshot": (lambda: pandas_snapshot(frames()[0], ON), 6.0),
        "snapshot, shuffled": (lambda: pandas_snapshot(frames()[1], ON), 6.0),
        "diff": (lambda: pandas_diff(frames()[0], EARLIER, ON), 6.0),
        "diff, shuffled": (lambda: pandas_diff(frames()[1], EARLIER, ON), 6.0),
    }
    out = [
        attrs.evolve(c, pandas=pandas_cases[c.name][0], min_speedup=pandas_cases[c.name][1])
        if c.name in pandas_cases
        else c
        for c in out
    ]
    if importlib.util.find_spec("duckdb") is None:  # no DuckDB baselines
        return out
    con = functools.cache(lambda: duckdb_tables({"stances": s, "shuffled": mixed().stances}))
    duck_cases: dict[str, Fn] = {
        "snapshot": lambda: duckdb_snapshot(con(), "stances", ON),
        "snapshot, shuffled": lambda: duckdb_snapshot(con(), "shuffled", ON),
        "diff": lambda: duckdb_diff(con(), "stances", EARLIER, ON),
        "diff, shuffled": lambda: duckdb_diff(con(), "shuffled", EARLIER, ON),
    }
    return [attrs.evolve(c, duckdb=duck_cases[c.name], max_vs_duckdb=1.0) if c.name in duck_cases else c for c in out]


def _tables(ds: italruss.Dataset) -> dict[str, pl.DataFrame]:
    return {
        "stances": ds.stances,
        "actors": ds.actors,
        "topics": ds.topics,
        "sources": ds.sources,
        "memberships": ds.memberships,
        "lineage": ds.lineage,
    }


def import_times(repeat: int) -> tuple[float, float]:
    """Median wall times of `import italruss` and of `import polars`, each in a fresh interpreter."""

    def timed(module: str) -> Fn:
        return lambda: subprocess.run([sys.executable, "-c", f"import {module}"], check=True)

    return median_time(timed("italruss"), repeat), median_time(timed("polars"), repeat)


def shipped_load(repeat: int) -> tuple[float, float]:
    """Median time of loading the shipped dataset (validation included, cache cleared), and of reading it."""
    from italruss._dataset import _load_cached
    from italruss._releases.store import shipped_dir

    directory = shipped_dir()

    def ours() -> None:
        _load_cached.cache_clear()
        italruss.load()

    return median_time(ours, repeat), median_time(
        lambda: [pl.read_parquet(p) for p in directory.glob("*.parquet")], repeat
    )


def run(records: int, repeat: int) -> list[dict[str, Any]]:
    """Build a synthetic dataset of `records` stance rows and time every benchmark on it."""
    rows = []
    ours, base = import_times(repeat)
    rows.append({"name": "import italruss", "ours": ours, "polars": base, "max_ratio": 1.3})
    ours, base = shipped_load(repeat)
    rows.append({"name": "load() shipped", "ours": ours, "polars": base, "max_seconds": 0.25})
    with tempfile.TemporaryDirectory() as tmp:
        directory = _synth.write(Path(tmp) / "built", records)
        mixed = _synth.write_shuffled(directory, Path(tmp) / "shuffled")
        for case in cases(directory, mixed_directory=mixed):
            row: dict[str, Any] = {"name": case.name, "ours": median_time(case.ours, repeat)}
            row["polars"] = median_time(case.polars, repeat) if case.polars else None
            row["pandas"] = median_time(case.pandas, repeat) if case.pandas else None
            row["duckdb"] = median_time(case.duckdb, repeat) if case.duckdb else None
            row.update(max_ratio=case.max_ratio, min_speedup=case.min_speedup, max_seconds=case.max_seconds)
            row.update(max_vs_duckdb=case.max_vs_duckdb)
            rows.append(row)
    return rows


def verdict(row: dict[str, Any]) -> str:
    """'ok' when the row meets its targets, else what it missed."""
    missed = []
    if row.get("max_ratio") and row.get("polars") and row["ours"] / row["polars"] > row["max_ratio"]:
        missed.append(f"ratio > {row['max_ratio']}")
    if row.get("min_speedup") and row.get("pandas") and row["pandas"] / row["ours"] < row["min_speedup"]:
        missed.append(f"pandas speed-up < {row['min_speedup']}")
    if row.get("max_vs_duckdb") and row.get("duckdb") and row["ours"] / row["duckdb"] > row["max_vs_duckdb"]:
        missed.append(f"DuckDB ratio > {row['max_vs_duckdb']}")
    if row.get("max_seconds") and row["ours"] > row["max_seconds"]:
        missed.append(f"> {row['max_seconds']} s")
    return "ok" if not missed else "MISSED: " + ", ".join(missed)


def report(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| benchmark | italruss s | polars s | ratio | pandas s | vs pandas | DuckDB s | vs DuckDB | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r['ours'] / r['polars']:.2f}" if r.get("polars") else ""
        speed = f"{r['pandas'] / r['ours']:.1f}x" if r.get("pandas") else ""
        duck = f"{r['duckdb'] / r['ours']:.1f}x" if r.get("duckdb") else ""
        lines.append(
            f"| {r['name']} | {r['ours']:.4f} | {_cell(r.get('polars'))} | {ratio} | {_cell(r.get('pandas'))} "
            f"| {speed} | {_cell(r.get('duckdb'))} | {duck} | {verdict(r)} |"
        )
    return "\n".join(lines)


def _cell(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.4f}"


def peak_memory(records: int) -> list[tuple[str, float]]:
    """Each benchmark alone in a fresh process: peak memory over the stance table's in-memory size."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = _synth.write(Path(tmp) / "built", records)
        mixed = _synth.write_shuffled(directory, Path(tmp) / "shuffled")
        out = []
        for case in cases(directory, pandas=False, mixed_directory=mixed):
            data = mixed if "shuffled" in case.name else directory  # only the table the case reads is loaded
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.run", "--one", case.name, "--data", str(data)],
                capture_output=True,
                text=True,
                check=True,
            )
            out.append((case.name, json.loads(done.stdout)["ratio"]))
        return out


def _memory(field: str) -> int:
    """A VmRSS / VmHWM figure of this process, in bytes (Linux; a fresh process starts its own HWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not found in /proc/self/status")


def _one(name: str, directory: Path) -> None:
    """Run one benchmark once in this process and print its peak memory over the table's size.

    The peak counts everything the benchmark holds: the loaded tables and its own temporaries.
    """
    before = _memory("VmRSS")
    loads = {
        "load(path)": lambda: italruss.load(directory),
        "load(version)": lambda: italruss.load(directory, version=_synth.RELEASES[1]),
    }
    if name in loads:
        result = loads[name]()  # nothing else is loaded in this process
        assert isinstance(result, italruss.Dataset)
        size = result.stances.estimated_size()
    else:
        ds = italruss.load(directory)
        size = ds.stances.estimated_size()
        next(c for c in cases(directory, pandas=False, ds=ds, mixed_ds=ds) if c.name == name).ours()
    print(json.dumps({"name": name, "ratio": (_memory("VmHWM") - before) / size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="also measure each benchmark's peak memory")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one, args.data)
        return
    print(f"{args.records:,} stance records, median of {args.repeat} runs\n")
    print(report(run(args.records, args.repeat)))
    if args.memory:
        print("\n| benchmark | peak memory / table size |\n|---|---|")
        for name, ratio in peak_memory(args.records):
            print(f"| {name} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
