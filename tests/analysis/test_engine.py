"""The instrument engine: scoring rules with exact expected scores, definitions refused
at load with clear messages, answers checked with Dutch messages."""

import pytest
from django.core.exceptions import ValidationError

from netwerkdossier.analysis import instruments as engine
from netwerkdossier.analysis.instruments import InstrumentDefinitionError, parse

BASE = {"key": "test", "title": "Test", "version": "1", "source": "eigen test",
        "licence": "test"}
FOUR = [{"value": v, "label": f"optie {v}"} for v in range(4)]
ITEMS = [
    {"key": "a", "text": "Vraag a", "type": "scale", "options": FOUR},
    {"key": "b", "text": "Vraag b", "type": "scale", "options": FOUR},
    {"key": "c", "text": "Vraag c", "type": "scale", "options": FOUR, "reverse": True},
    {"key": "d", "text": "Vraag d", "type": "yes_no"},
    {"key": "e", "text": "Vraag e", "type": "number", "min": 0, "max": 20},
]
SCALES = [
    {"key": "som", "label": "Som", "rule": "sum", "items": ["a", "b", "c"],
     "bands": [{"from": 0, "label": "Laag"}, {"from": 4, "label": "Middel"},
               {"from": 7, "label": "Hoog"}]},
    {"key": "gewogen", "label": "Gewogen", "rule": "weighted_sum", "items": ["a", "d", "e"],
     "weights": {"a": 2, "d": 3, "e": 0.5}, "decimals": 1},
    {"key": "gemiddeld", "label": "Gemiddeld", "rule": "mean", "items": ["a", "b"],
     "decimals": 2},
    {"key": "drieen", "label": "Aantal drieën", "rule": "count", "items": ["a", "b", "c"],
     "values": [3]},
    {"key": "verschil", "label": "Som min gemiddeld", "rule": "weighted_sum",
     "items": ["som", "gemiddeld"], "weights": {"som": 1, "gemiddeld": -1}, "decimals": 2},
]


def make(items=None, scales=None, **extra):
    return parse({**BASE, "item": ITEMS if items is None else items,
                  "scale": SCALES if scales is None else scales, **extra}, "test")


def scores(instrument, answers) -> dict:
    cleaned = engine.clean_answers(instrument, answers)
    return {s["key"]: (s["value"], s["band"]) for s in
            (x.as_dict() for x in engine.score(instrument, cleaned))}


def test_sum_reverse_weighted_mean_count_and_bands_exactly():
    # a=3, b=1, c=0 reversed to 3, d=ja (1), e=7
    result = scores(make(), {"a": 3, "b": "1", "c": 0, "d": "ja", "e": "7"})
    assert result["som"] == ("7", "Hoog")  # 3 + 1 + (3 - 0)
    assert result["gewogen"] == ("12.5", "")  # 2*3 + 3*1 + 0.5*7
    assert result["gemiddeld"] == ("2.00", "")  # (3 + 1) / 2
    assert result["drieen"] == ("2", "")  # a and reversed c
    assert result["verschil"] == ("5.00", "")  # 7 - 2


@pytest.mark.parametrize(("answers", "expected"), [
    ({"a": 1, "b": 1, "c": 2}, ("3", "Laag")),  # 1 + 1 + (3 - 2)
    ({"a": 2, "b": 1, "c": 2}, ("4", "Middel")),  # a threshold is inclusive
    ({"a": 3, "b": 3, "c": 3}, ("6", "Middel")),  # 3 + 3 + 0
    ({"a": 0, "b": 0, "c": 3}, ("0", "Laag")),
])
def test_thresholds_pick_the_band_from_its_lower_bound(answers, expected):
    assert scores(make(), {**answers, "d": 0, "e": 0})["som"] == expected


def test_mean_rounds_half_up_for_display_but_bands_use_the_exact_value():
    instrument = make(scales=[{"key": "m", "label": "M", "rule": "mean", "items": ["a", "b", "c"],
                               "decimals": 1,
                               "bands": [{"from": 0, "label": "onder"},
                                         {"from": 1.7, "label": "boven"}]}])
    # (1 + 1 + (3 - 0)) / 3 = 5/3 = 1.666...: shown as 1.7, but below the 1.7 band
    assert scores(instrument, {"a": 1, "b": 1, "c": 0, "d": 0, "e": 0})["m"] == ("1.7", "onder")


