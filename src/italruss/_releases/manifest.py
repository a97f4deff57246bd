"""The manifest: the sha256 of every shipped data file, and checking installed files against it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST_FILE = "manifest.json"


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
    files: dict[str, str] = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]
    return files


def verify(directory: Path) -> list[str]:
    """Every way the files in `directory` differ from its manifest (an empty list when they match)."""
    if not (directory / MANIFEST_FILE).is_file():
        return [f"{directory / MANIFEST_FILE}: missing"]
    found = []
    for name, digest in read(directory).items():
        path = directory / name
        if not path.is_file():
            found.append(f"{path}: missing")
        elif sha256(path) != digest:
            found.append(f"{path}: sha256 differs from the manifest")
    return found
