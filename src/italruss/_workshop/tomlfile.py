"""Reading one human-edited TOML file safely: parsed data, the line each key stands on, clear problems."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

from italruss._errors import Problem

MAX_FILE_BYTES = 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_ID = re.compile(r"^\s*id\s*=\s*[\"']([^\"']*)[\"']")
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


@attrs.frozen
class Block:
    """A `[table]` or `[[array]]` block of a TOML file: its name and the lines it spans (1-based)."""

    name: str
    is_array: bool
    start: int
    end: int


@attrs.frozen
class TomlFile:
    """A parsed TOML file with its text, so problems can name the line they stand on."""

    path: Path
    display: str
    data: dict[str, Any]
    lines: tuple[str, ...]
    blocks: tuple[Block, ...]

    def block(self, name: str, index: int | None = None) -> Block | None:
        """The `[name]` block, or the `index`-th `[[name]]` block."""
        found = [b for b in self.blocks if b.name == name and b.is_array == (index is not None)]
        if index is None:
            return found[0] if found else None
        return found[index] if index < len(found) else None

    def line_of(self, name: str, index: int | None, key: str | None) -> int | None:
        """The line of `key` inside a block, else the block's header line, else None."""
        block = self.block(name, index)
        if block is None:
            return None
        if key is not None:
            pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for number in range(block.start, block.end + 1):
                if pattern.match(self.lines[number - 1]):
                    return number
        return block.start


def read_toml(path: Path, display: str) -> tuple[TomlFile | None, list[Problem]]:
    """Read and parse `path`; on any problem return None and the problems, never raise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [_problem(display, None, f"file is {size} bytes, over the limit of {MAX_FILE_BYTES}")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_problem(display, None, f"cannot be read: {exc.strerror or exc}")]
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_syntax_problem(exc, tuple(text.splitlines()), display)]
    except RecursionError:
        return None, [_problem(display, None, "malformed TOML: arrays or tables nested too deeply to read")]
    lines = tuple(text.splitlines())
    return TomlFile(path, display, data, lines, _blocks(lines)), []


def _syntax_problem(exc: tomllib.TOMLDecodeError, lines: tuple[str, ...], display: str) -> Problem:
    """A TOML syntax error, naming the record and field of the line it is on where they can be told."""
    match = _AT_LINE.search(str(exc))
    line = int(match.group(1)) if match else None
    message = f"malformed TOML: {_AT_LINE.sub('', str(exc)).strip()}"
    return _located(display, lines, line, message)


def _located(display: str, lines: tuple[str, ...], line: int | None, message: str) -> Problem:
    """A problem on a line of a file that could not be parsed, naming that line's record and key."""
    if line is None or not 1 <= line <= len(lines):
        return _problem(display, line, message)
    key = _KEY.match(lines[line - 1])
    record = None
    for block in _blocks(lines):
        if block.start <= line <= block.end:
            ids = (_ID.match(lines[n - 1]) for n in range(block.start, block.end + 1))
            record = next((m.group(1) for m in ids if m), None)
    return Problem(display, line, record, key.group(1) if key else None, message)


def _decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(_BOM):
        return None, [_problem(display, 1, "starts with a byte-order mark: save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        lines = tuple(raw.decode("utf-8", errors="replace").splitlines())
        return None, [_located(display, lines, line, f"is not valid UTF-8 (byte {raw[exc.start]:#04x})")]
    if not text.strip():
        return None, [_problem(display, None, "file is empty")]
    return text, []


def _blocks(lines: tuple[str, ...]) -> tuple[Block, ...]:
    heads: list[tuple[str, bool, int]] = []
    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line)
        if match:
            heads.append((match.group(2), match.group(1) == "[[", number))
    if not heads:
        return ()
    ends = [start - 1 for _, _, start in heads[1:]] + [len(lines)]
    return tuple(Block(name, is_array, start, end) for (name, is_array, start), end in zip(heads, ends, strict=True))


def _problem(display: str, line: int | None, message: str) -> Problem:
    return Problem(file=display, line=line, record=None, field=None, message=message)


@attrs.frozen
class Entry:
    """One record as read from a file, with where it stands (for messages)."""

    data: dict[str, Any]
    file: TomlFile
    block: str
    index: int | None

    @property
    def label(self) -> str:
        value = self.data.get("id") if isinstance(self.data, dict) else None
        if isinstance(value, str) and value:
            return value
        return f"#{(self.index or 0) + 1} (no valid id)"

    def problem(self, field: str | None, message: str) -> Problem:
        line = self.file.line_of(self.block, self.index, field)
        return Problem(self.file.display, line, self.label, field, message)


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
    except (OSError, RuntimeError):  # a loop of links cannot be resolved: show it as given
        return str(path)
