"""Exceptions raised by italruss, and the `Problem` that validation reports.

Exception tree::

    ItalrussError                 base of every error italruss raises on purpose
    ├── ValidationError           record files or tables break the schema; carries every Problem found
    └── DataNotFoundError         the data files to load are missing
"""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data: where it is (file, line, record, field) and what it is."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


#: How many problems a ValidationError's message lists (`problems` holds them all).
SHOWN = 50


class ItalrussError(Exception):
    """Base class of every error italruss raises on purpose."""


class ValidationError(ItalrussError):
    """The data breaks the schema. `problems` holds every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=sort_key)
        count = len(self.problems)
        lines = [str(p) for p in self.problems[:SHOWN]]
        if count > SHOWN:
            lines.append(f"... and {count - SHOWN} more (all of them are in .problems)")
        head = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([head, *lines]))


class DataNotFoundError(ItalrussError):
    """The folder to load from does not hold the dataset files."""

    def __init__(self, path: Path, missing: list[str]) -> None:
        self.path = path
        self.missing = missing
        super().__init__(f"{path}: missing dataset file(s): {', '.join(missing)}")


def sort_key(p: Problem) -> tuple[str, int, str, str, str]:
    """Problems sort by file, line, record, field, message."""
    return (p.file, p.line or 0, p.record or "", p.field or "", p.message)
