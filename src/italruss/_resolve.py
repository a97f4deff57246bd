"""Turning what users type (ids, names, aliases, ISO dates) into ids and dates, with helpful errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

DateLike = dt.date | str


def to_date(value: DateLike, name: str = "date") -> dt.date:
    """A `datetime.date` from a date or an ISO string (YYYY-MM-DD); ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            found = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if found.year >= 1:
                return found
    raise ValueError(f"{name}: {value!r} is not a real date (use a datetime.date or 'YYYY-MM-DD', year 1 or later)")


def actor_ids(actors: pl.DataFrame, actor: str) -> list[str]:
    """Ids of the actors whose id, name or alias is `actor` (case-insensitive)."""
    if not isinstance(actor, str):
        raise ValueError(f"actor: {actor!r} is not an actor's id, name or alias (a string)")
    if actors.select((pl.col("id") == actor).any()).item():
        return [actor]
    key = actor.casefold()
    hits = actors.filter(
        (pl.col("id").str.to_lowercase() == key)
        | (pl.col("name").str.to_lowercase() == key)
        | pl.col("aliases").list.eval(pl.element().str.to_lowercase() == key).list.any()
    )
    if hits.height == 0:
        names = [*actors["id"], *actors["name"], *actors["aliases"].explode().drop_nulls()]
        raise ValueError(f"unknown actor {actor!r}{suggestion(actor, names)}")
    return sorted(hits["id"])


def topic_ids(topics: pl.DataFrame, topic: str) -> list[str]:
    """Ids of the topic `topic` (an id or a label, case-insensitive) and of all topics below it."""
    if not isinstance(topic, str):
        raise ValueError(f"topic: {topic!r} is not a topic's id or label (a string)")
    key = topic.casefold()
    roots = topics.filter((pl.col("id") == topic) | (pl.col("label").str.to_lowercase() == key))["id"]
    if roots.len() == 0:
        names = [*topics["id"], *topics["label"]]
        raise ValueError(f"unknown topic {topic!r}{suggestion(topic, names)}")
    parents = dict(zip(topics["id"], topics["parent"], strict=True))
    found = set(roots)
    grew = True
    while grew:
        children = {child for child, parent in parents.items() if parent in found}
        grew = not children <= found
        found |= children
    return sorted(found)


def suggestion(value: str, names: list[str]) -> str:
    """'; did you mean ...?' naming the closest of `names`, or '' when none is close.

    Words match in any order and in part ("russia-sanctions" finds "sanctions-russia", "Lombardy" finds
    "Regional Council of Lombardy"); rapidfuzz scores them, imported only when a name was not found.
    """
    from rapidfuzz import fuzz, process, utils

    found = process.extract(value, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=6)
    close = list(dict.fromkeys(str(name) for name, score, _ in found if score >= 70))[:3]
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def actor_rows(df: pl.DataFrame, actors: pl.DataFrame, actor: str) -> pl.DataFrame:
    """The rows of `actor` (id, name or alias) in `df`, sorted by actor: binary searches, not a scan."""
    column, parts = df["actor"], []
    for actor_id in sorted(actor_ids(actors, actor)):  # in the order of `df`
        start = int(column.search_sorted(actor_id, side="left"))
        parts.append(df.slice(start, int(column.search_sorted(actor_id, side="right")) - start))
    return parts[0] if len(parts) == 1 else pl.concat(parts)


def one_of(column: str, values: list[str]) -> pl.Expr:
    """`column` equal to the value, or among the values (equality filters faster than membership)."""
    return pl.col(column) == values[0] if len(values) == 1 else pl.col(column).is_in(values)


def row_by_id(df: pl.DataFrame, row_id: str) -> dict[str, Any]:
    """The row of `df` whose `id` is `row_id`, as a dict."""
    return df.row(by_predicate=pl.col("id") == row_id, named=True)
