"""`nrkb sql QUERY`: read-only SQL against the database, by construction, in bounded time.

Four locks, each enough alone against writes: the file is opened read-only (`mode=ro`),
`PRAGMA query_only` is set, an authorizer allows only reading (no ATTACH, no pragma that changes
state, no loading extensions, no VACUUM INTO), and the extension loader stays disabled. A
progress handler stops a query that runs too long, and at most `max_rows` rows are returned.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from nrkb.problems import NrkbError

Row = dict[str, Any]

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
        if action == sqlite3.SQLITE_FUNCTION and (first or "").lower() == "load_extension":
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
        deadline = time.monotonic() + max_seconds
        # Returning non-zero from the handler interrupts the statement.
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            cursor = connection.execute(statement)
            columns = [column[0] for column in cursor.description or ()]
            rows = cursor.fetchmany(max_rows + 1)
        except (sqlite3.DatabaseError, sqlite3.Warning) as error:
            raise _explained(error, max_seconds) from None
        if len(rows) > max_rows:
            raise SqlRefused(f"the query returns more than {max_rows:,} rows; add a LIMIT")
        return columns, [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        connection.close()


def _explained(error: Exception, max_seconds: float) -> NrkbError:
    message = str(error)
    if "interrupted" in message:
        return SqlRefused(f"the query ran longer than {max_seconds:g} s and was stopped")
    if any(word in message for word in ("not authorized", "authorization denied", "readonly")):
        return SqlRefused(f"only reading is allowed: {message}")
    return NrkbError(f"SQL error: {message}")
