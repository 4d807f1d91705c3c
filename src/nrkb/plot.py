"""A timeline picture (PNG or SVG): institution status periods as bars, events as marks in lanes.

matplotlib is an optional extra (`pip install 'nrkb[plot]'`); it is imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nrkb.problems import NrkbError

Row = dict[str, Any]

STATUS_COLOURS = {
    "proposed": "#d9d9d9",
    "planned": "#9ecae1",
    "signed": "#4292c6",
    "under-construction": "#9e9ac8",
    "active": "#31a354",
    "restricted": "#fd8d3c",
    "suspended": "#de2d26",
    "inactive": "#969696",
    "ended": "#252525",
}

SUFFIXES = (".png", ".svg")
KNOWLEDGE_BASE_START = date(1990, 1, 1)


def pyplot() -> Any:
    """matplotlib.pyplot on the file-only Agg backend, or an error naming the extra to install.

    Shared by every picture nrkb draws; once it has returned, matplotlib's other modules import.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise NrkbError(
            "plotting needs matplotlib: pip install 'nrkb[plot]' (or pip install matplotlib)"
        ) from None
    return plt


def timeline_plot(
    events: Sequence[Row],
    institutions: Sequence[Row],
    target: Path,
    *,
    lanes: str = "topic",
    title: str = "NATO–Russia relations",
    start: date | None = None,
    today: date | None = None,
) -> Path:
    """Draw events in lanes (by `topic` or `type`) under institution status bars; save to target."""
    if target.suffix.lower() not in SUFFIXES:
        raise NrkbError(f"cannot write {target.name}: the plot file must end in .png or .svg")
    plt = pyplot()
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    if not events and not institutions:
        raise NrkbError("nothing to plot: no events or institutions match")
    today = today or date.today()

    lane_events: dict[str, list[Row]] = {}
    for event in events:
        for lane in event["topics"] if lanes == "topic" else [event["type"]]:
            lane_events.setdefault(lane, []).append(event)
    lane_names = sorted(lane_events, key=lambda lane: (-len(lane_events[lane]), lane))
    bars = [row for row in institutions if row["status"]]

    starts = [date.fromisoformat(e["date_start"]) for e in events]
    ends = [date.fromisoformat(e["date_end"]) for e in events]
    if not starts:
        starts = [date.fromisoformat(_first_day(row["status"][0]["since"])) for row in bars]
        ends = [today]
    left, right = min(starts), max(ends)
    if start is not None:
        left = start
    elif left < KNOWLEDGE_BASE_START:
        # A few Cold War treaties start earlier; the picture is of the years since 1991.
        left = KNOWLEDGE_BASE_START
    title = f"{title}, {left.year}–{right.year}"
    margin = timedelta(days=max(30, (right - left).days // 40))
    left, right = left - margin, right + margin

    bar_height, lane_height = 0.32, 0.36
    top_size = max(1.2, bar_height * len(bars) + 0.8)
    bottom_size = max(1.5, lane_height * len(lane_names) + 0.9)
    figure, (top, bottom) = plt.subplots(
        2,
        1,
        sharex=True,
        figsize=(15, top_size + bottom_size + 1.2),
        gridspec_kw={"height_ratios": [top_size, bottom_size], "hspace": 0.08},
        layout="constrained",
    )

    for row_index, institution in enumerate(bars):
        history = institution["status"]
        for n, change in enumerate(history):
            start = date.fromisoformat(_first_day(change["since"]))
            end = (
                date.fromisoformat(_first_day(history[n + 1]["since"]))
                if n + 1 < len(history)
                else today
            )
            if end <= start:
                continue
            top.barh(
                row_index,
                (end - start).days,
                left=mdates.date2num(start),
                height=0.7,
                color=STATUS_COLOURS.get(change["status"], "#cccccc"),
                edgecolor="white",
                linewidth=0.5,
            )
    top.set_yticks(range(len(bars)), [_label(row) for row in bars], fontsize=8)
    top.invert_yaxis()
    top.set_title("Institutions: status over time", loc="left", fontsize=10)
    figure.legend(
        handles=[Patch(color=colour, label=status) for status, colour in STATUS_COLOURS.items()],
        loc="outside lower center",
        ncol=len(STATUS_COLOURS),
        fontsize=8,
        title="institution status",
        title_fontsize=8,
        frameon=False,
    )

    # The strong shades of tab20 first, then the pale ones: neighbouring lanes stay distinct.
    tab20 = plt.get_cmap("tab20")
    palette = [tab20(i) for i in range(0, 20, 2)] + [tab20(i) for i in range(1, 20, 2)]
    for lane_index, lane in enumerate(lane_names):
        colour = palette[lane_index % len(palette)]
        for event in lane_events[lane]:
            start = date.fromisoformat(event["date_start"])
            end = date.fromisoformat(event["date_end"])
            if (end - start).days > 1:
                bottom.plot(
                    [mdates.date2num(start), mdates.date2num(end)],
                    [lane_index, lane_index],
                    color=colour,
                    linewidth=3,
                    alpha=0.6,
                    solid_capstyle="butt",
                )
            bottom.plot(
                mdates.date2num(start), lane_index, "o", color=colour, markersize=4, alpha=0.85
            )
    bottom.set_yticks(
        range(len(lane_names)),
        [f"{lane} ({len(lane_events[lane])})" for lane in lane_names],
        fontsize=8,
    )
    bottom.invert_yaxis()
    bottom.set_ylim(len(lane_names) - 0.5, -0.5)
    bottom.set_title(
        f"Events by {lanes} ({len(events)} events; an event appears in each of its {lanes}s)"
        if lanes == "topic"
        else f"Events by type ({len(events)} events)",
        loc="left",
        fontsize=10,
    )
    for axis in (top, bottom):
        axis.grid(axis="x", color="#e0e0e0", linewidth=0.6)
        axis.set_axisbelow(True)
        for side in ("top", "right"):
            axis.spines[side].set_visible(False)
    bottom.set_xlim(mdates.date2num(left), mdates.date2num(right))
    locator = mdates.AutoDateLocator(minticks=8, maxticks=20)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    figure.suptitle(title, fontsize=13, x=0.01, ha="left")
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=150)
    plt.close(figure)
    return target


def _first_day(text: str) -> str:
    """The earliest ISO day of a plain EDTF date, enough for drawing (`2014-06` → 2014-06-01)."""
    from nrkb.dates import parse

    return parse(text).start.isoformat()


def _label(institution: Row) -> str:
    name = str(institution["short_name"] or institution["name"])
    return name if len(name) <= 38 else name[:37] + "…"
