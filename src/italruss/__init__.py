"""italruss: a versioned, schema-validated dataset of stances on Italy–Russia relations."""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from italruss._dataset import Dataset
from italruss._diff import StanceChange, StanceDiff
from italruss._errors import DataNotFoundError, ItalrussError, Problem, ValidationError
from italruss._load import load, versions
from italruss._models import Actor, Source, StanceRecord, Topic
from italruss._spec import SCHEMA_VERSION
from italruss._vdiff import VersionDiff, diff_versions
from italruss._versions import Release, UnknownVersionError

try:
    __version__ = _version("italruss")
except _PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
    __version__ = "0+unknown"

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
    "versions",
]
