"""YAML files → raw records, each with the file and line of the record and of every field.

Loading is deliberately stricter than PyYAML's: the file is composed into nodes (never into
Python objects, so no tag can run code), then converted here so that

- every scalar stays the text that was written (YAML 1.1 would turn `NO` into false and
  `2014-03-16` into a date object; the models decide what a value means),
- a key repeated in one mapping is an error, not a silent overwrite,
- anchors and aliases are refused, which also rules out "billion laughs" expansion,
- tags other than YAML's standard ones are refused.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nrkb.controls import describe
from nrkb.locations import MAX_DATA_FILE_BYTES, DataFile, DataFileRefused
from nrkb.problems import Problem

MAX_FILE_BYTES = MAX_DATA_FILE_BYTES
MAX_SCALAR_CHARS = 100_000

FieldPath = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_NULL = _CORE + "null"
_SCALAR_TAGS = frozenset(
    _CORE + name for name in ("str", "null", "bool", "int", "float", "timestamp")
)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as written, with the line of every field path for error messages."""

    file: str
    index: int
    line: int
    data: dict[str, Any]
    lines: dict[FieldPath, int] = field(repr=False)
    label: str | None = None
    """What problems call a record without an id (the single mapping of a metadata file)."""

    @property
    def record_id(self) -> str:
        if self.label is not None:
            return self.label
        value = self.data.get("id")
        return value if isinstance(value, str) and value else f"#{self.index + 1}"

    def line_of(self, path: Iterable[str | int]) -> int:
        """The line of the deepest part of `path` that was written, else the record's line."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.line

    def problem(self, path: Iterable[str | int], message: str) -> Problem:
        parts = tuple(path)
        return Problem(self.file, self.line_of(parts), self.record_id, format_path(parts), message)


def format_path(path: Iterable[str | int]) -> str:
    """`("status", 2, "since")` → `status[2].since`; the empty path → `-`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "-"


class _Refused(Exception):
    def __init__(self, line: int, path: FieldPath, message: str) -> None:
        super().__init__(message)
        self.line, self.path, self.message = line, path, message


def load_file(
    path: Path, display_name: str, *, with_lines: bool = True
) -> tuple[list[RawRecord], list[Problem]]:
    """Read one data file. Problems are returned, never raised; records are those that loaded.

    With `with_lines=False` the file is read on the fast path, which keeps only the line of each
    record; anything irregular on the way falls back to the full reading with every field's line.
    """

    def whole_file(line: int, message: str) -> tuple[list[RawRecord], list[Problem]]:
        return [], [Problem(display_name, line, "-", "-", message)]

    if not with_lines:
        try:
            fast = _read_fast(path, display_name)
        except DataFileRefused as refused:
            # Not a regular file, or more bytes than the limit once read: reading it again
            # would only meet the same thing (or hang on a FIFO).
            return whole_file(1, str(refused))
        if fast is not None:
            return fast, []
    root, text, unreadable = _compose(path, display_name)
    if root is None:
        return [], unreadable
    if not isinstance(root, yaml.SequenceNode) or root.tag != _CORE + "seq":
        return whole_file(
            root.start_mark.line + 1,
            "the file must be a list of records, each starting with '- '",
        )
    records: list[RawRecord] = []
    problems: list[Problem] = []
    # One set for the whole file: an alias may name an anchor in an earlier record.
    seen: set[int] = set()
    tagged_null = _tagged_null(text)
    for index, node in enumerate(root.value):
        line = node.start_mark.line + 1
        lines: dict[FieldPath, int] = {}
        try:
            data = _convert(node, (), lines, seen, tagged_null)
        except _Refused as refused:
            where = format_path(refused.path)
            record_id = _written_id(node) or f"#{index + 1}"
            problems.append(Problem(display_name, refused.line, record_id, where, refused.message))
            continue
        except RecursionError:
            problems.append(
                Problem(display_name, line, f"#{index + 1}", "-", "nesting is too deep")
            )
            continue
        if not isinstance(data, dict):
            kind = {type(None): "an empty entry", str: "text", list: "a list"}[type(data)]
            message = f"a record must be a mapping of fields, not {kind}"
            problems.append(Problem(display_name, line, f"#{index + 1}", "-", message))
            continue
        records.append(RawRecord(display_name, index, line, data, lines))
    return records, problems


def _read_fast(path: Path, display_name: str) -> list[RawRecord] | None:
    """The records of a regular, readable UTF-8 file on the fast path, else None (the careful
    path then reads it again and says what is wrong); DataFileRefused if it is not a regular
    file or holds more bytes than the limit."""
    try:
        with DataFile(path, MAX_FILE_BYTES) as stream:
            if stream.size > MAX_FILE_BYTES or not _is_utf8(stream):
                return None
            # The parser reads the file itself, a piece at a time: no copy of it is held.
            stream.rewind()
            return _fast_records(stream, display_name)
    except DataFileRefused:
        raise
    except OSError:
        return None


