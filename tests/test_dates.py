from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrkb.dates import DateError, Precision, parse


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2014-03-16", date(2014, 3, 16), date(2014, 3, 16), Precision.DAY),
        ("2008-08", date(2008, 8, 1), date(2008, 8, 31), Precision.MONTH),
        ("2008-02", date(2008, 2, 1), date(2008, 2, 29), Precision.MONTH),  # leap year
        ("2008", date(2008, 1, 1), date(2008, 12, 31), Precision.YEAR),
        ("2008-08-07/2008-08-12", date(2008, 8, 7), date(2008, 8, 12), Precision.DAY),
        ("2008-08/2008-09-15", date(2008, 8, 1), date(2008, 9, 15), Precision.MONTH),
        ("2015~", date(2015, 1, 1), date(2015, 12, 31), Precision.YEAR),
        ("2018?", date(2018, 1, 1), date(2018, 12, 31), Precision.YEAR),
        ("2014-07-25?", date(2014, 7, 25), date(2014, 7, 25), Precision.DAY),
        ("201X", date(2010, 1, 1), date(2019, 12, 31), Precision.DECADE),
        ("2014-21", date(2014, 3, 1), date(2014, 5, 31), Precision.SEASON),
    ],
)
def test_partial_dates_have_earliest_and_latest_day(
    text: str, start: date, end: date, precision: Precision
) -> None:
    parsed = parse(text)
    assert (parsed.text, parsed.start, parsed.end, parsed.precision) == (
        text,
        start,
        end,
        precision,
    )


def test_qualifiers_are_kept() -> None:
    assert parse("2015~").approximate and not parse("2015~").uncertain
    assert parse("2018?").uncertain and not parse("2018?").approximate
    assert parse("2004-06-11%").approximate and parse("2004-06-11%").uncertain


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2014-02-30", "day is out of range"),
        ("2014-13-05", "month must be in"),
        ("2014-05-01/2014-04-01", "ends before it starts"),
        ("last spring", "not an EDTF date"),
        ("2014/..", "open-ended"),
        ("", "empty"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse(text)


def test_a_partial_date_overlaps_the_days_it_may_denote() -> None:
    assert parse("2008-08").overlaps(parse("2008-08-19"))
    assert not parse("2008-07").overlaps(parse("2008-08-19"))


# Text shaped like EDTF: digits, X, signs, the qualifiers, separators and a few letters that
# EDTF uses (Y for long years, E for exponents, S for significant digits, T for times).
EDTF_SHAPED = r"[-+]?[0-9XYESTu]{1,6}([-/.][0-9X~?%]{0,4}){0,4}[~?%]?"


@given(st.text(max_size=40))
@settings(max_examples=400)
def test_any_text_is_a_date_or_one_clear_error(text: str) -> None:
    _parse_or_date_error(text)


@given(st.from_regex(EDTF_SHAPED, fullmatch=True))
@settings(max_examples=600)
def test_edtf_shaped_text_is_a_date_or_one_clear_error(text: str) -> None:
    _parse_or_date_error(text)


@pytest.mark.parametrize(
    "text", ["1984-1X", "Y7E9", "-0500", "XXXX", "Y-170000002", "0000", "1984-1X/2000"]
)
def test_dates_the_edtf_package_chokes_on_are_refused_with_a_reason(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DateError, match=r"date|year|month|day"):
        parse(text)
    # The package prints its own diagnostics; none may reach stdout (it would corrupt CSV).
    assert capsys.readouterr().out == ""


def _parse_or_date_error(text: str) -> None:
    try:
        parsed = parse(text)
    except DateError as error:
        message = str(error)
        assert message and "\n" not in message
        return
    assert parsed.start <= parsed.end
    assert parsed.start.year >= 1 and parsed.end.year <= 9999
