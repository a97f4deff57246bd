"""The one source of truth for italruss's schema: every field of every table, stated once.

The record-file validation, the polars dtypes of the built tables, the pandera models and the JSON
Schemas in ``schemas/`` are all derived from the definitions here.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

#: Semantic version of the table schema. MINOR goes up when a column or a table is added; MAJOR when a
#: column is removed, renamed or retyped. Histories keep every column any release shipped.
SCHEMA_VERSION = "3.0.0"

#: Our own keys in each parquet file's key-value metadata.
META_SCHEMA = "italruss:schema_version"
META_TABLE = "italruss:table"
META_DATASET = "italruss:dataset_version"

#: `enum`: fixed choices whose order means something (a polars Enum, ordered in pandas); `category`: fixed
#: choices with no order (evidence, an actor's kind: a polars Categorical, unordered in pandas).
Kind = Literal["str", "enum", "category", "int", "count", "date", "list[str]"]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Generated ids: a letter for the table, then nine characters of an alphabet without i, l, o, u.
_ID_LETTERS = "abcdefghjkmnpqrstvwxyz"
ID_ALPHABET = "0123456789" + _ID_LETTERS
RECORD_ID = f"^r[0-9{_ID_LETTERS}]{{9}}$"
SLUG_FORM = "a lowercase slug such as 'matteo-salvini' (a-z, 0-9, single hyphens)"
QID = r"^Q[1-9][0-9]*$"
URL = r"^https?://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$"  # no user name or password before the host
#: Characters no text field may hold: control characters (ANSI escapes, NUL...), zero-width characters
#: and bidirectional overrides, which can hide or reorder what a reader sees. The same class is written
#: for Python's `re` and for polars (Rust regex).
UNSAFE_TEXT = "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
UNSAFE_TEXT_RUST = r"[\x00-\x1F\x7F-\x9F\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{FEFF}]"
LANGUAGE = r"^[a-z]{2}$"
CALVER = r"^[0-9]{4}\.(?:0?[1-9]|1[0-2])\.[0-9]+$"
COUNTRY = r"^[A-Z]{2}$"

STANCE_VALUES = (-2, -1, 0, 1, 2)
DATE_PRECISIONS = ("day", "month", "year")
EVIDENCE = ("statement", "interview", "speech", "vote", "action", "document")
ATTRIBUTIONS = ("direct", "reported")
CONFIDENCES = ("high", "medium", "low")
ACTOR_KINDS = ("person", "party", "government", "organisation", "company", "country")
ROLES = ("member", "leader")
LINEAGE_KINDS = ("rename", "merger", "split")
MEMBERSHIP_ID = f"^m[0-9{_ID_LETTERS}]{{9}}$"
LINEAGE_ID = f"^l[0-9{_ID_LETTERS}]{{9}}$"
NUMERIC_IDS = r"^[1-9][0-9]*(?:;[1-9][0-9]*)*$"
NUMERIC_IDS_FORM = "a number, or numbers separated by ';' such as '838;850'"


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a record file and the column it becomes in a built table."""

    name: str
    kind: Kind
    description: str
    required: bool = True
    choices: tuple[str, ...] | tuple[int, ...] | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    in_file: bool = True  # False: a column the build adds, not typed by contributors
    form: str | None = None  # how `pattern` reads in words, for error messages
    formerly: tuple[str, ...] = ()  # earlier names of the column (a rename needs a MAJOR schema version)


@dataclasses.dataclass(frozen=True)
class Table:
    """A built table: its file name, its fields in column order, and the column rows sort on."""

    name: str
    fields: tuple[Field, ...]
    sort_by: tuple[str, ...]
    key: tuple[str, ...] = ("id",)
    file_only: tuple[Field, ...] = ()  # fields a record file may hold that are not columns of this table

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def file_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.in_file) + self.file_only


def _slug(name: str, description: str, *, required: bool = True, in_file: bool = True) -> Field:
    """A field holding a slug id (an actor, topic or source)."""
    return Field(name, "str", description, required, pattern=SLUG, form=SLUG_FORM, in_file=in_file)


WITHDRAWN = Field(
    "withdrawn",
    "str",
    "Why a released record was withdrawn. A withdrawn record leaves later releases but stays in the history; "
    "a released record is never deleted from its file.",
    required=False,
    min_length=10,
    max_length=1000,
)

#: Retiring a released actor, topic or source: it leaves later releases and stays in the history.
RETIRED = dataclasses.replace(
    WITHDRAWN,
    description="Why a released actor, topic or source was retired. It leaves later releases but stays in the "
    "history; no live record may still use it.",
)

