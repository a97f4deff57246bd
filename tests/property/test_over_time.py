"""Property tests of stances over time on generated datasets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

import italruss
from italruss._schema.spec import MEMBERSHIPS as MEMBERSHIPS_TABLE
from italruss._schema.spec import STANCES
from italruss._schema.tables import frame

from ..strategies import TINY_DATES, stance_tables

SHIPPED = italruss.load()


def _term(rid: str, person: str, party: str, role: str, start: dt.date, end: dt.date | None) -> dict[str, Any]:
    fields = {"id": rid, "person": person, "party": party, "role": role, "start": start, "start_precision": "day"}
    ends = {"end": end, "end_precision": "day"} if end else {}
    return {**fields, **ends, "source": "2025-12-31-example-generated"}


AGES = st.one_of(
    st.none(), st.sampled_from(["1d", "2w", "1mo", "45d"]), st.timedeltas(dt.timedelta(0), dt.timedelta(60))
)


#: Salvini leads the Lega throughout; Meloni is a member of it until 2015-02-10, then leads FdI.
MEMBERSHIPS = frame(
    MEMBERSHIPS_TABLE,
    [
        _term("m000000001", "matteo-salvini", "lega", "leader", dt.date(2013, 12, 15), None),
        _term("m000000002", "giorgia-meloni", "lega", "member", dt.date(2010, 1, 1), dt.date(2015, 2, 10)),
        _term("m000000003", "giorgia-meloni", "fratelli-d-italia", "leader", dt.date(2015, 2, 11), None),
    ],
)


def _dataset(rows: list[dict[str, Any]], topics: pl.DataFrame | None = None) -> italruss.Dataset:
    return italruss.Dataset(
        stances=frame(STANCES, rows),
        actors=SHIPPED.actors,
        topics=SHIPPED.topics if topics is None else topics,
        sources=SHIPPED.sources,
        memberships=MEMBERSHIPS,
    )


@given(stance_tables(), TINY_DATES, AGES)
def test_diff_of_a_date_with_itself_is_empty(rows: list[dict[str, Any]], on: dt.date, age: Any) -> None:
    """diff(a, a) reports no change."""
    assert len(_dataset(rows).diff(on, on, max_age=age)) == 0


@given(stance_tables(), TINY_DATES, TINY_DATES, AGES)
def test_applying_diff_to_snapshot_a_gives_snapshot_b(
    rows: list[dict[str, Any]], a: dt.date, b: dt.date, age: Any
) -> None:
    """snapshot(a) with diff(a, b) applied (its certain and uncertain changes) equals snapshot(b)."""
    a, b = min(a, b), max(a, b)
    ds = _dataset(rows)
    before = {(r["actor"], r["topic"]): r["stance"] for r in ds.snapshot(a, max_age=age).iter_rows(named=True)}
    diff = ds.diff(a, b, max_age=age)
    for change in [*diff, *(italruss.StanceChange(**row) for row in diff.uncertain.iter_rows(named=True))]:
        if change.kind == "lapsed":
            del before[(change.actor, change.topic)]
        else:
            before[(change.actor, change.topic)] = change.stance_b
    after = {(r["actor"], r["topic"]): r["stance"] for r in ds.snapshot(b, max_age=age).iter_rows(named=True)}
    assert after == before


@given(stance_tables(), TINY_DATES, AGES)
def test_stance_at_agrees_with_snapshot(rows: list[dict[str, Any]], on: dt.date, age: Any) -> None:
    """stance_at gives, for every (actor, topic), the record the snapshot row names, or None."""
    ds = _dataset(rows)
    snap = {(r["actor"], r["topic"]): r["record_id"] for r in ds.snapshot(on, max_age=age).iter_rows(named=True)}
    for actor in ("matteo-salvini", "lega", "vladimir-putin"):
        for topic in ("sanctions-russia", "sanctions-syria"):
            record = ds.stance_at(actor, topic, on, max_age=age)
            assert snap.get((actor, topic)) == (record.id if record else None)


@given(stance_tables(), TINY_DATES, AGES)
def test_no_stance_before_its_record(rows: list[dict[str, Any]], on: dt.date, age: Any) -> None:
    """Every stance in force at a date rests on a record dated on or before it, and the latest such."""
    ds = _dataset(rows)
    snap = ds.snapshot(on, max_age=age)
    assert all(d <= on for d in snap["date"])
    for row in snap.iter_rows(named=True):
        dates = [
            r["date"] for r in rows if (r["actor"], r["topic"]) == (row["actor"], row["topic"]) and r["date"] <= on
        ]
        assert row["date"] == max(dates)


@given(stance_tables(), TINY_DATES, st.sampled_from(["1d", "2w", "1mo", "45d"]))
def test_max_age_only_removes_rows(rows: list[dict[str, Any]], on: dt.date, age: str) -> None:
    """A snapshot with max_age is the snapshot without it, less some rows."""
    ds = _dataset(rows)
    full = ds.snapshot(on)
    aged = ds.snapshot(on, max_age=age)
    assert aged.join(full, on=list(aged.columns), how="anti").height == 0
    assert aged.height <= full.height


@given(stance_tables(), TINY_DATES)
def test_conflict_lists_every_record_of_the_latest_date(rows: list[dict[str, Any]], on: dt.date) -> None:
    """record_ids lists every record of the pair on its latest date; conflict is true iff their stances differ."""
    for row in _dataset(rows).snapshot(on).iter_rows(named=True):
        same = [r for r in rows if (r["actor"], r["topic"], r["date"]) == (row["actor"], row["topic"], row["date"])]
        assert sorted(r["id"] for r in same) == row["record_ids"]
        assert (len({r["stance"] for r in same}) > 1) == row["conflict"]
        assert row["record_id"] in row["record_ids"]


@given(stance_tables())
def test_timeline_change_is_the_step_between_records(rows: list[dict[str, Any]]) -> None:
    """In a timeline, `change` is the stance minus the previous stance of the same actor on the same topic."""
    tl = _dataset(rows).timeline("lega")
    assert tl.filter(pl.col("change") != pl.col("stance") - pl.col("previous")).height == 0
    assert tl["date"].is_sorted()
    assert set(tl["actor"]) <= {"lega"}


@given(stance_tables(), TINY_DATES, TINY_DATES, AGES, st.randoms(use_true_random=False))
def test_sorted_fast_path_matches_the_general_one(
    rows: list[dict[str, Any]], a: dt.date, b: dt.date, age: Any, rnd: Any
) -> None:
    """On stances in any row order, snapshot, diff and query give what they give on the build's order."""
    a, b = min(a, b), max(a, b)
    built = _dataset(rows)
    shuffled_rows = frame(STANCES, rows).sample(fraction=1.0, shuffle=True, seed=rnd.randint(0, 10_000))
    shuffled = italruss.Dataset(
        stances=shuffled_rows, actors=SHIPPED.actors, topics=SHIPPED.topics, sources=SHIPPED.sources
    )
    assert built.is_sorted
    assert built.snapshot(b, max_age=age).equals(shuffled.snapshot(b, max_age=age))
    assert built.diff(a, b, max_age=age).changes.equals(shuffled.diff(a, b, max_age=age).changes)
    assert built.query(actor="lega").sort("id").equals(shuffled.query(actor="lega").sort("id"))


