"""One format type: each command accepts its own formats, says which in --help and in the usage
error, and chooses the same way when --format is not given (the --output file's extension, else
a table on a terminal, else the command's format for a pipe)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from nrkb import formats
from nrkb.formats import Format
from nrkb.locations import DATA_KINDS

pytestmark = pytest.mark.usefixtures("prebuilt")  # reads the bundled data


@pytest.mark.parametrize(
    ("command", "accepted"),
    [
        (["events"], "table, csv, tsv, json, ndjson"),
        (["institutions"], "table, csv, tsv, json, ndjson"),
        (["sources"], "table, csv, tsv, json, ndjson, bibtex, csljson"),
        (["show", "nato-russia-council"], "table, json"),
        (["stats"], "table, json"),
        (["cite"], "text, bibtex, csljson, cff"),
        (["export", "--out", "never-written"], "datapackage, csv, json"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else "",
)
def test_a_format_the_command_does_not_write_is_a_usage_error_naming_its_choices(
    run: Run, command: list[str], accepted: str
) -> None:
    code, out, err = run(*command, "--format", "markdown")
    assert code == 2 and out == ""
    assert f"'markdown'; valid: {accepted}\n" in err
    assert not Path("never-written").exists()


@pytest.mark.parametrize(
    ("command", "sentence"),
    [
        ("events", "table, csv, tsv, json or ndjson (default: table on a terminal, else csv"),
        ("show", "table or json (default: table on a terminal, else json)"),
        ("cite", "text, bibtex, csljson or cff (default: text)"),
        ("diff", "table, json or markdown (default: table; with --output, from the file's"),
        ("export", "datapackage, csv or json (default: datapackage)"),
    ],
)
def test_help_names_the_formats_of_that_command(run: Run, command: str, sentence: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert sentence in " ".join(out.split())


def test_the_formats_are_chosen_in_one_order() -> None:
    rows = formats.ROWS
    assert rows.choose(Format.TSV, Path("x.json"), terminal=True) is Format.TSV
    assert rows.choose(None, Path("x.JSONL"), terminal=True) is Format.NDJSON
    assert rows.choose(None, Path("x.md"), terminal=True) is Format.CSV  # not a rows format
    assert rows.choose(None, None, terminal=True) is Format.TABLE
    assert rows.choose(None, None, terminal=False) is Format.CSV
    assert formats.DOCUMENT.choose(None, None, terminal=False) is Format.JSON
    assert formats.DIFF.choose(None, Path("changes.md"), terminal=False) is Format.MARKDOWN
    assert formats.CITE.choose(None, None, terminal=True) is Format.TEXT


def test_sources_written_to_a_bib_file_are_biblatex(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "nrkb.bib"
    code, out, err = run("sources", "--class", "wire", "--limit", "2", "--output", str(target))
    assert code == 0 and out == "", err
    text = target.read_text(encoding="utf-8")
    assert text.count("\n@") + text.startswith("@") == 2
    assert "keywords = {" in text


def test_a_diff_written_to_a_json_file_is_json(run: Run, tmp_path: Path) -> None:
    data = Path(__file__).parent / "fixtures" / "minimal"
    target = tmp_path / "changes.json"
    code, _, err = run("diff", str(data), str(data), "--output", str(target))
    assert code == 0, err
    assert isinstance(json.loads(target.read_text(encoding="utf-8")), dict)


def test_schema_offers_every_data_file(run: Run) -> None:
    code, _, err = run("schema", "eventz")
    assert code == 2
    assert f"did you mean 'events'?; valid: {', '.join(DATA_KINDS)}" in err
    for kind in DATA_KINDS:
        code, out, _ = run("schema", kind)
        assert code == 0 and f"data/{kind}.yaml" in json.loads(out)["title"]
