"""Pictures of the data: an actor's stances over time, a map of actors by topics, who moved between dates.

Plotting is optional (`pip install "italruss[plot]"`); each function returns a matplotlib `Figure`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from italruss._errors import ItalrussError
from italruss._time import cutoff

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from italruss._dataset import Dataset
    from italruss._resolve import DateLike
    from italruss._time import MaxAge

SCALE = {-2: "−2 against", -1: "−1", 0: "0 balanced", 1: "+1", 2: "+2 for"}


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on what is installed
        raise ItalrussError('plotting needs matplotlib: pip install "italruss[plot]"') from exc
    return Figure(figsize=(width, height), layout="constrained")


def _scale_axis(axis: object, which: str) -> None:
    set_ticks = getattr(axis, f"set_{which}ticks")
    set_ticks(list(SCALE), list(SCALE.values()))
    getattr(axis, f"set_{which}lim")(-2.5, 2.5)


def plot_timeline(
    ds: Dataset, actor: str | list[str], topic: str | None = None, *, max_age: MaxAge | None = None
) -> Figure:
    """Each topic's stance over time as a step line on the −2..2 scale, records as points.

    `actor` may name several actors (a list): one line per actor and topic. With `max_age`, the part of a
    stance older than that is drawn faded and dashed, so that an old stance does not look current.
    """
    if max_age is not None:
        cutoff(dt.date.today(), max_age)  # a malformed duration is a ValueError before anything is drawn
    actors = [actor] if isinstance(actor, str) else list(actor)
    frames = [ds.timeline(a, topic).with_columns(pl.lit(ds.actor(a).name).alias("who")) for a in actors]
    records = pl.concat(frames) if frames else pl.DataFrame()
    if records.height == 0:
        raise ValueError(f"{', '.join(actors)!r}: no records" + (f" on {topic!r}" if topic else ""))
    from matplotlib.dates import date2num

    fig = _figure(11, 4.8)
    ax = fig.subplots()
    end = ds.stances["date"].max()  # the data's last date, so that the same data give the same picture
    assert isinstance(end, dt.date)
    groups = sorted(records.group_by("who", "topic"), key=lambda g: (str(g[0][0]), str(g[0][1])))
    for i, ((who, name), rows) in enumerate(groups):
        offset = 0.07 * (i - (len(groups) - 1) / 2)  # lines at one value stay apart
        label = str(name) if len(actors) == 1 else f"{who} — {name}"
        colour = None
        for (xs, ys), faded in _segments(rows.sort("date"), end, max_age):
            style = {"alpha": 0.3, "linestyle": "--"} if faded else {"alpha": 1.0, "linestyle": "-"}
            drawn = ax.plot(
                date2num(xs),
                [y + offset for y in ys],
                drawstyle="steps-post",
                linewidth=2,
                color=colour,
                label=None if colour else label,
                alpha=style["alpha"],
                linestyle=style["linestyle"],
            )
            colour = drawn[0].get_color()
        points = [s + offset for s in rows["stance"].to_list()]
        ax.plot(date2num(rows["date"].to_list()), points, "o", color=colour)
    ax.xaxis_date()
    _scale_axis(ax, "y")
    ax.axhline(0, color="grey", linewidth=0.5)
    who = ", ".join(ds.actor(a).name for a in actors)
    ax.set_title(f"Stances of {who} over time" + (f"; faded: older than {max_age}" if max_age else ""))
    _legend_outside(ax)
    ax.grid(alpha=0.3)
    _caption(fig, ds)
    return fig


def _legend_outside(ax: object) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)  # type: ignore[attr-defined]


def _caption(fig: Figure, ds: Dataset) -> None:
    """The dataset release under every figure, so that a figure never travels without its provenance."""
    fig.text(
        0.995, 0.005, f"italruss dataset {ds.version}", ha="right", va="bottom", fontsize="x-small", color="dimgrey"
    )


Segment = tuple[tuple[list[dt.date], list[float]], bool]


def _segments(rows: pl.DataFrame, end: dt.date, max_age: MaxAge | None) -> list[Segment]:
    """Step-line pieces through the records: ((xs, ys), faded), faded where a stance is older than max_age."""
    dates, stances = rows["date"].to_list(), rows["stance"].to_list()
    out: list[Segment] = []
    for i, (date, stance) in enumerate(zip(dates, stances, strict=True)):
        following = dates[i + 1] if i + 1 < len(dates) else end
        rise = ([date], [float(stances[i - 1])]) if i else ([], [])  # the step up or down from the last stance
        lapse = _lapse_date(date, max_age) if max_age is not None else None
        if lapse is not None and lapse < following:
            out.append((([*rise[0], date, lapse], [*rise[1], float(stance), float(stance)]), False))
            out.append((([lapse, following], [float(stance)] * 2), True))
        else:
            out.append((([*rise[0], date, following], [*rise[1], float(stance), float(stance)]), False))
    return out


def _lapse_date(date: dt.date, max_age: MaxAge) -> dt.date:
    """The first day on which a record of `date` is older than `max_age`."""
    if isinstance(max_age, dt.timedelta):
        return date + max_age + dt.timedelta(days=1)
    result = pl.select(pl.lit(date).dt.offset_by(max_age)).item()
    assert isinstance(result, dt.date)
    return result + dt.timedelta(days=1)


def plot_map(ds: Dataset, date: DateLike, topic: str | None = None, *, max_age: MaxAge | None = None) -> Figure:
    """Actors by topics at a date: each cell the stance in force, blank where unknown, rows by name.

    With topics of opposite Russia poles, each cell is turned toward Moscow (stance times `russia_pole`),
    so that one colour means the same thing in every column.
    """
    snap = ds.snapshot(date, topic=topic, max_age=max_age)
    if snap.height == 0:
        raise ValueError(f"no stance is in force at {date}")
    poles = dict(ds.topics.select(pl.col("id").cast(pl.String), "russia_pole").iter_rows())
    topics = sorted({str(t) for t in snap["topic"]})
    mixed = len({poles[t] for t in topics}) > 1
    toward = pl.col("stance") * pl.col("topic").cast(pl.String).replace_strict(poles, return_dtype=pl.Int8)
    value = toward if mixed else pl.col("stance")
    names = dict(ds.actors.select(pl.col("id").cast(pl.String), "name").iter_rows())
    wide = snap.with_columns(value.alias("value"), pl.col("topic").cast(pl.String)).pivot(
        on="topic", index="actor", values="value"
    )
    wide = wide.with_columns(pl.col("actor").cast(pl.String).replace_strict(names, default=None).alias("name"))
    wide = wide.sort("name")
    values = wide.select(pl.col(topics).cast(pl.Float64)).to_numpy()
    fig = _figure(max(7.5, 3.5 + 1.3 * len(topics)), 1.8 + 0.22 * wide.height)
    ax = fig.subplots()
    from matplotlib import colormaps

    colours = colormaps["PuOr" if mixed else "RdBu"].with_extremes(bad="#d9d9d9")  # unknown: grey
    image = ax.imshow(values, cmap=colours, vmin=-2, vmax=2, aspect="auto")
    ax.set_xticks(range(len(topics)), topics, rotation=30, ha="right")
    ax.set_yticks(range(wide.height), wide["name"].to_list(), fontsize="small")
    how = "toward Moscow (stance × Russia pole)" if mixed else "stance"
    title = f"In force on {date}" + (f" ({topic})" if topic else "") + f": {how}; grey: unknown"
    ax.set_title(title, fontsize="medium")
    bar = fig.colorbar(image, ax=ax, ticks=list(SCALE))
    labels = ["−2 away from Moscow", "−1", "0", "+1", "+2 Moscow's position"] if mixed else list(SCALE.values())
    bar.ax.set_yticklabels(labels)
    _caption(fig, ds)
    return fig


def plot_diff(
    ds: Dataset, date_a: DateLike, date_b: DateLike, *, actor: str | None = None, topic: str | None = None
) -> Figure:
    """Who moved between two dates: an arrow from each stance at A to the stance at B."""
    changes = ds.diff(date_a, date_b, actor=actor, topic=topic).changes
    if changes.height == 0:
        raise ValueError(f"no stance changed between {date_a} and {date_b}")
    names = dict(ds.actors.select("id", "name").iter_rows())
    fig = _figure(9, 1.5 + 0.3 * changes.height)
    ax = fig.subplots()
    for y, row in enumerate(changes.iter_rows(named=True)):
        a, b = row["stance_a"], row["stance_b"]
        if a is not None and b is not None:
            ax.annotate("", (b, y), (a, y), arrowprops={"arrowstyle": "->", "color": "black"})
        if a is not None:
            ax.plot([a], [y], "o", mfc="white", mec="grey")
        if b is not None:
            ax.plot([b], [y], "o", color="tab:red" if row["reversed"] else "tab:blue")
    labels = [f"{names.get(r['actor'], r['actor'])} — {r['topic']}" for r in changes.iter_rows(named=True)]
    ax.set_yticks(range(changes.height), labels, fontsize="small")
    ax.invert_yaxis()
    _scale_axis(ax, "x")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"Who moved, {date_a} → {date_b}", fontsize="medium")
    ax.set_xlabel("hollow: the stance before; filled: after (red where the sign reversed)")
    _caption(fig, ds)
    return fig


def plot_alignment(
    ds: Dataset,
    dates: list[dt.date],
    *,
    by: str = "party",
    actors: list[str] | None = None,
    max_age: MaxAge | None = None,
) -> Figure:
    """Russia alignment on each date, one line per party (or actor); + favours Moscow's positions.

    A point is drawn only where a stance is in force; the caption names the dataset release.
    """
    table = ds.alignment(dates, by="party" if by == "party" else "actor", max_age=max_age)
    if actors:
        table = table.filter(pl.col(by).is_in([ds.actor(a).id for a in actors]))
    if table.height == 0:
        raise ValueError("no alignment could be computed: no stance is in force on those dates")
    from matplotlib.dates import date2num

    names = dict(ds.actors.select("id", "name").iter_rows())
    fig = _figure(11, 5.5)
    ax = fig.subplots()
    from matplotlib import colormaps

    colours = [colormaps["tab20"](i) for i in range(20)]
    groups = sorted(table.partition_by(by, as_dict=True).items(), key=lambda kv: str(names.get(kv[0][0], kv[0][0])))
    for i, ((key,), rows) in enumerate(groups):
        rows = rows.sort("date")
        colour, marker = colours[i % len(colours)], "osD^v"[i // len(colours) % 5]
        xs, ys = date2num(rows["date"].to_list()), rows["alignment"].to_list()
        ax.plot(xs, ys, "-", color=colour, marker=marker, label=names.get(key, key))
    if all((d.month, d.day) == (12, 31) for d in dates):  # one date a year: label each by its year
        ax.set_xticks(date2num(sorted(dates)), [str(d.year) for d in sorted(dates)])
        ax.set_xlabel("at the end of each year")
    else:
        ax.xaxis_date()
    ax.set_ylim(-2.2, 2.2)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_ylabel("alignment: mean of stance × Russia pole")
    ax.set_title(f"Russia alignment by {by}: +2 Moscow's positions on every topic, −2 the opposite", fontsize="medium")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    ax.grid(alpha=0.3)
    caption = f"italruss dataset {ds.version}\na party: its own acts and\nits leader's of the day"
    ax.text(1.01, 0.0, caption, transform=ax.transAxes, fontsize="x-small", color="dimgrey", va="bottom")
    return fig
