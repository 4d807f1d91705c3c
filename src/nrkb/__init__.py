"""nrkb: a structured, sourced knowledge base of NATO-Russia relations since 1991.

import nrkb
kb = nrkb.open()
kb.events(since="2008", institution="nato-russia-council")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nrkb.api import KnowledgeBase

# Kept light: `nrkb --version` and every query import this package first.
from nrkb.about import __version__ as __version__


def open(data: str | Path | None = None, db: str | Path | None = None) -> KnowledgeBase:
    """Open the knowledge base (see nrkb.api.KnowledgeBase)."""
    from nrkb import api

    return api.open(data, db)
