"""Inter-coder reliability: ordinal Krippendorff's alpha, agreement per topic, second-coding files."""

from __future__ import annotations

from pathlib import Path

import krippendorff
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from italruss._workshop.reliability import agreement, ordinal_alpha, read_codings

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
