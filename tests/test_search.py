"""`nrkb search` and `events --search`: ranked, highlighted, forgiving of stray syntax."""

from __future__ import annotations

import json

import pytest

from conftest import Run

pytestmark = pytest.mark.usefixtures("prebuilt")  # every test reads the bundled data


def hits(run: Run, *args: str) -> list[dict[str, object]]:
    code, out, err = run("search", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_missile_defence_puts_the_capability_first_and_highlights_the_words(run: Run) -> None:
    top = hits(run, "missile defence", "--limit", "5")
    assert len(top) == 5
    assert top[0]["id"] == "nato-missile-defence"
    assert all("[missile]" in str(hit["snippet"]).lower() for hit in top)


def test_each_hit_names_its_kind_id_title_date_and_snippet(run: Run) -> None:
    hit = hits(run, "Dmytrivka")[0]
    assert hit["record_kind"] == "event"
    assert hit["id"] == "2014-07-23-two-ukrainian-su-25-shot-down-savur-mohyla"
    assert hit["date"] == "2014-07-23"
    assert "[Dmytrivka]" in str(hit["snippet"])


@pytest.mark.parametrize("query", ["Dmýtrivka", "DMYTRIVKA", "dmytriv*"])
def test_search_ignores_case_and_diacritics_and_takes_prefixes(run: Run, query: str) -> None:
    assert "2014-07-23-two-ukrainian-su-25-shot-down-savur-mohyla" in [
        hit["id"] for hit in hits(run, query)
    ]


def test_cyrillic_text_is_searchable_in_any_case(run: Run) -> None:
    upper = [hit["id"] for hit in hits(run, "НАТО")]
    lower = [hit["id"] for hit in hits(run, "нато")]
    assert upper and upper == lower


def test_phrases_or_and_not(run: Run) -> None:
    phrase = {hit["id"] for hit in hits(run, '"Founding Act"', "--limit", "50")}
    assert "1997-05-27-nato-russia-founding-act-signed-paris" in phrase
    either = {hit["id"] for hit in hits(run, "Skripal OR Navalny", "--limit", "50")}
    assert any("salisbury" in i or "skripal" in i for i in either)
    assert any("navalny" in i for i in either)
    without = {hit["id"] for hit in hits(run, "Crimea NOT referendum", "--limit", "100")}
    assert without and "2014-03-16-crimea-status-referendum" not in without


@pytest.mark.parametrize("query", ["crimea AND (", '"unbalanced', "NATO*)", "-", "AND"])
def test_text_that_is_not_valid_search_syntax_never_fails(run: Run, query: str) -> None:
    code, out, err = run("search", query, "--format", "json")
    assert code == 0, err
    assert isinstance(json.loads(out), list)


def test_kind_filter(run: Run) -> None:
    found = hits(run, "Founding Act", "--kind", "institution")
    assert found and {hit["record_kind"] for hit in found} == {"institution"}
    assert found[0]["id"] == "nato-russia-founding-act"


def test_events_search_reuses_the_index_and_keeps_date_order(run: Run) -> None:
    code, out, _ = run("events", "--search", "Crimea", "--since", "2014", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert "2014-03-16-crimea-status-referendum" in [row["id"] for row in rows]
    assert [row["date_start"] for row in rows] == sorted(row["date_start"] for row in rows)


def test_events_search_forgives_spelling_and_takes_other_names(run: Run) -> None:
    def found(text: str) -> set[str]:
        code, out, err = run("events", "--search", text, "--format", "json")
        assert code == 0, err
        return {row["id"] for row in json.loads(out)}

    assert found("missile defense") == found("missile defence")
    assert "2008-08-19-nato-suspends-formal-nrc-meetings" in found("NRC suspension")
