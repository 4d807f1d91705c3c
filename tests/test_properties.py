"""Property tests: any valid record survives YAML → database → Python unchanged; no input,
however garbled, produces a traceback."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nrkb
from conftest import FIXTURES, invoke
from nrkb.models import Event
from nrkb.problems import DataInvalid
from nrkb.validate import load_dataset
from nrkb.vocab import EventType, Topic

# Any printable text, Cyrillic, quotes and YAML's own punctuation included; YAML cannot carry
# control characters other than line breaks, and nrkb refuses bidirectional overrides.
# U+2028 and U+2029 are line breaks to YAML too, folded like "\n" in plain text: left out.
CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
    blacklist_characters="\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
PUNCTUATION = ['"', "'", ": ", "#", "- ", "Крым", "=", "&", "*", "!", "{", "]"]


def _text(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(CHARACTERS, st.sampled_from(pieces)), min_size=1, max_size=80).map(
        "".join
    )


TEXT = _text(["\n", *PUNCTUATION])
"""Text that may run over several lines (summary, quote, notes)."""
LINE = _text(PUNCTUATION)
"""Text of one line (a title)."""

DAYS = st.dates(min_value=date(1991, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def partial_dates(draw: st.DrawFn) -> str:
    day = draw(DAYS)
    form = draw(st.sampled_from(["day", "month", "year", "interval", "approximate"]))
    if form == "day":
        return day.isoformat()
    if form == "month":
        return day.isoformat()[:7]
    if form == "year":
        return day.isoformat()[:4]
    if form == "approximate":
        return day.isoformat()[:4] + "~"
    return f"{day.isoformat()}/{(day + timedelta(days=draw(st.integers(0, 40)))).isoformat()}"


@st.composite
def events(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 6))
    generated = []
    for n in range(count):
        when = draw(partial_dates())
        record: dict[str, Any] = {
            "id": f"{when.split('/')[0].rstrip('~').lower()}-generated-{n}",
            "title": draw(LINE),
            "date": when,
            "type": draw(st.sampled_from(list(EventType))).value,
            "tone": draw(st.integers(-3, 3)),
            "actors": draw(st.lists(st.sampled_from(["nato", "russia", "norway"]), unique=True)),
            "topics": [
                t.value
                for t in draw(
                    st.lists(st.sampled_from(list(Topic)), min_size=1, max_size=3, unique=True)
                )
            ],
            "summary": draw(TEXT),
            "sources": [{"id": "nato-topic-relations-with-russia", "quote": draw(TEXT)}],
        }
        if draw(st.booleans()):
            record["notes"] = draw(TEXT)
        if draw(st.booleans()):
            record["tone_note"] = draw(LINE)
        generated.append(record)
    return generated


def dataset_with(generated: list[dict[str, Any]], folder: Path) -> Path:
    data = folder / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    with (data / "events.yaml").open("a", encoding="utf-8") as stream:
        stream.write("\n" + yaml.safe_dump(generated, allow_unicode=True, sort_keys=False))
    return data


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_valid_records_survive_the_whole_pipeline_unchanged(
    generated: list[dict[str, Any]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = dataset_with(generated, Path(folder))
        load_dataset(data)  # valid by construction
        kb = nrkb.open(data=data, db=Path(folder) / "kb.db")
        for record in generated:
            assert kb.get(record["id"]) == Event.model_validate(record)
        out = Path(folder) / "export"
        result = invoke(
            [
                "export",
                "--format",
                "json",
                "--out",
                str(out),
                "--data",
                str(data),
                "--db",
                str(Path(folder) / "kb.db"),
            ],
        )
        assert result.exit_code == 0, result.output
        exported = {
            e["id"]: e for e in json.loads((out / "nrkb.json").read_text("utf-8"))["events"]
        }
        for record in generated:
            assert exported[record["id"]]["title"] == record["title"]
            assert exported[record["id"]]["summary"] == record["summary"]
            assert exported[record["id"]]["tone"] == record["tone"]
            assert exported[record["id"]]["sources"][0]["quote"] == record["sources"][0]["quote"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode)))
def test_garbage_never_produces_a_traceback(garbage: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(FIXTURES / "minimal", data)
        (data / "events.yaml").write_bytes(garbage)
        try:
            load_dataset(data)
        except DataInvalid as invalid:
            assert all(str(problem).startswith(f"{data}/") for problem in invalid.problems)
        result = invoke(["validate", "--data", str(data)])
        assert result.exit_code in (0, 1)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.usefixtures("prebuilt")
@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_search_text_is_answered(text: str) -> None:
    # After `--` the text is the text, even `--db`: were it read as an option, it would take
    # `--format` as its value and write a database of that name into the working directory.
    result = invoke(["search", "--format", "json", "--", text])
    assert result.exit_code in (0, 2), result.output  # 2: text nrkb refuses (blank)
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
