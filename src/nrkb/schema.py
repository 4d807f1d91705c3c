"""JSON Schema for each data file, for editors that validate YAML while you type.

yaml-language-server reads the modeline at the top of each data file. The schemas are compiled
from the pydantic models by schemagen.py (where they say what the YAML may say beyond the
models' own JSON form) into the compiled schema, read here without importing the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nrkb import compiled


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `data/<kind>.yaml`: a list of records."""
    return compiled.load()["json_schemas"][kind]


def schema_text(kind: str) -> str:
    return json.dumps(file_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every data file into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in compiled.load()["json_schemas"]:
        target = out_dir / f"{kind}.schema.json"
        target.write_text(schema_text(kind), encoding="utf-8")
        written.append(target)
    return written
