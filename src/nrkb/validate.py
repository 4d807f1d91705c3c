"""Raw records → a validated `Dataset`, or every problem found, each pointing at file and line.

Checks, in order: the YAML of each file (load.py), each record against its model (models.py),
then the rules that span records: ids unique across the whole dataset (publishers have ids of
their own), every reference resolves, status histories in date order and dated like the events
they cite, every source on a classified and accepted publisher's host, and no event resting on
sources of the lowest publisher class alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from nrkb.kinds import BY_TABLE, KINDS
from nrkb.load import FieldPath, RawRecord, load_file, load_mapping
from nrkb.locations import METADATA_FILE
from nrkb.models import (
    ID_PATTERN,
    RECORD_MODELS,
    Actor,
    Citation,
    Claim,
    DatasetMetadata,
    Entry,
    Event,
    Institution,
    Period,
    Publisher,
    Recommendation,
    Source,
)
from nrkb.problems import DataInvalid, Problem
from nrkb.publishers import host_of, publisher_of
from nrkb.vocab import PublisherClass

_KIND_OF_FILE = {kind.table: kind.name for kind in KINDS}


@dataclass(frozen=True, slots=True)
class Dataset:
    """The whole knowledge base, validated: every reference resolves."""

    records: dict[str, tuple[Entry, ...]]
    """The records of every kind, by its table name (kinds.py), in the order of their file."""
    metadata: DatasetMetadata
    publisher_of_source: dict[str, Publisher]
    """Each source's publisher, by source id: the one whose host its URL is on."""

    # Typed views of the kinds that code handles one by one.
    @property
    def publishers(self) -> tuple[Publisher, ...]:
        return cast("tuple[Publisher, ...]", self.records["publishers"])

    @property
    def sources(self) -> tuple[Source, ...]:
        return cast("tuple[Source, ...]", self.records["sources"])

    @property
    def actors(self) -> tuple[Actor, ...]:
        return cast("tuple[Actor, ...]", self.records["actors"])

    @property
    def institutions(self) -> tuple[Institution, ...]:
        return cast("tuple[Institution, ...]", self.records["institutions"])

    @property
    def events(self) -> tuple[Event, ...]:
        return cast("tuple[Event, ...]", self.records["events"])

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return cast("tuple[Recommendation, ...]", self.records["recommendations"])

    @property
    def periods(self) -> tuple[Period, ...]:
        return cast("tuple[Period, ...]", self.records["periods"])


def load_dataset(data_dir: Path, display_dir: str | None = None) -> Dataset:
    """Load and validate every data file in `data_dir`; raise DataInvalid with all problems."""
    shown = display_dir if display_dir is not None else str(data_dir)
    # Good data are read on the fast path; only when there is a problem to report is
    # everything read again with the line of every field.
    validated, metadata, problems = _checked(data_dir, shown, with_lines=False)
    if problems:
        validated, metadata, problems = _checked(data_dir, shown, with_lines=True)
        # No problem the second time: the files were being replaced during the first reading.
        if problems:
            raise DataInvalid(problems)
    assert metadata is not None  # a missing or invalid metadata file is a problem

    def records(kind: str) -> tuple[Any, ...]:
        return tuple(record for _, record in validated[kind])

    publishers: tuple[Publisher, ...] = records("publishers")
    by_host = {host: publisher for publisher in publishers for host in publisher.hosts}
    publisher_of_source: dict[str, Publisher] = {}
    for _, source in validated["sources"]:
        assert isinstance(source, Source)
        publisher = publisher_of(host_of(source.url), by_host)
        assert publisher is not None  # an unclassified host is a problem
        publisher_of_source[source.id] = publisher
    return Dataset(
        records={kind.table: records(kind.table) for kind in KINDS},
        metadata=metadata,
        publisher_of_source=publisher_of_source,
    )


Validated = dict[str, list[tuple[RawRecord, Entry]]]


