"""Who moved between two dates: `StanceDiff` and its `StanceChange` rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

import attrs
import polars as pl

ChangeKind = Literal["new", "changed", "lapsed", "unchanged"]

#: Columns of `StanceDiff.changes`, in order.
DIFF_COLUMNS = ("actor", "topic", "stance_a", "stance_b", "kind", "reversed", "record_a", "record_b")


@attrs.frozen(kw_only=True)
class StanceChange:
    """How one actor's stance on one topic differs between two dates."""

    actor: str
    topic: str
    stance_a: int | None
    stance_b: int | None
    kind: ChangeKind
    reversed: bool
    record_a: str | None
    record_b: str | None


@attrs.frozen(eq=False)
class StanceDiff:
    """Stance changes between `date_a` and `date_b`: one row per (actor, topic) in `changes`."""

    date_a: dt.date
    date_b: dt.date
    changes: pl.DataFrame

    def __len__(self) -> int:
        return self.changes.height

    def __iter__(self) -> Iterator[StanceChange]:
        for row in self.changes.iter_rows(named=True):
            yield StanceChange(**row)

    def to_markdown(self) -> str:
        """The changes as a Markdown table, with a heading naming the two dates."""
        head = f"### Stance changes from {self.date_a} to {self.date_b}\n\n"
        if self.changes.height == 0:
            return head + "No changes.\n"
        lines = ["| actor | topic | from | to | kind |", "|---|---|---|---|---|"]
        for change in self:
            arrow = " (reversed)" if change.reversed else ""
            lines.append(
                f"| {change.actor} | {change.topic} | {_fmt(change.stance_a)} | {_fmt(change.stance_b)} "
                f"| {change.kind}{arrow} |"
            )
        return head + "\n".join(lines) + "\n"


def _fmt(stance: int | None) -> str:
    return "–" if stance is None else f"{stance:+d}"


def compare(snap_a: pl.DataFrame, snap_b: pl.DataFrame, *, include_unchanged: bool = False) -> pl.DataFrame:
    """The changes between two snapshots, as the rows of `StanceDiff.changes`."""
    a = snap_a.select("actor", "topic", pl.col("stance").alias("stance_a"), pl.col("record_id").alias("record_a"))
    b = snap_b.select("actor", "topic", pl.col("stance").alias("stance_b"), pl.col("record_id").alias("record_b"))
    joined = a.join(b, on=["actor", "topic"], how="full", coalesce=True)
    kind = (
        pl.when(pl.col("stance_a").is_null())
        .then(pl.lit("new"))
        .when(pl.col("stance_b").is_null())
        .then(pl.lit("lapsed"))
        .when(pl.col("stance_a") != pl.col("stance_b"))
        .then(pl.lit("changed"))
        .otherwise(pl.lit("unchanged"))
    )
    flipped = (pl.col("stance_a").cast(pl.Int16) * pl.col("stance_b").cast(pl.Int16) < 0).fill_null(False)
    changes = joined.with_columns(kind.alias("kind"), flipped.alias("reversed"))
    if not include_unchanged:
        changes = changes.filter(pl.col("kind") != "unchanged")
    return changes.select(DIFF_COLUMNS).sort("actor", "topic")
