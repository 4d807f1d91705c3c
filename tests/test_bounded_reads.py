"""Data files are read only if they are regular files, and never past the size limit.

A data file that is a link to /dev/zero or /dev/urandom, a FIFO, a directory or a file that
lies about its size is one problem line, at once: no hang, no memory growing without bound.
Each command runs in a subprocess with a timeout, so that a hang fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nrkb.locations import DataFile, DataFileRefused

NRKB = [sys.executable, "-m", "nrkb"]
DEVICE = "not a regular file (a device, FIFO or socket)"


def nrkb(*arguments: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NRKB_CACHE_DIR": str(cache)}
    env.pop("NRKB_DB", None)
    return subprocess.run(
        [*NRKB, *arguments], capture_output=True, text=True, timeout=60, env=env, check=False
    )


def replace_with(path: Path, kind: str) -> None:
    path.unlink()
    if kind == "FIFO":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to(kind)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("/dev/zero", DEVICE),
        ("/dev/urandom", DEVICE),
        ("FIFO", DEVICE),
        ("directory", "not a regular file (a directory)"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "events", "build"])
def test_a_special_data_file_is_refused_at_once(
    minimal_data: Path, isolated_cache: Path, kind: str, reason: str, command: str
) -> None:
    if kind.startswith("/dev/") and not Path(kind).exists():
        pytest.skip(f"{kind} does not exist here")
    replace_with(minimal_data / "actors.yaml", kind)
    result = nrkb(command, "--data", str(minimal_data), cache=isolated_cache)
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).splitlines()
    assert f"{minimal_data}/actors.yaml:1: -: -: {reason}" in lines
    assert "Traceback" not in result.stderr
    assert not list(isolated_cache.glob("*.db"))


def test_a_fifo_is_refused_even_when_a_writer_holds_it_open(
    minimal_data: Path, isolated_cache: Path
) -> None:
    fifo = minimal_data / "sources.yaml"
    replace_with(fifo, "FIFO")
    # A writer that never finishes: reading the FIFO would wait for it for ever.
    writer = os.open(fifo, os.O_RDWR)
    try:
        result = nrkb("validate", "--data", str(minimal_data), cache=isolated_cache)
    finally:
        os.close(writer)
    assert result.returncode == 1
    assert f"{fifo}:1: -: -: {DEVICE}" in result.stdout


def test_reading_stops_at_the_limit_whatever_the_size_claims(tmp_path: Path) -> None:
    # /proc files say they are empty; a file can grow while it is read. The count is of bytes
    # actually read.
    path = tmp_path / "events.yaml"
    path.write_bytes(b"- id: x\n" * 100)
    with DataFile(path, limit=799) as data_file, pytest.raises(DataFileRefused) as refused:
        data_file.read_all()
    assert str(refused.value) == "file is larger than the limit of 799 bytes"
    with DataFile(path, limit=800) as data_file:
        assert data_file.read_all() == path.read_bytes()


def test_a_data_file_growing_past_the_limit_is_a_problem_line(
    minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nrkb.load

    path = minimal_data / "events.yaml"
    size = path.stat().st_size
    monkeypatch.setattr(nrkb.load, "MAX_FILE_BYTES", size + 10)
    original = DataFile.__init__

    def grown(self: DataFile, file: Path, limit: int) -> None:
        original(self, file, limit)
        if file == path:
            with path.open("a") as stream:  # appended after the size was taken
                stream.write("# more\n" * 10)

    monkeypatch.setattr(DataFile, "__init__", grown)
    records, problems = nrkb.load.load_file(path, "events.yaml", with_lines=False)
    assert records == []
    assert [str(p) for p in problems] == [
        f"events.yaml:1: -: -: file is larger than the limit of {size + 10:,} bytes"
    ]
