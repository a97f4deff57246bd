"""Shared fixtures and the hypothesis settings profile."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SEEDS = (
    "2017-04-11-thelocal-mattarella-kremlin.toml",
    "2022-01-28-unherd-italy-special-relationship.toml",
)

settings.register_profile(
    "italruss",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    max_examples=60,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "italruss"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data folder holding the shipped actors, topics and the two seed record files."""
    root = tmp_path / "data"
    (root / "records").mkdir(parents=True)
    for name in ("actors.toml", "topics.toml"):
        shutil.copy(DATA / name, root / name)
    for name in SEEDS:
        shutil.copy(DATA / "records" / name, root / "records" / name)
    return root
