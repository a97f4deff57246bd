"""Loading the dataset: from the install, from a folder, validated, with clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

import italruss
from italruss._schema.checks import check_tables
from italruss._schema.spec import STANCES
from italruss._workshop.build import tables_from, write_parquet, write_tables
from italruss._workshop.catalog import read_catalog


@pytest.fixture
def built(data_dir: Path) -> Path:
    """A data folder with freshly built parquet files."""
    write_tables(tables_from(read_catalog(data_dir)), data_dir)
    return data_dir


def test_load_shipped_dataset() -> None:
    """`load()` returns the shipped dataset with every table present."""
    ds = italruss.load()
    assert ds.stances.height > 0
    assert set(ds.stances["actor"]) <= set(ds.actors["id"])
    assert set(ds.stances["topic"]) <= set(ds.topics["id"])


def test_load_hands_out_a_fresh_dataset_each_time() -> None:
    """Two loads share their data but not their objects: a caller's change to a frame reaches no one else."""
    first, second = italruss.load(), italruss.load()
    assert first is not second
    first.stances.insert_column(0, pl.lit(1).alias("mine"))
    assert "mine" not in italruss.load().stances.columns
    assert "mine" not in second.stances.columns


def test_a_dataset_pickles_and_copies() -> None:
    """A Dataset survives pickling and copying with its tables, version and history."""
    import copy
    import pickle

    ds = italruss.load()
    for other in (pickle.loads(pickle.dumps(ds)), copy.copy(ds), copy.deepcopy(ds)):
        assert ds.version == other.version
        assert ds.stances.equals(other.stances)
        assert other.history is not None
        assert ds.memberships.equals(other.memberships)


def test_required_topics_are_shipped() -> None:
    """The topics the dataset promises exist, with their parents."""
    topics = dict(italruss.load().topics.select("id", "parent").iter_rows())
    assert {k: topics[k] for k in ("sanctions-russia", "sanctions-syria", "syria-assad-accountability")} == {
        "sanctions-russia": "sanctions",
        "sanctions-syria": "sanctions",
        "syria-assad-accountability": "syria",
    }
    assert {"syria-western-strikes", "terrorism-cooperation", "russia-economic-ties"} <= set(topics)


def test_load_from_folder(built: Path) -> None:
    """`load(path=...)` reads the tables of another folder."""
    ds = italruss.load(built)
    assert ds.stances.height == 17
    assert ds.path == built


def test_load_missing_files(tmp_path: Path) -> None:
    """A folder without the dataset files raises DataNotFoundError naming them."""
    with pytest.raises(italruss.DataNotFoundError, match=r"stances\.parquet"):
        italruss.load(tmp_path)


def test_load_rejects_a_bad_value(built: Path) -> None:
    """A stance out of range in a parquet file is caught on load, naming the record and field."""
    path = built / "stances.parquet"
    df = pl.read_parquet(path).with_columns(
        pl.when(pl.col("id") == "r68vk2rfge").then(7).otherwise(pl.col("stance")).cast(pl.Int8).alias("stance")
    )
    write_parquet(df, path, {})
    with pytest.raises(italruss.ValidationError) as info:
        italruss.load(built)
    assert [(p.record, p.field) for p in info.value.problems] == [("r68vk2rfge", "stance")]


def test_load_rejects_a_dangling_reference(built: Path) -> None:
    """A stance whose source is not in sources.parquet is caught on load."""
    path = built / "stances.parquet"
    df = pl.read_parquet(path).with_columns(pl.lit("no-such-source").alias("source"))
    write_parquet(df, path, {})
    with pytest.raises(italruss.ValidationError) as info:
        italruss.load(built)
    assert {p.field for p in info.value.problems} == {"source"}


def test_pandera_catches_bad_values(built: Path) -> None:
    """Deep checks look at values, not only the schema: a too-short summary is reported."""
    tables = {name: pl.read_parquet(built / f"{name}.parquet") for name in ("stances", "sources", "actors", "topics")}
    tables["stances"] = tables["stances"].with_columns(pl.lit("Too short.").alias("summary"))
    problems = check_tables(tables, deep=True)
    assert {"summary"} == {p.field for p in problems}


def test_pandera_catches_what_light_checks_let_through(built: Path) -> None:
    """pandera's own value checks reject a bad value in a frame that skips the light checks."""
    from italruss._schema import pandera as _pandera

    stances = pl.read_parquet(built / "stances.parquet").with_columns(pl.lit(9).cast(pl.Int8).alias("stance"))
    problems = _pandera.validate(STANCES, stances, "stances.parquet")
    assert problems
    assert {p.field for p in problems} == {"stance"}


def test_shipped_files_inside_install() -> None:
    """The shipped files are found next to the package (or in the checkout for an editable install)."""
    from italruss._releases.store import shipped_dir

    directory = shipped_dir()
    package = Path(italruss.__file__).parent
    assert directory == package / "_data" or directory == package.parents[1] / "data"


def test_copy_of_shipped_folder_loads(tmp_path: Path) -> None:
    """The shipped folder copied elsewhere loads to equal tables."""
    from italruss._releases.store import shipped_dir

    target = tmp_path / "copy"
    shutil.copytree(shipped_dir(), target, ignore=shutil.ignore_patterns("*.toml", "records"))
    assert italruss.load(target).stances.equals(italruss.load().stances)


def test_pandera_names_the_record_in_a_later_slice(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pandera checks big tables in slices and still names the right record in a later slice."""
    from italruss._schema import pandera as _pandera

    monkeypatch.setattr(_pandera, "CHUNK", 5)
    stances = pl.read_parquet(built / "stances.parquet")
    target = stances["id"][12]
    bad = stances.with_columns(
        pl.when(pl.col("id") == target).then(pl.lit("Too short.")).otherwise(pl.col("summary")).alias("summary")
    )
    problems = _pandera.validate(STANCES, bad, "stances.parquet")
    assert [(target, "summary")] == sorted({(p.record, p.field) for p in problems})
