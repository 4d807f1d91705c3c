"""Shared fixtures: every test gets its own cache directory and no inherited NRKB_* settings."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from nrkb.cli import app

# CI replays the same examples every run, so a failure there can be reproduced; developers'
# runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point nrkb's cache at a fresh folder so no test touches the user's real files."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("NRKB_CACHE_DIR", str(cache))
    monkeypatch.delenv("NRKB_DATA", raising=False)
    monkeypatch.delenv("NRKB_DB", raising=False)
    return cache


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A private copy of the tiny valid dataset, free to break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner()


class Run:
    """Invoke the CLI in process and keep stdout and stderr apart."""

    def __init__(self, runner: CliRunner) -> None:
        self.runner = runner

    def __call__(self, *args: str) -> tuple[int, str, str]:
        result = self.runner.invoke(app, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def run(runner: CliRunner) -> Run:
    return Run(runner)
