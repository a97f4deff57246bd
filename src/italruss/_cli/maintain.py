"""The maintainers' commands: validate, build, schemas, release, verify, versions, changes."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from italruss._cli.output import FORMATS, print_problems, render

EXIT_OK, EXIT_PROBLEMS = 0, 1
Adder = Callable[..., argparse.ArgumentParser]


def register(sub: Any, add: Adder, data_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the maintainers' sub-commands to the parser's sub-parsers."""
    validate = add(sub, "validate", "check record files", "italruss validate data/records/new.toml", _validate)
    validate.add_argument("files", nargs="*", type=Path, help="record files (default: every file)")
    data_arg(validate)
    build = add(sub, "build", "compile record files into parquet", "italruss build --check", _build)
    build.add_argument("--check", action="store_true", help="only compare the committed files with a build")
    data_arg(build)
    schemas = add(sub, "schemas", "write the JSON Schemas of the record files", "italruss schemas", _schemas)
    schemas.add_argument("--out", type=Path, default=Path("schemas"), help="folder (default: schemas)")
    schemas.add_argument("--check", action="store_true", help="only compare the files with the spec")
    release = add(sub, "release", "cut a dataset release of what is pending", "italruss release 2026.12.0", _release)
    release.add_argument("version", help="the new release, YYYY.MM.N, greater than the latest")
    release.add_argument("--changelog", type=Path, default=Path("CHANGELOG.md"), help="(default: CHANGELOG.md)")
    release.add_argument("--citation", type=Path, default=Path("CITATION.cff"), help="(default: CITATION.cff)")
    release.add_argument(
        "--codebook", type=Path, default=Path("docs/codebook.md"), help="rewritten when it exists (%(default)s)"
    )
    data_arg(release)
    verify = add(sub, "verify", "check the installed data files against the manifest", "italruss verify", _verify)
    verify.add_argument("--data", type=Path, help="a data folder (default: the installed files)")
    versions = add(sub, "versions", "list the dataset releases", "italruss versions", _versions)
    versions.add_argument("--format", choices=FORMATS, default="table")
    changes = add(
        sub,
        "changes",
        "records added, corrected, withdrawn between releases",
        "italruss changes 2026.11.0 2026.12.0",
        _changes,
    )
    changes.add_argument("a", help="the earlier release")
    changes.add_argument("b", nargs="?", help="the later release (default: the latest)")
    new = add(
        sub,
        "new",
        "scaffold a record file for a new source, or a record skeleton",
        "italruss new https://www.ansa.it/... --publisher ANSA --title '...' --published 2018-10-18 --language it",
        _new,
    )
    new.add_argument("url", nargs="?", help="the source's exact address")
    new.add_argument("--into", type=Path, help="append a record skeleton with a fresh id to this record file")
    new.add_argument("--publisher")
    new.add_argument("--title")
    new.add_argument("--published", help="publication date, YYYY-MM-DD")
    new.add_argument("--language", help="ISO 639-1 code, e.g. it or en")
    data_arg(new)
    review = add(
        sub,
        "review",
        "a Markdown report of what the data changes against a git ref",
        "italruss review --base origin/main",
        _review,
    )
    review.add_argument("--base", required=True, help="the git ref to compare with, e.g. origin/main")
    data_arg(review)
    codebook = add(sub, "codebook", "write the codebook generated from the data", "italruss codebook", _codebook)
    codebook.add_argument("--out", type=Path, default=Path("docs/codebook.md"), help="(default: docs/codebook.md)")
    codebook.add_argument("--check", action="store_true", help="only compare the file with a fresh render")
    stats = add(sub, "stats", "counts, movers and inter-coder agreement", "italruss stats", _stats)
    stats.add_argument("--release", "--version", dest="version", help="a dataset release (default: the latest)")
    stats.add_argument("--data", type=Path, default=Path("data"), help="where reliability/ is (default: ./data)")


