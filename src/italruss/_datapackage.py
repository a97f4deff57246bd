"""The Frictionless Data Package descriptor (datapackage.json) of the shipped tables, from the spec."""

from __future__ import annotations

import json
from typing import Any

from italruss._checks import REFERENCES, file_name
from italruss._spec import ALL_TABLES, SCHEMA_VERSION, Field, Table

DATAPACKAGE_FILE = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
_TYPES = {"str": "string", "enum": "string", "int": "integer", "count": "integer", "date": "date", "list[str]": "array"}


def field_descriptor(field: Field) -> dict[str, Any]:
    """A Table Schema field, with the spec's rules as constraints."""
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.choices is not None:
        constraints["enum"] = list(field.choices)
    if field.pattern is not None:
        constraints["pattern"] = field.pattern
    if field.kind in ("str", "enum"):
        if field.min_length is not None:
            constraints["minLength"] = field.min_length
        if field.max_length is not None:
            constraints["maxLength"] = field.max_length
    out: dict[str, Any] = {"name": field.name, "type": _TYPES[field.kind], "description": field.description}
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


def render(dataset_version: str) -> str:
    """The descriptor as the text of its file (the same release gives the same bytes)."""
    return json.dumps(descriptor(dataset_version), indent=2, ensure_ascii=False) + "\n"
