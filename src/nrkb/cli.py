"""The `nrkb` command: parse the options, call the query or build side, render, map errors.

Holds no SQL and no business rules. Heavy modules (YAML, pydantic, SQLAlchemy, Rich) are
imported by the functions that need them, so that a query stays fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from nrkb import __version__, dates, formats, pager, query
from nrkb.barometer import Resolution
from nrkb.formats import Capability, Format
from nrkb.locations import DATA_KINDS, Location, check_output, display_path, locate
from nrkb.pager import paged
from nrkb.problems import DataInvalid, NrkbError, UsageProblem
from nrkb.render import Column, Row, error, render
from nrkb.vocab import EventType, OutcomeStatus, Status, Topic, Vocabulary


@contextlib.contextmanager
def reported_errors() -> Iterator[None]:
    """nrkb's errors as a clear message on stderr and an exit code, never a traceback: 2 for a
    usage problem, 1 for anything else that went wrong, 0 when the reader went away."""
    try:
        yield
    except BrokenPipeError:
        # The reader went away (`nrkb events | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
    except UsageProblem as mistake:
        error(str(mistake))
        raise SystemExit(2) from None
    except SystemExit as stop:
        # Rich meets a closed pipe by pointing stdout at /dev/null and exiting with 1; the
        # reader going away is not a failure (`nrkb events --format table | head`).
        if isinstance(stop.__context__, BrokenPipeError):
            raise SystemExit(0) from None
        raise
    except DataInvalid as invalid:
        for problem in invalid.problems:
            sys.stderr.write(f"{problem}\n")
        error(f"{invalid}; nothing was built (run `nrkb validate` for the list)")
    except NrkbError as failure:
        error(str(failure))
    except sqlite3.Error as failure:
        error(f"database error: {failure}")
    except OSError as failure:
        error(f"{failure.strerror or failure}: {failure.filename or ''}".rstrip(": "))
    else:
        return
    raise SystemExit(1)


class NrkbGroup(TyperGroup):
    """The `nrkb` command group: every command runs inside `reported_errors`, whether the
    `nrkb` script, `python -m nrkb` or a test's CliRunner invokes it."""

    def invoke(self, ctx: Any) -> Any:
        with reported_errors():
            return super().invoke(ctx)


def _typer() -> typer.Typer:
    return typer.Typer(
        cls=NrkbGroup,
        name="nrkb",
        help="A sourced knowledge base of NATO-Russia relations since 1991.",
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=False,
    )


app = _typer()

S = TypeVar("S", bound=str)


def _one_of(valid: Sequence[S], value: str) -> S:
    """One of `valid`, or a usage error naming the bad value once, the closest and the rest
    (Typer's own message for an enum leaks "Value error," into it)."""
    for choice in valid:
        if choice == value:
            return choice
    import difflib

    close = difflib.get_close_matches(value, [str(choice) for choice in valid], n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise typer.BadParameter(f"{value!r}{hint}; valid: {', '.join(valid)}")


def _format_option(capability: Capability, explained: str = "") -> Any:
    """`--format`, accepting what the command writes and saying so in its help."""
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{capability.help()}{' ' + explained if explained else ''}",
        show_default=False,
        parser=lambda value: _one_of(capability.accepted, value),
    )


def _chosen(capability: Capability, asked: Format | None, output: Path | None = None) -> Format:
    return capability.choose(asked, output, terminal=sys.stdout.isatty())


# Options shared by every command (defined once, reused: no copy-paste between commands).
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="Data directory (default: $NRKB_DATA, else the data/ of the nrkb checkout you are "
        "in, else the bundled data).",
        show_default=False,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Database file (default: $NRKB_DB, else a cache file).",
        show_default=False,
    ),
]
FormatOption = Annotated[Format | None, _format_option(formats.ROWS)]
DocumentFormatOption = Annotated[Format | None, _format_option(formats.DOCUMENT)]
# The largest count an option accepts: more is a usage error, not an overflow deep in SQLite.
MAX_COUNT = 2**31 - 1

LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        max=MAX_COUNT,
        metavar="N",
        help="Print at most N records.",
        show_default=False,
    ),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of standard output.",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Only what ends on or after the start of this date (EDTF: 2008, 2008-08, 2008-08-19).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Only what starts on or before the end of this date.",
        show_default=False,
    ),
]


class Lanes(StrEnum):
    TOPIC = "topic"
    TYPE = "type"


def _repeatable(name: str, metavar: str | None, help: str) -> Any:
    """An option given once per value (`--topic nuclear --topic arms-control`)."""
    return typer.Option(name, metavar=metavar, help=help, show_default=False)


def _values(vocabulary: type[Vocabulary]) -> str:
    return ", ".join(member.value for member in vocabulary)


TopicOption = Annotated[
    list[str] | None,
    _repeatable("--topic", "TOPIC", f"Only with this topic (repeatable): {_values(Topic)}."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nrkb {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    context: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help="Never page long output on a terminal (else $PAGER or less)."
        ),
    ] = False,
) -> None:
    """A sourced knowledge base of NATO-Russia relations since 1991.

    Data and database: --data/NRKB_DATA and --db/NRKB_DB; by default the data of the nrkb
    checkout you are in, else the bundled data, and a database in the user cache directory,
    built on first use and rebuilt when the data change.
    """
    if no_pager:
        pager.enabled = False
    if context.invoked_subcommand is None:
        _overview()


def _overview() -> None:
    """A bare `nrkb`: what is in the knowledge base and five commands to start with."""
    from nrkb.overview import overview

    location = locate()
    with _connect(None, None) as connection:
        sys.stdout.write(overview(connection, location.data_dir))


def _date(value: str | None, option: str) -> dates.PartialDate | None:
    if value is None:
        return None
    try:
        return dates.parse(value)
    except dates.DateError as problem:
        raise typer.BadParameter(str(problem), param_hint=option) from None


def _period(
    since: str | None, until: str | None
) -> tuple[dates.PartialDate | None, dates.PartialDate | None]:
    """--since and --until, refused if the period they make is empty."""
    first, last = _date(since, "--since"), _date(until, "--until")
    if first is not None and last is not None and first.start > last.end:
        raise typer.BadParameter(
            f"{since} is after --until {until}; nothing could match", param_hint="--since"
        )
    return first, last


def _emit(
    rows: Sequence[Row],
    asked: Format | None,
    output: Path | None,
    columns: Sequence[Column],
    title: str,
    notes: Sequence[str] = (),
) -> None:
    """Rows in the format asked for. `notes` (a count cut short, a suggestion) go under a table,
    or to stderr, so that CSV and JSON stay exactly the rows."""
    chosen = _chosen(formats.ROWS, asked, output)
    if output is None:
        if chosen is Format.TABLE:
            with paged() as stream:
                render(rows, chosen, stream, columns=columns, title=title, notes=notes)
            return
        render(rows, chosen, sys.stdout, columns=columns, title=title)
    else:
        check_output(output)
        with output.open("w", encoding="utf-8", newline="") as stream:
            render(rows, chosen, stream, columns=columns, title=title)
    for note in notes:
        sys.stderr.write(f"nrkb: {note}\n")


def _write(text: str, output: Path | None) -> None:
    """Text to standard output, or to `--output FILE` (never over a data file or database)."""
    if output is None:
        sys.stdout.write(text)
    else:
        check_output(output)
        output.write_text(text, encoding="utf-8")


def _connect(data: Path | None, db: Path | None) -> sqlite3.Connection:
    from nrkb.db import connect

    return connect(locate(data, db))


EVENT_COLUMNS = (
    Column("date", "Date", no_wrap=True, compact_date=True),
    Column("type", "Type", max_width=13, code=True),
    Column("title", "Event"),
    Column("id", "Id", no_wrap=True, priority=1),
    Column("institutions", "Institutions", max_width=36, priority=2),
)


