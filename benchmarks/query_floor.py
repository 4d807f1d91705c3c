"""How much does `nrkb events` cost over the cheapest Typer app that runs the same SQL?

Run from the checkout with nrkb installed:  python benchmarks/query_floor.py [--runs 20]

Both commands run as fresh processes against the same, already built database, interleaved so
that machine noise hits both alike. The figure that matters is the ratio of medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR_APP = """
import csv, sqlite3, sys
import typer

app = typer.Typer()

@app.command()
def events(since: str = typer.Option(...), db: str = typer.Option(...)) -> None:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    writer = csv.writer(sys.stdout)
    for row in connection.execute(
        "SELECT id, title, date, date_start, date_end, precision, type, summary FROM events "
        "WHERE date_end >= ? ORDER BY date_start, id", (since + "-01-01",)):
        writer.writerow(row)

app()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "kb.db"
        env = {**os.environ, "NRKB_CACHE_DIR": folder}
        nrkb = [sys.executable, "-m", "nrkb"]
        subprocess.run(
            [*nrkb, "build", "--db", str(db)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        floor_script = Path(folder) / "floor.py"
        floor_script.write_text(FLOOR_APP)
        commands = {
            "floor: minimal Typer + sqlite3": [
                sys.executable,
                str(floor_script),
                "--since",
                "2008",
                "--db",
                str(db),
            ],
            "nrkb events --since 2008 --format csv (--db)": [
                *nrkb,
                "events",
                "--since",
                "2008",
                "--format",
                "csv",
                "--db",
                str(db),
            ],
            "nrkb events --since 2008 --format csv (cache)": [
                *nrkb,
                "events",
                "--since",
                "2008",
                "--format",
                "csv",
            ],
            # Search beside events: it should cost about the same (no SQLAlchemy, no models).
            "nrkb search 'missile defence' --format csv (--db)": [
                *nrkb,
                "search",
                "missile defence",
                "--format",
                "csv",
                "--db",
                str(db),
            ],
            "nrkb --help": [*nrkb, "--help"],
        }
        subprocess.run(
            commands["nrkb events --since 2008 --format csv (cache)"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )  # builds the cache database
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    floor = statistics.median(times["floor: minimal Typer + sqlite3"])
    print(f"{'command':50} {'median ms':>10} {'ratio':>7}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:50} {median * 1000:10.1f} {median / floor:7.2f}")


if __name__ == "__main__":
    main()
