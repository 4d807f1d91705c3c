"""Citing: sources as BibTeX and CSL-JSON, `nrkb cite ID`, and CITATION.cff for the dataset."""

from __future__ import annotations

import json
import re

import yaml

from conftest import REPO, Run
from nrkb import __version__


def test_sources_as_csl_json(run: Run) -> None:
    code, out, _ = run("sources", "--format", "csljson")
    items = {item["id"]: item for item in json.loads(out)}
    assert code == 0 and len(items) >= 150
    brief = items["csernatoni-2014-nato-russia-brief"]
    assert brief["type"] == "report" and brief["author"] == [{"literal": "Raluca Csernatoni"}]
    assert brief["issued"] == {"date-parts": [[2014, 7, 25]]}
    assert all(item["URL"].startswith("http") for item in items.values())


def test_sources_as_bibtex_parse_as_entries(run: Run) -> None:
    code, out, _ = run("sources", "--format", "bibtex")
    entries = re.findall(r"^@misc\{([a-z0-9-]+),$", out, flags=re.MULTILINE)
    assert code == 0 and len(entries) == len(set(entries)) >= 150
    assert out.count("{") == out.count("}")  # special characters are escaped
    assert "url = {https://" in out


def test_an_unknown_source_format_is_a_usage_error(run: Run) -> None:
    code, _, err = run("sources", "--format", "ris")
    assert code == 2 and "bibtex" in err


def test_cite_a_record_lists_its_sources_and_the_dataset(run: Run) -> None:
    code, out, _ = run("cite", "2008-08-19-nato-suspends-formal-nrc-meetings")
    assert code == 0
    assert out.startswith("NATO foreign ministers put NATO-Russia Council meetings on hold")
    assert "[1] " in out and "https://www.nato.int/" in out
    assert f"Version {__version__}" in out


def test_cite_a_recommendation_as_bibtex_includes_the_brief_and_the_dataset(run: Run) -> None:
    code, out, _ = run("cite", "csernatoni-2014-freeze-arms-sales-to-russia", "--format", "bibtex")
    assert code == 0
    assert "@misc{csernatoni-2014-nato-russia-brief," in out
    assert f"@misc{{nrkb-{__version__}," in out


def test_citation_cff_matches_the_package() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == __version__
    assert cff["title"].startswith("nrkb")
