"""nrkb replaces only what it wrote: an nrkb database, an empty file, or nothing at all.

`--db`/`NRKB_DB` naming a data file, a document, a directory or a FIFO is a one-line error with
the file untouched; a named database that cannot be written is an error, never a quiet build in
/tmp; `--output` and `--plot` never write over a data file or a database; a rebuild keeps the
database file's mode.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import Run


def fingerprint(path: Path) -> tuple[int, str]:
    info = path.stat()
    content = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(info.st_mode) else ""
    return info.st_mode, content


def refused(err: str, shown: str, reason: str) -> bool:
    return err == f"nrkb: error: refusing to replace {shown}: it is {reason}\n"


@pytest.mark.parametrize("command", [["build"], ["events"], ["build", "--force"]])
def test_the_database_may_not_be_a_data_file(
    run: Run, minimal_data: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    events = minimal_data / "events.yaml"
    before = fingerprint(events)
    monkeypatch.setenv("NRKB_DB", str(events))
    code, out, err = run(*command, "--data", str(minimal_data))
    assert code == 1 and out == ""
    assert refused(err, str(events), "one of the data files"), err
    assert fingerprint(events) == before


def test_a_link_to_a_data_file_is_no_way_round(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    link = tmp_path / "kb.db"
    link.symlink_to(minimal_data / "sources.yaml")
    before = fingerprint(minimal_data / "sources.yaml")
    code, _, err = run("build", "--data", str(minimal_data), "--db", str(link))
    assert code == 1 and "it is one of the data files" in err
    assert link.is_symlink() and fingerprint(minimal_data / "sources.yaml") == before


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.write_text("my notes, not a database\n"), "not an nrkb database"),
        (lambda path: path.write_bytes(b"\0" * 4096), "not an nrkb database"),
        (lambda path: path.mkdir(), "a directory"),
        (os.mkfifo, "a FIFO"),
    ],
    ids=["text file", "binary file", "directory", "FIFO"],
)
def test_the_database_may_not_be_any_other_file(
    run: Run, minimal_data: Path, tmp_path: Path, make, reason: str
) -> None:
    target = tmp_path / "target"
    make(target)
    before = fingerprint(target)
    code, out, err = run("build", "--data", str(minimal_data), "--db", str(target))
    assert code == 1 and out == ""
    assert err.startswith(f"nrkb: error: refusing to replace {target}: it is {reason}"), err
    assert fingerprint(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "target"]


def test_another_sqlite_database_is_not_replaced(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "work.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = fingerprint(other)
    code, _, err = run("build", "--data", str(minimal_data), "--db", str(other))
    assert code == 1 and "it is not an nrkb database" in err
    assert fingerprint(other) == before


def test_an_nrkb_database_an_empty_file_and_a_new_path_are_written(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (tmp_path / "new.db", empty, tmp_path / "new.db"):
        code, out, err = run("build", "--force", "--data", str(minimal_data), "--db", str(path))
        assert code == 0, err
        assert out.startswith(f"{path}: current for")


@pytest.mark.parametrize("data_from", ["--data", "the checkout"])
def test_build_never_falls_back_to_the_temporary_directory_for_a_named_database(
    run: Run, minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_from: str
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    if data_from == "--data":
        data_option = ["--data", str(minimal_data)]
    else:
        # No --data: the database alone is named, the case `build` once quietly moved to /tmp.
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "nrkb"\n')
        monkeypatch.chdir(tmp_path)
        data_option = []
    code, out, err = run("build", *data_option, "--db", str(blocker / "kb.db"))
    assert code == 1 and out == ""
    assert err.startswith(f"nrkb: error: cannot write the database beside {blocker}/kb.db")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "tmp").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_named_database_is_not_replaced(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    database = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(database))[0] == 0
    database.chmod(0o444)
    before = fingerprint(database)
    code, _, err = run("build", "--force", "--data", str(minimal_data), "--db", str(database))
    assert code == 1 and "it is read-only" in err
    assert fingerprint(database) == before


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_rebuild_keeps_the_database_mode(
    run: Run, minimal_data: Path, tmp_path: Path, mode: int
) -> None:
    database = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(database))[0] == 0
    database.chmod(mode)
    assert run("build", "--force", "--data", str(minimal_data), "--db", str(database))[0] == 0
    assert stat.S_IMODE(database.stat().st_mode) == mode


def test_a_new_database_is_readable_as_the_umask_allows(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    database = tmp_path / "kb.db"
    previous = os.umask(0o022)
    try:
        assert run("build", "--data", str(minimal_data), "--db", str(database))[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(database.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    "command",
    [
        ["events", "--format", "csv"],
        ["institutions"],
        ["actors"],
        ["recommendations"],
        ["sources"],
        ["sources", "--format", "bibtex"],
        ["search", "nato"],
        ["sql", "SELECT id FROM events"],
    ],
    ids=lambda command: " ".join(command),
)
def test_output_may_not_name_a_data_file(run: Run, minimal_data: Path, command: list[str]) -> None:
    events = minimal_data / "events.yaml"
    before = fingerprint(events)
    code, out, err = run(*command, "--data", str(minimal_data), "--output", str(events))
    assert code == 1 and out == ""
    assert err == f"nrkb: error: refusing to write over {events}: it is an nrkb data file\n"
    assert fingerprint(events) == before


def test_output_may_not_name_the_database_or_a_link_to_a_data_file(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    database = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(database))[0] == 0
    before = fingerprint(database)
    arguments = ("--data", str(minimal_data), "--db", str(database))
    code, _, err = run("events", *arguments, "--output", str(database))
    assert code == 1 and err.endswith(f"{database}: it is a database\n")
    assert fingerprint(database) == before

    link = tmp_path / "actors.csv"
    link.symlink_to(minimal_data / "actors.yaml")
    before = fingerprint(minimal_data / "actors.yaml")
    code, _, err = run("actors", *arguments, "--output", str(link))
    assert code == 1 and "it is an nrkb data file" in err
    assert fingerprint(minimal_data / "actors.yaml") == before


def test_the_codebook_and_a_plot_do_not_overwrite_data(run: Run, minimal_data: Path) -> None:
    for command in (["codebook", "--output"], ["timeline", "--data", str(minimal_data), "--plot"]):
        target = minimal_data / "sources.yaml"
        before = fingerprint(target)
        link = minimal_data.parent / "picture.svg"
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        code, _, err = run(*command, str(target if command[0] == "codebook" else link))
        assert code == 1 and "it is an nrkb data file" in err, err
        assert fingerprint(target) == before


@pytest.mark.usefixtures("prebuilt")
def test_output_to_a_new_or_an_ordinary_file_still_works(run: Run, tmp_path: Path) -> None:
    existing = tmp_path / "old.csv"
    existing.write_text("yesterday's export\n")
    for path in (tmp_path / "new.csv", existing):
        code, _, err = run("actors", "--output", str(path))
        assert code == 0, err
        assert path.read_text().startswith("id,name,kind")
