"""The contributor's path: scaffold, fill in, validate, build, review against the previous commit, load."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest

import italruss
from italruss._cli.main import main
from italruss._workshop.scaffold import fresh_id, slug

from ..conftest import DATA

URL = "https://www.example.org/2018/10/18/salvini-mosca-sanzioni"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding a copy of the shipped data folder, committed, as the working directory."""
    root = tmp_path / "repo"
    shutil.copytree(DATA, root / "data", ignore=shutil.ignore_patterns("reliability"))
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    monkeypatch.chdir(root)
    return root


def _fill(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    values = {
        'actor = ""': 'actor = "matteo-salvini"',
        'topic = ""': 'topic = "sanctions-russia"',
        "stance = 9 ": "stance = -2 ",
        "date = 9999-12-31": "date = 2018-10-17",
        'date_precision = ""': 'date_precision = "day"',
        'evidence = ""': 'evidence = "speech"',
        'attribution = ""': 'attribution = "direct"',
        'capacity = ""': 'capacity = "interior minister"',
        'summary = ""': 'summary = "In Moscow, Salvini said he would press the EU partners to lift the sanctions."',
        'confidence = ""': 'confidence = "high"',
    }
    for old, new in values.items():
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_whole_contributor_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Scaffold a source, fill in its record, validate, build, review against HEAD, load the new record."""
    args = [
        "new",
        URL,
        "--publisher",
        "Example News",
        "--title",
        "Salvini a Mosca: via le sanzioni",
        "--published",
        "2018-10-18",
        "--language",
        "it",
    ]
    assert main(args) == 0
    path = next((repo / "data" / "records").glob("2018-10-18-example-news-*.toml"))
    assert main(["validate", str(path)]) == 1  # the skeleton is not a valid record until filled in
    _fill(path)
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0
    assert main(["build"]) == 0
    assert main(["build", "--check"]) == 0
    capsys.readouterr()
    assert main(["review", "--base", "HEAD"]) == 0
    report = capsys.readouterr().out
    assert "**Records added: 1**" in report
    assert path.stem in report
    record_id = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith('id = "r'))
    new = italruss.load(repo / "data", version="unreleased").stances.filter(pl.col("source") == path.stem)
    assert new["id"].to_list() == [record_id.split('"')[1]]


def test_new_refuses_a_known_address(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Scaffolding a source whose address is already used is refused with a hint."""
    url = "https://unherd.com/thepost/italys-special-relationship-with-vladimir-putin/"
    args = ["new", url, "--publisher", "UnHerd", "--title", "x", "--published", "2022-01-28", "--language", "en"]
    assert main(args) == 2
    assert "--into" in capsys.readouterr().err


def test_new_into_appends_a_fresh_skeleton(repo: Path) -> None:
    """`new --into FILE` appends a record skeleton whose id is new."""
    path = repo / "data" / "records" / "2017-04-11-thelocal-mattarella-kremlin.toml"
    before = path.read_text(encoding="utf-8").count("[[stances]]")
    assert main(["new", "--into", str(path)]) == 0
    assert before + 1 == path.read_text(encoding="utf-8").count("[[stances]]")


def test_new_without_options_off_a_terminal(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Off a terminal, a missing option is an error naming it (nothing is asked, nothing written)."""
    assert main(["new", URL, "--publisher", "X"]) == 2
    assert "--title" in capsys.readouterr().err


def test_review_reports_a_correction_and_a_failed_validation(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """review lists a corrected field, and says when validation fails."""
    path = repo / "data" / "records" / "2017-04-11-thelocal-mattarella-kremlin.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("stance = 2", "stance = 1", 1), encoding="utf-8")
    assert main(["review", "--base", "HEAD"]) == 0
    assert "| r68vk2rfge | stance | 2 | 1 |" in capsys.readouterr().out
    path.write_text(path.read_text(encoding="utf-8").replace("stance = 1", "stance = 9", 1), encoding="utf-8")
    assert main(["review", "--base", "HEAD"]) == 1
    assert "Validation: failed" in capsys.readouterr().out


def test_fresh_id_avoids_taken_ids() -> None:
    """A fresh id is well-formed and never one already taken."""
    taken = {fresh_id(()) for _ in range(50)}
    assert all(len(i) == 10 and i.startswith("r") for i in taken)
    assert fresh_id(taken) not in taken


def test_slug() -> None:
    """Slugs are lowercase ascii words joined by hyphens."""
    assert slug("Salvini à Mosca: “via le sanzioni”!", 4) == "salvini-a-mosca-via"


def test_contributing_examples_are_real_records() -> None:
    """Every example record cited in CONTRIBUTING.md's scale table exists with the value it illustrates."""
    import re

    text = (DATA.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([+−]?\d) \|.*\(`([a-z-]+)`, `(r[0-9a-z]{9})`\) \|$", text, flags=re.MULTILINE)
    assert len(rows) == 5
    stances = italruss.load(version="unreleased").stances
    for value, topic, record_id in rows:
        row = stances.filter(pl.col("id") == record_id).select("topic", "stance").rows()
        assert row == [(topic, int(value.replace("−", "-")))]


def test_review_rows_show_summary_and_address_escaped() -> None:
    """A reviewer sees each record's summary and source address; a pipe in a reason keeps the table whole."""
    import datetime as dt

    from italruss._workshop.review import _records

    record = {
        "id": "r68vk2rfge",
        "actor": "matteo-salvini",
        "topic": "sanctions-russia",
        "stance": -2,
        "date": dt.date(2014, 10, 17),
        "summary": "Said no | to sanctions.",
        "source": "s1",
        "withdrawn": "Duplicate | of another record.",
    }
    sources = pl.DataFrame({"id": ["s1"], "url": ["https://example.org/a"]})
    lines = _records("Records withdrawn", pl.DataFrame([record]), sources, reason=True)
    row = lines[4]
    assert "https://example.org/a" in row
    assert "Said no \\| to sanctions." in row
    import re

    assert 8 == len(re.split(r"(?<!\\)\|", row)) - 2  # eight cells: the pipes inside them are escaped


def test_an_unfilled_skeleton_does_not_validate(repo: Path) -> None:
    """The skeleton's placeholders (stance 9, a date in year 9999) fail validation until replaced, no quotes."""
    from italruss._workshop.catalog import read_catalog

    text = (repo / "data" / "records" / "2022-01-28-unherd-italy-special-relationship.toml").read_text("utf-8")
    assert 'stance = ""' not in text
    assert main(["new", "--into", "data/records/2022-01-28-unherd-italy-special-relationship.toml"]) == 0
    fields = {p.field for p in read_catalog(repo / "data").problems}
    assert {"stance", "date"} <= fields
