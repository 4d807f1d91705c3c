"""A real, non-editable install works from any directory with the data shipped in the package."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from uv import find_uv_bin

from conftest import REPO


@pytest.mark.slow
def test_the_built_wheel_answers_from_any_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # uv installs the build's isolated environment and the test's: the same wheel and the same
    # packages as pip, five times faster (pip here: 15 s of the test's 17).
    build = [sys.executable, "-m", "build", "--wheel", "--installer", "uv"]
    subprocess.run(
        [*build, "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("nrkb-*.whl"))
    # The web view's templates and stylesheet ship with the code.
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    for folder in ("templates", "static"):
        for path in (REPO / "src" / "nrkb" / folder).iterdir():
            assert f"nrkb/{folder}/{path.name}" in shipped
    # So does the compiled schema, which the export, the codebook and the version read.
    assert "nrkb/compiled_schema.json" in shipped
    environment = tmp_path / "venv"
    venv.create(environment)
    python = environment / "bin" / "python"
    subprocess.run(
        [find_uv_bin(), "pip", "install", "--quiet", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("NRKB_")}
    env["NRKB_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [str(environment / "bin" / "nrkb"), "events", "--since", "2008", "--format", "csv"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "2008-08-19-nato-suspends-formal-nrc-meetings" in [row["id"] for row in rows]
    assert all(row["date_end"] >= "2008-01-01" for row in rows)
    # The data came from inside the installed package, not from this checkout.
    where = subprocess.run(
        [str(python), "-c", "from nrkb.locations import bundled_data_dir as b; print(b())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" in where.stdout