def _compose(path: Path, display_name: str) -> tuple[yaml.Node | None, str, list[Problem]]:
    """The YAML node tree of a file (None if empty) and its text, or the one problem that stops
    reading it."""

    def whole_file(line: int, message: str) -> tuple[None, str, list[Problem]]:
        return None, "", [Problem(display_name, line, "-", "-", message)]

    try:
        with DataFile(path, MAX_FILE_BYTES) as stream:
            if stream.size > MAX_FILE_BYTES:
                return whole_file(
                    1, f"file is {stream.size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
                )
            raw = stream.read_all()
    except DataFileRefused as refused:
        return whole_file(1, str(refused))
    except OSError as error:
        return whole_file(1, f"cannot read the file: {error.strerror or error}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return whole_file(1, "the file is UTF-16; save it as UTF-8")
        line = raw[: error.start].count(b"\n") + 1
        return whole_file(line, f"not valid UTF-8 (byte 0x{raw[error.start]:02x})")
    del raw
    try:
        return yaml.compose(text, Loader=_Loader), text, []
    except yaml.reader.ReaderError as error:
        return whole_file(*_unacceptable_character(text, error))
    except yaml.MarkedYAMLError as error:
        return whole_file(*_syntax_error(error))
    except yaml.YAMLError as error:
        return whole_file(1, f"YAML error: {error}")
    except RecursionError:
        return whole_file(1, "YAML nesting is too deep")


def load_mapping(
    path: Path, display_name: str, label: str
) -> tuple[RawRecord | None, list[Problem]]:
    """Read a file that holds one mapping (not a list of records), with the line of every
    field; problems name the mapping `label`."""
    root, text, problems = _compose(path, display_name)
    if root is None:
        return None, problems or [Problem(display_name, 1, label, "-", "the file is empty")]
    line = root.start_mark.line + 1
    if not isinstance(root, yaml.MappingNode):
        return None, [
            Problem(display_name, line, label, "-", "the file must be a mapping of fields")
        ]
    lines: dict[FieldPath, int] = {}
    try:
        data = _convert(root, (), lines, set(), _tagged_null(text))
    except _Refused as refused:
        where = format_path(refused.path)
        return None, [Problem(display_name, refused.line, label, where, refused.message)]
    except RecursionError:
        return None, [Problem(display_name, line, label, "-", "nesting is too deep")]
    return RawRecord(display_name, 0, line, data, lines, label), []


def _unacceptable_character(text: str, error: yaml.reader.ReaderError) -> tuple[int, str]:
    """The line and a one-line reason for a character YAML refuses (NUL, other controls).

    The reader stops at the first such character, so its first occurrence is the one to show
    (the C reader's position counts bytes, not characters, and cannot be used directly).
    """
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    found = text.find(character)
    line = text.count("\n", 0, found) + 1 if found >= 0 else 1
    if character == "\0":
        return line, "a NUL character (U+0000): the file must be UTF-8 text (is it UTF-16?)"
    return line, f"character {describe(character)} is not allowed in YAML"


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line to point at and a readable reason for a YAML syntax error."""
    problem_line = error.problem_mark.line + 1 if error.problem_mark else None
    context_line = error.context_mark.line + 1 if error.context_mark else None
    problem = error.problem or "invalid YAML"
    # An unclosed quote or bracket is only noticed at the end of the file: point at its start.
    if context_line and (problem_line is None or "end of stream" in problem):
        line = context_line
    else:
        line = problem_line or 1
    where = f" ({error.context} on line {context_line})" if error.context and context_line else ""
    return line, f"YAML syntax error: {problem}{where}"


class _Irregular(Exception):
    """Something the fast path does not handle: read the file again, carefully."""


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAGS = _SCALAR_TAGS | {_CORE + "seq", _CORE + "map"}


def _is_utf8(stream: DataFile) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _fast_records(stream: DataFile, display_name: str) -> list[RawRecord] | None:
    """The records of a regular file, built straight from the parser's events, or None.

    Composing a node tree (yaml.compose) costs most of the time and memory of reading YAML;
    building values from the C parser's events is several times faster. Only the line of each
    record is kept: the careful path, which knows every field's line, runs when a problem has
    to be reported.
    """
    try:
        parser: Any = _Loader(stream)  # PyYAML's event API carries no annotations
        get: Callable[[], Any] = parser.get_event
        if not isinstance(get(), yaml.StreamStartEvent):
            return None
        first = get()
        if isinstance(first, yaml.StreamEndEvent):
            return []
        start = get()
        if (
            not isinstance(first, yaml.DocumentStartEvent)
            or not isinstance(start, yaml.SequenceStartEvent)
            or start.anchor is not None
            or start.tag not in (None, _CORE + "seq")
        ):
            return None
        records: list[RawRecord] = []
        while not isinstance(parser.peek_event(), yaml.SequenceEndEvent):
            line = parser.peek_event().start_mark.line + 1
            data = _build(parser)
            if not isinstance(data, dict):
                return None
            records.append(RawRecord(display_name, len(records), line, data, {}))
        get()  # the end of the list
        if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(
            get(), yaml.StreamEndEvent
        ):
            return None
        return records
    except (yaml.YAMLError, _Irregular, RecursionError):
        return None


def _build(parser: Any) -> Any:
    get = parser.get_event
    event = get()
    kind = type(event)
    if getattr(event, "anchor", None) is not None or kind is yaml.AliasEvent:
        raise _Irregular
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!" and (tag not in _STANDARD_TAGS or tag == _NULL):
        raise _Irregular
    if kind is yaml.ScalarEvent:
        value: str = event.value
        # Plain style is '' from the C parser and None from the pure-Python one.
        if not event.style and event.implicit[0] and tag is None and value in _NULLS:
            return None
        if len(value) > MAX_SCALAR_CHARS:
            raise _Irregular
        return value
    if kind is yaml.MappingStartEvent:
        mapping: dict[str, Any] = {}
        while True:
            key_event = get()
            if type(key_event) is yaml.MappingEndEvent:
                return mapping
            if (
                type(key_event) is not yaml.ScalarEvent
                or key_event.anchor is not None
                or (key_event.tag is not None and key_event.tag != _CORE + "str")
                or (not key_event.style and key_event.value in _NULLS | {"<<"})
                or key_event.value in mapping
            ):
                raise _Irregular
            # Interned: the same few field names recur in every record.
            mapping[sys.intern(key_event.value)] = _build(parser)
    if kind is yaml.SequenceStartEvent:
        items: list[Any] = []
        while type(parser.peek_event()) is not yaml.SequenceEndEvent:
            items.append(_build(parser))
        get()
        return items
    raise _Irregular


def _tagged_null(text: str) -> frozenset[tuple[int, int]]:
    """Where a scalar is tagged `!!null` in so many words (the node tree cannot tell).

    Such a tag turns any text into nothing, and the fast path would keep the text: refused on
    both paths, so that a record means the same whether or not the file has other problems.
    """
    return frozenset(
        (event.start_mark.line, event.start_mark.column)
        for event in yaml.parse(text, Loader=_Loader)
        if isinstance(event, yaml.ScalarEvent) and event.tag == _NULL and event.start_mark
    )


def _written_id(node: yaml.Node) -> str | None:
    """The `id` of a record node that failed to convert, so the problem can name it."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value) or None
    return None


def _convert(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    seen: set[int],
    tagged_null: frozenset[tuple[int, int]],
) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise _Refused(line, path, "YAML anchors and aliases are not allowed")
    seen.add(id(node))
    lines[path] = line
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _Refused(line, path, f"YAML tag {node.tag!r} is not allowed")
        if (node.start_mark.line, node.start_mark.column) in tagged_null:
            raise _Refused(line, path, "YAML tag '!!null' is not allowed; leave the field out")
        if node.tag == _NULL:
            return None
        value: str = node.value
        if len(value) > MAX_SCALAR_CHARS:
            limit = f"the limit is {MAX_SCALAR_CHARS:,}"
            raise _Refused(line, path, f"value is {len(value):,} characters; {limit}")
        return value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _CORE + "seq":
            raise _Refused(line, path, f"YAML tag {node.tag!r} is not allowed")
        return [
            _convert(item, (*path, i), lines, seen, tagged_null)
            for i, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _CORE + "map":
            raise _Refused(line, path, f"YAML tag {node.tag!r} is not allowed")
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                raise _Refused(key_line, path, "a field name must be plain text")
            if key_node.tag == _CORE + "merge":
                raise _Refused(key_line, path, "YAML merge keys (<<) are not allowed")
            key = key_node.value
            if key in mapping:
                first = lines[(*path, key)]
                raise _Refused(
                    key_line, (*path, key), f"duplicate key (first given on line {first})"
                )
            mapping[key] = _convert(value_node, (*path, key), lines, seen, tagged_null)
            lines[(*path, key)] = key_line
        return mapping
    raise _Refused(line, path, "unsupported YAML node")
