"""Checking one record's fields against the spec: presence, type, allowed values, pattern, length."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any

from italruss._schema.spec import UNSAFE_TEXT, Field, Table

#: (field name or None for the whole record, message)
FieldIssue = tuple[str | None, str]


def check_record(table: Table, raw: object) -> list[FieldIssue]:
    """Every issue with one record of `table` as read from a file (an empty list when it is valid)."""
    if not isinstance(raw, Mapping):
        return [(None, f"must be a table of fields, not {_kind_of(raw)}")]
    fields = {f.name: f for f in table.file_fields}
    issues: list[FieldIssue] = []
    for key in raw:
        if key not in fields:
            issues.append((str(key), _unknown_key(str(key), list(fields))))
    for field in table.file_fields:
        if field.name not in raw:
            if field.required:
                issues.append((field.name, "required field is missing"))
            continue
        message = check_value(field, raw[field.name])
        if message is not None:
            issues.append((field.name, message))
    return issues


def check_value(field: Field, value: Any) -> str | None:
    """Why `value` is not valid for `field`, or None when it is."""
    checker = _CHECKERS[field.kind]
    return checker(field, value)


def _check_str(field: Field, value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be a string in quotes, not {_kind_of(value)}"
    if not value.strip():
        return "must not be empty"
    if value != value.strip():
        return "must not begin or end with spaces"
    unsafe = re.search(UNSAFE_TEXT, value)
    if unsafe is not None:
        return f"holds the invisible or control character U+{ord(unsafe.group()):04X}: remove it"
    if field.min_length is not None and len(value) < field.min_length:
        return f"is {len(value)} characters long, shorter than the minimum of {field.min_length}"
    if field.max_length is not None and len(value) > field.max_length:
        return f"is {len(value)} characters long, over the maximum of {field.max_length}"
    if field.choices is not None and value not in field.choices:
        return f"{value!r} is not one of {', '.join(map(str, field.choices))}"
    if field.pattern is not None and not re.fullmatch(field.pattern, value):
        return f"{value!r} is not {field.form or 'of the form ' + field.pattern}"
    return None


def _check_int(field: Field, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        allowed = "" if field.choices is None else f" ({', '.join(map(str, field.choices))})"
        return f"must be a whole number{allowed}, not {_kind_of(value)}"
    if field.choices is not None and value not in field.choices:
        return f"{value} is out of range: allowed values are {', '.join(map(str, field.choices))}"
    return None


def _check_date(field: Field, value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return "must be a date (YYYY-MM-DD) without a time"
    if isinstance(value, dt.date):
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a real date in the form YYYY-MM-DD"
        return "must be a bare date (2017-04-11), not a string in quotes"
    return f"must be a date (YYYY-MM-DD), not {_kind_of(value)}"


def _check_str_list(field: Field, value: Any) -> str | None:
    if not isinstance(value, list):
        return f"must be a list of strings, not {_kind_of(value)}"
    for item in value:
        message = _check_str(field, item)
        if message is not None:
            return f"item {item!r}: {message}"
    if len(set(value)) != len(value):
        return "lists the same name twice"
    return None


_CHECKERS = {
    "str": _check_str,
    "enum": _check_str,
    "category": _check_str,
    "int": _check_int,
    "count": _check_int,
    "date": _check_date,
    "list[str]": _check_str_list,
}


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known fields: {', '.join(known)})"
    return f"unknown field{hint}"


def _kind_of(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a decimal number",
        str: "a string",
        list: "a list",
        dict: "a table",
        dt.datetime: "a date-time",
        dt.date: "a date",
        dt.time: "a time",
    }
    for kind, name in names.items():
        if type(value) is kind:
            return name
    return type(value).__name__
