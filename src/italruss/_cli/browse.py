"""Browsing from the command line: `actors` and `sources`, actors' names beside their ids, diff filters."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from italruss._cli.output import FORMATS, render

if TYPE_CHECKING:
    from italruss._dataset import Dataset

EXIT_OK = 0
Adder = Callable[..., argparse.ArgumentParser]
Loader = Callable[[argparse.Namespace], "Dataset"]

#: What `--from` keeps: the pairs whose earlier stance was on that side of the scale.
SIDES = {"negative": pl.col("stance_a") < 0, "positive": pl.col("stance_a") > 0}


def register(sub: Any, add: Adder, load: Loader) -> None:
    """Add `actors` and `sources` to the parser's sub-commands."""

    def actors(args: argparse.Namespace) -> int:
        return _actors(load(args), args)

    def sources(args: argparse.Namespace) -> int:
        return _sources(load(args), args)

    found = add(sub, "actors", "list actors: ids, names, aliases, crosswalk ids", "italruss actors lega", actors)
    found.add_argument("search", nargs="?", help="part of an id, name or alias (any case)")
    found.add_argument("--kind", help="person, party, government, organisation, company or country")
    found.add_argument("--country", help="a two-letter country code, e.g. IT")
    found.add_argument("--party", help="members of this party at any time (id, name or alias)")
    listed = add(sub, "sources", "list sources: publisher, title, date, address", "italruss sources ansa", sources)
    listed.add_argument("search", nargs="?", help="part of the publisher, title or address (any case)")
    listed.add_argument("--actor", help="only the sources of this actor's records")
    for cmd in (found, listed):
        cmd.add_argument("--format", choices=FORMATS, default="table")

    def cite(args: argparse.Namespace) -> int:
        ds = load(args)
        print(_cff(ds) if args.format == "cff" else ds.cite("bibtex" if args.format == "bibtex" else "text"))
        return EXIT_OK

    cited = add(sub, "cite", "how to cite a dataset release", "italruss cite --release 2026.12.0 --format bibtex", cite)
    cited.add_argument("--format", choices=("text", "bibtex", "cff"), default="text")
    for cmd in (found, listed, cited):
        cmd.add_argument("--release", metavar="V", help="the dataset release to read (default: the latest)")


def _actors(ds: Dataset, args: argparse.Namespace) -> int:
    rows = ds.actors
    if args.search:
        key = args.search.casefold()
        text = pl.concat_str("id", "name", pl.col("aliases").list.join(" "), separator=" ").str.to_lowercase()
        rows = rows.filter(text.str.contains(key, literal=True))
    rows = rows.filter(pl.col("id").is_in(actors_matching(ds, args, None).implode()))
    if args.format in ("table", "markdown"):  # for people, aliases as text; csv and json keep the list
        rows = rows.with_columns(pl.col("aliases").list.join("; "))
    if args.format == "table":
        rows = rows.select("id", "name", "kind", "country", "party", "aliases", "wikidata", "partyfacts")
    print(render(rows.sort("name"), args.format))
    return EXIT_OK


def _sources(ds: Dataset, args: argparse.Namespace) -> int:
    rows = ds.sources
    if args.search:
        text = pl.concat_str("publisher", "title", pl.col("url").fill_null(""), separator=" ").str.to_lowercase()
        rows = rows.filter(text.str.contains(args.search.casefold(), literal=True))
    if args.actor:
        used = ds.query(actor=args.actor)["source"].unique().implode()
        rows = rows.filter(pl.col("id").is_in(used))
    if args.format == "table":
        rows = rows.select("published", "publisher", "title", "url", "id")
    print(render(rows.sort("published", "id", nulls_last=True), args.format))
    return EXIT_OK


def with_names(ds: Dataset, df: pl.DataFrame) -> pl.DataFrame:
    """`df` with each actor's name in a `name` column right after `actor`."""
    names = ds.actors.select(pl.col("id").cast(df.schema["actor"]).alias("actor"), "name")
    joined = df.join(names, on="actor", how="left", maintain_order="left")
    columns = list(df.columns)
    columns.insert(columns.index("actor") + 1, "name")
    return joined.select(columns)


def filter_moves(ds: Dataset, changes: pl.DataFrame, args: argparse.Namespace, on: dt.date) -> pl.DataFrame:
    """The diff rows `diff`'s filters keep: changed only, from a side, by the actor's kind, country, party
    (the party and its members on `on`, the later date)."""
    if args.changed_only:
        changes = changes.filter(pl.col("kind") == "changed")
    if args.side:
        changes = changes.filter(SIDES[args.side])
    return changes.filter(pl.col("actor").cast(pl.String).is_in(actors_matching(ds, args, on).implode()))


def actors_matching(ds: Dataset, args: argparse.Namespace, on: dt.date | None) -> pl.Series:
    """Ids of the actors of `--kind`, `--country` and `--party` (the party and its members: on `on`, or
    at any time when `on` is None)."""
    keep = ds.actors.select(pl.col("id").cast(pl.String), "kind", "country")
    if args.kind:
        keep = keep.filter(pl.col("kind").cast(pl.String) == args.kind)
    if args.country:
        keep = keep.filter(pl.col("country") == args.country.upper())
    if args.party:
        party = ds.actor(args.party).id
        terms = ds.memberships.filter(pl.col("party") == party)
        if on is not None:
            terms = terms.filter(pl.col("start") <= on, pl.col("end").is_null() | (pl.col("end") >= on))
        keep = keep.filter(pl.col("id").is_in(terms["person"].implode()) | (pl.col("id") == party))
    return keep["id"]


def add_move_filters(cmd: argparse.ArgumentParser) -> None:
    """The options of `diff` that narrow who moved."""
    cmd.add_argument("--changed-only", action="store_true", help="only stances that changed (no new or lapsed)")
    cmd.add_argument("--from", dest="side", choices=sorted(SIDES), help="only moves from a negative or positive stance")
    cmd.add_argument("--kind", help="only actors of this kind (person, party, government, company...)")
    cmd.add_argument("--country", help="only actors of this country, e.g. IT")
    cmd.add_argument("--party", help="only this party and its members on the later date")


def _cff(ds: Dataset) -> str:
    """A CITATION.cff for the release `ds` holds."""
    from italruss._releases.store import AUTHOR, TITLE

    released = next((r.date.isoformat() for r in _releases(ds) if r.version == ds.version), None)
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite the release you used, as below."',
        "type: dataset",
        f'title: "{TITLE}"',
        "authors:",
        f'  - name: "{AUTHOR}"',
        f'version: "{ds.version}"',
        *([f'date-released: "{released}"'] if released else []),
        "license: CC-BY-4.0",
    ]
    return "\n".join(lines)


def _releases(ds: Dataset) -> list[Any]:
    from italruss._dataset import versions

    return versions(ds.path) if ds.path else []
