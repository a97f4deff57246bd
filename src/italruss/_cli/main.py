"""The `italruss` command line: a thin layer over the library."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import polars as pl

from italruss._cli.browse import add_move_filters, filter_moves, with_names
from italruss._cli.browse import register as register_browse
from italruss._cli.maintain import register
from italruss._cli.output import FORMATS, print_problems, render
from italruss._cli.web import register as register_web
from italruss._errors import ItalrussError, ValidationError

if TYPE_CHECKING:
    from italruss._dataset import Dataset

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 fine, 1 problems found, 2 bad usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", _summary)
    try:
        return handler(args)
    except ValidationError as exc:
        print_problems(exc.problems)
        return EXIT_PROBLEMS
    except (ItalrussError, ValueError) as exc:
        print(f"italruss: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (`italruss query | head -1`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"italruss: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:
        print("italruss: error: the input is nested too deeply to read", file=sys.stderr)
        return EXIT_USAGE
    except pl.exceptions.PolarsError as exc:  # a case no check foresaw: said plainly, never as a traceback
        print(f"italruss: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="italruss",
        description="Stances of political actors on Italy–Russia relations: load, query, validate, build.",
        epilog="Run 'italruss COMMAND --help' for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=_versions_line())
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    summary = _add(sub, "load", "summarise the dataset", "italruss load", _summary)
    query = _add(sub, "query", "list stance records", "italruss query --actor Salvini --topic sanctions", _query)
    query.add_argument("--actor", help="an actor id, name or alias")
    query.add_argument("--topic", help="a topic id (its child topics are included)")
    query.add_argument("--start", help="earliest date: YYYY-MM-DD, or YYYY-MM / YYYY from the start of that period")
    query.add_argument("--end", help="latest date: YYYY-MM-DD, or YYYY-MM / YYYY to the end of that period")
    query.add_argument("--format", choices=FORMATS, default="table")
    at = _add(sub, "at", "where every actor stood at a date", "italruss at 2022-03-01 --topic sanctions", _at)
    at.add_argument("date", help="the date: YYYY-MM-DD, or YYYY-MM / YYYY for the last day of that month or year")
    _filters(at)
    at.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo, 90d)")
    _stale(at)
    timeline = _add(sub, "timeline", "an actor's stances in date order", "italruss timeline Salvini", _timeline)
    timeline.add_argument("actor", help="an actor id, name or alias")
    timeline.add_argument("--topic", help="a topic id (its child topics are included)")
    timeline.add_argument("--format", choices=FORMATS, default="table")
    _stale(timeline)
    diff = _add(sub, "diff", "who moved between two dates", "italruss diff 2021-12-31 2022-06-30", _diff)
    diff.add_argument("date_a", help="the earlier date: YYYY-MM-DD, or YYYY-MM / YYYY for the end of that period")
    diff.add_argument("date_b", help="the later date: YYYY-MM-DD, or YYYY-MM / YYYY for the end of that period")
    _filters(diff)
    diff.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo, 90d)")
    diff.add_argument("--all", action="store_true", help="include pairs whose stance did not change")
    add_move_filters(diff)
    _stale(diff)
    party = _add(
        sub,
        "party",
        "a party's positions over time, with the speakers they rest on",
        "italruss party Lega --topic sanctions-russia",
        _party,
    )
    party.add_argument("party", help="a party's id, name or alias")
    party.add_argument("--topic", help="a topic id (its child topics are included)")
    party.add_argument("--from", dest="start", default="2014", help="first year (default 2014)")
    party.add_argument("--to", dest="end", help="last year (default: the data's last year)")
    party.add_argument("--speakers", choices=("party", "leaders", "members"), default="leaders", help=SPEAKERS_HELP)
    party.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo, 90d)")
    party.add_argument("--format", choices=FORMATS, default="table")
    _stale(party)
    alignment = _add(
        sub,
        "alignment",
        "Russia alignment by year: the mean of stance times each topic's Russia pole",
        "italruss alignment --by party --from 2014 --to 2025",
        _alignment,
    )
    alignment.add_argument("--by", choices=("actor", "party"), default="party")
    alignment.add_argument("--from", dest="start", default="2014", help="first year (default 2014)")
    alignment.add_argument("--to", dest="end", help="last year (default: the data's last year)")
    alignment.add_argument("--actor", help="only this actor or party (id, name or alias)")
    alignment.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo, 90d)")
    alignment.add_argument("--format", choices=FORMATS, default="table")
    plot = _add(
        sub,
        "plot",
        "draw a picture (timeline, map or diff) to a PNG or SVG file",
        "italruss plot timeline Salvini -o salvini.png",
        _plot,
    )
    kinds = plot.add_subparsers(title="pictures", metavar="PICTURE", required=True)
    timeline_plot = _add(
        kinds,
        "timeline",
        "an actor's stance on each topic over time",
        "italruss plot timeline Salvini Conte --topic sanctions -o movers.png  (or: --party Lega)",
        _plot,
    )
    timeline_plot.add_argument("actor", nargs="*", help="one or more actor ids, names or aliases")
    timeline_plot.add_argument("--party", help="add a party and every person who led it: a line each")
    map_plot = _add(
        kinds, "map", "a heatmap of actors by topics at a date", "italruss plot map 2022-03-01 -o map.svg", _plot
    )
    map_plot.add_argument("date", help="the date: YYYY-MM-DD, or YYYY-MM / YYYY for the end of that period")
    diff_plot = _add(
        kinds,
        "diff",
        "who moved between two dates, from where to where",
        "italruss plot diff 2021-12-31 2022-12-31 -o moves.png",
        _plot,
    )
    diff_plot.add_argument("date_a")
    diff_plot.add_argument("date_b")
    diff_plot.add_argument("--actor", help="an actor id, name or alias")
    alignment_plot = _add(
        kinds,
        "alignment",
        "Russia alignment by year, one line per party (or actor)",
        "italruss plot alignment --by party -o alignment.png",
        _plot,
    )
    alignment_plot.add_argument("--by", choices=("actor", "party"), default="party")
    alignment_plot.add_argument("--from", dest="start", default="2014", help="first year (default 2014)")
    alignment_plot.add_argument("--to", dest="end", help="last year (default: the data's last year)")
    alignment_plot.add_argument("--actor", action="append", help="only these actors or parties (repeatable)")
    pictures = ((timeline_plot, "timeline"), (map_plot, "map"), (diff_plot, "diff"), (alignment_plot, "alignment"))
    for cmd, name in pictures:
        cmd.set_defaults(picture=name)
        if name != "alignment":
            cmd.add_argument("--topic", help="a topic id (its child topics are included)")
        cmd.add_argument("-o", "--output", type=Path, required=True, help="the file to write: .png or .svg")
        if name != "diff":
            cmd.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo)")
    for cmd in (
        summary,
        query,
        at,
        timeline,
        diff,
        party,
        alignment,
        timeline_plot,
        map_plot,
        diff_plot,
        alignment_plot,
    ):
        cmd.add_argument("--release", metavar="V", help="the dataset release to read (default: the latest)")
    register(sub, _add, _data_arg)
    register_web(sub, _add)
    register_browse(sub, _add, _load)
    return parser


def _versions_line() -> str:
    """The package's version and the latest dataset release shipped with it."""
    from italruss import __version__
    from italruss._releases.store import read_releases, shipped_dir

    try:
        entries = read_releases(shipped_dir())
    except ItalrussError:
        entries = []
    dataset = entries[-1]["version"] if entries else "unreleased"
    return f"italruss {__version__} (dataset release {dataset})"


