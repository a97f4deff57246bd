"""The SQL of the exported database's readable views and of the canned queries the web view offers.

Views live in the database, so any SQLite client sees them; canned queries take parameters (`:actor`,
`:party`, `:date`) and live in the Datasette metadata. Dates are ISO text (`YYYY-MM-DD`), so they compare
as text; `actors.aliases` is a JSON array, searched with `json_each`.
"""

from __future__ import annotations

import attrs

#: Stances with actor names, topic labels and source addresses; `rowid` ties the view to `stances_fts`.
STANCES_READABLE = """
select
  s.id,
  s.date,
  cast(substr(s.date, 1, 4) as integer) as year,
  s.date_precision,
  a.name as actor,
  t.label as topic,
  s.stance,
  s.summary,
  s.capacity,
  s.evidence,
  s.attribution,
  s.confidence,
  src.publisher,
  src.title as source_title,
  src.url as source_url,
  s.note,
  s.actor as actor_id,
  s.topic as topic_id,
  s.source as source_id,
  s.rowid as rowid
from stances s
join actors a on a.id = s.actor
join topics t on t.id = s.topic
join sources src on src.id = s.source
"""

#: Memberships and leadership terms with person and party names and the stating source's address.
MEMBERSHIPS_READABLE = """
select
  m.id,
  p.name as person,
  q.name as party,
  m.role,
  m.title,
  m.start,
  m.start_precision,
  m."end",
  m.end_precision,
  src.url as source_url,
  m.note,
  m.person as person_id,
  m.party as party_id
from memberships m
join actors p on p.id = m.person
join actors q on q.id = m.party
left join sources src on src.id = m.source
"""

#: The view name, its SQL, and the tables it needs.
VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stances_readable": (STANCES_READABLE, ("stances", "actors", "topics", "sources")),
    "memberships_readable": (MEMBERSHIPS_READABLE, ("memberships", "actors", "sources")),
}

#: An actor named by id, name or alias (any case): the condition on `actors` row `alias`.
_NAMED = """({alias}.id = :{param} or lower({alias}.name) = lower(:{param})
    or exists (select 1 from json_each({alias}.aliases) where lower(value) = lower(:{param})))"""

ACTOR_PAGE = f"""
select
  s.date,
  s.date_precision,
  a.name as actor,
  t.label as topic,
  s.stance,
  s.summary,
  s.capacity,
  s.confidence,
  src.publisher,
  src.url as source_url,
  s.id as record_id
from stances s
join actors a on a.id = s.actor
join topics t on t.id = s.topic
join sources src on src.id = s.source
where {_NAMED.format(alias="a", param="actor")}
order by s.date, s.topic, s.id
"""

PARTY_PAGE = f"""
with party as (
  select id, name from actors a where a.kind = 'party' and {_NAMED.format(alias="a", param="party")}
),
terms as (
  select m.*, p.name as person_name, party.name as party_name
  from memberships m
  join party on party.id = m.party
  join actors p on p.id = m.person
  where m.role = 'leader'
)
select
  'leader' as entry,
  t.party_name as party,
  t.start as date,
  t.person_name as who,
  coalesce(t.title, 'leader') as role,
  null as topic,
  null as stance,
  case when t."end" is null then 'leader from ' || t.start
    else 'leader from ' || t.start || ' to ' || t."end" end as summary,
  src.url as source_url,
  t.id as ref
from terms t
left join sources src on src.id = t.source
union all
select
  'record',
  party.name,
  s.date,
  a.name,
  case when s.actor = party.id then 'the party' else 'leader' end,
  tp.label,
  s.stance,
  s.summary,
  src.url,
  s.id
from stances s
join party
join actors a on a.id = s.actor
join topics tp on tp.id = s.topic
join sources src on src.id = s.source
where s.actor = party.id or exists (
  select 1 from terms t
  where t.party = party.id and t.person = s.actor and t.start <= s.date and (t."end" is null or t."end" >= s.date)
)
order by date, entry, ref
"""

IN_FORCE = """
with asked as (select date(:date) as day),
past as (
  select s.*, max(s.date) over (partition by s.actor, s.topic) as latest_date
  from stances s join asked where s.date <= asked.day
),
latest as (
  select p.*, min(p.stance) over same <> max(p.stance) over same as conflict
  from past p
  where p.date = p.latest_date
  window same as (partition by p.actor, p.topic)
)
select
  a.name as actor,
  t.label as topic,
  l.stance,
  l.date,
  l.date_precision,
  cast(julianday(asked.day) - julianday(l.date) as integer) as age_days,
  asked.day < case l.date_precision
    when 'month' then date(l.date, '+1 month')
    when 'year' then date(l.date, '+1 year')
    else date(l.date, '+1 day') end as uncertain,
  l.conflict,
  l.summary,
  src.url as source_url,
  l.id as record_id,
  l.actor as actor_id,
  l.topic as topic_id
from latest l
join asked
join actors a on a.id = l.actor
join topics t on t.id = l.topic
join sources src on src.id = l.source
order by a.name, t.label, l.id
"""

PARTY_POSITIONS = f"""
select p.*
from party_positions p
join actors a on a.id = p.party
where {_NAMED.format(alias="a", param="party")}
order by p.topic, p.year
"""


@attrs.frozen
class Query:
    """A canned query: its SQL, title, description, and the tables it needs."""

    sql: str
    title: str
    description: str
    tables: tuple[str, ...]


QUERIES: dict[str, Query] = {
    "actor": Query(
        ACTOR_PAGE,
        "An actor's records",
        "Every stance record of one actor, in date order, with its source. `actor`: an id, name or alias "
        "(any case), e.g. matteo-salvini or Salvini.",
        ("stances", "actors", "topics", "sources"),
    ),
    "party": Query(
        PARTY_PAGE,
        "A party: its leaders and what it and they said",
        "A party's leadership terms (from memberships, role leader) and, in date order, the stance records "
        "of the party itself and of whoever led it on the record's date. `party`: an id, name or alias.",
        ("stances", "actors", "topics", "sources", "memberships"),
    ),
    "in_force": Query(
        IN_FORCE,
        "Stances in force on a date",
        "For every actor and topic, the records of the latest date not after `date` (YYYY-MM-DD): the stance "
        "in force then, as Dataset.snapshot finds it. `conflict`: records of that date disagree; `uncertain`: "
        "the date falls inside a month- or year-precise record's period; `age_days`: its age on the date.",
        ("stances", "actors", "topics", "sources"),
    ),
    "party_positions_by_year": Query(
        PARTY_POSITIONS,
        "A party's positions by year",
        "A party's position on each topic at the end of each year (the table party_positions). `party`: an "
        "id, name or alias.",
        ("party_positions", "actors"),
    ),
}
