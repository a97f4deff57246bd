"""Reading the human-edited data folder (actors, topics, record files) safely, and checking it whole."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from italruss._errors import Problem, sort_key
from italruss._resolve import suggestion
from italruss._schema.fields import check_record
from italruss._schema.spec import ACTORS, SOURCES, STANCES, TOPICS, Table
from italruss._workshop.memberships import Memberships, check_memberships, read_memberships
from italruss._workshop.tomlfile import Entry, TomlFile, display_path, read_toml

ACTORS_FILE = "actors.toml"
TOPICS_FILE = "topics.toml"
RECORDS_DIR = "records"


@attrs.frozen
class SourceEntry:
    """A record file: its source and the stance records taken from it."""

    source: Entry
    stances: tuple[Entry, ...]


@attrs.frozen
class Catalog:
    """Everything read from a data folder, and every problem found in it."""

    root: Path
    actors: tuple[Entry, ...]
    topics: tuple[Entry, ...]
    sources: tuple[SourceEntry, ...]
    problems: tuple[Problem, ...]
    memberships: Memberships = attrs.field(factory=Memberships)

    def stance_entries(self) -> list[tuple[Entry, Entry]]:
        """(source, stance) pairs in file order."""
        return [(s.source, st) for s in self.sources for st in s.stances]


def record_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """The record files of a data folder, sorted by name; what else lies there is a problem, never skipped.

    A record file is a `*.toml` file right in `records/`: another name or a subfolder is reported, and a
    symbolic link must lead to a file inside the data folder.
    """
    folder = root / RECORDS_DIR
    found: list[Path] = []
    report = problems if problems is not None else []
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError as exc:
        report.append(Problem(display_path(folder), None, None, None, f"cannot be read: {exc.strerror or exc}"))
        return []
    for path in entries:
        why = _not_a_record_file(root, path)
        if why is None:
            found.append(path)
        elif not path.name.startswith("."):
            report.append(Problem(display_path(path), None, None, None, why))
    return found


def _not_a_record_file(root: Path, path: Path) -> str | None:
    """Why `path` in records/ cannot be read as a record file, or None when it can."""
    try:
        return _unreadable_because(root, path)
    except (OSError, RuntimeError) as exc:  # a loop of links, say
        return f"cannot be followed: {exc.strerror if isinstance(exc, OSError) else exc}"


def _unreadable_because(root: Path, path: Path) -> str | None:
    if path.is_dir() and not path.is_symlink():
        return "is a folder: record files lie directly in records/, not in subfolders"
    if path.suffix != ".toml":
        hint = " (rename it to end in .toml)" if path.suffix.lower() == ".toml" else ""
        return f"is not a record file: record files are named *.toml{hint}"
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        return f"cannot be followed: {exc}"
    if path.is_symlink() and not target.is_relative_to(root.resolve()):
        return f"is a link to {target}, outside the data folder: copy the file in instead"
    if not target.is_file():
        return "is not a file: record files lie directly in records/, not in subfolders"
    return None


def read_catalog(root: Path, extra: Sequence[Path] = (), *, today: dt.date | None = None) -> Catalog:
    """Parse the data folder at `root` (plus `extra` record files) and check it whole."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    actors = _read_list(root / ACTORS_FILE, "actors", ACTORS, problems)
    topics = _read_list(root / TOPICS_FILE, "topics", TOPICS, problems)
    paths = list(dict.fromkeys(p.resolve() for p in [*record_files(root, problems), *extra]))
    sources = [s for s in (_read_source_file(p, problems) for p in paths) if s is not None]
    memberships = read_memberships(root, problems)
    problems += _check_actors(actors)
    problems += _check_topics(topics)
    problems += _check_sources([s.source for s in sources] + list(memberships.sources), today)
    problems += _check_stances(sources, _ids(actors), _ids(topics), today)
    kinds = {e.data["id"]: e.data.get("kind") for e in actors if isinstance(e.data.get("id"), str)}
    published = {
        e.data["id"]: e.data.get("published")
        for e in [s.source for s in sources] + list(memberships.sources)
        if isinstance(e.data.get("id"), str)
    }
    problems += check_memberships(memberships, kinds, published, today)
    problems += _check_retired(actors, topics, sources)
    found = sorted(problems, key=sort_key)
    return Catalog(root, tuple(actors), tuple(topics), tuple(sources), tuple(found), memberships)


