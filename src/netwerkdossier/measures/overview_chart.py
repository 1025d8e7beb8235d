"""The measures of a household in time, as an inline SVG: one bar per measure from its
start to its end (an open end runs to the chart's edge with an arrow), grouped per
member, with today as a line. The table on the page holds the same facts; the chart
only shows overlap at a glance. Coordinates leave here as strings (safety.chart.num):
the templates run under the Dutch locale, which would write 12.5 as "12,5".
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format

from netwerkdossier.safety.chart import num

from .models import IN_FORCE

WIDTH = 760
LABEL = 300  # px for the member's name and the measure on the left
RIGHT = 16
ROW, TOP, BOTTOM = 26, 24, 30
# Requested (not yet decided) and ended measures are drawn hollow or hatched: colour
# never carries the difference alone (the bar's text says it too).
IN_FORCE_FILL, OTHER_FILL, STROKE = "#154273", "#ffffff", "#154273"


@dataclass(frozen=True)
class Bar:
    y: str
    x: str
    width: str
    label: str
    label_y: str
    fill: str
    open_end: bool
    arrow: str
    title: str


def _short(text: str, room: int = 44) -> str:
    """A label that fits LABEL px at 12 px (the table below has the whole name)."""
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def chart(measures, today: date) -> dict | None:
    """The chart's parts for the template, or None without a dated measure."""
    dated = [m for m in measures if m.starts_on or m.requested_on]
    if not dated:
        return None
    start = min(m.starts_on or m.requested_on for m in dated)
    ends = [m.ended_on or m.ends_on for m in dated if m.ended_on or m.ends_on]
    end = max([today + timedelta(days=60), *ends])
    span = max((end - start).days, 1)
    plot = WIDTH - LABEL - RIGHT

    def x(day: date) -> float:
        return LABEL + plot * (day - start).days / span

    bars = []
    for i, m in enumerate(dated):
        first = m.starts_on or m.requested_on
        last = m.ended_on or m.ends_on
        y = TOP + i * ROW
        left, right = x(first), x(last) if last else LABEL + plot
        fill = IN_FORCE_FILL if m.status in IN_FORCE else OTHER_FILL
        state = m.get_status_display()
        until = date_format(last, "j M Y") if last else "—"
        bars.append(Bar(
            y=num(y + 4), x=num(left), width=num(max(right - left, 3)),
            label=_short(f"{m.person.given_names}: {m.entry.label}"), label_y=num(y + 14),
            fill=fill, open_end=last is None,
            arrow=f"M{num(right)} {num(y + 2)}l8 9l-8 9Z" if last is None else "",
            title=f"{m.entry.label} ({state}), {date_format(first, 'j M Y')} – {until}"))
    height = TOP + len(bars) * ROW + BOTTOM
    ticks = []
    for year in range(start.year, end.year + 1):
        for month in (1, 7):
            day = date(year, month, 1)
            if start <= day <= end:
                ticks.append({"x": num(x(day)), "text": date_format(day, "M Y")})
    return {"width": WIDTH, "height": height, "bars": bars, "ticks": ticks,
            "today_x": num(x(today)), "axis_y": num(height - BOTTOM + 4),
            "tick_label_y": num(height - BOTTOM + 18), "top": TOP, "label_x": LABEL - 8}