def test_example_veiligheidsscan_scores():
    scan = engine.get("veiligheidsscan")
    result = scores(scan, {"geweld_volwassenen": 1, "kind_geraakt": 0, "kind_bang": 1,
                           "vertrouwde_volwassene": 1, "afspraken": 1, "cijfer_kind": 6})
    assert result["signalen"] == ("2", "")  # geweld and bang; vertrouwde volwassene reversed
    # 2*1 + 2*0 + 1*1 + 1*(1-1) + 1*(2-1) = 4
    assert result["totaal"] == ("4", "Zorgelijk: bespreek dit vandaag in het team")
    assert result["cijfer"] == ("6", "")


def test_example_draagkracht_draaglast_scores():
    balance = engine.get("draagkracht_draaglast")
    result = scores(balance, {"geldzorgen": 4, "spanning": 5, "zorg_kinderen": 2, "steun": 3,
                              "aankunnen": 4, "machteloos": 5})
    assert result["draaglast"] == ("3.67", "")  # 11 / 3
    assert result["draagkracht"] == ("2.67", "")  # (3 + 4 + (6 - 5)) / 3 = 8 / 3
    assert result["zware_punten"] == ("2", "")
    assert result["balans"] == ("-1.00", "Draagkracht en draaglast zijn ongeveer in evenwicht")


def test_shipped_instruments_are_marked_as_illustrative_examples():
    shipped = engine.instruments()
    assert set(shipped) == {"veiligheidsscan", "draagkracht_draaglast"}
    for instrument in shipped.values():
        assert instrument.illustrative
        assert "niet gevalideerd" in instrument.title
        assert instrument.source and instrument.licence and instrument.version


@pytest.mark.parametrize(("change", "message"), [
    ({"scale": [{"key": "s", "rule": "sum", "items": ["a", "v9"]}]},
     "schaal 's' noemt onbekende vraag 'v9'"),
    ({"scale": [{"key": "s", "rule": "median", "items": ["a"]}]},
     "onbekende scoringsregel 'median'"),
    ({"scale": [{"key": "s", "rule": "weighted_sum", "items": ["a", "b"],
                 "weights": {"a": 1}}]},
     "precies één gewicht"),
    ({"scale": [{"key": "s", "rule": "count", "items": ["a"]}]},
     "lijst waarden (values)"),
    ({"scale": [{"key": "s", "rule": "sum", "items": ["a"],
                 "bands": [{"from": 2, "label": "x"}, {"from": 1, "label": "y"}]}]},
     "de banden moeten oplopen"),
    ({"scale": [{"key": "s", "rule": "sum", "items": ["a", "b"],
                 "bands": [{"from": 1, "label": "x"}]}]},
     "de eerste band begint bij 1, maar de laagste mogelijke score is 0"),
    ({"scale": [{"key": "a", "rule": "sum", "items": ["a"]}]},
     "schaal 'a': de sleutel is al in gebruik"),
    ({"item": [*ITEMS, {"key": "a", "text": "Nog eens a", "type": "yes_no"}]},
     "de vraag 'a' komt twee keer voor"),
    ({"item": [{"key": "x", "text": "X", "type": "scale",
                "options": [{"value": 1, "label": "een"}]}]},
     "vraag 'x' is een schaal maar heeft geen twee of meer antwoordopties"),
    ({"item": [{"key": "x", "text": "X", "type": "number", "min": 5, "max": 5}]},
     "vraag 'x' is een getal"),
    ({"item": [{"key": "x", "text": "X", "type": "number", "min": 0, "max": 5,
                "reverse": True}]},
     "alleen schaal- en ja/nee-vragen kunnen omgekeerd"),
    ({"item": [{"key": "x", "text": "X", "type": "slider"}]},
     "onbekend antwoordtype 'slider'"),
    ({"key": "anders"}, "moet gelijk zijn aan de bestandsnaam 'test'"),
    ({"licence": ""}, "het veld 'licence' ontbreekt of is leeg"),
    ({"scale": []}, "geen scoringsregels"),
])
def test_bad_definitions_are_refused_with_a_clear_message(change, message):
    raw = {**BASE, "item": ITEMS, "scale": SCALES, **change}
    with pytest.raises(InstrumentDefinitionError) as info:
        parse(raw, "test")
    assert any(message in problem for problem in info.value.problems), info.value.problems
    assert str(info.value).startswith("test: ")


