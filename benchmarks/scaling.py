"""How time and peak memory grow with the table: load, snapshot, diff and panel at several sizes.

    python -m benchmarks.scaling [--sizes 100000,1000000,10000000] [--repeat 3]

Each operation runs in a fresh process on a synthetic dataset of each size: its first call (for the
queries, the one that builds the day index), the median of `repeat` later calls, and the process's
peak memory over the in-memory size of the stance table, counting the loaded tables themselves.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

import italruss
from benchmarks import _synth
from benchmarks.run import EARLIER, MONTHS, ON, _memory

OPERATIONS: dict[str, Callable[[italruss.Dataset], object]] = {
    "snapshot": lambda ds: ds.snapshot(ON),
    "diff": lambda ds: ds.diff(EARLIER, ON),
    "panel 12 dates": lambda ds: ds.panel(MONTHS),
}


def measure(operation: str, directory: Path, repeat: int) -> dict[str, Any]:
    """Time `operation` (or `load`) in this process: first call, median of later calls, and the peak memory
    of loading and the first call (the loaded tables included, over the stance table's in-memory size)."""
    pl.select(pl.int_range(1000).sum())  # polars' thread pool is started before the baseline
    before = _memory("VmRSS")
    start = time.perf_counter()
    ds = italruss.load(directory)
    loaded = time.perf_counter() - start
    size = ds.stances.estimated_size()
    if operation == "load":
        first, peak = loaded, _memory("VmHWM")
        later = [_timed(lambda: italruss.load(directory)) for _ in range(repeat)]
    else:
        call = OPERATIONS[operation]
        first = _timed(lambda: call(ds))
        peak = _memory("VmHWM")
        later = [_timed(lambda: call(ds)) for _ in range(repeat)]
    return {"first": first, "later": statistics.median(later), "peak": (peak - before) / size, "mb": size / 2**20}


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    """Every operation at every size, each in a fresh process."""
    rows = []
    for records in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            directory = _synth.write(Path(tmp), records)
            for operation in ["load", *OPERATIONS]:
                command = [sys.executable, "-m", "benchmarks.scaling", "--one", operation, "--data", str(directory)]
                done = subprocess.run([*command, "--repeat", str(repeat)], capture_output=True, text=True, check=True)
                rows.append({"records": records, "operation": operation, **json.loads(done.stdout)})
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table, with the time per record showing how cost grows."""
    lines = [
        "| records | table MB | operation | first s | later s | later ns / record | peak / table |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        per_record = r["later"] / r["records"] * 1e9
        lines.append(
            f"| {r['records']:,} | {r['mb']:.0f} | {r['operation']} | {r['first']:.4f} | {r['later']:.4f} "
            f"| {per_record:.1f} | {r['peak']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated record counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.data, args.repeat)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"median of {args.repeat} later calls, each operation in a fresh process\n")
    print(report(run(sizes, args.repeat)))


if __name__ == "__main__":
    main()
