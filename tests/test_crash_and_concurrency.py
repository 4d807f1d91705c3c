"""Killed builds, concurrent readers and damaged state never lose the database or crash."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, Run
from nrkb.freshness import read_meta

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


def test_a_build_killed_at_any_point_leaves_the_previous_database_whole(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    database = tmp_path / "kb.db"
    env = environment(tmp_path / "cache")
    subprocess.run(
        [*NRKB, "build", "--data", str(data), "--db", str(database)],
        env=env,
        check=True,
        capture_output=True,
    )
    hashes = {intact(database)}
    # How long a build takes here, so that the kills land anywhere inside one.
    change(data, -1)
    started = time.perf_counter()
    subprocess.run(
        [*NRKB, "build", "--data", str(data), "--db", str(database)],
        env=env,
        check=True,
        capture_output=True,
    )
    duration = time.perf_counter() - started
    hashes.add(intact(database))
    randomness = random.Random(20141)  # fixed: a failure can be replayed
    kills = 0
    for run in range(24):
        change(data, run)
        process = subprocess.Popen(
            [*NRKB, "build", "--data", str(data), "--db", str(database)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(randomness.uniform(0.02, 1.05) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        hashes.add(intact(database))  # the old database, or the new one, whole
    assert kills >= 12, f"only {kills} builds were still running when killed"
    # The next command rebuilds cleanly and removes the killed builds' temporary files.
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
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2022-02-24-russia-launches-full-scale-invasion-of-ukraine" in result.stdout
    assert list(tmp_path.glob(".kb.db.*.tmp")) == []
    assert len(hashes) >= 2  # some builds finished before their kill: the new database, whole


def test_readers_never_fail_while_the_database_is_rebuilt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    database = tmp_path / "kb.db"
    env = environment(tmp_path / "cache")
    build = [*NRKB, "build", "--data", str(data), "--db", str(database)]
    subprocess.run(build, env=env, check=True, capture_output=True)

    def reader(*options: str) -> str:
        command = [*NRKB, "events", "--db", str(database), *options, "--since", "2008"]
        return (
            "import subprocess\n"
            "for _ in range(8):\n"
            f"    r = subprocess.run({[*command, '--format', 'csv']!r}, capture_output=True,"
            " text=True)\n"
            "    assert r.returncode == 0, r.stderr\n"
            "    assert r.stdout.startswith('id,title,date'), r.stdout[:200]\n"
            "    assert len(r.stdout.splitlines()) > 150\n"
        )

    # Two readers use the database as it is; the third also watches the data, so it rebuilds
    # too when it finds them changed: builders race each other as well as the readers.
    scripts = [reader(), reader(), reader("--data", str(data))]
    readers = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True)
        for script in scripts
    ]
    rebuilds = 0
    while any(r.poll() is None for r in readers) and rebuilds < 40:
        change(data, rebuilds)
        subprocess.run(build, env=env, check=True, capture_output=True)
        rebuilds += 1
    errors = [r.communicate()[1] for r in readers]
    assert [r.returncode for r in readers] == [0, 0, 0], errors
    assert rebuilds >= 2
    intact(database)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "older schema"])
@pytest.mark.usefixtures("prebuilt")
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
