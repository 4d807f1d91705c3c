"""A release: every artifact a version of nrkb publishes, in one directory, with SHA256SUMS.

Run from a checkout (`nrkb release --out DIR`): the release notes come from CHANGELOG.md and the
licence texts from LICENSE and data/LICENSE.md, which an installed package does not carry.
Zip members have a fixed timestamp, so the same data give the same archive and checksum.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from nrkb import about
from nrkb.formats import Format
from nrkb.locations import Location
from nrkb.problems import NrkbError

SUMS = "SHA256SUMS"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\S+))?", re.MULTILINE)


class ReleaseRefused(NrkbError):
    """The release cannot be made as asked (not a checkout, no changelog entry, DIR not empty)."""


def checkout() -> Path:
    """The repository this nrkb runs from (a source or editable install)."""
    root = Path(__file__).resolve().parent.parent.parent
    if not (root / "pyproject.toml").is_file():
        raise ReleaseRefused("nrkb release runs from a checkout of the repository")
    return root


def stem() -> str:
    return f"nrkb-{about.VERSION}"


def release_notes(changelog: str) -> str:
    """The CHANGELOG.md section of this version, which must carry this version's release date."""
    sections = list(_SECTION.finditer(changelog))
    for index, section in enumerate(sections):
        if section["version"] != about.VERSION:
            continue
        if section["date"] != about.RELEASED:
            raise ReleaseRefused(
                f"CHANGELOG.md dates {about.VERSION} {section['date'] or '(no date)'}, "
                f"but src/nrkb/about.py says {about.RELEASED}"
            )
        end = sections[index + 1].start() if index + 1 < len(sections) else len(changelog)
        body = changelog[section.end() : end].strip()
        return f"# nrkb {about.VERSION} ({about.RELEASED})\n\n{body}\n"
    raise ReleaseRefused(f"CHANGELOG.md has no section '## [{about.VERSION}] - {about.RELEASED}'")


def write_release(location: Location, checkout: Path, out: Path) -> list[Path]:
    """Write the artifacts of this version into `out` (new or empty); return them, SUMS last."""
    from nrkb import citation, export, query
    from nrkb.codebook import codebook
    from nrkb.db import connect

    missing = [name for name in ("CHANGELOG.md", "LICENSE") if not (checkout / name).is_file()]
    if missing:
        raise ReleaseRefused(
            f"{checkout}: no {' or '.join(missing)}; nrkb release runs from a checkout"
        )
    notes = release_notes((checkout / "CHANGELOG.md").read_text(encoding="utf-8"))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseRefused(f"{out}: not an empty directory; a release is written afresh")
    out.mkdir(parents=True, exist_ok=True)
    name = stem()
    written: list[Path] = []

    def text_file(filename: str, text: str) -> None:
        target = out / filename
        target.write_text(text, encoding="utf-8")
        written.append(target)

    connection = connect(location)
    try:
        written.append(_copy_database(connection, out / f"{name}.sqlite"))
        with tempfile.TemporaryDirectory() as scratch:
            package = Path(scratch) / f"{name}-datapackage"
            export.export(connection, package, Format.DATAPACKAGE)
            shutil.copyfile(checkout / about.DATA_LICENCE.file, package / "LICENSE.md")
            written.append(_zip(package, out / f"{name}-datapackage.zip"))
        written += export.export(connection, out / "csv", Format.CSV)
        (document,) = export.export(connection, out, Format.JSON)
        written.append(document.rename(out / f"{name}.json"))
        sources = query.sources(connection)
    finally:
        connection.close()
    text_file("codebook.md", codebook())
    text_file(f"{name}.bib", citation.dataset_bibtex() + "\n" + citation.bibtex(sources))
    text_file(
        f"{name}.csl.json",
        citation.csl_json_items(
            [citation.dataset_csl(), *(citation.csl_item(source) for source in sources)]
        ),
    )
    text_file("RELEASE-NOTES.md", notes)
    text_file("CITATION.cff", citation.citation_cff())
    for licence, filename in (
        (about.CODE_LICENCE, "LICENSE"),
        (about.DATA_LICENCE, "LICENSE-DATA.md"),
    ):
        shutil.copyfile(checkout / licence.file, out / filename)
        written.append(out / filename)
    written.append(write_sums(out, written))
    return written


def _copy_database(connection: sqlite3.Connection, target: Path) -> Path:
    # The backup API copies a consistent snapshot even if a build replaces the file meanwhile.
    copy = sqlite3.connect(target)
    try:
        connection.backup(copy)
        # Where and when the local build read its files means nothing to a reader of the
        # release (and would name a path on the builder's machine); the data hash stays.
        with copy:
            copy.execute("DELETE FROM meta WHERE key IN ('data_dir', 'data_stats')")
        copy.execute("VACUUM")
    finally:
        copy.close()
    return target


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                member = zipfile.ZipInfo(
                    f"{folder.name}/{path.relative_to(folder).as_posix()}", _ZIP_TIME
                )
                member.compress_type = zipfile.ZIP_DEFLATED
                member.external_attr = 0o644 << 16
                archive.writestr(member, path.read_bytes())
    return target


def write_sums(out: Path, files: list[Path]) -> Path:
    """SHA256SUMS in the form `sha256sum -c SHA256SUMS` checks."""
    lines = [
        f"{_sha256(path)}  {path.relative_to(out).as_posix()}"
        for path in sorted(files, key=lambda path: path.relative_to(out).as_posix())
    ]
    target = out / SUMS
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
