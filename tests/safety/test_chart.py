"""The scaling chart (issue 13, point 8): a drawable SVG under the Dutch locale, the same
numbers as its table, shapes and dashes per person, labels that do not overlap, and a
text alternative."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.safety import chart, services

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
NUMERIC = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height")


def plan_page(login, cast) -> str:
    return login("lotte").get(reverse("safety:plan", args=[cast.case.pk])).content.decode()


def svg_of(html: str) -> ET.Element:
    found = re.search(r"<svg class=\"nd-chart\".*?</svg>", html, re.S)
    assert found, "no chart on the page"
    # Our own page, rendered in this test: not untrusted input.
    return ET.fromstring(found.group(0).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))  # noqa: S314


def score(ctx_of, cast, days_ago, **scores):
    services.add_scalings(ctx_of("lotte"), cast.case,
                          scored_on=timezone.localdate() - timedelta(days=days_ago),
                          person_scores={getattr(cast, k).pk: v for k, v in scores.items()
                                         if k != "own"}, own_score=scores.get("own"))


def test_every_coordinate_is_a_number_under_the_dutch_locale(cast, ctx_of, login):
    score(ctx_of, cast, 14, mother=3, noor=4, own=5)
    score(ctx_of, cast, 0, mother=6, noor=6, own=5)
    svg = svg_of(plan_page(login, cast))
    checked = 0
    for element in svg.iter():
        for name in NUMERIC:
            if name in element.attrib:
                float(element.attrib[name])  # "184,0" would raise
                checked += 1
        if element.tag == f"{SVG}polyline":
            for pair in element.attrib["points"].split():
                x, y = pair.split(",")
                float(x), float(y)
    assert checked > 10
    for path in svg.iter(f"{SVG}path"):
        assert re.fullmatch(r"[MLahvZ0-9 .\-]+", path.attrib["d"]), path.attrib["d"]


def test_chart_and_table_hold_the_same_numbers(cast, ctx_of, login):
    score(ctx_of, cast, 7, mother=2, noor=3)
    score(ctx_of, cast, 0, mother=6, noor=7, own=5)
    html = plan_page(login, cast)
    svg = svg_of(html)
    drawn = {g.attrib["data-name"]: [int(p.attrib["data-score"]) for p in g.iter(f"{SVG}path")
                                     if "data-score" in p.attrib]
             for g in svg.iter(f"{SVG}g") if "data-name" in g.attrib}
    assert drawn == {"Sanne Jansen": [2, 6], "Noor Jansen": [3, 7], "Lotte Visser": [5]}
    table = html.split("Scores per datum")[1].split("</table>")[0]
    cells = re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', table)
    assert cells == ["2", "3", "—", "6", "7", "5"]


def test_text_alternative_names_the_latest_scores(cast, ctx_of, login):
    score(ctx_of, cast, 0, mother=6, noor=7)
    svg = svg_of(plan_page(login, cast))
    assert svg.attrib["role"] == "img"
    labelled = svg.attrib["aria-labelledby"].split()
    texts = {e.attrib.get("id"): "".join(e.itertext()) for e in svg.iter()
             if e.attrib.get("id") in labelled}
    assert texts["grafiek-titel"] == "Schaalvragen door de tijd"
    assert "Sanne Jansen 6" in texts["grafiek-uitleg"] and "Noor Jansen 7" in \
        texts["grafiek-uitleg"]


def test_people_differ_by_shape_and_dash_not_colour(cast, ctx_of, login):
    score(ctx_of, cast, 0, mother=5, father=5, noor=5, daan=5)
    svg = svg_of(plan_page(login, cast))
    series = [g for g in svg.iter(f"{SVG}g") if "data-name" in g.attrib]
    digits = str.maketrans("", "", "0123456789. -")
    shapes = {next(g.iter(f"{SVG}path")).attrib["d"].translate(digits) for g in series}
    dashes = {next(g.iter(f"{SVG}polyline")).attrib.get("stroke-dasharray", "")
              for g in series}
    assert len(shapes) == 4 and len(dashes) == 4
    # Colour is extra: four people, four colours, but shapes and dashes alone tell apart.
    assert len({next(g.iter(f"{SVG}polyline")).attrib["stroke"] for g in series}) == 4


def test_legend_shows_each_person_with_their_line_and_marker(cast, ctx_of, login):
    score(ctx_of, cast, 0, mother=5, father=5, noor=5, own=5)
    svg = svg_of(plan_page(login, cast))
    series = [g for g in svg.iter(f"{SVG}g") if "data-name" in g.attrib]
    ys = []
    for g in series:
        key = g.find(f"{SVG}g")
        assert key.find(f"{SVG}text").text == g.attrib["data-name"]
        line, marker = key.find(f"{SVG}line"), key.find(f"{SVG}path")
        drawn = g.find(f"{SVG}polyline")
        assert line.attrib.get("stroke-dasharray") == drawn.attrib.get("stroke-dasharray")
        point = next(p for p in g.iter(f"{SVG}path") if "data-score" in p.attrib)
        assert marker.attrib["fill"] == point.attrib["fill"]
        ys.append(float(key.find(f"{SVG}text").attrib["y"]))
    assert all(b - a >= chart.LEGEND_STEP for a, b in zip(ys, ys[1:], strict=False))
    assert max(ys) <= chart.HEIGHT


def test_many_dates_get_few_axis_labels_and_the_last_one(cast, ctx_of, login):
    for days_ago in range(0, 60, 3):
        score(ctx_of, cast, days_ago, noor=days_ago % 10)
    svg = svg_of(plan_page(login, cast))
    labels = [t for t in svg.iter(f"{SVG}text") if t.attrib.get("font-size") == "11"]
    assert 2 <= len(labels) <= chart.MAX_AXIS_LABELS
    today = timezone.localdate()
    assert labels[-1].text == f"{today.day}-{today.month}"


def test_no_scores_no_chart(cast, login):
    html = plan_page(login, cast)
    assert 'class="nd-chart"' not in html and "Nog geen schaalvragen ingevuld." in html
