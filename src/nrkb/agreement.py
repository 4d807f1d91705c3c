"""How far two coders agree on the tones: the reliability sample and Cohen's weighted kappa.

    python -m nrkb.agreement sample --out docs/barometer-sample.csv
    python -m nrkb.agreement kappa FIRST.csv SECOND.csv

`sample` draws events for a second, independent coding: a seeded random draw stratified by
decade, with the event's text and no tone. `kappa` compares two codings (CSV files with `id`
and `tone` columns; `nrkb sql "SELECT id, tone FROM events" > first.csv` gives the data's own)
and prints the number of events both coded, the exact agreement and Cohen's kappa with linear
weights, which counts a disagreement of two steps twice as much as one of one step.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

SAMPLE_SEED = 16
"""The seed of the draw: the number of the project issue that asked for the barometer."""
SAMPLE_SIZE = 60
SAMPLE_COLUMNS = ("id", "title", "date", "type", "summary")


def weighted_kappa(first: Sequence[int], second: Sequence[int]) -> float:
    """Cohen's kappa with linear weights: 1 - observed / expected disagreement, where the
    disagreement between codes i and j is |i - j| and the expected one pairs the marginals."""
    if len(first) != len(second) or not first:
        raise ValueError("two codings of the same, non-empty list of events are needed")
    count = len(first)
    observed = sum(abs(a - b) for a, b in zip(first, second, strict=True)) / count
    share_first: dict[int, float] = defaultdict(float)
    share_second: dict[int, float] = defaultdict(float)
    for a, b in zip(first, second, strict=True):
        share_first[a] += 1 / count
        share_second[b] += 1 / count
    expected = sum(
        p * q * abs(a - b) for a, p in share_first.items() for b, q in share_second.items()
    )
    if expected == 0:
        return 1.0  # both coders gave every event the same single code
    return 1 - observed / expected


def draw_sample(
    events: Sequence[dict[str, str]], size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED
) -> list[dict[str, str]]:
    """`size` events drawn at random within each decade, in proportion to the decade's events
    (largest remainders), returned in date order."""
    by_decade: dict[str, list[dict[str, str]]] = defaultdict(list)
    for event in events:
        by_decade[event["date_start"][:3]].append(event)
    total = len(events)
    quotas = {decade: size * len(group) / total for decade, group in by_decade.items()}
    counts = {decade: int(quota) for decade, quota in quotas.items()}
    by_remainder = sorted(quotas, key=lambda decade: (counts[decade] - quotas[decade], decade))
    for decade in by_remainder[: size - sum(counts.values())]:
        counts[decade] += 1
    generator = random.Random(seed)
    chosen = [
        event
        for decade in sorted(by_decade)
        for event in generator.sample(by_decade[decade], counts[decade])
    ]
    return sorted(chosen, key=lambda event: (event["date_start"], event["id"]))


def _codings(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8", newline="") as stream:
        return {row["id"]: int(row["tone"]) for row in csv.DictReader(stream) if row["tone"]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nrkb.agreement", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="write the sample for a second coder")
    sample.add_argument("--out", type=Path, required=True)
    sample.add_argument("--data", type=Path, default=None)
    kappa = commands.add_parser("kappa", help="agreement between two codings")
    kappa.add_argument("first", type=Path)
    kappa.add_argument("second", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.command == "sample":
        from nrkb import query
        from nrkb.db import connect
        from nrkb.locations import locate

        with connect(locate(arguments.data)) as connection:
            events = query.events(connection, query.EventFilter())
        rows = draw_sample(events)
        with arguments.out.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, SAMPLE_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{arguments.out}: {len(rows)} events (seed {SAMPLE_SEED})")
        return 0
    first, second = _codings(arguments.first), _codings(arguments.second)
    both = sorted(set(first) & set(second))
    if not both:
        print("no event is coded in both files", file=sys.stderr)
        return 1
    a = [first[event] for event in both]
    b = [second[event] for event in both]
    exact = sum(x == y for x, y in zip(a, b, strict=True)) / len(both)
    print(f"events coded by both: {len(both)}")
    print(f"exact agreement: {exact:.2f}")
    print(f"Cohen's weighted kappa (linear): {weighted_kappa(a, b):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