STANCES = Table(
    name="stances",
    sort_by=("actor", "topic", "date", "id"),
    file_only=(WITHDRAWN,),
    fields=(
        Field(
            "id",
            "str",
            "Stable record id, generated once and never reused or changed.",
            pattern=RECORD_ID,
            form="a generated record id such as 'r68vk2rfge'",
        ),
        _slug("actor", "Id of the actor who took the stance (see actors)."),
        _slug("topic", "Id of the topic whose proposition the stance is read against."),
        Field(
            "stance",
            "int",
            "Position against the topic's proposition: +2 explicit and unconditional agreement or an act "
            "advancing it; +1 agreement with conditions; 0 explicitly balanced; -1 qualified opposition; "
            "-2 explicit, unconditional opposition or an act against it.",
            choices=STANCE_VALUES,
        ),
        Field(
            "date",
            "date",
            "When the actor said or did it (not the article's date). Month precision: the 1st of the "
            "month; year precision: 1 January.",
        ),
        Field("date_precision", "enum", "How precise `date` is.", choices=DATE_PRECISIONS),
        Field("evidence", "category", "What kind of occasion the stance rests on.", choices=EVIDENCE),
        Field(
            "attribution",
            "enum",
            "direct: the actor's own words or act; reported: a third party's account of the position.",
            choices=ATTRIBUTIONS,
        ),
        Field(
            "capacity",
            "str",
            "The role the actor spoke or acted in, e.g. 'foreign minister'.",
            required=False,
            min_length=2,
            max_length=120,
        ),
        Field(
            "summary",
            "str",
            "What was said or done, by whom, where: one or two sentences in our own words.",
            min_length=20,
            max_length=400,
        ),
        Field(
            "confidence",
            "enum",
            "high: direct and unambiguous; medium: reported or lightly interpreted; low: inferred.",
            choices=CONFIDENCES,
        ),
        Field(
            "note",
            "str",
            "A maintainer's note on the coding of this record (e.g. how a disagreement was settled).",
            required=False,
            min_length=2,
            max_length=1000,
        ),
        _slug("source", "Id of the source document the record rests on.", in_file=False),
    ),
)

SOURCES = Table(
    name="sources",
    sort_by=("id",),
    file_only=(RETIRED,),
    fields=(
        Field(
            "id",
            "str",
            "Stable source id; the record file is named after it.",
            pattern=SLUG,
            form=SLUG_FORM,
            max_length=120,
        ),
        Field(
            "url",
            "str",
            "The exact http(s) address the source was read at. Left out only for a source whose address "
            "could not be confirmed.",
            required=False,
            pattern=URL,
            form="an http(s) address",
            max_length=2000,
        ),
        Field("publisher", "str", "Who published the source.", min_length=1, max_length=200),
        Field("title", "str", "The source's title as published.", min_length=1, max_length=500),
        Field(
            "published",
            "date",
            "The source's publication date. Required of a record file's source; a page that shows none (an "
            "encyclopaedia article cited for a membership) leaves it out and says so in `note`.",
            required=False,
        ),
        Field(
            "language",
            "str",
            "ISO 639-1 code of the source's language.",
            pattern=LANGUAGE,
            form="a two-letter ISO 639-1 code such as 'it'",
        ),
        Field("note", "str", "A note about the source itself.", required=False, min_length=2, max_length=1000),
    ),
)

ACTORS = Table(
    name="actors",
    sort_by=("id",),
    file_only=(RETIRED,),
    fields=(
        Field("id", "str", "Stable actor id: a lowercase ascii slug.", pattern=SLUG, form=SLUG_FORM, max_length=80),
        Field("name", "str", "The actor's usual name.", min_length=1, max_length=200),
        Field(
            "aliases",
            "list[str]",
            "Other names and spellings, including the Italian and English forms.",
            min_length=1,
            max_length=200,
        ),
        Field("kind", "category", "What sort of actor this is.", choices=ACTOR_KINDS),
        Field(
            "country",
            "str",
            "ISO 3166-1 alpha-2 code ('EU' for institutions of the European Union).",
            required=False,
            pattern=COUNTRY,
            form="a two-letter upper-case code such as 'IT'",
        ),
        _slug(
            "party",
            "For a person: the party of their latest membership in `memberships`, derived by the build "
            "(`Dataset.party_of(person, date)` gives the party on a date).",
            required=False,
            in_file=False,
        ),
        Field(
            "wikidata",
            "str",
            "Wikidata item id (QID), only from a page that shows it.",
            required=False,
            pattern=QID,
            form="a Wikidata id such as 'Q42'",
        ),
        Field(
            "partyfacts",
            "str",
            "For a party: its Party Facts core party id (partyfacts.herokuapp.com), from the Party Facts data.",
            required=False,
            pattern=r"^[1-9][0-9]*$",
            form="a number such as '2046'",
            max_length=12,
        ),
        Field(
            "parlgov",
            "str",
            "For a party: its ParlGov party id(s), ';'-separated where Party Facts links several.",
            required=False,
            pattern=NUMERIC_IDS,
            form=NUMERIC_IDS_FORM,
            max_length=60,
        ),
        Field(
            "ches",
            "str",
            "For a party: its Chapel Hill Expert Survey party id(s), ';'-separated (they change between waves).",
            required=False,
            pattern=NUMERIC_IDS,
            form=NUMERIC_IDS_FORM,
            max_length=60,
        ),
    ),
)

