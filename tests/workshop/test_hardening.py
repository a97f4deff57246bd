"""The maintainers' tools keep their promises: nothing released lost, nothing half-written, no tracebacks."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import italruss
from italruss._cli.main import main
from italruss._errors import ItalrussError, ValidationError
from italruss._workshop import transaction
from italruss._workshop.build import build
from italruss._workshop.catalog import read_catalog
from italruss._workshop.release import release
from italruss._workshop.reliability import read_codings

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def released(data_dir: Path) -> Path:
    """The seed data folder, built and released once as 2026.01.0."""
    build(data_dir)
    release(data_dir, "2026.01.0", today=TODAY)
    return data_dir


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["actors-history.parquet", "topics-history.parquet", "stances-history.parquet"])
def test_a_missing_released_history_is_an_error_not_a_fresh_start(released: Path, name: str) -> None:
    """Build refuses to rebuild a released history from nothing, says how to restore it, writes nothing."""
    (released / name).unlink()
    before = _digests(released)
    with pytest.raises(ValidationError) as caught:
        build(released)
    assert [str(released / name)] == [p.file for p in caught.value.problems]
    assert "restore it from git" in caught.value.problems[0].message
    assert before == _digests(released)


def test_a_damaged_history_names_its_file(released: Path) -> None:
    """A truncated history file is reported by name, with the way to restore it."""
    path = released / "stances-history.parquet"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ValidationError) as caught:
        build(released)
    assert str(path) == caught.value.problems[0].file


def test_a_locked_folder_is_not_written(released: Path) -> None:
    """While another command holds the data folder's lock, build refuses and changes nothing."""
    before = _digests(released)
    with (released / transaction.LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(transaction.DataFolderBusyError):
            build(released)
    assert before == _digests(released)


@pytest.mark.parametrize(("version", "words"), [("2026.12.0\n", "YYYY.MM.N"), ("9999.12.0", "still to come")])
def test_release_refuses_malformed_or_future_versions(released: Path, version: str, words: str) -> None:
    """A version with a trailing newline, or in a month still to come, is refused before anything is written."""
    with pytest.raises((ItalrussError, ValueError), match=words):
        release(released, version, today=TODAY)


def test_a_failed_changelog_write_leaves_the_release_undone(released: Path, tmp_path: Path) -> None:
    """A CHANGELOG that cannot be written stops the release: data, releases.json and manifest unchanged."""
    text = (released / "records" / "2022-01-28-unherd-italy-special-relationship.toml").read_text("utf-8")
    edited = text.replace("confidence = ", 'note = "A maintainer edit."\nconfidence = ', 1)
    (released / "records" / "2022-01-28-unherd-italy-special-relationship.toml").write_text(edited, "utf-8")
    build(released)
    before = _digests(released)
    folder = tmp_path / "CHANGELOG.md"
    folder.mkdir()
    with pytest.raises(ItalrussError):
        release(released, "2026.01.1", today=TODAY, changelog=folder)
    assert before == _digests(released)


def test_a_killed_build_is_completed_by_the_next(released: Path) -> None:
    """Killed between two renames, a build leaves a journal; the next writing command completes it."""
    text = (released / "records" / "2022-01-28-unherd-italy-special-relationship.toml").read_text("utf-8")
    edited = text.replace("confidence = ", 'note = "Another maintainer edit."\nconfidence = ', 1)
    (released / "records" / "2022-01-28-unherd-italy-special-relationship.toml").write_text(edited, "utf-8")
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "real, done = os.replace, []\n"
        "def dying(a, b):\n"
        "    real(a, b); done.append(b)\n"
        "    if len(done) == 3: os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = dying\n"
        "from italruss._workshop.build import build\n"
        "build(Path(sys.argv[1]))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(released)], check=False)
    assert killed.returncode < 0  # killed by the signal
    assert (released / transaction.JOURNAL_FILE).is_file()
    build(released)  # completes the journal first, then builds again
    assert not (released / transaction.JOURNAL_FILE).exists()
    assert 0 == main(["build", "--check", "--data", str(released)])
    assert 0 == main(["verify", "--data", str(released)])


def test_a_file_left_out_of_the_manifest_is_reported(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Dropping a file's line from the manifest does not make verify skip the file."""
    manifest = released / "manifest.json"
    lines = [line for line in manifest.read_text("utf-8").splitlines() if "topics.parquet" not in line]
    manifest.write_text("\n".join(lines).replace(",\n  }", "\n  }") + "\n", "utf-8")
    assert 1 == main(["verify", "--data", str(released)])
    assert "topics.parquet: not in the manifest" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "words"), [("extra.TOML", "rename it to end in .toml"), ("sub", "not in subfolders")])