def _checked(
    data_dir: Path, shown: str, *, with_lines: bool
) -> tuple[Validated, DatasetMetadata | None, list[Problem]]:
    problems: list[Problem] = []
    validated: Validated = {}
    # Ids whose records could not be checked: references to them are not reported again, so
    # one broken record or file gives its own problems, not a cascade of "unknown id" lines.
    unchecked = _Unchecked()
    for kind, model in RECORD_MODELS.items():
        display_name = f"{shown.rstrip('/')}/{kind}.yaml"
        path = data_dir / f"{kind}.yaml"
        validated[kind] = []
        if not path.exists():
            problems.append(Problem(display_name, 1, "-", "-", "data file not found"))
            unchecked.files.add(_KIND_OF_FILE[kind])
            continue
        raw_records, load_problems = load_file(path, display_name, with_lines=with_lines)
        problems.extend(load_problems)
        if any(problem.record_id == "-" for problem in load_problems):
            unchecked.files.add(_KIND_OF_FILE[kind])
        unchecked.ids.update(problem.record_id for problem in load_problems)
        raw_records.reverse()
        while raw_records:
            # Popped, so that each record's raw mapping is freed once its model exists.
            raw = raw_records.pop()
            try:
                record = model.model_validate(raw.data)
            except ValidationError as error:
                problems.extend(_schema_problems(raw, error))
                unchecked.ids.add(raw.record_id)
                continue
            if not with_lines:
                raw = RawRecord(raw.file, raw.index, raw.line, {"id": record.id}, {})
            validated[kind].append((raw, record))
    problems.extend(_cross_record_problems(validated, unchecked))
    problems.extend(_publisher_problems(validated, unchecked))
    metadata, metadata_problems = _metadata(data_dir, shown)
    problems.extend(metadata_problems)
    return validated, metadata, problems


def _metadata(data_dir: Path, shown: str) -> tuple[DatasetMetadata | None, list[Problem]]:
    display_name = f"{shown.rstrip('/')}/{METADATA_FILE}"
    path = data_dir / METADATA_FILE
    if not path.is_file():
        return None, [Problem(display_name, 1, "-", "-", "data file not found")]
    raw, problems = load_mapping(path, display_name, label="dataset")
    if raw is None:
        return None, problems
    try:
        return DatasetMetadata.model_validate(raw.data), []
    except ValidationError as error:
        return None, list(_schema_problems(raw, error))


def _schema_problems(raw: RawRecord, error: ValidationError) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        # Drop the model-internal parts of the location (e.g. the "function-before" wrapper).
        path: FieldPath = tuple(
            part
            for part in detail["loc"]
            if isinstance(part, int | str) and not str(part).startswith("function-")
        )
        yield raw.problem(path, _readable(detail))


def _readable(detail: Any) -> str:
    kind, message = detail["type"], str(detail["msg"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling against `nrkb schema`)"
    if kind == "string_pattern_mismatch":
        pattern = detail.get("ctx", {}).get("pattern", "")
        if pattern == ID_PATTERN:
            return (
                f"{detail['input']!r} is not a valid id: use lower-case a-z, 0-9 and single hyphens"
            )
        if "A-Z" in pattern:
            return f"{detail['input']!r} is not a two-letter ISO country code in capitals"
        return f"{detail['input']!r} does not match the pattern {pattern}"
    if kind == "too_short" and isinstance(detail.get("input"), list | str):
        return "must not be empty"
    if kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"{detail['input']!r} is not a known code; expected {expected}"
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        return f"{message} (got {type(detail['input']).__name__}: {detail['input']!r})"
    return message.removeprefix("Value error, ")


@dataclass
class _Unchecked:
    """Record kinds whose file could not be read, and ids of records that failed to load."""

    files: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)


