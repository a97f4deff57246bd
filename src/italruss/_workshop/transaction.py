"""All-or-nothing writes to the data folder: a lock, staged files, and a journal a next run completes.

Every writing command (build, release, new) holds an exclusive lock on the data folder for its whole
read-modify-write, so that no two of them interleave. Files are first written beside their targets as
temporaries (flushed to disk); then a journal listing every (temporary, target) pair is written, and only
then are the temporaries renamed into place. Killed before the journal exists, a run leaves the old files
untouched (its temporaries are cleared by the next run); killed after, the next writing command finds the
journal and completes the renames first. Either way the folder never holds a mixed old/new set.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from italruss._errors import ItalrussError

LOCK_FILE = ".italruss.lock"
JOURNAL_FILE = ".italruss-journal.json"
_TEMP_PREFIX = ".italruss-staged-"

#: Built and written files are readable by everyone, like the files git checks out.
FILE_MODE = 0o644

Writer = Callable[[Path], None]


def text_writer(text: str) -> Writer:
    """A writer of `text` (UTF-8) for `commit`."""

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


class DataFolderBusyError(ItalrussError):
    """Another italruss command is writing the same data folder."""


@contextlib.contextmanager
def locked(data: Path) -> Iterator[None]:
    """Hold the data folder's write lock (failing at once if another command holds it), finishing any
    interrupted commit first."""
    import fcntl

    try:
        data.mkdir(parents=True, exist_ok=True)
        handle = (data / LOCK_FILE).open("a")
    except OSError as exc:
        raise ItalrussError(f"{data}: cannot lock the data folder for writing: {exc.strerror or exc}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise DataFolderBusyError(
                    f"{data}: another italruss command is writing this folder; try again"
                ) from exc
            raise ItalrussError(f"{data}: cannot lock the data folder: {exc.strerror or exc}") from exc
        try:
            recover(data)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(data: Path) -> list[Path]:
    """Complete a commit a killed command left half-done, and clear stray temporaries; the files finished."""
    journal = data / JOURNAL_FILE
    finished: list[Path] = []
    if journal.is_file():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ItalrussError(f"{journal}: cannot be read ({exc}); restore the data folder from git") from exc
        for temporary, target in pairs:
            if Path(temporary).exists():
                os.replace(temporary, target)
                finished.append(Path(target))
        journal.unlink()
    for stray in data.glob(f"{_TEMP_PREFIX}*"):
        stray.unlink(missing_ok=True)
    return finished


def commit(
    data: Path, writers: dict[Path, Writer], then: Callable[[dict[Path, Path]], dict[Path, Writer]] | None = None
) -> list[Path]:
    """Write every target with its writer, all of them or none (call it holding `locked(data)`).

    `then`, given the staged temporaries by target, returns more writers staged after them (a manifest of
    the new files, say).
    """
    staged: dict[Path, Path] = {}
    journal = data / JOURNAL_FILE
    try:
        for target, write in writers.items():
            staged[target] = _stage(target, write)
        for target, write in (then(dict(staged)) if then else {}).items():
            staged[target] = _stage(target, write)
        _write_journal(journal, staged)
    except BaseException:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        raise
    for target, temporary in staged.items():  # from here on, a next run completes what a kill interrupts
        os.replace(temporary, target)
    journal.unlink()
    return list(staged)


def _stage(target: Path, write: Writer) -> Path:
    """`target`'s new content in a temporary file beside it (same filesystem), flushed to disk."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f"{_TEMP_PREFIX}{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise ItalrussError(f"{target}: cannot write beside it: {exc.strerror or exc}") from exc
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, FILE_MODE)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ItalrussError(f"{target}: cannot be written: {exc.strerror or exc}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _write_journal(journal: Path, staged: dict[Path, Path]) -> None:
    pairs = [[str(temporary), str(target)] for target, temporary in staged.items()]
    fd, name = tempfile.mkstemp(dir=journal.parent, prefix=f"{_TEMP_PREFIX}journal.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"renames": pairs}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, journal)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise ItalrussError(f"{journal}: cannot be written: {exc.strerror or exc}") from exc
