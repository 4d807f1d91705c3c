"""The read path stays light: a query imports nothing that only building needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.slow  # each command in a fresh process

PROBE = """
import sys
from nrkb.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ["yaml", "sqlalchemy", "sqlmodel", "edtf", "rich", "nrkb.models", "nrkb.validate",
         "nrkb.build", "nrkb.tables", "nrkb.load", "nrkb.schemagen"]
print("IMPORTED:" + ",".join(name for name in heavy if name in sys.modules), file=sys.stderr)
"""


def imported_by(*args: str, env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("IMPORTED:"))
    return [name for name in line.removeprefix("IMPORTED:").split(",") if name]


def test_a_query_on_a_current_database_imports_no_build_machinery(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "NRKB_CACHE_DIR": str(tmp_path), "NRKB_DATA": str(FIXTURES / "minimal")}
    # The first call builds the database, and may import anything.
    assert "yaml" in imported_by("events", "--format", "json", env=env)
    # Later calls only read it.
    assert imported_by("events", "--since", "2008", "--format", "csv", env=env) == []
    assert imported_by("institutions", "--on", "2010-01-01", "--format", "json", env=env) == []
    assert imported_by("barometer", "--by", "quarter", "--format", "csv", env=env) == []
    assert imported_by("periods", "--format", "json", env=env) == []
    assert imported_by("sources", "--class", "intergovernmental", "-f", "json", env=env) == []
    assert imported_by("publishers", "--format", "csv", env=env) == []
    assert imported_by("search", "founding act", "--format", "csv", env=env) == []


FOUNDING_ACT = "1997-05-27-founding-act-signed"

READ_COMMANDS = [
    ("events", "--format", "json"),
    ("timeline", "--format", "json"),
    ("search", "founding act", "--format", "json"),
    ("show", FOUNDING_ACT, "--format", "json"),
    ("cite", FOUNDING_ACT),
    ("institutions", "--format", "json"),
    ("status-changes", "--format", "csv"),
    ("recommendations", "--format", "json"),
    ("actors", "--format", "csv"),
    ("sources", "--format", "json"),
    ("publishers", "--format", "json"),
    ("periods", "--format", "csv"),
    ("barometer", "--format", "json"),
    ("stats", "--format", "json"),
    ("export", "--format", "datapackage", "--out", "{out}"),
    ("export", "--format", "csv", "--excel", "--out", "{out}"),
    ("export", "--format", "json", "--out", "{out}"),
    ("codebook",),
    ("schema",),
    ("schema", "events"),
    ("sql", "SELECT count(*) FROM events", "--format", "csv"),
]
"""Every command that reads the database or the schema: none needs the build machinery."""


@pytest.fixture(scope="module")
def current_database(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose cache holds a current database of the minimal data."""
    cache = tmp_path_factory.mktemp("cache")
    env = {**os.environ, "NRKB_CACHE_DIR": str(cache), "NRKB_DATA": str(FIXTURES / "minimal")}
    imported_by("stats", "--format", "json", env=env)
    return env


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_every_read_command_imports_no_build_machinery(
    command: tuple[str, ...], current_database: dict[str, str], tmp_path: Path
) -> None:
    arguments = [argument.format(out=tmp_path / "out") for argument in command]
    assert imported_by(*arguments, env=current_database) == []


def test_json_output_does_not_need_rich(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "NRKB_CACHE_DIR": str(tmp_path), "NRKB_DATA": str(FIXTURES / "minimal")}
    result = subprocess.run(
        [sys.executable, "-m", "nrkb", "events", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(result.stdout)[0]["id"] == "1997-05-27-founding-act-signed"
