"""The columns of each kind's table, derived from its pydantic model, and each column's value
in a record: what build.py inserts and tables.py declares.

Every field of a kind's model that is not kept in a link table (kinds.py `links`) is a column,
named as the YAML names it; a date gives three (`date`, `date_start`, `date_end`: as written,
earliest and latest day) and the kind's own date its `precision`; a list of names is joined
with '; '; a part of the record gives the columns its kind's `flatten` names. A new field in a
model is thus a new column with no edit anywhere else. This module imports no SQLAlchemy: a
build runs the compiled DDL and needs only to know which value goes in which column.
"""

from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from nrkb.dates import PartialDate
from nrkb.kinds import RecordKind
from nrkb.models import RECORD_MODELS
from nrkb.vocab import VOCABULARIES

Part = Literal["value", "start", "end", "precision"]


@dataclass(frozen=True, slots=True)
class RecordColumn:
    """A column of a record table and where its value is in the record."""

    name: str
    path: tuple[str, ...]
    """Attribute path in the record: ("date",) or ("outcome", "status")."""
    part: Part = "value"
    """For a date: the text as written, its earliest or latest day, or its precision."""
    integer: bool = False
    nullable: bool = True
    description: str | None = None
    """The model field's own description (COLUMN_DESCRIPTIONS may say it for every table)."""
    vocabulary: str | None = None
    """The controlled vocabulary of its codes, if any (vocab.py)."""

    def value(self, record: BaseModel) -> Any:
        """The cell for this column: codes as their code, dates as ISO text, lists joined."""
        value: Any = record
        for attribute in self.path:
            value = getattr(value, attribute)
            if value is None:
                return None
        if isinstance(value, PartialDate):
            if self.part == "start":
                return value.start.isoformat()
            if self.part == "end":
                return value.end.isoformat()
            if self.part == "precision":
                return value.precision.value
            return value.text
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, list):
            return "; ".join(str(item) for item in value) or None
        return value


def record_columns(kind: RecordKind) -> list[RecordColumn]:
    """The columns of a kind's table, in the order of its model's fields."""
    model = RECORD_MODELS[kind.table]
    flattened: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for column, dotted in kind.flatten.items():
        path = tuple(dotted.split("."))
        flattened.setdefault(path[0], []).append((column, path))
    columns: list[RecordColumn] = []
    for name, info in model.model_fields.items():
        if name in kind.links:
            continue
        if name in flattened:
            for column, path in flattened[name]:
                part = _field_at(model, path)
                columns += _columns(column, path, part.annotation, description=part.description)
            continue
        added = _columns(
            info.alias or name,
            (name,),
            info.annotation,
            _min_length(info),
            description=info.description,
        )
        columns += added
        if name == kind.date and kind.precision:
            columns.append(
                RecordColumn("precision", (name,), "precision", nullable=added[0].nullable)
            )
    return columns


def _min_length(info: Any) -> int:
    """The least number of items a list field takes (0 when it may be empty)."""
    return max((getattr(item, "min_length", 0) or 0 for item in info.metadata), default=0)


def _field_at(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """The pydantic FieldInfo at a dotted path through the model's parts."""
    annotation: Any = model
    info: Any = None
    for attribute in path:
        part, _ = _optional(annotation)
        info = part.model_fields[attribute]
        annotation = info.annotation
    return info


def _optional(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether it allowed None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(annotation) if a is not type(None)]
        return present[0], len(present) < len(typing.get_args(annotation))
    return annotation, False


def _columns(
    name: str,
    path: tuple[str, ...],
    annotation: Any,
    minimum: int = 0,
    description: str | None = None,
) -> list[RecordColumn]:
    base, nullable = _optional(annotation)
    if typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    if isinstance(base, type) and issubclass(base, PartialDate):
        return [
            RecordColumn(name, path, "value", nullable=nullable, description=description),
            RecordColumn(
                f"{name}_start",
                path,
                "start",
                nullable=nullable,
                description=f"Earliest day of `{name}` (ISO 8601).",
            ),
            RecordColumn(
                f"{name}_end",
                path,
                "end",
                nullable=nullable,
                description=f"Latest day of `{name}` (ISO 8601).",
            ),
        ]
    if typing.get_origin(base) is list:
        return [
            RecordColumn(
                name,
                path,
                nullable=nullable or minimum == 0,
                description=description and f"{description} Joined with '; '.",
            )
        ]
    if isinstance(base, type) and issubclass(base, BaseModel):
        raise TypeError(
            f"{'.'.join(path)} is a part of a record: list it in its kind's `links` or "
            "`flatten` (kinds.py)"
        )
    return [
        RecordColumn(
            name,
            path,
            integer=base is int,
            nullable=nullable,
            description=description,
            vocabulary=_VOCABULARY_NAMES.get(base) if isinstance(base, type) else None,
        )
    ]


_VOCABULARY_NAMES: dict[type, str] = {vocabulary: name for name, vocabulary in VOCABULARIES.items()}


DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"sources": ("publisher_id", "publisher_class")}
"""Columns that follow from other records, not from the record's own fields: a source's
publisher is the one on whose host its URL is (publishers.py). build.py gives their values."""
