"""Citations: the sources as BibLaTeX or CSL-JSON, a citation of one record, and of the dataset
itself (the words of CITATION.cff, which `nrkb cite --format cff` writes).

BibTeX output is in the BibLaTeX dialect, not classic BibTeX: BibLaTeX has entry types for
what nrkb cites (`@online` pages, `@report`, newspaper `@article`s with a `journaltitle`,
`@inreference` encyclopedia articles, `@dataset`), a `date` field that holds a partial date at
any precision (`2008-08`, with EDTF's `?` for an uncertain one) where classic BibTeX has only
`year` and `month`, and `langid`. Zotero, JabRef and other citation managers import it, and
classic parsers read its fields. Each source is cited as the kind of document it is
(vocab.SourceKind); the kind itself goes to `keywords`, which styles do not print.

Dates keep the precision recorded: a month-precision date has no day, and an uncertain or
approximate day is given as its month, marked uncertain (`?` in BibLaTeX, `circa` in CSL-JSON),
never as a false exact day.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from nrkb import about, query
from nrkb.dates import Precision, parse
from nrkb.formats import Format
from nrkb.names import Name, authors

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class EntryType:
    """How citation formats name one kind of source, and where its publisher goes."""

    biblatex: str
    biblatex_publisher: str
    """The BibLaTeX field for the publisher: journaltitle, institution, booktitle ..."""
    csl: str
    csl_publisher: str
    """The CSL variable for the publisher: container-title or publisher."""


_ENTRY_TYPES = {
    "news-report": EntryType("article", "journaltitle", "article-newspaper", "container-title"),
    "analysis": EntryType("report", "institution", "report", "publisher"),
    "encyclopedia": EntryType("inreference", "booktitle", "entry-encyclopedia", "container-title"),
    "official-text": EntryType("misc", "publisher", "document", "publisher"),
    "government-document": EntryType("misc", "publisher", "document", "publisher"),
    "statement": EntryType("online", "organization", "webpage", "container-title"),
    "reference": EntryType("online", "organization", "webpage", "container-title"),
    "dataset": EntryType("dataset", "publisher", "dataset", "publisher"),
}
"""One per vocab.SourceKind (tests/test_citation.py checks that none is missing)."""

# BibLaTeX's `langid` takes the language names of babel and polyglossia, not ISO codes; a
# language not listed here is left out rather than guessed.
_LANGUAGE_NAMES = {
    "ar": "arabic",
    "de": "german",
    "en": "english",
    "fr": "french",
    "hi": "hindi",
    "hr": "croatian",
    "hy": "armenian",
    "it": "italian",
    "ja": "japanese",
    "lv": "latvian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sl": "slovenian",
    "sq": "albanian",
    "uk": "ukrainian",
    "zh": "chinese",
}

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


@dataclass(frozen=True, slots=True)
class CitedDate:
    """A date as far as citations may state it."""

    parts: tuple[int, ...]
    """(year,), (year, month) or (year, month, day)."""
    uncertain: bool

    @property
    def iso(self) -> str:
        return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(self.parts))


def cited_date(text: str | None) -> CitedDate | None:
    """The date at its recorded precision; an uncertain or approximate day loses its day."""
    if not text:
        return None
    date = parse(text)
    vague = date.uncertain or date.approximate
    parts: tuple[int, ...] = (date.start.year,)
    same_month = (date.start.year, date.start.month) == (date.end.year, date.end.month)
    if date.precision in (Precision.DAY, Precision.MONTH) and same_month:
        parts += (date.start.month,)
        if date.precision is Precision.DAY and date.start == date.end and not vague:
            parts += (date.start.day,)
    elif date.start.year != date.end.year:
        vague = True  # an interval over years: its first year, marked as not exact
    return CitedDate(parts, vague)


def csl_name(name: Name) -> Row:
    if name.is_body:
        return {"literal": name.literal}
    item: Row = {"family": name.family}
    if name.given:
        item["given"] = name.given
    if name.particle:
        item["non-dropping-particle"] = name.particle
    if name.suffix:
        item["suffix"] = name.suffix
    return item


def csl_item(source: Row) -> Row:
    entry = _ENTRY_TYPES[source["kind"]]
    item: Row = {"id": source["id"], "type": entry.csl, "title": source["title"]}
    names = authors(source.get("author"))
    if names:
        item["author"] = [csl_name(name) for name in names]
    item[entry.csl_publisher] = source["publisher"]
    date = cited_date(source.get("date"))
    if date is not None:
        item["issued"] = {"date-parts": [list(date.parts)]}
        if date.uncertain:
            item["issued"]["circa"] = True
    item["URL"] = source["url"]
    item["language"] = source["language"]
    return item


def csl_json(sources: list[Row]) -> str:
    return csl_json_items([csl_item(source) for source in sources])


def csl_json_items(items: list[Row]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _escaped(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _braced(text: str) -> str:
    # Double braces keep capitals ("NATO", "Russia") as written and a body's name whole.
    return "{{" + _escaped(text) + "}}"


def bibtex_name(name: Name) -> str:
    """`Family, Given` (sorted by surname), `von Family, Jr, Given`, or `{Body}` kept whole."""
    if name.is_body:
        return "{" + _escaped(name.literal) + "}"
    family = f"{name.particle} {name.family}" if name.particle else name.family
    parts = [family, name.suffix, name.given] if name.suffix else [family, name.given]
    return _escaped(", ".join(part for part in parts if part))


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def bibtex_entry(source: Row) -> str:
    entry = _ENTRY_TYPES[source["kind"]]
    fields: list[tuple[str, str]] = []
    names = authors(source.get("author"))
    if names:
        fields.append(("author", "{" + " and ".join(bibtex_name(name) for name in names) + "}"))
    fields.append(("title", _braced(source["title"])))
    fields.append((entry.biblatex_publisher, _braced(source["publisher"])))
    if entry.biblatex == "article":
        fields.append(("entrysubtype", "{newspaper}"))
    if entry.biblatex == "report":
        fields.append(("type", "{resreport}"))
    date = cited_date(source.get("date"))
    if date is not None:
        fields.append(("date", "{" + date.iso + ("?" if date.uncertain else "") + "}"))
    fields += [
        # A URL is verbatim in BibLaTeX: escaping its % or _ would change it.
        ("url", "{" + source["url"] + "}"),
    ]
    if source["language"] in _LANGUAGE_NAMES:
        fields.append(("langid", "{" + _LANGUAGE_NAMES[source["language"]] + "}"))
    fields.append(("keywords", "{" + source["kind"] + "}"))
    return _entry(entry.biblatex, source["id"], fields)


def bibtex(sources: list[Row]) -> str:
    return "\n".join(bibtex_entry(source) for source in sources)


# The dataset itself.

DATASET_KEY = f"nrkb-{about.VERSION}"


def dataset_citation() -> str:
    return (
        f"{about.AUTHOR} ({about.RELEASED[:4]}). {about.TITLE} (version {about.VERSION}, "
        f"released {about.RELEASED}) [Data set]. Licensed under {about.DATA_LICENCE.spdx}."
    )


def dataset_bibtex() -> str:
    return _entry(
        "dataset",
        DATASET_KEY,
        [
            ("author", "{" + bibtex_name(Name(literal=about.AUTHOR)) + "}"),
            ("title", _braced(about.TITLE)),
            ("version", "{" + about.VERSION + "}"),
            ("date", "{" + about.RELEASED + "}"),
            ("langid", "{english}"),
            ("keywords", "{dataset}"),
        ],
    )


def dataset_csl() -> Row:
    year, month, day = (int(part) for part in about.RELEASED.split("-"))
    return {
        "id": DATASET_KEY,
        "type": "dataset",
        "title": about.TITLE,
        "author": [{"literal": about.AUTHOR}],
        "version": about.VERSION,
        "issued": {"date-parts": [[year, month, day]]},
        "language": "en",
    }


def citation_cff() -> str:
    """CITATION.cff: the software (MIT) whose preferred citation is the dataset (CC BY 4.0).

    A CFF file lists several licences only as alternatives ("OR"), so each licence goes with
    the work it covers. `data` is CFF's reference type for a dataset. Strings are written as
    JSON, which is valid YAML.
    """

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    keywords = "".join(f"\n  - {text(keyword)}" for keyword in about.KEYWORDS)
    return f"""# Written by `nrkb cite --format cff` from src/nrkb/about.py; do not edit by hand.
