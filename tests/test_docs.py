"""Every command is documented, and the README's quick start is the one CI runs."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer

from conftest import REPO, invoke
from nrkb.cli import app

pytestmark = [
    pytest.mark.usefixtures("prebuilt"),  # the examples read the bundled data
    pytest.mark.slow,  # every example in the usage guide, and every command's help
]

COMMANDS = sorted(
    command.name or (command.callback.__name__ if command.callback else "")
    for command in app.registered_commands
)


def test_the_command_list_is_complete() -> None:
    assert {
        "events",
        "institutions",
        "recommendations",
        "actors",
        "sources",
        "publishers",
        "show",
        "search",
        "timeline",
        "stats",
        "validate",
        "build",
        "export",
        "schema",
        "codebook",
        "serve",
        "cite",
        "diff",
        "release",
    } <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_in_the_usage_guide(command: str) -> None:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    assert f"nrkb {command}" in usage


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command: str) -> None:
    result = invoke([command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) > 3


def test_the_readme_quick_start_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install . && nrkb events --since 2008" in readme
    assert "pip install -e '.[test]' && python -m pytest" in readme
    assert "pip install --quiet . && nrkb events --since 2008" in ci
    assert "pip install --quiet -e '.[test]' && python -m pytest" in ci
    assert isinstance(app, typer.Typer)


def test_the_entry_point_behaves_like_the_full_app(capsys: pytest.CaptureFixture[str]) -> None:
    from nrkb.cli import main

    with pytest.raises(SystemExit) as done:
        main(["events", "--since", "2024", "--format", "csv"])
    assert done.value.code in (0, None)
    assert "2024-03-07-sweden-accedes-to-nato" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["events", "--no-such-option"])
    assert done.value.code == 2 and "No such option" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert capsys.readouterr().out.startswith("nrkb ")


def usage_examples() -> list[tuple[int, str]]:
    """(block number, command) for each example in the guide's `sh` blocks, in order."""
    text = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    examples = []
    for number, block in enumerate(text.split("```sh")[1:]):
        for line in block.split("```")[0].splitlines():
            command = line.split("  #")[0].strip()
            # Serving blocks (`serve --get` answers and returns); writing into docs/ belongs to
            # the maintainers' own commands.
            serving = command.startswith("nrkb serve") and "--get" not in command
            if line.startswith("nrkb ") and not serving and "docs/" not in command:
                examples.append((number, command))
    return examples


@pytest.fixture(scope="module")
def block_directories(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """One working directory per block: an example may use what an earlier one wrote."""
    return {}


@pytest.mark.parametrize(("block", "example"), usage_examples())
def test_every_example_in_the_usage_guide_runs(
    block: int,
    example: str,
    block_directories: dict[int, Path],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if block not in block_directories:
        block_directories[block] = tmp_path_factory.mktemp(f"usage-block-{block}")
    monkeypatch.chdir(block_directories[block])
    arguments = shlex.split(example)[1:]
    result = invoke(arguments, catch_exceptions=False)
    assert result.exit_code == 0, f"{example}\n{result.output}"


def test_the_data_files_are_the_models_kinds() -> None:
    from nrkb.locations import DATA_KINDS
    from nrkb.models import RECORD_MODELS

    assert list(DATA_KINDS) == list(RECORD_MODELS)  # the same files, in the same load order