StatusOption = Annotated[
    list[str] | None,
    _repeatable("--status", "STATUS", f"Only with this status (repeatable): {_values(Status)}."),
]


EventTypeOption = Annotated[
    list[str] | None,
    _repeatable("--type", "TYPE", f"Only events of this type (repeatable): {_values(EventType)}."),
]
ActorOption = Annotated[
    list[str] | None,
    _repeatable(
        "--actor",
        "ACTOR",
        "Only events involving this actor: id, name or alias (repeatable: any of them).",
    ),
]
InstitutionOption = Annotated[
    list[str] | None,
    _repeatable(
        "--institution",
        "INSTITUTION",
        "Only what concerns this institution: id, short name or alias (repeatable).",
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        metavar="TEXT",
        help='Only events whose text matches (words, "phrases", prefix*, OR, NOT).',
        show_default=False,
    ),
]


def _event_filter(
    since: str | None,
    until: str | None,
    event_type: list[str] | None,
    actor: list[str] | None,
    institution: list[str] | None,
    topic: list[str] | None,
    search: str | None,
    limit: int | None = None,
) -> query.EventFilter:
    first, last = _period(since, until)
    return query.EventFilter(
        since=first,
        until=last,
        types=tuple(event_type or ()),
        actors=tuple(actor or ()),
        institutions=tuple(institution or ()),
        topics=tuple(topic or ()),
        search=search,
        limit=limit,
    )


