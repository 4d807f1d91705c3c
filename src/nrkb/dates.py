"""Partial dates: EDTF level 0/1 text with its earliest day, latest day and precision.

The plain forms (`2014-03-16`, `2008-08`, `2008`, intervals of those, with `~ ? %` qualifiers)
are parsed here directly; everything else EDTF level 1 allows (unspecified digits `201X`,
seasons `2014-21`) goes to the `edtf` package. The fast path matters twice: the query side
parses `--since`/`--until` on every call and must not pay the 130 ms import of `edtf`, and the
build side parses one date per record, where `edtf` costs milliseconds each.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Precision(StrEnum):
    """How precisely a date is known: the width of the span between its bounds."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


# Coarser precisions rank higher; an interval takes the coarser of its two ends.
_RANK = {p: i for i, p in enumerate(Precision)}

_PLAIN = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?")


class DateError(ValueError):
    """A text that is not a valid EDTF level 0/1 date, or an impossible one."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written, with the first and last day it may denote."""

    text: str
    start: date
    end: date
    precision: Precision
    approximate: bool = False
    uncertain: bool = False

    def __str__(self) -> str:
        return self.text

    def overlaps(self, other: PartialDate) -> bool:
        return self.start <= other.end and other.start <= self.end


def parse(text: str) -> PartialDate:
    """Parse EDTF level 0/1 text; raise DateError with a readable reason if it is not one."""
    if not isinstance(text, str):
        raise DateError(f"expected a date written as text, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise DateError("empty date")
    if "/" in stripped:
        return _parse_interval(stripped)
    single = _parse_plain(stripped)
    return single if single is not None else _parse_with_edtf(stripped)


def _parse_interval(text: str) -> PartialDate:
    first_text, _, last_text = text.partition("/")
    if not first_text or not last_text or first_text == ".." or last_text == "..":
        raise DateError(f"{text!r}: open-ended intervals are not supported; give both ends")
    if "/" in last_text:
        raise DateError(f"{text!r}: an interval has exactly two ends")
    first, last = parse(first_text), parse(last_text)
    if last.end < first.start:
        raise DateError(f"{text!r}: the interval ends before it starts")
    precision = max(first.precision, last.precision, key=_RANK.__getitem__)
    return PartialDate(
        text=text,
        start=first.start,
        end=last.end,
        precision=precision,
        approximate=first.approximate or last.approximate,
        uncertain=first.uncertain or last.uncertain,
    )


def _parse_plain(text: str) -> PartialDate | None:
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    year = int(match["y"])
    qualifier = match["q"] or ""
    try:
        if match["d"] is not None:
            day = date(year, int(match["m"]), int(match["d"]))
            start, end, precision = day, day, Precision.DAY
        elif match["m"] is not None:
            month = int(match["m"])
            if not 1 <= month <= 12:
                # 21-24 are EDTF seasons: let the package handle them.
                return None if 21 <= month <= 41 else _bad_month(text)
            last_day = calendar.monthrange(year, month)[1]
            start, end = date(year, month, 1), date(year, month, last_day)
            precision = Precision.MONTH
        else:
            start, end, precision = date(year, 1, 1), date(year, 12, 31), Precision.YEAR
    except ValueError as error:
        raise DateError(f"{text!r}: {error}") from None
    return PartialDate(
        text=text,
        start=start,
        end=end,
        precision=precision,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )


def _bad_month(text: str) -> PartialDate:
    raise DateError(f"{text!r}: month must be in 01..12")


def _parse_with_edtf(text: str) -> PartialDate:
    # Imported here: it costs ~130 ms and only unusual forms need it.
    import contextlib
    import io
    import time

    from edtf import parse_edtf

    not_a_date = DateError(
        f"{text!r} is not an EDTF date (e.g. 2014-03-16, 2008-08, 2008, 2015~, "
        "2008-08-07/2008-08-12)"
    )
    # The package prints diagnostics ("trying to PartialUnspecified...") to stdout, which would
    # corrupt CSV and JSON output, and raises many exception types from deep inside (its own,
    # pyparsing's, ValueError, TypeError, OverflowError, AttributeError...). Any failure of a
    # third-party parser on user text means the same thing here: not a date nrkb can use.
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            parsed = parse_edtf(text)
            lower, upper = parsed.lower_strict(), parsed.upper_strict()
            start = date(*time.struct_time(lower)[:3])
            end = date(*time.struct_time(upper)[:3])
    except Exception:
        raise not_a_date from None
    if not 1 <= start.year <= 9999 or not 1 <= end.year <= 9999:
        raise DateError(f"{text!r}: year outside 0001..9999")
    # The package's own precision names the finest digit written (2014-XX says "month"),
    # but users filter on the span, so precision follows the width of the bounds.
    precision = _width_precision(start, end)
    return PartialDate(
        text=text,
        start=start,
        end=end,
        precision=precision,
        approximate=bool(getattr(parsed, "approximate", False)) or "~" in text or "%" in text,
        uncertain=bool(getattr(parsed, "uncertain", False)) or "?" in text or "%" in text,
    )


def _width_precision(start: date, end: date) -> Precision:
    days = (end - start).days
    if days == 0:
        return Precision.DAY
    if days <= 31:
        return Precision.MONTH
    if days <= 92:
        return Precision.SEASON
    if days <= 366:
        return Precision.YEAR
    return Precision.DECADE if days <= 3653 else Precision.CENTURY
