"""Compiling the record files into the parquet tables the package ships, atomically and reproducibly.

The build reads the record files and the previous history (the committed ``*-history.parquet``), and
writes the current tables, the updated histories and the manifest — all of them, or none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from italruss._errors import Problem, ValidationError
from italruss._releases import history as _history
from italruss._releases import integrity
from italruss._releases import manifest as _manifest
from italruss._releases.store import RELEASES_FILE, columns_signature, read_releases
from italruss._schema.checks import check_tables, file_name
from italruss._schema.descriptors import DATAPACKAGE_FILE, render_datapackage
from italruss._schema.spec import (
    ACTORS,
    ALL_TABLES,
    LINEAGE,
    MEMBERSHIPS,
    META_DATASET,
    META_SCHEMA,
    META_TABLE,
    SCHEMA_VERSION,
    SOURCES,
    STANCES,
    TABLES,
    TOPICS,
    Table,
    history_of,
)
from italruss._schema.tables import frame
from italruss._workshop import transaction
from italruss._workshop.catalog import Catalog
from italruss._workshop.memberships import derived_parties

Tables = dict[str, pl.DataFrame]
SHIPPED_FILES = [file_name(t) for t in ALL_TABLES] + [RELEASES_FILE, DATAPACKAGE_FILE]


def build(directory: Path) -> list[Path]:
    """Build the data folder's record files into its parquet files, holding its write lock throughout."""
    from italruss._workshop.catalog import read_catalog

    with transaction.locked(directory):
        return write_tables(tables_from(read_catalog(directory), previous=directory), directory)


def tables_from(catalog: Catalog, *, previous: Path | None = None, deep: bool = True) -> Tables:
    """Every built table (current and history) from a catalog and the histories in `previous`.

    Raises ValidationError listing every problem, if there is any.
    """
    if catalog.problems:
        raise ValidationError(list(catalog.problems))
    held = catalog.memberships
    memberships = [m.data for m in held.memberships]
    parties = derived_parties(memberships)
    rows = {
        STANCES.name: [{**st.data, "source": src.data["id"]} for src, st in catalog.stance_entries()],
        SOURCES.name: [s.source.data for s in catalog.sources] + [s.data for s in held.sources],
        ACTORS.name: [{**a.data, "party": parties.get(a.data["id"])} for a in catalog.actors],
        TOPICS.name: [t.data for t in catalog.topics],
        MEMBERSHIPS.name: memberships,
        LINEAGE.name: [row.data for row in held.lineage],
    }
    tables: Tables = {}
    problems: list[Problem] = []
    for table in TABLES:
        history = history_of(table)
        full = frame(history, rows[table.name])
        old = _previous(previous, history)
        tables[history.name], found = _history.revise(old, full, history)
        problems += found + _withdrawn_unreleased(old, full, table)
        live = full.filter(pl.col("withdrawn").is_null()) if "withdrawn" in full.columns else full
        tables[table.name] = live.select(table.columns).sort(table.sort_by)
    problems += schema_problems(previous)
    problems += check_tables(tables, deep=deep)
    if problems:
        raise ValidationError(problems)
    return tables


def _previous(directory: Path | None, history: Table) -> pl.DataFrame:
    """The committed history with the current columns first (see `history.carry`), retired ones kept.

    A history a release shipped is never rebuilt from nothing: missing, unreadable or stripped of its
    release stamps, it is an error that says how to restore it.
    """
    path = None if directory is None else directory / file_name(history)
    table = history.name.removesuffix("-history")
    released = directory is not None and any(table in e.get("columns", {}) for e in read_releases(directory))
    if path is None or not path.is_file():
        if released:
            raise ValidationError([_lost(path, "is missing")])
        return _history.empty(history)
    try:
        old = pl.read_parquet(path)
        carried = _history.carry(old, history)
    except (pl.exceptions.PolarsError, OSError) as exc:
        if isinstance(exc, (pl.exceptions.ColumnNotFoundError, pl.exceptions.InvalidOperationError)):
            message = f"cannot be read with this schema: {exc}"
            raise ValidationError([Problem(str(path), None, None, None, message)]) from exc
        raise ValidationError([_lost(path, f"cannot be read ({str(exc).splitlines()[0]})")]) from exc
    if released and carried.height and carried["added_in"].is_null().all():
        raise ValidationError([_lost(path, "holds no released revision")])
    return carried


def _lost(path: Path | None, what: str) -> Problem:
    advice = (
        f"{what}, yet releases shipped it: restore it from git (`git checkout HEAD -- {path}`, or from the "
        "commit of the latest release) and build again; never rebuild a released history from nothing"
    )
    return Problem(str(path), None, None, None, advice)


def _withdrawn_unreleased(previous: pl.DataFrame, full: pl.DataFrame, table: Table) -> list[Problem]:
    if "withdrawn" not in full.columns:
        return []
    released = previous.filter(pl.col("added_in").is_not_null())["id"].implode()
    bad = full.filter(pl.col("withdrawn").is_not_null() & ~pl.col("id").is_in(released))["id"]
    message = "was never released: delete the record instead of withdrawing it"
    return [Problem(file_name(table), None, rid, "withdrawn", message) for rid in bad.sort()]


def schema_problems(directory: Path | None) -> list[Problem]:
    """The schema gate against the latest release (see `schema_changes`)."""
    entries = [] if directory is None else read_releases(directory)
    if not entries:
        return []
    last = entries[-1]
    return [
        Problem("schema", None, None, None, message)
        for message in schema_changes(last["columns"], columns_signature(), last["schema_version"], SCHEMA_VERSION)
    ]