def _load(args: argparse.Namespace) -> Dataset:
    """The dataset release the command asks for (`--release`), the latest by default."""
    from italruss import load

    return load(version=getattr(args, "release", None))


def period(text: str, *, end: bool = True) -> dt.date:
    """A date given as YYYY-MM-DD, YYYY-MM or YYYY: a month or year stands for its last day (`end`) or first."""
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a month (YYYY-MM)")
        first = dt.date(year, month, 1)
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1) if end else first
    from italruss._resolve import to_date

    return to_date(text)


def _add(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str, example: str, handler: Handler
) -> argparse.ArgumentParser:
    cmd = sub.add_parser(name, help=text, description=f"{text[0].upper()}{text[1:]}.", epilog=f"example: {example}")
    cmd.set_defaults(handler=handler)
    return cmd


def _filters(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--actor", help="an actor id, name or alias")
    cmd.add_argument("--topic", help="a topic id (its child topics are included)")
    cmd.add_argument("--format", choices=FORMATS, default="table")


#: The command line marks (never drops) stances older than this, unless told otherwise.
STALE_AFTER = "3y"
SPEAKERS_HELP = (
    "whose stances count: the party's own acts; 'leaders' adds whoever led it on each record's date "
    "(default); 'members' adds every member on the record's date"
)


def _stale(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--stale-after",
        default=STALE_AFTER,
        help=f"mark a stance older than this as stale (default {STALE_AFTER}: three years span more than one "
        "Italian government in 2014-2025, so an older stance may no longer hold; 'none' marks nothing). "
        "The library itself marks and drops nothing unless asked (max_age)",
    )


def _stale_column(df: pl.DataFrame, stale_after: str, on: dt.date) -> pl.DataFrame:
    """Add `stale`: the stance is older on `on` than `stale_after` allows (`age_days` counts to `on`)."""
    if stale_after == "none":
        return df.with_columns(pl.lit(False).alias("stale"))
    from italruss._time import cutoff

    return df.with_columns((pl.col("age_days") > (on - cutoff(on, stale_after)).days).alias("stale"))


def _data_arg(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: ./data)")


def _summary(args: argparse.Namespace) -> int:
    from italruss import __version__

    ds = _load(args)
    years = ds.stances["date"].dt.year()
    actors, topics = ds.stances["actor"].n_unique(), ds.stances["topic"].n_unique()
    print(
        f"italruss {__version__}, dataset {ds.version}: {ds.stances.height} stance records by {actors} actors "
        f"on {topics} topics, from {ds.sources.height} sources, {years.min()!s}–{years.max()!s}"
    )
    counts = ds.stances.group_by("topic").len().sort("topic").rename({"len": "records"})
    print(render(counts))
    print("Try: italruss query --actor Salvini --topic sanctions")
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:

    start = None if args.start is None else period(args.start, end=False)
    end = None if args.end is None else period(args.end)
    ds = _load(args)
    df = with_names(ds, ds.query(args.actor, args.topic, start, end))
    columns = ["date", "name", "topic", "stance", "summary", "source"] if args.format == "table" else df.columns
    print(render(df.select(columns).sort("date", "actor"), args.format))
    return EXIT_OK


def _at(args: argparse.Namespace) -> int:
    on = period(args.date)
    ds = _load(args)
    snap = ds.snapshot(on, actor=args.actor, topic=args.topic, max_age=args.max_age)
    snap = _stale_column(snap, args.stale_after, on)
    snap = with_names(ds, snap)
    if args.format == "table":
        snap = snap.select("name", "topic", "stance", "date", "age_days", "stale", "uncertain", "record_id")
    print(render(snap, args.format))
    return EXIT_OK


def _timeline(args: argparse.Namespace) -> int:

    tl = _stale_column(_load(args).timeline(args.actor, args.topic), args.stale_after, dt.date.today())
    if args.format == "table":
        tl = tl.select("date", "topic", "stance", "change", "until", "age_days", "stale", "summary")
    print(render(tl, args.format))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:

    ds = _load(args)
    diff = ds.diff(
        period(args.date_a),
        period(args.date_b),
        actor=args.actor,
        topic=args.topic,
        max_age=args.max_age,
        include_unchanged=args.all,
    )
    diff = attrs.evolve(
        diff,
        changes=filter_moves(ds, diff.changes, args, diff.date_b),
        uncertain=filter_moves(ds, diff.uncertain, args, diff.date_b),
    )
    if args.format == "markdown":
        print(diff.to_markdown())
        return EXIT_OK
    changes = _stale_column(diff.changes.rename({"age_days_b": "age_days"}), args.stale_after, diff.date_b)
    changes = with_names(ds, changes.rename({"age_days": "age_days_b"}))
    if args.format == "table":
        changes = changes.select("name", "topic", "stance_a", "stance_b", "kind", "age_days_b", "stale", "record_b")
    print(render(changes, args.format))
    if diff.uncertain.height and args.format == "table":
        print(f"\n{diff.uncertain.height} pairs left out as uncertain (a month- or year-precise record around a date):")
        shown = diff.uncertain.select("actor", "topic", "stance_a", "stance_b", "kind")
        print(render(with_names(ds, shown), args.format))
    return EXIT_OK


def _years(ds: Dataset, start: str, end: str | None) -> list[dt.date]:
    """The last day of each year from `start` to `end` (default: the data's last year)."""
    last = ds.stances["date"].max()
    assert isinstance(last, dt.date)
    first, final = int(start), int(end) if end else last.year
    if final < first:
        raise ValueError(f"--to {final} is before --from {first}")
    return [dt.date(year, 12, 31) for year in range(first, final + 1)]


def _party(args: argparse.Namespace) -> int:

    ds = _load(args)
    party = ds.actor(args.party)
    if party.kind != "party":
        raise ValueError(f"{args.party!r} is {party.name}, not a party")
    rows = []
    for on in _years(ds, args.start, args.end):
        found = ds.party_stances(on, topic=args.topic, max_age=args.max_age, speakers=args.speakers)
        found = _stale_column(found.filter(pl.col("party") == party.id), args.stale_after, on)
        rows.append(found.with_columns(pl.lit(on.year).alias("year")))
    table = pl.concat(rows)
    names = ds.actors.select(pl.col("id").alias("speaker"), pl.col("name").alias("speaker_name"))
    table = table.join(names, on="speaker", how="left").sort("topic", "year")
    if args.format == "table":
        columns = ["year", "topic", "stance", "speaker_name", "role", "date", "age_days", "stale", "n_disagree"]
        table = table.select(columns)
    print(f"{party.name}: position at the end of each year ({args.speakers})")
    print(render(table, args.format))
    return EXIT_OK


def _alignment(args: argparse.Namespace) -> int:

    ds = _load(args)
    table = ds.alignment(_years(ds, args.start, args.end), by=args.by, max_age=args.max_age)
    if args.actor:
        table = table.filter(pl.col(args.by) == ds.actor(args.actor).id)
    table = table.with_columns(pl.col("date").dt.year().alias("year"), pl.col("alignment").round(2))
    if args.format == "table":
        table = table.select("year", args.by, "alignment", "n_topics", "n_records", "oldest")
    print(render(table, args.format))
    return EXIT_OK


def _plot(args: argparse.Namespace) -> int:
    from italruss._plots.figures import plot_diff, plot_map, plot_timeline

    if args.output.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"{args.output}: the file must end in .png or .svg")
    ds = _load(args)
    if args.picture == "timeline":
        actors = [*args.actor, *(_party_speakers(ds, args.party) if args.party else [])]
        if not actors:
            raise ValueError("plot timeline: name an actor, or a party with --party")
        figure = plot_timeline(ds, actors, args.topic, max_age=args.max_age)
    elif args.picture == "map":
        figure = plot_map(ds, period(args.date), args.topic, max_age=args.max_age)
    elif args.picture == "alignment":
        from italruss._plots.figures import plot_alignment

        dates = _years(ds, args.start, args.end)
        figure = plot_alignment(ds, dates, by=args.by, actors=args.actor, max_age=args.max_age)
    else:
        figure = plot_diff(ds, period(args.date_a), period(args.date_b), actor=args.actor, topic=args.topic)
    figure.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")
    return EXIT_OK


def _party_speakers(ds: Dataset, party: str) -> list[str]:
    """The party's id and the ids of everyone who led it, first leader first."""
    party_id = ds.actor(party).id
    leaders = ds.memberships.filter((pl.col("party") == party_id) & (pl.col("role").cast(pl.String) == "leader"))
    return [party_id, *leaders.sort("start")["person"].unique(maintain_order=True).to_list()]


def run() -> None:
    """Console-script entry point: Ctrl-C exits with 130, quietly."""
    try:
        code = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)