def _validate(args: argparse.Namespace) -> int:
    from italruss._workshop.build import tables_from
    from italruss._workshop.catalog import read_catalog
    from italruss._workshop.tomlfile import display_path

    catalog = read_catalog(args.data, args.files)
    shown = {display_path(f) for f in args.files}
    problems = [p for p in catalog.problems if not shown or p.file in shown]
    if not shown:
        problems += _codings_problems(args.data, catalog)
    if problems:
        print_problems(problems)
        return EXIT_PROBLEMS
    if not catalog.problems:
        tables_from(catalog, previous=args.data)  # the built tables are checked too (pandera included)
    records = [st for _, st in catalog.stance_entries()]
    withdrawn = sum("withdrawn" in st.data for st in records)
    print(
        f"ok: {len(catalog.sources)} record files, {len(records)} stance records ({withdrawn} withdrawn), no problems"
    )
    return EXIT_OK


def _codings_problems(data: Path, catalog: Any) -> list[Any]:
    """Problems of the second-coding files, including codings of records that do not exist."""
    from italruss._errors import Problem
    from italruss._workshop.reliability import RELIABILITY_DIR, read_codings

    codings, problems = read_codings(data)
    known = {st.data.get("id") for _, st in catalog.stance_entries()}
    for coder, record in codings.select("coder", "record").iter_rows():
        if record not in known:
            path = str(data / RELIABILITY_DIR / f"{coder}.toml")
            problems.append(Problem(path, None, record, "record", "is not a stance record"))
    return problems


def _build(args: argparse.Namespace) -> int:
    from italruss._workshop.build import build, differences, tables_from
    from italruss._workshop.catalog import read_catalog

    if args.check:
        tables = tables_from(read_catalog(args.data), previous=args.data)
        found = differences(tables, args.data)
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print("the committed data files are not a fresh build: run 'italruss build'", file=sys.stderr)
            return EXIT_PROBLEMS
        print("ok: the data files match a fresh build")
        return EXIT_OK
    for path in build(args.data):
        print(f"wrote {path}")
    return EXIT_OK


def _write_or_check(path: Path, text: str, check: bool, command: str) -> bool:
    """Write a generated file, or with `check` only compare it; False when a check finds it stale."""
    if check:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return True
        print(f"{path}: differs from a fresh render: run '{command}'", file=sys.stderr)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return True


def _schemas(args: argparse.Namespace) -> int:
    from italruss._schema.descriptors import render_schema, schemas

    fresh = [
        _write_or_check(args.out / name, render_schema(schema), args.check, "italruss schemas")
        for name, schema in schemas().items()
    ]
    return EXIT_OK if all(fresh) else EXIT_PROBLEMS


def _release(args: argparse.Namespace) -> int:
    from italruss._workshop.release import release

    entry = release(args.data, args.version, changelog=args.changelog, citation=args.citation, codebook=args.codebook)
    print(
        f"released {entry['version']}: {entry['records']} records ({entry['added']} added, "
        f"{entry['corrected']} corrected, {entry['withdrawn']} withdrawn); {args.changelog} updated"
    )
    print("next, commit the release and tag it (the tag is what a DOI archive of the release points at):")
    for command in tag_commands(entry["version"], args.data, args.changelog, args.citation, args.codebook):
        print(f"  {command}")
    return EXIT_OK


def tag_commands(version: str, data: Path, changelog: Path, citation: Path, codebook: Path) -> list[str]:
    """The git commands that commit release `version` and tag it `data-<version>`."""
    paths = " ".join(shlex.quote(str(p)) for p in (data, changelog, citation, codebook) if p.exists())
    return [
        f"git add {paths}",
        f"git commit -m {shlex.quote(f'Dataset release {version}')}",
        f"git tag -a data-{version} -m {shlex.quote(f'italruss dataset release {version}')}",
    ]


