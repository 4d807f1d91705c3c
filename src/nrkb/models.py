"""The records of the knowledge base as typed, validated models: one class per YAML record kind.

Unknown fields are errors (`extra="forbid"`), so a typo in the YAML is reported, never
silently dropped. Cross-record rules (unique ids, references, chronology) live in validate.py.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from nrkb import controls, dates
from nrkb.dates import PartialDate
from nrkb.kinds import KINDS
from nrkb.tone import HIGHEST as HIGHEST_TONE
from nrkb.tone import LOWEST as LOWEST_TONE
from nrkb.vocab import (
    ActorKind,
    ActorRole,
    ClaimVerdict,
    EventType,
    InstitutionEffect,
    InstitutionKind,
    OutcomeStatus,
    PublisherClass,
    SourceKind,
    Status,
    Topic,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

RecordId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=120),
    Field(description="Stable lower-case kebab-case identifier, never reused once published."),
]


def _printable(value: str, *, newlines: bool) -> str:
    char = controls.first_unsafe(value, newlines=newlines)
    if char is not None:
        kind = "a control character" if char.isascii() or ord(char) < 0xA0 else "a bidi override"
        raise ValueError(f"contains {kind} ({controls.describe(char)}), which is not allowed")
    return value


def _printable_line(value: str) -> str:
    return _printable(value, newlines=False)


def _printable_text(value: str) -> str:
    return _printable(value, newlines=True)


# Text may run over several lines; short texts, ids and URLs are one line.
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_printable_text)
]
ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(_printable_line)
]

# YAML keeps every scalar as text (load.py), so the editor schema accepts `2` and `"2"` alike.
Tone = Annotated[
    int,
    Field(ge=LOWEST_TONE, le=HIGHEST_TONE),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": LOWEST_TONE, "maximum": HIGHEST_TONE},
                {"type": "string", "pattern": r"^[+-]?[0-3]$"},
            ]
        }
    ),
]


def _parse_date(value: object) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an EDTF date as text, got {type(value).__name__}")
    try:
        return dates.parse(value)
    except dates.DateError as error:
        raise ValueError(str(error)) from None


Date = Annotated[
    PartialDate,
    BeforeValidator(_parse_date),
    PlainSerializer(lambda value: value.text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "EDTF level 0/1 date: 2014-03-16, 2008-08, 2008, "
            "2008-08-07/2008-08-12, 2015~ (approximate), 2018? (uncertain)",
            "pattern": r"^\d{4}",
        }
    ),
]

_URL_WHITESPACE = re.compile(r"\s")


def _check_url(value: str) -> str:
    _printable_line(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        raise ValueError("must be an absolute http(s) URL")
    if _URL_WHITESPACE.search(value):
        raise ValueError("a URL cannot contain white space")
    return value


Url = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description='ISO 3166-1 alpha-2 code, quoted in YAML ("NO" is Norway, not false).'),
]
LanguageCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2,3}$"), Field(description="ISO 639 language code.")
]


class Record(BaseModel):
    """Base of every YAML model: unknown fields are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Entry(Record):
    """A record of a data file: it has a stable id by which other records name it."""

    id: RecordId


class Reference(Record):
    """A reference to another record, which YAML may write as a bare id instead of `{id: ...}`."""

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value


class Citation(Reference):
    """A source cited for a record, with where in it and its own words, where that helps."""

    id: RecordId = Field(description="Id of a source in sources.yaml.")
    locator: ShortText | None = Field(None, description="Where in the source: page, paragraph.")
    quote: Text | None = Field(None, description="The source's own words, verbatim.")


class ActorRef(Reference):
    id: RecordId = Field(description="Id of an actor in actors.yaml.")
    role: ActorRole | None = Field(None, description="The actor's part in the event.")


class InstitutionRef(Reference):
    id: RecordId = Field(description="Id of an institution in institutions.yaml.")
    effect: InstitutionEffect | None = Field(None, description="What the event did to it.")


class Claim(Record):
    """What a source said, beside what other sources show: a plan, a projection or an error."""

    source: Citation = Field(description="The source that makes the claim, with its words.")
    says: Text = Field(description="The claim, paraphrased.")
    verdict: ClaimVerdict = Field(description="How the claim compares with what happened.")
    finding: Text = Field(description="What happened or what is right instead.")
    evidence: list[Citation] = Field(min_length=1, description="Sources for the finding.")


SOURCES_FIELD = "Sources confirming the record: source ids, or {id, locator, quote}."
CLAIMS_FIELD = "Claims of sources checked against what happened (see Claim)."
NOTES_FIELD = "Caveats: disagreements between sources, why a date is only a month or a year."
TOPICS_FIELD = "Topic codes (vocabulary topic)."


