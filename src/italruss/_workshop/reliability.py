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
    """Every second coding under `data/reliability/`, with the coder's label; and the problems found.

    A coder label used by two files, or a record coded twice by one coder, is a problem (it would count
    the same agreement twice).
    """
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    coders: dict[str, Path] = {}
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
        if coder in coders:
            problems.append(Problem(shown, None, None, "coder", f"{coder!r} is already the coder of {coders[coder]}"))
            continue
        coders[coder] = path
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
                rows.append({"coder": coder, "record": item["record"], "stance": item["stance"]})
    schema = {"coder": pl.String, "record": pl.String, "stance": pl.Int8}
    return pl.DataFrame(rows, schema=schema, orient="row"), problems


def _is_slug(value: str) -> bool:
    return re.fullmatch(SLUG, value) is not None


def pairs_of(stances: pl.DataFrame, codings: pl.DataFrame) -> pl.DataFrame:
    """One row per record coded twice: topic, stance_a, stance_b.

    With two coders' files, their codings are paired (the first coder sorts first); with one, its
    codings are paired with the dataset's stances.
    """
    coders = sorted(set(codings["coder"]))
    if len(coders) >= 2:
        a = codings.filter(pl.col("coder") == coders[0]).select("record", pl.col("stance").alias("stance_a"))
        b = codings.filter(pl.col("coder") == coders[1]).select("record", pl.col("stance").alias("stance_b"))
        joined = a.join(b, on="record")
    else:
        first = stances.select(pl.col("id").alias("record"), pl.col("stance").alias("stance_a"))
        joined = first.join(codings.select("record", pl.col("stance").alias("stance_b")), on="record")
    return joined.join(stances.select(pl.col("id").alias("record"), "topic"), on="record")


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
