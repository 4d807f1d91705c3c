"""What changed between two versions of the data: records added, removed and changed, by kind,
with each changed field's old and new value.

Both versions are read as records, without validating them against today's models: an older
release may predate a field or a rule, and a diff must still show it. A version is a data
directory (its `<kind>.yaml` files, for every kind in locations.DATA_KINDS), an exported data
package (`datapackage.json`, its directory, or the release's zip: one kind per table, rows keyed
by the table's primary key) or an exported JSON document (`nrkb.json`: one kind per list of
records with ids). Two versions are compared in the same form.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nrkb.locations import DATA_KINDS
from nrkb.problems import NrkbError

Records = dict[str, dict[str, Any]]
"""A kind's records by id."""
Version = dict[str, Records]
"""Every kind's records."""
FieldPath = tuple[str, ...]

_MISSING: Any = object()


class VersionUnreadable(NrkbError):
    """A path that is not a version of the data nrkb can read."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: FieldPath
    old: Any
    """The old value, or None where the field (or list item) is new."""
    new: Any
    """The new value, or None where it was removed."""

    @property
    def name(self) -> str:
        """`sources[nato-2008-08-19].quote`, `status[2].since`."""
        return "".join(
            part if i == 0 or part.startswith("[") else f".{part}"
            for i, part in enumerate(self.path)
        )


@dataclass(frozen=True, slots=True)
class RecordChange:
    id: str
    label: str
    fields: list[FieldChange]


@dataclass(slots=True)
class KindDiff:
    kind: str
    added: list[tuple[str, str]] = field(default_factory=list)
    """(id, label) of each new record."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class DataDiff:
    old: str
    new: str
    form: str
    """How both versions were read: data directory, data package or JSON document."""
    kinds: list[KindDiff]

    @property
    def empty(self) -> bool:
        return all(kind.empty for kind in self.kinds)


def compare(old_path: Path, new_path: Path) -> DataDiff:
    old_form, old = read_version(old_path)
    new_form, new = read_version(new_path)
    if old_form != new_form:
        raise VersionUnreadable(
            f"{old_path} is a {old_form} but {new_path} is a {new_form}: compare two of a kind"
        )
    kinds = list(dict.fromkeys([*old, *new]))
    return DataDiff(
        str(old_path),
        str(new_path),
        old_form,
        [diff_kind(kind, old.get(kind, {}), new.get(kind, {})) for kind in kinds],
    )


def diff_kind(kind: str, old: Records, new: Records) -> KindDiff:
    result = KindDiff(kind)
    for record_id in sorted(new.keys() - old.keys()):
        result.added.append((record_id, label(new[record_id])))
    for record_id in sorted(old.keys() - new.keys()):
        result.removed.append((record_id, label(old[record_id])))
    for record_id in sorted(old.keys() & new.keys()):
        changes = list(_changes(old[record_id], new[record_id], ()))
        if changes:
            result.changed.append(RecordChange(record_id, label(new[record_id]), changes))
    return result


def label(record: dict[str, Any]) -> str:
    """What a person calls the record: its title, name or text."""
    for key in ("title", "name", "text"):
        value = record.get(key)
        if isinstance(value, str) and value:
            return " ".join(value.split())
    return ""


def _changes(old: Any, new: Any, path: FieldPath) -> Iterator[FieldChange]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            before, after = old.get(key, _MISSING), new.get(key, _MISSING)
            if before is _MISSING:
                yield FieldChange((*path, str(key)), None, after)
            elif after is _MISSING:
                yield FieldChange((*path, str(key)), before, None)
            else:
                yield from _changes(before, after, (*path, str(key)))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _list_changes(old, new, path)
    else:
        yield FieldChange(path, old, new)


