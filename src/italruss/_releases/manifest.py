"""The manifest: the sha256 of every shipped data file, and checking installed files against it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from italruss._errors import ItalrussError
from italruss._releases.store import RELEASES_FILE
from italruss._schema.checks import file_name
from italruss._schema.descriptors import DATAPACKAGE_FILE
from italruss._schema.spec import ALL_TABLES

MANIFEST_FILE = "manifest.json"


def expected_files() -> list[str]:
    """Every file a data folder ships, each of which the manifest must list."""
    return [*(file_name(t) for t in ALL_TABLES), RELEASES_FILE, DATAPACKAGE_FILE]


def sha256(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render_with(directory: Path, names: list[str], staged: dict[str, Path]) -> str:
    """The manifest text for the files `names` of `directory`, reading any staged replacement instead.

    Sorted, so that the same files give the same text.
    """
    files = {name: sha256(staged.get(name, directory / name)) for name in sorted(names)}
    return json.dumps({"files": files}, indent=2, sort_keys=True) + "\n"


def read(directory: Path) -> dict[str, str]:
    """file name -> sha256, as the manifest of `directory` records them."""
    path = directory / MANIFEST_FILE
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        if not isinstance(files, dict):
            raise TypeError("`files` is not a table of names and checksums")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ItalrussError(f"{path}: cannot be read as a manifest ({exc}); rebuild it with 'italruss build'") from exc
    return {str(name): str(digest) for name, digest in files.items()}


def verify(directory: Path, expected: list[str] | None = None) -> list[str]:
    """Every way the files in `directory` differ from its manifest (an empty list when they match).

    `expected`: files the manifest must list; one it leaves out is reported, not skipped.
    """
    if not (directory / MANIFEST_FILE).is_file():
        return [f"{directory / MANIFEST_FILE}: missing"]
    listed = read(directory)
    required = [n for n in expected or [] if n != RELEASES_FILE or (directory / n).is_file()]  # none: unreleased
    found = [f"{directory / name}: not in the manifest" for name in required if name not in listed]
    for name, digest in listed.items():
        path = directory / name
        if not path.is_file():
            found.append(f"{path}: missing")
        elif sha256(path) != digest:
            found.append(f"{path}: sha256 differs from the manifest")
    return found
