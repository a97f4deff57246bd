"""Inter-coder reliability: ordinal Krippendorff's alpha, agreement per topic, second-coding files."""

from __future__ import annotations

from pathlib import Path

import krippendorff
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from italruss._workshop.reliability import agreement, ordinal_alpha, pairs_of, read_codings

values = st.sampled_from([-2, -1, 0, 1, 2])


@given(st.lists(st.tuples(values, values), min_size=2, max_size=60))
def test_alpha_matches_the_reference_implementation(pairs: list[tuple[int, int]]) -> None:
    """Our ordinal alpha equals the krippendorff package's on any two-coder data."""
    ours = ordinal_alpha(pairs)
    if ours is None:
        assert len({v for p in pairs for v in p}) < 2
        return
    theirs = krippendorff.alpha(
        reliability_data=[[a for a, _ in pairs], [b for _, b in pairs]], level_of_measurement="ordinal"
    )
    assert theirs == pytest.approx(ours)


def test_perfect_agreement_is_one() -> None:
    """Identical codings give alpha 1."""
    assert ordinal_alpha([(2, 2), (-1, -1), (0, 0)]) == 1.0


def test_alpha_undefined_without_variation() -> None:
    """With a single value in the data alpha is undefined (None)."""
    assert ordinal_alpha([(2, 2), (2, 2)]) is None


def test_agreement_per_topic(tmp_path: Path) -> None:
    """agreement() pairs two coders' files record by record and reports each topic and all topics."""
    (tmp_path / "reliability").mkdir()
    for coder, stances in (("coder-a", (2, -1, 1)), ("coder-b", (2, -1, 2))):
        body = "".join(f'[[codings]]\nrecord = "r00000000{i}"\nstance = {s}\n\n' for i, s in enumerate(stances))
        (tmp_path / "reliability" / f"{coder}.toml").write_text(f'coder = "{coder}"\n\n{body}', encoding="utf-8")
    codings, problems = read_codings(tmp_path)
    assert problems == []
    stances = pl.DataFrame(
        {"id": [f"r00000000{i}" for i in range(3)], "topic": ["t1", "t1", "t2"], "stance": [0, 0, 0]}
    )
    table = agreement(stances, codings)
    assert table.select("topic", "units", "exact_agreement").rows() == [
        ("t1", 2, 1.0),
        ("t2", 1, 0.0),
        ("all topics", 3, 2 / 3),
    ]


def test_bad_coding_is_named(tmp_path: Path) -> None:
    """A coding with a stance out of range is reported with its record and field."""
    (tmp_path / "reliability").mkdir()
    (tmp_path / "reliability" / "coder-b.toml").write_text(
        'coder = "coder-b"\n[[codings]]\nrecord = "r000000001"\nstance = 5\n', encoding="utf-8"
    )
    _, problems = read_codings(tmp_path)
    assert [(p.record, p.field) for p in problems] == [("r000000001", "stance")]


def _coder_file(folder: Path, name: str, coder: str, stances: dict[str, int], round_: int | None = None) -> None:
    head = f'coder = "{coder}"\n' + ("" if round_ is None else f"round = {round_}\n")
    body = "".join(f'[[codings]]\nrecord = "{r}"\nstance = {s}\n\n' for r, s in stances.items())
    (folder / "reliability").mkdir(exist_ok=True)
    (folder / "reliability" / f"{name}.toml").write_text(f"{head}\n{body}", encoding="utf-8")


def test_a_later_round_recodes_a_record(tmp_path: Path) -> None:
    """Round 2 pairs its first coder with each other coder; a record coded in both rounds counts once, as of round 2."""
    _coder_file(tmp_path, "coder-a", "coder-a", {"r000000001": 2, "r000000002": 1})
    _coder_file(tmp_path, "coder-b", "coder-b", {"r000000001": -2, "r000000002": 1})
    _coder_file(tmp_path, "round2-coder-a", "coder-a", {"r000000001": 1, "r000000003": 2}, round_=2)
    _coder_file(tmp_path, "round2-coder-c", "coder-c", {"r000000001": 1}, round_=2)
    _coder_file(tmp_path, "round2-coder-d", "coder-d", {"r000000003": 0}, round_=2)
    codings, problems = read_codings(tmp_path)
    assert problems == []
    stances = pl.DataFrame({"id": [f"r00000000{i}" for i in (1, 2, 3)], "topic": ["t"] * 3, "stance": [9, 9, 9]})
    pairs = pairs_of(stances, codings).sort("record")
    assert pairs.select("record", "round", "stance_a", "stance_b").rows() == [
        ("r000000001", 2, 1, 1),
        ("r000000002", 1, 1, 1),
        ("r000000003", 2, 2, 0),
    ]


def test_one_coder_twice_in_a_round_is_a_problem(tmp_path: Path) -> None:
    """The same label in two files of one round is refused; in two rounds it is fine; a bad round is named."""
    _coder_file(tmp_path, "one", "coder-a", {"r000000001": 2})
    _coder_file(tmp_path, "two", "coder-a", {"r000000001": 2}, round_=2)
    assert read_codings(tmp_path)[1] == []
    _coder_file(tmp_path, "three", "coder-a", {"r000000002": 2}, round_=2)
    _coder_file(tmp_path, "four", "coder-e", {"r000000002": 2}, round_=0)
    fields = sorted(p.field for p in read_codings(tmp_path)[1])
    assert fields == ["coder", "round"]


def test_shipped_agreement_floors() -> None:
    """The shipped codings: ordinal alpha of 0.8 or more on every topic, and a blind second coding of at
    least 20% of the records added since release 2026.12.0."""
    import italruss
    from italruss._releases.store import shipped_dir

    ds = italruss.load()
    codings, problems = read_codings(shipped_dir())
    assert problems == []
    table = agreement(ds.stances, codings)
    assert table.filter(pl.col("alpha") < 0.8).rows() == []
    history = ds.history
    assert history is not None
    first = history.group_by("id").agg(pl.col("added_in").min())
    coverage = ["2026.12.0", "2026.12.1", "2026.12.2", "2026.12.3"]
    added = set(first.filter(pl.col("added_in").is_in(coverage))["id"]) & set(ds.stances["id"])
    second = set(codings.filter(pl.col("coder") != "coder-a")["record"])
    assert len(added & second) >= 0.2 * len(added)