TOPICS = Table(
    name="topics",
    sort_by=("id",),
    file_only=(RETIRED,),
    fields=(
        Field("id", "str", "Stable topic id: a lowercase ascii slug.", pattern=SLUG, form=SLUG_FORM, max_length=80),
        _slug("parent", "Id of the broader topic this one belongs to.", required=False),
        Field("label", "str", "A short human-readable name.", min_length=1, max_length=200),
        Field(
            "proposition",
            "str",
            "The statement a +2 stance fully agrees with.",
            min_length=10,
            max_length=1000,
        ),
        Field(
            "russia_pole",
            "int",
            "Which end of the stance scale favours Moscow's position: +1 the positive end, -1 the negative.",
            choices=(-1, 1),
        ),
    ),
)


def _date_pair(name: str, what: str, required: bool = True) -> tuple[Field, Field]:
    return (
        Field(name, "date", f"{what} Month precision: the 1st of the month; year precision: 1 January.", required),
        Field(f"{name}_precision", "enum", f"How precise `{name}` is.", required=required, choices=DATE_PRECISIONS),
    )


MEMBERSHIPS = Table(
    name="memberships",
    sort_by=("person", "start", "party", "role", "id"),
    fields=(
        Field(
            "id",
            "str",
            "Stable membership id, generated once and never changed.",
            pattern=MEMBERSHIP_ID,
            form="a generated id such as 'm68vk2rfge'",
        ),
        _slug("person", "Id of the person (an actor of kind person)."),
        _slug("party", "Id of the party (an actor of kind party)."),
        Field(
            "role",
            "category",
            "member: belongs to the party; leader: the party's leader, secretary, president or political head.",
            choices=ROLES,
        ),
        Field(
            "title",
            "str",
            "For a leader: what the party calls the office (secretary, president, political head...).",
            required=False,
            min_length=2,
            max_length=120,
        ),
        *_date_pair("start", "When the membership or the term began."),
        *_date_pair("end", "When it ended; empty while it lasts.", required=False),
        _slug("source", "Id of the source that states the membership or term."),
        _slug("end_source", "Id of the source that states its end, when another source than `source`.", required=False),
        Field(
            "note",
            "str",
            "A maintainer's note (an acting leader, what is uncertain).",
            False,
            min_length=2,
            max_length=1000,
        ),
    ),
)

LINEAGE = Table(
    name="lineage",
    sort_by=("party", "date", "id"),
    fields=(
        Field(
            "id",
            "str",
            "Stable lineage id, generated once and never changed.",
            pattern=LINEAGE_ID,
            form="a generated id such as 'l68vk2rfge'",
        ),
        _slug("party", "Id of the party the event made or renamed."),
        Field(
            "kind",
            "category",
            "rename: the same party under a new name (one id); merger or split: `party` came from `predecessor`.",
            choices=LINEAGE_KINDS,
        ),
        _slug("predecessor", "For a merger or split: id of the party it came from.", required=False),
        Field("former_name", "str", "For a rename: the name before.", required=False, min_length=1, max_length=200),
        *_date_pair("date", "When the rename, merger or split took effect."),
        _slug("source", "Id of the source that states the event."),
        Field("note", "str", "A maintainer's note.", required=False, min_length=2, max_length=1000),
    ),
)

TABLES: tuple[Table, ...] = (STANCES, SOURCES, ACTORS, TOPICS, MEMBERSHIPS, LINEAGE)

#: A second coder's independent coding of a sampled stance record (data/reliability/<coder>.toml).
CODINGS = Table(
    name="codings",
    sort_by=("record",),
    key=("record",),
    fields=(
        Field("record", "str", "Id of the stance record coded again.", pattern=RECORD_ID, form="a record id"),
        Field("stance", "int", "The second coder's stance, on the same scale.", choices=STANCE_VALUES),
        Field("confidence", "enum", "The second coder's confidence.", required=False, choices=CONFIDENCES),
        Field("comment", "str", "The second coder's remark.", required=False, min_length=2, max_length=1000),
    ),
)

REVISION_FIELDS = (
    Field("revision", "count", "Revision number of the row's id, from 1.", in_file=False),
    Field(
        "added_in",
        "str",
        "The dataset release that first shipped this revision (null: not yet released).",
        required=False,
        pattern=CALVER,
        form="a release version such as '2026.11.0'",
        in_file=False,
    ),
    Field(
        "retracted_in",
        "str",
        "The release from which this revision was replaced by a later one or withdrawn (null: still current).",
        required=False,
        pattern=CALVER,
        form="a release version such as '2026.11.0'",
        in_file=False,
    ),
)


def history_of(table: Table) -> Table:
    """The revision history of a table: every revision of every row, with the releases it was in."""
    extra = tuple(dataclasses.replace(f, in_file=False) for f in table.file_only)
    return Table(
        name=f"{table.name}-history",
        fields=(*table.fields, *extra, *REVISION_FIELDS),
        sort_by=(*table.sort_by, "revision"),  # so that a release's rows come out in the build's order
        key=("id", "revision"),
    )


HISTORIES: tuple[Table, ...] = tuple(history_of(t) for t in TABLES)
ALL_TABLES: tuple[Table, ...] = TABLES + HISTORIES