def _read_list(path: Path, key: str, table: Table, problems: list[Problem]) -> list[Entry]:
    file, found = read_toml(path, display_path(path))
    problems += found
    if file is None:
        return []
    problems += _top_level(file, {key})
    items = file.data.get(key)
    if not isinstance(items, list):
        problems.append(Problem(file.display, None, None, key, f"must hold a [[{key}]] list"))
        return []
    entries = [Entry(item, file, key, i) for i, item in enumerate(items)]
    for entry in entries:
        problems += [entry.problem(field, msg) for field, msg in check_record(table, entry.data)]
    return [e for e in entries if isinstance(e.data, dict)]


def _read_source_file(path: Path, problems: list[Problem]) -> SourceEntry | None:
    file, found = read_toml(path, display_path(path))
    problems += found
    if file is None:
        return None
    problems += _top_level(file, {"source", "stances"})
    raw_source = file.data.get("source")
    if not isinstance(raw_source, dict):
        problems.append(Problem(file.display, None, None, "source", "a [source] table is required"))
        return None
    source = Entry(raw_source, file, "source", None)
    problems += [source.problem(f, m) for f, m in check_record(SOURCES, raw_source)]
    if "published" not in raw_source:
        problems.append(source.problem("published", "required field is missing (a stance is dated against it)"))
    if raw_source.get("id") != path.stem:
        problems.append(source.problem("id", f"must equal the file name without .toml ({path.stem!r})"))
    raw_stances = file.data.get("stances", [])
    if not isinstance(raw_stances, list) or not raw_stances:
        problems.append(source.problem(None, "the file holds no [[stances]] records"))
        raw_stances = []
    stances = tuple(Entry(item, file, "stances", i) for i, item in enumerate(raw_stances))
    for entry in stances:
        problems += [entry.problem(f, m) for f, m in check_record(STANCES, entry.data)]
    return SourceEntry(source, tuple(e for e in stances if isinstance(e.data, dict)))


def _top_level(file: TomlFile, allowed: set[str]) -> list[Problem]:
    return [
        Problem(file.display, None, None, key, f"unknown top-level key (allowed: {', '.join(sorted(allowed))})")
        for key in file.data
        if key not in allowed
    ]


def _ids(entries: Iterable[Entry]) -> dict[str, Entry]:
    return {e.data["id"]: e for e in entries if isinstance(e.data.get("id"), str)}


def _duplicates(entries: Sequence[Entry], what: str, key: str = "id") -> list[Problem]:
    counts = Counter(e.data.get(key) for e in entries if isinstance(e.data.get(key), str))
    first: dict[str, Entry] = {}
    problems = []
    for entry in entries:
        value = entry.data.get(key)
        if not isinstance(value, str) or counts[value] < 2:
            continue
        if value in first:
            other = first[value]
            problems.append(entry.problem(key, f"{what} {value!r} is already used in {other.file.display}"))
        else:
            first[value] = entry
    return problems


def _check_actors(actors: list[Entry]) -> list[Problem]:
    problems = _duplicates(actors, "actor id")
    countries = _country_codes()
    for entry in actors:
        crosswalk = [k for k in ("partyfacts", "parlgov", "ches") if k in entry.data]
        if crosswalk and entry.data.get("kind") != "party":
            problems.append(entry.problem(crosswalk[0], "party datasets' ids belong to actors of kind 'party'"))
        country = entry.data.get("country")
        if isinstance(country, str) and country not in countries:
            problems.append(entry.problem("country", f"{country!r} is not an ISO 3166-1 alpha-2 code (or EU)"))
        if "country" not in entry.data and entry.data.get("kind") != "organisation":
            problems.append(entry.problem("country", "required for every kind of actor but 'organisation'"))
    return problems


