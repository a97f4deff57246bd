"""The spec is the one source of truth: records classes, tables and JSON Schemas agree with it."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import attrs
import pytest

from italruss import Actor, Source, StanceRecord, Topic
from italruss._models import ActorKind, Attribution, Confidence, DatePrecision, Evidence, RussiaPole, Stance
from italruss._schema.descriptors import render_schema as render
from italruss._schema.descriptors import schemas
from italruss._schema.spec import (
    ACTOR_KINDS,
    ACTORS,
    ATTRIBUTIONS,
    CONFIDENCES,
    DATE_PRECISIONS,
    EVIDENCE,
    SOURCES,
    STANCE_VALUES,
    STANCES,
    TABLES,
    TOPICS,
    Table,
)
from italruss._schema.tables import schema

from ..conftest import REPO

CLASSES = [(STANCES, StanceRecord), (ACTORS, Actor), (TOPICS, Topic), (SOURCES, Source)]


@pytest.mark.parametrize(("table", "cls"), CLASSES)
def test_record_class_fields_match_spec(table: Table, cls: type) -> None:
    """Each attrs record class has exactly the spec's fields, in the spec's order."""
    assert list(table.columns) == [f.name for f in attrs.fields(cls)]


@pytest.mark.parametrize(("table", "cls"), CLASSES)
def test_optional_fields_default_to_none(table: Table, cls: type) -> None:
    """A field the spec makes optional has a default in the record class; a required one has none."""
    optional = {f.name for f in table.fields if not f.required}
    defaulted = {f.name for f in attrs.fields(cls) if f.default is not attrs.NOTHING}
    assert optional <= defaulted


@pytest.mark.parametrize(
    ("literal", "choices"),
    [
        (Stance, STANCE_VALUES),
        (DatePrecision, DATE_PRECISIONS),
        (Evidence, EVIDENCE),
        (Attribution, ATTRIBUTIONS),
        (Confidence, CONFIDENCES),
        (ActorKind, ACTOR_KINDS),
        (RussiaPole, TOPICS.field("russia_pole").choices),
    ],
)
def test_literal_types_match_spec_choices(literal: object, choices: tuple[object, ...]) -> None:
    """The Literal types of the record classes allow exactly the spec's values."""
    assert tuple(choices) == typing.get_args(literal)


def test_every_table_has_an_id_first() -> None:
    """Every table's first column is its unique `id`."""
    assert [t.columns[0] for t in TABLES] == ["id"] * len(TABLES)


def test_polars_schema_follows_spec_order() -> None:
    """A built table's columns come in the spec's order."""
    assert list(schema(STANCES).names()) == list(STANCES.columns)


@pytest.mark.parametrize("name", sorted(schemas()))
def test_checked_in_json_schemas_match_spec(name: str) -> None:
    """schemas/*.json are exactly what the spec renders (run 'italruss schemas' after a change)."""
    assert render(schemas()[name]) == (REPO / "schemas" / name).read_text(encoding="utf-8")


def test_json_schema_lists_every_file_field() -> None:
    """The record-file schema names every stance field a contributor types, and no built-only column."""
    items = schemas()["record-file.schema.json"]["properties"]["stances"]["items"]
    assert set(items["properties"]) == {f.name for f in STANCES.file_fields}
    assert "source" not in items["properties"]


def test_checked_in_schemas_are_json() -> None:
    """Every checked-in schema parses as JSON."""
    for path in Path(REPO / "schemas").glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
