"""The web view: Datasette metadata for an exported release (titles, licence, column notes, facets, pages).

`metadata()` describes the database `export_sqlite` writes; `serve()` runs Datasette over it. The same
metadata, written to a file, publishes the database with `datasette publish` or Datasette Lite.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from italruss._errors import ItalrussError
from italruss._web.export import PARTY_POSITIONS, RELEASES, tables_of
from italruss._web.sql import QUERIES, VIEWS

if TYPE_CHECKING:
    from italruss._dataset import Dataset

LICENSE, LICENSE_URL = "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"
LIST_NOTE = ' In SQLite: a JSON array of strings such as ["Di Battista", "Dibba"] (read it with json_each).'

TABLE_NOTES = {
    "stances": "One row per stance record: one actor, one topic, one occasion, resting on one source.",
    "actors": "Persons, parties, governments, organisations, companies and countries whose stances are coded.",
    "topics": "The topics; a stance is read against its topic's proposition.",
    "sources": "The published source documents the records rest on.",
    "memberships": "Persons' dated party memberships and terms as party leader.",
    "lineage": "Parties' renames, mergers and splits, dated.",
    RELEASES: "The dataset's releases up to this one, oldest first: what each added, corrected and withdrew.",
    PARTY_POSITIONS: "Each party's position on each topic at the end of each year: its own latest act or the "
    "words of whoever led it then, whichever is newer (Dataset.party_stances with speakers='leaders').",
    "stances_readable": "The stance records with actor names, topic labels and source addresses.",
    "memberships_readable": "Memberships and leadership terms with person and party names.",
}

#: Notes on columns that are not a spec field of their table (derived, renamed or added by the export).
DERIVED_NOTES = {
    "year": "The year of `date`.",
    "actor_id": "Id of the actor (see actors).",
    "topic_id": "Id of the topic (see topics).",
    "source_id": "Id of the source (see sources).",
    "person_id": "Id of the person (see actors).",
    "party_id": "Id of the party (see actors).",
    "source_title": "The source's title as published.",
    "source_url": "The address of the source the row rests on.",
    "party_name": "The party's name.",
    "topic_label": "The topic's label.",
    "speaker": "Id of the actor whose record the position rests on: the party itself or its leader then.",
    "speaker_name": "The speaker's name.",
    "record_id": "Id of the stance record the position rests on (see stances).",
    "role": "Who the speaker was for the party: the party itself, or its leader on the record's date.",
    "age_days": "Days from the record's date to 31 December of `year`.",
    "uncertain": "1 when 31 December of `year` falls inside the record's month or year (its precision).",
    "n_speakers": "How many of the party's speakers had a stance in force on the topic.",
    "n_disagree": "How many of them held a stance other than the position.",
}

RELEASE_NOTES = {
    "version": "The release, YYYY.MM.N.",
    "date": "When it was made.",
    "schema_version": "The table schema it was built with.",
    "records": "Stance records it holds.",
    "added": "Stance records it added.",
    "corrected": "Stance records it corrected (a new revision).",
    "withdrawn": "Stance records it withdrew.",
}

#: What a reader filters a table by, in the order shown.
FACETS = {
    "stances": ["actor", "topic", "stance", "confidence"],
    "stances_readable": ["actor", "topic", "stance", "year", "confidence"],
    "actors": ["kind", "party"],
    "sources": ["publisher", "language"],
    "memberships_readable": ["party", "role"],
    PARTY_POSITIONS: ["year", "party_name", "topic_label", "stance"],
}
LABELS = {"actors": "name", "topics": "label", "sources": "title"}
#: Room for the summaries, long source addresses wrapped, dates on one line (inline: it travels with the metadata).
STYLE = (
    "td.col-summary, td.col-proposition { min-width: 24em } "
    "td.col-source_url, td.col-url { overflow-wrap: anywhere; min-width: 12em } "
    "td.col-date, td.col-start, td.col-end { white-space: nowrap }"
)


def metadata(ds: Dataset, database: str = "italruss") -> dict[str, Any]:
    """Datasette metadata for `ds` exported as `<database>.db`: every page names the release and licence."""
    tables = tables_of(ds)
    release = _release_line(ds, tables[RELEASES])
    footer = {"license": LICENSE, "license_url": LICENSE_URL, "source": release}
    url = _project_url()
    if url:
        footer["source_url"] = url
    described = {name: _table(name, frame.columns) for name, frame in tables.items()}
    for view, (_, needs) in VIEWS.items():
        if set(needs) <= set(tables):
            described[view] = _table(view, view_columns(view))
    described["stances_readable"].update(fts_table="stances_fts", fts_pk="rowid", sort_desc="date")
    for entry in described.values():  # a row's page shows its table's metadata only
        entry.update(footer)
    queries = {
        name: {"sql": q.sql.strip(), "title": q.title, "description": q.description, "hide_sql": True, **footer}
        for name, q in QUERIES.items()
        if set(q.tables) <= set(tables)
    }
    return {
        "title": f"italruss {ds.version}: political actors' stances on Italy–Russia relations",
        "description_html": _home(ds, database, release, set(queries) | set(tables)),
        "extra_css_urls": ["data:text/css," + urllib.parse.quote(STYLE)],
        **footer,
        "databases": {database: {"tables": described, "queries": queries, **footer}},
    }


def _release_line(ds: Dataset, releases: pl.DataFrame) -> str:
    row = releases.filter(pl.col("version") == ds.version)
    when = f" ({row['date'][0]})" if row.height else ""
    return f"italruss dataset release {ds.version}{when}, schema {ds.schema_version}"


def _table(name: str, columns: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": TABLE_NOTES.get(name, ""), "columns": _column_notes(name, columns)}
    if name in FACETS:
        entry["facets"] = [c for c in FACETS[name] if c in columns]
    if name in LABELS:
        entry["label_column"] = LABELS[name]
    return entry


def _column_notes(table: str, columns: list[str]) -> dict[str, str]:
    """Each column's description: from the spec where the column is a field, else the export's own note."""
    from italruss._schema.spec import TABLES

    spec = {t.name: {f.name: f.description for f in t.fields} for t in TABLES}
    base = {"stances_readable": "stances", "memberships_readable": "memberships"}.get(table, table)
    fields = spec.get(base, {})
    if table == PARTY_POSITIONS:
        fields = {"stance": spec["stances"]["stance"], "date": "The date of the record the position rests on."}
    elif table == RELEASES:
        fields = RELEASE_NOTES
    notes = {}
    for column in columns:
        text = fields.get(column) or DERIVED_NOTES.get(column) or _other_table_note(column, spec)
        if text:
            notes[column] = text + (LIST_NOTE if column == "aliases" else "")
    if base != table:  # the readable views show names where the table has ids
        notes.update({k: v for k, v in _READABLE.items() if k in columns})
    return notes


_READABLE = {
    "actor": "The actor's name (actor_id: the id).",
    "topic": "The topic's label (topic_id: the id).",
    "person": "The person's name.",
    "party": "The party's name.",
}


def _other_table_note(column: str, spec: dict[str, dict[str, str]]) -> str | None:
    """A note for a column named as a field of another table (e.g. `publisher` in a view)."""
    return next((fields[column] for fields in spec.values() if column in fields), None)


def view_columns(view: str) -> list[str]:
    """The columns of a view, read from its SQL (the name after `as`, or the column selected)."""
    body = VIEWS[view][0].split("select", 1)[1].split("\nfrom ", 1)[0]
    return [part.strip().split(" as ")[-1].split(".")[-1].strip('"') for part in body.split(",\n")]


def _home(ds: Dataset, database: str, release: str, pages: set[str]) -> str:
    """The home page's text: what the data is, how to cite it, and links to the pages people start from."""
    kinds = ds.actors.select(pl.col("id").alias("actor"), pl.col("kind").cast(pl.String))
    counts = ds.stances.group_by("actor").len().join(kinds, on="actor").sort(["len", "actor"], descending=[True, False])
    people, parties = (counts.filter(pl.col("kind") == kind) for kind in ("person", "party"))
    last = ds.stances["date"].max()
    assert isinstance(last, dt.date)
    links = [(f"/{database}/stances_readable", "Browse every record, with facets and full-text search")]
    if "actor" in pages and people.height:
        actor = str(people["actor"][0])
        links.append((f"/{database}/actor?actor={actor}", f"An actor's page: {ds.actor(actor).name}"))
    if "party" in pages and parties.height:
        party = str(parties["actor"][0])
        links.append((f"/{database}/party?party={party}", f"A party's page with its leaders: {ds.actor(party).name}"))
    if "in_force" in pages:
        links.append((f"/{database}/in_force?date={last}", f"Where everyone stood on {last}"))
    if PARTY_POSITIONS in pages:
        links.append((f"/{database}/{PARTY_POSITIONS}", "Party positions at the end of each year"))
    links.append((f"/{database}/{RELEASES}", "The release history"))
    items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>' for href, text in links)
    return (
        f"<p>{html.escape(release)}. Each stance record says where a political actor stood on a question of "
        "Italy–Russia relations, on a scale from −2 to +2 against the topic's proposition, dated, and resting "
        f"on a published source. No record means unknown, never neutral.</p><ul>{items}</ul>"
        f"<p>Cite: {html.escape(ds.cite())}</p>"
    )


def _project_url() -> str | None:
    from italruss._releases.store import project_url

    return project_url()


def check_port(host: str, port: int) -> None:
    """Raise ItalrussError, naming the address, unless a server could listen on `host`:`port`."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise ItalrussError(f"cannot listen on {host}:{port} ({exc.strerror}): give another --port") from None


def serve(db: Path, meta: dict[str, Any], *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette over the database `db` with metadata `meta` until interrupted."""
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        raise ItalrussError("italruss serve needs Datasette: pip install 'italruss[web]'") from None
    import asyncio
    import signal

    app = Datasette([], immutables=[str(db)], metadata=meta, settings={"facet_time_limit_ms": 1000})
    asyncio.run(app.invoke_startup())
    # uvicorn stops gracefully on SIGTERM, then raises it again: return, so that the caller cleans up
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        uvicorn.run(app.app(), host=host, port=port, log_level="warning", lifespan="on")
    except _StopSignalError:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


class _StopSignalError(Exception):
    """The server was asked to stop (SIGTERM)."""


def _stopped(signum: int, frame: object) -> None:
    raise _StopSignalError