def test_every_problem_is_listed_not_only_the_first():
    raw = {**BASE, "licence": "", "item": ITEMS,
           "scale": [{"key": "s", "rule": "sum", "items": ["zz"]}]}
    with pytest.raises(InstrumentDefinitionError) as info:
        parse(raw, "test")
    assert len(info.value.problems) == 2


def test_loader_refuses_a_bad_file_and_bad_toml(tmp_path):
    good = engine.INSTRUMENTS_DIR / "veiligheidsscan.toml"
    (tmp_path / "veiligheidsscan.toml").write_text(good.read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    assert set(engine.instruments(tmp_path)) == {"veiligheidsscan"}
    engine._load_dir.cache_clear()
    (tmp_path / "kapot.toml").write_text('key = "kapot"\ntitle = ', encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match="geen geldige TOML"):
        engine.instruments(tmp_path)
    (tmp_path / "kapot.toml").write_text(
        good.read_text(encoding="utf-8").replace('"kind_geraakt", "kind_bang"',
                                                 '"kind_geraakt", "v9"'), encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match="onbekende vraag 'v9'"):
        engine.load_file(tmp_path / "kapot.toml")


@pytest.mark.parametrize(("answers", "errors"), [
    ({"a": 1, "b": 1, "c": 1, "d": 1}, {"e": "Beantwoord deze vraag."}),
    ({"a": 4, "b": 1, "c": 1, "d": 1, "e": 3},
     {"a": "Kies een van de antwoorden: optie 0, optie 1, optie 2, optie 3."}),
    ({"a": 1, "b": 1, "c": 1, "d": 2, "e": 3}, {"d": "Kies een van de antwoorden: Ja, Nee."}),
    ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 21},
     {"e": "Vul een geheel getal van 0 tot en met 20 in."}),
    ({"a": 1, "b": 1, "c": 1, "d": 1, "e": "drie"},
     {"e": "Vul een geheel getal van 0 tot en met 20 in."}),
    ({"a": 1, "b": 1, "c": 1, "d": 1, "e": True},
     {"e": "Vul een geheel getal van 0 tot en met 20 in."}),
    ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 3, "z": 1},
     {"z": "Deze vraag bestaat niet in dit instrument."}),
])
def test_bad_answers_give_dutch_messages_per_question(answers, errors):
    with pytest.raises(ValidationError) as info:
        engine.clean_answers(make(), answers)
    assert {k: v[0] for k, v in info.value.message_dict.items()} == errors


def test_optional_items_may_stay_empty_and_count_as_nothing():
    scan = engine.get("veiligheidsscan")
    result = scores(scan, {"geweld_volwassenen": 0, "kind_geraakt": 0, "kind_bang": 0,
                           "vertrouwde_volwassene": 1, "afspraken": 2})
    assert result["totaal"] == ("0", "Geen signalen in deze scan")
    assert result["cijfer"] == (None, "")  # not answered: no score, not a 0


def test_system_check_names_problems_in_instrument_files(tmp_path, monkeypatch):
    from netwerkdossier.analysis import apps

    assert apps.check_instruments() == []
    (tmp_path / "kapot.toml").write_text(
        'key = "kapot"\ntitle = "K"\nversion = "1"\nsource = "s"\nlicence = "l"\n'
        '[[item]]\nkey = "a"\ntext = "A"\ntype = "yes_no"\n'
        '[[scale]]\nkey = "s"\nrule = "sum"\nitems = ["a", "b"]\n', encoding="utf-8")
    monkeypatch.setattr(engine, "INSTRUMENTS_DIR", tmp_path)
    errors = apps.check_instruments()
    assert [e.msg for e in errors] == ["kapot.toml: schaal 's' noemt onbekende vraag 'b'."]
