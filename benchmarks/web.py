"""Time the web view on the shipped dataset: the SQLite export, and the page of the actor with the most records.

    python -m benchmarks.web [--repeat 5] [--no-browser]

Each figure sits beside a baseline measured in the same run: the export command, in a fresh process,
beside `italruss load` (starting Python, importing and loading the data); the export itself beside a plain
dump of the same tables with the standard library's sqlite3 (no keys, indexes, full-text search or
views); the actor's page, rendered by Datasette in this process, beside Datasette's own table page filtered to the same
actor; and, where Chromium is installed, the page loaded in a headless browser from `italruss serve`
beside the browser loading an empty page (its start-up cost).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import polars as pl

import italruss
from benchmarks.run import median_time
from italruss._web.export import tables_of
from italruss._web.site import metadata

Fn = Callable[[], object]
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking")


def busiest_actor(ds: italruss.Dataset) -> str:
    """The id of the actor with the most stance records (ties: the first id)."""
    counts = ds.stances.group_by("actor").len().sort(["len", "actor"], descending=[True, False])
    return str(counts["actor"][0])


def plain_dump(ds: italruss.Dataset, path: Path) -> None:
    """The same tables written with sqlite3 alone: every value as text or integer, nothing else."""
    path.unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as db:
        for name, frame in tables_of(ds).items():
            lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
            text = frame.with_columns(pl.col(lists).list.join("; "))
            text = text.with_columns(pl.col(c).cast(pl.String) for c, t in text.schema.items() if not t.is_integer())
            db.execute(f"create table [{name}] ({', '.join(f'[{c}]' for c in text.columns)})")
            marks = ", ".join("?" * text.width)
            db.executemany(f"insert into [{name}] values ({marks})", text.iter_rows())
        db.commit()


def renderer(db: Path, meta: dict[str, Any]) -> Callable[[str], Fn]:
    """A function giving, for a path, a call that renders that page with Datasette in this process."""
    from datasette.app import Datasette

    app = Datasette([], immutables=[str(db)], metadata=meta)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(app.invoke_startup())

    async def get(path: str) -> None:
        response = await app.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")

    return lambda path: lambda: loop.run_until_complete(get(path))


def cases(folder: Path, ds: italruss.Dataset | None = None) -> list[tuple[str, Fn, Fn]]:
    """(name, italruss's call, the baseline's) for the export and the actor's page, files kept in `folder`."""
    ds = ds or italruss.load()
    db = italruss.export_sqlite(ds, folder / "italruss.db")
    actor = busiest_actor(ds)
    render = renderer(db, metadata(ds, db.stem))
    command = [sys.executable, "-m", "italruss"]
    export = [*command, "export", "sqlite", str(folder / "cli.db")]
    return [
        (
            "`italruss export sqlite` command (vs `italruss load`)",
            lambda: subprocess.run(export, check=True, capture_output=True),
            lambda: subprocess.run([*command, "load"], check=True, capture_output=True),
        ),
        (
            "export_sqlite (vs plain sqlite3 dump)",
            lambda: italruss.export_sqlite(ds, folder / "export.db"),
            lambda: plain_dump(ds, folder / "plain.db"),
        ),
        (
            f"actor page, {actor} (vs table page filtered)",
            render(f"/italruss/actor?actor={actor}"),
            render(f"/italruss/stances?actor={actor}"),
        ),
    ]


@contextmanager
def served(port: int) -> Iterator[str]:
    """`italruss serve` on `port`, answering, stopped on exit."""
    server = subprocess.Popen([sys.executable, "-m", "italruss", "serve", "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(360):
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def browser_case(ds: italruss.Dataset, repeat: int) -> tuple[float, float] | None:
    """Median seconds for Chromium to load the busiest actor's page, and an empty page (None: no browser)."""
    browser = next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)
    if browser is None:
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as profile, served(port) as base:

        def load(url: str) -> Fn:
            command = [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url]
            return lambda: subprocess.run(command, capture_output=True, check=True, timeout=120)

        page = load(f"{base}/italruss/actor?actor={busiest_actor(ds)}")
        return median_time(page, repeat), median_time(load("data:text/html,<p>empty</p>"), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="skip the headless-browser measurement")
    args = parser.parse_args()
    ds = italruss.load()
    print(f"dataset {ds.version}: {ds.stances.height} records, median of {args.repeat} runs\n")
    print("| benchmark | italruss s | baseline s | ratio |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, ours, base in cases(Path(folder), ds):
            t_ours, t_base = median_time(ours, args.repeat), median_time(base, args.repeat)
            print(f"| {name} | {t_ours:.3f} | {t_base:.3f} | {t_ours / t_base:.2f} |")
    timed = None if args.no_browser else browser_case(ds, args.repeat)
    if timed:
        page, empty = timed
        print(f"| actor page in headless Chromium (vs an empty page) | {page:.3f} | {empty:.3f} | {page / empty:.2f} |")


if __name__ == "__main__":
    main()
