"""No SQL is ever built from what a user typed or the data hold: values are bound as parameters.

Two checks. The first reads the code: every value pasted into an SQL-shaped f-string or
`.format` template must be a placeholder list (`marks(...)`) or a name on a reviewed list of
identifiers that come from the schema or from fixed tables in the code; a new interpolation
fails here until someone has checked where its text comes from. The second runs every option
that takes text with hostile text, and checks that nothing beyond the records asked for comes
back and that the database is unchanged.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import re
from pathlib import Path

import pytest

import nrkb
from conftest import Run, copy_of
from nrkb.query import marks

SOURCE = Path(nrkb.__file__).parent

# What a pasted expression may be, by module, and why its text is never a user's or the data's.
REVIEWED: dict[str, dict[str, str]] = {
    "build.py": {
        "table": "a table of the compiled schema, named in build.py or by kinds.KINDS",
        "', '.join(columns)": "the table's columns, from the compiled schema",
        "named": "one `:column` placeholder per column of the compiled schema",
    },
    "detail.py": {"table": "a value of detail._TABLES"},
    "export.py": {
        "table['name']": "a table name from the compiled schema (compiled_schema.json)",
        "', '.join(columns)": "the table's columns, from the compiled schema",
        "keys": "the table's primary key columns, from the compiled schema",
    },
    "query.py": {
        "table": "a link table named in the code, or check_ids' fixed callers",
        "key": "a column named in the code beside its table",
        "column": "a column named in the code beside its table",
        "order": "fixed ORDER BY text built from the link's columns",
        "source": "fixed FROM text built from the link's table",
        "short": "'short_name' or 'NULL', chosen in the code",
    },
    "overview.py": {"table": "a name in the fixed tuple of record tables it counts"},
    "schemagen.py": {
        "name": "a key of views.VIEWS",
        "select": "a value of views.VIEWS, fixed SQL in the code",
    },
    "search.py": {
        "table": "a table of search._NAMED, search._QUOTED or SEARCH_INDEXES",
        "columns": "fixed column lists (search._other_names)",
        "column": "a column of SEARCH_INDEXES",
        "texts": "SQL built from SEARCH_INDEXES' tables and columns",
        "fts": "a table of RECORD_INDEXES or _QUOTED (a hit's `via` is one) + '_fts'",
        "index.table": "a table of search.RECORD_INDEXES",
        "index.date or 'NULL'": "a date column of kinds.SEARCHED, or NULL",
        "_TITLE[hit['kind']]": "a name column of search.RECORD_INDEXES",
        "names": "coalesce() of RECORD_INDEXES' name columns",
        "_weights(index.table)": "numbers from SEARCH_INDEXES",
        "_weights(table)": "numbers from SEARCH_INDEXES",
        "tier_sql": "CASE SQL of index tables, bound parameter names and integer tiers",
        "name": "a bound parameter's name (:name_phrase, :name_words, :phrase)",
        "value": "an integer tier constant",
        "n": "an integer (:groupN parameter names)",
        "matched or 0": "SQL of index tables and :groupN parameter names",
        "', '.join(('?' for _ in wanted))": "placeholders only",
        "', '.join(weights)": "the column names of SEARCH_INDEXES",
        "SEARCH_TOKENIZER": "a constant",
    },
    "stats.py": {
        "table": "a name in stats._TOTALS",
        "_EVENT_CLASSES": "fixed SQL",
        "strong": "quoted codes of stats._STRONG_CLASSES, a constant",
    },
    "views.py": {"sql": "fixed SQL of views.VIEWS"},
}
PLACEHOLDERS = re.compile(r"^(query\.)?marks\([\w.]+\)$")
SQL_SHAPED = re.compile(
    r"\b(SELECT|INSERT INTO|CREATE|FROM|WHERE|JOIN|ORDER BY|GROUP BY|UNION|MATCH)\b"
    r"|IN \(|= \?|(^|[\s,(])[a-z]{1,2}\.$"
)


def pasted_into_sql(path: Path) -> list[tuple[int, str]]:
    """(line, expression) for every value pasted into SQL-shaped text in one module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            text = "".join(p.value for p in parts if isinstance(p, ast.Constant))
            if SQL_SHAPED.search(text) or any(
                isinstance(p, ast.Constant) and SQL_SHAPED.search(p.value) for p in parts
            ):
                found += [
                    (node.lineno, ast.unparse(p.value))
                    for p in parts
                    if isinstance(p, ast.FormattedValue)
                ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and not (isinstance(node.func.value, ast.Constant) and "{" not in node.func.value.value)
            and ast.unparse(node.func.value) in ("sql", "statement")
        ):
            found += [(node.lineno, ast.unparse(argument)) for argument in node.args]
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and SQL_SHAPED.search(node.left.value)
        ):
            found.append((node.lineno, ast.unparse(node.right)))
    return found


