"""A small inline SVG line chart of the 0-10 scaling scores, plus the same numbers as a
table. Each scorer gets a line with its own dash pattern and marker shape and a name
label at its end, so the chart never relies on colour alone."""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 150, 16, 36
DASHES = ["", "6 3", "2 3", "10 4 2 4", "1 4", "12 6"]
MARKERS = ["circle", "square", "diamond", "triangle"]


@dataclass
class Series:
    name: str
    points: list = field(default_factory=list)  # (x, y, score, date)
    dash: str = ""
    marker: str = "circle"
    is_professional: bool = False

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _s, _d in self.points)

    @property
    def label_x(self) -> float:
        return self.points[-1][0] + 8

    @property
    def label_y(self) -> float:
        return self.points[-1][1] + 4


def _y(score: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (10 - score) / 10


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
    rows = [{"date": d, "scores": [next((p[2] for p in s.points if p[3] == d), None)
                                   for s in series_list]} for d in dates]
    return {
        "series": series_list, "dates": [(xs[d], d) for d in dates], "rows": rows,
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": HEIGHT - BOTTOM,
        "right": WIDTH - RIGHT, "ticks": [(v, _y(v)) for v in (0, 5, 10)],
    }
