"""`nrkb release --out DIR`: every artifact a release publishes, checksums that verify, a data
package that validates, and release notes from the changelog."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, Run, invoke
from nrkb import about
from nrkb.release import ReleaseRefused, release_notes
from test_export import frictionless_validate

STEM = f"nrkb-{about.VERSION}"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("release") / "release"
    result = invoke(["release", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_the_release_is_complete(release: tuple[Path, str]) -> None:
    out, listing = release
    names = {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()}
    assert {
        f"{STEM}-datapackage.zip",
        f"{STEM}.sqlite",
        f"{STEM}.json",
        f"{STEM}.bib",
        f"{STEM}.csl.json",
        "codebook.md",
        "RELEASE-NOTES.md",
        "CITATION.cff",
        "LICENSE",
        "LICENSE-DATA.md",
        "SHA256SUMS",
        "csv/events.csv",
        "csv/sources.csv",
    } <= names
    assert len(listing.splitlines()) == len(names)  # the command lists what it wrote


def test_the_checksums_cover_every_file_and_verify(release: tuple[Path, str]) -> None:
    out, _ = release
    lines = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    files = {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()}
    assert set(sums) == files - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name


def test_the_zipped_data_package_validates(release: tuple[Path, str], tmp_path: Path) -> None:
    pytest.importorskip("frictionless")
    out, _ = release
    with zipfile.ZipFile(out / f"{STEM}-datapackage.zip") as archive:
        archive.extractall(tmp_path)
    package = tmp_path / f"{STEM}-datapackage"
    assert "CC BY 4.0" in (package / "LICENSE.md").read_text(encoding="utf-8")
    report = json.loads(frictionless_validate(package / "datapackage.json").stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == about.VERSION


def test_the_database_holds_the_data_without_the_builders_paths(
    release: tuple[Path, str],
) -> None:
    out, _ = release
    with sqlite3.connect(out / f"{STEM}.sqlite") as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        (events,) = connection.execute("SELECT COUNT(*) FROM events").fetchone()
    assert events >= 300 and meta["data_hash"]
    assert "data_dir" not in meta and "data_stats" not in meta


def test_the_bibliography_cites_the_dataset_and_every_source(release: tuple[Path, str]) -> None:
    out, _ = release
    items = json.loads((out / f"{STEM}.csl.json").read_text(encoding="utf-8"))
    assert items[0]["id"] == STEM and items[0]["version"] == about.VERSION
    with sqlite3.connect(out / f"{STEM}.sqlite") as connection:
        (sources,) = connection.execute("SELECT COUNT(*) FROM sources").fetchone()
    assert len(items) == sources + 1
    assert (out / f"{STEM}.bib").read_text(encoding="utf-8").startswith(f"@dataset{{{STEM},")


def test_the_release_notes_are_this_versions_changelog_section(release: tuple[Path, str]) -> None:
    out, _ = release
    notes = (out / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    assert notes.startswith(f"# nrkb {about.VERSION} ({about.RELEASED})")
    assert "### Data" in notes and "## [0.1.0]" not in notes


def test_a_changelog_without_this_version_is_refused() -> None:
    with pytest.raises(ReleaseRefused, match="no section"):
        release_notes("# Changelog\n\n## [0.1.0] - 2026-11-26\n\n- First.\n")
    wrong_date = f"## [{about.VERSION}] - 1999-01-01\n"
    with pytest.raises(ReleaseRefused, match=r"about\.py says"):
        release_notes(wrong_date)
    assert release_notes((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))


def test_a_release_is_never_written_over_another(run: Run, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run("release", "--out", str(tmp_path))
    assert code == 1 and "not an empty directory" in err
    assert [path.name for path in tmp_path.iterdir()] == ["old.txt"]
