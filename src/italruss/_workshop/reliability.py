"""Inter-coder reliability: second codings of sampled records, exact agreement and Krippendorff's alpha."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from italruss._errors import Problem
from italruss._schema.fields import check_record
from italruss._schema.spec import CODINGS, SLUG
from italruss._workshop.tomlfile import display_path, read_toml

RELIABILITY_DIR = "reliability"


def ordinal_alpha(pairs: Sequence[tuple[int, int]]) -> float | None:
    """Krippendorff's alpha with the ordinal metric for two coders and no missing values.

    None when it is undefined (fewer than two units, or every value the same).
    """
    values = sorted({v for pair in pairs for v in pair})
    if len(pairs) < 2 or len(values) < 2:
        return None
    counts = Counter(v for pair in pairs for v in pair)  # n_c
    n = 2 * len(pairs)
    rank = {v: i for i, v in enumerate(values)}
    cumulative = [0]
    for v in values:
        cumulative.append(cumulative[-1] + counts[v])

    def delta(c: int, k: int) -> float:
        lo, hi = sorted((rank[c], rank[k]))
        between = cumulative[hi + 1] - cumulative[lo]
        return float(between - (counts[c] + counts[k]) / 2) ** 2

    observed = sum(2 * delta(a, b) for a, b in pairs)  # each unit adds (a, b) and (b, a)
    expected = sum(counts[c] * counts[k] * delta(c, k) for c in values for k in values)
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def read_codings(data: Path) -> tuple[pl.DataFrame, list[Problem]]:
    """Every coding under `data/reliability/`, with its coder's label and round; and the problems found.

    A file's `round` (a positive integer) defaults to 1. A coder label used by two files of one round, or
    a record coded twice by one coder in a round, is a problem (it would count the same agreement twice).
    """
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    coders: dict[tuple[str, int], Path] = {}
    for path in sorted((data / RELIABILITY_DIR).glob("*.toml")):
        file, found = read_toml(path, display_path(path))
        problems += found
        if file is None:
            continue
        document, shown = file.data, file.display
        coder = document.get("coder")
        if not isinstance(coder, str) or not _is_slug(coder):
            problems.append(Problem(shown, None, None, "coder", 'a `coder = "label"` slug is required'))
            continue
        round_ = document.get("round", 1)
        if isinstance(round_, bool) or not isinstance(round_, int) or round_ < 1:
            problems.append(Problem(shown, None, None, "round", f"must be a whole number from 1, not {round_!r}"))
            continue
        if (coder, round_) in coders:
            taken = coders[coder, round_]
            message = f"{coder!r} is already round {round_}'s coder of {taken}"
            problems.append(Problem(shown, None, None, "coder", message))
            continue
        coders[coder, round_] = path
        items = document.get("codings", [])
        if not isinstance(items, list):
            problems.append(Problem(shown, None, None, "codings", "must be a [[codings]] list"))
            continue
        seen: set[str] = set()
        for index, item in enumerate(items):
            issues = check_record(CODINGS, item)
            label = item.get("record") if isinstance(item, dict) else None
            line = file.line_of("codings", index, None)
            problems += [Problem(shown, line, str(label), f, m) for f, m in issues]
            if not issues and item["record"] in seen:
                problems.append(Problem(shown, line, str(label), "record", "is coded twice in this file"))
            elif not issues:
                seen.add(item["record"])
                rows.append({"coder": coder, "round": round_, "record": item["record"], "stance": item["stance"]})
    schema = {"coder": pl.String, "round": pl.Int16, "record": pl.String, "stance": pl.Int8}
    return pl.DataFrame(rows, schema=schema, orient="row"), problems


def _is_slug(value: str) -> bool:
    return re.fullmatch(SLUG, value) is not None


def pairs_of(stances: pl.DataFrame, codings: pl.DataFrame) -> pl.DataFrame:
    """One row per record coded twice: round, topic, stance_a, stance_b.

    Within a round, the coder whose label sorts first is the first coding and each other coder's codings
    are paired with it; a round of one coder has no pairs yet. A record coded again
    in a later round counts once, with its latest round (a later round re-codes under a settled rule).
    """
    rounds = []
    for (round_,), group in codings.group_by("round", maintain_order=True):
        coders = sorted(set(group["coder"]))
        if len(coders) < 2:
            continue  # a first coding waiting for its second coder, or a second coder waiting for the first
        first = group.filter(pl.col("coder") == coders[0]).select("record", pl.col("stance").alias("stance_a"))
        second = group.filter(pl.col("coder") != coders[0]).unique("record", keep="first", maintain_order=True)
        paired = first.join(second.select("record", pl.col("stance").alias("stance_b")), on="record")
        rounds.append(paired.with_columns(pl.lit(round_, pl.Int16).alias("round")))
    schema = {"record": pl.String, "stance_a": pl.Int8, "stance_b": pl.Int8, "round": pl.Int16}
    joined = pl.concat(rounds) if rounds else pl.DataFrame(schema=schema)
    latest = joined.sort("round").unique("record", keep="last", maintain_order=True)
    topics = stances.select(pl.col("id").alias("record"), "topic")
    return latest.join(topics, on="record").select("record", "round", "topic", "stance_a", "stance_b")


def agreement(stances: pl.DataFrame, codings: pl.DataFrame) -> pl.DataFrame:
    """Per topic (and overall): units coded twice, exact agreement and ordinal Krippendorff's alpha."""
    joined = pairs_of(stances, codings)
    out = []
    groups = [(t, joined.filter(pl.col("topic") == t)) for t in sorted(set(joined["topic"]))]
    for topic, df in [*groups, ("all topics", joined)]:
        pairs = list(zip(df["stance_a"].to_list(), df["stance_b"].to_list(), strict=True))
        exact = sum(a == b for a, b in pairs) / len(pairs) if pairs else None
        out.append({"topic": topic, "units": len(pairs), "exact_agreement": exact, "alpha": ordinal_alpha(pairs)})
    schema = {"topic": pl.String, "units": pl.Int64, "exact_agreement": pl.Float64, "alpha": pl.Float64}
    return pl.DataFrame(out, schema=schema, orient="row")


def unknown_records(stances: pl.DataFrame, codings: pl.DataFrame) -> list[str]:
    """Coded record ids that are not stance records."""
    return sorted(set(codings["record"]) - set(stances["id"]))


def summary_line(table: pl.DataFrame) -> str:
    """One sentence of the agreement figures, for a release's CHANGELOG section."""
    rows = {r["topic"]: r for r in table.iter_rows(named=True)}
    overall = rows.pop("all topics")

    def figures(r: dict[str, Any]) -> str:
        alpha = "n/a" if r["alpha"] is None else f"{r['alpha']:.2f}"
        return f"{r['exact_agreement']:.0%} exact, alpha {alpha}"

    per_topic = "; ".join(f"{t} {r['units']}: {figures(r)}" for t, r in rows.items())
    return (
        f"Inter-coder reliability on {overall['units']} records coded twice, independently: {figures(overall)} "
        f"(ordinal Krippendorff's alpha). By topic — {per_topic}."
    )
