"""`nrkb export`: a data package that real tools accept, CSV that Excel and pandas read right."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run, invoke


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("frictionless") or str(Path(sys.executable).parent / "frictionless")
    return subprocess.run(
        [tool, "validate", "--json", str(descriptor)], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    out = tmp_path_factory.mktemp("package")
    result = invoke(["export", "--format", "datapackage", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_data_package_passes_frictionless_validate(package: Path) -> None:
    pytest.importorskip("frictionless")
    result = frictionless_validate(package / "datapackage.json")
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    from nrkb.tables import EXPORT_TABLES

    assert len(report["tasks"]) == len(EXPORT_TABLES)


def test_frictionless_catches_a_broken_foreign_key(package: Path, tmp_path: Path) -> None:
    pytest.importorskip("frictionless")
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    links = broken / "event_actors.csv"
    lines = links.read_text(encoding="utf-8").splitlines()
    event_id, _, *rest = lines[1].split(",")
    lines[1] = ",".join([event_id, "no-such-actor", *rest])
    links.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = json.loads(frictionless_validate(broken / "datapackage.json").stdout)
    assert not report["valid"]


def test_the_descriptor_documents_every_field(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "nrkb" and descriptor["version"] and descriptor["licenses"]
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    # Every kind's records first (kinds.py), then the tables that link them.
    assert list(resources)[:8] == [
        "events",
        "institutions",
        "recommendations",
        "actors",
        "sources",
        "periods",
        "publishers",
        "status_changes",
    ]
    for resource in resources.values():
        schema = resource["schema"]
        assert schema["primaryKey"], resource["name"]
        assert all(field.get("description") for field in schema["fields"]), resource["name"]
    events = {field["name"]: field for field in resources["events"]["schema"]["fields"]}
    assert events["date_start"]["type"] == "date"
    assert "accession" in events["type"]["constraints"]["enum"]
    assert {"fields": "event_id", "reference": {"resource": "events", "fields": "id"}} in (
        resources["event_actors"]["schema"]["foreignKeys"]
    )


def export_minimal(run: Run, minimal_data: Path, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "out"
    code, _, err = run(
        "export",
        "--format",
        "csv",
        "--out",
        str(out),
        "--data",
        str(minimal_data),
        "--db",
        str(tmp_path / "kb.db"),
        *extra,
    )
    assert code == 0, err
    return out


def stored(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "kb.db") as connection:
        return connection.execute(sql).fetchall()


def test_csv_is_rfc_4180_utf8_without_bom_and_round_trips(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    out = export_minimal(run, minimal_data, tmp_path)
    assert not (out / "datapackage.json").exists()
    raw = (out / "events.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    with (out / "events.csv").open(encoding="utf-8", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    founding = rows["1997-05-27-founding-act-signed"]
    expected = stored(
        tmp_path, "SELECT summary FROM events WHERE id = '1997-05-27-founding-act-signed'"
    )
    assert founding["summary"] == expected[0][0]
    assert '\n"in Paris", by NATO' in founding["summary"]
    assert rows["2009-03-05-nrc-resumption-agreed"]["location"].startswith("=HYPERLINK")
    with (out / "citations.csv").open(encoding="utf-8", newline="") as stream:
        quotes = [row["quote"] for row in csv.DictReader(stream) if row["quote"]]
    assert 'Формальные встречи "приостановлены", a, b; =SUM(1)' in quotes


def test_pandas_reads_the_csv_exactly(run: Run, minimal_data: Path, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    out = export_minimal(run, minimal_data, tmp_path)
    frame = pandas.read_csv(out / "events.csv", keep_default_na=False, dtype=str)
    expected = stored(tmp_path, "SELECT id, summary, date_start FROM events ORDER BY id")
    assert list(zip(frame["id"], frame["summary"], frame["date_start"], strict=True)) == expected


def test_the_excel_preset_has_bom_crlf_and_no_formulas(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    out = export_minimal(run, minimal_data, tmp_path, "--excel")
    raw = (out / "events.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    resumption = rows["2009-03-05-nrc-resumption-agreed"]
    assert resumption["location"] == '\'=HYPERLINK("http://example.org")'
    assert resumption["notes"] == "-12"  # a number stays a number
    founding = rows["1997-05-27-founding-act-signed"]
    assert founding["summary"].startswith("The Founding Act") and "\n" in founding["summary"]
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out / "events.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns)[:3] == ["id", "title", "date"]


@pytest.mark.usefixtures("prebuilt")
def test_the_json_export_holds_everything(run: Run, tmp_path: Path) -> None:
    code, _, _ = run("export", "--format", "json", "--out", str(tmp_path))
    document = json.loads((tmp_path / "nrkb.json").read_text(encoding="utf-8"))
    assert code == 0
    assert len(document["events"]) >= 200 and len(document["recommendations"]) >= 12
    assert {
        "events",
        "institutions",
        "recommendations",
        "actors",
        "sources",
        "vocabularies",
    } <= set(document)
    council = next(i for i in document["institutions"] if i["id"] == "nato-russia-council")
    assert [change["status"] for change in council["status"]][:3] == [
        "proposed",
        "active",
        "suspended",
    ]


@pytest.mark.usefixtures("prebuilt")
def test_the_excel_package_declares_its_encoding_and_line_ends(run: Run, tmp_path: Path) -> None:
    code, _, _ = run("export", "--format", "datapackage", "--excel", "--out", str(tmp_path))
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert code == 0
    assert descriptor["resources"][0]["dialect"]["lineTerminator"] == "\r\n"
    assert descriptor["resources"][0]["encoding"] == "utf-8-sig"
    with (tmp_path / "events.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert next(csv.reader(stream))[0] == "id"