@given(stance_tables(), st.lists(TINY_DATES, min_size=1, max_size=4), AGES)
def test_panel_equals_the_snapshot_of_each_date(rows: list[dict[str, Any]], dates: list[dt.date], age: Any) -> None:
    """panel(dates) holds, for each date, exactly the rows of that date's snapshot."""
    ds = _dataset(rows)
    columns = ["actor", "topic", "stance", "record_id", "age_days", "uncertain"]
    panel = ds.panel(dates, max_age=age)
    for on in set(dates):
        expected = ds.snapshot(on, max_age=age).select(columns).with_columns(pl.col("actor", "topic").cast(pl.String))
        got = panel.filter(pl.col("date") == on).select(columns).with_columns(pl.col("actor", "topic").cast(pl.String))
        assert expected.sort("actor", "topic").to_dicts() == got.sort("actor", "topic").to_dicts()


@given(stance_tables(), TINY_DATES)
def test_party_speakers_nest(rows: list[dict[str, Any]], on: dt.date) -> None:
    """The records a party position may rest on: party ⊆ leaders ⊆ members."""
    from italruss._parties import speaker_rows

    ds = _dataset(rows)
    snap = ds.snapshot(on)
    used = [
        set(speaker_rows(snap, ds.actors, ds.memberships, s)["record_id"].to_list())
        for s in ("party", "leaders", "members")
    ]
    assert used[0] <= used[1] <= used[2]
    positions = ds.party_stances(on, speakers="members")
    assert set(positions["record_id"].to_list()) <= used[2]


@given(stance_tables(), TINY_DATES)
def test_a_member_counts_for_the_party_of_the_record_date(rows: list[dict[str, Any]], on: dt.date) -> None:
    """Meloni's records count for the Lega (as member) only when dated before she left it."""
    from italruss._parties import speaker_rows

    ds = _dataset(rows)
    members = speaker_rows(ds.snapshot(on), ds.actors, ds.memberships, "members")
    meloni = members.filter(pl.col("speaker") == "giorgia-meloni")
    left = dt.date(2015, 2, 10)
    assert all((party == "lega") == (date <= left) for party, date in meloni.select("party", "date").iter_rows())


