"""`italruss stats` and the facts it reports."""

from __future__ import annotations

import pytest

import italruss
from italruss._cli.main import main
from italruss._workshop.describe import counts, movers


def test_counts_cover_every_record() -> None:
    """Each facet's counts add up to the number of stance records."""
    ds = italruss.load()
    for facet, df in counts(ds).items():
        assert df["records"].sum() == ds.stances.height, facet


def test_movers_count_real_changes() -> None:
    """An actor listed as a mover has at least that many stance changes in its timeline."""
    ds = italruss.load()
    for actor, changes in movers(ds).select("actor", "changes").iter_rows():
        tl = ds.timeline(actor)
        assert changes == tl.filter(tl["change"].is_not_null() & (tl["change"] != 0)).height


def test_stats_command_prints_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    """`italruss stats` prints counts, movers and, where second codings exist, agreement by topic."""
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "by topic" in out
    assert "actors with the most stance changes" in out