cff-version: 1.2.0
message: {
        text(
            "If you use nrkb or its data, please cite the dataset as below, and cite the sources "
            "behind the records you rely on (`nrkb cite ID`)."
        )
    }
type: software
title: {text(about.TITLE)}
version: {text(about.VERSION)}
date-released: {about.RELEASED}
license: {about.CODE_LICENCE.spdx}
authors:
  - name: {text(about.AUTHOR)}
abstract: {text(about.DESCRIPTION)}
keywords:{keywords}
preferred-citation:
  type: data
  title: {text(about.TITLE)}
  version: {text(about.VERSION)}
  date-released: {about.RELEASED}
  year: {about.RELEASED[:4]}
  license: {about.DATA_LICENCE.spdx}
  authors:
    - name: {text(about.AUTHOR)}
  abstract: {text(about.DESCRIPTION)}
"""


def record_citation(record: Row, sources: list[Row]) -> str:
    """A citation of one record, with its sources and the dataset, as plain text."""
    title = (
        record.get("title") or record.get("name") or record.get("text") or record["id"]
    ).rstrip(".")
    when = record.get("date") or record.get("established")
    lines = [
        f"{title}{f' ({when})' if when else ''}. Record {record['id']} in: {dataset_citation()}",
        "",
        "Sources:",
    ]
    for number, source in enumerate(sources, start=1):
        names = authors(source.get("author"))
        by = "; ".join(bibtex_name(name).strip("{}") for name in names)
        date = cited_date(source.get("date"))
        when_text = f", {date.iso}{'?' if date.uncertain else ''}" if date else ""
        lines.append(
            f"[{number}] {by + ', ' if by else ''}\u201c{source['title']}\u201d, "
            f"{source['publisher']}{when_text}. {source['url']}"
        )
    return "\n".join(lines) + "\n"


def cited_sources(sources: list[Row], citation_format: Format) -> str:
    """Sources to cite, as BibLaTeX or CSL-JSON (`nrkb sources --format bibtex`)."""
    if citation_format is Format.BIBTEX:
        return bibtex(sources)
    if citation_format is Format.CSLJSON:
        return csl_json(sources)
    raise ValueError(f"sources are cited as bibtex or csljson, not {citation_format}")


def cited_source_ids(record: Row) -> list[str]:
    """The sources a record (as `show` reads it) rests on, in the order it cites them, once each:
    a recommendation's own source before those of its outcome; a source cites itself."""
    if record["record_kind"] == "source":
        return [record["id"]]
    if record["record_kind"] == "recommendation":
        outcome_sources = record["outcome"]["sources"]
        cited = [record["source"]["id"], *(source["id"] for source in outcome_sources)]
    else:
        cited = [source["id"] for source in record.get("sources", [])]
    return list(dict.fromkeys(cited))


