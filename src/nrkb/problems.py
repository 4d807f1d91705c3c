"""What is wrong with the data, said so that a person can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass

from nrkb import controls


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem in one field of one record: `FILE:LINE: RECORD-ID: FIELD: message`."""

    file: str
    line: int
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        # Every part is made visible: an id or a field name read from the data may hold a
        # newline (which would forge a second problem line) or an escape sequence.
        shown = controls.visible
        return (
            f"{shown(self.file)}:{self.line}: {shown(self.record_id)}: {shown(self.field)}: "
            f"{shown(self.message)}"
        )


class NrkbError(Exception):
    """An error to report to the user as a message, without a traceback (exit code 1)."""


class DataInvalid(NrkbError):
    """The data did not validate; nothing was built."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"the data has {count} problem{'s' if count != 1 else ''}")


class CannotWrite(NrkbError):
    """The database could not be written where it belongs."""


class UsageProblem(NrkbError):
    """The command was given a value that names nothing (exit code 2, like any usage error)."""
