"""Property test: after any sequence of edits and releases, each release loads exactly as it stood."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

import italruss
from italruss._schema.spec import STANCES
from italruss._schema.tables import frame
from italruss._workshop.build import tables_from, write_tables
from italruss._workshop.catalog import read_catalog
from italruss._workshop.release import release

from ..conftest import DATA
from ..strategies import STEM, record_ids, source_for, stance_records

Step = tuple[str, Any]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(stance_records(), min_size=1, max_size=3)),
        st.tuples(st.just("edit"), st.tuples(st.integers(0, 50), st.sampled_from([-2, -1, 0, 1, 2]))),
        st.tuples(st.just("withdraw"), st.integers(0, 50)),
        st.tuples(st.just("release"), st.none()),
    ),
    min_size=1,
    max_size=8,
)


def _write(root: Path, records: dict[str, dict[str, Any]]) -> None:
    document = {"source": source_for(STEM), "stances": list(records.values())}
    (root / "records" / f"{STEM}.toml").write_text(tomli_w.dumps(document), encoding="utf-8")


def _live(records: dict[str, dict[str, Any]]) -> pl.DataFrame:
    rows = [{**r, "source": STEM} for r in records.values() if "withdrawn" not in r]
    return frame(STANCES, rows)


@settings(max_examples=15)
@given(steps, record_ids)
def test_each_release_loads_as_it_stood(plan: list[Step], first_id: str) -> None:
    """load(version=v) equals the stance table as it stood when v was released, for every v."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        (root / "records").mkdir(parents=True)
        for name in ("actors.toml", "topics.toml"):
            shutil.copy(DATA / name, root / name)
        records: dict[str, dict[str, Any]] = {}
        released_ids: set[str] = set()
        expected: dict[str, pl.DataFrame] = {}
        month = 0
        for kind, arg in [("add", []), *plan]:
            ids = sorted(records)
            if kind == "add":
                for record in arg:
                    records.setdefault(record["id"], record)
            elif kind == "edit" and ids:
                rid = ids[arg[0] % len(ids)]
                records[rid] = {**records[rid], "stance": arg[1]}
            elif kind == "withdraw" and released_ids:
                rid = sorted(released_ids)[arg % len(released_ids)]
                records[rid] = {**records[rid], "withdrawn": "Withdrawn in a generated test."}
            if not records:
                continue
            _write(root, records)
            write_tables(tables_from(read_catalog(root), previous=root, deep=False), root)
            if kind == "release":
                month += 1
                version = f"2026.{month:02d}.0"
                try:
                    release(root, version, today=dt.date(2026, month, 1))
                except italruss.ItalrussError:
                    continue  # nothing pending
                expected[version] = _live(records)
                released_ids = set(records)
        for version, table in expected.items():
            assert italruss.load(root, version=version).stances.equals(table)
