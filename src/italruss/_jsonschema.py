"""JSON Schemas of the record files (data/records/*.toml, actors.toml, topics.toml), from the spec.

Editors that check TOML against a JSON Schema (e.g. Taplo) use them while a record file is typed.
"""

from __future__ import annotations

import json
from typing import Any

from italruss._spec import ACTORS, CODINGS, SCHEMA_VERSION, SLUG, SOURCES, STANCES, TOPICS, Field, Table

BASE = "urn:italruss:schema"


def field_schema(field: Field) -> dict[str, Any]:
    """The JSON Schema of one field."""
    out: dict[str, Any] = {"description": field.description}
    if field.kind in ("int", "count"):
        out["type"] = "integer"
    elif field.kind == "date":
        out.update(type="string", format="date")
    elif field.kind == "list[str]":
        item: dict[str, Any] = {"type": "string"}
        _lengths(field, item)
        out.update(type="array", items=item, uniqueItems=True)
        return out
    else:  # str and enum
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
            "codings": {"type": "array", "items": object_schema(CODINGS)},
        },
        ["coder", "codings"],
    )
    return {
        "reliability.schema.json": reliability,
        "record-file.schema.json": record,
        "actors.schema.json": actors,
        "topics.schema.json": topics,
    }


def render(schema: dict[str, Any]) -> str:
    """A schema as the text of its checked-in file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