MODULES = sorted(path.name for path in SOURCE.glob("*.py"))


@pytest.mark.parametrize("module", MODULES)
def test_sql_pastes_only_reviewed_identifiers_and_placeholders(module: str) -> None:
    allowed = REVIEWED.get(module, {})
    unreviewed = [
        f"{module}:{line}: {expression}"
        for line, expression in pasted_into_sql(SOURCE / module)
        if expression not in allowed and not PLACEHOLDERS.match(expression)
    ]
    assert unreviewed == []


def test_the_scan_sees_what_it_must() -> None:
    # Guards the scanner itself: it must find the interpolations it is meant to police.
    found = {expression for _, expression in pasted_into_sql(SOURCE / "query.py")}
    assert {"table", "key", "column", "marks(values)"} <= found
    assert {"marks(chunk)"} <= found  # through sql.format(...)
    assert marks(["x'); DROP TABLE events; --", "y"]) == "?, ?"


def test_every_reviewed_entry_is_still_used() -> None:
    stale = [
        f"{module}: {expression}"
        for module, entries in REVIEWED.items()
        for expression in entries
        if expression not in {e for _, e in pasted_into_sql(SOURCE / module)}
    ]
    assert stale == []


# Hostile text for every option that takes text. The meta table's data hash is a secret no
# read command ever prints: if it appears, a payload reached SQL.
HOSTILE = [
    "x' OR '1'='1",
    "x') OR 1=1 --",
    '") UNION SELECT key, value, value, value, value, value FROM meta --',
    "') UNION SELECT key, value, value, value, value, -1e9 FROM meta) "
    'GROUP BY kind, id ORDER BY score /*"',
    "'; DROP TABLE events; --",
    "nato' AND (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n) "
    "SELECT COUNT(*) FROM n) > 0 --",
]
OPTIONS = [
    ["events", "--type"],
    ["events", "--actor"],
    ["events", "--institution"],
    ["events", "--topic"],
    ["events", "--search"],
    ["events", "--since"],
    ["events", "--until"],
    ["timeline", "--actor"],
    ["institutions", "--status"],
    ["institutions", "--on"],
    ["recommendations", "--topic"],
    ["recommendations", "--addressee"],
    ["recommendations", "--outcome"],
    ["show"],
    ["cite"],
    ["search"],
    ["search", "nato", "--kind"],
    ["search", "nato", "--kind", "event", "--kind"],
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    return copy_of(built_db, tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(
    "option",
    [pytest.param(option, id=" ".join(option)) for option in OPTIONS],
)
def test_hostile_text_in_any_option_reaches_no_sql(
    run: Run, database: Path, option: list[str]
) -> None:
    import sqlite3

    with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as connection:
        (secret,) = connection.execute("SELECT value FROM meta WHERE key = 'data_hash'").fetchone()
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    output = {"show": ["--format", "json"], "cite": [], "timeline": []}.get(
        option[0], ["--format", "csv"]
    )
    for text in HOSTILE:
        code, out, err = run(*option, text, "--db", str(database), *output)
        assert "Traceback" not in err
        assert secret not in out and "data_stats" not in out, text
        if code == 0 and option[0] not in ("search", "timeline") and option[-1] != "--search":
            # Answered: with the records whose text matches, read as text, which is none.
            assert len(list(csv.reader(io.StringIO(out)))) <= 1, (text, out[:200])
        elif code == 1:  # a usage error (2) is Click's own few lines
            assert out == "" and len(err.splitlines()) == 1, err
        else:
            assert code in (0, 2), err
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
