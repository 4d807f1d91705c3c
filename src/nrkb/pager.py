"""Long output on a terminal goes through a pager, as git does: `$PAGER` (else `less -FRX`),
only when it is longer than the screen, never when piped, and not with `nrkb --no-pager`."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

enabled = True
"""Cleared by `nrkb --no-pager`."""


@contextmanager
def paged() -> Iterator[TextIO]:
    """A stream for terminal output: standard output itself, or a buffer shown in the pager if
    what was written does not fit the screen."""
    if not enabled or not sys.stdout.isatty():
        yield sys.stdout
        return
    size = shutil.get_terminal_size()
    buffer = io.StringIO()
    # Rich sizes its tables by COLUMNS when it does not write to the terminal itself.
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(size.columns)
    try:
        yield buffer
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
    text = buffer.getvalue()
    if text.count("\n") < size.lines or not _page(text):
        sys.stdout.write(text)


def _page(text: str, run: Callable[..., object] | None = None) -> bool:
    """Show `text` in the pager; False if there is none to run."""
    import shlex
    import subprocess

    command = os.environ.get("PAGER", "less")
    if not command.strip() or command.strip() == "cat":
        return False
    environment = {**os.environ}
    environment.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave no blank
    try:
        subprocess.run(shlex.split(command), input=text, text=True, env=environment, check=False)
    except OSError:
        return False
    return True
