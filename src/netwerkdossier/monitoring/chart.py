"""A bar chart of one row of an indicator table over the periods, as inline SVG.

Coordinates leave here as strings with a decimal point (safety/chart.py's num): the
templates run under the Dutch locale, which would print 184.0 as "184,0" and break the
attributes. The chart repeats the row of the data table under it; a hidden cell has no
bar, only its mark ("<5" or "x"), so the chart never shows more than the table."""

from netwerkdossier.safety.chart import num

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 24, 36
BAR = "#154273"  # 9.6:1 against white


def bars(cells: list[dict], ceiling: float | None = None) -> dict:
    """cells: {"label", "value" (float or None), "text"} per period, oldest first."""
    values = [c["value"] for c in cells if c["value"] is not None]
    top = ceiling or max(values, default=0) or 1
    span = WIDTH - LEFT - RIGHT
    slot = span / max(len(cells), 1)
    width = slot * 0.6
    base = HEIGHT - BOTTOM
    drawn = []
    for i, cell in enumerate(cells):
        x = LEFT + i * slot + (slot - width) / 2
        height = (base - TOP) * (cell["value"] / top) if cell["value"] is not None else 0
        drawn.append({
            "x": num(x), "width": num(width), "y": num(base - height),
            "height": num(height), "has_bar": cell["value"] is not None and height > 0,
            "text": cell["text"], "text_x": num(x + width / 2),
            "text_y": num(base - height - 6), "label": cell["label"],
            "label_y": num(base + 18)})
    return {"width": WIDTH, "height": HEIGHT, "bars": drawn, "colour": BAR,
            "base_y": num(base), "left": num(LEFT), "right": num(WIDTH - RIGHT)}
