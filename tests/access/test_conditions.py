"""The condition tree (access/conditions.py): every node type gives the same answer as
SQL (q) and in Python (holds), constants fold away when bound to a kind, and branch()
names the labelled branch that held. Checked on real rows of the safety plan and the
instrument results, whose catalogue entries map the roles used here."""

import pytest
from django.utils import timezone

from netwerkdossier.access.catalogue import kind_for
from netwerkdossier.access.conditions import (
    FALSE,
    TRUE,
    All,
    Any,
    In,
    Is,
    Labeled,
    SubjectsConsent,
)
from netwerkdossier.analysis.models import InstrumentResult

pytestmark = pytest.mark.django_db


def _results(cast):
    lotte, case, home = cast.users["lotte"], cast.case, cast.household
    made = {}
    for key, person, health, org in (
            ("mother_health", cast.mother, True, case.lead_organisation),
            ("daan_general", cast.daan, False, case.lead_organisation),
            ("lieke_rvt", cast.lieke, False, cast.skeleton.regional["rvt"])):
        made[key] = InstrumentResult.objects.create(
            household=home, case=case, person=person, instrument_key="x",
            instrument_version="1", instrument_title="X", definition={}, answers={},
            scores=[], administered_on=timezone.localdate(), health_data=health,
            recorded_by=lotte, owner_organisation=org)
    return made


def both_forms(cond, kind, objects) -> set:
    bound = cond.bind(kind)
    by_python = {k for k, o in objects.items() if bound.holds(o, kind)}
    listed = set(kind.model.objects.filter(bound.q(kind)).filter(
        pk__in=[o.pk for o in objects.values()]).values_list("pk", flat=True))
    by_sql = {k for k, o in objects.items() if o.pk in listed}
    assert by_python == by_sql, (cond, by_python, by_sql)
    return by_python


def test_every_node_type_agrees_in_sql_and_python(cast):
    kind = kind_for(InstrumentResult)
    rows = _results(cast)
    wijkteam = cast.case.lead_organisation.pk
    assert both_forms(Is("owner", wijkteam), kind, rows) == {"mother_health", "daan_general"}
    assert both_forms(In("owner", ()), kind, rows) == set()
    assert both_forms(Is("health", False), kind, rows) == {"daan_general", "lieke_rvt"}
    assert both_forms(All((Is("owner", wijkteam), Is("health", False))), kind, rows) == \
        {"daan_general"}
    assert both_forms(Any((Is("health", True), Is("owner", wijkteam))), kind, rows) == \
        {"mother_health", "daan_general"}
    rvt = cast.skeleton.regional["rvt"].pk
    same_role = Any((Labeled("a", Is("owner", wijkteam)), Labeled("b", In("owner", (rvt,)))))
    assert both_forms(same_role, kind, rows) == set(rows)  # one IN list in SQL
    assert same_role.bind(kind).branch(rows["lieke_rvt"], kind) == "b"
    nested = Any((Is("health", True), Any((Is("owner", rvt), Is("health", True)))))
    assert len(nested.bind(kind).children) == 3  # flattened, order kept
    assert both_forms(nested, kind, rows) == {"mother_health", "lieke_rvt"}
    # Consent 'delen_netwerk' in the cast: Sanne (own), Noor and Daan (by Sanne; Daan at
    # 14 also needs his own, which he did not give); Lieke none.
    assert both_forms(SubjectsConsent("delen_netwerk"), kind, rows) == {"mother_health"}
    ids = frozenset({cast.daan.pk})
    assert both_forms(SubjectsConsent("delen_netwerk", ids), kind, rows) == {"daan_general"}
    assert both_forms(SubjectsConsent("delen_netwerk", frozenset()), kind, rows) == set()


def test_constant_roles_fold_away_when_bound(cast):
    kind = kind_for(InstrumentResult)  # confidentiality is the constant NETWERK (10)
    assert Is("confidentiality", 10).bind(kind) is TRUE
    assert Is("confidentiality", 30).bind(kind) is FALSE
    assert All((Is("confidentiality", 30), Is("health", False))).bind(kind) is FALSE
    assert Any((Is("confidentiality", 10), Is("health", True))).bind(kind) is TRUE
    kept = All((Is("confidentiality", 10), Is("health", True))).bind(kind)
    assert isinstance(kept, In) and kept.role == "health"
    with pytest.raises(KeyError):
        Is("no_such_role", 1).bind(kind)


def test_branch_names_the_first_labelled_branch_that_held(cast):
    kind = kind_for(InstrumentResult)
    rows = _results(cast)
    wijkteam = cast.case.lead_organisation.pk
    rule = Any((Labeled("eigen_organisatie", Is("owner", wijkteam)),
                Labeled("zonder_gezondheid", Is("health", False)))).bind(kind)
    assert rule.branch(rows["daan_general"], kind) == "eigen_organisatie"
    assert rule.branch(rows["lieke_rvt"], kind) == "zonder_gezondheid"
    assert Labeled("x", Is("health", False)).bind(kind).branch(
        rows["mother_health"], kind) is None