def _cross_record_problems(validated: Validated, unchecked: _Unchecked) -> list[Problem]:
    problems: list[Problem] = []
    defined: dict[str, tuple[str, RawRecord]] = {}
    publisher_ids: dict[str, tuple[str, RawRecord]] = {}
    for kind, pairs in validated.items():
        # No record names a publisher by its id, so publishers have ids of their own.
        namespace = publisher_ids if BY_TABLE[kind].own_ids else defined
        for raw, record in pairs:
            record_id = str(record.id)
            if record_id in namespace:
                _first_kind, first = namespace[record_id]
                where = f"{first.file}:{first.line}"
                problems.append(raw.problem(("id",), f"duplicate id (first defined at {where})"))
                unchecked.ids.add(record_id)  # which of the two a reference means is unclear
            else:
                namespace[record_id] = (kind, raw)

    def kind_of(record_id: str) -> str | None:
        entry = defined.get(record_id)
        return _KIND_OF_FILE[entry[0]] if entry else None

    events: dict[str, Event] = {}
    for _, record in validated["events"]:
        if isinstance(record, Event):
            events.setdefault(record.id, record)
    for pairs in validated.values():
        for raw, record in pairs:
            listed: set[tuple[FieldPath, str]] = set()
            for path, wanted, target in _references(record):
                if wanted != "source" and path[0] != "status":
                    # The same actor, institution or event twice in one list is a slip.
                    field = tuple(part for part in path if isinstance(part, str))
                    if (field, target) in listed:
                        problems.append(raw.problem(path, f"{target!r} is listed twice"))
                    listed.add((field, target))
                if target in unchecked.ids or (
                    kind_of(target) is None and wanted in unchecked.files
                ):
                    continue
                found = kind_of(target)
                if found is None:
                    problems.append(raw.problem(path, f"unknown {wanted} id {target!r}"))
                elif found != wanted:
                    problems.append(raw.problem(path, f"{target!r} is a {found}, not a {wanted}"))
            problems.extend(_repeated_citations(raw, record))
            if isinstance(record, Institution):
                problems.extend(_status_history_problems(raw, record, events, unchecked.ids))
    problems.extend(_period_order_problems(validated["periods"]))
    return problems


def _period_order_problems(pairs: list[tuple[RawRecord, Entry]]) -> Iterator[Problem]:
    """Periods follow one another: each starts after the previous one ended (the plot's bands)."""
    previous: Period | None = None
    for raw, record in pairs:
        if not isinstance(record, Period):
            continue
        if previous is not None and (
            previous.end is None or record.start.start < previous.end.start
        ):
            yield raw.problem(
                ("start",),
                f"starts ({record.start}) before the previous period {previous.id!r} ends "
                f"({previous.end or 'open'}): keep periods in order, one after another",
            )
        previous = record


def _repeated_citations(raw: RawRecord, record: Entry) -> Iterator[Problem]:
    """A source cited twice in one list with the same locator and quote: one of them is a slip.

    The same source may be cited twice for different passages, so only identical citations count.
    """
    lists: list[tuple[FieldPath, list[Citation]]] = [(("sources",), _sources(record))]
    lists.extend(
        (("claims", i, "evidence"), claim.evidence) for i, claim in enumerate(_claims(record))
    )
    if isinstance(record, Recommendation):
        lists.append((("outcome", "sources"), record.outcome.sources))
    for where, citations in lists:
        seen: set[tuple[str, str | None, str | None]] = set()
        for i, citation in enumerate(citations):
            key = (citation.id, citation.locator, citation.quote)
            if key in seen:
                yield raw.problem((*where, i, "id"), f"source {citation.id!r} is cited twice")
            seen.add(key)


def _sources(record: Entry) -> list[Citation]:
    sources: list[Citation] = getattr(record, "sources", [])
    return sources


def _claims(record: Entry) -> list[Claim]:
    claims: list[Claim] = getattr(record, "claims", [])
    return claims


