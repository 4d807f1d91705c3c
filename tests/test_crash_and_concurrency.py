"""Killed builds, concurrent readers and damaged state never lose the database or crash."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from conftest import DATA, Run
from nrkb.db import build
from nrkb.freshness import read_meta
from nrkb.locations import locate

NRKB = [sys.executable, "-m", "nrkb"]


def environment(cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NRKB_")}
    env["NRKB_CACHE_DIR"] = str(cache)
    return env


def intact(database: Path) -> str:
    """The data hash the database was built from, after checking it is a whole database."""
    with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone()[0] >= 200
    meta = read_meta(database)
    assert meta is not None
    return meta["data_hash"]


def change(data: Path, n: int) -> None:
    """Change the data a little, so that the next command must rebuild. The file is replaced
    whole, as editors and git do: a reader never sees half of it."""
    events = data / "events.yaml"
    text = events.read_text(encoding="utf-8")
    replacement = events.with_suffix(".new")
    replacement.write_text(text.rstrip("\n").rsplit("\n# run ", 1)[0] + f"\n# run {n}\n", "utf-8")
    replacement.replace(events)


@pytest.fixture(scope="module")
def warm() -> ForkServerContext:
    """Processes forked from one that has already imported nrkb's build. A build then costs
    what building costs, not Python's start-up and imports (half of a cold `nrkb build`), and
    the tests run twice as many builds in the same time."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["nrkb.db", "nrkb.build", "nrkb.validate"])
    return context


def build_in(context: ForkServerContext, data: Path, database: Path) -> BaseProcess:
    """What `nrkb build --data DATA --db DATABASE` runs, started in a process of its own."""
    process = context.Process(target=build, args=(locate(data=data, db=database),))
    process.start()
    return process


def built(context: ForkServerContext, data: Path, database: Path) -> None:
    """Build to the end."""
    process = build_in(context, data, database)
    process.join()
    assert process.exitcode == 0


def writing(context: ForkServerContext, data: Path, database: Path) -> BaseProcess:
    """Start a build and return once it has created its temporary file (or has ended)."""
    before = set(database.parent.glob(f".{database.name}.*.tmp"))  # left by killed builds
    process = build_in(context, data, database)
    while process.is_alive() and not set(database.parent.glob(f".{database.name}.*.tmp")) - before:
        time.sleep(0.002)
    return process


@pytest.mark.slow
def test_a_build_killed_while_it_writes_leaves_the_previous_database_whole(
    tmp_path: Path, warm: ForkServerContext
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    database = tmp_path / "kb.db"
    built(warm, data, database)
    hashes = {intact(database)}
    # Until it creates its temporary file a build has touched nothing, so a kill there proves
    # nothing: each kill lands anywhere from that moment to just after the build's end.
    change(data, -1)
    process = writing(warm, data, database)
    started = time.perf_counter()
    process.join()
    assert process.exitcode == 0
    duration = time.perf_counter() - started  # of the writing
    hashes.add(intact(database))
    randomness = random.Random(20141)  # fixed: a failure can be replayed
    # Until ten builds have been killed: a build that ends before its kill (the machine is
    # busier or quieter than when it was timed) is another whole database, not a kill.
    kills = runs = 0
    while kills < 10 and runs < 40:
        change(data, runs)
        runs += 1
        process = writing(warm, data, database)
        time.sleep(randomness.uniform(0, 1.1) * duration)
        if process.is_alive():
            process.kill()
            kills += 1
        process.join()
        hashes.add(intact(database))  # the old database, or the new one, whole
    assert kills == 10, f"only {kills} of {runs} builds were still running when killed"
    # The next command, a fresh `nrkb` process, rebuilds cleanly and removes the killed
    # builds' temporary files.
    result = subprocess.run(
        [
            *NRKB,
            "events",
            "--data",
            str(data),
            "--db",
            str(database),
            "--since",
            "2022",
            "--format",
            "csv",
        ],
        env=environment(tmp_path / "cache"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2022-02-24-russia-launches-full-scale-invasion-of-ukraine" in result.stdout
    assert list(tmp_path.glob(".kb.db.*.tmp")) == []
    assert len(hashes) >= 2  # some builds finished before their kill: the new database, whole


READER = """
import contextlib, io, pathlib, sys, time
from nrkb.cli import main

stop, arguments = pathlib.Path(sys.argv[1]), sys.argv[2:]
reads = 0
while not stop.exists():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(arguments)
        except SystemExit as end:
            assert end.code in (0, None), err.getvalue()
    assert out.getvalue().startswith("id,title,date"), out.getvalue()[:200]
    assert len(out.getvalue().splitlines()) > 150
    reads += 1
    time.sleep(0.02)
print(reads)
"""
"""A reader runs the whole `nrkb events` command again and again until told to stop. It stays
in one process so that its reads are many and fall anywhere inside the rebuilds; the pause
leaves the builders a core (three readers reading flat out would starve them)."""


@pytest.mark.slow
def test_readers_never_fail_while_the_database_is_rebuilt(
    tmp_path: Path, warm: ForkServerContext
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    database = tmp_path / "kb.db"
    built(warm, data, database)
    stop = tmp_path / "stop"
    events = ["events", "--db", str(database), "--since", "2008", "--format", "csv"]
    # Two readers use the database as it is; the third also watches the data, so it rebuilds
    # too when it finds them changed: builders race each other as well as the readers.
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(stop), *events, *options],
            env=environment(tmp_path / "cache"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for options in ([], [], ["--data", str(data)])
    ]
    for rebuild in range(4):
        change(data, rebuild)
        built(warm, data, database)
    stop.touch()
    outcomes = [reader.communicate() for reader in readers]
    assert [reader.returncode for reader in readers] == [0, 0, 0], outcomes
    reads = [int(out) for out, _ in outcomes]
    # The first two read many times during each rebuild; the third rebuilds on most reads.
    assert min(reads[:2]) >= 10 and reads[2] >= 2, f"too few reads to overlap the rebuilds: {reads}"
    intact(database)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "older schema"])
@pytest.mark.usefixtures("prebuilt_copy")  # damaged in place
def test_a_damaged_cache_database_is_rebuilt(run: Run, damage: str, isolated_cache: Path) -> None:
    assert run("events", "--limit", "1", "--format", "csv")[0] == 0
    (database,) = isolated_cache.glob("nrkb-*.db")
    if damage == "truncated":
        database.write_bytes(database.read_bytes()[:4096])
    elif damage == "garbage":
        database.write_bytes(os.urandom(8192))
    elif damage == "empty":
        database.write_bytes(b"")
    else:
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    code, out, err = run("events", "--since", "2024", "--format", "csv")
    assert code == 0, err
    assert "2024-03-07-sweden-accedes-to-nato" in out
    intact(database)


def test_an_unwritable_cache_falls_back_to_the_temporary_directory(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("NRKB_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    code, out, err = run("events", "--since", "2024", "--format", "csv")
    assert code == 0, err
    assert "2024-03-07-sweden-accedes-to-nato" in out
    assert list((tmp_path / "tmp").glob("nrkb-*/nrkb-*.db"))


def test_a_named_database_that_cannot_be_written_gives_a_clear_error(
    run: Run, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run("events", "--db", str(blocker / "kb.db"))
    assert code == 1 and out == ""
    assert err.startswith("nrkb: error: cannot write the database beside ")
    assert "Traceback" not in err