def test_record_files_that_would_be_skipped_are_reported(data_dir: Path, name: str, words: str) -> None:
    """A record file named *.TOML, or a subfolder of records/, is a problem, never silently skipped."""
    (data_dir / "records" / name).mkdir() if name == "sub" else (data_dir / "records" / name).write_text("")
    problems = read_catalog(data_dir).problems
    assert [name] == [Path(p.file).name for p in problems]
    assert words in problems[0].message


def test_a_link_out_of_the_data_folder_is_refused(data_dir: Path, tmp_path: Path) -> None:
    """A symbolic link in records/ to a file outside the data folder is reported, not followed."""
    outside = tmp_path / "elsewhere.toml"
    outside.write_text((data_dir / "records" / "2022-01-28-unherd-italy-special-relationship.toml").read_text())
    (data_dir / "records" / "linked.toml").symlink_to(outside)
    problems = read_catalog(data_dir).problems
    assert ["linked.toml"] == [Path(p.file).name for p in problems if "outside the data folder" in p.message]


def test_reliability_files_may_not_count_twice(data_dir: Path) -> None:
    """A coder label used twice, or a record coded twice in one file, is a problem."""
    folder = data_dir / "reliability"
    folder.mkdir()
    coding = '[[codings]]\nrecord = "r68vk2rfge"\nstance = 1\n'
    (folder / "a.toml").write_text(f'coder = "coder-b"\n\n{coding}\n{coding}', "utf-8")
    (folder / "b.toml").write_text(f'coder = "coder-b"\n\n{coding}', "utf-8")
    (folder / "c.toml").write_text('coder = "coder-c"\ncodings = 5\n', "utf-8")
    _, problems = read_codings(data_dir)
    assert {("a.toml", "record"), ("b.toml", "coder"), ("c.toml", "codings")} == {
        (Path(p.file).name, p.field) for p in problems
    }


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('summary = "', 'summary = "\\u001b[31m', "summary"),
        ('summary = "', 'summary = "\\u202e', "summary"),
        ("https://unherd.com", "https://user:secret@unherd.com", "url"),
    ],
)
def test_hidden_characters_and_credentials_are_refused(data_dir: Path, old: str, new: str, field: str) -> None:
    """Control characters, bidi overrides and addresses with credentials are refused, field named."""
    path = data_dir / "records" / "2022-01-28-unherd-italy-special-relationship.toml"
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    assert field in {p.field for p in read_catalog(data_dir).problems}


def test_review_refuses_an_option_as_its_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`review --base=--output=FILE` is a usage error: git never sees it, FILE is not touched."""
    target = tmp_path / "victim.txt"
    target.write_text("keep me")
    assert 2 == main(["review", f"--base=--output={target}"])
    assert "keep me" == target.read_text()
    assert "not a git ref" in capsys.readouterr().err


def test_damaged_tables_and_releases_name_their_file(released: Path) -> None:
    """load(path) of a truncated table, or of a malformed releases.json, names the file instead of a traceback."""
    table = released / "stances.parquet"
    table.write_bytes(table.read_bytes()[:50])
    with pytest.raises(ValidationError) as caught:
        italruss.load(released)
    assert str(table) == caught.value.problems[0].file
    (released / "releases.json").write_text("{not json", "utf-8")
    with pytest.raises(ItalrussError, match=r"releases\.json"):
        italruss.load(released)


def test_a_broken_pipe_is_silent() -> None:
    """`italruss query | head -1` prints its line and no traceback."""
    pipeline = f"'{sys.executable}' -m italruss query --format csv | head -1"
    done = subprocess.run(pipeline, shell=True, capture_output=True, text=True, check=False)
    assert done.stdout.startswith("id,")
    assert "Traceback" not in done.stderr


def test_ctrl_c_exits_130_quietly(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An interrupt ends the command with exit code 130 and no traceback."""
    from italruss._cli import main as cli

    def interrupted(argv: object = None) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
    with pytest.raises(SystemExit) as stopped:
        cli.run()
    assert 130 == stopped.value.code
    assert "Traceback" not in capsys.readouterr().err