@app.command()
def events(
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: EventTypeOption = None,
    actor: ActorOption = None,
    institution: InstitutionOption = None,
    topic: TopicOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """List events in date order, filtered by date, type, actor, institution, topic or text.

    Partial dates match by their bounds: --since 2008 includes an event dated 2008-08.
    """
    event_filter = _event_filter(since, until, event_type, actor, institution, topic, search, limit)
    with _connect(data, db) as connection:
        rows = query.events(connection, event_filter)
    _emit(rows, output_format, output, EVENT_COLUMNS, "Events")


@app.command()
def timeline(
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: EventTypeOption = None,
    actor: ActorOption = None,
    institution: InstitutionOption = None,
    topic: TopicOption = None,
    search: SearchOption = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE",
            help="Write a picture instead: PNG or SVG by the file's extension "
            "(needs matplotlib: pip install 'nrkb[plot]').",
            show_default=False,
        ),
    ] = None,
    lanes: Annotated[
        Lanes,
        typer.Option(
            "--lanes", metavar="topic|type", help="With --plot: one lane per topic or per type."
        ),
    ] = Lanes.TOPIC,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Events year by year on the terminal, or as a picture with institution status bars."""
    event_filter = _event_filter(since, until, event_type, actor, institution, topic, search)
    with _connect(data, db) as connection:
        rows = query.events(connection, event_filter)
        institution_rows = query.institutions(connection, ids=tuple(institution or ()))
        # Status changes belong on the terminal timeline unless the events are narrowed by
        # something a status change does not have (a type, an actor, a topic, words).
        narrowed = event_type or actor or topic or search
        changes = (
            []
            if narrowed
            else query.status_changes(
                connection,
                institutions=tuple(institution or ()),
                since=event_filter.since,
                until=event_filter.until,
            )
        )
    if plot is None:
        from nrkb.render import render_timeline

        with paged() as stream:
            render_timeline(rows, changes, stream, "NATO–Russia relations")
        return
    from nrkb.plot import timeline_plot

    check_output(plot)
    written = timeline_plot(
        rows,
        institution_rows,
        plot,
        lanes=lanes.value,
        start=event_filter.since.start if event_filter.since else None,
    )
    typer.echo(f"{written}: {len(rows)} events, {len(institution_rows)} institutions")


BAROMETER_COLUMNS = (
    Column("period", "Period", no_wrap=True),
    Column("event_count", "Events"),
    Column("cooperative", "Coop."),
    Column("conflictual", "Confl."),
    Column("mean_tone", "Mean"),
    Column("net_tone", "Net"),
    Column("gauge", "−   mean   +", no_wrap=True),
)


@app.command("barometer")
def barometer_command(
    by: Annotated[
        Resolution, typer.Option("--by", help="Count by year, quarter or month.")
    ] = Resolution.YEAR,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: EventTypeOption = None,
    actor: ActorOption = None,
    institution: InstitutionOption = None,
    topic: TopicOption = None,
    search: SearchOption = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Write a picture instead: PNG, SVG or PDF by the file's extension "
            "(needs matplotlib: pip install 'nrkb[plot]').",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """The relationship's curve: events, cooperative and conflictual counts, mean and net tone.

    Each event's tone runs from -3 (open conflict) to +3 (founding cooperation); see
    docs/barometer.md. From 1991 unless --since says otherwise; an event dated less precisely
    than the period asked for is left out and counted on stderr.
    """
    from nrkb import barometer

    event_filter = _event_filter(since, until, event_type, actor, institution, topic, search)
    with _connect(data, db) as connection:
        result = barometer.series(connection, event_filter, by)
        named = barometer.periods(connection) if plot is not None else []
        events = query.events(connection, event_filter) if plot is not None else []
    if result.unplaced:
        left_out = len(result.unplaced)
        sys.stderr.write(
            f"nrkb: {left_out} event{'s' if left_out > 1 else ''} dated less precisely than "
            f"a {by.value} left out\n"
        )
    if plot is not None:
        from nrkb.barometer_plot import barometer_plot

        check_output(plot)
        written = barometer_plot(result.rows, named, barometer.turning_points(events, named), plot)
        counted = sum(row["event_count"] for row in result.rows)
        typer.echo(f"{written}: {len(result.rows)} {by.value}s, {counted} events")
        return
    rows = result.rows
    on_terminal = output is None and _chosen(formats.ROWS, output_format) is Format.TABLE
    if on_terminal:
        span = barometer.scale(rows)
        sys.stdout.write(f"Mean tone, from ▁ -{span:g} to █ +{span:g} (the scale runs -3 to +3):\n")
        for line in barometer.sparkline_lines(rows, span):
            sys.stdout.write(f"  {line}\n")
        rows = [{**row, "gauge": barometer.gauge(row["mean_tone"], span)} for row in rows]
    _emit(rows, output_format, output, BAROMETER_COLUMNS, f"Barometer by {by.value}")


@app.command("periods")
def periods_command(
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """The named periods of the relationship, with their sources, events and mean tone."""
    from nrkb.barometer import periods

    with _connect(data, db) as connection:
        rows = periods(connection)
    columns = (
        Column("name", "Period", max_width=28),
        Column("start", "Start", no_wrap=True),
        Column("end", "End", no_wrap=True),
        Column("event_count", "Events"),
        Column("mean_tone", "Mean"),
        Column("characterisation", "Characterisation", max_width=60),
    )
    _emit(rows, output_format, output, columns, "Named periods")


@app.command("search")
def search_command(
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT", help='What to look for: words, "phrases", prefix*, OR, NOT.'
        ),
    ],
    kind: Annotated[
        list[str] | None,
        _repeatable(
            "--kind",
            "KIND",
            "Only records of this kind (repeatable): "
            "event, institution, recommendation, actor, source.",
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, max=MAX_COUNT, metavar="N", help="Best N hits."),
    ] = 20,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Search every record's text: records named by the words first, then those that mention
    them; English stems, UK and US spellings and other names (NRC, Крым) match."""
    from nrkb.search import check_kinds, find

    kinds = check_kinds(kind or ())
    with _connect(data, db) as connection:
        hits = find(connection, text, kinds, limit)
    notes = []
    if hits.any_word:
        notes.append(
            f"only {hits.every} record{'s' if hits.every != 1 else ''} with every word; "
            "records with any of them follow"
            if hits.every
            else "no record has every word; records with any of them are shown"
        )
    if hits.total > len(hits.rows):
        notes.append(f"{len(hits.rows)} of {hits.total} — use -n {hits.total} to see them all")
    if hits.suggestions:
        notes.append(f"did you mean: {', '.join(hits.suggestions)}?")
    columns = (
        Column("record_kind", "Kind", no_wrap=True),
        Column("id", "Id", no_wrap=True, priority=1),
        Column("date", "Date", no_wrap=True, compact_date=True),
        Column("snippet", "Match"),
    )
    _emit(hits.rows, output_format, output, columns, f"Search: {text}", notes)


