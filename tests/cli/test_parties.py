"""The command line over time and parties: age and staleness, `party`, `alignment`, `plot alignment`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import italruss
from italruss._cli.main import main


def test_at_shows_age_and_marks_stale(capsys: pytest.CaptureFixture[str]) -> None:
    """`at` gives each stance's age on the date asked and marks those older than --stale-after."""
    assert main(["at", "2022-03-01", "--topic", "sanctions-russia", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert all(r["stale"] == (r["age_days"] > (dt.date(2022, 3, 1) - dt.date(2019, 3, 1)).days) for r in rows)
    assert main(["at", "2022-03-01", "--topic", "sanctions-russia", "--format", "json", "--stale-after", "none"]) == 0
    assert not any(r["stale"] for r in json.loads(capsys.readouterr().out))


def test_diff_lists_uncertain_pairs_apart(capsys: pytest.CaptureFixture[str]) -> None:
    """`diff` keeps pairs whose record is dated only to a month or year around a date out of the changes."""
    assert main(["diff", "2021-12-31", "2022-12-31", "--topic", "sanctions-russia", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"age_days_a", "age_days_b", "stale"} <= set(rows[0])


def test_party_names_its_speakers(capsys: pytest.CaptureFixture[str]) -> None:
    """`party Lega` gives a position per year that rests on Lega's own acts or Salvini's words."""
    assert main(["party", "Lega", "--topic", "sanctions-russia", "--format", "json", "--from", "2014"]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out[out.index("\n") + 1 :])
    assert {r["speaker"] for r in rows} <= {"lega", "matteo-salvini"}
    assert {r["role"] for r in rows} <= {"party", "leader"}
    assert 2014 == min(r["year"] for r in rows)


def test_party_refuses_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    """`party Salvini` is a usage error: Salvini is a person, not a party."""
    assert main(["party", "Salvini"]) == 2
    assert "not a party" in capsys.readouterr().err


def test_alignment_by_party_is_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    """`alignment --by party` gives values within [-2, 2] for the years asked."""
    assert main(["alignment", "--by", "party", "--from", "2021", "--to", "2023", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {2021, 2022, 2023} == {r["year"] for r in rows}
    assert all(-2 <= r["alignment"] <= 2 for r in rows)
    assert "lega" in {r["party"] for r in rows}


def test_plot_alignment_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`plot alignment` writes a PNG file."""
    out = tmp_path / "alignment.png"
    assert main(["plot", "alignment", "--from", "2020", "--to", "2023", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_version_names_the_package_and_the_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    """`italruss --version` prints the package version and the latest dataset release."""
    import italruss

    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out
    assert f"dataset release {italruss.versions()[-1].version}" in out


def test_release_pins_a_reading_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`--release` reads that release: 2026.11.0 holds only the seed records."""
    assert main(["query", "--release", "2026.11.0", "--format", "json"]) == 0
    assert 17 == len(json.loads(capsys.readouterr().out))


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2022", True, "2022-12-31"),
        ("2022-02", True, "2022-02-28"),
        ("2024-02", True, "2024-02-29"),
        ("2022", False, "2022-01-01"),
    ],
)
def test_a_year_or_month_stands_for_its_end_or_start(text: str, end: bool, expected: str) -> None:
    """Dates given as YYYY or YYYY-MM mean the end of the period (or its start, for --start)."""
    from italruss._cli.main import period

    assert dt.date.fromisoformat(expected) == period(text, end=end)


def test_at_takes_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    """`at 2022` is where every actor stood at the end of 2022."""
    assert main(["at", "2022", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert max(r["date"] for r in rows) <= "2022-12-31"


def test_the_journalists_question_is_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    """Italian actors against sanctions at the end of 2021 who changed by the end of 2022, named."""
    args = ["diff", "2021-12-31", "2022-12-31", "--topic", "sanctions-russia", "--country", "IT"]
    assert main([*args, "--from", "negative", "--changed-only", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert "Matteo Salvini" in {r["name"] for r in rows}
    assert all(r["stance_a"] < 0 and r["kind"] == "changed" for r in rows)


def test_diff_by_party_keeps_the_party_and_its_members(capsys: pytest.CaptureFixture[str]) -> None:
    """`diff --party Lega` keeps Lega and the people who were its members on the later date."""
    assert main(["diff", "2014", "2025", "--party", "Lega", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert {"lega", "matteo-salvini"} & {r["actor"] for r in rows}
    assert "giuseppe-conte" not in {r["actor"] for r in rows}


def test_actors_and_sources_can_be_searched(capsys: pytest.CaptureFixture[str]) -> None:
    """`actors` finds by alias and party; `sources --actor` lists an actor's pages."""
    assert main(["actors", "Northern League", "--format", "json"]) == 0
    assert "lega" in {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert main(["actors", "--party", "Lega", "--kind", "person", "--format", "json"]) == 0
    assert "matteo-salvini" in {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert main(["sources", "--actor", "Conte", "--format", "json"]) == 0
    assert all(r["url"].startswith("http") for r in json.loads(capsys.readouterr().out))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "--actor", "Lombardy"], "lombardy-regional-council"),
        (["query", "--topic", "russia-sanctions"], "sanctions-russia"),
        (["query", "--actor", "salvinni"], "matteo-salvini"),
    ],
)
def test_suggestions_find_words_in_any_order(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown name suggests the close ones: a word of a longer name, words swapped, a typo."""
    assert main(args) == 2
    assert repr(expected) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "words"),
    [("text", "Dataset release 2026.12.0"), ("bibtex", "@misc{italruss_2026_12_0"), ("cff", 'version: "2026.12.0"')],
)
def test_cite_a_pinned_release(fmt: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`cite --release V --format F` prints that release's citation in that form."""
    assert main(["cite", "--release", "2026.12.0", "--format", fmt]) == 0
    assert words in capsys.readouterr().out


def test_stats_shows_agreement_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stats` run away from the repository still reports inter-coder agreement: the codings ship."""
    monkeypatch.chdir(tmp_path)
    assert main(["stats"]) == 0
    assert "inter-coder agreement" in capsys.readouterr().out


def test_a_declared_address_reaches_every_citation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once `[project.urls]` names a Homepage, `cite()` text and BibTeX carry it; until then neither invents one."""
    from email.message import Message

    from italruss._releases import store

    declared = Message()
    declared["Project-URL"] = "Homepage, https://example.org/italruss"
    ds = italruss.load()
    assert "http" not in ds.cite()
    assert "url =" not in ds.cite("bibtex")
    monkeypatch.setattr(store, "metadata", lambda _: declared)
    assert ds.cite().endswith(" https://example.org/italruss")
    assert "url = {https://example.org/italruss}" in ds.cite("bibtex")


def test_stats_takes_release_like_every_reading_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`stats --release V` describes release V (`--version` still works)."""
    assert main(["stats", "--release", "2026.12.0"]) == 0
    assert capsys.readouterr().out.startswith("dataset 2026.12.0:")
