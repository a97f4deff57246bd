"""Memberships, leadership terms and lineage: read from memberships.toml, checked, built into tables."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from italruss._workshop.build import tables_from
from italruss._workshop.catalog import read_catalog

SOURCE = """
[[sources]]
id = "2019-09-17-example-renzi-lascia-pd"
url = "https://www.example.org/renzi-lascia-il-pd"
publisher = "Example"
title = "Renzi lascia il Pd"
published = 2019-09-17
language = "it"
"""


def _membership(person: str, party: str, role: str, start: str, end: str | None = None, rid: str = "m000000001") -> str:
    lines = [
        "[[memberships]]",
        f'id = "{rid}"',
        f'person = "{person}"',
        f'party = "{party}"',
        f'role = "{role}"',
        f"start = {start}",
        'start_precision = "day"',
    ]
    if end:
        lines += [f"end = {end}", 'end_precision = "day"']
    lines.append('source = "2019-09-17-example-renzi-lascia-pd"')
    return "\n".join(lines) + "\n"


def _write(data_dir: Path, *rows: str) -> None:
    (data_dir / "memberships.toml").write_text(SOURCE + "\n" + "\n".join(rows), encoding="utf-8")


def _problems(data_dir: Path) -> list[tuple[str | None, str | None, str]]:
    return [
        (p.record, p.field, p.message) for p in read_catalog(data_dir).problems if p.file.endswith("memberships.toml")
    ]


def test_valid_memberships_build_and_derive_the_party(data_dir: Path) -> None:
    """Valid rows build into the memberships table, and a person's `party` is their latest membership's."""
    _write(
        data_dir,
        _membership("matteo-renzi", "pd", "member", "2007-10-14", "2019-09-17", "m000000001"),
        _membership("matteo-renzi", "italia-viva", "leader", "2019-09-18", None, "m000000002"),
    )
    assert [] == _problems(data_dir)
    tables = tables_from(read_catalog(data_dir))
    assert 2 == tables["memberships"].height
    actors = tables["actors"].filter(pl.col("id") == "matteo-renzi")
    assert ["italia-viva"] == actors["party"].to_list()
    assert "2019-09-17-example-renzi-lascia-pd" in tables["sources"]["id"].to_list()


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (_membership("nobody-known", "pd", "member", "2010-01-01"), "person", "is not an actor"),
        (_membership("matteo-renzi", "eni", "member", "2010-01-01"), "party", "of kind 'party'"),
        (_membership("matteo-renzi", "pd", "member", "2019-01-01", "2018-01-01"), "end", "before the start"),
        (_membership("matteo-renzi", "pd", "boss", "2019-01-01"), "role", "not one of"),
        (_membership("matteo-renzi", "pd", "member", "2999-01-01"), "start", "in the future"),
    ],
)
def test_bad_membership_names_record_and_field(data_dir: Path, row: str, field: str, words: str) -> None:
    """Each bad membership is reported on its own record and field."""
    _write(data_dir, row)
    problems = _problems(data_dir)
    assert [("m000000001", field)] == [(r, f) for r, f, _ in problems]
    assert words in problems[0][2]


def test_overlapping_leader_terms_are_refused(data_dir: Path) -> None:
    """Two leaders of one party may not overlap (co-spokespersons, titled 'co-…', may)."""
    first = _membership("matteo-renzi", "pd", "leader", "2014-01-01", "2018-03-12", "m000000001")
    second = _membership("enrico-letta", "pd", "leader", "2018-01-01", None, "m000000002")
    _write(data_dir, first, second)
    assert [("m000000002", "start")] == [(r, f) for r, f, _ in _problems(data_dir)]
    shared = [row.replace('role = "leader"', 'role = "leader"\ntitle = "co-spokesperson"') for row in (first, second)]
    _write(data_dir, *shared)
    assert [] == _problems(data_dir)


def test_unknown_source_and_lineage_rules(data_dir: Path) -> None:
    """A row's source must exist; a rename keeps its id, a split names its predecessor."""
    row = _membership("matteo-renzi", "pd", "member", "2010-01-01").replace(
        'source = "2019-09-17-example-renzi-lascia-pd"', 'source = "no-such-source"'
    )
    lineage = """
[[lineage]]
id = "l000000001"
party = "italia-viva"
kind = "split"
date = 2019-09-18
date_precision = "day"
source = "2019-09-17-example-renzi-lascia-pd"
"""
    _write(data_dir, row, lineage)
    found = {(r, f) for r, f, _ in _problems(data_dir)}
    assert {("m000000001", "source"), ("l000000001", "predecessor")} == found


def test_party_is_no_longer_typed_in_actors(data_dir: Path) -> None:
    """`party` is derived from memberships: typing it in actors.toml is an unknown key."""
    text = (data_dir / "actors.toml").read_text(encoding="utf-8")
    text = text.replace('id = "matteo-salvini"\n', 'id = "matteo-salvini"\nparty = "lega"\n', 1)
    (data_dir / "actors.toml").write_text(text, encoding="utf-8")
    problems = [p for p in read_catalog(data_dir).problems if p.field == "party"]
    assert ["matteo-salvini"] == [p.record for p in problems]


def test_dates_with_month_precision_start_on_the_first(data_dir: Path) -> None:
    """A month-precise start must be written as the 1st of its month."""
    row = _membership("matteo-renzi", "pd", "member", "2010-01-15").replace(
        'start_precision = "day"', 'start_precision = "month"'
    )
    _write(data_dir, row)
    assert [("m000000001", "start")] == [(r, f) for r, f, _ in _problems(data_dir)]