def schema_changes(
    before: dict[str, dict[str, str]], now: dict[str, dict[str, str]], old_version: str, new_version: str
) -> list[str]:
    """Why the schema may not go from `before` to `now` under these versions, one message per column.

    Adding a column or a table needs at least a MINOR version; removing, renaming or retyping a column
    (or removing a table) needs a MAJOR one; a version may never go down.
    """
    old, new = _semver(old_version), _semver(new_version)
    if new < old:
        return [f"version {new_version} is older than {old_version}, the schema of the latest release"]
    messages = []
    for table in sorted(set(before) | set(now)):
        was, is_ = before.get(table, {}), now.get(table)
        if is_ is None:
            if new[0] == old[0]:
                messages.append(f"table {table} was removed: raise the schema's MAJOR version (now {new_version})")
            continue
        for column in sorted(set(was) | set(is_)):
            if column not in was:
                if new[:2] == old[:2]:
                    what = f"column {table}.{column} ({is_[column]}) was added" if was else f"table {table} was added"
                    messages.append(f"{what}: raise the schema's MINOR version (now {new_version})")
            elif is_.get(column) != was[column] and new[0] == old[0]:
                change = "removed or renamed" if column not in is_ else f"retyped to {is_[column]}"
                messages.append(
                    f"column {table}.{column} ({was[column]}) was {change}: "
                    f"raise the schema's MAJOR version (now {new_version})"
                )
    return list(dict.fromkeys(messages))


def _semver(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def dataset_label(directory: Path, tables: Tables) -> str:
    """The dataset version the built files hold: the latest release, marked when changes are pending."""
    entries = read_releases(directory)
    latest = entries[-1]["version"] if entries else None
    pending = any(_history.pending(tables[history_of(t).name]) for t in TABLES)
    if latest is None:
        return "unreleased"
    return f"{latest}+unreleased" if pending else latest


def metadata(table: Table, dataset: str) -> dict[str, str]:
    """Our key-value metadata for a table's parquet file."""
    return {META_TABLE: table.name, META_SCHEMA: SCHEMA_VERSION, META_DATASET: dataset}


def write_parquet(df: pl.DataFrame, path: Path, meta: dict[str, str]) -> None:
    """Write with fixed options so that the same rows always give the same bytes."""
    df.write_parquet(path, compression="zstd", compression_level=9, statistics=True, metadata=meta)


def write_tables(
    tables: Tables,
    out_dir: Path,
    extra: dict[str | Path, Callable[[Path], None]] | None = None,
    dataset: str | None = None,
) -> list[Path]:
    """Write every table, any `extra` files and the manifest: all replaced together, or none.

    `extra` maps a file name in `out_dir` (a `str`) or any `Path` (e.g. CHANGELOG.md) to its writer. `dataset` is
    the dataset version stamped into the files (default: worked out from `out_dir`). Call it holding
    `transaction.locked(out_dir)`.
    """
    dataset = dataset or dataset_label(out_dir, tables)
    writers: dict[Path, Callable[[Path], None]] = {
        out_dir / file_name(t): _parquet_writer(tables[t.name], metadata(t, dataset)) for t in ALL_TABLES
    }
    writers[out_dir / DATAPACKAGE_FILE] = transaction.text_writer(render_datapackage(dataset))
    writers.update({out_dir / name if isinstance(name, str) else name: write for name, write in (extra or {}).items()})

    def manifest(staged: dict[Path, Path]) -> dict[Path, Callable[[Path], None]]:
        inside = {path.name: temporary for path, temporary in staged.items() if path.parent == out_dir}
        shipped = [n for n in SHIPPED_FILES if n in inside or (out_dir / n).is_file()]
        return {
            out_dir / _manifest.MANIFEST_FILE: transaction.text_writer(_manifest.render_with(out_dir, shipped, inside))
        }

    return transaction.commit(out_dir, writers, then=manifest)


def _parquet_writer(df: pl.DataFrame, meta: dict[str, str]) -> Callable[[Path], None]:
    return lambda path: write_parquet(df, path, meta)


def differences(tables: Tables, out_dir: Path) -> list[str]:
    """How the files in `out_dir` differ from `tables` (contents and our metadata) and from the manifest."""
    dataset = dataset_label(out_dir, tables)
    found = []
    for table in ALL_TABLES:
        path = out_dir / file_name(table)
        if not path.is_file():
            found.append(f"{path}: missing")
            continue
        try:
            on_disk = pl.read_parquet(path)
        except (pl.exceptions.PolarsError, OSError) as exc:
            found.append(f"{path}: cannot be read as a parquet table ({str(exc).splitlines()[0]})")
            continue
        if not on_disk.equals(tables[table.name]) or on_disk.schema != tables[table.name].schema:
            found.append(f"{path}: table contents differ from a fresh build")
        ours = {k: v for k, v in pl.read_parquet_metadata(path).items() if k.startswith("italruss:")}
        if ours != metadata(table, dataset):
            found.append(f"{path}: file metadata {ours} differ from {metadata(table, dataset)}")
    package = out_dir / DATAPACKAGE_FILE
    if not package.is_file() or package.read_text(encoding="utf-8") != render_datapackage(dataset):
        found.append(f"{package}: differs from the spec")
    found += _manifest.verify(out_dir, _manifest.expected_files())
    found += integrity.broken_links(out_dir)
    return found
