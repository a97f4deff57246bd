"""A reviewer's report of what a change does to the data, compared with a git ref."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

import polars as pl

from italruss._errors import ItalrussError, ValidationError
from italruss._releases.changes import corrected
from italruss._schema.spec import ACTORS, SOURCES, STANCES, TOPICS, history_of
from italruss._time import timeline
from italruss._workshop.build import Tables, tables_from
from italruss._workshop.catalog import read_catalog

_REVISION = ["revision", "added_in", "retracted_in"]


def tables_at(ref: str, data: Path) -> Tables:
    """The tables built from the data folder as it is at git ref `ref` (a ref, never a git option)."""
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref):
        raise ItalrussError(f"--base: {ref!r} is not a git ref (a branch, tag or commit such as origin/main)")
    top = _git(["rev-parse", "--show-toplevel"], data).decode().strip()
    relative = data.resolve().relative_to(Path(top).resolve())
    commit = _git(["rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}"], Path(top)).decode().strip()
    archive = _git(["archive", "--format=tar", commit, "--", str(relative)], Path(top))
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        base = Path(tmp) / relative
        return tables_from(read_catalog(base), previous=base, deep=False)


def _git(args: list[str], cwd: Path) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if done.returncode != 0:
        raise ItalrussError(f"git {' '.join(args)}: {done.stderr.decode().strip()}")
    return done.stdout


def _latest(history: pl.DataFrame) -> pl.DataFrame:
    return history.filter(pl.col("revision") == pl.col("revision").max().over("id")).drop(_REVISION)


def report(data: Path, ref: str) -> str:
    """A Markdown report of the working tree's data against `ref`, fit for a pull-request comment."""
    lines = [f"## Data review against `{ref}`", ""]
    catalog = read_catalog(data)
    try:
        head = tables_from(catalog, previous=data)
    except ValidationError as exc:
        lines += ["**Validation: failed.**", "", "```", *map(str, exc.problems), "```"]
        return "\n".join(lines) + "\n"
    base = tables_at(ref, data)
    lines += ["**Validation: passed.**", ""]
    old, new = (_latest(t[history_of(STANCES).name]) for t in (base, head))
    live_old, live_new = (df.filter(pl.col("withdrawn").is_null()) for df in (old, new))
    added = live_new.join(old.select("id"), on="id", how="anti")
    withdrawn = new.filter(pl.col("withdrawn").is_not_null()).join(
        old.filter(pl.col("withdrawn").is_null()).select("id"), on="id"
    )
    fixes = corrected(live_old.drop("withdrawn"), live_new.drop("withdrawn"))
    sources = head[SOURCES.name]
    lines += _records("Records added", added, sources) + _records("Records withdrawn", withdrawn, sources, reason=True)
    lines += _corrections(fixes)
    for table, what in ((ACTORS, "actors"), (TOPICS, "topics"), (SOURCES, "sources")):
        ids = sorted(set(head[table.name]["id"]) - set(base[table.name]["id"]))
        lines += [f"**New {what}:** {', '.join(f'`{i}`' for i in ids) if ids else 'none'}", ""]
    lines += _moves(head[STANCES.name], set(added["id"]) | set(fixes["id"]))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """A value as a Markdown table cell: pipes, backslashes and line breaks escaped."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _records(title: str, df: pl.DataFrame, sources: pl.DataFrame, *, reason: bool = False) -> list[str]:
    """The records a reviewer must check: each with its summary and the address of its source."""
    if df.height == 0:
        return [f"**{title}:** none", ""]
    addresses = sources.select(pl.col("id").alias("source"), "url")
    rows = df.join(addresses, on="source", how="left").sort("date", "id")
    head = "| id | actor | topic | stance | date | summary | source |" + (" reason |" if reason else "")
    rule = "|---|---|---|---|---|---|---|" + ("---|" if reason else "")
    keys = ("id", "actor", "topic", "stance", "date", "summary", "url", *(["withdrawn"] if reason else []))
    shown = rows.with_columns(
        pl.format("{}", pl.when(pl.col("stance") > 0).then(pl.lit("+")).otherwise(pl.lit("")))
        .add(pl.col("stance").cast(pl.String))
        .alias("stance"),
        pl.col("url").fill_null(pl.col("source")),
    )
    lines = ["| " + " | ".join(_cell(r[k]) for k in keys) + " |" for r in shown.iter_rows(named=True)]
    return [f"**{title}: {df.height}**", "", head, rule, *lines, ""]


def _corrections(fixes: pl.DataFrame) -> list[str]:
    if fixes.height == 0:
        return ["**Records corrected:** none", ""]
    rows = [
        "| " + " | ".join(_cell(r[k]) for k in ("id", "field", "old", "new")) + " |"
        for r in fixes.iter_rows(named=True)
    ]
    count = fixes["id"].n_unique()
    return [f"**Records corrected: {count}**", "", "| id | field | old | new |", "|---|---|---|---|", *rows, ""]


def _moves(stances: pl.DataFrame, touched: set[str]) -> list[str]:
    tl = timeline(stances.lazy()).filter(pl.col("id").is_in(list(touched)) & (pl.col("change") != 0))
    if tl.height == 0:
        return ["**Stance changes this brings into actors' timelines:** none", ""]
    rows = [
        f"- `{r['actor']}` on `{r['topic']}`: {r['previous']:+d} → {r['stance']:+d} ({r['date']}, {r['id']})"
        for r in tl.iter_rows(named=True)
    ]
    return ["**Stance changes this brings into actors' timelines:**", "", *rows, ""]
