"""The JSON Schemas in `schemas/` agree with `italruss validate` on every bad file the tests hold.

A TOML-aware schema validator (an editor's) reads a TOML local date as a JSON string in the `date`
format, and a quoted date as a plain string. The validator here does the same: the `date` format holds
for a TOML date only, so `date = "2018-10-17"` fails the schema as it fails `validate`. Rules that need
more than one file (known actors and topics, ids and addresses used once, the source's id and date, the
clock) are `validate`'s alone, and so are files that are not TOML at all.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "workshop" / "bad"
SCHEMA = json.loads((REPO / "schemas" / "record-file.schema.json").read_text(encoding="utf-8"))

#: Bad files whose fault only `validate` can see: it needs other files, the clock, or a parseable file.
BEYOND_A_SCHEMA = {
    "unknown-actor": "needs data/actors.toml",
    "unknown-topic": "needs data/topics.toml",
    "duplicate-record-id": "needs the other record files",
    "duplicate-url": "needs the other record files",
    "source-id-mismatch": "needs the file's name",
    "date-after-source": "compares two fields",
    "future-date": "needs today's date",
    "date-precision": "compares two fields",
    "malformed": "not TOML",
    "non-utf8": "not TOML",
    "bom": "not TOML",
    "date-not-real": "not TOML",
}


def _toml_validator() -> jsonschema.protocols.Validator:
    """A Draft 2020-12 validator with TOML's types: a TOML date is a string whose `date` format holds."""
    base = jsonschema.Draft202012Validator
    types = base.TYPE_CHECKER.redefine("string", lambda _, value: isinstance(value, str | dt.date))
    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime))
    toml = jsonschema.validators.extend(base, type_checker=types)
    return toml(SCHEMA, format_checker=formats)


def _errors(document: dict[str, Any]) -> list[str]:
    return [error.message for error in _toml_validator().iter_errors(document)]


JUDGED = [p for p in sorted(BAD.glob("*.toml")) if p.stem not in BEYOND_A_SCHEMA]


def test_the_exceptions_are_bad_files() -> None:
    """Each exception names a bad file that exists, and most bad files are judged by the schema too."""
    assert set(BEYOND_A_SCHEMA) <= {p.stem for p in BAD.glob("*.toml")}
    assert len(JUDGED) >= 10


@pytest.mark.parametrize("path", JUDGED, ids=lambda p: p.stem)
def test_a_bad_file_fails_the_schema_too(path: Path) -> None:
    """Every bad file a schema can judge fails the JSON Schema, as it fails `validate`."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert _errors(document), f"{path.name} passes the JSON Schema but not validate"


def test_a_quoted_date_fails_and_a_toml_date_passes() -> None:
    """The case editors got wrong: `date = "2018-10-17"` is refused, `date = 2018-10-17` accepted."""
    document = tomllib.loads((BAD / "date-as-string.toml").read_text(encoding="utf-8"))
    assert any("date" in message for message in _errors(document))
    document["stances"][0]["date"] = dt.date(2018, 10, 17)
    assert _errors(document) == []


def test_every_shipped_record_file_passes_the_schema() -> None:
    """The schema refuses nothing `validate` accepts: every record file in data/records passes it."""
    failing = {
        path.name: errors
        for path in sorted((REPO / "data" / "records").glob("*.toml"))
        if (errors := _errors(tomllib.loads(path.read_text(encoding="utf-8"))))
    }
    assert failing == {}
