"""The `italruss` command line: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from italruss._cli.maintain import register
from italruss._cli.output import FORMATS, print_problems, render
from italruss._errors import ItalrussError, ValidationError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="italruss",
        description="Stances of political actors on Italy–Russia relations: load, query, validate, build.",
        epilog="Run 'italruss COMMAND --help' for a command's options and an example.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add(sub, "load", "summarise the dataset", "italruss load", _summary)
    query = _add(sub, "query", "list stance records", "italruss query --actor Salvini --topic sanctions", _query)
    query.add_argument("--actor", help="an actor id, name or alias")
    query.add_argument("--topic", help="a topic id (its child topics are included)")
    query.add_argument("--start", help="earliest date, YYYY-MM-DD")
    query.add_argument("--end", help="latest date, YYYY-MM-DD")
    query.add_argument("--format", choices=FORMATS, default="table")
    at = _add(sub, "at", "where every actor stood at a date", "italruss at 2022-03-01 --topic sanctions", _at)
    at.add_argument("date", help="the date, YYYY-MM-DD")
    _filters(at)
    at.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo, 90d)")
    timeline = _add(sub, "timeline", "an actor's stances in date order", "italruss timeline Salvini", _timeline)
    timeline.add_argument("actor", help="an actor id, name or alias")
    timeline.add_argument("--topic", help="a topic id (its child topics are included)")
    timeline.add_argument("--format", choices=FORMATS, default="table")
    diff = _add(sub, "diff", "who moved between two dates", "italruss diff 2021-12-31 2022-06-30", _diff)
    diff.add_argument("date_a", help="the earlier date, YYYY-MM-DD")
    diff.add_argument("date_b", help="the later date, YYYY-MM-DD")
    _filters(diff)
    diff.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo, 90d)")
    diff.add_argument("--all", action="store_true", help="include pairs whose stance did not change")
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
        "italruss plot timeline Salvini --topic sanctions -o salvini.png",
        _plot,
    )
    timeline_plot.add_argument("actor", help="an actor id, name or alias")
    map_plot = _add(
        kinds, "map", "a heatmap of actors by topics at a date", "italruss plot map 2022-03-01 -o map.svg", _plot
    )
    map_plot.add_argument("date", help="the date, YYYY-MM-DD")
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
    for cmd, name in ((timeline_plot, "timeline"), (map_plot, "map"), (diff_plot, "diff")):
        cmd.set_defaults(picture=name)
        cmd.add_argument("--topic", help="a topic id (its child topics are included)")
        cmd.add_argument("-o", "--output", type=Path, required=True, help="the file to write: .png or .svg")
        if name != "diff":
            cmd.add_argument("--max-age", help="let a stance lapse when older than this (e.g. 3y, 18mo)")
    register(sub, _add, _data_arg)
    return parser


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


def _data_arg(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: ./data)")


def _summary(args: argparse.Namespace) -> int:
    from italruss import __version__, load

    ds = load()
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
    from italruss import load

    df = load().query(args.actor, args.topic, args.start, args.end)
    columns = ["date", "actor", "topic", "stance", "summary", "source"] if args.format == "table" else df.columns
    print(render(df.select(columns).sort("date", "actor"), args.format))
    return EXIT_OK


def _at(args: argparse.Namespace) -> int:
    from italruss import load

    snap = load().snapshot(args.date, actor=args.actor, topic=args.topic, max_age=args.max_age)
    if args.format == "table":
        snap = snap.select("actor", "topic", "stance", "date", "conflict", "record_id")
    print(render(snap, args.format))
    return EXIT_OK


def _timeline(args: argparse.Namespace) -> int:
    from italruss import load

    tl = load().timeline(args.actor, args.topic)
    if args.format == "table":
        tl = tl.select("date", "topic", "stance", "change", "summary")
    print(render(tl, args.format))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from italruss import load

    diff = load().diff(
        args.date_a, args.date_b, actor=args.actor, topic=args.topic, max_age=args.max_age, include_unchanged=args.all
    )
    print(diff.to_markdown() if args.format == "markdown" else render(diff.changes, args.format))
    return EXIT_OK


def _plot(args: argparse.Namespace) -> int:
    from italruss import load
    from italruss._plots.figures import plot_diff, plot_map, plot_timeline

    if args.output.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"{args.output}: the file must end in .png or .svg")
    ds = load()
    if args.picture == "timeline":
        figure = plot_timeline(ds, args.actor, args.topic, max_age=args.max_age)
    elif args.picture == "map":
        figure = plot_map(ds, args.date, args.topic, max_age=args.max_age)
    else:
        figure = plot_diff(ds, args.date_a, args.date_b, actor=args.actor, topic=args.topic)
    figure.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
