"""The test suite's wall time against a floor measured in the same run.

The floor is fixed work of the suite's kind run on every core at once, as the suite runs one
worker per core: eight fresh Python processes one after another, each importing what every
`nrkb` process imports (Typer with its pydantic adapters, sqlite3) and computing a little. Most
of the suite is starting processes and importing; a pure arithmetic loop barely slowed down when
the suite took half as long again on a busy day, while this floor did. When the machine is
busier (other jobs share it), the floor and the suite slow down together, so the ratio moves
less than the seconds do. Run from the checkout with the test extras installed:
`python benchmarks/suite_floor.py [--runs N] [-- PYTEST OPTIONS]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ONE = "import typer._adapters, sqlite3, json; sum(i * i for i in range(2_000_000))"
WORK = f"import subprocess, sys\nfor _ in range(8): subprocess.run([sys.executable, '-c', {ONE!r}])"


def floor() -> float:
    """Seconds for every core to run WORK at once."""
    started = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, "-c", WORK]) for _ in range(os.cpu_count() or 1)]
    for worker in workers:
        worker.wait()
    return time.perf_counter() - started


def suite(options: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (all processes) and pytest's summary line of one run."""
    before = os.times()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    lines = result.stdout.strip().splitlines()
    return wall, cpu, lines[-1] if lines else f"exit {result.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("pytest", nargs="*", help="options passed to pytest (after --)")
    arguments = parser.parse_args()
    print("| run | floor before | suite | CPU | floor after | ratio | pytest |")
    print("|---|---|---|---|---|---|---|")
    ratios = []
    for run in range(1, arguments.runs + 1):
        first = floor()
        wall, cpu, summary = suite(arguments.pytest)
        second = floor()
        ratio = wall / statistics.mean([first, second])
        ratios.append(ratio)
        print(
            f"| {run} | {first:.2f} s | {wall:.1f} s | {cpu:.0f} s | {second:.2f} s "
            f"| {ratio:.1f} | {summary.strip('= ')} |",
            flush=True,
        )
    if len(ratios) > 1:
        print(f"\nmedian ratio {statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
