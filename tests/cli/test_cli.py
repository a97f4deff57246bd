"""The command line: exit codes, formats, and problems printed without a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from italruss._cli.main import main

BAD = Path(__file__).parents[1] / "workshop" / "bad"


def test_no_arguments_summarises(capsys: pytest.CaptureFixture[str]) -> None:
    """`italruss` alone prints the dataset's size and a hint."""
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "stance records" in out
    assert "Try:" in out


def test_query_json_is_parseable(capsys: pytest.CaptureFixture[str]) -> None:
    """`query --format json` prints the matching rows as JSON."""
    assert main(["query", "--actor", "Salvini", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["actor"] for r in rows} == {"matteo-salvini"}


def test_query_csv_has_header(capsys: pytest.CaptureFixture[str]) -> None:
    """`query --format csv` starts with the column names."""
    assert main(["query", "--topic", "terrorism-cooperation", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,actor,name,topic,stance,date")


def test_query_unknown_actor_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown actor is a usage error with a suggestion, not a traceback."""
    assert main(["query", "--actor", "salvinni"]) == 2
    err = capsys.readouterr().err
    assert "matteo-salvini" in err
    assert "Traceback" not in err


def test_validate_clean(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` exits 0 and says so on clean data."""
    assert main(["validate", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_validate_reports_every_problem(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` exits 1 and prints one 'path:line: record: field: message' line per problem."""
    for stem in ("stance-as-word", "unknown-key"):
        shutil.copy(BAD / f"{stem}.toml", data_dir / "records")
    assert main(["validate", "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(
        line.endswith(
            "stance-as-word.toml:13: record rbad00000a: stance: must be a whole number (-2, -1, 0, 1, 2), not a string"
        )
        for line in err
    )
    assert err[-1].endswith("problems found")


def test_validate_named_files_only(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate FILE` reports the problems of that file only."""
    shutil.copy(BAD / "unknown-key.toml", data_dir / "records")
    target = BAD / "stance-as-word.toml"
    assert main(["validate", "--data", str(data_dir), str(target)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0].endswith("stance-as-word.toml") for line in lines[:-1]] == [True] * (len(lines) - 1)


def test_build_and_check(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`build` writes the tables; `build --check` passes then, and fails after an edit."""
    assert main(["build", "--data", str(data_dir)]) == 0
    assert main(["build", "--check", "--data", str(data_dir)]) == 0
    record = data_dir / "records" / "2017-04-11-thelocal-mattarella-kremlin.toml"
    record.write_text(record.read_text(encoding="utf-8").replace('"high"', '"medium"', 1), encoding="utf-8")
    assert main(["build", "--check", "--data", str(data_dir)]) == 1
    assert "stances.parquet" in capsys.readouterr().err


def test_schemas_check_passes_on_checked_in_files() -> None:
    """`schemas --check` passes on the checked-in schemas."""
    assert main(["schemas", "--check", "--out", str(Path(__file__).parents[2] / "schemas")]) == 0


def test_malformed_file_without_traceback(data_dir: Path) -> None:
    """Run as a program on a malformed file, the command prints problems and no traceback."""
    shutil.copy(BAD / "malformed.toml", data_dir / "records")
    done = subprocess.run(
        [sys.executable, "-m", "italruss", "validate", "--data", str(data_dir)], capture_output=True, text=True
    )
    assert (done.returncode, "Traceback" in done.stderr, "malformed TOML" in done.stderr) == (1, False, True)


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """Each command's help ends with an example."""
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    assert "example: italruss query" in capsys.readouterr().out


def test_at_prints_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    """`at DATE --format csv` prints one row per (actor, topic) in force."""
    assert main(["at", "2022-03-01", "--topic", "russia-economic-ties", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("actor,name,topic,stance,date")
    assert any(line.startswith("pirelli,Pirelli,russia-economic-ties,1,2022-01-26") for line in out)


def test_timeline_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`timeline ACTOR --format json` lists the actor's records with their changes."""
    assert main(["timeline", "Salvini", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {"previous", "change"} <= set(rows[0])


def test_diff_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """`diff A B --format markdown` prints a Markdown table of changes."""
    assert main(["diff", "2021-12-31", "2022-02-01", "--format", "markdown"]) == 0
    assert "| pirelli | russia-economic-ties | – | +1 | new |" in capsys.readouterr().out


def test_bad_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A date that is not a real date is a usage error naming it."""
    assert main(["at", "2022-13-01"]) == 2
    assert "2022-13-01" in capsys.readouterr().err


def test_no_colour_off_a_terminal(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Problems carry no colour codes when the output is not a terminal."""
    shutil.copy(BAD / "unknown-key.toml", data_dir / "records")
    assert main(["validate", "--data", str(data_dir)]) == 1
    assert "\x1b[" not in capsys.readouterr().err


def test_colour_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, text is coloured unless NO_COLOR is set."""
    from italruss._cli.output import colour

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour("x", "31", Terminal()) == "\x1b[31mx\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour("x", "31", Terminal()) == "x"


def test_codebook_is_in_step_with_the_data() -> None:
    """docs/codebook.md is what `italruss codebook` renders from the shipped data."""
    assert main(["codebook", "--check", "--out", str(Path(__file__).parents[2] / "docs" / "codebook.md")]) == 0


def test_citation_names_the_latest_release() -> None:
    """CITATION.cff cites the latest dataset release."""
    import italruss

    text = (Path(__file__).parents[2] / "CITATION.cff").read_text(encoding="utf-8")
    latest = italruss.versions()[-1]
    assert f'version: "{latest.version}"' in text
    assert f'date-released: "{latest.date}"' in text


def test_every_command_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    """`italruss --help` lists every command, and each command's help ends with an example."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    commands = [
        "load",
        "query",
        "at",
        "timeline",
        "diff",
        "versions",
        "changes",
        "stats",
        "validate",
        "build",
        "review",
        "new",
        "release",
        "verify",
        "plot",
        "codebook",
        "export",
        "serve",
    ]
    assert [c for c in commands if f"    {c}" not in out] == []
    for command in commands:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example: italruss" in capsys.readouterr().out


def test_zenodo_metadata_agrees_with_the_citation() -> None:
    """`.zenodo.json` (read when a tagged release is archived for a DOI) says what CITATION.cff says."""
    yaml = pytest.importorskip("yaml")
    root = Path(__file__).parents[2]
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((root / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["title"] == cff["title"]
    assert zenodo["description"] == cff["abstract"].strip()
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"] == cff["license"].lower()
    assert zenodo["keywords"] == cff["keywords"]