def record_and_sources(connection: sqlite3.Connection, record_id: str) -> tuple[Row, list[Row]]:
    """A record as `show` reads it (by id or name), and the sources it cites, in that order."""
    from nrkb.detail import record

    document = record(connection, record_id)
    cited = cited_source_ids(document)
    by_id = {row["id"]: row for row in query.sources(connection, ids=tuple(cited))}
    return document, [by_id[source_id] for source_id in cited if source_id in by_id]


def cite(record: Row | None, sources: list[Row], citation_format: Format) -> str:
    """`nrkb cite`: one record with its sources and the dataset, or the dataset alone."""
    if citation_format is Format.CFF:
        if record is not None:
            raise ValueError("CITATION.cff describes the dataset, not one record")
        return citation_cff()
    if citation_format is Format.TEXT:
        dataset = dataset_citation() + "\n"
        if record is None:
            return dataset
        return record_citation(record, sources) + "\nCite the dataset as: " + dataset
    if citation_format is Format.BIBTEX:
        return "".join(bibtex_entry(source) + "\n" for source in sources) + dataset_bibtex()
    if citation_format is Format.CSLJSON:
        return csl_json_items([csl_item(source) for source in sources] + [dataset_csl()])
    raise ValueError(f"a citation is text, bibtex, csljson or cff, not {citation_format}")