def _references(record: Entry) -> Iterator[tuple[FieldPath, str, str]]:
    """Every id a record names: (field path, the kind of record it must name, the id)."""

    def cited(field: str, citations: list[Citation]) -> Iterator[tuple[FieldPath, str, str]]:
        for i, citation in enumerate(citations):
            yield (field, i, "id"), "source", citation.id

    def claimed(claims: list[Claim]) -> Iterator[tuple[FieldPath, str, str]]:
        for i, claim in enumerate(claims):
            yield ("claims", i, "source", "id"), "source", claim.source.id
            for path, wanted, target in cited("evidence", claim.evidence):
                yield ("claims", i, *path), wanted, target

    # Any kind may cite sources and record claims (kinds.py): these are checked for every one.
    yield from cited("sources", _sources(record))
    yield from claimed(_claims(record))
    if isinstance(record, Event):
        for i, actor in enumerate(record.actors):
            yield ("actors", i, "id"), "actor", actor.id
        for i, institution in enumerate(record.institutions):
            yield ("institutions", i, "id"), "institution", institution.id
    elif isinstance(record, Institution):
        for i, party in enumerate(record.parties):
            yield ("parties", i), "actor", party
        for i, change in enumerate(record.status):
            yield ("status", i, "event"), "event", change.event
    elif isinstance(record, Recommendation):
        for i, addressee in enumerate(record.addressee):
            yield ("addressee", i), "actor", addressee
        yield ("source", "id"), "source", record.source.id
        for i, event_id in enumerate(record.events):
            yield ("events", i), "event", event_id
        for i, institution_id in enumerate(record.institutions):
            yield ("institutions", i), "institution", institution_id
        for i, event_id in enumerate(record.outcome.events):
            yield ("outcome", "events", i), "event", event_id
        for path, wanted, target in cited("sources", record.outcome.sources):
            yield ("outcome", *path), wanted, target


def _status_history_problems(
    raw: RawRecord, institution: Institution, events: dict[str, Event], unchecked: set[str]
) -> Iterator[Problem]:
    previous = None
    for i, change in enumerate(institution.status):
        if previous is not None and change.since.start < previous.since.start:
            yield raw.problem(
                ("status", i, "since"),
                f"{change.since} is before the previous status change ({previous.since}): "
                "keep the history in date order",
            )
        # A history records changes: a milestone that leaves the status as it was belongs in
        # the previous entry's note or in an event, not in a second entry.
        if previous is not None and change.status == previous.status:
            yield raw.problem(
                ("status", i, "status"),
                f"{change.status} repeats the previous status: a status history records "
                "changes only (put the milestone in a note or an event)",
            )
        previous = change
        event = events.get(change.event)
        if event is None or change.event in unchecked:
            continue  # reported already: an unknown, invalid or duplicated event
        # A status may take effect after the event that decided it (announced 18 October,
        # effective 1 November), never before it.
        if change.since.end < event.date.start:
            yield raw.problem(
                ("status", i, "since"),
                f"{change.since} is before its event {event.id!r} ({event.date})",
            )
        if institution.id not in {ref.id for ref in event.institutions}:
            yield raw.problem(
                ("status", i, "event"),
                f"event {event.id!r} does not list {institution.id!r} among its institutions",
            )


def _publisher_problems(validated: Validated, unchecked: _Unchecked) -> Iterator[Problem]:
    """Every source on a classified publisher's host, none on a refused one, and no event
    resting on sources of the lowest class alone."""
    if "publisher" in unchecked.files:
        return  # publishers.yaml could not be read: its problems are reported already
    by_host: dict[str, Publisher] = {}
    for raw, record in validated["publishers"]:
        assert isinstance(record, Publisher)
        for i, host in enumerate(record.hosts):
            first = by_host.setdefault(host, record)
            if first is not record:
                yield raw.problem(
                    ("hosts", i), f"host {host!r} is listed by publisher {first.id!r}"
                )
    class_of: dict[str, PublisherClass] = {}
    for raw, record in validated["sources"]:
        assert isinstance(record, Source)
        host = host_of(record.url)
        publisher = publisher_of(host, by_host)
        if publisher is None:
            yield raw.problem(("url",), f"host {host!r} is not classified in publishers.yaml")
            continue
        if publisher.refused is not None:
            yield raw.problem(
                ("url",),
                f"host {host!r} is refused (publisher {publisher.id!r}): {publisher.refused}",
            )
        class_of[record.id] = publisher.class_
    lowest = PublisherClass.OTHER
    for raw, record in validated["events"]:
        assert isinstance(record, Event)
        classes = [class_of.get(citation.id) for citation in record.sources]
        if classes and all(found is lowest for found in classes):
            yield raw.problem(
                ("sources",),
                f"every source is of the lowest publisher class ({lowest}): cite at least one "
                "official text, agency or newspaper report, reference work or research paper",
            )
