"""Contributions merge: built files are marked for the rebuild driver, the pre-commit hooks need no venv."""

from __future__ import annotations

import fnmatch
import subprocess
from pathlib import Path

from italruss._releases.manifest import MANIFEST_FILE, expected_files

from ..conftest import REPO


def test_every_built_file_is_marked_for_the_rebuild_merge() -> None:
    """Each file the build writes matches a .gitattributes line with the italruss-rebuild merge driver."""
    lines = (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
    patterns = [line.split()[0] for line in lines if "merge=italruss-rebuild" in line and not line.startswith("#")]
    built = [f"data/{name}" for name in [*expected_files(), MANIFEST_FILE] if name != "releases.json"]
    assert [] == [name for name in built if not any(fnmatch.fnmatch(name, p) for p in patterns)]


def test_two_record_pull_requests_merge_without_conflict(tmp_path: Path) -> None:
    """Two branches that each change a built file merge cleanly once the driver is configured."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=tmp_path, capture_output=True, text=True, check=False)

    git("init", "-q", "-b", "main")
    for key, value in (("user.name", "t"), ("user.email", "t@example.org"), ("merge.italruss-rebuild.driver", "true")):
        git("config", key, value)
    (tmp_path / ".gitattributes").write_text((REPO / ".gitattributes").read_text(encoding="utf-8"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "stances.parquet").write_bytes(b"\x00base")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "one")
    (tmp_path / "data" / "stances.parquet").write_bytes(b"\x00one")
    git("commit", "-qam", "one")
    git("checkout", "-q", "main")
    (tmp_path / "data" / "stances.parquet").write_bytes(b"\x00two")
    git("commit", "-qam", "two")
    merged = git("merge", "-q", "one", "-m", "merge")
    assert 0 == merged.returncode, merged.stdout + merged.stderr


def test_pre_commit_hooks_run_the_projects_own_italruss() -> None:
    """The hooks call .venv/bin/italruss when it exists, so no activated environment is needed."""
    config = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert config.count(".venv/bin/italruss") >= 2
