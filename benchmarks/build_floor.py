"""Cold build of N events against the floor: PyYAML's C loader plus sqlite3 executemany.

    python benchmarks/build_floor.py --events 1000 10000 100000

For each size a synthetic dataset is generated from the real records (benchmarks/generate.py).
The floor parses the same five files with `yaml.load(..., CSafeLoader)` and inserts the event
rows and their links with `executemany`, with no validation, no line tracking and no search
index. nrkb's figure is a full `nrkb build --force` (validation, cross-record checks, all
tables, seven full-text indexes, views) in a fresh process; peak memory is that process's.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

KINDS = ("sources", "actors", "institutions", "events", "recommendations")


def floor(data: Path, database: Path) -> float:
    start = time.perf_counter()
    loaded = {
        kind: yaml.load((data / f"{kind}.yaml").read_bytes(), Loader=yaml.CSafeLoader)
        for kind in KINDS
    }
    connection = sqlite3.connect(database)
    connection.executescript(
        "CREATE TABLE events (id TEXT PRIMARY KEY, title TEXT, date TEXT, type TEXT, "
        "summary TEXT, location TEXT, notes TEXT);"
        "CREATE TABLE event_actors (event_id TEXT, actor_id TEXT, role TEXT);"
        "CREATE TABLE event_institutions (event_id TEXT, institution_id TEXT, effect TEXT);"
        "CREATE TABLE record_topics (record_id TEXT, topic TEXT);"
        "CREATE TABLE citations (record_id TEXT, source_id TEXT, locator TEXT, quote TEXT);"
        "CREATE TABLE sources (id TEXT PRIMARY KEY, title TEXT, url TEXT);"
    )

    def ref(value: object, key: str) -> tuple[str, object]:
        return (value, None) if isinstance(value, str) else (value["id"], value.get(key))  # type: ignore[index,attr-defined]

    events = loaded["events"]
    with connection:
        connection.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    e["id"],
                    e["title"],
                    str(e["date"]),
                    e["type"],
                    e["summary"],
                    e.get("location"),
                    e.get("notes"),
                )
                for e in events
            ),
        )
        connection.executemany(
            "INSERT INTO event_actors VALUES (?, ?, ?)",
            ((e["id"], *ref(a, "role")) for e in events for a in e.get("actors", [])),
        )
        connection.executemany(
            "INSERT INTO event_institutions VALUES (?, ?, ?)",
            ((e["id"], *ref(i, "effect")) for e in events for i in e.get("institutions", [])),
        )
        connection.executemany(
            "INSERT INTO record_topics VALUES (?, ?)",
            ((e["id"], t) for e in events for t in e["topics"]),
        )
        connection.executemany(
            "INSERT INTO citations VALUES (?, ?, ?, ?)",
            (
                (e["id"], *ref(c, "locator"), None if isinstance(c, str) else c.get("quote"))
                for e in events
                for c in e["sources"]
            ),
        )
        connection.executemany(
            "INSERT INTO sources VALUES (?, ?, ?)",
            ((s["id"], s["title"], s["url"]) for s in loaded["sources"]),
        )
    connection.close()
    return time.perf_counter() - start


def nrkb_build(data: Path, database: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of `nrkb build --force` in a fresh process."""
    env = {**os.environ, "NRKB_CACHE_DIR": str(database.parent)}
    arguments = ["build", "--force", "--data", str(data), "--db", str(database)]
    # The process reports its own peak: a child's figure would include its parent's pages.
    program = (
        "import resource, sys\n"
        "from nrkb.cli import main\n"
        "try:\n"
        f"    main({arguments!r})\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", program],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    return seconds, int(result.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000])
    arguments = parser.parse_args()
    print(f"{'events':>8} {'YAML MB':>8} {'floor s':>8} {'nrkb s':>8} {'ratio':>6} {'peak MiB':>9}")
    for count in arguments.events:
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data"
            # Generated and built in child processes, before the floor runs here: a child
            # forked from a parent that has loaded a large file would report its memory.
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).with_name("generate.py")),
                    "--events",
                    str(count),
                    "--out",
                    str(data),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            size = sum((data / f"{kind}.yaml").stat().st_size for kind in KINDS) / 1e6
            seconds, peak = nrkb_build(data, Path(folder) / "kb.db")
            floor_seconds = floor(data, Path(folder) / "floor.db")
        print(
            f"{count:>8} {size:>8.1f} {floor_seconds:>8.2f} {seconds:>8.2f} "
            f"{seconds / floor_seconds:>6.2f} {peak:>9.0f}"
        )


if __name__ == "__main__":
    main()
