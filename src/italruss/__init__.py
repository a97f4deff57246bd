"""italruss: a versioned, schema-validated dataset of stances on Italy–Russia relations.

Names are imported on first use, so that `import italruss` stays as light as polars itself.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from italruss._dataset import Dataset, load, versions
from italruss._errors import DataNotFoundError, ItalrussError, Problem, ValidationError
from italruss._schema.spec import SCHEMA_VERSION

if _TYPE_CHECKING:
    from italruss._models import Actor, Source, StanceInForce, StanceRecord, Topic
    from italruss._plots.figures import plot_alignment, plot_diff, plot_map, plot_timeline
    from italruss._releases.changes import VersionDiff, diff_versions
    from italruss._releases.store import Release, UnknownVersionError
    from italruss._time import StanceChange, StanceDiff
    from italruss._web.duck import export_duckdb
    from italruss._web.export import export_sqlite

#: Public names defined in private modules that are imported when first asked for.
_LAZY = {
    "Actor": "italruss._models",
    "Release": "italruss._releases.store",
    "Source": "italruss._models",
    "StanceChange": "italruss._time",
    "StanceDiff": "italruss._time",
    "StanceInForce": "italruss._models",
    "StanceRecord": "italruss._models",
    "Topic": "italruss._models",
    "UnknownVersionError": "italruss._releases.store",
    "VersionDiff": "italruss._releases.changes",
    "diff_versions": "italruss._releases.changes",
    "export_duckdb": "italruss._web.duck",
    "export_sqlite": "italruss._web.export",
    "plot_alignment": "italruss._plots.figures",
    "plot_diff": "italruss._plots.figures",
    "plot_map": "italruss._plots.figures",
    "plot_timeline": "italruss._plots.figures",
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
    "StanceInForce",
    "StanceRecord",
    "Topic",
    "UnknownVersionError",
    "ValidationError",
    "VersionDiff",
    "__version__",
    "diff_versions",
    "export_duckdb",
    "export_sqlite",
    "load",
    "plot_alignment",
    "plot_diff",
    "plot_map",
    "plot_timeline",
    "versions",
]
