"""Descriptors derived from the spec: JSON Schemas of the record files, the Data Package of the tables."""

from __future__ import annotations

import json
from typing import Any

from italruss._schema.checks import REFERENCES, file_name
from italruss._schema.spec import (
    ACTORS,
    ALL_TABLES,
    CODINGS,
    LINEAGE,
    MEMBERSHIPS,
    SCHEMA_VERSION,
    SLUG,
    SOURCES,
    STANCES,
    TOPICS,
    Field,
    Table,
)

BASE = "urn:italruss:schema"


def field_schema(field: Field) -> dict[str, Any]:
    """The JSON Schema of one field."""
    out: dict[str, Any] = {"description": field.description}
    if field.kind in ("int", "count"):
        out["type"] = "integer"
    elif field.kind == "date":
        out.update(type="string", format="date")
        out["$comment"] = "A TOML local date, unquoted (2018-10-17); a quoted date is a string and is refused."
    elif field.kind == "list[str]":
        item: dict[str, Any] = {"type": "string"}
        _lengths(field, item)
        out.update(type="array", items=item, uniqueItems=True)
        return out
    else:  # str, enum and category
        out["type"] = "string"
        _lengths(field, out)
    if field.choices is not None:
        out["enum"] = list(field.choices)
    if field.pattern is not None:
        out["pattern"] = field.pattern
    return out


def _lengths(field: Field, out: dict[str, Any]) -> None:
    if field.min_length is not None:
        out["minLength"] = field.min_length
    if field.max_length is not None:
        out["maxLength"] = field.max_length


def object_schema(table: Table) -> dict[str, Any]:
    """A record of `table` as it is written in a file."""
    fields = table.file_fields
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def _document(name: str, title: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}:{SCHEMA_VERSION}:{name}",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def schemas() -> dict[str, dict[str, Any]]:
    """Every record-file schema, by file name."""
    record = _document(
        "record-file",
        f"italruss record file (schema {SCHEMA_VERSION}): one source and the stance records taken from it",
        {
            "source": object_schema(SOURCES),
            "stances": {"type": "array", "items": object_schema(STANCES), "minItems": 1},
        },
        ["source", "stances"],
    )
    actors = _document(
        "actors",
        f"italruss actors file (schema {SCHEMA_VERSION})",
        {"actors": {"type": "array", "items": object_schema(ACTORS)}},
        ["actors"],
    )
    topics = _document(
        "topics",
        f"italruss topics file (schema {SCHEMA_VERSION})",
        {"topics": {"type": "array", "items": object_schema(TOPICS)}},
        ["topics"],
    )
    reliability = _document(
        "reliability",
        f"italruss second-coding file (schema {SCHEMA_VERSION}): one coder's independent codings",
        {
            "coder": {"type": "string", "pattern": SLUG, "description": "The coder's label, e.g. coder-b."},
            "round": {
                "type": "integer",
                "minimum": 1,
                "description": "The coding round (default 1); a round pairs its first coder with each other coder.",
            },
            "codings": {"type": "array", "items": object_schema(CODINGS)},
        },
        ["coder", "codings"],
    )
    memberships = _document(
        "memberships",
        f"italruss memberships file (schema {SCHEMA_VERSION}): memberships, leadership terms, party lineage",
        {
            "sources": {"type": "array", "items": object_schema(SOURCES)},
            "memberships": {"type": "array", "items": object_schema(MEMBERSHIPS)},
            "lineage": {"type": "array", "items": object_schema(LINEAGE)},
        },
        [],
    )
    return {
        "memberships.schema.json": memberships,
        "reliability.schema.json": reliability,
        "record-file.schema.json": record,
        "actors.schema.json": actors,
        "topics.schema.json": topics,
    }


def render_schema(schema: dict[str, Any]) -> str:
    """A schema as the text of its checked-in file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


DATAPACKAGE_FILE = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
_TYPES = {
    **dict.fromkeys(("str", "enum", "category"), "string"),
    **dict.fromkeys(("int", "count"), "integer"),
    "date": "date",
    "list[str]": "any",
}


def field_descriptor(field: Field) -> dict[str, Any]:
    """A Table Schema field, with the spec's rules as constraints."""
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.choices is not None:
        constraints["enum"] = list(field.choices)
    if field.pattern is not None:
        constraints["pattern"] = field.pattern
    if field.kind in ("str", "enum", "category"):
        if field.min_length is not None:
            constraints["minLength"] = field.min_length
        if field.max_length is not None:
            constraints["maxLength"] = field.max_length
    description = field.description
    if field.kind == "list[str]":  # Table Schema's `array` is JSON text in CSV; parquet holds a real list
        description += " A parquet list of strings (Table Schema type `any`: frictionless reads it as a list)."
    out: dict[str, Any] = {"name": field.name, "type": _TYPES[field.kind], "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


def resource(table: Table) -> dict[str, Any]:
    """The resource of one shipped parquet table."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(f) for f in table.fields],
        "primaryKey": list(table.key),
    }
    keys = [
        {"fields": [column], "reference": {"resource": target.name, "fields": ["id"]}}
        for source, column, target in REFERENCES
        if source.name == table.name
    ]
    if keys:
        schema["foreignKeys"] = keys
    return {
        "name": table.name,
        "path": file_name(table),
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "schema": schema,
    }


def descriptor(dataset_version: str) -> dict[str, Any]:
    """The whole Data Package descriptor for dataset release `dataset_version`."""
    return {
        "name": "italruss",
        "title": "italruss: political actors' stances on Italy–Russia relations",
        "description": (
            "Stances of political actors on sanctions on Russia and on Syria, on Syria, on cooperating with "
            "Russia against terrorism and on economic ties with Russia, each resting on a cited source. "
            "The *-history tables hold every revision of every row, with the releases it was in."
        ),
        "version": dataset_version,
        "licenses": [LICENCE],
        "keywords": ["Italy", "Russia", "sanctions", "Syria", "terrorism", "political stances"],
        "italruss:schema_version": SCHEMA_VERSION,
        "resources": [resource(t) for t in ALL_TABLES],
    }


def render_datapackage(dataset_version: str) -> str:
    """The descriptor as the text of its file (the same release gives the same bytes)."""
    return json.dumps(descriptor(dataset_version), indent=2, ensure_ascii=False) + "\n"
