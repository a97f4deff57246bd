"""Pictures: timeline, map and diff as matplotlib figures and as PNG/SVG files from the command line."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import italruss
from italruss._cli.main import main

pytest.importorskip("matplotlib")

DS = italruss.load()


def test_timeline_draws_a_line_per_topic() -> None:
    """plot_timeline has one legend entry per topic the actor has records on, outside the axes."""
    figure = italruss.plot_timeline(DS, "Salvini")
    topics = DS.query(actor="Salvini")["topic"].n_unique()
    legend = figure.axes[0].get_legend()
    assert topics == len(legend.get_texts())
    assert legend.get_bbox_to_anchor().x0 > figure.axes[0].get_window_extent().x1 - 1  # beside the data


def test_timeline_fades_stale_stretches() -> None:
    """With max_age, a stance older than that is drawn faded and dashed, not as if current."""
    figure = italruss.plot_timeline(DS, "Mattarella", max_age="1y")
    faded = [line for line in figure.axes[0].get_lines() if line.get_alpha() == 0.3]
    assert faded
    assert {"--"} == {line.get_linestyle() for line in faded}


def test_timeline_of_several_actors_names_each() -> None:
    """Several actors give one legend entry per actor and topic, named."""
    figure = italruss.plot_timeline(DS, ["Salvini", "Conte"], "sanctions-russia")
    names = {t.get_text() for t in figure.axes[0].get_legend().get_texts()}
    assert {"Matteo Salvini — sanctions-russia", "Giuseppe Conte — sanctions-russia"} == names


@pytest.mark.parametrize("draw", ["timeline", "map", "diff", "alignment"])
def test_every_figure_names_its_release(draw: str) -> None:
    """Every figure carries 'italruss dataset <release>' so that it never travels without provenance."""
    figures = {
        "timeline": lambda: italruss.plot_timeline(DS, "Salvini"),
        "map": lambda: italruss.plot_map(DS, "2022-03-01", "sanctions"),
        "diff": lambda: italruss.plot_diff(DS, "2021-12-31", "2022-12-31"),
        "alignment": lambda: italruss.plot_alignment(DS, [dt.date(2021, 12, 31), dt.date(2022, 12, 31)]),
    }
    figure = figures[draw]()
    texts = [t.get_text() for t in figure.texts] + [t.get_text() for ax in figure.axes for t in ax.texts]
    assert any(f"italruss dataset {DS.version}" in text for text in texts)


def test_a_map_of_mixed_topics_is_turned_toward_moscow() -> None:
    """Mixing topics of opposite poles, the map shows stance × Russia pole and says so; rows go by name."""
    figure = italruss.plot_map(DS, "2022-03-01")
    assert "toward Moscow" in figure.axes[0].get_title()
    rows = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert sorted(rows) == rows


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


def test_plot_timeline_of_several_actors_or_a_party(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`plot timeline A B` draws both actors; `--party P` draws the party and everyone who led it."""
    from italruss._plots import figures

    drawn: list[list[str]] = []
    real = figures.plot_timeline
    monkeypatch.setattr(
        figures, "plot_timeline", lambda ds, actors, *a, **k: drawn.append(actors) or real(ds, actors, *a, **k)
    )
    assert main(["plot", "timeline", "Salvini", "Conte", "-o", str(tmp_path / "a.png")]) == 0
    assert (
        main(["plot", "timeline", "--party", "Lega", "--topic", "sanctions-russia", "-o", str(tmp_path / "b.png")]) == 0
    )
    assert drawn[0] == ["Salvini", "Conte"]
    assert drawn[1][0] == "lega"
    assert "matteo-salvini" in drawn[1][1:]
    assert (tmp_path / "b.png").read_bytes().startswith(b"\x89PNG")


def test_plot_timeline_needs_an_actor(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With neither an actor nor --party the command exits 2 and says what to give."""
    assert main(["plot", "timeline", "-o", str(tmp_path / "x.png")]) == 2
    assert "name an actor, or a party with --party" in capsys.readouterr().err
