"""Scaffolding record files for contributors: fresh record ids, a new source file, a record skeleton."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import tomli_w

from italruss._errors import ItalrussError
from italruss._schema.fields import check_record
from italruss._schema.spec import ID_ALPHABET, RECORD_ID, SOURCES
from italruss._workshop import transaction
from italruss._workshop.catalog import read_catalog

#: The record skeleton: (field, placeholder, comment). Each placeholder fails validation until replaced.
SKELETON: tuple[tuple[str, str | int | dt.date, str], ...] = (
    ("actor", "", "an actor id from data/actors.toml (add the actor there first if new)"),
    ("topic", "", "sanctions-russia | sanctions-syria | syria-assad-accountability | ..."),
    ("stance", 9, "replace 9 with -2, -1, 0, 1 or 2, read against the topic's proposition (CONTRIBUTING.md)"),
    ("date", dt.date(9999, 12, 31), "replace with when the actor said or did it, e.g. 2018-10-17"),
    ("date_precision", "", "day | month | year"),
    ("evidence", "", "statement | interview | speech | vote | action | document"),
    ("attribution", "", "direct | reported"),
    ("capacity", "", "optional: the role the actor spoke in; delete the line if none"),
    ("summary", "", "one or two sentences in your own words"),
    ("confidence", "", "high | medium | low"),
)


def skeleton(record_id: str) -> str:
    """A `[[stances]]` table with a fresh id and commented placeholders, each value written by tomli-w."""
    lines = ["", "[[stances]]", tomli_w.dumps({"id": record_id}).strip()]
    for key, value, comment in SKELETON:
        lines.append(f"{tomli_w.dumps({key: value}).strip():<21} # {comment}")
    return "\n".join(lines) + "\n"


def fresh_id(taken: Iterable[str]) -> str:
    """A new random record id that is not in `taken`."""
    used = set(taken)
    while True:
        candidate = "r" + "".join(secrets.choice(ID_ALPHABET) for _ in range(9))
        if candidate not in used and re.fullmatch(RECORD_ID, candidate):
            return candidate


def known_ids(data: Path) -> set[str]:
    """Every record id in the record files and in the built history of a data folder."""
    import polars as pl

    ids = {str(st.data.get("id")) for _, st in read_catalog(data).stance_entries()}
    history = data / "stances-history.parquet"
    if history.is_file():
        ids |= set(pl.read_parquet(history, columns=["id"])["id"])
    return ids


def slug(text: str, words: int = 5) -> str:
    """A lowercase ascii slug of the first `words` words of `text`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words])


def new_source(data: Path, url: str, *, publisher: str, title: str, published: dt.date, language: str) -> Path:
    """Create data/records/<source-id>.toml for a new source, with one record skeleton."""
    fields = {"url": url, "publisher": publisher, "title": title, "published": published, "language": language}
    source_id = "-".join(p for p in (published.isoformat(), slug(publisher, 2), slug(title) or _url_slug(url)) if p)
    issues = check_record(SOURCES, {"id": source_id, **fields})
    if published > dt.date.today():
        issues.append(("published", f"{published} is in the future"))
    if issues:
        raise ItalrussError("; ".join(f"--{field or 'source'}: {message}" for field, message in issues))
    used = {e.source.data.get("url") for e in read_catalog(data).sources}
    if url in used:
        raise ItalrussError(f"{url} is already a source: add records to its file with 'italruss new --into'")
    path = data / "records" / f"{source_id}.toml"
    if path.exists():
        raise ItalrussError(f"{path} already exists")
    head = tomli_w.dumps({"source": {"id": source_id, **fields}})
    text = head + skeleton(fresh_id(known_ids(data)))
    with transaction.locked(data):
        transaction.commit(data, {path: transaction.text_writer(text)})
    return path


def _url_slug(url: str) -> str:
    """A slug of the address's last path segment, for a title with no latin letters; else 'source'."""
    segments = [s for s in url.split("?")[0].split("#")[0].rstrip("/").split("/")[3:] if s]
    return slug(segments[-1].replace("_", "-")) if segments and slug(segments[-1]) else "source"


def append_skeleton(data: Path, path: Path) -> str:
    """Append a record skeleton with a fresh id to a record file of `data`; returns the id."""
    records = (data / "records").resolve()
    if path.suffix != ".toml" or path.resolve().parent != records or not path.is_file():
        raise ItalrussError(f"--into {path}: not a record file in {data / 'records'}")
    record_id = fresh_id(known_ids(data))
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + skeleton(record_id)
    with transaction.locked(data):
        transaction.commit(data, {path: transaction.text_writer(text)})
    return record_id