HOST_PATTERN = r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$"


def _check_host(value: str) -> str:
    if value.startswith("www."):
        raise ValueError(f"write {value.removeprefix('www.')!r}: `www.` is ignored in hosts")
    return value


Host = Annotated[
    str,
    StringConstraints(pattern=HOST_PATTERN, max_length=253),
    AfterValidator(_check_host),
    Field(description="A host name in lower case, without `www.`: it covers its subdomains."),
]


class Publisher(Entry):
    """Who publishes on a set of hosts: the class of every source whose URL is on them.

    Publishers have ids of their own (a publisher named like an actor, `nato`, is not that
    actor): no other record names a publisher; a source's publisher follows from its URL.
    """

    name: ShortText = Field(description="The publisher's real name.")
    country: CountryCode | None = Field(
        description='ISO 3166-1 alpha-2 code of its country, quoted ("NO"); null for an '
        "international body."
    )
    class_: PublisherClass = Field(
        alias="class", description="Class of the publisher (vocabulary publisher_class)."
    )
    hosts: list[Host] = Field(
        min_length=1,
        description="Hosts it publishes on; a URL's publisher is the one whose host is the "
        "longest suffix of the URL's host.",
    )
    refused: ShortText | None = Field(
        None, description="Why no source may cite it (a mirror, a proxy, a content farm …)."
    )
    notes: Text | None = Field(None, description="Why it is in its class, where that is not plain.")

    @model_validator(mode="after")
    def _refused_is_lowest(self) -> Publisher:
        if self.refused is not None and self.class_ is not PublisherClass.OTHER:
            raise ValueError("a refused publisher is of the lowest class, other")
        return self


class Source(Entry):
    """A document cited by the knowledge base."""

    title: ShortText = Field(description="Title of the document as published.")
    author: ShortText | None = Field(None, description="Author(s), if named.")
    publisher: ShortText = Field(
        description="Publisher, issuing body or news organisation, as citations print it; its "
        "class follows from the URL's host (publishers.yaml)."
    )
    date: Date | None = Field(None, description="Publication date (EDTF), if known.")
    url: Url = Field(description="Address of the page that was read.")
    kind: SourceKind = Field(description="Kind of document (vocabulary source_kind).")
    language: LanguageCode = Field("en", description="Language of the document (ISO 639).")
    notes: Text | None = Field(None, description=NOTES_FIELD)


class Actor(Entry):
    """A state, alliance, organisation, body, person or armed group."""

    name: ShortText = Field(description="Official or usual English name.")
    kind: ActorKind = Field(description="Kind of actor (vocabulary actor_kind).")
    country_code: CountryCode | None = Field(
        None,
        description='ISO 3166-1 alpha-2 code of a state or of a person\'s country, quoted ("NO").',
    )
    aliases: list[ShortText] = Field(default_factory=list, description="Other names.")
    description: Text | None = Field(
        None, description="Who or what it is, with the offices and years that matter here."
    )
    sources: list[Citation] = Field(min_length=1, description=SOURCES_FIELD)
    claims: list[Claim] = Field(default_factory=list, description=CLAIMS_FIELD)
    notes: Text | None = Field(None, description=NOTES_FIELD)


class StatusChange(Record):
    """From `since` on, the institution had `status`, as a result of `event`."""

    status: Status = Field(description="The status from `since` on (vocabulary status).")
    since: Date = Field(description="When it took effect (EDTF); not before its event.")
    event: RecordId = Field(description="Id of the event that brought this status about.")
    note: Text | None = Field(None, description="What the status means here.")


class Institution(Entry):
    """A council, agreement, treaty, programme, office or capability, with its status history."""

    name: ShortText = Field(description="Full name.")
    short_name: ShortText | None = Field(None, description="Abbreviation or short name.")
    aliases: list[ShortText] = Field(
        default_factory=list, description="Other names, in English or other languages."
    )
    kind: InstitutionKind = Field(description="Kind of institution (vocabulary institution_kind).")
    established: Date | None = Field(None, description="Founding, signing or opening date.")
    parties: list[RecordId] = Field(default_factory=list, description="Actor ids of its parties.")
    description: Text = Field(description="What it is and what became of it.")
    status: list[StatusChange] = Field(min_length=1, description="Status history, oldest first.")
    topics: list[Topic] = Field(default_factory=list, description=TOPICS_FIELD)
    sources: list[Citation] = Field(min_length=1, description=SOURCES_FIELD)
    claims: list[Claim] = Field(default_factory=list, description=CLAIMS_FIELD)
    notes: Text | None = Field(None, description=NOTES_FIELD)


