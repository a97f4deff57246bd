"""Exceptions raised by italruss, and the `Problem` that validation reports.

Exception tree::

    ItalrussError                 base of every error italruss raises on purpose
    ├── ValidationError           record files or tables break the schema; carries every Problem found
    └── DataNotFoundError         the data files to load are missing
"""

from __future__ import annotations

from pathlib import Path

import attrs


@attrs.frozen(order=True)
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


class ItalrussError(Exception):
    """Base class of every error italruss raises on purpose."""


class ValidationError(ItalrussError):
    """The data breaks the schema. `problems` holds every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=sort_key)
        lines = [str(p) for p in self.problems]
        count = len(lines)
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
