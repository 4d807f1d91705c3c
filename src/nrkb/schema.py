"""JSON Schema for each data file, generated from the pydantic models.

Editors validate YAML while you type with it (yaml-language-server reads the modeline at the
top of each data file). The schema describes what the YAML may say, which is a little more than
the models' own JSON form: a reference may be a bare id instead of `{id: ...}`, and a
recommendation's `addressee` may be one id instead of a list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nrkb.models import ID_PATTERN, RECORD_MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Models that YAML may write as a bare id string.
_BARE_ID_MODELS = ("Citation", "ActorRef", "InstitutionRef")


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `data/<kind>.yaml`: a list of records."""
    model = RECORD_MODELS[kind]
    record_schema = model.model_json_schema(ref_template="#/$defs/{model}")
    definitions: dict[str, Any] = record_schema.pop("$defs", {})
    definitions[model.__name__] = record_schema
    for name in _BARE_ID_MODELS:
        if name in definitions:
            definitions[name] = {
                "anyOf": [{"type": "string", "pattern": ID_PATTERN}, definitions[name]],
                "description": definitions[name].get("description", ""),
            }
    if model.__name__ == "Recommendation":
        addressee = definitions["Recommendation"]["properties"]["addressee"]
        definitions["Recommendation"]["properties"]["addressee"] = {
            "anyOf": [{"type": "string", "pattern": ID_PATTERN}, addressee],
            "description": addressee.get("description", ""),
        }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"nrkb data/{kind}.yaml",
        "description": f"A list of {model.__name__} records. {model.__doc__ or ''}".strip(),
        "type": "array",
        "items": {"$ref": f"#/$defs/{model.__name__}"},
        "$defs": definitions,
    }


def schema_text(kind: str) -> str:
    return json.dumps(file_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every data file into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in RECORD_MODELS:
        target = out_dir / f"{kind}.schema.json"
        target.write_text(schema_text(kind), encoding="utf-8")
        written.append(target)
    return written
