"""The barometer as a picture (PNG, SVG or PDF): mean tone per period over the named periods.

A page-wide figure for a paper or a report: bars of the mean tone (cooperation up, conflict
down), the named periods as shaded bands with their names, and the event that opened each
period as a labelled turning point. matplotlib is imported only here (`pip install 'nrkb[plot]'`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from nrkb import tone
from nrkb.plot import pyplot
from nrkb.problems import NrkbError

Row = dict[str, Any]

SUFFIXES = (".png", ".svg", ".pdf")
PAGE_WIDTH_INCHES = 6.9
"""A text-width figure: fits an A4 or Letter page with ordinary margins."""

COOPERATIVE_COLOUR = "#2c7bb6"
CONFLICTUAL_COLOUR = "#d7191c"
BAND_COLOURS = ("#f2f2f2", "#e3e3e3")


def barometer_plot(
    rows: Sequence[Row],
    named: Sequence[Row],
    turning: Sequence[Row],
    target: Path,
    *,
    title: str = "NATO-Russia relations: the barometer",
    today: date | None = None,
) -> Path:
    """Draw the series with the named periods as bands and the turning points; save to target."""
    if target.suffix.lower() not in SUFFIXES:
        raise NrkbError(f"cannot write {target.name}: the plot file must end in .png, .svg or .pdf")
    if not any(row["event_count"] for row in rows):
        raise NrkbError("nothing to plot: no events match")
    plt = pyplot()
    import matplotlib.dates as mdates
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    today = today or date.today()
    left = date.fromisoformat(rows[0]["date_start"])
    right = min(date.fromisoformat(rows[-1]["date_end"]), today)

    figure, axis = plt.subplots(figsize=(PAGE_WIDTH_INCHES, 4.4), layout="constrained")
    bottom, top = tone.LOWEST - 0.2, tone.HIGHEST + 1.7

    # Named periods: alternating shades, the name written up the middle of the band.
    visible = [
        period
        for period in named
        if date.fromisoformat(period["start_start"]) < right
        and (period["end_start"] is None or date.fromisoformat(period["end_start"]) > left)
    ]
    for n, period in enumerate(visible):
        start = max(date.fromisoformat(period["start_start"]), left)
        end = min(date.fromisoformat(period["end_start"]) if period["end_start"] else right, right)
        axis.axvspan(
            mdates.date2num(start),
            mdates.date2num(end),
            color=BAND_COLOURS[n % 2],
            zorder=0,
            linewidth=0,
        )
        axis.text(
            (mdates.date2num(start) + mdates.date2num(end)) / 2,
            top - 0.08,
            textwrap.fill(period["name"], 18),
            rotation=90,
            va="top",
            ha="center",
            fontsize=5.5,
            color="#444444",
            zorder=1,
        )

    # The series: one bar per period, its mean tone; the width follows the resolution.
    shown = [row for row in rows if row["mean_tone"] is not None]
    starts = [date.fromisoformat(row["date_start"]) for row in shown]
    widths = [
        (date.fromisoformat(row["date_end"]) - start).days * 0.85
        for row, start in zip(shown, starts, strict=True)
    ]
    means = [row["mean_tone"] for row in shown]
    axis.bar(
        [mdates.date2num(start) for start in starts],
        means,
        width=widths,
        align="edge",
        color=[COOPERATIVE_COLOUR if mean >= 0 else CONFLICTUAL_COLOUR for mean in means],
        zorder=2,
    )
    if len(shown) <= 60:
        # With few bars, each says how many events it averages: one event is not a trend.
        for row, start, width in zip(shown, starts, widths, strict=True):
            mean = row["mean_tone"]
            axis.text(
                mdates.date2num(start) + width / 2,
                mean + (0.06 if mean >= 0 else -0.06),
                str(row["event_count"]),
                ha="center",
                va="bottom" if mean >= 0 else "top",
                fontsize=4.5,
                color="#555555",
                zorder=3,
            )
    axis.axhline(0, color="#333333", linewidth=0.6, zorder=3)

    # Turning points: numbered marks on the zero line, explained in a key under the plot.
    key: list[str] = []
    for event in turning:
        day = date.fromisoformat(event["date_start"])
        if not left <= day <= right:
            continue
        number = len(key) + 1
        x = mdates.date2num(day)
        axis.plot(
            x,
            0,
            marker="o",
            markersize=7,
            color="white",
            markeredgecolor="#222222",
            markeredgewidth=0.6,
            zorder=4,
        )
        axis.text(x, 0, str(number), fontsize=4.5, ha="center", va="center", zorder=5)
        key.append(f"{number} {event['date'][:10]} {_short(event['title'], 45)}")
    if key:
        figure.text(
            0.01,
            0.005,
            "Turning points (the strongest-toned event opening each named period):\n"
            + "\n".join(
                "  ".join(f"{entry:<58}" for entry in key[n : n + 2]).rstrip()
                for n in range(0, len(key), 2)
            ),
            fontsize=5.5,
            family="monospace",
            va="bottom",
            ha="left",
        )
        reserved = 0.035 + 0.026 * ((len(key) + 1) // 2)
        engine = figure.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):
            engine.set(rect=(0, reserved, 1, 1 - reserved))

    axis.set_ylim(bottom, top)
    axis.set_yticks(
        [anchor.tone for anchor in tone.SCALE],
        [f"{anchor.tone:+d} {anchor.label}" for anchor in tone.SCALE],
        fontsize=6,
    )
    axis.set_xlim(mdates.date2num(left), mdates.date2num(right))
    axis.xaxis.set_major_locator(mdates.YearLocator(base=5 if (right - left).days > 3650 else 1))
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axis.xaxis.set_minor_locator(mdates.YearLocator())
    axis.tick_params(axis="x", labelsize=7)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    counted = sum(row["event_count"] for row in rows)
    axis.set_title(
        f"{title}, {left.year}–{right.year}: mean tone per {_unit(rows)} ({counted} events)",
        loc="left",
        fontsize=9,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=300)
    plt.close(figure)
    return target


def _unit(rows: Sequence[Row]) -> str:
    label = str(rows[0]["period"])
    return "quarter" if "-Q" in label else "month" if "-" in label else "year"


def _short(title: str, width: int = 26) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"
