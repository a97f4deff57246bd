"""italruss: a versioned, schema-validated dataset of stances on Italy–Russia relations.

Names are imported on first use, so that `import italruss` stays as light as polars itself.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from italruss._dataset import Dataset
from italruss._errors import DataNotFoundError, ItalrussError, Problem, ValidationError
from italruss._load import load, versions
from italruss._spec import SCHEMA_VERSION

if _TYPE_CHECKING:
    from italruss._diff import StanceChange, StanceDiff
    from italruss._models import Actor, Source, StanceRecord, Topic
    from italruss._plot import plot_diff, plot_map, plot_timeline
    from italruss._vdiff import VersionDiff, diff_versions
    from italruss._versions import Release, UnknownVersionError

#: Public names defined in private modules that are imported when first asked for.
_LAZY = {
    "Actor": "italruss._models",
    "Release": "italruss._versions",
    "Source": "italruss._models",
    "StanceChange": "italruss._diff",
    "StanceDiff": "italruss._diff",
    "StanceRecord": "italruss._models",
    "Topic": "italruss._models",
    "UnknownVersionError": "italruss._versions",
    "VersionDiff": "italruss._vdiff",
    "diff_versions": "italruss._vdiff",
    "plot_diff": "italruss._plot",
    "plot_map": "italruss._plot",
    "plot_timeline": "italruss._plot",
}


def __getattr__(name: str) -> _Any:
    """The lazily imported public names, and `__version__` from the package metadata."""
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("italruss")
        except PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
            return "0+unknown"
    raise AttributeError(f"module 'italruss' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({n for n in globals() if not n.startswith("_")} | set(__all__))


__all__ = [
    "Actor",
    "DataNotFoundError",
    "Dataset",
    "ItalrussError",
    "Problem",
    "Release",
    "SCHEMA_VERSION",
    "Source",
    "StanceChange",
    "StanceDiff",
    "StanceRecord",
    "Topic",
    "UnknownVersionError",
    "ValidationError",
    "VersionDiff",
    "__version__",
    "diff_versions",
    "load",
    "plot_diff",
    "plot_map",
    "plot_timeline",
    "versions",
]
