"""Query times as the database grows to a million events.

    python benchmarks/scale.py --events 1000 100000 1000000

The database built from the real data is copied and its events (with their actors,
institutions, topics and citations) are replicated inside SQLite with new ids until there are N
events; the full-text indexes are then rebuilt. Each query is run in process through nrkb's
query layer, as `nrkb events … --limit 100` and `nrkb search … --limit 20` run it, and the
median of several runs is reported next to a floor: the same connection counting its events.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nrkb import dates, query
from nrkb.search import search

FILTERS: dict[str, query.EventFilter] = {
    "--since 2008": query.EventFilter(since=dates.parse("2008"), limit=100),
    "--until 1995": query.EventFilter(until=dates.parse("1995"), limit=100),
    "--since 2014-03 --until 2014-04": query.EventFilter(
        since=dates.parse("2014-03"), until=dates.parse("2014-04"), limit=100
    ),
    "--type accession": query.EventFilter(types=("accession",), limit=100),
    "--actor finland": query.EventFilter(actors=("finland",), limit=100),
    "--institution nato-russia-council": query.EventFilter(
        institutions=("nato-russia-council",), limit=100
    ),
    "--topic crimea": query.EventFilter(topics=("crimea",), limit=100),
    "--search Dmytrivka": query.EventFilter(search="Dmytrivka", limit=100),
}
SEARCHES = ("Dmytrivka", "referendum", "summit")


def replicate(source: Path, target: Path, events: int) -> None:
    shutil.copyfile(source, target)
    connection = sqlite3.connect(target)
    base = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    copies = max(0, -(-events // base) - 1)
    with connection:
        connection.execute("CREATE TEMP TABLE copy (n INTEGER PRIMARY KEY)")
        connection.executemany("INSERT INTO copy VALUES (?)", ((n,) for n in range(1, copies + 1)))
        connection.execute(
            "INSERT INTO events SELECT e.id || '-r' || c.n, title, date, date_start, date_end, "
            "precision, type, summary, location, notes FROM events e, copy c "
            "WHERE e.id NOT LIKE '%-r%' LIMIT ?",
            (events - base,),
        )
        new = (
            "SELECT id, substr(id, 1, instr(id, '-r') - 1) AS base FROM events WHERE id LIKE '%-r%'"
        )
        for table, columns in (
            ("event_actors", "actor_id, role, position, event_start"),
            ("event_institutions", "institution_id, effect, position, event_start"),
        ):
            connection.execute(
                f"INSERT INTO {table} SELECT n.id, {columns} FROM ({new}) n "
                f"JOIN {table} t ON t.event_id = n.base"
            )
        connection.execute(
            f"INSERT INTO record_topics SELECT n.id, topic, record_kind, position, event_start "
            f"FROM ({new}) n "
            "JOIN record_topics t ON t.record_id = n.base"
        )
        connection.execute(
            f"INSERT INTO citations SELECT n.id, context, position, record_kind, source_id, "
            f"locator, quote FROM ({new}) n JOIN citations t ON t.record_id = n.base"
        )
        for table in ("events", "citations"):
            connection.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    connection.execute("ANALYZE")
    connection.close()


def median_ms(function: Callable[[], Any], runs: int = 7) -> float:
    function()  # warm the page cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 100000])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        real = Path(folder) / "real.db"
        subprocess.run(
            [sys.executable, "-m", "nrkb", "build", "--db", str(real)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        results: dict[str, dict[int, float]] = {}
        shares: dict[str, dict[int, float]] = {}
        for count in arguments.events:
            database = Path(folder) / f"kb-{count}.db"
            start = time.perf_counter()
            replicate(real, database, count)
            print(
                f"{count:,} events: replicated in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
            connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
            connection.row_factory = sqlite3.Row
            results.setdefault("floor: SELECT COUNT(*) FROM events", {})[count] = median_ms(
                lambda c=connection: c.execute("SELECT COUNT(*) FROM events").fetchone()
            )
            for name, event_filter in FILTERS.items():
                results.setdefault(f"events {name} --limit 100", {})[count] = median_ms(
                    lambda f=event_filter, c=connection: query.events(c, f)  # type: ignore[misc]
                )
            for word in SEARCHES:
                share = (
                    connection.execute(
                        "SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH ?", (word,)
                    ).fetchone()[0]
                    / count
                )
                shares.setdefault(word, {})[count] = share
                results.setdefault(f"search {word} --limit 20", {})[count] = median_ms(
                    lambda w=word, c=connection: search(c, w, limit=20)
                )  # type: ignore[misc]
            connection.close()
    sizes = arguments.events
    print(f"{'query':58}" + "".join(f"{size:>12,}" for size in sizes))
    for name, by_size in results.items():
        print(f"{name:58}" + "".join(f"{by_size.get(size, 0):>10.1f}ms" for size in sizes))
    for word, by_size in shares.items():
        label = f"share of events matching {word}"
        print(f"{label:58}" + "".join(f"{by_size.get(size, 0):>11.1%} " for size in sizes))


if __name__ == "__main__":
    main()
