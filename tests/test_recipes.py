"""The maintainer's recipes (docs/contributing.md) work as written: a new field and a new kind
of record need the model, the registry entry, the data and the regenerated schema, nothing else.

Each test copies the package, makes exactly the recipe's edits to the copy, regenerates the
compiled schema and asks the copy what a user would ask.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nrkb
from conftest import FIXTURES

PACKAGE = Path(nrkb.__file__).parent


class Copy:
    """A copy of the nrkb package and of the minimal data, run in a child Python."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(PACKAGE, root / "nrkb", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(FIXTURES / "minimal", root / "data")
        self.db = root / "kb.db"

    def edit(self, module: str, old: str, new: str) -> None:
        path = self.root / "nrkb" / module
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{module}: the recipe's anchor {old!r} moved"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def python(self, *args: str) -> str:
        environment = {**os.environ, "PYTHONPATH": str(self.root)}
        result = subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=self.root,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def nrkb(self, *args: str) -> str:
        return self.python(
            "-m", "nrkb", *args, "--data", str(self.root / "data"), "--db", str(self.db)
        )


@pytest.fixture
def copy(tmp_path: Path) -> Copy:
    return Copy(tmp_path)


def test_a_new_field_needs_the_model_and_the_data_only(copy: Copy) -> None:
    copy.edit(
        "models.py",
        '    location: ShortText | None = Field(None, description="Where it happened.")\n',
        '    location: ShortText | None = Field(None, description="Where it happened.")\n'
        '    venue: ShortText | None = Field(None, description="The building it was held in.")\n',
    )
    events = copy.root / "data" / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            "  type: agreement\n", '  type: agreement\n  venue: "Élysée Palace"\n', 1
        ),
        encoding="utf-8",
    )
    copy.python("-m", "nrkb.schemagen")

    listed = json.loads(copy.nrkb("events", "--format", "json"))
    assert listed[0]["venue"] == "Élysée Palace" and listed[1]["venue"] is None
    shown = json.loads(copy.nrkb("show", "1997-05-27-founding-act-signed", "--format", "json"))
    assert shown["venue"] == "Élysée Palace"
    copy.nrkb("export", "--format", "datapackage", "--out", str(copy.root / "out"))
    header = (copy.root / "out" / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "venue" in header.split(",")
    package = json.loads((copy.root / "out" / "datapackage.json").read_text(encoding="utf-8"))
    (events_resource,) = [r for r in package["resources"] if r["name"] == "events"]
    (venue,) = [f for f in events_resource["schema"]["fields"] if f["name"] == "venue"]
    assert venue["description"] == "The building it was held in."
    from_api = copy.python(
        "-c",
        "import nrkb; kb = nrkb.open(data='data', db='kb.db'); "
        "print(kb.get('1997-05-27-founding-act-signed').venue)",
    )
    assert from_api.strip() == "Élysée Palace"


MILESTONE_MODEL = '''

class Milestone(Entry):
    """A milestone of the relationship that is not an event of its own."""

    title: ShortText = Field(description="What was reached.")
    date: Date = Field(description="When (EDTF).")
    sources: list[Citation] = Field(min_length=1, description=SOURCES_FIELD)
    notes: Text | None = Field(None, description=NOTES_FIELD)


class Coverage(Record):'''

MILESTONE_KIND = """    RecordKind(
        name="milestone",
        table="milestones",
        model="Milestone",
        label="title",
        date="date",
        precision=True,
        search={"title": 8.0, "notes": 1.0},
        names=("title",),
        links=("sources",),
    ),
)
\"\"\"Every kind of record"""

MILESTONES = """- id: first-milestone
  title: "A hundred meetings of the ambassadors"
  date: "2004-06"
  sources: [nato-topic-relations-with-russia]
"""


def test_a_new_kind_needs_its_model_its_registry_entry_and_its_data(copy: Copy) -> None:
    copy.edit("models.py", "\n\nclass Coverage(Record):", MILESTONE_MODEL)
    copy.edit("kinds.py", ')\n"""Every kind of record', MILESTONE_KIND)
    (copy.root / "data" / "milestones.yaml").write_text(MILESTONES, encoding="utf-8")
    copy.python("-m", "nrkb.schemagen")

    copy.python("-m", "nrkb", "validate", "--data", str(copy.root / "data"))
    found = json.loads(
        copy.nrkb("search", "ambassadors", "--kind", "milestone", "--format", "json")
    )
    assert [hit["id"] for hit in found] == ["first-milestone"]
    shown = json.loads(copy.nrkb("show", "first-milestone", "--format", "json"))
    assert shown["record_kind"] == "milestone" and shown["date"] == "2004-06"
    assert shown["sources"][0]["id"] == "nato-topic-relations-with-russia"
    stats = json.loads(copy.nrkb("stats", "--format", "json"))
    assert stats["totals"]["milestones"] == 1
    copy.nrkb("export", "--format", "csv", "--out", str(copy.root / "out"))
    rows = (copy.root / "out" / "milestones.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,title,date,date_start,date_end,precision")
    assert rows[1].startswith("first-milestone,")
    copy.nrkb("export", "--format", "json", "--out", str(copy.root / "json"))
    document = json.loads((copy.root / "json" / "nrkb.json").read_text(encoding="utf-8"))
    assert [milestone["title"] for milestone in document["milestones"]] == [
        "A hundred meetings of the ambassadors"
    ]
    from_api = copy.python(
        "-c",
        "import nrkb; kb = nrkb.open(data='data', db='kb.db'); "
        "m = kb.get('first-milestone'); print(type(m).__name__, m.date)",
    )
    assert from_api.split() == ["Milestone", "2004-06"]


def test_a_new_kinds_references_are_checked(copy: Copy) -> None:
    copy.edit("models.py", "\n\nclass Coverage(Record):", MILESTONE_MODEL)
    copy.edit("kinds.py", ')\n"""Every kind of record', MILESTONE_KIND)
    (copy.root / "data" / "milestones.yaml").write_text(
        MILESTONES.replace("nato-topic-relations-with-russia", "no-such-source"), encoding="utf-8"
    )
    copy.python("-m", "nrkb.schemagen")
    environment = {**os.environ, "PYTHONPATH": str(copy.root)}
    result = subprocess.run(
        [sys.executable, "-m", "nrkb", "validate", "--data", str(copy.root / "data")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 1
    problem = "milestones.yaml:4: first-milestone: sources[0].id: unknown source id"
    assert problem in result.stdout