@given(stance_tables(), st.lists(TINY_DATES, min_size=1, max_size=3), st.sampled_from(["actor", "party"]))
def test_alignment_is_bounded_and_flips_with_the_poles(
    rows: list[dict[str, Any]], dates: list[dt.date], by: Any
) -> None:
    """Alignment lies in [-2, 2] and changes sign when every topic's russia_pole is flipped."""
    ds = _dataset(rows)
    flipped = _dataset(rows, SHIPPED.topics.with_columns(-pl.col("russia_pole")))
    a, b = ds.alignment(dates, by=by), flipped.alignment(dates, by=by)
    assert a["alignment"].is_between(-2, 2).all()
    assert a["alignment"].to_list() == [-x for x in b["alignment"].to_list()]


@given(stance_tables(), TINY_DATES, TINY_DATES)
def test_a_diff_reports_moves_only_between_certain_stances(rows: list[dict[str, Any]], a: dt.date, b: dt.date) -> None:
    """Every pair in `changes` is certain on both dates; the others are in `uncertain`."""
    a, b = min(a, b), max(a, b)
    ds = _dataset(rows)
    diff = ds.diff(a, b)
    snaps = [ds.snapshot(d).select("actor", "topic", "uncertain") for d in (a, b)]
    doubtful = {(r["actor"], r["topic"]) for s in snaps for r in s.iter_rows(named=True) if r["uncertain"]}
    assert not {(c.actor, c.topic) for c in diff} & doubtful
    assert {(r["actor"], r["topic"]) for r in diff.uncertain.iter_rows(named=True)} <= doubtful


def _reordered(ds: italruss.Dataset, rnd: Any) -> list[italruss.Dataset]:
    """The same stances shuffled, and as two shuffled parts concatenated: tables in no particular order."""
    seed = rnd.randint(0, 10_000)
    mixed = ds.stances.sample(fraction=1.0, shuffle=True, seed=seed)
    half = mixed.height // 2
    parts = pl.concat([mixed.slice(half), mixed.slice(0, half)])
    return [
        italruss.Dataset(rows, ds.actors, ds.topics, ds.sources, memberships=ds.memberships) for rows in (mixed, parts)
    ]


@given(stance_tables(), st.lists(TINY_DATES, min_size=1, max_size=3), AGES, st.randoms(use_true_random=False))
def test_any_row_order_gives_the_same_answers(
    rows: list[dict[str, Any]], dates: list[dt.date], age: Any, rnd: Any
) -> None:
    """stance_at, panel, party_stances and alignment give on shuffled or concatenated stances what they give sorted."""
    built = _dataset(rows)
    on = dates[0]
    for other in _reordered(built, rnd):
        for actor in ("matteo-salvini", "lega"):
            assert built.stance_at(actor, "sanctions-russia", on, max_age=age) == other.stance_at(
                actor, "sanctions-russia", on, max_age=age
            )
        assert built.panel(dates, max_age=age).equals(other.panel(dates, max_age=age))
        assert built.party_stances(on, max_age=age).equals(other.party_stances(on, max_age=age))
        for by in ("actor", "party"):
            assert built.alignment(dates, by=by, max_age=age).equals(other.alignment(dates, by=by, max_age=age))


@given(stance_tables(), TINY_DATES, AGES, st.randoms(use_true_random=False))
def test_snapshot_is_the_latest_records_by_definition(
    rows: list[dict[str, Any]], on: dt.date, age: Any, rnd: Any
) -> None:
    """A snapshot, sorted or not, equals the definition: per pair, the records of the latest date, ranked."""
    from italruss._time import SNAPSHOT_COLUMNS, honesty, in_force, tie_break

    built = _dataset(rows)
    ranked = in_force(built.stances.lazy(), on, age).sort(["actor", "topic", *tie_break()]).collect()
    expected = (
        ranked.group_by("actor", "topic", maintain_order=True)
        .agg(
            pl.all().exclude("id").first(),
            pl.col("id").first().alias("record_id"),
            (pl.col("stance").n_unique() > 1).alias("conflict"),
            pl.col("id").sort().alias("record_ids"),
        )
        .with_columns(honesty(on))
        .select(SNAPSHOT_COLUMNS)
    )
    for ds in [built, *_reordered(built, rnd)]:
        assert expected.to_dicts() == ds.snapshot(on, max_age=age).to_dicts()
