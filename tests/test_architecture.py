"""The package's folders are its architecture: rooms import only lower rooms, no import circles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import italruss

PACKAGE = Path(italruss.__file__).parent

#: The rooms, lowest first; a module may import its own room and the rooms below it.
ROOMS = {
    "_errors": 0,
    "_schema": 1,
    "_releases": 2,
    "_library": 3,  # the top-level modules: Dataset, loading, time, resolving, records
    "_workshop": 4,
    "_plots": 5,
    "_web": 5,  # the SQLite export and the Datasette view, beside the plots
    "_cli": 6,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("italruss", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


def _room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return "front"
    if parts[1] in ROOMS and parts[1] != "_errors":
        return parts[1]
    return "_errors" if parts[1] == "_errors" else "_library"


def _imports(path: Path) -> set[str]:
    """The italruss modules a file imports at run time (imports under `if TYPE_CHECKING:` aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("italruss"):
            modules = _modules()
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("italruss")}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path) if m != name and m in modules} for name, path in modules.items()}


def test_rooms_import_only_lower_rooms() -> None:
    """No module imports a module of a higher room (the schema imports nothing of ours but errors)."""
    upward = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        if _room(module) != "front"
        for target in targets
        if _room(target) != "front" and ROOMS[_room(target)] > ROOMS[_room(module)]
    ]
    assert [] == upward


def test_no_import_circles() -> None:
    """No module reaches itself through the imports of others."""
    graph = _graph()
    circles = []
    for start in graph:
        stack, seen = [start], set()
        while stack:
            for target in graph[stack.pop()]:
                if target == start:
                    circles.append(start)
                elif target not in seen:
                    seen.add(target)
                    stack.append(target)
    assert [] == sorted(set(circles))


def test_layout_sizes() -> None:
    """At most 6 top-level modules, 3 to 8 subpackages, no module over 450 lines, each with a docstring."""
    top = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    packages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    long = {str(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    undocumented = [str(p) for p in PACKAGE.rglob("*.py") if ast.get_docstring(ast.parse(p.read_text("utf-8"))) is None]
    assert len(top) <= 6, top
    assert 3 <= len(packages) <= 8, packages
    assert {} == long
    assert [] == undocumented


@pytest.mark.parametrize(
    "code",
    [
        "import italruss",
        "import italruss; italruss.load()",
        "import italruss; italruss.load().snapshot('2022-03-01')",
    ],
)
def test_reading_stays_light(code: str) -> None:
    """Importing, loading and a snapshot import no pandera, pandas, matplotlib, Datasette, nor the workshop or CLI."""
    probe = f"{code}; import sys; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    )
    heavy = {"pandera", "pandas", "matplotlib", "datasette"}
    heavy |= {"italruss._workshop", "italruss._cli", "italruss._plots", "italruss._web"}
    assert set() == heavy & loaded