@app.command()
def show(
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The id of any record, or an institution's or actor's short "
            "name, name or alias (NRC, Russia).",
        ),
    ],
    output_format: DocumentFormatOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """One record in full: every field, its sources and its relations both ways."""
    from nrkb.detail import record
    from nrkb.render import render_document

    with _connect(data, db) as connection:
        document = record(connection, record_id)
    with paged() as stream:
        render_document(document, _chosen(formats.DOCUMENT, output_format), stream)


@app.command()
def stats(
    output_format: DocumentFormatOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Counts by year, type, topic and actor; sources by kind and publisher class; how many
    events cite official or agency texts; recommendations by outcome; the coverage horizon."""
    from nrkb.render import render_document
    from nrkb.stats import stats as counts

    with _connect(data, db) as connection:
        document = counts(connection)
    chosen = _chosen(formats.DOCUMENT, output_format)
    with paged() as stream:
        render_document(document, chosen, stream)
        if chosen is Format.TABLE:
            stream.write(f"Data: {display_path(locate(data, db).data_dir)}\n")


@app.command()
def institutions(
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="Status in force on this day (a partial date: its last day); an institution "
            "that did not yet exist has none (the table says 'not yet').",
            show_default=False,
        ),
    ] = None,
    status: StatusOption = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """List councils, agreements, treaties, programmes, offices and capabilities with status."""
    with _connect(data, db) as connection:
        rows = query.institutions(connection, _date(on, "--on"), tuple(status or ()), limit=limit)
    notes = []
    later = sum(1 for row in rows if not row["status_on_day"])
    if on is not None and later:
        notes.append(f"{later} of {len(rows)} did not yet exist on {on} (status: not yet)")
    columns = (
        Column("id", "Id", no_wrap=True),
        Column("name", "Institution", priority=1),
        Column("status_on_day", "Status", max_width=12, code=True, empty="not yet"),
        Column("status_on_day_since", "Since", no_wrap=True, compact_date=True),
        Column("established", "Established", no_wrap=True, priority=2),
        Column("kind", "Kind", no_wrap=True, priority=3),
        Column("short_name", "Short", max_width=20, priority=4),
    )
    title = f"Institutions on {on}" if on else "Institutions (current status)"
    _emit(rows, output_format, output, columns, title, notes)


@app.command("status-changes")
def status_changes(
    status: StatusOption = None,
    institution: InstitutionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Every change of an institution's status, in date order, with the event behind it
    (every suspension: --status suspended)."""
    first, last = _period(since, until)
    with _connect(data, db) as connection:
        rows = query.status_changes(
            connection, tuple(status or ()), tuple(institution or ()), first, last, limit
        )
    columns = (
        Column("since", "Since", no_wrap=True, compact_date=True),
        Column("institution_id", "Institution", no_wrap=True),
        Column("status", "Status", no_wrap=True),
        Column("event_title", "Event"),
        Column("event_id", "Event id", no_wrap=True, priority=1),
        Column("until_start", "Until", no_wrap=True, priority=2),
    )
    _emit(rows, output_format, output, columns, "Status changes")


@app.command()
def recommendations(
    topic: TopicOption = None,
    addressee: Annotated[
        list[str] | None,
        _repeatable(
            "--addressee",
            "ACTOR",
            "Only those addressed to this actor: id, name or alias (repeatable).",
        ),
    ] = None,
    outcome: Annotated[
        list[str] | None,
        _repeatable(
            "--outcome",
            "OUTCOME",
            f"Only with this outcome (repeatable): {_values(OutcomeStatus)}.",
        ),
    ] = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """List policy recommendations and what became of them."""
    with _connect(data, db) as connection:
        rows = query.recommendations(
            connection,
            tuple(topic or ()),
            tuple(addressee or ()),
            tuple(outcome or ()),
            limit=limit,
        )
    columns = (
        Column("id", "Id", no_wrap=True),
        Column("text", "Recommendation"),
        Column("addressee", "To", max_width=16, priority=2),
        Column("outcome_status", "Outcome", max_width=12, code=True, priority=1),
    )
    _emit(rows, output_format, output, columns, "Recommendations")


@app.command()
def actors(
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """List states, organisations, bodies, people and groups."""
    with _connect(data, db) as connection:
        rows = query.actors(connection, limit=limit)
    columns = (
        Column("id", "Id", no_wrap=True),
        Column("name", "Name", max_width=40),
        Column("kind", "Kind", no_wrap=True, priority=2),
        Column("country_code", "Code", no_wrap=True, priority=3),
        Column("description", "Description", priority=1),
    )
    _emit(rows, output_format, output, columns, "Actors")


PublisherClassOption = Annotated[
    list[str] | None,
    _repeatable(
        "--class",
        None,
        "Only publishers of this class (repeatable): official, intergovernmental, wire, "
        "newspaper, state-media, reference, research, other.",
    ),
]


@app.command()
def sources(
    publisher_class: PublisherClassOption = None,
    publisher: Annotated[
        list[str] | None,
        _repeatable(
            "--publisher",
            None,
            "Only sources of this publisher id (repeatable; see `nrkb publishers`).",
        ),
    ] = None,
    limit: LimitOption = None,
    output_format: Annotated[
        Format | None, _format_option(formats.SOURCES, "bibtex and csljson cite them.")
    ] = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """List the documents cited, with their URLs and publisher classes (also as BibTeX or
    CSL-JSON to cite them)."""
    with _connect(data, db) as connection:
        rows = query.sources(
            connection,
            classes=tuple(publisher_class or ()),
            publishers=tuple(publisher or ()),
            limit=limit,
        )
    chosen = _chosen(formats.SOURCES, output_format, output)
    if chosen in formats.CITATIONS:
        from nrkb.citation import cited_sources

        _write(cited_sources(rows, chosen), output)
        return
    columns = (
        Column("date", "Date", no_wrap=True, compact_date=True),
        Column("title", "Title"),
        Column("url", "URL", no_wrap=True, priority=1),
        Column("publisher_class", "Class", no_wrap=True, priority=2),
        Column("id", "Id", no_wrap=True, priority=3),
        Column("publisher", "Publisher", max_width=20, priority=4),
    )
    _emit(rows, chosen, output, columns, "Sources")


@app.command()
def publishers(
    publisher_class: PublisherClassOption = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """List the publishers of the sources: class, country, hosts, and why any is refused."""
    with _connect(data, db) as connection:
        rows = query.publishers(connection, tuple(publisher_class or ()), limit=limit)
    columns = (  # the hosts are in csv and json
        Column("id", "Id", no_wrap=True),
        Column("name", "Publisher", max_width=32),
        Column("class", "Class", no_wrap=True),
        Column("country", "Country", no_wrap=True),
        Column("source_count", "Sources", no_wrap=True),
        Column("refused", "Refused", max_width=40),
    )
    _emit(rows, output_format, output, columns, "Publishers")


@app.command()
def cite(
    record_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="The id of any record; without it, the dataset.",
            show_default=False,
        ),
    ] = None,
    citation_format: Annotated[
        Format, _format_option(formats.CITE, "cff describes the dataset (CITATION.cff).")
    ] = Format.TEXT,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Cite the dataset (version, release date), or one record with its sources and the dataset."""
    from nrkb import citation

    if citation_format is Format.CFF and record_id is not None:
        raise typer.BadParameter("cff describes the dataset: give no ID", param_hint="ID")
    if record_id is None:
        sys.stdout.write(citation.cite(None, [], citation_format))
        return
    with _connect(data, db) as connection:
        document, cited = citation.record_and_sources(connection, record_id)
    sys.stdout.write(citation.cite(document, cited, citation_format))


DIFFERENCES_FOUND = 3
"""`nrkb diff --exit-code` when the versions differ (1 and 2 keep their meaning)."""


@app.command("diff")
def diff_command(
    old: Annotated[
        Path,
        typer.Argument(
            exists=True,
            metavar="OLD",
            help="The older version: a data directory, data package or nrkb.json.",
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(exists=True, metavar="NEW", help="The newer version, in the same form."),
    ],
    diff_format: Annotated[Format | None, _format_option(formats.DIFF)] = None,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Markdown: name the changed fields without their values."),
    ] = False,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help=f"Exit with {DIFFERENCES_FOUND} if the versions differ, else 0."
        ),
    ] = False,
    output: OutputFileOption = None,
) -> None:
    """Records added, removed and changed between two versions of the data, by kind."""
    from nrkb import diff

    result = diff.compare(old, new)
    chosen = _chosen(formats.DIFF, diff_format, output)
    if chosen is Format.JSON:
        text = diff.as_json(result)
    elif chosen is Format.MARKDOWN:
        text = diff.as_markdown(result, summary=summary)
    else:
        text = diff.as_text(result)
    _write(text, output)
    if exit_code and not result.empty:
        raise typer.Exit(DIFFERENCES_FOUND)


@app.command()
def release(
    out: Annotated[Path, typer.Option("--out", help="New or empty directory to write into.")],
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Write this version's release: data package (zip), SQLite, CSV, JSON, codebook, BibTeX,
    CSL-JSON, release notes from CHANGELOG.md, licences, CITATION.cff and SHA256SUMS."""
    from nrkb.release import checkout, write_release

    written = write_release(locate(data, db), checkout(), out)
    for path in written:
        typer.echo(display_path(path))


@app.command()
def export(
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Directory to write into (created).")
    ],
    export_format: Annotated[
        Format,
        _format_option(
            formats.EXPORT,
            "datapackage: CSV files with datapackage.json; "
            "csv: the CSV files alone; json: one document with everything.",
        ),
    ] = Format.DATAPACKAGE,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel", help="CSV for Excel: UTF-8 BOM, CRLF, formula-like text cells neutralised."
        ),
    ] = False,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Export the whole dataset for R, Stata, pandas or Excel."""
    from nrkb.export import export as write_export

    with _connect(data, db) as connection:
        written = write_export(connection, out, export_format, excel)
    typer.echo(f"{out}: {len(written)} files")


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help=f"Which data file: {formats.choices(DATA_KINDS)}; without it, every schema "
            "as one JSON object.",
            show_default=False,
            parser=lambda value: _one_of(DATA_KINDS, value),
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write <kind>.schema.json files into this directory.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """JSON Schema of the data files, for editors that validate YAML as you type."""
    import json

    from nrkb.schema import file_schema, schema_text, write_schemas

    if out is not None:
        written = write_schemas(out)
        typer.echo(f"{out}: {len(written)} schemas")
    elif kind is not None:
        sys.stdout.write(schema_text(kind))
    else:
        every = {data_kind: file_schema(data_kind) for data_kind in DATA_KINDS}
        sys.stdout.write(json.dumps(every, ensure_ascii=False, indent=2) + "\n")


@app.command()
def codebook(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (docs/codebook.md in the checkout).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The codebook: every field, every code and every export column, as Markdown."""
    from nrkb.codebook import codebook as markdown

    _write(markdown(), output)
    if output is not None:
        typer.echo(f"{output}: written")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog="Other options go to Datasette's own serve (e.g. --setting max_returned_rows 500, "
    "--cors). Pages: docs/usage.md#the-web-view.",
)
def serve(
    context: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")
    ] = 8001,
    get: Annotated[
        str | None,
        typer.Option(
            "--get",
            help="Print one page (e.g. /nrkb/events.json?_search=crimea) instead of serving; "
            "exit 0 if it answers 200.",
            show_default=False,
        ),
    ] = None,
    allow_sql: Annotated[
        bool, typer.Option("--sql", help="Allow arbitrary SQL over HTTP (off: canned queries).")
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        _repeatable(
            "--allow-host", None, "Also answer requests for this Host name (repeatable; * for any)."
        ),
    ] = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Browse the knowledge base in Datasette (pip install 'nrkb[web]'): sourced record pages,
    facets, search, canned queries."""
    import importlib.util

    from nrkb.db import ensure_current

    if importlib.util.find_spec("datasette") is None:
        raise NrkbError("serve needs Datasette: pip install 'nrkb[web]' (or pip install datasette)")
    from nrkb import serve as server

    location = locate(data, db)
    path = ensure_current(location)
    try:
        site = server.datasette_instance(
            path, location.data_dir, allow_sql=allow_sql, datasette_args=context.args
        )
    except server.DatasetteOptionError as problem:
        raise typer.BadParameter(str(problem), param_hint="Datasette options") from None
    if get is not None:
        status, text = server.get(site, get)
        typer.echo(text)
        raise typer.Exit(0 if status == 200 else 1)
    sock = server.listen(host, port)
    server.run(site, sock, host, server.allowed_hosts(host, allow_host or ()))


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(metavar="QUERY", help="One SELECT statement.")],
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows",
            min=1,
            max=MAX_COUNT,
            metavar="N",
            help="Refuse results longer than N rows.",
        ),
    ] = 10_000,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.01, metavar="SECONDS", help="Stop after this many seconds."
        ),
    ] = 5.0,
    output_format: FormatOption = None,
    output: OutputFileOption = None,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Run read-only SQL against the database (tables: `nrkb schema`, docs/codebook.md)."""
    from nrkb.db import ensure_current
    from nrkb.sql import run_sql

    path = ensure_current(locate(data, db))
    columns, rows = run_sql(path, statement, max_rows=max_rows, max_seconds=timeout)
    table_columns = [Column(name, name, max_width=60) for name in columns]
    _emit(rows, output_format, output, table_columns, "SQL")


@app.command()
def validate(data: DataOption = None) -> None:
    """Check the data files; print one line per problem: FILE:LINE: RECORD-ID: FIELD: message."""
    from nrkb.validate import load_dataset

    location = locate(data, None)
    try:
        dataset = load_dataset(location.data_dir, display_path(location.data_dir))
    except DataInvalid as invalid:
        for problem in invalid.problems:
            typer.echo(str(problem))
        error(str(invalid))
        raise typer.Exit(1) from None
    counts = ", ".join(f"{len(records)} {table}" for table, records in dataset.records.items())
    typer.echo(f"{display_path(location.data_dir)}: valid: {counts}")


@app.command()
def build(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if current.")] = False,
    data: DataOption = None,
    db: DbOption = None,
) -> None:
    """Validate the data and (re)build the database, atomically."""
    from nrkb.db import ensure_current

    location: Location = locate(data, db)
    if location.db_pinned:
        # `nrkb build --db FILE` means "build FILE from the data", not "use FILE as it is".
        location = dataclasses.replace(location, db_pinned=False)
    path = ensure_current(location, force=force)
    typer.echo(f"{path}: current for {location.data_dir}")


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the `nrkb` script and of `python -m nrkb`."""
    arguments = sys.argv[1:] if argv is None else argv
    return app_for(arguments)(args=arguments, prog_name="nrkb")


def app_for(arguments: list[str]) -> typer.Typer:
    """The app with only the command asked for: Typer prepares every registered command's
    options at start-up (about 25 ms for all of them), which a query should not pay for. Help
    and errors use the full app. The tests invoke commands through this too."""
    name = arguments[0] if arguments else None
    chosen = [
        command
        for command in app.registered_commands
        if (command.name or getattr(command.callback, "__name__", None)) == name
    ]
    if len(chosen) != 1 or any(argument in ("--help", "-h") for argument in arguments):
        return app
    single = _typer()
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single
