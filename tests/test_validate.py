"""`nrkb validate`: one line per problem, FILE:LINE: RECORD-ID: FIELD: message, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_minimal_dataset_is_valid(run: Run, minimal_data: Path) -> None:
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 0
    assert "valid: 5 events, 1 institutions, 1 recommendations, 3 actors, 1 sources" in out


BROKEN_FIELDS = [
    # (file, text to replace, replacement, text on the line to be named, rest of the line)
    (
        "events.yaml",
        'date: "2009-03-05"',
        'date: "2009-02-30"',
        '"2009-02-30"',
        "2009-03-05-nrc-resumption-agreed: date: '2009-02-30': day is out of range for month",
    ),
    (
        "events.yaml",
        'date: "2008-08"\n',
        'date: "2008-09/2008-08"\n',
        "2008-09/2008-08",
        "2008-08-war-in-georgia: date: '2008-09/2008-08': the interval ends before it starts",
    ),
    (
        "events.yaml",
        "  type: resumption",
        "  type: resumed",
        "type: resumed",
        "2009-03-05-nrc-resumption-agreed: type: 'resumed' is not a known code; expected 'summit'",
    ),
    (
        "events.yaml",
        '  summary: "Foreign',
        '  sumary: "Foreign',
        "sumary:",
        "2009-03-05-nrc-resumption-agreed: sumary: unknown field",
    ),
    (
        "events.yaml",
        "actors: [nato]\n",
        "actors: [nato-hq]\n",
        "nato-hq",
        "2009-03-05-nrc-resumption-agreed: actors[0].id: unknown actor id 'nato-hq'",
    ),
    (
        "events.yaml",
        "- id: 2009-03-05-nrc-resumption-agreed",
        "- id: 2009-03-05-NRC-resumed",
        "NRC-resumed",
        "2009-03-05-NRC-resumed: id: '2009-03-05-NRC-resumed' is not a valid id",
    ),
    (
        "actors.yaml",
        'country_code: "RU"',
        'country_code: "Russia"',
        '"Russia"',
        "russia: country_code: 'Russia' is not a two-letter ISO country code",
    ),
    (
        "sources.yaml",
        'url: "https://www.nato.int/cps/en/natohq/topics_50090.htm"',
        'url: "www.nato.int/topics"',
        "www.nato.int/topics",
        "nato-topic-relations-with-russia: url: must be an absolute http(s) URL",
    ),
    (
        "institutions.yaml",
        'since: "2009-03-05"',
        'since: "2008-01-01"',
        '"2008-01-01"',
        "nato-russia-council: status[2].since: 2008-01-01 is before the previous status change",
    ),
    (
        "institutions.yaml",
        'since: "2008-08-19"',
        'since: "2008-08-01"',
        '"2008-08-01"',
        "nato-russia-council: status[1].since: 2008-08-01 is before its event "
        "'2008-08-19-nrc-meetings-suspended' (2008-08-19)",
    ),
    (
        "institutions.yaml",
        "event: 2008-08-19-nrc-meetings-suspended",
        "event: 2008-08-20-no-such-event",
        "no-such-event",
        "nato-russia-council: status[1].event: unknown event id '2008-08-20-no-such-event'",
    ),
    (
        "institutions.yaml",
        "parties: [nato, russia]",
        "parties: [nato, russia, nato]",
        "parties:",
        "nato-russia-council: parties[2]: 'nato' is listed twice",
    ),
    (
        "recommendations.yaml",
        "    events: [2009-03-05-nrc-resumption-agreed]",
        "    events: [2009-03-06-missing]",
        "2009-03-06-missing",
        "example-keep-dialogue-open: outcome.events[0]: unknown event id '2009-03-06-missing'",
    ),
    (
        "recommendations.yaml",
        "addressee: nato",
        "addressee: 2009-03-05-nrc-resumption-agreed",
        "addressee:",
        "example-keep-dialogue-open: addressee[0]: "
        "'2009-03-05-nrc-resumption-agreed' is a event, not a actor",
    ),
    (
        "events.yaml",
        "- id: 2009-03-05-nrc-resumption-agreed",
        "- id: 2002-05-28-rome-declaration  # a second time",
        "# a second time",
        "2002-05-28-rome-declaration: id: duplicate id (first defined at ",
    ),
    (
        "events.yaml",
        '  title: "NATO agrees to resume formal NRC meetings"\n',
        "",
        "- id: 2009-03-05-nrc-resumption-agreed",
        "2009-03-05-nrc-resumption-agreed: title: required field is missing",
    ),
    (
        "events.yaml",
        "  sources: [nato-topic-relations-with-russia]\n\n- id: 2002",
        "  sources: []\n\n- id: 2002",
        "sources: []",
        "1997-05-27-founding-act-signed: sources: must not be empty",
    ),
    (
        "actors.yaml",
        "  kind: alliance",
        "  kind: [alliance]",
        "kind: [alliance]",
        "nato: kind: ['alliance'] is not a known code",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "expected"), BROKEN_FIELDS)
def test_each_broken_field_gives_one_line_naming_file_line_record_and_field(
    run: Run, minimal_data: Path, file: str, old: str, new: str, marker: str, expected: str
) -> None:
    replace(minimal_data / file, old, new)
    text = (minimal_data / file).read_text(encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 1
    code, out, err = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert f"{minimal_data}/{file}:{line}: {expected}" in out, out
    assert "Traceback" not in out + err
    assert "problem" in err


def test_a_status_event_must_name_the_institution(run: Run, minimal_data: Path) -> None:
    replace(
        minimal_data / "events.yaml",
        "  institutions: [{id: nato-russia-council, effect: resumed}]\n",
        "",
    )
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert (
        "status[2].event: event '2009-03-05-nrc-resumption-agreed' does not list "
        "'nato-russia-council' among its institutions"
    ) in out


def test_a_yaml_syntax_error_is_reported_with_its_line(run: Run, minimal_data: Path) -> None:
    replace(minimal_data / "actors.yaml", 'name: "Russian Federation"', 'name: "Russian Federation')
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert f"{minimal_data}/actors.yaml:" in out and "YAML syntax error" in out


def test_a_missing_data_file_is_reported(run: Run, minimal_data: Path) -> None:
    (minimal_data / "sources.yaml").unlink()
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert f"{minimal_data}/sources.yaml:1: -: -: data file not found" in out


def test_a_broken_file_gives_one_problem_not_a_cascade_of_unknown_ids(
    run: Run, minimal_data: Path
) -> None:
    events = minimal_data / "events.yaml"
    events.write_text(events.read_text() + '- id: unfinished\n  title: "no closing quote\n')
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    line = events.read_text().count("\n")  # the last line, where the quote opens
    assert out.splitlines() == [
        f"{minimal_data}/events.yaml:{line}: -: -: YAML syntax error: found unexpected end of "
        f"stream (while scanning a quoted scalar on line {line})"
    ]


def test_a_record_that_fails_its_schema_is_not_reported_again_as_unknown(
    run: Run, minimal_data: Path
) -> None:
    replace(minimal_data / "events.yaml", "  type: suspension", "  type: halted")
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert len(out.splitlines()) == 1 and "'halted' is not a known code" in out
