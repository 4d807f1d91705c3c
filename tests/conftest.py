"""Shared fixtures: every test gets its own cache directory and no inherited NRKB_* settings.

Building the database of the real data/ costs seconds; reading it, milliseconds. So it is built
once per session (once per xdist worker), and a test that only reads it asks for `prebuilt`,
which puts it in the test's own cache (as a hard link), exactly where a previous command would
have left it; a test that damages the file asks for `prebuilt_copy`. A test whose subject is the
build keeps the empty cache and builds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from nrkb.cli import app_for
from nrkb.locations import locate

# CI replays the same examples every run, so a failure there can be reproduced; developers'
# runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
DATA = REPO / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules with a `slow` test first, each keeping its own order: the workers take whole
    modules in this order, so the long ones start early and the short ones fill in after."""
    slow = {item.module for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.module not in slow)


def _clean_environment(patch: pytest.MonkeyPatch, cache: Path) -> None:
    patch.setenv("NRKB_CACHE_DIR", str(cache))
    patch.delenv("NRKB_DATA", raising=False)
    patch.delenv("NRKB_DB", raising=False)


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache of module- and session-scoped fixtures, which run before a test's own cache is
    set: theirs, too, is never the user's."""
    cache = tmp_path_factory.mktemp("session-cache")
    with pytest.MonkeyPatch.context() as patch:
        _clean_environment(patch, cache)
        yield cache


@pytest.fixture(scope="session")
def built_db(session_cache: Path) -> Path:
    """The database of data/, built once, in the session's cache where the CLI finds it.

    Read it, never write it: a test that changes a database works on a copy (`prebuilt_copy`).
    """
    path = locate(data=DATA).db_path
    result = invoke(["build", "--data", str(DATA), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point nrkb's cache at a fresh folder so no test touches the user's real files."""
    cache = tmp_path_factory.mktemp("cache")
    _clean_environment(monkeypatch, cache)
    return cache


@pytest.fixture
def prebuilt(isolated_cache: Path, built_db: Path) -> Iterator[Path]:
    """The test's cache, holding a current database of data/.

    A hard link to the worker's database, not a copy: some 400 tests read it, and copies added
    up to 2 GB written per run. nrkb never writes into a database (a build writes a new file and
    renames it over the old name), so a link is safe for anything the CLI does; a test that
    writes into the file itself asks for `prebuilt_copy`, and this fixture fails any test that
    changed the shared file.
    """
    path = locate(data=DATA).db_path
    os.link(built_db, path)
    before = _fingerprint(built_db)
    yield path
    assert _fingerprint(built_db) == before, (
        "the test wrote into the shared database: use prebuilt_copy"
    )


@pytest.fixture
def prebuilt_copy(isolated_cache: Path, built_db: Path) -> Path:
    """The test's cache, holding its own copy of a current database of data/, free to damage."""
    path = locate(data=DATA).db_path
    return copy_of(built_db, path.parent, path.name)


def copy_of(built_db: Path, folder: Path, name: str = "kb.db") -> Path:
    """A copy of the worker's database in `folder`: its tests may open it for writing."""
    path = folder / name
    shutil.copyfile(built_db, path)
    return path


def _fingerprint(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A private copy of the tiny valid dataset, free to break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


def invoke(arguments: Sequence[str], **options: Any) -> Result:
    """Run an nrkb command in process as the `nrkb` script runs it: through `app_for`, which
    hands Typer only the command asked for. Invoking the whole `app` would make Typer prepare
    every command's options on each call, about 50 ms: a third of the suite's time."""
    arguments = list(arguments)
    return CliRunner().invoke(app_for(arguments), arguments, prog_name="nrkb", **options)


class Run:
    """Invoke the CLI in process and keep stdout and stderr apart."""

    def __call__(self, *args: str) -> tuple[int, str, str]:
        result = invoke(args, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def run() -> Run:
    return Run()
