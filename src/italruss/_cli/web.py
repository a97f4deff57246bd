"""The export commands (a release as SQLite, CSV, parquet or Excel) and `serve` (browse it with Datasette)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0
Adder = Callable[..., argparse.ArgumentParser]


def register(sub: Any, add: Adder) -> None:
    """Add `export` and `serve` to the parser's sub-commands."""
    export = add(sub, "export", "write the dataset in another format", "italruss export sqlite italruss.db", _export)
    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)
    sqlite = add(
        formats,
        "sqlite",
        "one SQLite file: every table, keys, indexes, full-text search and readable views",
        "italruss export sqlite italruss.db --release 2026.12.0 --metadata metadata.json",
        _export,
    )
    sqlite.add_argument("output", type=Path, help="the database file to write (replaced if it exists)")
    _release(sqlite)
    sqlite.add_argument("--metadata", type=Path, help="also write the Datasette metadata to publish it with")
    duck = add(
        formats,
        "duckdb",
        "one DuckDB file: every table, ordinal columns as ordered ENUMs (needs the 'duckdb' extra)",
        "italruss export duckdb italruss.duckdb --release 2026.12.0",
        _export_files,
    )
    duck.add_argument("output", type=Path, help="the database file to write (replaced if it exists)")
    duck.set_defaults(file_format="duckdb")
    _release(duck)
    for fmt, what, example in (
        ("csv", "one CSV file per table in a folder (list cells joined by '|')", "italruss export csv italruss-csv/"),
        ("parquet", "one parquet file per table in a folder", "italruss export parquet italruss-parquet/"),
        (
            "xlsx",
            "one Excel workbook, a sheet per table (needs the 'xlsx' extra)",
            "italruss export xlsx italruss.xlsx",
        ),
    ):
        files = add(formats, fmt, what, example, _export_files)
        files.add_argument("output", type=Path, help="the folder to write in" if fmt != "xlsx" else "the workbook")
        files.set_defaults(file_format=fmt)
        _release(files)
    serve = add(
        sub,
        "serve",
        "browse the dataset in a web browser (Datasette; needs the 'web' extra)",
        "italruss serve --port 8001",
        _serve,
    )
    _release(serve)
    serve.add_argument("--port", type=int, default=8001, help="the port to listen on (default 8001)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine)")


def _release(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--release", help="a dataset release, e.g. 2026.11.0 (default: the latest)")


def _export(args: argparse.Namespace) -> int:
    from italruss import export_sqlite, load
    from italruss._web.site import metadata

    ds = load(version=args.release)
    path = export_sqlite(ds, args.output)
    print(f"wrote {path} (dataset release {ds.version})")
    if args.metadata:
        args.metadata.write_text(json.dumps(metadata(ds, path.stem), indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {args.metadata}")
    return EXIT_OK


def _export_files(args: argparse.Namespace) -> int:
    from italruss import load
    from italruss._releases.tablefiles import write_tables

    ds = load(version=args.release)
    if args.file_format == "duckdb":
        from italruss._web.duck import export_duckdb

        written = [export_duckdb(ds, args.output)]
    else:
        written = write_tables(ds.tables(), args.output, args.file_format)
    print(f"wrote {', '.join(str(p) for p in written)} (dataset release {ds.version})")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from italruss import export_sqlite, load
    from italruss._web.site import check_port, metadata, serve

    check_port(args.host, args.port)
    ds = load(version=args.release)
    with tempfile.TemporaryDirectory(prefix="italruss-web-") as folder:
        db = export_sqlite(ds, Path(folder) / "italruss.db")
        print(f"italruss {ds.version} at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
        serve(db, metadata(ds, db.stem), host=args.host, port=args.port)
    print("stopped", file=sys.stderr)
    return EXIT_OK
