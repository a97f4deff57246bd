"""Hypothesis strategies for italruss records (pandera cannot generate data from polars models)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from italruss._schema.spec import ATTRIBUTIONS, CONFIDENCES, EVIDENCE, STANCE_VALUES

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ACTORS = ("matteo-salvini", "lega", "vladimir-putin", "italy-government", "eni", "giorgia-meloni")
TOPICS = ("sanctions-russia", "sanctions-syria", "syria-assad-accountability", "terrorism-cooperation")
STEM = "2025-12-31-example-generated"
FIRST, LAST = dt.date(2014, 1, 1), dt.date(2025, 12, 31)

record_ids = st.text(ID_ALPHABET, min_size=9, max_size=9).map(lambda s: "r" + s)
words = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "Zs", "P"), exclude_characters='\r\n\t\\"\x00'),
    min_size=0,
    max_size=60,
)


@st.composite
def summaries(draw: st.DrawFn) -> str:
    """A summary of valid length with no surrounding spaces (unicode included)."""
    body = draw(words).strip()
    return ("Said in Rome at a press conference: " + body)[:400].strip()


@st.composite
def dated(draw: st.DrawFn) -> tuple[dt.date, str]:
    """A date and its precision, the date being the first day of its month or year when less precise."""
    day = draw(st.dates(FIRST, LAST))
    precision = draw(st.sampled_from(("day", "month", "year")))
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


@st.composite
def stance_records(draw: st.DrawFn, record_id: str | None = None) -> dict[str, Any]:
    """A valid stance record as it is written in a record file."""
    date, precision = draw(dated())
    record: dict[str, Any] = {
        "id": record_id or draw(record_ids),
        "actor": draw(st.sampled_from(ACTORS)),
        "topic": draw(st.sampled_from(TOPICS)),
        "stance": draw(st.sampled_from(STANCE_VALUES)),
        "date": date,
        "date_precision": precision,
        "evidence": draw(st.sampled_from(EVIDENCE)),
        "attribution": draw(st.sampled_from(ATTRIBUTIONS)),
        "summary": draw(summaries()),
        "confidence": draw(st.sampled_from(CONFIDENCES)),
    }
    if draw(st.booleans()):
        record["capacity"] = draw(st.sampled_from(("interior minister", "président", "leader della Lega")))
    if draw(st.booleans()):
        record["note"] = "Second coder read this as " + draw(st.sampled_from(("-1", "+1", "0")))
    return record


@st.composite
def record_lists(draw: st.DrawFn, max_size: int = 8) -> list[dict[str, Any]]:
    """Valid stance records with unique ids."""
    ids = draw(st.lists(record_ids, min_size=1, max_size=max_size, unique=True))
    return [draw(stance_records(record_id=i)) for i in ids]


def source_for(stem: str) -> dict[str, Any]:
    """A valid source table for a record file named `stem`, published after every generated date."""
    return {
        "id": stem,
        "url": f"https://example.org/{stem}",
        "publisher": "Example Press",
        "title": "A generated source",
        "published": LAST,
        "language": "en",
    }


TINY_DATES = st.dates(dt.date(2015, 1, 1), dt.date(2015, 3, 31))


#: Mostly day precision, so that month and year precision (and `uncertain`) are also exercised.
PRECISIONS = st.sampled_from(["day", "day", "day", "month", "year"])


def _at_precision(date: dt.date, precision: str) -> tuple[dt.date, str]:
    """`date` written as a record of that precision writes it (the 1st of the month, or 1 January)."""
    if precision == "month":
        return date.replace(day=1), precision
    if precision == "year":
        return date.replace(month=1, day=1), precision
    return date, precision


@st.composite
def stance_tables(draw: st.DrawFn, max_size: int = 30) -> list[dict[str, Any]]:
    """Stance rows (as built, with a source) crowded onto few actors, topics and dates, so that
    replacements, shared dates and conflicts are common."""
    ids = draw(st.lists(record_ids, min_size=0, max_size=max_size, unique=True))
    rows = []
    for record_id in ids:
        row = draw(stance_records(record_id=record_id))
        row["actor"] = draw(st.sampled_from(ACTORS[:3]))
        row["topic"] = draw(st.sampled_from(TOPICS[:2]))
        row["date"], row["date_precision"] = _at_precision(draw(TINY_DATES), draw(PRECISIONS))
        rows.append({**row, "source": "2025-12-31-example-generated"})
    return rows
