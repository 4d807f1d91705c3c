"""Search relevance: queries an analyst would type, and the record that must come first.

The ranking is by where the words are (a record's name before its text, exact and phrase
matches before scattered words), the same for every kind of record; these cases check that
rule on the real data, not weights tuned to them.
"""

from __future__ import annotations

import json

import pytest

from conftest import Run

pytestmark = pytest.mark.usefixtures("prebuilt")  # every test reads the bundled data


def ids(run: Run, *args: str) -> list[str]:
    code, out, err = run("search", *args, "--format", "json")
    assert code == 0, err
    return [str(hit["id"]) for hit in json.loads(out)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # The institution of that name before the events that mention it.
        ("missile defence", "nato-missile-defence"),
        ("founding act", "nato-russia-founding-act"),
        ("Open Skies", "open-skies-treaty"),
        ("INF Treaty", "inf-treaty"),
        ("New START", "new-start-treaty"),
        ("NATO-Russia Council", "nato-russia-council"),
        ("Partnership for Peace", "partnership-for-peace"),
        ("Minsk agreements", "minsk-agreements"),
        # A short name or an alias is a name.
        ("PJC", "permanent-joint-council"),
        ("NRC", "nato-russia-council"),
        # The event the words name, by its title and its type.
        ("Wales summit", "2014-09-04-wales-summit"),
        ("NRC suspension", "2008-08-19-nato-suspends-formal-nrc-meetings"),
        ("Skripal poisoning", "2018-03-04-salisbury-skripal-novichok-poisoning"),
        ("Munich speech", "2007-02-10-putin-munich-speech"),
        ("Finland accession", "2023-04-04-finland-accedes-to-nato"),
        ("military liaison mission", "nato-military-liaison-mission-moscow"),
        ("helicopter", "nrc-helicopter-maintenance-trust-fund"),
        # An actor by its name, before the documents of the same name.
        ("Russia", "russia"),
        ("Putin", "vladimir-putin"),
        ("Kosovo", "kosovo"),
        # Other languages: the actor or institution of that name.
        ("Крым", "crimea"),
        ("НАТО", "nato"),
        ("Совет Россия–НАТО", "nato-russia-council"),
        # US spelling, an adjective, a verb for a noun.
        ("missile defense", "nato-missile-defence"),
        ("Crimean", "crimea"),
    ],
)
def test_the_record_a_user_means_comes_first(run: Run, query: str, first: str) -> None:
    assert ids(run, query, "-n", "5")[0] == first


@pytest.mark.parametrize(("query", "expected"), [("Крым", "2014-03-16-crimea-status-referendum")])
def test_another_language_finds_the_events_too(run: Run, query: str, expected: str) -> None:
    assert expected in ids(run, query, "-n", "10")


def test_a_source_comes_after_the_records_matched_as_well(run: Run) -> None:
    found = ids(run, "New START", "-n", "4")
    assert found[0] == "new-start-treaty"
    assert "nuclearforces-new-start" not in found  # a source titled "New START" waits its turn


def test_crimea_and_crimean_find_the_same_records(run: Run) -> None:
    assert set(ids(run, "crimea", "-n", "200")) == set(ids(run, "crimean", "-n", "200"))


def test_uk_and_us_spellings_find_the_same_records(run: Run) -> None:
    assert set(ids(run, "defence", "-n", "500")) == set(ids(run, "defense", "-n", "500"))


def test_a_question_in_plain_words_finds_the_briefs_missile_defence_advice(run: Run) -> None:
    found = ids(run, "what the brief recommended on missile defence", "-n", "10")
    assert "csernatoni-2014-missile-defence-not-threat-to-russia" in found


def test_a_misspelt_word_gets_a_suggestion_from_the_index(run: Run) -> None:
    code, out, _ = run("search", "missle", "--format", "table")
    assert code == 0
    assert "No records match" in out
    assert "did you mean: missile" in out


def test_a_cut_list_says_how_many_there_are(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run("search", "crimea", "--format", "table")
    total = len(ids(run, "crimea", "-n", "1000"))
    assert code == 0 and total > 20
    assert f"20 of {total} — use -n {total}" in out


@pytest.mark.parametrize("kind", ["eventz", "event'; DROP TABLE events; --"])
def test_an_unknown_kind_is_a_usage_error(run: Run, kind: str) -> None:
    code, out, err = run("search", "crimea", "--kind", kind)
    assert code == 2 and out == ""
    assert err.count(repr(kind)) == 1
    valid = err.rsplit("valid: ", 1)[1].strip().split(", ")
    assert sorted(valid) == ["actor", "event", "institution", "period", "recommendation", "source"]


def test_kind_accepts_the_plural(run: Run) -> None:
    found = json.loads(run("search", "crimea", "--kind", "events", "--format", "json")[1])
    assert found and {hit["record_kind"] for hit in found} == {"event"}
