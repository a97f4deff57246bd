"""`italruss release` rewrites the codebook, says how to commit and tag the release, and the commands work."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

import italruss
from italruss._cli.main import main
from italruss._workshop.build import build
from italruss._workshop.describe import render

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_release_prints_commands_that_commit_and_tag_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printed commands, run as shown in the repository, leave a `data-V` tag on the release commit."""
    repo = data_dir.parent
    build(data_dir)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "records")
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "codebook.md").write_text("an old codebook\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["release", "2026.01.0", "--data", "data"]) == 0
    out = capsys.readouterr().out
    commands = [line.strip() for line in out.splitlines() if line.startswith("  git ")]
    assert [c.split()[1] for c in commands] == ["add", "commit", "tag"]
    for command in commands:
        _git(repo, *shlex.split(command)[1:])
    assert _git(repo, "tag", "--list").split() == ["data-2026.01.0"]
    codebook = (repo / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert codebook == render(italruss.load(data_dir))  # rewritten with the release, the same as from the files
    assert _git(repo, "status", "--porcelain") == ""
    assert "Dataset release 2026.01.0" in _git(repo, "log", "-1", "--format=%s", "data-2026.01.0")
