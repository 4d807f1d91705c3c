"""`nrkb diff OLD NEW`: what a reviewer of a data change, or a researcher moving to a new
release, needs to see: records added, removed and changed by kind, changed fields old → new."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURES, Run

RENAMED = "2002-05-28-rome-declaration"
OLD_TITLE = "Rome Declaration establishes the NATO-Russia Council"
NEW_TITLE = "Rome Declaration sets up the NATO-Russia Council"
DROPPED = "2008-08-war-in-georgia"
NEW_SOURCE = "nato-2002-05-28-rome-declaration"


def _edit(data: Path, kind: str, change: Any) -> None:
    path = data / f"{kind}.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(records), allow_unicode=True), encoding="utf-8")


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """The minimal data, and a copy with one event retitled and re-sourced, one event removed
    and one source added."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "minimal", old)
    shutil.copytree(FIXTURES / "minimal", new)

    def events(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for record in records:
            if record["id"] == RENAMED:
                record["title"] = NEW_TITLE
                record["sources"] = [*record["sources"], NEW_SOURCE]
        return [record for record in records if record["id"] != DROPPED]

    def sources(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        added = {
            "id": NEW_SOURCE,
            "title": "Rome Declaration",
            "publisher": "NATO",
            "date": "2002-05-28",
            "url": "https://www.nato.int/cps/en/natohq/official_texts_19572.htm",
            "kind": "official-text",
        }
        return [*records, added]

    _edit(new, "events", events)
    _edit(new, "sources", sources)
    return old, new


def test_the_table_shows_counts_and_each_changed_field_old_to_new(
    run: Run, versions: tuple[Path, Path]
) -> None:
    old, new = versions
    code, out, _ = run("diff", str(old), str(new))
    assert code == 0
    counts = {line.split()[0]: line.split()[1:] for line in out.splitlines()[3:8]}
    assert counts["events"] == ["0", "1", "1"] and counts["sources"] == ["1", "0", "0"]
    assert f"- {DROPPED}  War between Russia and Georgia" in out
    assert f"+ {NEW_SOURCE}  Rome Declaration" in out
    assert f"title: {OLD_TITLE} → {NEW_TITLE}" in out
    assert f"sources[{NEW_SOURCE}]: added {NEW_SOURCE}" in out


def test_json_lists_the_changes_by_kind(run: Run, versions: tuple[Path, Path]) -> None:
    old, new = versions
    code, out, _ = run("diff", str(old), str(new), "--format", "json")
    events = json.loads(out)["kinds"]["events"]
    assert code == 0 and [record["id"] for record in events["removed"]] == [DROPPED]
    (changed,) = events["changed"]
    assert {"field": "title", "old": OLD_TITLE, "new": NEW_TITLE} in changed["fields"]


def test_markdown_feeds_the_changelog(run: Run, versions: tuple[Path, Path]) -> None:
    old, new = versions
    code, full, _ = run("diff", str(old), str(new), "--format", "markdown")
    assert code == 0 and "| events | 0 | 1 | 1 |" in full
    assert f"- `title`: {OLD_TITLE} → {NEW_TITLE}" in full
    code, summary, _ = run("diff", str(old), str(new), "--format", "markdown", "--summary")
    assert f"- Changed (1): `{RENAMED}` (title, sources)" in summary
    assert OLD_TITLE not in summary


def test_exit_code_says_whether_the_versions_differ(run: Run, versions: tuple[Path, Path]) -> None:
    old, new = versions
    assert run("diff", str(old), str(new), "--exit-code")[0] == 3
    code, out, _ = run("diff", str(old), str(old), "--exit-code")
    assert code == 0 and "events                 0        0        0" in out


def _export(run: Run, data: Path, out: Path, export_format: str) -> None:
    code, _, err = run("export", "--format", export_format, "--out", str(out), "--data", str(data))
    assert code == 0, err


def test_two_data_packages_compare_by_table_rows(
    run: Run, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    _export(run, old, tmp_path / "p-old", "datapackage")
    _export(run, new, tmp_path / "p-new", "datapackage")
    archive = tmp_path / "p-new.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        for path in (tmp_path / "p-new").iterdir():
            opened.write(path, f"nrkb-datapackage/{path.name}")
    for newer in (tmp_path / "p-new", tmp_path / "p-new" / "datapackage.json", archive):
        code, out, err = run("diff", str(tmp_path / "p-old"), str(newer), "--format", "json")
        assert code == 0, err
        kinds = json.loads(out)["kinds"]
        assert [row["id"] for row in kinds["events"]["removed"]] == [DROPPED]
        (changed,) = kinds["events"]["changed"]
        assert {"field": "title", "old": OLD_TITLE, "new": NEW_TITLE} in changed["fields"]
        # Link rows are keyed by the table's primary key (record_id, context, position).
        assert [row["id"] for row in kinds["citations"]["added"]] == [f"{RENAMED} | record | 1"]


def test_two_json_documents_compare_by_record(
    run: Run, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    _export(run, old, tmp_path / "j-old", "json")
    _export(run, new, tmp_path / "j-new", "json")
    code, out, _ = run("diff", str(tmp_path / "j-old" / "nrkb.json"), str(tmp_path / "j-new"))
    assert code == 0 and f"- {DROPPED}" in out and f"title: {OLD_TITLE} → {NEW_TITLE}" in out


def test_a_kind_missing_from_the_older_version_is_all_added(
    run: Run, versions: tuple[Path, Path]
) -> None:
    old, new = versions
    (old / "recommendations.yaml").unlink()
    code, out, _ = run("diff", str(old), str(new), "--format", "json")
    recommendations = json.loads(out)["kinds"]["recommendations"]
    assert code == 0 and len(recommendations["added"]) == 1


def test_versions_of_different_forms_are_refused_in_one_line(
    run: Run, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    _export(run, new, tmp_path / "j-new", "json")
    code, out, err = run("diff", str(old), str(tmp_path / "j-new" / "nrkb.json"))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "data directory" in err and "JSON document" in err


def test_a_broken_data_file_is_reported_with_its_line(
    run: Run, versions: tuple[Path, Path]
) -> None:
    old, new = versions
    (new / "events.yaml").write_text("- id: x\n  title: [unclosed\n", encoding="utf-8")
    code, _, err = run("diff", str(old), str(new))
    assert code == 1 and "events.yaml:" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_path_that_does_not_exist_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, _, err = run("diff", str(tmp_path / "nowhere"), str(tmp_path))
    assert code == 2 and "does not exist" in err
