"""`nrkb sql QUERY`: read-only SQL against the database, by construction, in bounded time.

Four locks, each enough alone against writes: the file is opened read-only (`mode=ro`),
`PRAGMA query_only` is set, an authorizer allows only reading (no ATTACH, no pragma that changes
state, no loading extensions, no VACUUM INTO, no `fts3_tokenizer`), and the extension loader
stays disabled. Three bounds keep a query from running away: a progress handler stops it after
`max_seconds`, SQLite refuses any value longer than MAX_VALUE_BYTES (`zeroblob(900000000)`,
`printf('%.*c', …)`, a runaway `group_concat`), and the result may hold at most `max_rows` rows
and MAX_RESULT_BYTES bytes: too much is refused, never cut short.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from nrkb.problems import NrkbError

Row = dict[str, Any]

MAX_VALUE_BYTES = 16 * 1024 * 1024
"""The longest text or blob a query may make; the longest stored record is far shorter."""
MAX_RESULT_BYTES = 64 * 1024 * 1024
"""The most data one result may hold (text and blobs by length, other values as 8 bytes)."""
_FETCH_ROWS = 1_000

# Functions a query may not call: loading code, and `fts3_tokenizer`, whose one-argument form
# reveals a memory address and whose two-argument form installs a tokenizer from one.
_DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer"})

# Pragmas that only read; anything else (journal_mode=, writable_schema, …) is refused.
_READ_PRAGMAS = frozenset(
    {
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
        "database_list", "collation_list", "function_list", "pragma_list", "table_list",
        "compile_options", "encoding", "page_count", "page_size", "schema_version",
        "user_version", "application_id", "freelist_count", "data_version",
    }
)  # fmt: skip
# Of those, the ones whose argument names a table or index rather than setting a value.
_PRAGMAS_WITH_ARGUMENT = frozenset(
    {
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
    }
)  # fmt: skip

_ALLOWED_ACTIONS = frozenset(
    {
        sqlite3.SQLITE_SELECT,
        sqlite3.SQLITE_READ,
        sqlite3.SQLITE_FUNCTION,
        sqlite3.SQLITE_RECURSIVE,
    }
)


class SqlRefused(NrkbError):
    """The statement would change something, or ran past its limits."""


def _authorizer(action: int, first: str | None, second: str | None, *_: Any) -> int:
    # FTS5 asks to "update" the schema table when it connects to an index. Nothing can come of
    # it: the file is read-only, query_only is on, and writable_schema is a refused pragma.
    if action == sqlite3.SQLITE_UPDATE and first == "sqlite_master":
        return sqlite3.SQLITE_OK
    if action in _ALLOWED_ACTIONS:
        # For a function call SQLite gives the function's name as the second argument.
        if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in _DENIED_FUNCTIONS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        pragma = (first or "").lower()
        if pragma in _READ_PRAGMAS and (not second or pragma in _PRAGMAS_WITH_ARGUMENT):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def run_sql(
    path: Path, statement: str, *, max_rows: int = 10_000, max_seconds: float = 5.0
) -> tuple[list[str], list[Row]]:
    """Run one read-only statement; return its column names and at most `max_rows` rows."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("PRAGMA query_only = ON")
        if hasattr(connection, "enable_load_extension"):  # absent when Python lacks the loader
            connection.enable_load_extension(False)
        connection.set_authorizer(_authorizer)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        deadline = time.monotonic() + max_seconds
        # Returning non-zero from the handler interrupts the statement.
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            cursor = connection.execute(statement)
            columns = [column[0] for column in cursor.description or ()]
            rows = _fetch(cursor, max_rows)
        except (sqlite3.DatabaseError, sqlite3.Warning) as error:
            raise _explained(error, max_seconds) from None
        return columns, [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        connection.close()


def _fetch(cursor: sqlite3.Cursor, max_rows: int) -> list[tuple[Any, ...]]:
    """All the rows, or SqlRefused as soon as there are too many or they hold too much."""
    rows: list[tuple[Any, ...]] = []
    size = 0
    while batch := cursor.fetchmany(_FETCH_ROWS):
        rows.extend(batch)
        if len(rows) > max_rows:
            raise SqlRefused(f"the query returns more than {max_rows:,} rows; add a LIMIT")
        # Text and blobs by their length; a number or NULL as the 8 bytes SQLite gives it.
        size += sum(
            len(value) if isinstance(value, str | bytes) else 8 for row in batch for value in row
        )
        if size > MAX_RESULT_BYTES:
            raise SqlRefused(
                f"the result holds more than {MAX_RESULT_BYTES:,} bytes; "
                "select fewer columns or rows"
            )
    return rows


def _explained(error: Exception, max_seconds: float) -> NrkbError:
    message = str(error)
    if "too big" in message:  # SQLITE_TOOBIG: a value longer than SQLITE_LIMIT_LENGTH
        return SqlRefused(f"a value would be longer than the limit of {MAX_VALUE_BYTES:,} bytes")
    if "interrupted" in message:
        return SqlRefused(f"the query ran longer than {max_seconds:g} s and was stopped")
    if any(word in message for word in ("not authorized", "authorization denied", "readonly")):
        return SqlRefused(f"only reading is allowed: {message}")
    return NrkbError(f"SQL error: {message}")
