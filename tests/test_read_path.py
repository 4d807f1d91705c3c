"""The read path stays light: a query imports nothing that only building needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

PROBE = """
import sys
from nrkb.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ["yaml", "sqlalchemy", "sqlmodel", "edtf", "rich", "nrkb.models", "nrkb.validate",
         "nrkb.build", "nrkb.tables", "nrkb.load"]
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