def test_load_checks_what_build_checks(released: Path) -> None:
    """load(path) refuses a stance dated in the future and a cycle of topic parents, as the build does."""
    import polars as pl

    stances = pl.read_parquet(released / "stances.parquet")
    future = stances.with_columns(pl.lit(dt.date(2999, 1, 1)).alias("date"))
    future.write_parquet(released / "stances.parquet")
    with pytest.raises(ValidationError) as caught:
        italruss.load(released, version="unreleased")
    assert "date" in {p.field for p in caught.value.problems}
    stances.write_parquet(released / "stances.parquet")
    topics = pl.read_parquet(released / "topics.parquet")
    looped = topics.with_columns(
        pl.when(pl.col("id") == "sanctions")
        .then(pl.lit("sanctions-russia"))
        .otherwise(pl.col("parent"))
        .alias("parent")
    )
    looped.write_parquet(released / "topics.parquet")
    with pytest.raises(ValidationError, match="cycle"):
        italruss.load(released, version="unreleased")


def test_deleted_releases_file_is_not_taken_for_unreleased_data(released: Path) -> None:
    """With releases.json gone but released revisions in the histories, load says what to restore."""
    (released / "releases.json").unlink()
    with pytest.raises(ValidationError, match=r"restore releases\.json"):
        italruss.load(released)


@pytest.mark.parametrize(
    ("title", "published", "words"),
    [
        ("Line one\nline two", dt.date(2022, 1, 1), "control character"),
        ("A title", dt.date(2999, 1, 1), "in the future"),
    ],
)
def test_new_refuses_what_would_not_validate(data_dir: Path, title: str, published: dt.date, words: str) -> None:
    """`new` refuses a title with a newline or a future date, and writes nothing."""
    from italruss._workshop.scaffold import new_source

    before = sorted((data_dir / "records").iterdir())
    with pytest.raises(ItalrussError, match=words):
        new_source(data_dir, "https://example.org/a", publisher="P", title=title, published=published, language="en")
    assert before == sorted((data_dir / "records").iterdir())


def test_new_makes_a_valid_id_from_a_non_latin_title(data_dir: Path) -> None:
    """A title with no latin letters gives a source id from the address, which validates."""
    from italruss._workshop.scaffold import new_source

    path = new_source(
        data_dir,
        "https://arabic.example.org/world/lavrov-china",
        publisher="Example",
        title="لافروف الصين",
        published=dt.date(2018, 4, 23),
        language="ar",
    )
    assert "2018-04-23-example-lavrov-china.toml" == path.name


def test_new_writes_any_title_as_valid_toml(data_dir: Path) -> None:
    """Quotes, backslashes and non-latin text in the source's fields come back exactly (tomli-w writes them)."""
    import tomllib

    from italruss._workshop.scaffold import new_source

    fields = {"publisher": 'Il "Foglio"', "title": 'Titolo \\ con "virgolette" — Путин', "language": "it"}
    path = new_source(data_dir, 'https://example.org/a"b\\c', published=dt.date(2024, 1, 2), **fields)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["source"] | {} == {
        "id": path.stem,
        "url": 'https://example.org/a"b\\c',
        "published": dt.date(2024, 1, 2),
        **fields,
    }
    assert document["stances"][0]["stance"] == 9  # the placeholder that fails validation until replaced


def test_new_into_only_takes_a_record_file_of_the_data_folder(data_dir: Path, tmp_path: Path) -> None:
    """`new --into` refuses a file outside data/records."""
    from italruss._workshop.scaffold import append_skeleton

    outside = tmp_path / "notes.toml"
    outside.write_text("x = 1\n")
    with pytest.raises(ItalrussError, match="not a record file"):
        append_skeleton(data_dir, outside)
    assert "x = 1\n" == outside.read_text()