def _check_topics(topics: list[Entry]) -> list[Problem]:
    problems = _duplicates(topics, "topic id")
    parents = {e.data["id"]: e.data.get("parent") for e in topics if isinstance(e.data.get("id"), str)}
    for entry in topics:
        parent = entry.data.get("parent")
        if not isinstance(parent, str):
            continue
        if parent not in parents:
            problems.append(entry.problem("parent", f"{parent!r} is not a topic"))
        elif _has_cycle(entry.data["id"], parents):
            problems.append(entry.problem("parent", "topics' parents form a cycle"))
    return problems


def _has_cycle(start: str, parents: dict[str, Any]) -> bool:
    seen = {start}
    current = parents.get(start)
    while isinstance(current, str) and current in parents:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _check_sources(entries: list[Entry], today: dt.date) -> list[Problem]:
    problems = _duplicates(entries, "source id") + _duplicates(entries, "address", key="url")
    for entry in entries:
        published = entry.data.get("published")
        if isinstance(published, dt.date) and published > today:
            problems.append(entry.problem("published", f"{published} is in the future"))
    return problems


def _check_stances(
    sources: list[SourceEntry], actors: dict[str, Entry], topics: dict[str, Entry], today: dt.date
) -> list[Problem]:
    all_stances = [st for s in sources for st in s.stances]
    problems = _duplicates(all_stances, "record id")
    for source in sources:
        published = source.source.data.get("published")
        for entry in source.stances:
            problems += _check_refs(entry, actors, topics)
            problems += _check_date(entry, published if isinstance(published, dt.date) else None, today)
    return problems


def _check_refs(entry: Entry, actors: dict[str, Entry], topics: dict[str, Entry]) -> list[Problem]:
    problems = []
    for field, known in (("actor", actors), ("topic", topics)):
        value = entry.data.get(field)
        if isinstance(value, str) and value not in known:
            problems.append(entry.problem(field, f"{value!r} is not a known {field}{suggestion(value, list(known))}"))
    return problems


def _check_date(entry: Entry, published: dt.date | None, today: dt.date) -> list[Problem]:
    date = entry.data.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        return []
    problems = []
    if date > today:
        problems.append(entry.problem("date", f"{date} is in the future"))
    if published is not None and date > published:
        problems.append(entry.problem("date", f"{date} is after the source's publication date {published}"))
    precision = entry.data.get("date_precision")
    if precision == "month" and date.day != 1:
        problems.append(entry.problem("date", f"with month precision write the 1st of the month ({date:%Y-%m}-01)"))
    if precision == "year" and (date.month, date.day) != (1, 1):
        problems.append(entry.problem("date", f"with year precision write 1 January ({date:%Y}-01-01)"))
    return problems


def _check_retired(actors: list[Entry], topics: list[Entry], sources: list[SourceEntry]) -> list[Problem]:
    """A retired actor or topic may not be used by a live record; a retired source's records are withdrawn."""
    retired = {
        field: {e.data["id"] for e in entries if "withdrawn" in e.data and isinstance(e.data.get("id"), str)}
        for field, entries in (("actor", actors), ("topic", topics))
    }
    problems = []
    for source in sources:
        gone = "withdrawn" in source.source.data
        for entry in (e for e in source.stances if "withdrawn" not in e.data):
            for field, ids in retired.items():
                if entry.data.get(field) in ids:
                    problems.append(entry.problem(field, f"{entry.data[field]!r} is retired: withdraw this record too"))
            if gone:
                problems.append(entry.problem("withdrawn", "its source is retired: withdraw this record too"))
    return problems


def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | {"EU"}
