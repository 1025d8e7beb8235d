"""rules/retention.toml is checked at load: the project's file passes, and a typo or a
missing source in a temporary file fails with the record named."""

import pytest

from netwerkdossier.organisations.models import Organisation
from netwerkdossier.retention.rules import FILE, RetentionRulesError, load_file, ruleset

from .files import ALL_ORG_KINDS, write_rules

GOOD = """
[[rule]]
key = "jeugdwet"
label = "Jeugdwet"
org_kinds = ["wijkteam"]
clock = "help_ended"
years = 20
bound = "minimum"
source = "Jeugdwet art. 7.3.8"
confirmed = true
"""
OTHERS = [k for k in ALL_ORG_KINDS if k != "wijkteam"]


def problems_of(tmp_path, body, others=OTHERS):
    with pytest.raises(RetentionRulesError) as info:
        load_file(write_rules(tmp_path, body, others))
    assert str(info.value).startswith("retention.toml: ")
    return info.value.problems


def test_the_project_file_loads_and_covers_every_organisation_kind():
    rules = ruleset()
    assert {k for r in rules.rules for k in r.org_kinds} == set(Organisation.Kind.values)
    assert all(r.source.strip() for r in rules.rules)
    assert all(r.note.strip() for r in rules.rules if not r.confirmed)
    assert {r.key for r in rules.rules if r.confirmed} == {
        "jeugdwet", "rvdk_bescherming", "rvdk_strafrechtelijk"}
    assert "SYNTHETIC PROJECT DATA" in FILE.read_text(encoding="utf-8")


def test_the_test_helper_file_is_valid(tmp_path):
    rules = load_file(write_rules(tmp_path, GOOD))
    assert [r.key for r in rules.rules] == ["jeugdwet", "eigen_regeling"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('source = "Jeugdwet art. 7.3.8"\n', "",
     "regel 'jeugdwet' (record 1): bron (source) ontbreekt."),
    ('source = "Jeugdwet art. 7.3.8"', 'source = "  "', "bron (source) ontbreekt"),
    ('["wijkteam"]', '["wijkteams"]', "regel 'jeugdwet' (record 1): onbekende soort "
                                      "organisatie 'wijkteams'"),
    ('"help_ended"', '"help_end"', "regel 'jeugdwet' (record 1): onbekend beginmoment "
                                   "'help_end'"),
    ("years = 20", 'years = 20\ninfo_kinds = ["aantekeningen"]',
     "regel 'jeugdwet' (record 1): onbekende soort informatie 'aantekeningen'."),
    ("years = 20", 'years = 20\nwhen = "alleen_strafrecht"', "onbekende voorwaarde "
                                                              "'alleen_strafrecht'"),
    ("years = 20", "yeras = 20", "onbekende velden: yeras."),
    ("years = 20", "years = -1", "years moet een geheel getal van 0 of meer zijn."),
    ("years = 20", "years = 20.5", "years moet een geheel getal van 0 of meer zijn."),
    ('bound = "minimum"', 'bound = "ten minste"', "bound moet minimum of maximum zijn."),
    ('bound = "minimum"', 'bound = "minimum"\npermanent = true', "geef precies één termijn"),
    ("confirmed = true", "confirmed = false", "confirmed = false vraagt een toelichting"),
    ("confirmed = true", 'confirmed = "ja"', "confirmed moet true of false zijn."),
])
def test_a_bad_record_fails_at_load_naming_it(tmp_path, old, new, message):
    assert old in GOOD
    problems = problems_of(tmp_path, GOOD.replace(old, new, 1))
    assert any(message in p for p in problems), problems


def test_an_unknown_organisation_kind_also_leaves_the_real_kind_uncovered(tmp_path):
    problems = problems_of(tmp_path, GOOD.replace('["wijkteam"]', '["wijkteams"]'))
    assert len(problems) == 2
    assert "soort(en) organisatie zonder bewaarregel: wijkteam." in problems[1]


def test_an_organisation_kind_without_a_rule_fails_there_is_no_default(tmp_path):
    others = [k for k in OTHERS if k != "school"]
    problems = problems_of(tmp_path, GOOD, others)
    assert problems == ["soort(en) organisatie zonder bewaarregel: school. Voeg een regel "
                        "toe (own_law = true als hun eigen wet geldt); er is geen "
                        "standaardtermijn."]


def test_a_key_used_twice_fails(tmp_path):
    problems = problems_of(tmp_path, GOOD + GOOD)
    assert problems == ["regel 'jeugdwet' (record 2): de sleutel komt twee keer voor."]


def test_outside_names_real_kinds_with_a_reason(tmp_path):
    problems = problems_of(tmp_path, '[outside]\ntoegangslogs = "typfout"\nbijlage = ""\n'
                           + GOOD)
    assert problems == ["[outside]: onbekende soort informatie 'toegangslogs'.",
                        "[outside]: 'bijlage' heeft geen reden."]


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    body = GOOD.replace('"help_ended"', '"help_end"').replace("confirmed = true",
                                                              "confirmed = false")
    problems = problems_of(tmp_path, body)
    assert len(problems) == 2


def test_invalid_toml_fails_with_the_file_named(tmp_path):
    path = tmp_path / "retention.toml"
    path.write_text('[[rule]]\nkey = "jeugdwet\n', encoding="utf-8")
    with pytest.raises(RetentionRulesError, match="retention.toml: geen geldige TOML"):
        load_file(path)
