"""Citing the exact dataset release a `Dataset` holds."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, metadata
from typing import TYPE_CHECKING, Literal

from italruss._versions import releases

if TYPE_CHECKING:
    from italruss._dataset import Dataset

TITLE = "italruss: a dataset of political actors' stances on Italy–Russia relations"
AUTHOR = "The italruss maintainers"


def project_url() -> str | None:
    """The project's address from the installed package metadata, if it declares one."""
    try:
        urls = metadata("italruss").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "source", "repository"}:
            return str(url).strip()
    return None


def cite(ds: Dataset, style: Literal["text", "bibtex"] = "text") -> str:
    """A citation naming the dataset, its release, the release date and (when known) its address."""
    if style not in ("text", "bibtex"):
        raise ValueError(f"style: {style!r} is not 'text' or 'bibtex'")
    release = next((r for r in releases(ds.path) if r.version == ds.version), None) if ds.path else None
    date = release.date.isoformat() if release else "unreleased"
    url = project_url()
    if style == "text":
        where = f" {url}" if url else ""
        return (
            f"{AUTHOR} ({date[:4]}). {TITLE}. Dataset release {ds.version} ({date}), schema {ds.schema_version}.{where}"
        )
    fields = {
        "title": TITLE,
        "author": AUTHOR,
        "year": date[:4],
        "version": ds.version,
        "date": date,
        "note": f"Dataset release {ds.version}, schema version {ds.schema_version}",
    }
    if url:
        fields["url"] = url
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
    return f"@misc{{italruss_{ds.version.replace('.', '_')},\n{body}\n}}"
