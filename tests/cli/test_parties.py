"""The command line over time and parties: age and staleness, `party`, `alignment`, `plot alignment`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

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