def test_bad_arguments_are_value_errors() -> None:
    """A non-string actor or version, and a duration beyond the calendar, give clear answers."""
    ds = italruss.load()
    with pytest.raises(ValueError, match="actor"):
        ds.query(actor=123)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="version"):
        italruss.load(version=["2026.11.0"])  # type: ignore[arg-type]
    assert ds.snapshot("2022-01-01").height == ds.snapshot("2022-01-01", max_age="99999y").height


def test_deeply_nested_toml_is_a_problem(data_dir: Path) -> None:
    """A file nested too deeply to parse is reported, not a RecursionError."""
    (data_dir / "records" / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert any("nested too deeply" in p.message for p in read_catalog(data_dir).problems)


def test_an_unreleased_dataset_cites_without_a_date(data_dir: Path) -> None:
    """cite() of unreleased data says so instead of a cut-off word."""
    build(data_dir)
    text = italruss.load(data_dir).cite()
    assert "(n.d.)" in text
    assert "not released" in text


def _edit_first_record(folder: Path, note: str) -> None:
    path = folder / "records" / "2022-01-28-unherd-italy-special-relationship.toml"
    text = path.read_text("utf-8").replace("confidence = ", f'note = "{note}"\nconfidence = ', 1)
    path.write_text(text, "utf-8")


@pytest.fixture
def chained(released: Path) -> Path:
    """The seed folder released twice: the second release records the chain of checksums."""
    _edit_first_record(released, "A correction for the second release.")
    build(released)
    release(released, "2026.01.1", today=TODAY)
    return released


def test_an_edited_released_revision_breaks_the_chain(chained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Editing a released revision in a history file is caught by verify and build --check, manifest or not."""
    import polars as pl

    path = chained / "stances-history.parquet"
    history = pl.read_parquet(path)
    edited = history.with_columns(
        pl.when(pl.col("revision") == 1)
        .then(pl.lit("A quietly rewritten summary of the record."))
        .otherwise(pl.col("summary"))
        .alias("summary")
    )
    edited.write_parquet(path)
    from italruss._releases import manifest

    (chained / "manifest.json").write_text(
        manifest.render_with(chained, manifest.expected_files(), {}), "utf-8"
    )  # the manifest recomputed to match
    assert 1 == main(["verify", "--data", str(chained)])
    assert "revisions released in 2026.01.0 were changed" in capsys.readouterr().err


def test_an_edited_earlier_release_entry_breaks_the_chain(chained: Path) -> None:
    """Editing an earlier entry of releases.json is caught, even with the manifest recomputed."""
    import json

    from italruss._releases import integrity, manifest

    path = chained / "releases.json"
    document = json.loads(path.read_text("utf-8"))
    document["releases"][0]["added"] += 1
    path.write_text(json.dumps(document, indent=2), "utf-8")
    (chained / "manifest.json").write_text(manifest.render_with(chained, manifest.expected_files(), {}), "utf-8")
    assert [f"{path}: the entry of 2026.01.0 was edited"] == integrity.broken_links(chained)


def test_a_release_writes_its_changelog_section_where_asked(released: Path, tmp_path: Path) -> None:
    """The CHANGELOG and CITATION.cff named by their paths get the release, and only them."""
    changelog, citation = tmp_path / "CHANGELOG.md", tmp_path / "CITATION.cff"
    changelog.write_text("# Changelog\n\n## [Unreleased]\n", "utf-8")
    citation.write_text('version: "2026.01.0"\ndate-released: "2026-01-15"\n', "utf-8")
    _edit_first_record(released, "A correction for the changelog test.")
    build(released)
    release(released, "2026.01.1", today=TODAY, changelog=changelog, citation=citation)
    assert "## [dataset 2026.01.1] - 2026-01-15" in changelog.read_text("utf-8")
    assert 'version: "2026.01.1"' in citation.read_text("utf-8")
    assert not (released / "CHANGELOG.md").exists()


def _retire(folder: Path, actor: str) -> None:
    path = folder / "actors.toml"
    text = path.read_text("utf-8")
    text = text.replace(
        f'id = "{actor}"\n', f'id = "{actor}"\nwithdrawn = "Retired: kept in earlier releases only."\n', 1
    )
    path.write_text(text, "utf-8")


def test_a_released_actor_can_be_retired(released: Path) -> None:
    """A retired actor leaves the next release, stays in the history and in the releases that had it."""
    _retire(released, "nichi-vendola")
    build(released)
    release(released, "2026.01.1", today=TODAY)
    assert "nichi-vendola" not in italruss.load(released).actors["id"].to_list()
    assert "nichi-vendola" in italruss.load(released, version="2026.01.0").actors["id"].to_list()


def test_a_retired_actor_may_not_keep_live_records(released: Path) -> None:
    """Retiring an actor that live records still use is a problem named on those records."""
    _retire(released, "vladimir-putin")
    problems = [p for p in read_catalog(released).problems if p.field == "actor"]
    assert problems
    assert all("is retired" in p.message for p in problems)


def test_built_files_are_readable_by_everyone(released: Path) -> None:
    """Built files get mode 0644, like the files git checks out."""
    assert {0o644} == {p.stat().st_mode & 0o777 for p in released.glob("*.parquet")}


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(28, "No space left on device")])
def test_an_unwritable_or_full_folder_changes_nothing(
    released: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    """A write that fails half-way (read-only folder, full disk) leaves every file as it was, named in the error."""
    _edit_first_record(released, "An edit that cannot be written.")
    before = _digests(released)
    calls: list[Path] = []
    real = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        calls.append(self)
        if len(calls) > 1:
            raise error
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    import polars as pl

    monkeypatch.setattr(pl.DataFrame, "write_parquet", lambda *a, **k: (_ for _ in ()).throw(error))
    with pytest.raises(ItalrussError, match="cannot be written"):
        build(released)
    monkeypatch.undo()
    assert before == _digests(released)
    assert [] == list(released.glob(".italruss-staged-*"))


def test_an_unwritable_output_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A plot to a folder that does not exist names the file and prints no traceback."""
    target = tmp_path / "no-such-folder" / "plot.png"
    assert 2 == main(["plot", "timeline", "Salvini", "-o", str(target)])
    err = capsys.readouterr().err
    assert str(target) in err
    assert "Traceback" not in err


def test_a_malformed_duration_in_plot_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`plot timeline --max-age 3Y` is refused with the forms allowed, not a traceback."""
    assert 2 == main(["plot", "timeline", "Salvini", "--max-age", "3Y", "-o", str(tmp_path / "x.png")])
    assert "'3y'" in capsys.readouterr().err


def test_year_zero_is_not_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    """A date of year 0 is refused in words, not with Python's range message."""
    assert 2 == main(["at", "0000-01-01"])
    assert "not a real date" in capsys.readouterr().err


def test_a_symlink_loop_in_records_is_reported(data_dir: Path) -> None:
    """A link that points to itself is reported by name."""
    (data_dir / "records" / "loop.toml").symlink_to(data_dir / "records" / "loop.toml")
    assert ["loop.toml"] == [Path(p.file).name for p in read_catalog(data_dir).problems]


def test_a_record_file_with_an_inline_source_table_is_read(data_dir: Path) -> None:
    """A valid file that writes its source as an inline table validates like one with a [source] header."""
    path = data_dir / "records" / "2022-01-28-unherd-italy-special-relationship.toml"
    import json
    import tomllib

    import tomli_w

    data = tomllib.loads(path.read_text("utf-8"))
    pairs = [f"{k} = {v.isoformat() if hasattr(v, 'isoformat') else json.dumps(v)}" for k, v in data["source"].items()]
    path.write_text("source = { " + ", ".join(pairs) + " }\n\n" + tomli_w.dumps({"stances": data["stances"]}), "utf-8")
    assert [] == list(read_catalog(data_dir).problems)


@pytest.mark.parametrize("name", ["stances-history.parquet", "actors.parquet"])
def test_damaged_or_swapped_files_are_named_by_check_and_load(
    released: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """build --check and load(version=) name a truncated history or a table swapped with another."""
    path = released / name
    if name.endswith("history.parquet"):
        path.write_bytes(path.read_bytes()[:80])
    else:
        path.write_bytes((released / "topics.parquet").read_bytes())
    assert 1 == main(["build", "--check", "--data", str(released)])
    assert str(path) in capsys.readouterr().err

    def read() -> object:
        ds = italruss.load(released, version="unreleased")
        return ds.history  # a history is read on first use

    with pytest.raises(ValidationError) as caught:
        read()
    assert str(path).endswith(Path(caught.value.problems[0].file).name)
