"""What changed between two dataset releases: rows added, corrected and withdrawn, in every table."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import polars as pl

from italruss._errors import ValidationError
from italruss._releases.store import StoredRelease, read_release, shipped_dir
from italruss._schema.checks import check_tables
from italruss._schema.spec import STANCES, TABLES

_KEY = ["actor", "topic", "stance", "date", "source"]


_COUNTS = {"table": pl.String, "added": pl.Int64, "corrected": pl.Int64, "withdrawn": pl.Int64}


@attrs.frozen(eq=False)
class VersionDiff:
    """Stance records added, corrected (old and new values side by side) and withdrawn from `a` to `b`.

    `tables` counts the rows (records, actors, topics, sources, memberships...) added, corrected and
    withdrawn in every table either release has; a corrected row counts once however many fields changed.
    """

    a: str
    b: str
    added: pl.DataFrame
    corrected: pl.DataFrame
    withdrawn: pl.DataFrame
    tables: pl.DataFrame = attrs.field(factory=lambda: pl.DataFrame(schema=_COUNTS))

    def __len__(self) -> int:
        return int(self.tables.select(pl.sum_horizontal("added", "corrected", "withdrawn").sum()).item() or 0)

    def to_markdown(self) -> str:
        """A Markdown report of the changes, fit for a pull-request comment or release notes."""
        fixed = self.corrected["id"].n_unique()
        lines = [f"### Dataset changes from {self.a} to {self.b}", ""]
        lines.append(
            f"Stance records: {self.added.height} added, {fixed} corrected, {self.withdrawn.height} withdrawn."
        )
        if self.tables.height:
            lines += ["", "| table | added | corrected | withdrawn |", "|---|---|---|---|"]
            lines += [
                f"| {r['table']} | {r['added']} | {r['corrected']} | {r['withdrawn']} |"
                for r in self.tables.iter_rows(named=True)
            ]
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
    """The changes from release `a` to release `b` (default: the latest release), in every table."""
    directory = shipped_dir() if path is None else Path(path)
    old_release, new_release = _checked(read_release(directory, a)), _checked(read_release(directory, b))
    old, new = old_release.tables[STANCES.name], new_release.tables[STANCES.name]
    b = new_release.version
    added = new.join(old.select("id"), on="id", how="anti")
    withdrawn = old.join(new.select("id"), on="id", how="anti")
    counts = []
    for table in TABLES:
        before, after = old_release.tables.get(table.name), new_release.tables.get(table.name)
        if before is None and after is None:
            continue
        before = after.clear() if before is None and after is not None else before
        after = before.clear() if after is None and before is not None else after
        if before is None or after is None:  # pragma: no cover - one of them exists, see above
            continue
        counts.append(
            {
                "table": table.name,
                "added": after.join(before.select("id"), on="id", how="anti").height,
                "corrected": corrected(before, after)["id"].n_unique(),
                "withdrawn": before.join(after.select("id"), on="id", how="anti").height,
            }
        )
    summary = pl.DataFrame(counts, schema=_COUNTS, orient="row")
    return VersionDiff(a, b, added, corrected(old, new), withdrawn, summary)


def corrected(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """One row per changed field of a row present in both: id, field, old and new values (as text).

    Only the columns both have are compared, as text, so that releases of different schemas compare.
    """
    columns = [c for c in old.columns if c in new.columns and c != "id"]
    both = old.join(new, on="id", how="inner", suffix="_new")
    parts = [
        both.select(
            "id",
            pl.lit(c).alias("field"),
            _text(pl.col(c), old.schema[c]).alias("old"),
            _text(pl.col(f"{c}_new"), new.schema[c]).alias("new"),
        ).filter(pl.col("old").ne_missing(pl.col("new")))
        for c in columns
    ]
    if not parts:
        return pl.DataFrame(schema={"id": pl.String, "field": pl.String, "old": pl.String, "new": pl.String})
    return pl.concat(parts).sort("id", "field")


def _text(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A column as text for comparing releases (a list joined with '; ')."""
    return column.list.join("; ") if isinstance(dtype, pl.List) else column.cast(pl.String)


def _checked(stored: StoredRelease) -> StoredRelease:
    """The release, its tables of the current spec's columns checked (an older release's others were
    checked by the build that made it)."""
    problems = check_tables({n: df for n, df in stored.tables.items() if n in stored.current}, full=False)
    if problems:
        raise ValidationError(problems)
    return stored
