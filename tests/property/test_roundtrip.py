"""Property tests: valid records survive file -> build -> load unchanged; invalid ones are named."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import attrs
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

import italruss
from italruss._workshop.build import tables_from, write_tables
from italruss._workshop.catalog import read_catalog

from ..conftest import DATA
from ..strategies import STEM, record_lists, source_for, stance_records


def _data_dir(root: Path, records: list[dict[str, Any]]) -> Path:
    (root / "records").mkdir(parents=True)
    for name in ("actors.toml", "topics.toml"):
        shutil.copy(DATA / name, root / name)
    document = {"source": source_for(STEM), "stances": records}
    (root / "records" / f"{STEM}.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    return root


@given(record_lists())
def test_valid_records_round_trip(records: list[dict[str, Any]]) -> None:
    """Any valid record comes back from the built, loaded dataset as an equal StanceRecord."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _data_dir(Path(tmp) / "data", records)
        write_tables(tables_from(read_catalog(root), deep=False), root)
        loaded = {r.id: r for r in italruss.load(root).records()}
    expected = {r["id"]: italruss.StanceRecord(**r, source=STEM) for r in records}
    assert expected == loaded


INVALID: dict[str, st.SearchStrategy[Any]] = {
    "stance": st.one_of(st.integers().filter(lambda n: n not in range(-2, 3)), st.sampled_from(["two", 1.5, True])),
    "date_precision": st.sampled_from(["days", "Month", "", "decade"]),
    "evidence": st.sampled_from(["tweet", "Statement", 3]),
    "confidence": st.sampled_from(["certain", "HIGH", ""]),
    "actor": st.sampled_from(["Matteo Salvini", "no-such-actor", "-lega", "lega-"]),
    "topic": st.sampled_from(["sanctions_russia", "no-such-topic"]),
    "summary": st.one_of(st.just(""), st.just("   "), st.text(min_size=401, max_size=420).map(lambda s: "x" + s + "x")),
    "date": st.sampled_from(["2018-02-30", "yesterday", 20180101]),
}


@given(stance_records(), st.sampled_from(sorted(INVALID)), st.data())
def test_invalid_field_is_named(record: dict[str, Any], field: str, data: st.DataObject) -> None:
    """A record with one invalid field is rejected with a problem naming that record and field."""
    record = {**record, field: data.draw(INVALID[field])}
    with tempfile.TemporaryDirectory() as tmp:
        problems = read_catalog(_data_dir(Path(tmp) / "data", [record])).problems
    assert problems
    assert {(p.record, p.field) for p in problems} == {(record["id"], field)}


@given(stance_records())
def test_record_fields_are_the_attrs_fields(record: dict[str, Any]) -> None:
    """A record dict with its source builds a StanceRecord whose fields are exactly the dict's keys."""
    built = italruss.StanceRecord(**record, source=STEM)
    assert {k: v for k, v in attrs.asdict(built).items() if v is not None} == {**record, "source": STEM}
