"""The database file: is it current for the data, (re)build it if not, open it read-only.

Deciding that the database is current costs one `stat` per data file: the sizes and
modification times are compared with those recorded at build time, and only when they differ
are the files hashed. Building (YAML, pydantic, SQLAlchemy) is imported only when needed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from nrkb.locations import Location, display_path, fallback, read_data_file
from nrkb.problems import CannotWrite, NrkbError

SCHEMA_VERSION = "11"
"""Bumped whenever tables change, so that a database from an older nrkb is rebuilt."""


def data_stats(location: Location) -> str:
    """A cheap signature of the data files: name, size and modification time of each."""
    parts = []
    for path in location.data_files():
        try:
            info = path.stat()
        except OSError:
            parts.append(f"{path.name}:missing")
        else:
            parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def data_hash(location: Location) -> str:
    """The SHA-256 of the data files' names and contents."""
    digest = hashlib.sha256()
    for path in location.data_files():
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(read_data_file(path))
        except OSError:
            # Missing, not a regular file or too large: loading will say which.
            digest.update(b"unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def read_meta(db_path: Path) -> dict[str, str] | None:
    """The build metadata of a database, or None if it is missing, damaged or not ours."""
    if not db_path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
        try:
            return dict(connection.execute("SELECT key, value FROM meta").fetchall())
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def check_replaceable(location: Location) -> None:
    """Refuse to build over anything but a database nrkb wrote, an empty file or nothing.

    The database file is replaced by a rename, which would silently destroy whatever the path
    named: a data file, a document, a device node. A database in nrkb's own cache may be
    replaced even when damaged (nrkb chose that name); one the user named must be recognisably
    nrkb's, by the `meta` table every build writes.
    """
    path = location.db_path
    try:
        info = path.stat()
    except OSError:
        return  # nothing there, or its folder cannot be reached: writing will say which
    shown = display_path(path)
    if not stat.S_ISREG(info.st_mode):
        raise CannotWrite(f"refusing to replace {shown}: it is {_kind_of(info.st_mode)}")
    if any(_same_file(path, data_file) for data_file in location.data_files()):
        raise CannotWrite(f"refusing to replace {shown}: it is one of the data files")
    if not location.db_named:
        return
    if not os.access(path, os.W_OK):
        raise CannotWrite(f"cannot write the database {shown}: it is read-only")
    if info.st_size == 0:  # an empty file (`mktemp`, `touch`) holds nothing to lose
        return
    meta = read_meta(path)
    if meta is None or "schema_version" not in meta:
        raise CannotWrite(
            f"refusing to replace {shown}: it is not an nrkb database "
            "(remove it or name another --db)"
        )


def _kind_of(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def is_current(
    location: Location, meta: dict[str, str] | None, stats: str, content: Callable[[], str]
) -> bool:
    """Whether the database matches the data; `content` gives the data's hash when needed."""
    if meta is None or meta.get("schema_version") != SCHEMA_VERSION:
        return False
    if meta.get("data_stats") == stats:
        return True
    if meta.get("data_hash") != content():
        return False
    _remember_stats(location.db_path, stats)
    return True


def _remember_stats(db_path: Path, stats: str) -> None:
    # The files were touched but not changed (a checkout, a copy): record the new stats so the
    # next call is cheap again. Failing to write (read-only file) only costs a re-hash later.
    try:
        connection = sqlite3.connect(db_path, timeout=1)
        try:
            with connection:
                connection.execute("UPDATE meta SET value = ? WHERE key = 'data_stats'", (stats,))
        finally:
            connection.close()
    except sqlite3.Error:
        pass


def ensure_current(location: Location, *, force: bool = False) -> Path:
    """Return the path of a database that matches the data, building it first if needed.

    Raises DataInvalid (and leaves any existing database untouched) when the data are invalid.
    """
    if location.db_pinned and location.db_path.is_file() and not force:
        return location.db_path
    stats = data_stats(location)
    # Hashed at most once per call, and only if the stats alone cannot decide.
    content = functools.cache(lambda: data_hash(location))
    if not force and is_current(location, read_meta(location.db_path), stats, content):
        return location.db_path
    try:
        build(location, stats, content())
    except CannotWrite:
        if location.db_named:
            raise
        # The cache directory is read-only or full: keep working from the temporary directory.
        elsewhere = fallback(location)
        if force or not is_current(elsewhere, read_meta(elsewhere.db_path), stats, content):
            build(elsewhere, stats, content())
        return elsewhere.db_path
    return location.db_path


def build(location: Location, stats: str | None = None, content: str | None = None) -> None:
    """Validate the data and write the database atomically."""
    from nrkb.build import write_database
    from nrkb.validate import load_dataset

    check_replaceable(location)
    stats = stats or data_stats(location)
    content = content or data_hash(location)
    dataset = load_dataset(location.data_dir, display_path(location.data_dir))
    meta = {
        "schema_version": SCHEMA_VERSION,
        "data_stats": stats,
        "data_hash": content,
        "data_dir": str(location.data_dir),
    }
    write_database(dataset, location.db_path, meta)


def connect(location: Location) -> sqlite3.Connection:
    """Open the current database read-only, building it first if needed."""
    path = ensure_current(location)
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        connection.execute("SELECT 1 FROM meta LIMIT 1")
    except sqlite3.Error as error:
        raise NrkbError(f"cannot read the database {path}: {error}") from None
    connection.row_factory = sqlite3.Row
    return connection