def _verify(args: argparse.Namespace) -> int:
    from italruss._releases.integrity import broken_links
    from italruss._releases.manifest import expected_files, verify
    from italruss._releases.store import shipped_dir

    directory = args.data or shipped_dir()
    found = verify(directory, expected_files())
    found += [] if found else broken_links(directory)  # the chain of checksums of every released revision
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return EXIT_PROBLEMS
    print(f"ok: every data file in {directory} matches the manifest and the releases' checksums")
    return EXIT_OK


def _versions(args: argparse.Namespace) -> int:
    import attrs
    import polars as pl

    from italruss._dataset import versions

    rows = [attrs.asdict(r) for r in versions()]
    print(render(pl.DataFrame(rows) if rows else pl.DataFrame({"version": []}), args.format))
    return EXIT_OK


def _changes(args: argparse.Namespace) -> int:
    from italruss._releases.changes import diff_versions

    print(diff_versions(args.a, args.b).to_markdown(), end="")
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    from italruss._dataset import load
    from italruss._workshop.describe import counts, movers
    from italruss._workshop.reliability import agreement, read_codings, unknown_records

    ds = load(version=args.version)
    print(
        f"dataset {ds.version}: {ds.stances.height} stance records, {ds.sources.height} sources, "
        f"{ds.stances['actor'].n_unique()} actors"
    )
    for facet, df in counts(ds).items():
        print(f"\nby {facet.replace('_', ' ')}")
        print(render(df))
    print("\nactors with the most stance changes")
    print(render(movers(ds)))
    from italruss._releases.store import shipped_dir

    here = args.data if (args.data / "reliability").is_dir() else shipped_dir()  # the codings ship too
    codings, problems = read_codings(here)
    if problems:
        print_problems(problems)
        return EXIT_PROBLEMS
    if codings.height:
        rounds = codings["round"].n_unique()
        latest = "; a record coded in two rounds counts as of the later" if rounds > 1 else ""
        print(f"\ninter-coder agreement (coders: {', '.join(sorted(set(codings['coder'])))}; rounds: {rounds}{latest})")
        print(render(agreement(ds.stances, codings)))
        missing = unknown_records(ds.stances, codings)
        if missing:
            print(f"{len(missing)} coded records are not in this release: {', '.join(missing)}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from italruss._workshop.scaffold import append_skeleton, new_source

    if args.into is not None:
        record_id = append_skeleton(args.data, args.into)
        print(f"added record {record_id} to {args.into}: fill it in, then run 'italruss validate {args.into}'")
        return EXIT_OK
    if not args.url:
        raise ValueError("give the source's address (italruss new URL ...) or --into FILE")
    values = {name: getattr(args, name) or _ask(name) for name in ("publisher", "title", "published", "language")}
    from italruss._resolve import to_date

    path = new_source(
        args.data,
        args.url,
        publisher=values["publisher"],
        title=values["title"],
        published=to_date(values["published"], "published"),
        language=values["language"],
    )
    print(f"created {path}: fill in the record, then run 'italruss validate {path}'")
    return EXIT_OK


def _ask(name: str) -> str:
    if not sys.stdin.isatty():
        raise ValueError(f"--{name} is required (or run in a terminal to be asked)")
    answer = input(f"{name}: ").strip()
    if not answer:
        raise ValueError(f"{name} is required")
    return answer


def _review(args: argparse.Namespace) -> int:
    from italruss._workshop.review import report

    text = report(args.data, args.base)
    print(text, end="")
    return EXIT_PROBLEMS if "Validation: failed" in text else EXIT_OK


def _codebook(args: argparse.Namespace) -> int:
    from italruss._dataset import load
    from italruss._workshop.describe import render as render_codebook

    fresh = _write_or_check(args.out, render_codebook(load()), args.check, "italruss codebook")
    if fresh and args.check:
        print(f"ok: {args.out} matches the data")
    return EXIT_OK if fresh else EXIT_PROBLEMS
