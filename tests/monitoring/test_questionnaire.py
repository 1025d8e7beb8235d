"""The pilots' questionnaire as data (rules/pilot_questionnaire.toml,
monitoring/questionnaire.py): the file loads; a bad file is refused with every problem
in Dutch; an answer is read from a form or refused in Dutch; the comparison across
regions and years on hand-built answers."""

import pytest

from netwerkdossier.monitoring import principles, questionnaire
from netwerkdossier.monitoring.models import QuestionnaireAnswer
from netwerkdossier.organisations.models import Region

GOOD = """
[[question]]
key = "a"
principle = "lerend"
text = "Hoeveel?"
type = "aantal"
max = 10
source = "Vragenlijst (test)"
synthetic = true
"""


def test_the_questionnaire_loads_with_every_principle_and_type():
    asked = questionnaire.questions()
    assert {q.principle for q in asked} == set(principles.KEYS)
    assert {q.type for q in asked} == set(questionnaire.TYPES)
    assert all(q.source and q.synthetic for q in asked)  # the wording is invented


@pytest.mark.parametrize(("text", "message"), [
    ("[[question]\nkey=", "De vragenlijst is geen geldig TOML"),
    ("", "De vragenlijst heeft geen vragen"),
    (GOOD.replace('principle = "lerend"', 'principle = "snel"'),
     "Vraag 1 (a): het principe moet een van gezinsgericht, lerend"),
    (GOOD.replace('type = "aantal"', 'type = "tekst"'), "Vraag 1 (a): het type moet een van"),
    (GOOD.replace('text = "Hoeveel?"', ""), 'Vraag 1 (a): "text" ontbreekt.'),
    (GOOD.replace("synthetic = true", 'synthetic = "ja"'), '"synthetic" moet true of false'),
    (GOOD.replace("max = 10", "max = 10\nkleur = 1"), "Vraag 1 (a): onbekend veld kleur."),
    (GOOD + GOOD, "Vraag 2 (a): de sleutel komt twee keer voor."),
    (GOOD.replace('type = "aantal"', 'type = "keuze"').replace("max = 10", ""),
     "een keuzevraag heeft minstens twee opties"),
    (GOOD.replace('type = "aantal"', 'type = "schaal"').replace("max = 10", ""),
     "een schaalvraag noemt wat 1 en 5 betekenen"),
    (GOOD.replace('type = "aantal"', 'type = "percentage"'), '"max" is een geheel getal'),
    (GOOD.replace("max = 10", 'options = [{ key = "x", label = "X" }]'),
     "alleen een keuzevraag heeft opties"),
])
def test_a_bad_file_is_refused_with_dutch_problems(text, message):
    with pytest.raises(questionnaire.QuestionnaireError) as refused:
        questionnaire.parse(text)
    assert message in " ".join(refused.value.problems)


def test_every_problem_is_listed_at_once():
    bad = GOOD.replace('principle = "lerend"', 'principle = "x"').replace(
        'source = "Vragenlijst (test)"', "")
    with pytest.raises(questionnaire.QuestionnaireError) as refused:
        questionnaire.parse(bad)
    assert len(refused.value.problems) == 2


@pytest.mark.parametrize(("key", "raw", "expected"), [
    ("leerbijeenkomsten", "12", (12, "")), ("leerbijeenkomsten", "", (None, "")),
    ("gezinsplan_met_gezin", "100", (100, "")), ("samenwerking_rvt", "1", (1, "")),
    ("cijfers_besproken", "0", (0, "")), ("inzage_gezin", "deels", (None, "deels")),
])
def test_an_answer_is_read(key, raw, expected):
    assert questionnaire.by_key()[key].read(raw) == expected


@pytest.mark.parametrize(("key", "raw", "message"), [
    ("leerbijeenkomsten", "1,5", "Vul een geheel getal in"),
    ("leerbijeenkomsten", "-1", "Vul een geheel getal in"),
    ("leerbijeenkomsten", "1001", "Vul een getal van 0 tot en met 1000 in."),
    ("gezinsplan_met_gezin", "101", "Vul een getal van 0 tot en met 100 in."),
    ("samenwerking_rvt", "0", "Vul een getal van 1 tot en met 5 in."),
    ("cijfers_besproken", "ja", "Kies ja of nee."),
    ("inzage_gezin", "misschien", "Kies een van de antwoorden."),
])
def test_a_wrong_answer_is_refused_in_dutch(key, raw, message):
    with pytest.raises(ValueError, match=message):
        questionnaire.by_key()[key].read(raw)


@pytest.mark.django_db
def test_comparison_across_regions_and_years():
    north = Region.objects.create(code="noord-t", name="Noord (synthetisch)", is_pilot=True)
    south = Region.objects.create(code="zuid-t", name="Zuid (synthetisch)", is_pilot=True)
    for region, year, key, number, choice in [
            (north, 2025, "gezinsplan_met_gezin", 50, ""),
            (north, 2026, "gezinsplan_met_gezin", 75, ""),
            (south, 2025, "gezinsplan_met_gezin", 60, ""),
            (south, 2026, "gezinsplan_met_gezin", 70, ""),
            (north, 2026, "cijfers_besproken", 1, ""),
            (south, 2026, "cijfers_besproken", 0, ""),
            (north, 2025, "inzage_gezin", None, "nee"),
            (north, 2026, "inzage_gezin", None, "ja"),
            (south, 2026, "inzage_gezin", None, "ja"),
            (south, 2025, "samenwerking_rvt", 4, "")]:
        QuestionnaireAnswer.objects.create(region=region, year=year, question=key,
                                           number=number, choice=choice)
    sections = questionnaire.compare([north, south], [2025, 2026])
    assert [s["key"] for s in sections] == list(principles.KEYS)
    tables = {t["question"].key: t for s in sections for t in s["tables"]}
    plans = tables["gezinsplan_met_gezin"]
    assert [(r["name"], r["cells"], r["change"]) for r in plans["rows"]] == [
        ("Noord (synthetisch)", ["50%", "75%"], "+25 procentpunt"),
        ("Zuid (synthetisch)", ["60%", "70%"], "+10 procentpunt")]
    assert plans["together"] == ["55,0%", "72,5%"]
    assert [b["text"] for b in plans["chart"]["bars"]] == ["75%", "70%"]
    assert tables["cijfers_besproken"]["together"] == ["–", "1 van 2 ja"]
    assert tables["cijfers_besproken"]["rows"][0]["cells"] == ["–", "ja"]
    assert tables["inzage_gezin"]["together"] == ["Nee: 1", "Ja: 2"]
    assert tables["inzage_gezin"]["chart"] is None
    rvt = tables["samenwerking_rvt"]
    assert [r["change"] for r in rvt["rows"]] == ["", ""]  # no answer in 2026
    assert rvt["together"] == ["4,0", "–"]
    assert tables["leerbijeenkomsten"]["together"] == ["–", "–"]
