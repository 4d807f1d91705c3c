"""Characters that must never reach a terminal as themselves.

C0 and C1 control characters (ESC starts the sequences that clear a screen, retitle a window,
plant a link or write to the clipboard) and the bidirectional overrides (which reorder what a
reader sees) are refused in the data and shown as escapes wherever text is printed for a person.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_EXCEPT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]")


def first_unsafe(text: str, *, newlines: bool = False) -> str | None:
    """The first character of `text` that may not be printed as itself, if any."""
    match = (_UNSAFE_EXCEPT_NEWLINE if newlines else _UNSAFE).search(text)
    return match.group() if match else None


def describe(char: str) -> str:
    """`\\x1b` → `U+001B`, as a message names it."""
    return f"U+{ord(char):04X}"


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` with every unsafe character replaced by its escape (`\\x1b`, `\\u202e`)."""
    pattern = _UNSAFE_EXCEPT_NEWLINE if newlines else _UNSAFE
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
