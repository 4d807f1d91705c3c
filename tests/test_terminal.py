"""What a user sees on a terminal: tables that fit its width, a bare `nrkb`, the checkout's data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, Run
from nrkb.cli import main
from nrkb.locations import checkout_data_dir

URL = re.compile(r"https?://\S+")


def table(run: Run, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(*args, "--format", "table")
    assert code == 0, err
    return out


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.usefixtures("prebuilt")
def test_the_events_table_uses_the_terminal_width(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    out = table(run, monkeypatch, width, "events", "--since", "1999-04", "--until", "1999-04")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    # The Washington summit's interval is shown compactly, not 21 characters wide.
    assert "1999-04-23/25" in out and "1999-04-23/1999-04-25" not in out
    if width == 200:
        assert max(len(line) for line in lines) > 160
        # Wide enough for ids: each appears whole on one line.
        _, csv_out, _ = run("events", "--since", "1999-04", "--until", "1999-04", "-f", "csv")
        ids = [line.split(",")[0] for line in csv_out.splitlines()[1:]]
        assert ids and all(any(event_id in line for line in lines) for event_id in ids)
    else:
        assert "left out for width: Id" in out


@pytest.mark.usefixtures("prebuilt")
def test_urls_are_never_broken_in_the_sources_table(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv
    import io

    out = table(run, monkeypatch, 250, "sources", "--limit", "30")
    shown = {url.rstrip("│") for url in URL.findall(out)}
    _, csv_out, _ = run("sources", "--limit", "30", "--format", "csv")
    whole = {row["url"] for row in csv.DictReader(io.StringIO(csv_out))}
    assert shown and shown <= whole


@pytest.mark.usefixtures("prebuilt")
def test_a_bare_nrkb_prints_an_overview(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:  # the app exits, as for every command
        main([])
    assert done.value.code in (0, None)
    out = capsys.readouterr().out
    assert re.search(r"Holds \d+ events, \d+ institutions", out)
    assert "Data: " in out
    assert out.count("\n  nrkb ") == 5


@pytest.mark.parametrize("through", ["main", "app"])
def test_errors_read_the_same_through_the_entry_point_and_the_app(
    through: str, run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cases = [
        (["show", "no-such-record"], 2, "nrkb: error: no record has the id or name"),
        (["events", "--db", str(blocker / "kb.db")], 1, "nrkb: error: cannot write the database"),
        (["--db", str(blocker / "kb.db")], 2, "No such option"),
    ]
    for arguments, expected, message in cases:
        if through == "main":
            with pytest.raises(SystemExit) as done:
                main(arguments)
            code, err = done.value.code, capsys.readouterr().err
        else:
            code, _, err = run(*arguments)
        assert code == expected and message in err, err
        assert "Traceback" not in err


def test_a_bare_nrkb_reports_a_failure_like_any_command(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NRKB_DB", str(blocker / "kb.db"))
    code, out, err = run()
    assert code == 1 and out == ""
    assert err.startswith("nrkb: error: cannot write the database beside ")
    assert len(err.splitlines()) == 1


def test_the_data_of_the_checkout_the_user_is_in(tmp_path: Path) -> None:
    checkout = tmp_path / "my-nrkb"
    (checkout / "docs").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", checkout / "pyproject.toml")
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", checkout / "data")
    assert checkout_data_dir(checkout / "docs") == (checkout / "data").resolve()
    assert checkout_data_dir(tmp_path) is None


def _fake_terminal(monkeypatch: pytest.MonkeyPatch, lines: int) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    # The size through the variables shutil.get_terminal_size reads first: replacing the
    # function would break pytest's own use of it (with arguments) during the test.
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", str(lines))


def test_long_output_on_a_terminal_goes_through_the_pager(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from nrkb import pager

    shown = tmp_path / "paged.txt"
    script = f"import sys; open({str(shown)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("PAGER", f"{sys.executable} -c {script!r}")
    _fake_terminal(monkeypatch, lines=10)
    with pager.paged() as stream:
        stream.write("row\n" * 50)
    assert shown.read_text() == "row\n" * 50
    assert capsys.readouterr().out == ""


def test_short_output_and_no_pager_write_directly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nrkb import pager

    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    _fake_terminal(monkeypatch, lines=10)
    with pager.paged() as stream:
        stream.write("short\n")
    monkeypatch.setattr(pager, "enabled", False)
    with pager.paged() as stream:
        stream.write("row\n" * 50)
    assert capsys.readouterr().out == "short\n" + "row\n" * 50


@pytest.mark.parametrize(
    "command",
    [
        "events",
        "timeline",
        "search",
        "show",
        "stats",
        "institutions",
        "status-changes",
        "recommendations",
        "actors",
        "export",
        "schema",
        "codebook",
        "sql",
        "validate",
        "build",
    ],
)
def test_help_has_readable_metavars(run: Run, command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    options = [line for line in out.splitlines() if line.lstrip().startswith("-")]
    assert options and not any(
        re.search(r"<(list|int|float|str|path)\b|\bRANGE\b|\bINTEGER\b", line) for line in options
    )


def test_help_lists_the_valid_values_of_each_vocabulary_option(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    _, events_help, _ = run("events", "--help")
    assert "--type TYPE" in events_help
    # Click wraps help at a fixed width, also inside hyphenated codes.
    joined = re.sub(r"\s+", "", events_help)
    assert "ministerial-meeting" in joined and "missile-defence" in joined
    _, institutions_help, _ = run("institutions", "--help")
    assert "suspended" in institutions_help
    _, show_help, _ = run("show", "--help")
    assert "table or json" in show_help and "ndjson" not in show_help


def test_an_edit_in_the_checkout_the_user_is_in_takes_effect(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    checkout = tmp_path / "my-nrkb"
    (checkout / "docs").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", checkout / "pyproject.toml")
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", checkout / "data")
    monkeypatch.chdir(checkout / "docs")
    code, out, err = run("events", "--format", "json")
    assert code == 0, err
    before = [row["id"] for row in json.loads(out)]
    assert before and "1997-05-27-founding-act-signed" in before
    events = checkout / "data" / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            "1997-05-27-founding-act-signed", "1997-05-27-founding-act-signed-in-paris"
        ),
        encoding="utf-8",
    )
    code, out, err = run("events", "--format", "json")
    assert code == 0, err
    assert "1997-05-27-founding-act-signed-in-paris" in [row["id"] for row in json.loads(out)]


def test_the_overview_reads_the_coverage_horizon_if_the_data_declare_one(tmp_path: Path) -> None:
    from nrkb.overview import coverage

    assert coverage(tmp_path) is None
    (tmp_path / "dataset.yaml").write_text(
        "title: nrkb\ncoverage:\n  start: 1991-12-20\n  end: 2026-02-05\n", encoding="utf-8"
    )
    assert coverage(tmp_path) == ("1991-12-20", "2026-02-05")
