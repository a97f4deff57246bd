"""Validation of record files: every rule has a bad file, and each problem names file, record, field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from italruss._errors import Problem
from italruss._workshop.catalog import read_catalog

BAD = Path(__file__).parent / "bad"
RID = "rbad00000a"

# file stem -> (line, record, field, words the message contains)
CASES: dict[str, tuple[int | None, str | None, str | None, str]] = {
    "malformed": (16, RID, "evidence", "malformed TOML"),
    "wrong-type": (18, RID, "summary", "must be a string"),
    "unknown-key": (20, RID, "stanse", "did you mean 'stance'"),
    "missing-field": (9, RID, "confidence", "required field is missing"),
    "non-utf8": (18, RID, "summary", "not valid UTF-8"),
    "bom": (1, None, None, "byte-order mark"),
    "empty": (None, None, None, "file is empty"),
    "stance-out-of-range": (13, RID, "stance", "out of range"),
    "stance-as-word": (13, RID, "stance", "must be a whole number"),
    "future-date": (14, RID, "date", "in the future"),
    "date-after-source": (14, RID, "date", "after the source's publication date"),
    "date-not-real": (14, RID, "date", "Invalid date"),
    "date-as-string": (14, RID, "date", "not a string in quotes"),
    "date-precision": (14, RID, "date", "1st of the month"),
    "empty-summary": (18, RID, "summary", "must not be empty"),
    "long-summary": (18, RID, "summary", "over the maximum of 400"),
    "actor-not-slug": (11, RID, "actor", "is not a lowercase slug"),
    "unknown-actor": (11, RID, "actor", "did you mean 'matteo-salvini'"),
    "unknown-topic": (12, RID, "topic", "is not a known topic"),
    "duplicate-record-id": (10, "r68vk2rfge", "id", "already used in"),
    "duplicate-url": (3, "duplicate-url", "url", "already used in"),
    "non-http-url": (3, "non-http-url", "url", "http(s) address"),
    "bad-record-id": (10, "R-123", "id", "generated record id"),
    "source-id-mismatch": (2, "another-name", "id", "file name"),
    "no-stances": (1, "no-stances", None, "no [[stances]]"),
}


def _problems_for(data_dir: Path, stem: str) -> list[Problem]:
    path = data_dir / "records" / f"{stem}.toml"
    shutil.copy(BAD / f"{stem}.toml", path)
    return list(read_catalog(data_dir).problems)


def test_every_bad_file_has_a_case() -> None:
    """Each file in tests/bad/ is covered by a case, and each case has its file."""
    assert sorted(CASES) == sorted(p.stem for p in BAD.glob("*.toml"))


@pytest.mark.parametrize("stem", sorted(CASES))
def test_bad_file_is_reported_precisely(data_dir: Path, stem: str) -> None:
    """A bad record file gives a problem naming its file, line, record and field."""
    line, record, field, words = CASES[stem]
    problems = _problems_for(data_dir, stem)
    mine = [p for p in problems if p.file.endswith(f"{stem}.toml")]
    matching = [p for p in mine if (p.line, p.record, p.field) == (line, record, field) and words in p.message]
    assert matching, "\n".join(map(str, problems))


def test_seed_data_is_clean(data_dir: Path) -> None:
    """The seed record files, actors and topics validate without a problem."""
    assert list(read_catalog(data_dir).problems) == []


def test_every_problem_is_reported_at_once(data_dir: Path) -> None:
    """Problems in several files are all reported by one validation run."""
    for stem in ("unknown-actor", "stance-as-word", "empty"):
        shutil.copy(BAD / f"{stem}.toml", data_dir / "records" / f"{stem}.toml")
    files = {Path(p.file).stem for p in read_catalog(data_dir).problems}
    assert {"unknown-actor", "stance-as-word", "empty"} <= files


def test_file_over_one_mebibyte_is_refused(data_dir: Path) -> None:
    """A record file over 1 MiB is refused by name without being parsed."""
    path = data_dir / "records" / "huge.toml"
    path.write_text("# padding\n" * 120_000, encoding="utf-8")
    problems = list(read_catalog(data_dir).problems)
    assert ["huge.toml"] == [Path(p.file).name for p in problems]
    assert "over the limit" in problems[0].message


def test_today_sets_the_future(data_dir: Path) -> None:
    """A date is in the future relative to the day validation runs on."""
    problems = read_catalog(data_dir, today=dt.date(2020, 1, 1)).problems
    assert {p.record for p in problems if p.field == "date" or p.field == "published"} >= {"r6ek0gkxfx"}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_country_code(data_dir: Path) -> None:
    """A country that is not an ISO 3166-1 alpha-2 code is reported."""
    _edit(data_dir / "actors.toml", 'country = "RU"', 'country = "XQ"')
    problems = [p for p in read_catalog(data_dir).problems if p.field == "country"]
    assert ["vladimir-putin"] == [p.record for p in problems]


def test_duplicate_actor_id(data_dir: Path) -> None:
    """Two actors with one id are reported at the second."""
    path = data_dir / "actors.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[actors]]\nid = "eni"\nname = "Eni again"\naliases = []\n'
        'kind = "company"\ncountry = "IT"\n',
        encoding="utf-8",
    )
    problems = [p for p in read_catalog(data_dir).problems if p.field == "id"]
    assert [("eni", True)] == [(p.record, "already used" in p.message) for p in problems]


def test_unknown_topic_parent_and_cycle(data_dir: Path) -> None:
    """A topic's parent must exist, and parents must not form a cycle."""
    _edit(data_dir / "topics.toml", 'parent = "syria"', 'parent = "syrria"')
    _edit(data_dir / "topics.toml", 'id = "sanctions"\n', 'id = "sanctions"\nparent = "sanctions-russia"\n')
    problems = {(p.record, p.field) for p in read_catalog(data_dir).problems}
    assert {("syria-assad-accountability", "parent"), ("sanctions", "parent")} <= problems


def test_problem_renders_as_path_line_record_field_message() -> None:
    """A problem prints as 'path:line: record ID: field: message'."""
    problem = Problem("data/records/x.toml", 12, "r68vk2rfge", "stance", "3 is out of range")
    assert str(problem) == "data/records/x.toml:12: record r68vk2rfge: stance: 3 is out of range"


def test_actor_id_must_be_a_slug(data_dir: Path) -> None:
    """An actor whose id is not a lowercase slug is reported on that actor's `id`."""
    _edit(data_dir / "actors.toml", 'id = "eni"', 'id = "Eni S.p.A."')
    problems = [p for p in read_catalog(data_dir).problems if p.file.endswith("actors.toml") and p.field == "id"]
    assert [("Eni S.p.A.", True)] == [(p.record, "lowercase slug" in p.message) for p in problems]
