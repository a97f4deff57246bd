"""What changed between two dataset releases: records added, corrected and withdrawn."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import polars as pl

from italruss._errors import ValidationError
from italruss._releases.store import StoredRelease, read_release, shipped_dir
from italruss._schema.checks import check_tables
from italruss._schema.spec import STANCES

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
    directory = shipped_dir() if path is None else Path(path)
    old_release, new_release = _checked(read_release(directory, a)), _checked(read_release(directory, b))
    old, new = old_release.tables[STANCES.name], new_release.tables[STANCES.name]
    b = new_release.version
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


def _checked(stored: StoredRelease) -> StoredRelease:
    problems = check_tables(stored.tables, full=False)
    if problems:
        raise ValidationError(problems)
    return stored
