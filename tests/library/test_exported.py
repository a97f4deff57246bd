"""The public API: `__all__` is sorted, complete and importable."""

from __future__ import annotations

import subprocess
import sys

import italruss


def test_all_is_sorted() -> None:
    """`__all__` lists names in sorted order."""
    assert sorted(italruss.__all__) == italruss.__all__


def test_all_names_exist() -> None:
    """Every name in `__all__` is importable from the package."""
    missing = [name for name in italruss.__all__ if not hasattr(italruss, name)]
    assert missing == []


def test_public_names_are_in_all() -> None:
    """Every public attribute of the package (not a module) is listed in `__all__`."""
    public = {n for n in dir(italruss) if not n.startswith("_") and not isinstance(getattr(italruss, n), type(sys))}
    assert set(italruss.__all__) - {"__version__"} == public


def test_version_is_a_release_number() -> None:
    """`__version__` comes from the installed package metadata."""
    assert italruss.__version__[0].isdigit()


def test_import_is_light() -> None:
    """`import italruss` loads neither pandera nor pandas nor pycountry."""
    code = "import sys, italruss; print(sorted(m for m in ('pandera', 'pandas', 'pycountry') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
