"""Publishers: a source's class follows from its URL's host; validate refuses unclassified and
refused hosts and events that rest on the lowest class alone; the outputs carry the class."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import DATA, Run
from nrkb.publishers import host_of, publisher_of
from test_validate import replace

EXTRA_PUBLISHERS = """
- id: reuters
  name: "Reuters"
  country: "GB"
  class: wire
  hosts: [reuters.com]

- id: defence-blog
  name: "Defence Blog"
  country: null
  class: other
  hosts: [defence-blog.com]

- id: wikimili
  name: "WikiMili"
  country: null
  class: other
  hosts: [wikimili.com]
  refused: "a mirror of Wikipedia: cite en.wikipedia.org"
"""

EXTRA_SOURCES = """
- id: reuters-2008-08-08-war
  title: "Russian tanks enter South Ossetia"
  publisher: "Reuters"
  date: "2008-08-08"
  url: "https://www.reuters.com/article/idUS2008"
  kind: news-report

- id: defence-blog-2008-war
  title: "A blog post on the war"
  publisher: "Defence Blog"
  url: "https://defence-blog.com/2008/08/war.html"
  kind: news-report
"""


def with_classes(data: Path) -> Path:
    """The minimal data with a wire report and a blog post cited by the 2008 war."""
    with (data / "publishers.yaml").open("a", encoding="utf-8") as stream:
        stream.write(EXTRA_PUBLISHERS)
    with (data / "sources.yaml").open("a", encoding="utf-8") as stream:
        stream.write(EXTRA_SOURCES)
    replace(
        data / "events.yaml",
        'summary: "An event known only to the month, for partial-date tests."\n'
        "  sources: [nato-topic-relations-with-russia]",
        'summary: "An event known only to the month, for partial-date tests."\n'
        "  sources: [reuters-2008-08-08-war, defence-blog-2008-war]",
    )
    return data


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.nato.int/cps/en/natohq/topics_50090.htm", "nato.int"),
        ("https://WWW.BBC.co.uk:443/news", "bbc.co.uk"),
        ("https://en.wikipedia.org./wiki/Kosovo", "en.wikipedia.org"),
        # A Wayback copy is the page it keeps, even with the scheme's slashes squeezed.
        (
            "http://web.archive.org/web/20080408050408/http:/edition.cnn.com/2008/x",
            "edition.cnn.com",
        ),
        ("https://web.archive.org/web/2008id_/www.nato.int/docu/pr/1998.htm", "nato.int"),
        (
            "https://webarchive.library.unt.edu/eot2008/20090512114922/http://www.america.gov/st",
            "america.gov",
        ),
        ("https://archive.org/details/some-book", "archive.org"),
    ],
)
def test_the_host_of_a_url_is_the_publishing_host(url: str, host: str) -> None:
    assert host_of(url) == host


def test_the_longest_listed_suffix_decides() -> None:
    by_host = {"europa.eu": "european-union", "iss.europa.eu": "eu-iss"}
    assert publisher_of("iss.europa.eu", by_host) == "eu-iss"
    assert publisher_of("ec.europa.eu", by_host) == "european-union"
    assert publisher_of("notaeuropa.eu", by_host) is None


def test_a_source_on_an_unclassified_host_is_refused(run: Run, minimal_data: Path) -> None:
    replace(minimal_data / "publishers.yaml", "hosts: [nato.int]", "hosts: [nato.org]")
    code, out, _ = run("validate", "--data", str(minimal_data))
    lines = (minimal_data / "sources.yaml").read_text(encoding="utf-8").splitlines()
    url_line = next(n for n, line in enumerate(lines, 1) if "url:" in line)
    assert code == 1
    assert (
        f"sources.yaml:{url_line}: nato-topic-relations-with-russia: url: "
        "host 'nato.int' is not classified in publishers.yaml"
    ) in out


def test_a_source_on_a_refused_publisher_gives_the_reason(run: Run, minimal_data: Path) -> None:
    with_classes(minimal_data)
    replace(
        minimal_data / "sources.yaml",
        "https://defence-blog.com/2008/08/war.html",
        "https://wikimili.com/en/Russo-Georgian_War",
    )
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert (
        "defence-blog-2008-war: url: host 'wikimili.com' is refused (publisher 'wikimili'): "
        "a mirror of Wikipedia: cite en.wikipedia.org"
    ) in out


def test_an_event_resting_on_the_lowest_class_alone_is_refused(
    run: Run, minimal_data: Path
) -> None:
    with_classes(minimal_data)
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 0, out  # a wire report beside the blog post is enough
    replace(
        minimal_data / "events.yaml",
        "sources: [reuters-2008-08-08-war, defence-blog-2008-war]",
        "sources: [defence-blog-2008-war]",
    )
    code, out, _ = run("validate", "--data", str(minimal_data))
    lines = (minimal_data / "events.yaml").read_text(encoding="utf-8").splitlines()
    sources_line = next(n for n, line in enumerate(lines, 1) if "[defence-blog-2008-war]" in line)
    assert code == 1
    assert (
        f"events.yaml:{sources_line}: 2008-08-war-in-georgia: sources: every source is of " in out
    )
    assert "lowest publisher class (other)" in out
    assert out.count("lowest publisher class") == 1  # the reference source is not an event


def test_a_host_is_listed_once_and_a_refused_publisher_is_of_the_lowest_class(
    run: Run, minimal_data: Path
) -> None:
    with_classes(minimal_data)
    replace(minimal_data / "publishers.yaml", "hosts: [defence-blog.com]", "hosts: [reuters.com]")
    replace(
        minimal_data / "publishers.yaml",
        "class: other\n  hosts: [wikimili.com]",
        "class: reference\n  hosts: [wikimili.com]",
    )
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert "defence-blog: hosts[0]: host 'reuters.com' is listed by publisher 'reuters'" in out
    assert "wikimili: -: a refused publisher is of the lowest class, other" in out


def test_publisher_ids_are_their_own(run: Run, minimal_data: Path) -> None:
    # The publisher `nato` is not the actor `nato`; two publishers may not share an id.
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 0, out
    with (minimal_data / "publishers.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            '\n- id: nato\n  name: "Again"\n  country: null\n  class: other\n'
            "  hosts: [example.org]\n"
        )
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert "publishers.yaml:" in out and "nato: id: duplicate id" in out


def test_the_coverage_horizon_is_a_past_day(run: Run, minimal_data: Path) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    replace(minimal_data / "dataset.yaml", 'end: "2026-02-05"', f'end: "{tomorrow}"')
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert f"dataset.yaml:4: dataset: coverage.end: {tomorrow} is in the future" in out
    replace(minimal_data / "dataset.yaml", f'end: "{tomorrow}"', 'end: "2026-02"')
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert "dataset.yaml:4: dataset: coverage.end:" in out
    (minimal_data / "dataset.yaml").unlink()
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1
    assert "dataset.yaml:1: -: -: data file not found" in out


def test_the_shipped_horizon_is_declared_and_past() -> None:
    text = (DATA / "dataset.yaml").read_text(encoding="utf-8")
    end = date.fromisoformat(text.split('end: "')[1][:10])
    assert date(1991, 1, 1) < end <= date.today()


def test_sources_filter_by_class_and_publisher(run: Run, minimal_data: Path) -> None:
    data = str(with_classes(minimal_data))
    code, out, _ = run("sources", "--data", data, "--class", "wire", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(row["id"], row["publisher_id"], row["publisher_class"]) for row in rows] == [
        ("reuters-2008-08-08-war", "reuters", "wire")
    ]
    code, out, _ = run("sources", "--data", data, "--publisher", "defence-blog", "-f", "json")
    assert [row["id"] for row in json.loads(out)] == ["defence-blog-2008-war"]
    # An unknown class or publisher is a usage error (exit 2) naming the bad value once.
    code, _, err = run("sources", "--data", data, "--class", "tabloid")
    assert code == 2
    assert "unknown publisher class 'tabloid'; valid:" in err
    code, _, err = run("sources", "--data", data, "--publisher", "reuter")
    assert code == 2
    assert "unknown publisher 'reuter'; did you mean 'reuters'?" in err


def test_publishers_lists_classes_best_first_with_their_sources(
    run: Run, minimal_data: Path
) -> None:
    code, out, _ = run("publishers", "--data", str(with_classes(minimal_data)), "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(row["id"], row["class"], row["source_count"]) for row in rows] == [
        ("nato", "intergovernmental", 1),
        ("reuters", "wire", 1),
        ("defence-blog", "other", 1),
        ("wikimili", "other", 0),
    ]
    assert rows[-1]["refused"] == "a mirror of Wikipedia: cite en.wikipedia.org"


def test_stats_show_sources_by_class_and_what_events_rest_on(run: Run, minimal_data: Path) -> None:
    code, out, _ = run("stats", "--data", str(with_classes(minimal_data)), "-f", "json")
    assert code == 0
    stats = json.loads(out)
    by_class = {row["class"]: (row["count"], row["percent"]) for row in stats["sources_by_class"]}
    assert by_class == {"intergovernmental": (1, 33.3), "wire": (1, 33.3), "other": (1, 33.3)}
    assert stats["event_sources"] == {
        "events": 5,
        "citing_official_intergovernmental_or_wire": 5,
        "percent_citing_official_intergovernmental_or_wire": 100.0,
        "citing_only_other": 0,
    }
    assert stats["coverage"] == {"start": "1991-01-01", "end": "2026-02-05"}


def test_exports_carry_publishers_classes_and_the_horizon(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "export"
    code, _, _ = run("export", "--data", str(with_classes(minimal_data)), "--out", str(out_dir))
    assert code == 0
    package = json.loads((out_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["temporal"] == {"start": "1991-01-01", "end": "2026-02-05"}
    resources = {resource["name"]: resource for resource in package["resources"]}
    source_fields = {f["name"]: f for f in resources["sources"]["schema"]["fields"]}
    assert "wire" in source_fields["publisher_class"]["constraints"]["enum"]
    assert {"fields": "publisher_id", "reference": {"resource": "publishers", "fields": "id"}} in (
        resources["sources"]["schema"]["foreignKeys"]
    )
    with (out_dir / "publishers.csv").open(encoding="utf-8") as stream:
        publishers = {row["id"]: row for row in csv.DictReader(stream)}
    assert publishers["reuters"]["class"] == "wire"
    assert publishers["reuters"]["country"] == "GB"
    assert publishers["nato"]["country"] == ""
    with (out_dir / "sources.csv").open(encoding="utf-8") as stream:
        sources = {row["id"]: row for row in csv.DictReader(stream)}
    assert sources["defence-blog-2008-war"]["publisher_id"] == "defence-blog"
    assert sources["defence-blog-2008-war"]["publisher_class"] == "other"


def test_show_a_publisher_with_its_sources_and_an_actor_keeps_its_id(
    run: Run, minimal_data: Path
) -> None:
    data = str(with_classes(minimal_data))
    code, out, _ = run("show", "defence-blog", "--data", data, "-f", "json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["record_kind"], shown["class"], shown["hosts"]) == (
        "publisher",
        "other",
        ["defence-blog.com"],
    )
    assert [source["id"] for source in shown["sources"]] == ["defence-blog-2008-war"]
    # The publisher `nato` shares its id with the actor `nato`: `show` means the actor.
    code, out, _ = run("show", "nato", "--data", data, "-f", "json")
    assert json.loads(out)["record_kind"] == "actor"


def test_python_api_reads_back_the_publishers_written(minimal_data: Path) -> None:
    import nrkb
    from nrkb.validate import load_dataset

    data = with_classes(minimal_data)
    kb = nrkb.open(data)
    written = load_dataset(data).publishers
    assert sorted(kb.publishers(), key=lambda p: p.id) == sorted(written, key=lambda p: p.id)
    assert kb.get("wikimili") == next(p for p in written if p.id == "wikimili")
    assert [source.id for source in kb.sources(publisher_class="wire")] == [
        "reuters-2008-08-08-war"
    ]
