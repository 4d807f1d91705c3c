"""The YAML loader keeps what was written, refuses what could lose or run anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrkb.load import load_file


def load(tmp_path: Path, text: str | bytes) -> tuple[list[dict[str, object]], list[str]]:
    path = tmp_path / "events.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    records, problems = load_file(path, "events.yaml")
    return [record.data for record in records], [str(problem) for problem in problems]


def test_yaml_1_1_booleans_and_dates_stay_as_written(tmp_path: Path) -> None:
    records, problems = load(
        tmp_path, "- id: norway\n  country_code: NO\n  date: 2014-03-16\n  on: yes\n"
    )
    assert problems == []
    assert records == [{"id": "norway", "country_code": "NO", "date": "2014-03-16", "on": "yes"}]


def test_a_duplicate_key_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "- id: a\n  title: first\n  title: second\n")
    assert records == []
    assert problems == ["events.yaml:3: a: title: duplicate key (first given on line 2)"]


def test_python_tags_never_construct_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"- id: a\n  title: !!python/object/apply:os.system ['touch {marker}']\n"
    records, problems = load(tmp_path, text)
    assert not marker.exists()
    assert records == []
    assert "is not allowed" in problems[0] and problems[0].startswith("events.yaml:2: a: title:")


def test_anchors_and_aliases_are_refused_so_alias_bombs_cannot_expand(tmp_path: Path) -> None:
    bomb = (
        "- id: a\n  x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n  y: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    )
    bomb += "  z: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    records, problems = load(tmp_path, bomb)
    assert records == []
    assert "anchors and aliases are not allowed" in problems[0]


def test_a_bom_and_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "\ufeff- id: a\r\n  title: Крым\r\n".encode())
    assert problems == []
    assert records == [{"id": "a", "title": "Крым"}]


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    _, problems = load(tmp_path, b"- id: a\n  title: \xff\xfe\n")
    assert problems == ["events.yaml:2: -: -: not valid UTF-8 (byte 0xff)"]


def test_a_syntax_error_carries_its_line(tmp_path: Path) -> None:
    _, problems = load(tmp_path, '- id: a\n  title: "unclosed\n- id: b\n')
    assert len(problems) == 1
    assert problems[0].startswith("events.yaml:") and "YAML syntax error" in problems[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: a\n", "the file must be a list of records"),
        ("- just text\n", "a record must be a mapping of fields, not text"),
        ("- \n", "a record must be a mapping of fields, not an empty entry"),
    ],
)
def test_records_of_the_wrong_shape_are_reported(tmp_path: Path, text: str, message: str) -> None:
    _, problems = load(tmp_path, text)
    assert message in problems[0]


def test_an_empty_file_has_no_records(tmp_path: Path) -> None:
    assert load(tmp_path, "# nothing yet\n") == ([], [])


def test_an_alias_to_an_earlier_record_is_refused_too(tmp_path: Path) -> None:
    text = "- id: a\n  topics: &t [x, y]\n- id: b\n  topics: *t\n"
    records, problems = load(tmp_path, text)
    assert records == [{"id": "a", "topics": ["x", "y"]}]
    assert problems == ["events.yaml:2: b: topics: YAML anchors and aliases are not allowed"]


TRICKY = """\
# a comment
- id: a
  country_code: NO
  date: 2014-03-16
  empty:
  tilde: ~
  null_word: null
  quoted_null: "null"
  quoted_empty: ''
  explicit: !!str 1997
  flow: {id: x, role: "target"}
  list: [a, "b", 'c d', 2008-08]
  block: |
    first line
    second "quoted" line
  folded: >
    folded
    text
  "quoted key": value
  number: 1.50
  cyrillic: Крым
- {id: b, title: "flow record"}
"""


def test_the_fast_path_reads_exactly_what_the_careful_path_reads(tmp_path: Path) -> None:
    from conftest import DATA, FIXTURES
    from nrkb.locations import DATA_KINDS

    # The files of records; dataset.yaml is one mapping, read by load_mapping.
    files = [
        folder / f"{kind}.yaml" for folder in (DATA, FIXTURES / "minimal") for kind in DATA_KINDS
    ]
    tricky = tmp_path / "tricky.yaml"
    tricky.write_text(TRICKY, encoding="utf-8")
    for path in [*files, tricky]:
        fast, fast_problems = load_file(path, path.name, with_lines=False)
        careful, careful_problems = load_file(path, path.name, with_lines=True)
        assert fast_problems == careful_problems == []
        assert [(r.line, r.data) for r in fast] == [(r.line, r.data) for r in careful], path


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  title: x\n  title: y\n",
        "- id: a\n  t: &x [1]\n- id: b\n  t: *x\n",
        "- id: a\n  t: !!python/name:os.system x\n",
        "- id: a\n  <<: {b: c}\n",
        "- id: a\n- just text\n",
        "id: a\n",
        "- id: a\n---\n- id: b\n",
    ],
)
def test_anything_irregular_is_read_carefully_and_reported(tmp_path: Path, text: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    fast = load_file(path, "events.yaml", with_lines=False)
    careful = load_file(path, "events.yaml", with_lines=True)
    assert fast == careful and careful[1]
