"""The formats nrkb writes — one type for all of them — and which of them each command writes.

A command declares a `Capability`: the formats it accepts for `--format`, and the one it writes
when the option is not given, chosen in one place (`Capability.choose`): the extension of the
`--output` file, else a table on a terminal, else the command's format for a pipe. Light on
purpose: the CLI imports it on every command, and `export` takes its formats from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Format(StrEnum):
    TABLE = "table"
    """Tables for a reader: on a terminal, or as plain text (`diff`)."""
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    NDJSON = "ndjson"
    MARKDOWN = "markdown"
    TEXT = "text"
    """A citation as prose."""
    BIBTEX = "bibtex"
    """BibLaTeX (see citation.py)."""
    CSLJSON = "csljson"
    CFF = "cff"
    """CITATION.cff."""
    DATAPACKAGE = "datapackage"
    """A Frictionless data package: the CSV files and datapackage.json."""


_BY_EXTENSION = {
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".json": Format.JSON,
    ".ndjson": Format.NDJSON,
    ".jsonl": Format.NDJSON,
    ".md": Format.MARKDOWN,
    ".bib": Format.BIBTEX,
    ".cff": Format.CFF,
}


def choices(formats: Sequence[str]) -> str:
    """`table, csv or json`: formats as a sentence names them."""
    names = [str(name) for name in formats]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


@dataclass(frozen=True, slots=True)
class Capability:
    """The formats one command writes, and which it writes when `--format` is not given."""

    accepted: tuple[Format, ...]
    piped: Format
    """Written to a pipe or a file whose extension names no accepted format."""
    on_terminal: Format
    from_extension: bool = True
    """The command has `--output FILE`, and the file's extension chooses the format."""

    def choose(self, asked: Format | None, output: Path | None, terminal: bool) -> Format:
        if asked is not None:
            return asked
        if output is not None:
            by_extension = _BY_EXTENSION.get(output.suffix.lower())
            return by_extension if by_extension in self.accepted else self.piped
        return self.on_terminal if terminal else self.piped

    def help(self) -> str:
        """The choices and the default, as `--help` says them."""
        if self.on_terminal == self.piped:
            default = f"default: {self.piped}"
        else:
            default = f"default: {self.on_terminal} on a terminal, else {self.piped}"
        if self.from_extension:
            default += "; with --output, from the file's extension"
        return f"{choices(self.accepted)} ({default})."


ROWS = Capability(
    (Format.TABLE, Format.CSV, Format.TSV, Format.JSON, Format.NDJSON),
    piped=Format.CSV,
    on_terminal=Format.TABLE,
)
"""The list commands (`events`, `institutions` …): rows, as render.render writes them."""

DOCUMENT = Capability(
    (Format.TABLE, Format.JSON), piped=Format.JSON, on_terminal=Format.TABLE, from_extension=False
)
"""One nested document (`show`, `stats`)."""

CITATIONS = (Format.BIBTEX, Format.CSLJSON)
"""The formats of a list of sources to cite."""

SOURCES = Capability((*ROWS.accepted, *CITATIONS), piped=Format.CSV, on_terminal=Format.TABLE)
"""`sources`: rows, or the sources to cite."""

CITE = Capability(
    (Format.TEXT, *CITATIONS, Format.CFF),
    piped=Format.TEXT,
    on_terminal=Format.TEXT,
    from_extension=False,
)

DIFF = Capability(
    (Format.TABLE, Format.JSON, Format.MARKDOWN), piped=Format.TABLE, on_terminal=Format.TABLE
)

EXPORT = Capability(
    (Format.DATAPACKAGE, Format.CSV, Format.JSON),
    piped=Format.DATAPACKAGE,
    on_terminal=Format.DATAPACKAGE,
    from_extension=False,
)
"""`export` (a directory of files, or one JSON document)."""
