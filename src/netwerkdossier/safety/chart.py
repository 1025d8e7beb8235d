"""The 0-10 scaling scores as an inline SVG line chart, plus the same numbers as a table.

Each scorer gets a line with its own dash pattern and marker shape (circle, square,
diamond, triangle; hollow for professionals) and a legend entry showing both beside the
name, so the chart never relies on colour alone. (Names at the line ends were ambiguous:
family members often give the same score, and their lines end in one point.) Every
coordinate leaves here as a string with a decimal point: the templates run under the
Dutch locale, which would print 184.0 as "184,0" and break every attribute (the chart
was drawn as a heap in the corner that way). With many dates only some get an axis
label; the table has them all.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format

WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 40, 150, 16, 40
DASHES = ["", "6 3", "2 3", "10 4 2 4", "1 4", "12 6"]
MARKERS = ["circle", "square", "diamond", "triangle"]
# Colour helps but never carries the difference alone; each has ≥ 4.5:1 against white.
COLOURS = ["#1a1a1a", "#154273", "#a8390b", "#2e6b30", "#6b2d7b", "#735600"]
LEGEND_STEP = 18  # px between legend entries (font-size 12)
MAX_AXIS_LABELS = 7
TICKS = (0, 5, 10)


def num(value: float) -> str:
    """An SVG number: decimal point, at most one decimal, whatever the locale."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def marker_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    """The outline of one point's marker as SVG path data."""
    if shape == "square":
        return f"M{num(x - r)} {num(y - r)}h{num(2 * r)}v{num(2 * r)}h{num(-2 * r)}Z"
    if shape == "diamond":
        d = r * 1.3
        return f"M{num(x)} {num(y - d)}L{num(x + d)} {num(y)}L{num(x)} {num(y + d)}" \
               f"L{num(x - d)} {num(y)}Z"
    if shape == "triangle":
        d = r * 1.25
        return f"M{num(x)} {num(y - d)}L{num(x + d)} {num(y + d * 0.8)}" \
               f"L{num(x - d)} {num(y + d * 0.8)}Z"
    # circle: two arcs
    return f"M{num(x - r)} {num(y)}a{num(r)} {num(r)} 0 1 0 {num(2 * r)} 0" \
           f"a{num(r)} {num(r)} 0 1 0 {num(-2 * r)} 0Z"


@dataclass
class Series:
    name: str
    is_professional: bool = False
    points: list = field(default_factory=list)  # (x, y, score, date)
    dash: str = ""
    marker: str = "circle"
    colour: str = COLOURS[0]
    key: dict = field(default_factory=dict)  # its legend entry

    @property
    def polyline(self) -> str:
        return " ".join(f"{num(x)},{num(y)}" for x, y, _s, _d in self.points)

    @property
    def markers(self) -> list[dict]:
        return [{"d": marker_path(self.marker, x, y), "score": s,
                 "label": f"{self.name}, {date_format(d, 'j F Y')}: {s}"}
                for x, y, s, d in self.points]

    def legend(self, index: int) -> dict:
        """Where this series' legend entry goes: a short line with its dash, its
        marker, and the name."""
        x0, y = WIDTH - RIGHT + 16, TOP + 6 + index * LEGEND_STEP
        return {"x1": num(x0), "x2": num(x0 + 28), "y": num(y),
                "marker": marker_path(self.marker, x0 + 14, y), "text_x": num(x0 + 36),
                "text_y": num(y + 4)}

    @property
    def last_score(self) -> int:
        return self.points[-1][2]


def _y(score: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (10 - score) / 10


def _axis_dates(dates, xs) -> list[dict]:
    step = max(1, -(-len(dates) // MAX_AXIS_LABELS))  # ceiling division
    shown = dates[::step]
    if dates[-1] not in shown:
        shown = shown[:-1] + [dates[-1]] if len(shown) > 1 else [dates[-1]]
    return [{"x": num(xs[d]), "text": date_format(d, "j-n")} for d in shown]


def scaling_chart(scalings) -> dict:
    """Chart and table data from Scaling rows (with scorer_person / scorer_user loaded)."""
    dates = sorted({s.scored_on for s in scalings})
    if not dates:
        return {"series": [], "dates": [], "rows": []}
    span = WIDTH - LEFT - RIGHT
    xs = {d: LEFT + (span * i / (len(dates) - 1) if len(dates) > 1 else span / 2)
          for i, d in enumerate(dates)}
    by_scorer: dict = {}
    for s in scalings:
        if s.scorer_person_id:
            key, name, pro = ("p", s.scorer_person_id), s.scorer_person.full_name, False
        else:
            key = ("u", s.scorer_user_id)
            name = s.scorer_user.get_full_name() or s.scorer_user.username
            pro = True
        series = by_scorer.setdefault(key, Series(name=name, is_professional=pro))
        # One score per scorer per day: the last one recorded counts.
        series.points = [p for p in series.points if p[3] != s.scored_on]
        series.points.append((xs[s.scored_on], _y(s.score), s.score, s.scored_on))
    series_list = list(by_scorer.values())
    for i, series in enumerate(series_list):
        series.points.sort(key=lambda p: p[3])
        series.dash = DASHES[i % len(DASHES)]
        series.marker = MARKERS[i % len(MARKERS)]
        series.colour = COLOURS[i % len(COLOURS)]
    for i, series in enumerate(series_list):
        series.key = series.legend(i)
    rows = [{"date": d, "scores": [next((p[2] for p in s.points if p[3] == d), None)
                                   for s in series_list]} for d in dates]
    plot_bottom = HEIGHT - BOTTOM
    return {
        "series": series_list, "dates": _axis_dates(dates, xs), "rows": rows,
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
        "axis_label_x": num(LEFT - 8), "date_label_y": num(plot_bottom + 18),
        "ticks": [{"value": v, "y": num(_y(v))} for v in TICKS],
        "last": [(s.name, s.last_score) for s in series_list],
    }
