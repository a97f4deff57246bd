"""What changed between two dataset releases: records added, corrected and withdrawn."""

from __future__ import annotations

import os

import attrs
import polars as pl

from italruss._load import load
from italruss._spec import STANCES

_KEY = ["actor", "topic", "stance", "date", "source"]


@attrs.frozen(eq=False)
class VersionDiff:
    """Stance records added, corrected (old and new values side by side) and withdrawn from `a` to `b`."""

    a: str
    b: str
    added: pl.DataFrame
    corrected: pl.DataFrame
    withdrawn: pl.DataFrame

    def __len__(self) -> int:
        return self.added.height + self.corrected.height + self.withdrawn.height

    def to_markdown(self) -> str:
        """A Markdown report of the changes, fit for a pull-request comment or release notes."""
        lines = [f"### Dataset changes from {self.a} to {self.b}", ""]
        lines.append(
            f"{self.added.height} added, {self.corrected.height} corrected, {self.withdrawn.height} withdrawn."
        )
        for title, df in (("Added", self.added), ("Withdrawn", self.withdrawn)):
            if df.height:
                lines += ["", f"#### {title}", "", "| id | actor | topic | stance | date |", "|---|---|---|---|---|"]
                lines += [
                    f"| {r['id']} | {r['actor']} | {r['topic']} | {r['stance']:+d} | {r['date']} |"
                    for r in df.iter_rows(named=True)
                ]
        if self.corrected.height:
            lines += ["", "#### Corrected", "", "| id | field | old | new |", "|---|---|---|---|"]
            lines += [
                f"| {r['id']} | {r['field']} | {r['old']} | {r['new']} |" for r in self.corrected.iter_rows(named=True)
            ]
        return "\n".join(lines) + "\n"


def diff_versions(a: str, b: str | None = None, *, path: str | os.PathLike[str] | None = None) -> VersionDiff:
    """The changes from release `a` to release `b` (default: the latest release)."""
    old = load(path, version=a).stances
    new = load(path, version=b).stances
    b = load(path, version=b).version
    added = new.join(old.select("id"), on="id", how="anti")
    withdrawn = old.join(new.select("id"), on="id", how="anti")
    return VersionDiff(a, b, added, corrected(old, new), withdrawn)


def corrected(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """One row per changed field of a record present in both: id, field, old and new values (as text)."""
    both = old.join(new, on="id", how="inner", suffix="_new")
    parts = [
        both.filter(pl.col(c).ne_missing(pl.col(f"{c}_new"))).select(
            "id",
            pl.lit(c).alias("field"),
            pl.col(c).cast(pl.String).alias("old"),
            pl.col(f"{c}_new").cast(pl.String).alias("new"),
        )
        for c in STANCES.columns
        if c != "id"
    ]
    return pl.concat(parts).sort("id", "field")
