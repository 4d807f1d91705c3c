"""One licence for the code, one for the data, one version and one release date: every file a
user may read first says the same as src/nrkb/about.py."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import REPO, invoke
from nrkb import __version__, about
from nrkb.codebook import codebook


def _cff() -> dict[str, Any]:
    def as_text(value: Any) -> Any:
        # YAML reads `2026-11-28` as a date; the CFF schema wants the text.
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: as_text(item) for key, item in value.items()}
        if isinstance(value, list):
            return [as_text(item) for item in value]
        return value

    loaded = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    return dict(as_text(loaded))


def test_citation_cff_is_valid_citation_file_format_1_2_0() -> None:
    # The schema cffconvert --validate uses (cffconvert 2.0 pins jsonschema<4, which
    # frictionless cannot share), vendored from citation-file-format 1.2.0.
    schema = json.loads(
        (Path(__file__).parent / "fixtures" / "citation-cff-1.2.0.schema.json").read_text("utf-8")
    )
    jsonschema.validate(_cff(), schema)


def test_citation_cff_carries_both_licences_the_version_and_the_date() -> None:
    cff = _cff()
    assert cff["license"] == "MIT"
    preferred = cff["preferred-citation"]
    assert preferred["type"] == "data" and preferred["license"] == "CC-BY-4.0"
    for entry in (cff, preferred):
        assert entry["version"] == about.VERSION and entry["date-released"] == about.RELEASED


def test_the_licence_files_say_mit_for_the_code_and_cc_by_for_the_data() -> None:
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    data_licence = (REPO / about.DATA_LICENCE.file).read_text(encoding="utf-8")
    assert "CC-BY-4.0" in data_licence and about.DATA_LICENCE.url in data_licence
    assert "How to attribute" in data_licence and "Quotations" in data_licence


def test_the_readme_states_both_licences_once() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licence", 1)[1]
    assert "MIT" in section and "CC BY 4.0" in section and "data/LICENSE.md" in section
    assert readme.count("## Licence") == 1


def test_pyproject_takes_the_version_from_about_and_says_mit() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == about.CODE_LICENCE.spdx
    assert project["tool"]["hatch"]["version"]["path"] == "src/nrkb/about.py"
    assert __version__ == about.VERSION
    assert re.fullmatch(r"20\d\d\.(?:[1-9]|1[0-2])\.\d+", about.VERSION)
    assert (
        datetime.date.fromisoformat(about.RELEASED).strftime("%Y.%-m")
        == about.VERSION.rsplit(".", 1)[0]
    )


def test_the_changelog_has_a_section_for_this_version_with_its_date() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{about.VERSION}] - {about.RELEASED}" in changelog
    assert "## [0.1.0] - " in changelog and "## [Unreleased]" in changelog


def test_the_codebook_states_both_licences() -> None:
    text = codebook()
    assert "CC-BY-4.0" in text and "MIT" in text and about.VERSION in text
    assert (REPO / "docs" / "codebook.md").read_text(encoding="utf-8") == text


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    out = tmp_path_factory.mktemp("export")
    for export_format in ("datapackage", "json"):
        result = invoke(["export", "--format", export_format, "--out", str(out)])
        assert result.exit_code == 0, result.output
    return out


def test_the_data_package_and_json_document_say_cc_by_and_the_version(exported: Path) -> None:
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert descriptor["version"] == about.VERSION
    assert descriptor["nrkb"]["released"] == about.RELEASED
    document = json.loads((exported / "nrkb.json").read_text(encoding="utf-8"))
    assert document["license"]["name"] == "CC-BY-4.0" and document["version"] == about.VERSION


def test_the_data_licence_ships_with_the_data() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"] == {
        "data": "nrkb/data"
    }
    assert (REPO / "data" / "LICENSE.md").is_file()
