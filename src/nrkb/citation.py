"""Citations: the sources as BibTeX or CSL-JSON, a ready citation of one record, and how to
cite the dataset itself (the same words as CITATION.cff)."""

from __future__ import annotations

import json
import re
from typing import Any

from nrkb import __version__
from nrkb.dates import parse

Row = dict[str, Any]

DATASET_TITLE = "nrkb: a sourced knowledge base of NATO-Russia relations"
DATASET_AUTHOR = "nrkb developers"

# CSL item types for the source kinds (vocab.SourceKind).
_CSL_TYPES = {
    "official-text": "document",
    "statement": "document",
    "reference": "webpage",
    "news-report": "article-newspaper",
    "analysis": "report",
    "encyclopedia": "entry-encyclopedia",
    "government-document": "document",
    "dataset": "dataset",
}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _date_parts(text: str | None) -> list[int]:
    """[year, month, day] as far as the date is known ([] if unknown)."""
    if not text:
        return []
    date = parse(text)
    parts = [date.start.year]
    if date.precision.value in ("day", "month") and date.start.month == date.end.month:
        parts.append(date.start.month)
        if date.precision.value == "day" and date.start == date.end:
            parts.append(date.start.day)
    return parts


def csl_item(source: Row) -> Row:
    item: Row = {
        "id": source["id"],
        "type": _CSL_TYPES.get(source["kind"], "document"),
        "title": source["title"],
        "publisher": source["publisher"],
        "URL": source["url"],
        "language": source["language"],
    }
    if source.get("author"):
        item["author"] = [{"literal": source["author"]}]
    parts = _date_parts(source.get("date"))
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if source["kind"] == "news-report":
        item["container-title"] = source["publisher"]
    return item


def csl_json(sources: list[Row]) -> str:
    return json.dumps([csl_item(source) for source in sources], ensure_ascii=False, indent=2) + "\n"


def _bibtex_value(text: str) -> str:
    # Double braces keep capitals ("NATO", "Russia") as written.
    return "{{" + _BIBTEX_SPECIAL.sub(r"\\\1", text).replace("\n", " ") + "}}"


def bibtex_entry(source: Row) -> str:
    fields: list[tuple[str, str]] = [("title", _bibtex_value(source["title"]))]
    if source.get("author"):
        fields.append(("author", _bibtex_value(source["author"])))
    fields.append(
        (
            "organization" if not source.get("author") else "publisher",
            _bibtex_value(source["publisher"]),
        )
    )
    parts = _date_parts(source.get("date"))
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("month", _MONTHS[parts[1] - 1]))
    if len(parts) > 2:
        fields.append(("day", str(parts[2])))
    fields += [
        ("url", "{" + source["url"] + "}"),
        ("langid", "{" + source["language"] + "}"),
        ("note", "{" + source["kind"] + "}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{source['id']},\n{body}\n}}\n"


def bibtex(sources: list[Row]) -> str:
    return "\n".join(bibtex_entry(source) for source in sources)


def dataset_citation() -> str:
    return f"{DATASET_AUTHOR}. {DATASET_TITLE}. Version {__version__}. Dataset and software."


def dataset_bibtex() -> str:
    return (
        f"@misc{{nrkb-{__version__},\n  title = {_bibtex_value(DATASET_TITLE)},\n"
        f"  author = {_bibtex_value(DATASET_AUTHOR)},\n  version = {{{__version__}}},\n"
        "  note = {Dataset and software}\n}\n"
    )


def record_citation(record: Row, sources: list[Row]) -> str:
    """A citation of one record, with its sources and the dataset, as plain text."""
    title = record.get("title") or record.get("name") or record.get("text") or record["id"]
    when = record.get("date") or record.get("established")
    lines = [
        f"{title}{f' ({when})' if when else ''}. In: {dataset_citation()} Record {record['id']}.",
        "",
        "Sources:",
    ]
    for number, source in enumerate(sources, start=1):
        author = f"{source['author']}, " if source.get("author") else ""
        date = f", {source['date']}" if source.get("date") else ""
        lines.append(
            f"[{number}] {author}\u201c{source['title']}\u201d, {source['publisher']}{date}. "
            f"{source['url']}"
        )
    return "\n".join(lines) + "\n"
