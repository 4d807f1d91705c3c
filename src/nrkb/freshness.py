"""Is the database current for the data? Decided from the build's record in the database.

Deciding costs one `stat` per data file: the sizes and modification times are compared with
those recorded at build time, and only when they differ are the files hashed. A database built
by another schema is never current.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from nrkb import compiled
from nrkb.locations import Location, read_data_file

SCHEMA_VERSION = compiled.version()
"""The hash of the compiled schema (compiled_schema.json): any change to a table, a column, a
description or a vocabulary changes it, and a database built by another schema is rebuilt."""


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
