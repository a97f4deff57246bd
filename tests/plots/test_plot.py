"""Pictures: timeline, map and diff as matplotlib figures and as PNG/SVG files from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import italruss
from italruss._cli.main import main

pytest.importorskip("matplotlib")

DS = italruss.load()


def test_timeline_draws_a_line_per_topic() -> None:
    """plot_timeline draws one step line and one set of points per topic the actor has records on."""
    figure = italruss.plot_timeline(DS, "Salvini")
    topics = DS.query(actor="Salvini")["topic"].n_unique()
    assert 2 * topics == len(figure.axes[0].get_lines()) - 1  # and the zero line


def test_timeline_with_max_age_leaves_gaps() -> None:
    """With max_age, a lapsed stretch is a gap (NaN) in the step line."""
    figure = italruss.plot_timeline(DS, "Mattarella", max_age="1y")
    ys = [y for line in figure.axes[0].get_lines() for y in line.get_ydata()]
    assert any(y != y for y in ys)


def test_map_has_a_row_per_actor() -> None:
    """plot_map labels one row per actor with a stance in force."""
    figure = italruss.plot_map(DS, "2022-03-01", "sanctions")
    expected = DS.snapshot("2022-03-01", topic="sanctions")["actor"].n_unique()
    assert expected == len(figure.axes[0].get_yticklabels())


def test_diff_has_a_row_per_change() -> None:
    """plot_diff labels one row per stance change."""
    figure = italruss.plot_diff(DS, "2021-12-31", "2022-12-31", topic="sanctions-russia")
    expected = len(DS.diff("2021-12-31", "2022-12-31", topic="sanctions-russia"))
    assert expected == len(figure.axes[0].get_yticklabels())


@pytest.mark.parametrize(
    "args",
    [["timeline", "Salvini"], ["map", "2022-03-01", "--topic", "sanctions"], ["diff", "2021-12-31", "2022-12-31"]],
)
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_command_writes_the_file(tmp_path: Path, args: list[str], suffix: str) -> None:
    """`italruss plot ... -o FILE` writes a PNG or SVG picture."""
    out = tmp_path / f"picture{suffix}"
    assert main(["plot", *args, "-o", str(out)]) == 0
    head = out.read_bytes()[:100]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in out.read_bytes()[:2000] or b"<?xml" in head


def test_plot_without_matplotlib_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without matplotlib the command exits 2 naming the extra to install, with no traceback."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert main(["plot", "timeline", "Salvini", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "italruss[plot]" in err
    assert "Traceback" not in err
