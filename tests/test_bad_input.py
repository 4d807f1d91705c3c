"""Bad input gets one clear line naming file, line, record and field; exit 1; no traceback;
and the database built before from good data stays byte-identical."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import nrkb.load
from conftest import FIXTURES, Run

E = "events.yaml"
FIXTURE = FIXTURES / "minimal"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str
    new: str | bytes
    marker: str | None  # text on the line the message must name; None: the first line
    expected: str  # what follows "FILE:LINE: "
    reported_in: str | None = None  # the file the message names, if not the one broken

    def __str__(self) -> str:
        return self.name


RESUMPTION = "- id: 2009-03-05-nrc-resumption-agreed"
R = "2009-03-05-nrc-resumption-agreed"
BOMB = (
    "- id: bomb\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    + ("  c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c]\n")
)

CASES = [
    # YAML that does not parse, or has the wrong shape
    Case(
        "unclosed quote",
        E,
        'title: "NATO agrees to resume formal NRC meetings"',
        'title: "NATO agrees to resume',
        'date: "2009-03-05"',
        "-: -: YAML syntax error: did not find expected key (while parsing a block mapping",
    ),
    Case(
        "unclosed quote at the end",
        "sources.yaml",
        "  language: en",
        '  language: en\n- id: x\n  title: "no end',
        '  title: "no end',
        "-: -: YAML syntax error: found unexpected end of stream (while scanning a quoted",
    ),
    Case(
        "bad indentation",
        "actors.yaml",
        "  kind: alliance",
        "   kind: alliance",
        "   kind: alliance",
        "-: -: YAML syntax error: did not find expected key",
    ),
    Case(
        "tab indentation",
        "actors.yaml",
        "  kind: alliance",
        "\tkind: alliance",
        "\tkind: alliance",
        "-: -: YAML syntax error: found character that cannot start any token",
    ),
    Case(
        "invalid utf-8",
        "actors.yaml",
        "",
        b"- id: nato\n  name: \xff\xfe\n",
        "name:",
        "-: -: not valid UTF-8 (byte 0xff)",
    ),
    Case(
        "top level is a mapping",
        "actors.yaml",
        "",
        "nato:\n  name: NATO\n",
        None,
        "-: -: the file must be a list of records",
    ),
    Case(
        "record is text",
        "sources.yaml",
        "  language: en",
        "  language: en\n- just a string",
        "- just a string",
        "#2: -: a record must be a mapping of fields, not text",
    ),
    Case(
        "record is null",
        "sources.yaml",
        "  language: en",
        "  language: en\n-\n",
        "-\n",
        "#2: -: a record must be a mapping of fields, not an empty entry",
    ),
    Case(
        "record is a list",
        "sources.yaml",
        "  language: en",
        "  language: en\n- [a, b]",
        "- [a, b]",
        "#2: -: a record must be a mapping of fields, not a list",
    ),
    Case(
        "duplicate key",
        E,
        '  summary: "Foreign',
        '  title: again\n  summary: "Foreign',
        "  title: again",
        f"{R}: title: duplicate key (first given on line 49)",
    ),
    Case(
        "python tag",
        E,
        '  summary: "Foreign ministers agree to resume formal meetings."',
        "  summary: !!python/object/apply:os.system ['true']",
        "!!python",
        f"{R}: summary: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    Case(
        "alias bomb",
        "sources.yaml",
        "  language: en",
        "  language: en\n" + BOMB,
        "&a",  # an alias is the node it names: the line given is the anchor's
        "bomb: b[0]: YAML anchors and aliases are not allowed",
    ),
    Case(
        "merge key",
        "actors.yaml",
        "  kind: alliance",
        "  <<: {kind: alliance}",
        "<<:",
        "nato: -: YAML merge keys (<<) are not allowed",
    ),
    # dates
    Case(
        "month 13",
        E,
        'date: "2009-03-05"',
        'date: "2014-13-05"',
        "2014-13-05",
        f"{R}: date: '2014-13-05': month must be in",
    ),
    Case(
        "30 February",
        E,
        'date: "2009-03-05"',
        'date: "2014-02-30"',
        "2014-02-30",
        f"{R}: date: '2014-02-30': day is out of range for month",
    ),
    Case(
        "garbage date",
        E,
        'date: "2009-03-05"',
        'date: "last spring"',
        "last spring",
        f"{R}: date: 'last spring' is not an EDTF date",
    ),
    Case(
        "date the edtf package crashes on: 1984-1X",
        E,
        'date: "2009-03-05"',
        'date: "1984-1X"',
        "1984-1X",
        f"{R}: date: '1984-1X' is not an EDTF date",
    ),
    Case(
        "date the edtf package crashes on: Y7E9",
        E,
        'date: "2009-03-05"',
        'date: "Y7E9"',
        "Y7E9",
        f"{R}: date: 'Y7E9' is not an EDTF date",
    ),
    Case(
        "date the edtf package crashes on: -0500",
        E,
        'date: "2009-03-05"',
        'date: "-0500"',
        "-0500",
        f"{R}: date: '-0500' is not an EDTF date",
    ),
    # Text that would drive the terminal: refused, and the problem line shows it escaped.
    Case(
        "escape sequence in a title",
        E,
        'title: "NATO agrees to resume formal NRC meetings"',
        'title: "NATO agrees\\e[2J to resume"',
        'title: "NATO agrees',
        f"{R}: title: contains a control character (U+001B), which is not allowed",
    ),
    Case(
        "terminal hyperlink in a URL",
        "sources.yaml",
        'url: "https://www.nato.int/cps/en/natohq/topics_50090.htm"',
        'url: "https://www.nato.int/\\e]8;;https://evil.example/\\a"',
        "url:",
        "nato-topic-relations-with-russia: url: contains a control character (U+001B)",
    ),
    Case(
        "bidi override in a summary",
        E,
        'summary: "Leaders establish the NATO-Russia Council."',
        'summary: "Leaders \\u202eestablish the Council"',
        'summary: "Leaders',
        "2002-05-28-rome-declaration: summary: contains a bidi override (U+202E)",
    ),
    Case(
        "an id that forges a second problem line",
        "sources.yaml",
        "- id: nato-topic-relations-with-russia",
        '- id: "x\\nfake.yaml:1: x: y: injected"\n  title: t\n  publisher: p\n'
        '  url: "https://example.org/x"\n  kind: statement\n\n'
        "- id: nato-topic-relations-with-russia",
        "x\\nfake",
        r"x\x0afake.yaml:1: x: y: injected: id: 'x\nfake.yaml:1: x: y: injected' is not a valid id",
    ),
    Case(
        "reversed interval",
        E,
        'date: "2009-03-05"',
        'date: "2009-03-05/2009-03-01"',
        "2009-03-05/",
        f"{R}: date: '2009-03-05/2009-03-01': the interval ends before it starts",
    ),
    Case(
        "date as a list",
        E,
        'date: "2009-03-05"',
        "date: [2009]",
        "date: [2009]",
        f"{R}: date: expected an EDTF date as text, got list",
    ),
    # missing, empty, wrong type, unknown
    Case(
        "missing title",
        E,
        '  title: "NATO agrees to resume formal NRC meetings"\n',
        "",
        RESUMPTION,
        f"{R}: title: required field is missing",
    ),
    Case(
        "empty title",
        E,
        'title: "NATO agrees to resume formal NRC meetings"',
        'title: ""',
        'title: ""',
        f"{R}: title: String should have at least 1 character",
    ),
    Case(
        "null title",
        E,
        'title: "NATO agrees to resume formal NRC meetings"',
        "title:",
        "  title:\n",
        f"{R}: title: Input should be a valid string (got NoneType: None)",
    ),
    Case(
        "empty topics",
        E,
        '  topics: [nato-russia-dialogue]\n  summary: "Foreign',
        '  topics: []\n  summary: "Foreign',
        "topics: []",
        f"{R}: topics: must not be empty",
    ),
    Case(
        "title is a list",
        E,
        'title: "NATO agrees to resume formal NRC meetings"',
        "title: [a, b]",
        "title: [a, b]",
        f"{R}: title: Input should be a valid string",
    ),
    Case(
        "actors is a mapping",
        E,
        "  actors: [nato]\n",
        "  actors: {nato: yes}\n",
        "actors: {nato",
        f"{R}: actors: Input should be a valid list",
    ),
    Case(
        "unknown field",
        E,
        '  notes: "-12"',
        '  notse: "-12"',
        "notse",
        f"{R}: notse: unknown field",
    ),
    Case(
        "id with capitals",
        E,
        "- id: 2008-08-war-in-georgia",
        "- id: 2008-08-War",
        "- id: 2008-08-War",
        "2008-08-War: id: '2008-08-War' is not a valid id",
    ),
    Case(
        "id with underscore",
        E,
        "- id: 2008-08-war-in-georgia",
        "- id: 2008_08_war",
        "- id: 2008_08_war",
        "2008_08_war: id: '2008_08_war' is not a valid id",
    ),
    Case(
        "unknown event type",
        E,
        "  type: resumption",
        "  type: resumed",
        "type: resumed",
        f"{R}: type: 'resumed' is not a known code",
    ),
    Case(
        "unknown topic",
        E,
        '  topics: [nato-russia-dialogue]\n  summary: "Foreign',
        '  topics: [dialogue]\n  summary: "Foreign',
        "topics: [dialogue]",
        f"{R}: topics[0]: 'dialogue' is not a known code",
    ),
    Case(
        "unknown role",
        E,
        "{id: russia, role: target}",
        "{id: russia, role: victim}",
        "role: victim",
        "2008-08-19-nrc-meetings-suspended: actors[1].role: 'victim' is not a known",
    ),
    Case(
        "unknown status",
        "institutions.yaml",
        "{status: suspended,",
        "{status: frozen,",
        "status: frozen",
        "nato-russia-council: status[1].status: 'frozen' is not a known code",
    ),
    Case(
        "country code in lower case",
        "actors.yaml",
        'country_code: "RU"',
        'country_code: "ru"',
        '"ru"',
        "russia: country_code: 'ru' is not a two-letter ISO country code",
    ),
    Case(
        "language as a word",
        "sources.yaml",
        "language: en",
        "language: English",
        "English",
        "nato-topic-relations-with-russia: language: 'English' does not match the pattern",
    ),
    Case(
        "URL without scheme",
        "sources.yaml",
        'url: "https://www.nato.int/cps/en/natohq/topics_50090.htm"',
        'url: "www.nato.int"',
        '"www.nato.int"',
        "nato-topic-relations-with-russia: url: must be an absolute http(s) URL",
    ),
    Case(
        "URL with a space",
        "sources.yaml",
        "topics_50090.htm",
        "topics 50090.htm",
        "topics 50090",
        "nato-topic-relations-with-russia: url: a URL cannot contain white space",
    ),
    # references and cross-record rules
    Case(
        "duplicate id in a file",
        E,
        "- id: 2008-08-war-in-georgia",
        "- id: 2002-05-28-rome-declaration  # again",
        "# again",
        "2002-05-28-rome-declaration: id: duplicate id (first defined at",
    ),
    Case(
        "duplicate id across files",
        "actors.yaml",
        "- id: norway",
        "- id: nato-russia-council",
        "- id: nato-russia-council",
        # Files are read in the order of kinds.KINDS: the actor comes second, and is reported.
        "nato-russia-council: id: duplicate id (first defined at",
        reported_in="actors.yaml",
    ),
    Case(
        "unknown actor",
        E,
        "  actors: [nato]\n",
        "  actors: [nato-hq]\n",
        "nato-hq",
        f"{R}: actors[0].id: unknown actor id 'nato-hq'",
    ),
    Case(
        "actor listed twice",
        E,
        "  actors: [nato]\n",
        "  actors: [nato, nato]\n",
        "[nato, nato]",
        f"{R}: actors[1].id: 'nato' is listed twice",
    ),
    Case(
        "unknown institution",
        E,
        "  topics: [nato-russia-dialogue]\n  summary: |",
        "  institutions: [nrc]\n  topics: [nato-russia-dialogue]\n  summary: |",
        "institutions: [nrc]",
        "1997-05-27-founding-act-signed: institutions[0].id: unknown institution id 'nrc'",
    ),
    Case(
        "unknown source of an event",
        E,
        "  sources: [nato-topic-relations-with-russia]\n\n- id: 2002",
        "  sources: [nato-topic]\n\n- id: 2002",
        "[nato-topic]",
        "1997-05-27-founding-act-signed: sources[0].id: unknown source id 'nato-topic'",
    ),
    Case(
        "unknown source of an actor",
        "actors.yaml",
        "  sources: [nato-topic-relations-with-russia]\n- id: russia",
        "  sources: [nato-page]\n- id: russia",
        "nato-page",
        "nato: sources[0].id: unknown source",
    ),
    Case(
        "unknown status event",
        "institutions.yaml",
        "event: 2008-08-19-nrc-meetings-suspended",
        "event: 2008-08-20-no-such-event",
        "no-such-event",
        "nato-russia-council: status[1].event: unknown event id '2008-08-20-no-such-event'",
    ),
    Case(
        "party that is an event",
        "institutions.yaml",
        "parties: [nato, russia]",
        "parties: [nato, 2002-05-28-rome-declaration]",
        "parties:",
        "nato-russia-council: parties[1]: '2002-05-28-rome-declaration' is a event, not a actor",
    ),
    Case(
        "unknown outcome evidence",
        "recommendations.yaml",
        "    events: [2009-03-05-nrc-resumption-agreed]",
        "    events: [2009-03-06-missing]",
        "2009-03-06-missing",
        "example-keep-dialogue-open: outcome.events[0]: unknown event id '2009-03-06-missing'",
    ),
    Case(
        "unknown outcome source",
        "recommendations.yaml",
        "    sources: [nato-topic-relations-with-russia]",
        "    sources: [gone]",
        "[gone]",
        "example-keep-dialogue-open: outcome.sources[0].id: unknown source",
    ),
    Case(
        "unknown addressee",
        "recommendations.yaml",
        "addressee: nato",
        "addressee: otan",
        "addressee: otan",
        "example-keep-dialogue-open: addressee[0]: unknown actor id 'otan'",
    ),
    Case(
        "status out of order",
        "institutions.yaml",
        '    - {status: active, since: "2002-05-28", event: 2002-05-28-rome-declaration}\n'
        '    - {status: suspended, since: "2008-08-19", event: 2008-08-19-nrc-meetings-suspended}\n'
        '    - {status: active, since: "2009-03-05"',
        # The third status changes too, so that only the order is wrong, not a repetition.
        '    - {status: suspended, since: "2008-08-19", event: 2008-08-19-nrc-meetings-suspended}\n'
        '    - {status: active, since: "2002-05-28", event: 2002-05-28-rome-declaration}\n'
        '    - {status: restricted, since: "2009-03-05"',
        'since: "2002-05-28"',
        "nato-russia-council: status[1].since: 2002-05-28 is before the previous status change",
    ),
    Case(
        "status that repeats its predecessor",
        "institutions.yaml",
        '{status: active, since: "2009-03-05"',
        '{status: suspended, since: "2009-03-05"',
        '{status: suspended, since: "2009-03-05"',
        "nato-russia-council: status[2].status: suspended repeats the previous status: a status "
        "history records changes only",
    ),
    Case(
        "the same source cited twice",
        "institutions.yaml",
        "  topics: [nato-russia-dialogue]\n  sources: [nato-topic-relations-with-russia]",
        "  topics: [nato-russia-dialogue]\n"
        "  sources: [nato-topic-relations-with-russia, nato-topic-relations-with-russia]",
        "  sources: [nato-topic-relations-with-russia, nato-topic-relations-with-russia]",
        "nato-russia-council: sources[1].id: source 'nato-topic-relations-with-russia' is cited "
        "twice",
    ),
    Case(
        "status before its event",
        "institutions.yaml",
        'since: "2008-08-19"',
        'since: "2008-08-01"',
        '"2008-08-01"',
        "nato-russia-council: status[1].since: 2008-08-01 is before its event",
    ),
    Case(
        "status event that does not name the institution",
        E,
        "  institutions: [{id: nato-russia-council, effect: resumed}]\n",
        "",
        "event: 2009-03-05-nrc-resumption-agreed",
        "nato-russia-council: status[2].event: event "
        "'2009-03-05-nrc-resumption-agreed' does not list",
        reported_in="institutions.yaml",
    ),
    Case(
        "huge string",
        E,
        '  notes: "-12"',
        '  notes: "' + "x" * 100_001 + '"',
        "  notes:",
        f"{R}: notes: value is 100,001 characters; the limit is 100,000",
    ),
    # Characters YAML refuses, and files that are not UTF-8 text at all
    Case(
        "a raw NUL inside a record",
        E,
        'summary: "Leaders establish',
        'summary: "Leaders\x00 establish',
        "Leaders",
        "-: -: a NUL character (U+0000): the file must be UTF-8 text (is it UTF-16?)",
    ),
    Case(
        "a raw bell character",
        "actors.yaml",
        'name: "Kingdom of Norway"',
        'name: "Kingdom\x07 of Norway"',
        "Kingdom",
        "-: -: character U+0007 is not allowed in YAML",
    ),
    Case(
        "UTF-16 without a BOM",
        "actors.yaml",
        "",
        (FIXTURE / "actors.yaml").read_text(encoding="utf-8").encode("utf-16-le"),
        None,
        "-: -: a NUL character (U+0000): the file must be UTF-8 text (is it UTF-16?)",
    ),
    Case(
        "UTF-16 with a BOM",
        "actors.yaml",
        "",
        (FIXTURE / "actors.yaml").read_text(encoding="utf-8").encode("utf-16"),
        None,
        "-: -: the file is UTF-16; save it as UTF-8",
    ),
    Case(
        "UTF-16 big-endian without a BOM, after an ASCII first record",
        "actors.yaml",
        "",
        b"- id: x\n" + "  name: y\n".encode("utf-16-be"),
        "\x00",
        "-: -: a NUL character (U+0000)",
    ),
    # An explicit !!null turns text into nothing: refused, even when nothing else is wrong
    Case(
        "a !!null tag on text",
        E,
        '  notes: "-12"',
        '  notes: !!null "-12"',
        "notes: !!null",
        f"{R}: notes: YAML tag '!!null' is not allowed; leave the field out",
    ),
    Case(
        "a bare !!null tag on a required field",
        "actors.yaml",
        'name: "Kingdom of Norway"',
        "name: !!null",
        "name: !!null",
        "norway: name: YAML tag '!!null' is not allowed; leave the field out",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_gives_one_clear_line_and_loses_nothing(
    run: Run, minimal_data: Path, tmp_path: Path, case: Case
) -> None:
    db = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(db))[0] == 0
    before = db.read_bytes()

    path = minimal_data / case.file
    if isinstance(case.new, bytes):
        path.write_bytes(case.new)
    elif case.old:
        text = path.read_text(encoding="utf-8")
        assert case.old in text, f"the fixture no longer contains {case.old!r}"
        path.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    else:
        path.write_text(case.new, encoding="utf-8")
    named = minimal_data / (case.reported_in or case.file)
    raw = named.read_bytes().decode("utf-8", errors="replace")
    line = raw[: raw.index(case.marker)].count("\n") + 1 if case.marker else 1
    expected = f"{named}:{line}: {case.expected}"

    code, out, err = run("events", "--data", str(minimal_data), "--db", str(db))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    *problems, summary = err.splitlines()
    assert len(problems) == 1 and problems[0].startswith(expected), err
    assert summary == "nrkb: error: the data has 1 problem; nothing was built " + (
        "(run `nrkb validate` for the list)"
    )
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []

    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1 and out.splitlines() == problems


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    run: Run, minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nrkb.load, "MAX_FILE_BYTES", 100)
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert f"{minimal_data}/events.yaml:1: -: -: file is " in out and "the limit is 100" in out


def test_a_bom_crlf_and_an_unquoted_no_are_accepted(run: Run, minimal_data: Path) -> None:
    for path in minimal_data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, out, err = run("actors", "--data", str(minimal_data), "--format", "csv")
    assert code == 0, err
    assert "norway,Kingdom of Norway,state,NO," in out


def test_a_null_tag_is_refused_also_beside_another_problem(run: Run, minimal_data: Path) -> None:
    events = minimal_data / E
    text = events.read_text(encoding="utf-8")
    text = text.replace('  notes: "-12"', '  notes: !!null "-12"', 1)
    events.write_text(text.replace("type: establishment", "type: no-such-type", 1))
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert f"{R}: notes: YAML tag '!!null' is not allowed" in out
    assert "no-such-type" in out and len(out.splitlines()) == 2
