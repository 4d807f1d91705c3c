"""What the dataset is called, its version, its release date and its licences: stated once, here.

Everything that names them follows from this module: `nrkb --version`, `nrkb cite`, CITATION.cff
(written by `nrkb cite --format cff`), the exported data package and JSON document, the
codebook and the release artifacts. Tests check that the files written by hand (README,
pyproject.toml, LICENSE, data/LICENSE.md, CHANGELOG.md) say the same. Kept free of imports:
`nrkb --version` and every query import it.

Versions are calendar versions, YEAR.MONTH.PATCH (PEP 440, e.g. 2026.11.0): a dataset's content
changes with every release, so the version says how recent the data are; PATCH counts the
releases within a month (corrections). A release is cut by setting VERSION and RELEASED below
and adding its section to CHANGELOG.md (see docs/releasing.md).
"""

from __future__ import annotations

from dataclasses import dataclass

__version__ = "2026.11.0"
VERSION = __version__
RELEASED = "2026-11-28"
"""Release date (ISO day) of VERSION."""

TITLE = "nrkb: a sourced knowledge base of NATO-Russia relations"
SHORT_TITLE = "nrkb"
AUTHOR = "nrkb developers"
"""The collective author; an organisation name, so citations brace it."""
DESCRIPTION = (
    "A structured, sourced record of NATO-Russia relations since 1991: events, institutions "
    "with their status histories, policy recommendations with their outcomes, actors, the named "
    "periods of the relationship and the documents cited. Every event carries a tone from -3 "
    "(open conflict) to +3 (founding cooperation); every record cites at least one source "
    "with a URL."
)
KEYWORDS = ("NATO", "Russia", "international relations", "arms control", "security", "dataset")


@dataclass(frozen=True, slots=True)
class Licence:
    spdx: str
    """SPDX identifier, as CITATION.cff, pyproject.toml and data packages write it."""
    title: str
    url: str
    file: str
    """The licence text in the repository (and in a release)."""


CODE_LICENCE = Licence("MIT", "MIT License", "https://opensource.org/license/mit", "LICENSE")
"""The software: src/, tests/, docs/ and the build files."""
DATA_LICENCE = Licence(
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "https://creativecommons.org/licenses/by/4.0/",
    "data/LICENSE.md",
)
"""The data: the records in data/ and everything exported from them. Quotations in the records
remain their authors' and are short and attributed."""

ATTRIBUTION = (
    f"{AUTHOR}, {TITLE}, version {VERSION} ({RELEASED}), licensed under {DATA_LICENCE.spdx}."
)
"""How to attribute the data, as data/LICENSE.md asks."""