def _item_key(item: Any) -> str | None:
    """A list item's id: a citation written as its id, or a mapping's `id`."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return str(item["id"])
    return None


def _list_changes(old: list[Any], new: list[Any], path: FieldPath) -> Iterator[FieldChange]:
    old_keys, new_keys = [_item_key(item) for item in old], [_item_key(item) for item in new]
    keyed = None not in old_keys and None not in new_keys
    if keyed and len(set(old_keys)) == len(old) and len(set(new_keys)) == len(new):
        # Lists of ids (topics, citations, actors with roles): compared by id, not position.
        before = dict(zip(old_keys, old, strict=True))
        after = dict(zip(new_keys, new, strict=True))
        for key in dict.fromkeys([*old_keys, *new_keys]):
            item_path = (*path, f"[{key}]")
            if key not in after:
                yield FieldChange(item_path, before[key], None)
            elif key not in before:
                yield FieldChange(item_path, None, after[key])
            elif isinstance(before[key], str) or isinstance(after[key], str):
                if before[key] != after[key]:
                    yield FieldChange(item_path, before[key], after[key])
            else:
                yield from _changes(before[key], after[key], item_path)
        return
    # Lists without ids (a status history): matched by content, so an appended entry is one
    # addition rather than a change to every later position.
    dumped_old = [_dump(item) for item in old]
    dumped_new = [_dump(item) for item in new]
    matcher = difflib.SequenceMatcher(a=dumped_old, b=dumped_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                yield from _changes(old[i1 + offset], new[j1 + offset], (*path, f"[{j1 + offset}]"))
            continue
        for index in range(i1, i2):
            yield FieldChange((*path, f"[{index}]"), old[index], None)
        for index in range(j1, j2):
            yield FieldChange((*path, f"[{index}]"), None, new[index])


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# Reading a version.

DATA_DIRECTORY = "data directory"
DATA_PACKAGE = "data package"
JSON_DOCUMENT = "JSON document"


def read_version(path: Path) -> tuple[str, Version]:
    """The form of `path` and its records, by kind."""
    if path.is_dir():
        if (path / "datapackage.json").is_file():
            return DATA_PACKAGE, _read_package(_DirectoryFiles(path))
        if any((path / f"{kind}.yaml").is_file() for kind in DATA_KINDS):
            return DATA_DIRECTORY, _read_data_directory(path)
        if (path / "nrkb.json").is_file():
            return JSON_DOCUMENT, _read_document(path / "nrkb.json")
        raise VersionUnreadable(
            f"{path}: no data files ({', '.join(f'{kind}.yaml' for kind in DATA_KINDS)}), "
            "datapackage.json or nrkb.json"
        )
    if zipfile.is_zipfile(path):
        return DATA_PACKAGE, _read_package(_ZipFiles(path))
    if path.name == "datapackage.json":
        return DATA_PACKAGE, _read_package(_DirectoryFiles(path.parent))
    if path.suffix == ".json":
        return JSON_DOCUMENT, _read_document(path)
    raise VersionUnreadable(
        f"{path}: not a data directory, a data package (datapackage.json or .zip) "
        "or a JSON document (nrkb.json)"
    )


def _read_data_directory(path: Path) -> Version:
    from nrkb.load import load_file

    version: Version = {}
    for kind in DATA_KINDS:
        file = path / f"{kind}.yaml"
        if not file.is_file():
            continue
        raw, problems = load_file(file, str(file), with_lines=False)
        if problems:
            raise VersionUnreadable(str(problems[0]))
        version[kind] = _by_id(
            (record.data for record in raw), lambda record: record.get("id"), str(file)
        )
    return version


def _read_document(path: Path) -> Version:
    document = _json_file(path)
    if not isinstance(document, dict):
        raise VersionUnreadable(f"{path}: not an nrkb JSON document (expected an object)")
    version: Version = {}
    for kind, records in document.items():
        if (
            isinstance(records, list)
            and records
            and all(isinstance(record, dict) and "id" in record for record in records)
        ):
            version[kind] = _by_id(records, lambda record: record.get("id"), str(path))
    if not version:
        raise VersionUnreadable(f"{path}: no lists of records with ids")
    return version


class _DirectoryFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def name(self, member: str) -> str:
        return str(self.root / member)

    def read(self, member: str) -> bytes:
        try:
            return (self.root / member).read_bytes()
        except OSError as error:
            raise VersionUnreadable(f"{self.name(member)}: {error.strerror or error}") from None


class _ZipFiles:
    def __init__(self, archive: Path) -> None:
        self.archive = archive
        with zipfile.ZipFile(archive) as opened:
            names = opened.namelist()
        descriptor = [name for name in names if name.rsplit("/", 1)[-1] == "datapackage.json"]
        if len(descriptor) != 1:
            raise VersionUnreadable(f"{archive}: expected one datapackage.json in the zip")
        self.prefix = descriptor[0][: -len("datapackage.json")]

    def name(self, member: str) -> str:
        return f"{self.archive}:{self.prefix}{member}"

    def read(self, member: str) -> bytes:
        try:
            with zipfile.ZipFile(self.archive) as opened:
                return opened.read(self.prefix + member)
        except KeyError:
            raise VersionUnreadable(f"{self.name(member)}: not in the zip") from None


def _read_package(files: _DirectoryFiles | _ZipFiles) -> Version:
    descriptor = _json_bytes(files.read("datapackage.json"), files.name("datapackage.json"))
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise VersionUnreadable(f"{files.name('datapackage.json')}: no resources")
    version: Version = {}
    for resource in resources:
        name, member = resource.get("name"), resource.get("path")
        keys = resource.get("schema", {}).get("primaryKey") or []
        keys = [keys] if isinstance(keys, str) else keys
        if not isinstance(name, str) or not isinstance(member, str) or not keys:
            raise VersionUnreadable(
                f"{files.name('datapackage.json')}: resource {name!r} needs a path and a primaryKey"
            )
        text = files.read(member).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        version[name] = _by_id(rows, _composite_key(keys), files.name(member))
    return version


def _composite_key(keys: list[str]) -> Callable[[dict[str, Any]], str]:
    """A row's id: its primary key's values, joined (link tables have two or three)."""
    return lambda row: " | ".join(row.get(key) or "" for key in keys)


def _by_id(records: Any, key: Callable[[dict[str, Any]], Any], where: str) -> Records:
    by_id: Records = {}
    for record in records:
        record_id = key(record)
        if not isinstance(record_id, str) or not record_id:
            raise VersionUnreadable(f"{where}: a record without an id")
        by_id[record_id] = record
    return by_id


def _json_file(path: Path) -> Any:
    try:
        return _json_bytes(path.read_bytes(), str(path))
    except OSError as error:
        raise VersionUnreadable(f"{path}: {error.strerror or error}") from None


def _json_bytes(data: bytes, where: str) -> Any:
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise VersionUnreadable(f"{where}:{line}: not valid JSON ({error})") from None


# Writing a diff.

_WIDTH = 100
"""Values longer than this are shortened in text and Markdown (never in JSON)."""


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _change_text(change: FieldChange) -> str:
    if change.old is None:
        return f"added {_shown(change.new)}"
    if change.new is None:
        return f"removed {_shown(change.old)}"
    return f"{_shown(change.old)} → {_shown(change.new)}"


def _counts(kind: KindDiff) -> tuple[int, int, int]:
    return len(kind.added), len(kind.removed), len(kind.changed)


def as_json(diff: DataDiff) -> str:
    document = {
        "old": diff.old,
        "new": diff.new,
        "form": diff.form,
        "kinds": {
            kind.kind: {
                "added": [{"id": i, "label": text} for i, text in kind.added],
                "removed": [{"id": i, "label": text} for i, text in kind.removed],
                "changed": [
                    {
                        "id": record.id,
                        "label": record.label,
                        "fields": [
                            {"field": change.name, "old": change.old, "new": change.new}
                            for change in record.fields
                        ],
                    }
                    for record in kind.changed
                ],
            }
            for kind in diff.kinds
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def as_text(diff: DataDiff) -> str:
    """A table of counts by kind, then each record: `+` added, `-` removed, `~` changed."""
    width = max((len(kind.kind) for kind in diff.kinds), default=4)
    lines = [f"{diff.old} → {diff.new} (each a {diff.form})", ""]
    lines.append(f"{'kind':<{width}}  {'added':>7}  {'removed':>7}  {'changed':>7}")
    for kind in diff.kinds:
        added, removed, changed = _counts(kind)
        lines.append(f"{kind.kind:<{width}}  {added:>7}  {removed:>7}  {changed:>7}")
    for kind in diff.kinds:
        if kind.empty:
            continue
        lines += ["", f"{kind.kind}:"]
        lines += [f"+ {record_id}  {text}".rstrip() for record_id, text in kind.added]
        lines += [f"- {record_id}  {text}".rstrip() for record_id, text in kind.removed]
        for record in kind.changed:
            lines.append(f"~ {record.id}")
            lines += [f"    {change.name}: {_change_text(change)}" for change in record.fields]
    return "\n".join(lines) + "\n"


def as_markdown(diff: DataDiff, summary: bool = False) -> str:
    """Counts by kind, the records added and removed, and the fields changed (old → new).

    With `summary`, as a changelog wants it: per kind one line each for the ids added, removed
    and changed (with the names of the fields that changed), no values.
    """
    lines = ["| Kind | Added | Removed | Changed |", "|---|---:|---:|---:|"]
    for kind in diff.kinds:
        added, removed, changed = _counts(kind)
        lines.append(f"| {kind.kind} | {added} | {removed} | {changed} |")
    for kind in diff.kinds:
        if kind.empty:
            continue
        lines += ["", f"#### {kind.kind.capitalize()}", ""]
        if summary:
            lines += _summary_lines(kind)
            continue
        lines += [f"- Added `{i}`{f': {_md(text)}' if text else ''}" for i, text in kind.added]
        lines += [f"- Removed `{i}`{f': {_md(text)}' if text else ''}" for i, text in kind.removed]
        for record in kind.changed:
            lines.append(f"- Changed `{record.id}`: {', '.join(_field_names(record))}")
            lines += [
                f"  - `{change.name}`: {_md(_shown(change.old))} → {_md(_shown(change.new))}"
                for change in record.fields
            ]
    return "\n".join(lines) + "\n"


def _summary_lines(kind: KindDiff) -> list[str]:
    lines = []
    for verb, records in (("Added", kind.added), ("Removed", kind.removed)):
        if records:
            ids = ", ".join(f"`{record_id}`" for record_id, _ in records)
            lines.append(f"- {verb} ({len(records)}): {ids}")
    if kind.changed:
        changed = ", ".join(
            f"`{record.id}` ({', '.join(_field_names(record))})" for record in kind.changed
        )
        lines.append(f"- Changed ({len(kind.changed)}): {changed}")
    return lines


def _field_names(record: RecordChange) -> list[str]:
    return list(dict.fromkeys(change.path[0] for change in record.fields))


def _md(text: str) -> str:
    # Table pipes and emphasis marks in titles and values must print as written.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