class Event(Entry):
    """A dated event: summit, declaration, signing, suspension, invasion, incident …"""

    title: ShortText = Field(description="One line saying what happened.")
    date: Date = Field(description="When (EDTF), only as precise as a source confirms.")
    type: EventType = Field(description="Kind of event (vocabulary event_type).")
    tone: Tone = Field(
        description="Effect on the NATO-Russia relationship, from -3 (open conflict) to +3 "
        "(founding cooperation); see docs/barometer.md."
    )
    tone_note: ShortText | None = Field(
        None, description="Why the tone departs from the usual one for the event's type."
    )
    actors: list[ActorRef] = Field(
        default_factory=list, description="Actor ids, or {id, role}, of those involved."
    )
    institutions: list[InstitutionRef] = Field(
        default_factory=list, description="Institution ids, or {id, effect}, it concerned."
    )
    topics: list[Topic] = Field(min_length=1, description=TOPICS_FIELD)
    summary: Text = Field(description="One to three factual sentences.")
    location: ShortText | None = Field(None, description="Where it happened.")
    sources: list[Citation] = Field(min_length=1, description=SOURCES_FIELD)
    claims: list[Claim] = Field(default_factory=list, description=CLAIMS_FIELD)
    notes: Text | None = Field(None, description=NOTES_FIELD)


class Outcome(Record):
    """What became of a recommendation, as later events show it."""

    status: OutcomeStatus = Field(description="The outcome (vocabulary outcome_status).")
    as_of: Date = Field(description="The date the assessment holds for.")
    summary: Text = Field(description="What happened, in a few factual sentences.")
    events: list[RecordId] = Field(default_factory=list, description="Evidence: event ids.")
    sources: list[Citation] = Field(min_length=1, description="Sources for the outcome.")


class Recommendation(Entry):
    """A policy recommendation made by an analyst, with its outcome."""

    text: Text = Field(description="A faithful paraphrase of the recommendation.")
    addressee: list[RecordId] = Field(
        min_length=1, description="Actor id(s) it is addressed to: one id or a list."
    )
    source: Citation = Field(description="Where it was made, with the author's own words.")
    date: Date = Field(description="When it was made (EDTF).")
    topics: list[Topic] = Field(min_length=1, description=TOPICS_FIELD)
    events: list[RecordId] = Field(default_factory=list, description="Related event ids.")
    institutions: list[RecordId] = Field(
        default_factory=list, description="Related institution ids."
    )
    outcome: Outcome = Field(description="What became of it (see Outcome).")
    notes: Text | None = Field(None, description=NOTES_FIELD)

    @model_validator(mode="before")
    @classmethod
    def _single_addressee(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("addressee"), str):
            return {**value, "addressee": [value["addressee"]]}
        return value


class Period(Entry):
    """A named phase of the relationship, as scholars and officials divide its history."""

    name: ShortText = Field(description="The phase's name, e.g. 'The 2009 reset'.")
    start: Date = Field(description="When it began (EDTF), as precisely as its sources put it.")
    end: Date | None = Field(None, description="When it ended (EDTF); none while it lasts.")
    characterisation: ShortText = Field(description="The phase in one line.")
    sources: list[Citation] = Field(
        min_length=1, description="Sources that use this periodisation: source ids, or {id, ...}."
    )
    notes: Text | None = Field(None, description="Where sources date or name the phase otherwise.")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Period:
        if self.end is not None and self.end.end < self.start.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Coverage(Record):
    """The period the dataset covers: complete from `start` to `end` within its scope."""

    start: date = Field(
        description="First day of the scope (ISO 8601); earlier events are recorded only "
        "for the treaties nrkb follows."
    )
    end: date = Field(
        description="Coverage horizon (ISO 8601): the last day to which coverage is complete; "
        "not in the future."
    )

    @field_validator("end")
    @classmethod
    def _past(cls, end: date) -> date:
        if end > date.today():
            raise ValueError(f"{end} is in the future: coverage cannot be complete yet")
        return end

    @model_validator(mode="after")
    def _ordered(self) -> Coverage:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class DatasetMetadata(Record):
    """What `data/dataset.yaml` declares about the dataset as a whole."""

    coverage: Coverage = Field(description="The period covered (see Coverage).")


RECORD_MODELS: dict[str, type[Entry]] = {kind.table: globals()[kind.model] for kind in KINDS}
"""Each data file's name (without `.yaml`) and the model of its records (kinds.py)."""
