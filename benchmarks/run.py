"""Run every benchmark: the median of repeated runs of italruss and of a baseline, measured in the same run.

    python -m benchmarks.run [--records 1000000] [--repeat 5]

Each line prints the italruss time, the baseline time and their ratio (italruss / baseline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

import italruss
from benchmarks import _synth

ON = dt.date(2020, 6, 30)
EARLIER = dt.date(2018, 1, 1)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` calls of `fn`, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_snapshot(stances: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """The plainest polars for 'latest record per actor and topic on or before a date'."""
    return stances.filter(pl.col("date") <= on).sort("actor", "topic", "date").group_by("actor", "topic").last()


def plain_diff(stances: pl.DataFrame, a: dt.date, b: dt.date) -> pl.DataFrame:
    """The plainest polars diff: two plain snapshots joined, changed pairs kept."""
    left = plain_snapshot(stances, a).select("actor", "topic", pl.col("stance").alias("stance_a"))
    right = plain_snapshot(stances, b).select("actor", "topic", pl.col("stance").alias("stance_b"))
    joined = left.join(right, on=["actor", "topic"], how="full", coalesce=True)
    return joined.filter(pl.col("stance_a").ne_missing(pl.col("stance_b")))


def benchmarks(ds: italruss.Dataset) -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    """name -> (italruss call, baseline call) computing the same result."""
    s = ds.stances
    return {
        "snapshot": (lambda: ds.snapshot(ON), lambda: plain_snapshot(s, ON)),
        "diff": (lambda: ds.diff(EARLIER, ON), lambda: plain_diff(s, EARLIER, ON)),
        "query actor": (lambda: ds.query(actor="actor-00042"), lambda: s.filter(pl.col("actor") == "actor-00042")),
    }


def run(records: int, repeat: int) -> list[tuple[str, float, float]]:
    """Build a synthetic dataset of `records` rows and time every benchmark on it."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = _synth.write(Path(tmp), records)
        results = [
            (
                "load(path=...)",
                median_time(lambda: italruss.load(directory), repeat),
                median_time(lambda: [pl.read_parquet(p) for p in sorted(directory.glob("*.parquet"))], repeat),
            )
        ]
        ds = italruss.load(directory)
        for name, (ours, baseline) in benchmarks(ds).items():
            results.append((name, median_time(ours, repeat), median_time(baseline, repeat)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'benchmark':<16} {'italruss s':>11} {'baseline s':>11} {'ratio':>7}   ({args.records:,} records)")
    for name, ours, base in run(args.records, args.repeat):
        print(f"{name:<16} {ours:>11.4f} {base:>11.4f} {ours / base:>7.2f}")


if __name__ == "__main__":
    main()
