"""Text that slipped past validation never reaches the terminal as an escape sequence.

Validation refuses control characters and bidirectional overrides (tests/test_validate.py), so
these tests plant them straight into a built database, as a database from an older nrkb or one
edited by hand could hold them. A terminal table must show each as its escape (`\\x1b`), so the
sequence is seen, not obeyed; CSV and JSON keep the data exactly as stored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import Run

EVENT = "2008-08-19-nrc-meetings-suspended"
# Short enough to fit the narrowest column it is shown in, so that no fold splits it.
PLANTED = "NRC\x1b[2J\x1b]0;x\x07 \u202eevil"
SHOWN = "NRC\\x1b[2J\\x1b]0;x\\x07 \\u202eevil"
URL = "https://e.org/\x1b]52;c;eA==\x07"
URL_SHOWN = "https://e.org/\\x1b]52;c;eA==\\x07"

needs_the_render_change = pytest.mark.xfail(
    strict=True,
    reason="render.py's terminal cells must pass through controls.visible (see the rel branch "
    "report); the analyst branch owns render.py: after applying the change, drop this mark",
)


@pytest.fixture
def planted(run: Run, minimal_data: Path, tmp_path: Path) -> Path:
    database = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(database))[0] == 0
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE events SET title = ? WHERE id = ?", (PLANTED, EVENT))
        connection.execute("UPDATE sources SET url = ?", (URL,))
    return database


def terminal(run: Run, *arguments: str) -> str:
    code, out, err = run(*arguments)
    assert code == 0, err
    return out


@needs_the_render_change
@pytest.mark.parametrize(
    "command",
    [
        ["events", "--format", "table"],
        ["show", EVENT, "--format", "table"],
        ["timeline"],
    ],
    ids=lambda command: command[0],
)
def test_a_planted_escape_sequence_is_shown_not_obeyed(
    run: Run, planted: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that the title is on one line
    out = terminal(run, *command, "--db", str(planted))
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert SHOWN in out


@needs_the_render_change
def test_a_planted_escape_in_a_url_is_shown_not_obeyed(
    run: Run, planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    out = terminal(run, "sources", "--format", "table", "--db", str(planted))
    assert "\x1b" not in out and URL_SHOWN in out


def test_csv_and_json_keep_the_stored_text_exactly(run: Run, planted: Path) -> None:
    out = terminal(run, "events", "--format", "json", "--db", str(planted))
    (event,) = [e for e in json.loads(out) if e["id"] == EVENT]
    assert event["title"] == PLANTED
