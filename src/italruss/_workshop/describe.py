"""Describing a dataset: the codebook (docs/codebook.md) generated from the spec and the data, counts and movers."""

from __future__ import annotations

import polars as pl

from italruss._dataset import Dataset
from italruss._errors import ItalrussError
from italruss._schema.spec import ACTORS, LINEAGE, MEMBERSHIPS, STANCES
from italruss._time import timeline

SCALE = (
    (2, "explicit, unconditional agreement with the proposition, or an act that advances it (a vote for it)"),
    (1, "agreement with conditions, hedges or softened words"),
    (0, "an explicitly balanced or wait-and-see position (not 'no position': no record means unknown)"),
    (-1, "qualified opposition"),
    (-2, "explicit, unconditional opposition, or an act against the proposition"),
)


def render(ds: Dataset) -> str:
    """The codebook of the dataset release `ds`, as Markdown."""
    lines = [
        "# italruss codebook",
        "",
        f"Generated from dataset release {ds.version} (schema {ds.schema_version}) by `italruss codebook`;",
        "do not edit by hand. CONTRIBUTING.md explains how to code a record.",
        "",
        "## The stance scale",
        "",
        "Every stance is read against its topic's proposition, never against sympathy for either side.",
        "",
        "| stance | meaning | records |",
        "|---|---|---|",
    ]
    counts = dict(ds.stances.group_by("stance").len().iter_rows())
    lines += [f"| {_signed(value)} | {meaning} | {counts.get(value, 0)} |" for value, meaning in SCALE]
    lines += ["", "## Topics", ""]
    ordered = ds.topics.sort(pl.col("parent").fill_null(pl.col("id")), pl.col("parent").is_not_null(), "id")
    for topic in ordered.iter_rows(named=True):
        lines += _topic(ds, topic)
    for name in ("evidence", "attribution", "confidence", "date_precision"):
        lines += _values(ds, name)
    lines += _parties(ds)
    return "\n".join(lines).rstrip("\n") + "\n"


#: How the library answers "where did a party stand", for the codebook.
PARTY_RULES = (
    "A stance is in force from its date until a later record of the same actor and topic replaces it "
    "(or until `max_age`, when asked). Every answer about a date carries `age_days`; a month- or "
    "year-precise record is `uncertain` inside its month or year, and a diff reports a move only "
    "between certain stances.",
    "A party's position (`Dataset.party_stances`) is the most recent in-force stance of its speakers: its "
    "own acts (`party`), plus whoever led it on the record's date (`leaders`), plus its members on the "
    "record's date (`members`). A person counts for the party they belonged to when they spoke.",
    "Russia alignment (`Dataset.alignment`) is the mean over topics of stance times `russia_pole`: "
    "+2 is Moscow's position on every topic with a stance in force, -2 the opposite.",
)


def _parties(ds: Dataset) -> list[str]:
    """Memberships, roles, lineage and crosswalk ids, with counts from the data."""
    out = ["## Parties, leaders and members over time", "", *(f"- {rule}" for rule in PARTY_RULES), ""]
    for field in (*MEMBERSHIPS.fields[1:4], LINEAGE.field("kind")):
        out.append(f"- `{field.name}`: {field.description}")
    out += ["", "## Crosswalk ids of actors", ""]
    for name in ("wikidata", "partyfacts", "parlgov", "ches"):
        count = ds.actors[name].drop_nulls().len()
        out.append(f"- `{name}` ({count} actors): {ACTORS.field(name).description}")
    out += [
        "",
        "The Party Facts, ParlGov, CHES and party Wikidata ids come from the Party Facts data (Döring and Regel, "
        "*Party Politics* 2019); a party Party Facts does not know has none.",
    ]
    try:
        memberships, lineage = ds.memberships, ds.lineage
    except ItalrussError:
        return [*out, ""]
    roles = dict(memberships.group_by("role").len().iter_rows())
    out += [
        "",
        f"This release holds {roles.get('member', 0)} memberships and {roles.get('leader', 0)} leadership terms "
        f"of {memberships['person'].n_unique()} persons in {memberships['party'].n_unique()} parties, and "
        f"{lineage.height} renames, mergers and splits.",
    ]
    return [*out, ""]


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _topic(ds: Dataset, topic: dict[str, object]) -> list[str]:
    rows = ds.stances.filter(pl.col("topic") == topic["id"])
    pole = "the + end" if topic["russia_pole"] == 1 else "the − end"
    out = [
        f"### `{topic['id']}` — {topic['label']}",
        "",
        f"- Proposition (+2): {topic['proposition']}",
        f"- Part of: `{topic['parent']}`" if topic["parent"] else "- Top-level topic",
        f"- Moscow's position is at {pole} of the scale (`russia_pole` = {topic['russia_pole']:+d}).",
        f"- Records: {rows.height}",
    ]
    for value in (2, -2):
        example = _example(ds, rows, value)
        if example:
            out.append(f"- Example at {value:+d}: {example}")
    return [*out, ""]


def _example(ds: Dataset, rows: pl.DataFrame, value: int) -> str | None:
    """The clearest record at `value`: high confidence and direct first, then the earliest."""
    found = rows.filter(pl.col("stance") == value).sort(
        pl.col("confidence").to_physical(), pl.col("attribution").to_physical(), "date", "id"
    )
    if found.height == 0:
        return None
    record = found.row(0, named=True)
    name = ds.actors.filter(pl.col("id") == record["actor"])["name"].item()
    return f"{name}, {record['date']}: {record['summary']} (`{record['id']}`)"


def _values(ds: Dataset, name: str) -> list[str]:
    field = STANCES.field(name)
    counts = dict(ds.stances.group_by(name).len().iter_rows())
    out = [f"## `{name}`", "", field.description, "", "| value | records |", "|---|---|"]
    out += [f"| `{value}` | {counts.get(value, 0)} |" for value in field.choices or ()]
    return [*out, ""]


def counts(ds: Dataset) -> dict[str, pl.DataFrame]:
    """Record counts by topic, year, actor kind, source language, confidence and evidence."""
    s = ds.stances.join(ds.actors.select(pl.col("id").alias("actor"), pl.col("kind").alias("actor_kind")), on="actor")
    s = s.join(ds.sources.select(pl.col("id").alias("source"), "language"), on="source")
    s = s.with_columns(pl.col("date").dt.year().alias("year"))
    facets = ("topic", "year", "actor_kind", "language", "confidence", "evidence")
    return {f: s.group_by(f).len("records").sort(f) for f in facets}


def movers(ds: Dataset, top: int = 15) -> pl.DataFrame:
    """Actors with the most stance changes (a record whose stance differs from the previous one on its topic)."""
    tl = timeline(ds.stances.lazy())
    changed = tl.filter(pl.col("change").is_not_null() & (pl.col("change") != 0))
    per_actor = changed.group_by("actor").agg(
        pl.len().alias("changes"), pl.col("topic").unique().sort().str.join(", ").alias("topics")
    )
    return per_actor.sort(["changes", "actor"], descending=[True, False]).head(top)
