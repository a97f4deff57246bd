"""Reading `data/memberships.toml`: persons' party memberships, leadership terms and party lineage, checked.

The file holds three lists: `[[sources]]` (pages that state the facts, with the same fields as a record
file's `[source]`), `[[memberships]]` and `[[lineage]]`. Each membership and lineage row names a source
id, from this file or from a record file.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from italruss._errors import Problem
from italruss._schema.fields import check_record
from italruss._schema.spec import LINEAGE, MEMBERSHIPS, SOURCES
from italruss._workshop.tomlfile import Entry, display_path, read_toml

MEMBERSHIPS_FILE = "memberships.toml"


@attrs.frozen
class Memberships:
    """What `memberships.toml` holds: its sources, memberships and lineage rows (empty when absent)."""

    sources: tuple[Entry, ...] = ()
    memberships: tuple[Entry, ...] = ()
    lineage: tuple[Entry, ...] = ()


def read_memberships(root: Path, problems: list[Problem]) -> Memberships:
    """Parse `root/memberships.toml` and check each row against the spec (the file is optional)."""
    path = root / MEMBERSHIPS_FILE
    if not path.exists():
        return Memberships()
    file, found = read_toml(path, display_path(path))
    problems += found
    if file is None:
        return Memberships()
    lists: dict[str, tuple[Entry, ...]] = {}
    for key, table in (("sources", SOURCES), ("memberships", MEMBERSHIPS), ("lineage", LINEAGE)):
        items = file.data.get(key, [])
        if not isinstance(items, list):
            problems.append(Problem(file.display, None, None, key, f"must hold a [[{key}]] list"))
            items = []
        entries = [Entry(item, file, key, i) for i, item in enumerate(items)]
        for entry in entries:
            problems += [entry.problem(f, m) for f, m in check_record(table, entry.data)]
        lists[key] = tuple(e for e in entries if isinstance(e.data, dict))
    allowed = "unknown top-level key (allowed: lineage, memberships, sources)"
    problems += [Problem(file.display, None, None, key, allowed) for key in sorted(set(file.data) - set(lists))]
    return Memberships(lists["sources"], lists["memberships"], lists["lineage"])


def check_memberships(
    found: Memberships, kinds: Mapping[str, object], sources: Mapping[str, dt.date | None], today: dt.date
) -> list[Problem]:
    """References (persons, parties, sources), ordered dates and no overlapping leader terms of one party."""
    problems: list[Problem] = []
    for entry in found.memberships:
        problems += _refs(entry, {"person": "person", "party": "party"}, kinds, sources)
        problems += _dates(entry, "start", "end", sources, today)
    for entry in found.lineage:
        problems += _refs(entry, {"party": "party", "predecessor": "party"}, kinds, sources)
        problems += _dates(entry, "date", None, sources, today)
        kind, predecessor = entry.data.get("kind"), entry.data.get("predecessor")
        if kind == "rename" and predecessor is not None:
            problems.append(entry.problem("predecessor", "a rename keeps the party's id: give `former_name` instead"))
        if kind in ("merger", "split") and predecessor is None:
            problems.append(entry.problem("predecessor", f"a {kind} needs the id of the party it came from"))
    return problems + _overlapping_leaders(found.memberships)


def _refs(
    entry: Entry, fields: Mapping[str, str], kinds: Mapping[str, object], sources: Mapping[str, dt.date | None]
) -> list[Problem]:
    problems = []
    for field, kind in fields.items():
        value = entry.data.get(field)
        if isinstance(value, str) and kinds.get(value) != kind:
            reason = "is not an actor" if value not in kinds else f"is not an actor of kind {kind!r}"
            problems.append(entry.problem(field, f"{value!r} {reason}"))
    for field in ("source", "end_source"):
        value = entry.data.get(field)
        if isinstance(value, str) and value not in sources:
            problems.append(entry.problem(field, f"{value!r} is not a source id (of this file or a record file)"))
    return problems


def _dates(
    entry: Entry, start: str, end: str | None, sources: Mapping[str, dt.date | None], today: dt.date
) -> list[Problem]:
    problems = []
    for field in (start, end):
        if field is None:
            continue
        value, precision = entry.data.get(field), entry.data.get(f"{field}_precision")
        if not isinstance(value, dt.date):
            continue
        if value > today:
            problems.append(entry.problem(field, f"{value} is in the future"))
        if precision == "month" and value.day != 1:
            problems.append(entry.problem(field, f"with month precision write the 1st of the month ({value:%Y-%m}-01)"))
        if precision == "year" and (value.month, value.day) != (1, 1):
            problems.append(entry.problem(field, f"with year precision write 1 January ({value:%Y}-01-01)"))
        if (value is None) != (precision is None):
            problems.append(entry.problem(f"{field}_precision", f"`{field}` and `{field}_precision` go together"))
    if end is not None:
        if ("end" in entry.data) != ("end_precision" in entry.data):
            problems.append(entry.problem("end_precision", "`end` and `end_precision` go together"))
        first, last = entry.data.get(start), entry.data.get(end)
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            problems.append(entry.problem(end, f"{last} is before the start {first}"))
        if "end_source" in entry.data and "end" not in entry.data:
            problems.append(entry.problem("end_source", "names the source of an end that is not given"))
    return problems


def _overlapping_leaders(entries: tuple[Entry, ...]) -> list[Problem]:
    terms: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        shared = str(entry.data.get("title", "")).startswith("co-")  # co-spokespersons lead together
        if entry.data.get("role") == "leader" and not shared and isinstance(entry.data.get("start"), dt.date):
            terms[str(entry.data.get("party"))].append(entry)
    problems = []
    for party, rows in terms.items():
        rows.sort(key=lambda e: e.data["start"])
        for before, after in itertools.pairwise(rows):
            end = before.data.get("end")
            if end is None or end > after.data["start"]:
                problems.append(
                    after.problem(
                        "start",
                        f"this leader term of {party!r} overlaps the term of {before.data.get('person')!r} "
                        f"({before.data['start']} to {end or 'now'})",
                    )
                )
    return problems


def derived_parties(memberships: list[dict[str, Any]]) -> dict[str, str]:
    """Each person's party: that of their latest membership (by start date), as the actors' `party`."""
    latest: dict[str, tuple[dt.date, str]] = {}
    for row in memberships:
        person, party, start = row.get("person"), row.get("party"), row.get("start")
        if not (isinstance(person, str) and isinstance(party, str) and isinstance(start, dt.date)):
            continue
        if person not in latest or start > latest[person][0]:
            latest[person] = (start, party)
    return {person: party for person, (_, party) in latest.items()}
