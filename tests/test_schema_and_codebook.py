"""JSON Schema for editors and the codebook: generated from the models, never out of date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, REPO, Run
from nrkb.codebook import codebook
from nrkb.load import load_file
from nrkb.models import RECORD_MODELS
from nrkb.schema import file_schema, schema_text

KINDS = list(RECORD_MODELS)


def test_the_committed_codebook_is_up_to_date() -> None:
    committed = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert committed == codebook(), (
        "run: python -m nrkb.schemagen && nrkb codebook --output docs/codebook.md"
    )


def test_the_codebook_defines_every_field_and_code() -> None:
    text = codebook()
    assert "| `date` | date (EDTF) | yes |" in text
    assert "| `accession` | A state becomes a member of NATO. |" in text
    assert "### status_changes.csv" in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_committed_schemas_are_up_to_date(kind: str) -> None:
    committed = (REPO / "docs" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        "run: python -m nrkb.schemagen && nrkb schema --out docs/schema"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_each_data_file_names_its_schema_for_the_editor(kind: str) -> None:
    first_line = (DATA / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../docs/schema/{kind}.schema.json"


@pytest.mark.parametrize("kind", KINDS)
def test_the_shipped_data_validate_against_the_json_schema(kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    records, problems = load_file(DATA / f"{kind}.yaml", kind)
    assert problems == []
    jsonschema.validate([record.data for record in records], file_schema(kind))


def test_an_unknown_field_fails_the_schema_and_bare_ids_pass() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = file_schema("events")
    event = {
        "id": "2014-04-01-x",
        "title": "t",
        "date": "2014-04-01",
        "type": "suspension",
        "tone": -2,
        "actors": ["nato", {"id": "russia", "role": "target"}],
        "topics": ["crimea"],
        "summary": "s",
        "sources": ["a-source"],
    }
    jsonschema.validate([event], schema)
    with pytest.raises(jsonschema.ValidationError, match="locaton"):
        jsonschema.validate([{**event, "locaton": "Brussels"}], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**event, "type": "suspended"}], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**event, "tone": 4}], schema)


def test_schema_command(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("schema", "recommendations")
    assert code == 0 and json.loads(out)["items"] == {"$ref": "#/$defs/Recommendation"}
    code, out, _ = run("schema", "--out", str(tmp_path))
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{kind}.schema.json" for kind in KINDS
    )
